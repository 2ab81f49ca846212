"""The review commands end to end, as people use them: `studio --user NAME ...`.

Runs against the real OS keyring (``./dev test``); the no-keyring cases run the real command
in a subprocess whose session bus points nowhere.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core import secrets
from studio.core.users import key_entry
from studio.core.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
POST = {
    "title": "Zellige of Fès",
    "platforms": ["x", "bluesky"],
    "text": {"ar": "زليج فاس", "fr": "Le zellige de Fès", "en": "The zellige of Fès"},
    "hashtags": ["#Heritage"],
}


@pytest.fixture
def studio(cli):
    """`cli` plus keyring clean-up of every user the test made."""
    yield cli
    if (cli.workspace_dir / "studio.sqlite3").exists():
        with Workspace(cli.workspace_dir) as ws:
            for user in ws.users.list(include_removed=True):
                secrets.delete(key_entry(ws.workspace_id, user.name))


def team(studio):
    assert studio("--user", "amina", "user", "add", "amina", "--role", "approver")[0] == 0
    assert studio("--user", "amina", "user", "add", "lina", "--role", "approver")[0] == 0
    assert studio("--user", "amina", "user", "add", "omar", "--role", "author")[0] == 0


def create_post(studio, tmp_path, **changes) -> int:
    src = tmp_path / "post.json"
    src.write_text(json.dumps({**POST, **changes}, ensure_ascii=False), encoding="utf-8")
    code, out, err = studio("--user", "omar", "post", "create", "--from", src)
    assert code == 0, err
    return int(out)


def test_users_are_added_listed_and_managed(studio):
    team(studio)
    code, users, _ = studio("user", "list", "--json", json_out=True)
    assert code == 0
    assert [(u["name"], u["role"], u["active"]) for u in users] == [
        ("amina", "approver", True),
        ("lina", "approver", True),
        ("omar", "author", True),
    ]
    assert all(u["fingerprint"].startswith("ed25519:") for u in users)
    code, _, err = studio("--user", "omar", "user", "add", "mallory", "--role", "approver")
    assert code == 2 and "only an approver can add users" in err
    code, _, err = studio("--user", "amina", "user", "add", "lina", "--role", "author")
    assert code == 2 and "already exists" in err
    code, _, err = studio("--user", "amina", "user", "add", "bad name", "--role", "author")
    assert code == 2 and "not a usable user name" in err
    assert studio("--user", "amina", "user", "role", "omar", "approver")[0] == 0
    assert studio("--user", "amina", "user", "remove", "lina")[0] == 0
    code, users, _ = studio("user", "list", "--json", json_out=True)
    assert [(u["name"], u["role"]) for u in users] == [("amina", "approver"), ("omar", "approver")]


def test_review_flow_with_status_json(studio, tmp_path, monkeypatch):
    team(studio)
    post_id = create_post(studio, tmp_path)
    code, status, _ = studio("--user", "omar", "submit", post_id, "--json", json_out=True)
    assert code == 0 and status["state"] == "in_review"
    code, _, err = studio("--user", "omar", "approve", post_id)
    assert code == 2 and "only approvers can approve" in err
    code, _, err = studio("--user", "lina", "approve", post_id, "--expect-hash", "0" * 64)
    assert code == 2 and "not the" in err
    monkeypatch.setenv("STUDIO_USER", "lina")  # who acts, without --user
    code, out, err = studio("approve", post_id, "--comment", "Bon pour diffusion")
    assert code == 0, err
    assert "approval of post" in out and "✓ approve" in out
    code, status, _ = studio("status", post_id, "--json", json_out=True)
    assert status["state"] == "approved" and status["publishable"]
    assert len(status["content_hash"]) == 64
    (approval,) = status["approvals"]
    assert {k: approval[k] for k in ("signer", "status", "valid", "comment")} == {
        "signer": "lina",
        "status": "valid",
        "valid": True,
        "comment": "Bon pour diffusion",
    }
    assert approval["signed_at"].startswith("20")
    assert status["comments"] == [
        {
            "signer": "lina",
            "decision": "approve",
            "signed_at": approval["signed_at"],
            "comment": "Bon pour diffusion",
        }
    ]


def test_request_changes_needs_a_comment_and_withdraw(studio, tmp_path):
    team(studio)
    post_id = create_post(studio, tmp_path)
    studio("--user", "omar", "submit", post_id)
    with pytest.raises(SystemExit) as exited:  # argparse: --comment is required
        studio("--user", "amina", "request-changes", post_id)
    assert exited.value.code == 2
    code, _, err = studio("--user", "amina", "request-changes", post_id, "--comment", " ")
    assert code == 2 and "--comment TEXT is required" in err
    code, out, _ = studio(
        "--user", "amina", "request-changes", post_id, "--comment", "Add the photo credit"
    )
    assert code == 0 and "changes_requested" in out and "Add the photo credit" in out
    code, status, _ = studio("--user", "omar", "withdraw", post_id, "--json", json_out=True)
    assert status["state"] == "withdrawn"
    code, _, err = studio("--user", "omar", "submit", post_id)
    assert code == 2 and "is withdrawn; it cannot become in_review" in err


def test_editing_an_approved_post_voids_it_and_audit_shows_it(studio, tmp_path):
    team(studio)
    post_id = create_post(studio, tmp_path)
    studio("--user", "omar", "submit", post_id)
    studio("--user", "amina", "approve", post_id)
    edit = tmp_path / "edit.json"
    edit.write_text(json.dumps({"text": {**POST["text"], "en": "Edited"}}), encoding="utf-8")
    assert studio("--user", "omar", "post", "edit", post_id, "--from", edit)[0] == 0
    code, status, _ = studio("status", post_id, "--json", json_out=True)
    assert status["state"] == "draft" and status["approvals"][0]["status"] == "void"
    code, entries, _ = studio("audit", "--json", "--post", post_id, json_out=True)
    assert [e["action"] for e in entries][-2:] == ["approval.voided", "post.state_changed"]
    assert entries[-2]["detail"]["changed"] == ["text.bluesky", "text.x"]
    code, out, _ = studio("audit", "verify")
    assert code == 0 and "audit trail intact" in out


def test_audit_verify_exits_1_naming_the_broken_entry(studio, tmp_path):
    team(studio)
    create_post(studio, tmp_path)
    conn = sqlite3.connect(studio.workspace_dir / "studio.sqlite3")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    conn.commit()
    conn.close()
    code, _, err = studio("audit", "verify")
    assert code == 1 and "broken at entry #2" in err and "altered" in err
    code, result, _ = studio("audit", "verify", "--json", json_out=True)
    assert code == 1 and result["broken_entry"] == 2 and result["ok"] is False


def test_no_private_key_material_anywhere_in_the_workspace(studio, tmp_path):
    team(studio)
    post_id = create_post(studio, tmp_path)
    studio("--user", "omar", "submit", post_id)
    studio("--user", "amina", "approve", post_id, "--comment", "ok")
    studio("--user", "lina", "status", post_id, "--json")
    studio("audit", "--json")
    with Workspace(studio.workspace_dir) as ws:
        keys = [secrets.fetch(key_entry(ws.workspace_id, u.name)) for u in ws.users.list()]
    assert len(keys) == 3
    needles = []
    for b64 in keys:
        raw = base64.b64decode(b64)
        needles += [raw, b64.encode(), raw.hex().encode(), base64.urlsafe_b64encode(raw)]
    files = [p for p in studio.workspace_dir.rglob("*") if p.is_file()]
    assert any(p.name.startswith("studio.sqlite3") for p in files)
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"private key material in {path}"


def _studio_subprocess(ws_dir, env_changes, *argv):
    env = {**os.environ, **env_changes}
    return subprocess.run(
        [sys.executable, "-m", "studio", "--workspace", str(ws_dir), *argv],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env",
    [
        {
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        },
        {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"},
        {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
    ],
    ids=["fail-backend", "no-session-bus", "null-backend"],
)
def test_without_a_keyring_the_message_is_clear_and_nothing_is_written(tmp_path, env):
    result = _studio_subprocess(
        tmp_path / "ws", env, "--user", "amina", "user", "add", "amina", "--role", "approver"
    )
    assert result.returncode == 2, result.stderr
    assert "No secure OS keyring is available (" in result.stderr
    assert "Heritage Studio never stores keys in files" in result.stderr
    assert "GNOME Keyring/KWallet" in result.stderr
    assert "Traceback" not in result.stderr
    listed = _studio_subprocess(tmp_path / "ws", env, "user", "list", "--json")
    assert json.loads(listed.stdout) == []


@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus-run-session and gnome-keyring-daemon (./dev test installs them)",
)
def test_a_locked_keyring_is_reported_not_worked_around(tmp_path):
    home = tmp_path / "home"  # a fresh home: no login keyring, and no prompter to make one
    home.mkdir()
    script = (
        "gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; "
        f'exec "{sys.executable}" -m studio --workspace "{tmp_path / "ws"}" '
        "--user amina user add amina --role approver"
    )
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    result = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "No secure OS keyring is available (" in result.stderr
    assert "never stores keys in files" in result.stderr
