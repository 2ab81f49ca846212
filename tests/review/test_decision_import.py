"""Importing decisions signed on another computer: the one honest path, and every hostile one.

Zaid's key is a real reviewer key in the real OS keyring (``keys init``); the workspace knows
only its public half. Every refusal must leave the post, its decisions and the audit log as
they were.
"""

from __future__ import annotations

import json

import pytest

from studio.core import approval, audit
from studio.core.approval import make_decision, set_required_approvals, sign_decision
from studio.core.users import UserError, acting_as
from studio.core.workspace import Workspace
from studio.review.decision_import import DecisionRefused, import_decision
from studio.review.offline import OfflineReviewError, sign_pack_decision
from studio.review.pack_verify import open_pack

PACK_POST, OTHER_POST = 3, 1  # both in review (tests/review/conftest.py)


def signed(pack_path, decision="approve", comment="Bon pour diffusion", signer="zaid") -> bytes:
    doc = sign_pack_decision(open_pack(pack_path), decision, comment, signer).document
    return json.dumps(doc, ensure_ascii=False).encode()


def snapshot_of(ws, post_id=PACK_POST):
    rows = ws.db.conn.execute("SELECT COUNT(*) FROM review_decision").fetchone()[0]
    state = ws.db.conn.execute("SELECT state FROM post WHERE id = ?", (post_id,)).fetchone()
    return state and state[0], rows, len(ws.audit.entries())


def refused(ws, data, match, post_id=PACK_POST):
    before = snapshot_of(ws, post_id)
    with pytest.raises(DecisionRefused, match=match):
        import_decision(ws, data)
    assert snapshot_of(ws, post_id) == before
    assert ws.audit.verify().ok


def test_offline_approval_counts_like_a_local_one_and_only_once(with_reviewer, template_pack):
    ws = with_reviewer
    data = signed(template_pack)
    result = import_decision(ws, data)
    assert result.outcome == "applied"
    status = result.status
    assert status["state"] == "approved" and status["publishable"]
    (approval_,) = status["approvals"]
    assert (approval_["signer"], approval_["status"], approval_["comment"]) == (
        "zaid",
        "valid",
        "Bon pour diffusion",
    )
    entries = ws.audit.entries(post_id=PACK_POST)
    signed_entry = next(e for e in entries if e.action == "approval.signed")
    assert signed_entry.actor == "zaid" and signed_entry.detail["imported"] is True
    assert entries[-1].action == "post.state_changed" and entries[-1].detail["to"] == "approved"
    approval.require_publishable(ws, PACK_POST)  # the publish gate accepts it
    before = snapshot_of(ws)
    again = import_decision(ws, data)
    assert again.outcome == "already_imported"
    assert again.status["approvals_valid"] == 1 and snapshot_of(ws) == before


def test_two_required_approvals_mix_offline_and_local(with_reviewer, template_pack):
    ws = with_reviewer
    with acting_as("amina"):
        set_required_approvals(ws, 2)
    status = import_decision(ws, signed(template_pack)).status
    assert (status["state"], status["approvals_valid"], status["approvals_required"]) == (
        "in_review",
        1,
        2,
    )
    with acting_as("lina"):
        status = ws.workflow.approve(PACK_POST)
    assert status["state"] == "approved" and status["approvers"] == ["zaid", "lina"]


def test_offline_request_for_changes(with_reviewer, template_pack):
    ws = with_reviewer
    with pytest.raises(OfflineReviewError, match="--comment"):
        signed(template_pack, "request_changes", comment=" ")
    result = import_decision(ws, signed(template_pack, "request_changes", "Créditer le musée"))
    assert result.status["state"] == "changes_requested"
    assert result.status["comments"][-1]["comment"] == "Créditer le musée"


def test_tampered_comment_and_redirected_post_are_refused(with_reviewer, template_pack):
    ws = with_reviewer
    doc = json.loads(signed(template_pack))
    for field, value in (("comment", "Approved, all of it"), ("post_id", 1), ("round", 2)):
        forged = json.dumps({**doc, field: value}).encode()
        refused(ws, forged, "signature does not verify")


def test_a_decision_for_another_post_does_not_apply(with_reviewer, template_pack):
    ws = with_reviewer
    pack = open_pack(template_pack)
    key = ws.users.signing_key("lina")  # a genuine approver, signing for post 1 (in review)
    doc = make_decision(
        workspace_id=ws.workspace_id,
        post_id=OTHER_POST,
        round=pack.round,
        content_hash=pack.content_hash,  # post 3's content
        decision="approve",
        signer="lina",
        signed_at="2026-11-22T08:00:00.000+00:00",
    )
    refused(ws, json.dumps(sign_decision(doc, key)).encode(), "submitted as", OTHER_POST)


def test_a_decision_from_an_old_round_is_refused(with_reviewer, template_pack):
    ws = with_reviewer
    data = signed(template_pack)
    with acting_as("lina"):
        ws.workflow.request_changes(PACK_POST, comment="Add the museum credit")
    with acting_as("omar"):
        ws.workflow.submit(PACK_POST)  # round 2, same content
    refused(ws, data, "round 1 .* now in round 2")


def test_a_decision_for_another_workspace_is_refused(with_reviewer, template_pack, tmp_path):
    data = signed(template_pack)
    other = Workspace(tmp_path / "other-ws")
    try:
        refused(other, data, "is for workspace .* this is")
    finally:
        other.close()


