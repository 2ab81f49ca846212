"""Content hash, signatures and the one publish gate, attacked the ways the issue lists.

Every bypass is attempted the way an attacker with the workspace file would try it: by writing
to the SQLite file with a separate connection, not through the services.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import unicodedata

import keyring
import keyring.backend
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.compat import properties

from studio.core import approval, secrets
from studio.core.approval import (
    NotPublishableError,
    canonical_json,
    make_decision,
    require_publishable,
    sign_decision,
    verify_decision,
)
from studio.core.compose import compose_text
from studio.core.users import acting_as, key_entry
from studio.core.workspace import Workspace

POST = {
    "title": "Zellige of Fès",
    "platforms": ["x", "bluesky"],
    "text": {"ar": "زليج فاس", "en": "The zellige of Fès, cut by hand."},
    "schedule_at": "2026-12-01T09:00:00+01:00",
}


def add_team(ws):
    with acting_as("amina"):
        ws.users.add("amina", "approver")
        ws.users.add("lina", "approver")
        ws.users.add("omar", "author")


def forget_keys(ws):
    for user in ws.users.list(include_removed=True):
        secrets.delete(key_entry(ws.workspace_id, user.name))


@pytest.fixture
def team(workspace):
    try:
        add_team(workspace)
        yield workspace
    finally:
        forget_keys(workspace)


def approved_post(ws, **changes) -> int:
    with acting_as("omar"):
        post_id = ws.posts.create({**POST, **changes}).id
        ws.workflow.submit(post_id)
    with acting_as("amina"):
        ws.workflow.approve(post_id)
    return post_id


def attacker(ws) -> sqlite3.Connection:
    """A second connection straight to the file, as anyone who can write it would have."""
    conn = sqlite3.connect(ws.db.path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def refused(ws, post_id, match):
    with pytest.raises(NotPublishableError, match=match):
        require_publishable(ws, post_id)
    last = ws.audit.entries(post_id=post_id)[-1]
    assert last.action == "publish.refused"


# -- canonical JSON and the content document ---------------------------------------------
def test_canonical_json_is_sorted_compact_nfc_utf8_and_refuses_floats():
    decomposed = "Fe\u0300s"  # "Fès" with a combining grave accent
    assert canonical_json({"b": decomposed, "a": [1, None, True, "زليج"]}) == (
        '{"a":[1,null,true,"زليج"],"b":"F\u00e8s"}'.encode()
    )
    assert canonical_json({"e\u0301": 1}) == '{"\u00e9":1}'.encode()
    with pytest.raises(TypeError, match="floats"):
        canonical_json({"t": 1.5})


def test_content_hash_is_recomputable_from_the_documented_form(team):
    with acting_as("omar"):
        post = team.posts.create({**POST, "hashtags": ["#Heritage"]})
    snap = approval.snapshot(team, post.id)
    targets = sorted(post.platforms)
    document = {
        "format": "heritage-studio.content.v1",
        "schedule_at": "2026-12-01T08:00:00Z",
        "targets": [
            {
                "platform": p,
                "account": None,
                "text": unicodedata.normalize("NFC", compose_text(post, p)),
                "media": [],
            }
            for p in targets
        ],
    }
    raw = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert snap.canonical == raw.encode("utf-8")
    assert snap.content_hash == hashlib.sha256(raw.encode("utf-8")).hexdigest()


def test_the_hash_moves_with_anything_published_and_only_with_that(team):
    with acting_as("omar"):
        post_id = team.posts.create(POST).id
    base = approval.snapshot(team, post_id).content_hash

    def hash_after(change):
        with acting_as("omar"):
            team.posts.update(post_id, change)
        return approval.snapshot(team, post_id).content_hash

    assert hash_after({"title": "Another internal title"}) == base
    assert hash_after({"schedule_at": "2026-12-01T08:00:00Z"}) == base  # same instant
    assert hash_after({"schedule_at": "2026-12-01T09:00:00Z"}) != base
    assert hash_after({"schedule_at": POST["schedule_at"]}) == base
    assert hash_after({"platforms": ["bluesky", "x"]}) == base  # order is not content
    assert hash_after({"platforms": ["x"]}) != base
    assert hash_after({"platforms": POST["platforms"], "hashtags": ["#Fes"]}) != base


def test_every_rendered_file_is_hashed_into_the_content(team, make_photo):
    photo = make_photo("zellige.jpg", size=(1600, 1200))
    with acting_as("omar"):
        post_id = team.posts.create(
            {**POST, "platforms": ["x", "instagram"], "media": [{"path": str(photo)}]}
        ).id
    team.library.update(1, alt={"en": "Blue and white zellige tiles"})
    snap = approval.snapshot(team, post_id)
    files = {(m.platform, m.index): m for t in snap.targets for m in t.media}
    assert set(files) == {("x", 0), ("instagram", 0)}
    for m in files.values():
        assert m.sha256 == hashlib.sha256(m.file.read_bytes()).hexdigest()
        assert m.alt == {"en": "Blue and white zellige tiles"}
    documented = {
        (t["platform"], m["index"]): m["sha256"]
        for t in snap.document["targets"]
        for m in t["media"]
    }
    assert documented == {k: m.sha256 for k, m in files.items()}
    assert approval.snapshot(team, post_id).content_hash == snap.content_hash  # cache: stable
    with acting_as("omar"):
        team.posts.update(post_id, {"media": [{"id": 1, "crop": {"instagram": "4:5"}}]})
    changed = approval.snapshot(team, post_id)
    assert changed.content_hash != snap.content_hash
    after = {(m.platform, m.index): m.sha256 for t in changed.targets for m in t.media}
    assert after[("x", 0)] == files[("x", 0)].sha256
    assert after[("instagram", 0)] != files[("instagram", 0)].sha256


def test_published_bytes_are_the_approved_bytes(team, make_photo):
    photo = make_photo("arch.jpg", size=(1200, 1200))
    alt = {"ar": "قوس", "en": "An arch"}
    post_id = approved_post(team, media=[{"path": str(photo), "alt": alt}])
    content = require_publishable(team, post_id)
    (media,) = content.targets[0].media
    assert hashlib.sha256(media.read_verified()).hexdigest() == media.sha256
    media.file.unlink()  # replaced on disk between the check and the upload
    media.file.write_bytes(b"\xff\xd8 not the approved picture")
    with pytest.raises(NotPublishableError, match="no longer has the approved content"):
        media.read_verified()
    again = require_publishable(team, post_id)  # the gate re-renders the approved bytes
    assert again.content_hash == content.content_hash


def test_library_alt_text_change_voids_an_approved_post_at_the_gate(team, make_photo):
    photo = make_photo("tile.jpg", size=(1200, 1200))
    item = team.library.import_files([photo]).imported[0].item
    team.library.update(item.id, alt={"ar": "بلاطة", "en": "A tile"})
    post_id = approved_post(team, media=[{"id": item.id}])
    team.library.update(1, alt={"en": "Changed in the library after approval"})
    refused(team, post_id, "changed after it was approved")
    assert team.posts.get(post_id).state == "draft"


@pytest.mark.slow
def test_a_video_and_its_poster_frame_are_both_in_the_hash(team, tmp_path):
    from studio.media.ffmpeg import run_ffmpeg

    clip = tmp_path / "dance.mp4"
    lavfi = ["-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=2"]
    proc = run_ffmpeg(
        ["-loglevel", "error", "-y", *lavfi, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip)],
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    with acting_as("omar"):
        post = team.posts.create({**POST, "platforms": ["x"], "media": [{"path": str(clip)}]})
    (target,) = approval.snapshot(team, post.id).targets
    (video,) = target.media
    assert video.kind == "video" and video.poster is not None
    assert video.sha256 == hashlib.sha256(video.file.read_bytes()).hexdigest()
    assert video.poster_sha256 == hashlib.sha256(video.poster.read_bytes()).hexdigest()
    assert video.to_document()["poster_sha256"] == video.poster_sha256


# -- signed decisions ------------------------------------------------------------------------
def _decision(**changes):
    fields = {
        "workspace_id": "6b384597-4151-461e-b772-a117781774ee",
        "post_id": 3,
        "round": 1,
        "content_hash": "ab" * 32,
        "decision": "approve",
        "signer": "amina",
        "signed_at": "2026-11-22T04:00:00.000+00:00",
        "comment": "Bon pour diffusion",
    }
    return make_decision(**{**fields, **changes})


def _public(key):
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def test_a_signed_decision_verifies_and_any_change_breaks_it():
    key = Ed25519PrivateKey.generate()
    signed = sign_decision(_decision(), key)
    assert verify_decision(signed, _public(key))
    assert verify_decision(json.loads(json.dumps(signed)), _public(key))  # survives JSON
    for field, value in [
        ("post_id", 4),
        ("round", 2),
        ("content_hash", "cd" * 32),
        ("decision", "request_changes"),
        ("signer", "lina"),
        ("workspace_id", "another"),
        ("comment", "Bon pour diffusion!"),
        ("signed_at", "2026-11-23T04:00:00.000+00:00"),
    ]:
        assert not verify_decision({**signed, field: value}, _public(key)), field
    assert not verify_decision(signed, _public(Ed25519PrivateKey.generate()))
    assert not verify_decision({**signed, "extra": 1}, _public(key))
    assert not verify_decision({**signed, "signature": "not base64!"}, _public(key))
    assert not verify_decision("a string", _public(key))


# -- the gate ---------------------------------------------------------------------------------
def test_the_gate_returns_exactly_the_approved_texts_and_audits_it(team):
    post_id = approved_post(team)
    content = require_publishable(team, post_id)
    post = team.posts.get(post_id)
    assert {t.platform: t.text for t in content.targets} == {
        p: compose_text(post, p) for p in post.platforms
    }
    assert content.approvers == ("amina",) and content.schedule_at == "2026-12-01T08:00:00Z"
    entry = team.audit.entries(post_id=post_id)[-1]
    assert entry.action == "publish.cleared"
    assert entry.detail["content_hash"] == content.content_hash


def test_bypass_edit_after_approval(team):
    post_id = approved_post(team)
    with acting_as("omar"):
        team.posts.set_text(post_id, "en", "Edited after approval")
    refused(team, post_id, "is draft, not approved")


def test_bypass_edit_written_straight_into_sqlite(team):
    post_id = approved_post(team)
    attacker(team).execute(
        "UPDATE post_text SET text = 'Sneaked in' WHERE post_id = ? AND lang = 'en'", (post_id,)
    )
    refused(team, post_id, "changed after it was approved")
    assert team.posts.get(post_id).state == "draft"
    voided = team.audit.entries(post_id=post_id)[-3]
    assert voided.action == "approval.voided" and "outside the post" in voided.detail["cause"]


def test_bypass_state_set_to_approved_without_any_approval(team):
    with acting_as("omar"):
        post_id = team.posts.create(POST).id
        team.workflow.submit(post_id)
    attacker(team).execute("UPDATE post SET state = 'approved' WHERE id = ?", (post_id,))
    refused(team, post_id, "0 valid approval")


def test_bypass_forged_signature(team):
    post_id = approved_post(team)
    forged = Ed25519PrivateKey.generate().sign(b"anything")
    attacker(team).execute(
        "UPDATE review_decision SET signature = ? WHERE post_id = ? AND decision = 'approve'",
        (base64.b64encode(forged).decode(), post_id),
    )
    refused(team, post_id, "0 valid approval")
    (row,) = team.workflow.status(post_id)["approvals"]
    assert row["status"] == "invalid" and "does not verify" in row["reason"]


def test_bypass_approval_row_inserted_directly(team):
    with acting_as("omar"):
        post_id = team.posts.create(POST).id
        status = team.workflow.submit(post_id)
    doc = make_decision(
        workspace_id=team.workspace_id,
        post_id=post_id,
        round=1,
        content_hash=status["content_hash"],
        decision="approve",
        signer="amina",
        signed_at="2026-11-22T04:00:00.000+00:00",
    )
    conn = attacker(team)
    conn.execute(
        "INSERT INTO review_decision (post_id, round, signer, decision, content_hash, payload, "
        "signature, created_at) VALUES (?,?,?,?,?,?,?,?)",
        (
            post_id,
            1,
            "amina",
            "approve",
            status["content_hash"],
            canonical_json(doc).decode(),
            base64.b64encode(b"\0" * 64).decode(),
            doc["signed_at"],
        ),
    )
    conn.execute("UPDATE post SET state = 'approved' WHERE id = ?", (post_id,))
    refused(team, post_id, "0 valid approval")


def test_bypass_signature_from_a_non_approver(team):
    with acting_as("omar"):
        post_id = team.posts.create(POST).id
        status = team.workflow.submit(post_id)
    doc = make_decision(
        workspace_id=team.workspace_id,
        post_id=post_id,
        round=1,
        content_hash=status["content_hash"],
        decision="approve",
        signer="omar",
        signed_at="2026-11-22T04:00:00.000+00:00",
    )
    signed = sign_decision(doc, team.users.signing_key("omar"))  # omar's real key
    conn = attacker(team)
    conn.execute(
        "INSERT INTO review_decision (post_id, round, signer, decision, content_hash, payload, "
        "signature, created_at) VALUES (?,?,?,?,?,?,?,?)",
        (
            post_id,
            1,
            "omar",
            "approve",
            status["content_hash"],
            canonical_json(doc).decode(),
            signed["signature"],
            doc["signed_at"],
        ),
    )
    conn.execute("UPDATE post SET state = 'approved' WHERE id = ?", (post_id,))
    refused(team, post_id, "0 valid approval")
    (row,) = team.workflow.status(post_id)["approvals"]
    assert row["status"] == "invalid" and "not an approver" in row["reason"]


def test_bypass_signer_role_changed_or_removed(team):
    post_id = approved_post(team)
    require_publishable(team, post_id)
    with acting_as("lina"):
        team.users.set_role("amina", "author")
    refused(team, post_id, "0 valid approval")
    with acting_as("lina"):
        team.users.set_role("amina", "approver")
    require_publishable(team, post_id)  # her signature was genuine all along
    with acting_as("lina"):
        team.users.remove("amina")
    refused(team, post_id, "0 valid approval")
    (row,) = team.workflow.status(post_id)["approvals"]
    assert "removed" in row["reason"]


def test_bypass_approval_replayed_from_another_post(team):
    first = approved_post(team)
    with acting_as("omar"):
        second = team.posts.create(POST).id  # identical content: the same content hash
        team.workflow.submit(second)
    hashes = {approval.snapshot(team, i).content_hash for i in (first, second)}
    assert len(hashes) == 1, "the replay must be over the very same hash to mean anything"
    conn = attacker(team)
    conn.execute(
        "INSERT INTO review_decision (post_id, round, signer, decision, content_hash, payload, "
        "signature, created_at) SELECT ?, round, signer, decision, content_hash, payload, "
        "signature, created_at FROM review_decision WHERE post_id = ? AND decision = 'approve'",
        (second, first),
    )
    conn.execute("UPDATE post SET state = 'approved' WHERE id = ?", (second,))
    refused(team, second, "0 valid approval")
    (row,) = team.workflow.status(second)["approvals"]
    assert row["reason"] == "signed for another post_id"


def test_bypass_approval_replayed_from_another_workspace(team, tmp_path):
    post_id = approved_post(team)
    other = Workspace(tmp_path / "other")
    try:
        with acting_as("omar"):
            copy_id = other.posts.create(POST).id
        assert copy_id == post_id
        src, dst = attacker(team), attacker(other)
        for table in ("user", "post_review", "post_author", "review_decision"):
            rows = src.execute(f"SELECT * FROM {table}").fetchall()
            marks = ",".join("?" * len(rows[0].keys()))
            dst.executemany(
                f"INSERT OR REPLACE INTO {table} VALUES ({marks})", [tuple(r) for r in rows]
            )
        dst.execute("UPDATE post SET state = 'approved' WHERE id = ?", (copy_id,))
        assert approval.snapshot(other, copy_id).content_hash == (
            approval.snapshot(team, post_id).content_hash
        )
        refused(other, copy_id, "0 valid approval")
        reasons = {d["reason"] for d in other.workflow.status(copy_id)["decisions"]}
        assert reasons == {"signed for another workspace_id"}
    finally:
        other.close()


def test_bypass_hash_columns_rewritten_to_match_new_content(team):
    post_id = approved_post(team)
    conn = attacker(team)
    conn.execute(
        "UPDATE post_text SET text = 'Sneaked' WHERE post_id = ? AND lang='en'", (post_id,)
    )
    new_hash = approval.snapshot(team, post_id).content_hash
    row = conn.execute(
        "SELECT payload FROM review_decision WHERE post_id = ? AND decision = 'approve'", (post_id,)
    ).fetchone()
    payload = json.loads(row["payload"]) | {"content_hash": new_hash}
    conn.execute("UPDATE post_review SET content_hash = ? WHERE post_id = ?", (new_hash, post_id))
    conn.execute(
        "UPDATE review_decision SET content_hash = ?, payload = ? WHERE post_id = ?",
        (new_hash, canonical_json(payload).decode(), post_id),
    )
    refused(team, post_id, "0 valid approval")


# -- the keyring --------------------------------------------------------------------------------
def test_private_keys_live_in_the_keyring_under_the_documented_name(team):
    user = team.users.get("amina")
    stored = keyring.get_password("heritage-studio", f"signing-key:{team.workspace_id}:amina")
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
    assert _public(key) == user.public_key
    assert len(base64.b64decode(stored)) == 32


class _FileKeyring(keyring.backend.KeyringBackend):
    """Stands in for keyrings.alt-style backends that write secrets to a file."""

    @properties.classproperty
    def priority(cls):
        raise RuntimeError("never chosen automatically: only set by the test")

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise AssertionError("a secret reached a non-OS backend")

    def delete_password(self, service, username):
        pass


@pytest.mark.parametrize("backend", ["null", "file"])
def test_insecure_backends_are_refused_without_storing_anything(workspace, backend):
    from keyring.backends import null

    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring() if backend == "null" else _FileKeyring())
    try:
        with pytest.raises(secrets.KeyringUnavailableError) as err:
            workspace.users.add("amina", "approver")
    finally:
        keyring.set_keyring(previous)
    assert "No secure OS keyring is available" in str(err.value)
    assert "never stores keys in files" in str(err.value)
    assert workspace.users.list() == []
