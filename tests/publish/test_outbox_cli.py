"""`studio publish`, `studio outbox ...`, `studio pause|resume` as a user types them."""

from __future__ import annotations

import io
import json

from contract.noticeboard import NoticeboardServer
from test_outbox_support import forget_secrets

from studio.core.workspace import Workspace

DELIVERY_FIELDS = {
    "id", "post", "account", "platform", "round", "state", "attempts", "scheduled_at",
    "next_at", "remote_id", "url", "error", "progress", "progress_message", "may_have_posted",
    "content_hash", "key", "created_at", "updated_at", "sent_at",
}  # fmt: skip


def _approved(cli, tmp_path, accounts, name="post.json", **extra):
    data = {"title": "t", "platforms": ["mastodon"], "text": {"en": "Hello"}, **extra}
    (tmp_path / name).write_text(json.dumps({**data, "accounts": accounts}))
    code, out, err = cli("--user", "omar", "post", "create", "--from", tmp_path / name)
    assert code == 0, err
    post_id = out.strip().split()[-1].lstrip("#")
    assert cli("--user", "omar", "submit", post_id)[0] == 0
    assert cli("--user", "amina", "approve", post_id)[0] == 0
    return post_id


def test_publish_pause_run_retry_through_the_cli(cli, tmp_path, monkeypatch):
    run_args = ("outbox", "run", "--until-idle", "--backoff", "0.01", "--poll", "0.02")
    with NoticeboardServer(tokens=("good",)) as board:
        try:
            cli("--user", "amina", "user", "add", "amina", "--role", "approver")
            cli("--user", "amina", "user", "add", "omar", "--role", "author")
            assert cli(
                "accounts", "add", "folder", "exp", "--server", tmp_path / "out",
                "--option", "platform=mastodon",
            )[0] == 0  # fmt: skip
            monkeypatch.setattr("sys.stdin", io.StringIO("stale"))
            add = ("accounts", "add", "noticeboard", "nb", "--server", board.url)
            assert cli(*add, "--secret-stdin")[0] == 0

            lonely = _approved(cli, tmp_path, [], name="lonely.json")
            code, _, err = cli("publish", lonely)
            assert code == 2 and "no publishing account for mastodon" in err
            post_id = _approved(cli, tmp_path, ["exp", "nb"])
            code, _, err = cli("publish", post_id, "--at", "2030-01-01T09:00")
            assert code == 2 and "has no time zone" in err

            code, out, _ = cli("pause", "--reason", "statement pending")
            assert code == 0 and "PUBLISHING PAUSED" in out and "statement pending" in out
            code, out, _ = cli("publish", post_id, "--json", json_out=True)
            assert code == 0 and out["state"] == "scheduled"
            assert out["paused"]["reason"] == "statement pending"
            assert [d["state"] for d in out["deliveries"]] == ["queued", "queued"]
            assert set(out["deliveries"][0]) == DELIVERY_FIELDS
            code, out, _ = cli("outbox")
            assert out.startswith("PUBLISHING PAUSED") and out.count("queued") == 2
            code, out, _ = cli(*run_args, "--json", json_out=True)
            assert code == 0 and out["paused"] and out["attempts"] == 0

            assert "resumed" in cli("resume")[1]
            code, out, _ = cli(*run_args, "--json", json_out=True)
            assert code == 1  # the stale token failed
            states = {d["account"]: d for d in out["deliveries"]}
            assert states["exp"]["state"] == "sent" and states["exp"]["url"].startswith("file:")
            failed = states["nb"]
            assert failed["state"] == "failed" and failed["error"]["kind"] == "auth"
            assert "invalid token" in failed["error"]["message"]
            code, out, _ = cli("outbox", "--json", json_out=True)
            assert out["paused"] is None and len(out["deliveries"]) == 2
            assert cli("post", "show", post_id, "--json", json_out=True)[1]["state"] == "failed"

            code, _, err = cli("outbox", "resolve", str(failed["id"] - 1), "--not-posted")
            assert code == 2 and "resolve is for uncertain" in err
            code, _, err = cli("outbox", "release", str(failed["id"]))
            assert code == 2 and "not held" in err
            board.tokens.add("stale")  # the user renewed the token on the platform
            code, out, _ = cli("outbox", "retry", str(failed["id"]))
            assert code == 0 and "queued" in out
            assert cli(*run_args)[0] == 0
            shown = cli("post", "show", post_id, "--json", json_out=True)[1]
            assert shown["state"] == "published" and shown["accounts"] == ["exp", "nb"]
            assert len(board.notices) == 1

            code, out, _ = cli("outbox", "policy", "ask", "--grace", "5")
            assert code == 0 and "over 5 min" in out
            actions = [e["action"] for e in cli("audit", "--json", json_out=True)[1]]
            for action in ("outbox.paused", "outbox.resumed", "outbox.enqueued",
                           "publish.attempted", "publish.outcome", "outbox.retried",
                           "outbox.policy_changed", "account.added"):  # fmt: skip
                assert action in actions
        finally:
            with Workspace(cli.workspace_dir) as ws:
                forget_secrets(ws)