def test_signers_who_may_not_decide_are_refused(reviewed, reviewer_key, template_pack):
    ws = reviewed
    data = signed(template_pack)
    refused(ws, data, "'zaid', who is not a user of this workspace")
    with acting_as("amina"):
        ws.users.add("zaid", "author", public_key=reviewer_key.public_key)
    refused(ws, data, "only approvers can approve")
    with acting_as("amina"):
        ws.users.set_role("zaid", "approver")
        ws.users.remove("zaid")
    refused(ws, data, "was removed")


def test_an_author_cannot_approve_their_own_post_offline(with_reviewer, template_pack):
    ws = with_reviewer
    with pytest.raises(OfflineReviewError, match="authors cannot decide"):
        signed(template_pack, signer="omar")
    with acting_as("amina"):
        ws.users.set_role("omar", "approver")  # even as an approver, omar wrote post 3
    pack = open_pack(template_pack)
    doc = make_decision(
        workspace_id=ws.workspace_id,
        post_id=PACK_POST,
        round=pack.round,
        content_hash=pack.content_hash,
        decision="approve",
        signer="omar",
        signed_at="2026-11-22T08:00:00.000+00:00",
    )
    forged = sign_decision(doc, ws.users.signing_key("omar"))
    refused(ws, json.dumps(forged).encode(), "authors cannot approve their own post")


def test_content_changed_since_the_pack_voids_instead_of_approving(with_reviewer, template_pack):
    ws = with_reviewer
    data = signed(template_pack)
    post = ws.posts.get(PACK_POST)
    item = ws.library.get(post.media[1].media_id)
    ws.library.update(item.id, alt={**item.alt, "en": "Girih pattern, recoloured"})
    with pytest.raises(DecisionRefused, match="changed after it was submitted"):
        import_decision(ws, data)
    assert ws.posts.get(PACK_POST).state == "draft"
    assert ws.audit.entries(post_id=PACK_POST)[-2].action == "approval.voided"
    assert approval.check_decisions(ws, approval.review_of(ws, PACK_POST), None)[-1].signer == (
        "omar"
    )  # nothing of zaid's was stored


def test_an_edited_post_refuses_the_decision(with_reviewer, template_pack):
    ws = with_reviewer
    data = signed(template_pack)
    with acting_as("omar"):
        ws.posts.set_text(PACK_POST, "en", "Exhibition “Arches and Light”: now until 31 December.")
    refused(ws, data, "is draft; only a post in review can be approved")


def test_a_forged_pack_gets_a_decision_that_is_refused(with_reviewer, template_pack, tmp_path):
    """A reviewer tricked into approving other content: the hash is not the post's."""
    import zipfile

    ws = with_reviewer
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(template_pack) as zin, zipfile.ZipFile(forged, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "manifest.json":
                doc = json.loads(data)
                doc["content"]["targets"][0]["text"] = "Entrée payante."
                doc["content_hash"] = approval.sha256_hex(approval.canonical_json(doc["content"]))
                data = json.dumps(doc).encode()
            zout.writestr(info, data)
    refused(ws, signed(forged), "was submitted as")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"format": "heritage-studio.decision.v1", "workspace_id": "', "not valid JSON"),
        (b"\xff\xfe not utf-8", "not valid JSON"),
        (b"[1, 2, 3]", "a JSON object is expected"),
        (b'{"format": "heritage-studio.decision.v1"}', "missing comment"),
        (b" " * 70_000, "larger than"),
        (b'{"comment": "ok", "comment": "ok"}', "'comment' appears twice"),
    ],
)
def test_malformed_decision_files_are_refused(with_reviewer, data, reason):
    refused(with_reviewer, data, reason)


def test_wrong_field_types_and_kinds_are_refused(with_reviewer, template_pack):
    ws = with_reviewer
    doc = json.loads(signed(template_pack))
    refused(ws, json.dumps({**doc, "post_id": "3"}).encode(), "'post_id' must be a whole number")
    refused(ws, json.dumps({**doc, "extra": 1}).encode(), "unexpected extra")
    refused(ws, json.dumps({**doc, "format": "v0"}).encode(), "format 'v0'")
    pack = open_pack(template_pack)
    sub = make_decision(
        workspace_id=ws.workspace_id,
        post_id=PACK_POST,
        round=pack.round,
        content_hash=pack.content_hash,
        decision="submit",
        signer="lina",
        signed_at="2026-11-22T08:00:00.000+00:00",
    )
    data = json.dumps(sign_decision(sub, ws.users.signing_key("lina"))).encode()
    refused(ws, data, "'submit' decision cannot be imported")


def test_user_add_with_a_public_key_stores_no_private_key(reviewed, reviewer_key):
    ws = reviewed
    with acting_as("amina"):
        user = ws.users.add("zaid", "approver", public_key=reviewer_key.public_key)
        assert user.fingerprint == reviewer_key.fingerprint
        with pytest.raises(UserError, match="not in this computer's keyring"):
            ws.users.signing_key("zaid")
        with pytest.raises(UserError, match="already belongs to 'zaid'"):
            ws.users.add("nadia", "approver", public_key=reviewer_key.public_key)
        with pytest.raises(UserError, match="is not an Ed25519 public key"):
            ws.users.add("nadia", "approver", public_key="bm90IGEga2V5")
    added = [e for e in audit.entries(ws) if e.action == "user.added"][-1]
    assert added.detail == {
        "user": "zaid",
        "role": "approver",
        "key": reviewer_key.fingerprint,
        "key_from": "public key given",
    }
