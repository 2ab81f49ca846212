"""What people do with a post under review: submit, approve, request changes, withdraw.

Each action checks who acts (an approver who is not an author of the post), signs its
decision with the actor's keyring key (or stores an offline reviewer's verified one exactly
as it came), records it and moves the state in one transaction, then returns the post's
status as judged afresh, so the caller never shows a stale count of approvals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.core.timeutil import now_iso
from studio.core.workflow_edits import void_if_changed
from studio.core.workflow_states import (
    TRANSITIONS,
    IllegalTransitionError,
    WorkflowError,
    _notify,
    add_author,
    set_state,
    state_of,
)
from studio.core.workflow_status import status

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


def _sign_and_store(
    ws: Workspace,
    post_id: int,
    actor: str,
    decision: str,
    round: int,
    content_hash: str,
    comment: str,
    signed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Sign a decision with the actor's keyring key and store it (caller's transaction).

    ``signed``: a decision signed on another computer (``studio review``), already verified
    by the caller; it is stored exactly as it came, so its signature stays checkable.
    """
    from studio.core.canonical import canonical_json
    from studio.core.decisions import DECISION_KEYS, make_decision, sign_decision

    if signed is None:
        doc = make_decision(
            workspace_id=ws.workspace_id,
            post_id=post_id,
            round=round,
            content_hash=content_hash,
            decision=decision,
            signer=actor,
            signed_at=now_iso(),
            comment=comment,
        )
        signed = sign_decision(doc, ws.users.signing_key(actor))
    payload = canonical_json({k: signed[k] for k in DECISION_KEYS}).decode("utf-8")
    ws.db.conn.execute(
        "INSERT INTO review_decision (post_id, round, signer, decision, content_hash, payload, "
        "signature, created_at) VALUES (?,?,?,?,?,?,?,?)",
        (
            post_id,
            round,
            actor,
            decision,
            content_hash,
            payload,
            signed["signature"],
            signed["signed_at"],
        ),
    )
    return signed


def _reviewer(ws: Workspace, post_id: int, what: str):
    """The acting user, who must be an approver and not an author of the post."""
    from studio.core.review_record import review_of

    user = ws.users.require_active()
    if user.role != "approver":
        raise WorkflowError(
            f"{user.name!r} is an {user.role}; only approvers can {what} (an approver can "
            f"change roles: studio user role {user.name} approver)"
        )
    if user.name in review_of(ws, post_id).authors:
        raise WorkflowError(
            f"{user.name!r} wrote or submitted post #{post_id}; authors cannot {what} their own "
            "post: ask another approver"
        )
    return user


def submit(ws: Workspace, post_id: int, *, comment: str = "") -> dict[str, Any]:
    """Send the post for review: fix its content hash, open a new review round."""
    from studio.core import audit
    from studio.core.approval_content import snapshot

    user = ws.users.require_active()
    state = state_of(ws, post_id)
    if "in_review" not in TRANSITIONS[state]:
        raise IllegalTransitionError(post_id, state, "in_review")
    _post, findings = ws.validate_post(post_id)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise WorkflowError(
            f"post #{post_id} has {len(errors)} validation error(s), e.g. {errors[0].message} "
            f"Fix them first (studio validate {post_id})"
        )
    snap = snapshot(ws, post_id)
    with ws.db.transaction() as conn:
        if state_of(ws, post_id) != state:
            raise WorkflowError(f"post #{post_id} changed meanwhile; submit it again")
        row = conn.execute("SELECT round FROM post_review WHERE post_id = ?", (post_id,)).fetchone()
        round = (row[0] if row else 0) + 1
        conn.execute(
            "INSERT INTO post_review (post_id, round, content_hash, content, submitted_by, "
            "submitted_at) VALUES (?,?,?,?,?,?) ON CONFLICT (post_id) DO UPDATE SET "
            "round = excluded.round, content_hash = excluded.content_hash, content = "
            "excluded.content, submitted_by = excluded.submitted_by, submitted_at = "
            "excluded.submitted_at",
            (
                post_id,
                round,
                snap.content_hash,
                snap.canonical.decode("utf-8"),
                user.name,
                now_iso(),
            ),
        )
        add_author(ws, post_id, user.name, "submitted")
        _sign_and_store(ws, post_id, user.name, "submit", round, snap.content_hash, comment)
        audit.record(
            ws,
            "review.submitted",
            post_id,
            {"round": round, "content_hash": snap.content_hash, "comment": comment},
        )
        set_state(ws, post_id, "in_review", expect=state, round=round)
    _notify(ws, post_id)
    return status(ws, post_id)


