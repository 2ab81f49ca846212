"""Back home: check a decision signed elsewhere and apply it like a local approval.

A decision file is trusted for nothing it says about itself. It is applied only if its
signature verifies with the public key this workspace holds for the signer, the signer is a
current approver and not an author of the post, and the workspace id, post id, round and
content hash are this workspace's, this post's current round and the hash of what the post
would publish *now*. Anything else is refused with the reason and changes nothing.

Importing the same decision twice is harmless: the second import finds the stored signature
and reports "already imported". The checks and the state move are the ones of
``workflow.approve`` / ``workflow.request_changes`` (the same ``_reviewer``,
``void_if_changed``, ``check_decisions``/``valid_approvers``, ``set_state`` and audit actions),
run as the signer, so the count of approvals and the audit trail do not depend on where a
decision was signed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.errors import NotFoundError, StudioError

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

MAX_DECISION_BYTES = 64 * 1024
IMPORTABLE = ("approve", "request_changes")


class DecisionRefused(StudioError):
    """The decision was not applied; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class ImportResult:
    outcome: str  # "applied" | "already_imported"
    decision: dict[str, Any]
    status: dict[str, Any]  # workflow.status of the post afterwards

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "decision": self.decision, "status": self.status}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key given twice would let a reader see one comment while the other is verified."""
    keys = [k for k, _v in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(f"field {key!r} appears twice")
    return dict(pairs)


def read_decision(source: Path | str | bytes) -> dict[str, Any]:
    """Parse a decision file strictly: a JSON object of exactly the decision fields."""
    from studio.core.approval import DECISION_FORMAT, DECISION_KEYS

    label = "the decision" if isinstance(source, bytes) else str(source)
    if isinstance(source, bytes):
        raw = source
    else:
        try:
            with open(source, "rb") as fh:
                raw = fh.read(MAX_DECISION_BYTES + 1)
        except OSError as exc:
            raise DecisionRefused(f"{label}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_DECISION_BYTES:
        raise DecisionRefused(f"{label}: larger than {MAX_DECISION_BYTES} bytes; not a decision")
    try:
        doc = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError) as exc:
        raise DecisionRefused(
            f"{label}: not valid JSON ({exc}); it may be truncated: ask the reviewer to send "
            "the file again"
        ) from None
    if not isinstance(doc, dict):
        raise DecisionRefused(f"{label}: not a decision (a JSON object is expected)")
    want = {*DECISION_KEYS, "signature"}
    if set(doc) != want:
        missing, extra = sorted(want - set(doc)), sorted(set(doc) - want)
        raise DecisionRefused(
            f"{label}: not a {DECISION_FORMAT} decision"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unexpected {', '.join(extra)}" if extra else "")
        )
    if doc["format"] != DECISION_FORMAT:
        raise DecisionRefused(f"{label}: format {doc['format']!r} is not {DECISION_FORMAT}")
    for key in ("post_id", "round"):
        if not isinstance(doc[key], int) or isinstance(doc[key], bool):
            raise DecisionRefused(f"{label}: field {key!r} must be a whole number")
    for key in set(DECISION_KEYS) - {"post_id", "round"} | {"signature"}:
        if not isinstance(doc[key], str):
            raise DecisionRefused(f"{label}: field {key!r} must be text")
    return doc


def _verified(ws: Workspace, doc: dict[str, Any]):
    """Signer and post checks that hold whatever the post's state: (user, review)."""
    from studio.core.approval import review_of, verify_decision
    from studio.core.users import check_name

    if doc["workspace_id"] != ws.workspace_id:
        raise DecisionRefused(
            f"the decision is for workspace {doc['workspace_id']}, this is {ws.workspace_id}: "
            "import it into the workspace the review pack came from"
        )
    if doc["decision"] not in IMPORTABLE:
        raise DecisionRefused(
            f"a {doc['decision']!r} decision cannot be imported; only approve and "
            "request_changes come from reviewers"
        )
    try:
        ws.posts.get(doc["post_id"])
    except NotFoundError:
        raise DecisionRefused(
            f"the decision is for post #{doc['post_id']}, which this workspace does not have"
        ) from None
    try:
        user = ws.users.get(check_name(doc["signer"]))
    except StudioError:
        raise DecisionRefused(
            f"the decision is signed by {doc['signer']!r}, who is not a user of this workspace; "
            "if they are a reviewer, register their key first (studio user add NAME --role "
            "approver --public-key B64, after checking its fingerprint with them)"
        ) from None
    if not verify_decision(doc, user.public_key):
        raise DecisionRefused(
            f"the signature does not verify with {user.name}'s key {user.fingerprint}: the "
            "decision was altered after it was signed, or signed with a key this workspace "
            f"does not know (register it: studio user add NAME --role approver --public-key B64)"
        )
    if not user.active:
        raise DecisionRefused(f"{user.name!r} was removed from this workspace on {user.removed_at}")
    return user, review_of(ws, doc["post_id"])


def _already_imported(ws: Workspace, doc: dict[str, Any]) -> bool:
    row = ws.db.conn.execute(
        "SELECT 1 FROM review_decision WHERE post_id = ? AND signer = ? AND signature = ?",
        (doc["post_id"], doc["signer"], doc["signature"]),
    ).fetchone()
    return row is not None


def import_decision(ws: Workspace, source: Path | str | bytes) -> ImportResult:
    """Verify and apply one decision file; raise :class:`DecisionRefused` with the reason."""
    from studio.core import workflow
    from studio.core.users import acting_as

    doc = read_decision(source)
    user, review = _verified(ws, doc)
    post_id = doc["post_id"]
    if _already_imported(ws, doc):
        return ImportResult("already_imported", doc, workflow.status(ws, post_id))
    if doc["round"] != review.round:
        raise DecisionRefused(
            f"the decision is for review round {doc['round']} of post #{post_id}, which is now "
            f"in round {review.round} (it was resubmitted): review the new pack"
        )
    if doc["content_hash"] != review.content_hash:
        raise DecisionRefused(
            f"the decision approves content {doc['content_hash'][:12]}…, but post #{post_id} "
            f"was submitted as {str(review.content_hash)[:12]}…; review the current pack"
        )
    try:
        with acting_as(user.name):  # the same path as `studio approve`, with their signature
            if doc["decision"] == "approve":
                workflow.approve(ws, post_id, signed=doc)
            else:
                if not doc["comment"].strip():
                    raise DecisionRefused(
                        "a request for changes must say what to change (its comment is empty)"
                    )
                workflow.request_changes(ws, post_id, comment=doc["comment"], signed=doc)
    except DecisionRefused:
        raise
    except StudioError as exc:  # the workflow's own refusals, e.g. an author or a wrong state
        raise DecisionRefused(str(exc)) from None
    return ImportResult("applied", doc, workflow.status(ws, post_id))
