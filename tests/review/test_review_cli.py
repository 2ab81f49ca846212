"""The offline review round trip as people type it: keys, pack, review, import, brief."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from studio.cli import main

PACK_POST = 3  # tests/review/conftest.py


@pytest.fixture
def studio(review_template, tmp_path, capsys):
    ws_dir = tmp_path / "home-ws"
    shutil.copytree(review_template, ws_dir)

    def run(*argv, json_out=False, workspace=True):
        code = main([*(["--workspace", str(ws_dir)] if workspace else []), *map(str, argv)])
        out, err = capsys.readouterr()
        return code, (json.loads(out) if json_out and code == 0 else out), err

    return run


def test_offline_review_round_trip(studio, tmp_path, reviewer_key):
    # on the reviewer's laptop: a key, printed to be registered at home
    code, key, _ = studio("--user", "zaid", "keys", "init", "zaid", "--json", json_out=True)
    assert code == 0 and key["created"] is False  # the session's key, never replaced
    assert key["public_key"] == reviewer_key.public_key
    assert key["register_with"].endswith(f"--public-key {reviewer_key.public_key}")
    # at home: register it, export the pack
    code, out, err = studio(
        "--user",
        "amina",
        "user",
        "add",
        "zaid",
        "--role",
        "approver",
        "--public-key",
        key["public_key"],
    )
    assert code == 0, err
    assert key["fingerprint"] in out and "private key stays on their computer" in out
    pack = tmp_path / "p3.zip"
    code, made, err = studio(
        "--user",
        "amina",
        "review-pack",
        PACK_POST,
        "--out",
        pack,
        "--no-pdf",
        "--json",
        json_out=True,
    )
    assert code == 0, err
    assert made["pdf"] is False and made["files"] == 9 and len(made["content_hash"]) == 64
    # the reviewer looks and signs, with no workspace at all
    decision = tmp_path / "d.json"
    code, out, err = studio(
        "--user",
        "zaid",
        "review",
        pack,
        "--approve",
        "--comment",
        "Bon pour diffusion",
        "--out",
        decision,
        "--extract",
        tmp_path / "look",
        workspace=False,
    )
    assert code == 0, err
    assert "review pack verified" in out and made["content_hash"] in out
    assert "Exposition « Arches et lumière »" in out and "approve of post #3 signed by zaid" in out
    assert (tmp_path / "look" / "brief.docx").is_file()
    signed = json.loads(decision.read_text("utf-8"))
    assert signed["content_hash"] == made["content_hash"] and signed["signer"] == "zaid"
    # back home
    code, result, err = studio("decision", "import", decision, "--json", json_out=True)
    assert code == 0, err
    assert result["outcome"] == "applied" and result["status"]["state"] == "approved"
    code, out, _ = studio("decision", "import", decision)
    assert code == 0 and out.startswith("already imported")
    code, status, _ = studio("status", PACK_POST, "--json", json_out=True)
    assert status["approvals_valid"] == 1 and status["approvers"] == ["zaid"]
    # a tampered copy exits 1 with the reason
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**signed, "comment": "ok"}), "utf-8")
    code, _, err = studio("decision", "import", forged)
    assert code == 1 and "decision refused" in err and "does not verify" in err
    forged.write_text(decision.read_text("utf-8")[:100], "utf-8")
    code, _, err = studio("decision", "import", forged)
    assert code == 1 and "not valid JSON" in err


def test_review_refuses_bad_packs_and_half_asked_decisions(studio, tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../../outside.txt", "x")
        zf.writestr("manifest.json", "{}")
    code, _, err = studio("review", evil, "--extract", tmp_path / "x", workspace=False)
    assert code == 1 and "unsafe name" in err
    assert not (tmp_path / "x").exists() and not (tmp_path.parent / "outside.txt").exists()
    code, _, err = studio("review", evil, "--approve", workspace=False)
    assert code == 2 and "--out DECISION.json" in err
    code, _, err = studio("--user", "amina", "review-pack", 2, "--out", tmp_path / "d.zip")
    assert code == 1 and "post #2 is draft" in err


def test_user_add_refuses_a_key_that_is_not_one(studio):
    code, _, err = studio(
        "--user", "amina", "user", "add", "nadia", "--role", "approver", "--public-key", "c2hvcnQ="
    )
    assert code == 2 and "not an Ed25519 public key" in err
    code, users, _ = studio("user", "list", "--json", json_out=True)
    assert "nadia" not in [u["name"] for u in users]


def test_brief_command_writes_docx(studio, tmp_path):
    out = tmp_path / "brief.docx"
    code, result, err = studio("brief", PACK_POST, "--out", out, "--json", json_out=True)
    assert code == 0, err
    assert result["docx"] == str(out) and result["pdf"] is None
    with zipfile.ZipFile(out) as zf:
        assert "word/document.xml" in zf.namelist()