def approve(
    ws: Workspace,
    post_id: int,
    *,
    comment: str = "",
    expected_hash: str | None = None,
    signed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Sign the current content hash; the post is approved once enough approvers signed it.

    ``expected_hash`` is the hash the approver reviewed: if the content moved on since,
    nothing is signed. ``signed`` is an offline reviewer's verified decision (imported with
    ``studio decision import``): it takes the place of a signature made here.
    """
    imported = {"imported": True, "signed_at": signed["signed_at"]} if signed else {}
    if signed is not None:
        comment, expected_hash = signed["comment"], signed["content_hash"]
    from studio.core import audit
    from studio.core.approval_content import snapshot
    from studio.core.approval_policy import required_approvals
    from studio.core.review_record import check_decisions, review_of, valid_approvers

    user = _reviewer(ws, post_id, "approve")
    state = state_of(ws, post_id)
    if state not in ("in_review", "approved", "scheduled"):
        raise WorkflowError(
            f"post #{post_id} is {state}; only a post in review can be approved (its author "
            f"submits it with `studio submit {post_id}`)"
        )
    review = review_of(ws, post_id)
    snap = snapshot(ws, post_id)
    if void_if_changed(ws, post_id, snap.content_hash):
        raise WorkflowError(
            f"post #{post_id} changed after it was submitted (its brand kit, library items or "
            "renders); it is back in draft and must be submitted again"
        )
    if expected_hash and expected_hash != snap.content_hash:
        raise WorkflowError(
            f"post #{post_id} now has content hash {snap.content_hash}, not the {expected_hash} "
            "you reviewed; review it again (studio status) before approving"
        )
    if user.name in valid_approvers(check_decisions(ws, review, snap.content_hash)):
        raise WorkflowError(f"{user.name!r} has already approved post #{post_id} as it is now")
    with ws.db.transaction():
        now = review_of(ws, post_id)
        if state_of(ws, post_id) != state or (now.round, now.content_hash) != (
            review.round,
            review.content_hash,
        ):
            raise WorkflowError(f"post #{post_id} changed meanwhile; review it again")
        _sign_and_store(
            ws, post_id, user.name, "approve", review.round, snap.content_hash, comment, signed
        )
        approvers = valid_approvers(check_decisions(ws, now, snap.content_hash))
        needed = required_approvals(ws, ws.posts.get(post_id).brand_kit)
        audit.record(
            ws,
            "approval.signed",
            post_id,
            {
                "round": review.round,
                "content_hash": snap.content_hash,
                "comment": comment,
                "approvals": len(approvers),
                "required": needed,
                **imported,
            },
        )
        if state == "in_review" and len(approvers) >= needed:
            set_state(ws, post_id, "approved", expect=state, approvers=approvers)
    _notify(ws, post_id)
    return status(ws, post_id)


def request_changes(
    ws: Workspace, post_id: int, *, comment: str, signed: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Send the post back to its authors; ``signed`` as in :func:`approve`."""
    from studio.core import audit
    from studio.core.review_record import review_of

    imported = {"imported": True, "signed_at": signed["signed_at"]} if signed else {}
    if signed is not None:
        comment = signed["comment"]
    if not (comment or "").strip():
        raise WorkflowError("say what to change: --comment TEXT is required")
    user = _reviewer(ws, post_id, "request changes to")
    state = state_of(ws, post_id)
    if state != "in_review":
        raise IllegalTransitionError(post_id, state, "changes_requested")
    review = review_of(ws, post_id)
    with ws.db.transaction():
        _sign_and_store(
            ws,
            post_id,
            user.name,
            "request_changes",
            review.round,
            review.content_hash or "",
            comment.strip(),
            signed,
        )
        audit.record(
            ws,
            "review.changes_requested",
            post_id,
            {
                "round": review.round,
                "content_hash": review.content_hash,
                "comment": comment,
                **imported,
            },
        )
        set_state(ws, post_id, "changes_requested", expect=state)
    _notify(ws, post_id)
    return status(ws, post_id)


def withdraw(ws: Workspace, post_id: int, *, comment: str = "") -> dict[str, Any]:
    ws.users.require_active()
    set_state(ws, post_id, "withdrawn", comment=comment)
    _notify(ws, post_id)
    return status(ws, post_id)


def reopen(ws: Workspace, post_id: int) -> None:
    """A withdrawn post back to draft, to be edited and submitted again."""
    ws.users.require_active()
    set_state(ws, post_id, "draft", expect="withdrawn")
    _notify(ws, post_id)
