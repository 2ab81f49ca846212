"""The review record of a post, and every stored decision judged from its signature.

The ``post_review`` row fixes what was submitted (round, content hash); the
``review_decision`` rows are only an index of signed documents. Trust comes from the signed
payload alone, judged afresh on every read against the signer's current key, role and
authorship, so a row typed into SQLite by hand or a signature copied from elsewhere never
counts, and a decision from an earlier round or over older content is void.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.core.decisions import verify_decision

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


@dataclass(frozen=True)
class Review:
    post_id: int
    round: int = 0
    content_hash: str | None = None
    content: str | None = None  # canonical JSON of what was submitted
    submitted_by: str | None = None
    submitted_at: str | None = None
    authors: tuple[str, ...] = ()


def review_of(ws: Workspace, post_id: int) -> Review:
    conn = ws.db.conn
    row = conn.execute("SELECT * FROM post_review WHERE post_id = ?", (post_id,)).fetchone()
    authors = tuple(
        r[0]
        for r in conn.execute(
            "SELECT name FROM post_author WHERE post_id = ? ORDER BY at, name", (post_id,)
        )
    )
    if row is None:
        return Review(post_id, authors=authors)
    return Review(
        post_id=post_id,
        round=row["round"],
        content_hash=row["content_hash"],
        content=row["content"],
        submitted_by=row["submitted_by"],
        submitted_at=row["submitted_at"],
        authors=authors,
    )


@dataclass(frozen=True)
class DecisionStatus:
    id: int
    signer: str
    decision: str
    round: int
    content_hash: str
    signed_at: str
    comment: str
    status: str  # "valid" | "void" (superseded) | "invalid" (must not be trusted)
    reason: str
    key: str | None = None  # the public key it verified with

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "signer": self.signer,
            "decision": self.decision,
            "round": self.round,
            "content_hash": self.content_hash,
            "signed_at": self.signed_at,
            "comment": self.comment,
            "status": self.status,
            "valid": self.status == "valid",
            "reason": self.reason,
        }


def check_decisions(
    ws: Workspace, review: Review, current_hash: str | None
) -> list[DecisionStatus]:
    """Judge every stored decision of the post from its signed payload, not its columns.

    The columns of ``review_decision`` are only an index; a row typed into SQLite by hand has no
    signature that verifies, and a genuine one copied from elsewhere binds another post,
    round, hash or workspace.
    """
    rows = ws.db.conn.execute(
        "SELECT * FROM review_decision WHERE post_id = ? ORDER BY id", (review.post_id,)
    ).fetchall()
    return [_judge(ws, review, current_hash, row) for row in rows]


def _judge(ws: Workspace, review: Review, current_hash: str | None, row) -> DecisionStatus:
    def result(status: str, reason: str, key: str | None = None) -> DecisionStatus:
        return DecisionStatus(
            id=row["id"],
            signer=row["signer"],
            decision=row["decision"],
            round=row["round"],
            content_hash=row["content_hash"],
            signed_at=row["created_at"],
            comment=comment,
            status=status,
            reason=reason,
            key=key,
        )

    comment = ""
    try:
        signed = json.loads(row["payload"])
        signed["signature"] = row["signature"]
        comment = str(signed.get("comment", ""))
    except (ValueError, TypeError, AttributeError):
        return result("invalid", "the stored decision is not readable")
    user = ws.users.find(row["signer"])
    if user is None:
        return result("invalid", f"signer {row['signer']!r} is not a user of this workspace")
    if not verify_decision(signed, user.public_key):
        return result("invalid", f"the signature does not verify with {user.fingerprint}")
    expected = {
        "workspace_id": ws.workspace_id,
        "post_id": review.post_id,
        "signer": row["signer"],
        "decision": row["decision"],
        "round": row["round"],
        "content_hash": row["content_hash"],
    }
    wrong = [k for k, v in expected.items() if signed[k] != v]
    if wrong:
        return result("invalid", f"signed for another {', '.join(wrong)}")
    if not user.active:
        return result("invalid", f"{user.name!r} was removed from the workspace")
    if row["decision"] in ("approve", "request_changes"):
        if user.role != "approver":
            return result("invalid", f"{user.name!r} is not an approver (role {user.role})")
        if user.name in review.authors:
            return result("invalid", f"{user.name!r} is an author of this post")
    if row["round"] != review.round:
        return result("void", f"from review round {row['round']}; the post was resubmitted")
    if current_hash is not None and row["content_hash"] != current_hash:
        return result("void", "the content changed after this decision")
    return result("valid", "ok", user.public_key)


def valid_approvers(statuses: list[DecisionStatus]) -> list[str]:
    """Distinct signers (and distinct keys) of valid approvals, in signing order."""
    names: list[str] = []
    keys: set[str] = set()
    for s in statuses:
        fresh = s.signer not in names and s.key not in keys
        if s.decision == "approve" and s.status == "valid" and fresh:
            names.append(s.signer)
            keys.add(s.key or "")
    return names
