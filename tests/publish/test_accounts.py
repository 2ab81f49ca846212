"""Accounts: the migration, the CLI, the keyring as the only home of secrets.

The last test runs a whole publishing flow through the CLI and then searches every file of
the workspace, the export folder, the captured output and the log records for the secrets.
"""

from __future__ import annotations

import io
import json
import logging
import secrets as pysecrets
import sqlite3
import zipfile

import keyring
import keyring.backends.fail
import pytest
from contract.noticeboard import NoticeboardServer
from test_outbox_support import forget_secrets, make_team

from studio.core import secrets
from studio.core.accounts import AccountError, secret_entry
from studio.core.db import Database
from studio.core.migrations import MIGRATIONS
from studio.core.workspace import Workspace
from studio.publish.accounts import add_account


@pytest.fixture
def team(workspace):
    yield from make_team(workspace)


def test_v3_migration_keeps_posts_and_adds_the_publishing_tables(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    db = Database(root / "studio.sqlite3", MIGRATIONS[:2])
    with db.transaction() as conn:
        conn.execute("INSERT INTO post (title, created_at, updated_at) VALUES ('old', 'x', 'x')")
    db.close()
    with Workspace(root) as ws:
        assert ws.db.schema_version == 3
        post = ws.posts.get(1)
        assert post.title == "old" and post.accounts == [] and ws.accounts.list() == []
        assert ws.outbox.list() == []
    backup = sqlite3.connect(root / "studio.sqlite3.before-v3")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
    backup.close()


def test_accounts_cli_add_list_test_remove(cli, monkeypatch):
    with NoticeboardServer(tokens=("tok-123456",)) as board:
        monkeypatch.setattr("sys.stdin", io.StringIO("tok-123456\n"))
        try:
            code, out, err = cli(
                "accounts",
                "add",
                "noticeboard",
                "embassy-nb",
                "--server",
                board.url,
                "--handle",
                "embassy",
                "--lang",
                "fr",
                "--option",
                "timeout=5",
                "--secret-stdin",
                "--json",
                json_out=True,
            )
            assert code == 0, err
            assert out["serves"] == "mastodon" and out["options"] == {"timeout": "5"}
            code, listed, _ = cli("accounts", "list", "--json", json_out=True)
            assert [a["name"] for a in listed] == ["embassy-nb"]
            assert "tok-123456" not in json.dumps(listed)
            code, info, err = cli("accounts", "test", "embassy-nb", "--json", json_out=True)
            assert code == 0 and info["handle"] == "embassy" and info["ok"]
            assert info["limits"] == {"max_characters": 500}
            assert board.requests[-1].headers["authorization"] == "Bearer tok-123456"
            code, out, err = cli("accounts", "add", "noticeboard", "embassy-nb", "--secret-stdin")
            assert code == 2 and "already exists" in err
            code, out, err = cli("accounts", "remove", "embassy-nb")
            assert code == 0 and "deleted from the OS keyring" in out
            code, out, err = cli("accounts", "test", "embassy-nb")
            assert code == 2 and "no account 'embassy-nb'" in err
        finally:
            with Workspace(cli.workspace_dir) as ws:
                forget_secrets(ws)
                assert not secrets.exists(secret_entry(ws.workspace_id, "embassy-nb"))


def test_a_refused_token_is_reported_without_the_token(cli, monkeypatch):
    with NoticeboardServer(tokens=("right",)) as board:
        monkeypatch.setattr("sys.stdin", io.StringIO("wrong-secret-value"))
        try:
            code, _, err = cli(
                "accounts", "add", "noticeboard", "nb", "--server", board.url, "--secret-stdin"
            )
            assert code == 0, err
            code, out, err = cli("accounts", "test", "nb")
            assert code == 2 and "invalid token" in err and "sign in again" in err
            assert "wrong-secret-value" not in out + err
        finally:
            with Workspace(cli.workspace_dir) as ws:
                forget_secrets(ws)


def test_options_that_look_like_secrets_or_another_platform_are_refused(team):
    with pytest.raises(AccountError, match="looks like a secret"):
        add_account(team, "folder", "f", secret=None, options={"platform": "x", "token": "t"})
    with pytest.raises(AccountError, match="serve mastodon posts"):
        add_account(team, "noticeboard", "nb", secret="abcdef", options={"platform": "x"})
    assert team.accounts.list(include_removed=True) == []


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_nothing_is_stored_anywhere(cli, monkeypatch, no_keyring):
    monkeypatch.setattr("sys.stdin", io.StringIO("keep-me-out-of-files"))
    code, _out, err = cli(
        "accounts", "add", "noticeboard", "nb", "--server", "http://127.0.0.1:9", "--secret-stdin"
    )
    assert code == 2 and "No secure OS keyring is available" in err
    assert "never stores keys in files" in err
    with Workspace(cli.workspace_dir) as ws:
        assert ws.accounts.list(include_removed=True) == []
    # A folder export needs no secret, so it works without a keyring, and is removed cleanly.
    code, out, err = cli(
        "accounts",
        "add",
        "folder",
        "exp",
        "--server",
        cli.workspace_dir.parent / "exp",
        "--option",
        "platform=x",
        "--json",
        json_out=True,
    )
    assert code == 0 and out["has_secret"] is False, err
    assert cli("accounts", "test", "exp")[0] == 0
    assert cli("accounts", "remove", "exp")[0] == 0
    for path in cli.workspace_dir.rglob("*"):
        if path.is_file():
            assert b"keep-me-out-of-files" not in path.read_bytes()


@pytest.mark.slow  # a whole flow: users, accounts, two posts, review packs, briefs, publish
def test_a_full_run_leaves_no_secret_in_files_logs_or_output(cli, monkeypatch, tmp_path, caplog):
    good = "nb-" + pysecrets.token_urlsafe(24)
    bad = "nb-" + pysecrets.token_urlsafe(24)
    caplog.set_level(logging.DEBUG)
    outputs: list[str] = []

    def run(*argv, stdin=None):
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code, out, err = cli(*argv)
        outputs.extend([out, err])
        return code, out, err

    exports = tmp_path / "exports"
    post = {
        "title": "Zellige",
        "platforms": ["mastodon"],
        "text": {"en": "The zellige of Fès."},
        "accounts": ["nb", "export"],
    }
    (tmp_path / "post.json").write_text(json.dumps(post))
    (tmp_path / "post2.json").write_text(json.dumps({**post, "accounts": ["nb-bad"]}))
    with NoticeboardServer(tokens=(good,)) as board:
        try:
            assert run("--user", "amina", "user", "add", "amina", "--role", "approver")[0] == 0
            assert run("--user", "amina", "user", "add", "omar", "--role", "author")[0] == 0
            url = board.url
            add = ("accounts", "add", "noticeboard")
            assert run(*add, "nb", "--server", url, "--secret-stdin", stdin=good)[0] == 0
            assert run(*add, "nb-bad", "--server", url, "--secret-stdin", stdin=bad)[0] == 0
            assert (
                run(
                    "accounts",
                    "add",
                    "folder",
                    "export",
                    "--server",
                    str(exports),
                    "--option",
                    "platform=mastodon",
                )[0]
                == 0
            )
            assert run("accounts", "test", "nb")[0] == 0
            assert run("accounts", "test", "nb-bad")[0] == 2
            for source in ("post.json", "post2.json"):
                _code, out, _ = run("--user", "omar", "post", "create", "--from", tmp_path / source)
                post_id = out.strip().split()[-1].lstrip("#")
                code, _out, err = run("--user", "omar", "submit", post_id)
                assert code == 0, err
                pack = exports / f"pack-{post_id}.zip"
                assert run("review-pack", post_id, "--out", pack)[0] == 0
                assert run("brief", post_id, "--out", exports / f"brief-{post_id}.docx")[0] == 0
                assert run("--user", "amina", "approve", post_id)[0] == 0
                run("publish", post_id, "--wait", "--json")
            run("outbox", "--json")
            run("outbox")
            run("audit", "--json")
            run("accounts", "list", "--json")
            assert len(board.notices) == 1  # the good account posted; the bad one failed
            with Workspace(cli.workspace_dir) as ws:
                states = sorted(d.state for d in ws.outbox.list())
                assert states == ["failed", "sent", "sent"]
                assert secrets.fetch(secret_entry(ws.workspace_id, "nb")) == good  # control
        finally:
            with Workspace(cli.workspace_dir) as ws:
                forget_secrets(ws)
    files = [p for root in (cli.workspace_dir, exports) for p in root.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files) and any(p.name == "post.json" for p in files)
    haystacks = [p.read_bytes() for p in files]
    for p in files:  # review packs and briefs are zips: search what is inside too
        if p.suffix in (".zip", ".docx"):
            with zipfile.ZipFile(p) as zf:
                haystacks += [zf.read(n) for n in zf.namelist()]
    assert any(p.name.startswith("pack-") for p in files)
    haystacks += [o.encode() for o in outputs]
    haystacks += [r.getMessage().encode() for r in caplog.records]
    assert any(b"nb-bad" in h for h in haystacks)  # the search does find what is there
    for secret in (good, bad):
        for h in haystacks:
            assert secret.encode() not in h


def test_browser_sign_in_and_refreshed_tokens_go_back_to_the_keyring(cli, monkeypatch):
    import requests

    with NoticeboardServer(tokens=()) as board:
        opened: list[str] = []

        def browser(url: str) -> bool:  # the user's browser: they click "allow"
            opened.append(url)
            return requests.get(url, timeout=10).ok

        monkeypatch.setattr("webbrowser.open", browser)
        try:
            code, out, err = cli(
                "accounts", "add", "noticeboard-oauth", "nb", "--server", board.url
            )
            assert code == 0, err
            assert "opening your browser" in err and opened[0].startswith(board.url)
            with Workspace(cli.workspace_dir) as ws:
                entry = secret_entry(ws.workspace_id, "nb")
            first = json.loads(secrets.fetch(entry))
            assert first["access_token"] in board.tokens
            board.expire(first["access_token"])
            code, out, err = cli("accounts", "test", "nb")
            assert code == 0, err
            renewed = json.loads(secrets.fetch(entry))
            assert renewed["access_token"] != first["access_token"]
            assert renewed["access_token"] in board.tokens  # what the platform now accepts
            assert first["access_token"] not in out + err and renewed["access_token"] not in out
        finally:
            with Workspace(cli.workspace_dir) as ws:
                forget_secrets(ws)


def test_sign_in_with_an_app_client_secret_from_stdin(cli, monkeypatch):
    """YouTube's sign-in needs the app's client secret: piped, never an option or a file."""
    import requests
    from contract.youtube import YouTubeServer

    with YouTubeServer() as yt:
        monkeypatch.setattr("webbrowser.open", lambda url: requests.get(url, timeout=10).ok)
        monkeypatch.setattr("sys.stdin", io.StringIO("not-the-secret\n"))
        code, _out, err = cli(
            "accounts", "add", "youtube", "yt-bad", "--server", yt.url,
            "--option", f"client_id={yt.CLIENT_ID}", "--secret-stdin",
        )  # fmt: skip
        assert code != 0 and "sign-in failed" in err and "not-the-secret" not in err
        monkeypatch.setattr("sys.stdin", io.StringIO(yt.CLIENT_SECRET + "\n"))
        try:
            code, _out, err = cli(
                "accounts", "add", "youtube", "yt", "--server", yt.url,
                "--option", f"client_id={yt.CLIENT_ID}", "--secret-stdin",
            )  # fmt: skip
            assert code == 0, err
            with Workspace(cli.workspace_dir) as ws:
                bundle = json.loads(secrets.fetch(secret_entry(ws.workspace_id, "yt")))
                assert bundle["client_secret"] == yt.CLIENT_SECRET and bundle["access_token"]
                assert yt.CLIENT_SECRET not in json.dumps(ws.accounts.get("yt").to_json())
        finally:
            with Workspace(cli.workspace_dir) as ws:
                forget_secrets(ws)
