"""The review workflow of a post: states, who may move it, and what each move records.

    draft -> in_review -> approved -> scheduled -> published
                      \\-> changes_requested -(edit)-> draft       scheduled -> failed -> scheduled
    any unpublished state -> withdrawn -> draft (reopen or edit)

Every move is one transaction that changes ``post.state`` only if it is still what the move
started from, and appends an audit entry. An edit that changes what would be published
returns the post to draft from any review state (``editing``): approvals are bound to a
review round and a content hash, so they can never come back to life. ``published`` and
``failed`` are set by the publishing outbox through ``mark_published``/``mark_failed``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from studio.core.errors import StudioError
from studio.core.model import POST_STATES
from studio.core.timeutil import now_iso
from studio.core.users import actor_name

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

# from-state -> {to-state: the action that makes that move}
TRANSITIONS: dict[str, dict[str, str]] = {
    "draft": {"in_review": "submit", "withdrawn": "withdraw"},
    "in_review": {
        "approved": "approve",
        "changes_requested": "request_changes",
        "draft": "void",
        "withdrawn": "withdraw",
    },
    "changes_requested": {"draft": "edit", "in_review": "submit", "withdrawn": "withdraw"},
    "approved": {"scheduled": "schedule", "draft": "void", "withdrawn": "withdraw"},
    "scheduled": {
        "published": "published",
        "failed": "failed",
        "approved": "unschedule",
        "draft": "void",
        "withdrawn": "withdraw",
    },
    "failed": {"scheduled": "retry", "draft": "void", "withdrawn": "withdraw"},
    "withdrawn": {"draft": "reopen"},
    "published": {},
}
assert set(TRANSITIONS) == set(POST_STATES)
# States whose content was submitted: an edit or outside change of the content voids them.
REVIEWED_STATES = ("in_review", "approved", "scheduled", "failed")


class WorkflowError(StudioError):
    """A review action is not possible now; the message says why and what to do."""


class IllegalTransitionError(WorkflowError):
    def __init__(self, post_id: int, state: str, to_state: str):
        allowed = ", ".join(TRANSITIONS.get(state, {})) or "nothing (it is final)"
        super().__init__(
            f"post #{post_id} is {state}; it cannot become {to_state} "
            f"(from {state} it can become: {allowed})"
        )
        self.state, self.to_state = state, to_state


def state_of(ws: Workspace, post_id: int) -> str:
    row = ws.db.conn.execute("SELECT state FROM post WHERE id = ?", (post_id,)).fetchone()
    if row is None:
        ws.posts.get(post_id)  # raises the standard NotFoundError
    return row[0]


def set_state(
    ws: Workspace, post_id: int, to_state: str, *, expect: str | None = None, **detail: Any
) -> str:
    """Move the post (inside the caller's transaction, if any) and audit it; return old state."""
    from studio.core import audit

    with ws.db.transaction() as conn:
        state = state_of(ws, post_id)
        if expect is not None and state != expect:
            raise WorkflowError(
                f"post #{post_id} became {state} meanwhile (expected {expect}); check "
                f"`studio status {post_id}` and try again"
            )
        action = TRANSITIONS.get(state, {}).get(to_state)
        if action is None:
            raise IllegalTransitionError(post_id, state, to_state)
        conn.execute(
            "UPDATE post SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
            (to_state, now_iso(), post_id, state),
        )
        audit.record(
            ws,
            "post.state_changed",
            post_id,
            detail | {"from": state, "to": to_state, "action": action},  # these always win
        )
    return state


def _notify(ws: Workspace, post_id: int) -> None:
    ws.posts._changed(post_id)  # the PostService listeners are how every view refreshes


def add_author(ws: Workspace, post_id: int, name: str, how: str) -> None:
    """Remember who wrote or submitted the post: none of them may approve it."""
    ws.db.conn.execute(
        "INSERT OR IGNORE INTO post_author (post_id, name, how, at) VALUES (?,?,?,?)",
        (post_id, name, how, now_iso()),
    )


# -- hooks called by PostService inside its transactions -----------------------------------
def created(ws: Workspace, post_id: int, title: str) -> None:
    from studio.core import audit

    actor = actor_name()
    add_author(ws, post_id, actor, "created")
    audit.record(ws, "post.created", post_id, {"title": title}, actor=actor)


@contextlib.contextmanager
def editing(ws: Workspace, post_id: int) -> Iterator[None]:
    """Wrap one edit: refuse it on published posts; void the review if content changed."""
    from studio.core import audit
    from studio.core.approval import review_of, source_changes, source_document

    state = state_of(ws, post_id)
    if state == "published":
        raise WorkflowError(
            f"post #{post_id} is published: what went out is the public record and cannot be "
            "edited; create a new post instead (studio post create)"
        )
    before = source_document(ws, ws.posts.get(post_id))
    yield
    changes = source_changes(before, source_document(ws, ws.posts.get(post_id)))
    if not changes:
        return
    actor = actor_name()
    add_author(ws, post_id, actor, "edited")
    if state == "draft":
        return
    if state in REVIEWED_STATES:
        review = review_of(ws, post_id)
        audit.record(
            ws,
            "approval.voided",
            post_id,
            {
                "state": state,
                "round": review.round,
                "content_hash": review.content_hash,
                "changed": changes,
                "cause": "edit",
            },
            actor=actor,
        )
    set_state(ws, post_id, "draft", changed=changes)


def deleting(ws: Workspace, post_id: int) -> None:
    from studio.core import audit

    state = state_of(ws, post_id)
    if state == "published":
        raise WorkflowError(
            f"post #{post_id} is published and stays as the public record; it cannot be deleted"
        )
    if state == "scheduled":
        raise WorkflowError(
            f"post #{post_id} is scheduled; withdraw it first (studio withdraw {post_id})"
        )
    title = ws.db.conn.execute("SELECT title FROM post WHERE id = ?", (post_id,)).fetchone()[0]
    audit.record(ws, "post.deleted", post_id, {"title": title, "state": state})


def void_if_changed(ws: Workspace, post_id: int, current_hash: str | None = None) -> bool:
    """Return a reviewed post to draft when its content hash moved (kit, library, renders).

    Edits through the post are caught as they happen; this catches changes from outside it.
    """
    from studio.core import audit
    from studio.core.approval import review_of, snapshot

    state = state_of(ws, post_id)
    review = review_of(ws, post_id)
    if state not in REVIEWED_STATES or review.content_hash is None:
        return False
    current = current_hash or snapshot(ws, post_id).content_hash
    if current == review.content_hash:
        return False
    with ws.db.transaction():
        audit.record(
            ws,
            "approval.voided",
            post_id,
            {
                "state": state,
                "round": review.round,
                "content_hash": review.content_hash,
                "now": current,
                "cause": "content changed outside the post (brand kit, library or renders)",
            },
        )
        set_state(ws, post_id, "draft", expect=state)
    _notify(ws, post_id)
    return True


# -- review actions ------------------------------------------------------------------------
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
    from studio.core.approval import DECISION_KEYS, canonical_json, make_decision, sign_decision

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
    from studio.core.approval import review_of

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
    from studio.core.approval import snapshot

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
    from studio.core.approval import (
        check_decisions,
        required_approvals,
        review_of,
        snapshot,
        valid_approvers,
    )

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
    from studio.core.approval import review_of

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


# -- moves driven by the publishing outbox --------------------------------------------------
def schedule(ws: Workspace, post_id: int):
    """approved -> scheduled, only through the publish gate; returns its ApprovedContent."""
    from studio.core.approval import require_publishable

    approved = require_publishable(ws, post_id)
    set_state(ws, post_id, "scheduled", expect="approved", content_hash=approved.content_hash)
    _notify(ws, post_id)
    return approved


def unschedule(ws: Workspace, post_id: int) -> None:
    set_state(ws, post_id, "approved", expect="scheduled")
    _notify(ws, post_id)


def retry(ws: Workspace, post_id: int):
    """failed -> scheduled, only if the approval still holds for the current content."""
    from studio.core.approval import approved_content

    approved = approved_content(ws, post_id, states=("failed",))
    set_state(ws, post_id, "scheduled", expect="failed", content_hash=approved.content_hash)
    _notify(ws, post_id)
    return approved


def mark_published(
    ws: Workspace, post_id: int, content_hash: str, detail: dict[str, Any] | None = None
) -> None:
    """Record that the approved content ``content_hash`` went out (scheduled -> published)."""
    from studio.core.approval import review_of

    review = review_of(ws, post_id)
    if content_hash != review.content_hash:
        raise WorkflowError(
            f"post #{post_id} was approved as {review.content_hash}, not {content_hash}; "
            "publish only what require_publishable returned"
        )
    set_state(
        ws, post_id, "published", expect="scheduled", content_hash=content_hash, **(detail or {})
    )
    _notify(ws, post_id)


def mark_failed(ws: Workspace, post_id: int, error: str, detail: dict[str, Any] | None = None):
    set_state(ws, post_id, "failed", expect="scheduled", error=error, **(detail or {}))
    _notify(ws, post_id)


# -- reading ------------------------------------------------------------------------------
def status(ws: Workspace, post_id: int) -> dict[str, Any]:
    """Where the post stands: state, current content hash, every decision judged now."""
    from studio.core.approval import (
        check_decisions,
        required_approvals,
        review_of,
        snapshot,
        valid_approvers,
    )

    post = ws.posts.get(post_id)
    current, content_error = None, None
    try:
        current = snapshot(ws, post_id).content_hash
    except StudioError as exc:
        content_error = str(exc)
    if current and void_if_changed(ws, post_id, current):
        post = ws.posts.get(post_id)
    review = review_of(ws, post_id)
    decisions = check_decisions(ws, review, current)
    approvers = valid_approvers(decisions)
    needed = required_approvals(ws, post.brand_kit)
    return {
        "post_id": post.id,
        "title": post.title,
        "state": post.state,
        "content_hash": current,
        "content_error": content_error,
        "review": {
            "round": review.round,
            "content_hash": review.content_hash,
            "submitted_by": review.submitted_by,
            "submitted_at": review.submitted_at,
        },
        "authors": list(review.authors),
        "approvals_required": needed,
        "approvals_valid": len(approvers),
        "approvers": approvers,
        "publishable": post.state in ("approved", "scheduled")
        and current is not None
        and current == review.content_hash
        and len(approvers) >= needed,
        "approvals": [d.to_json() for d in decisions if d.decision == "approve"],
        "decisions": [d.to_json() for d in decisions],
        "comments": [
            {
                "signer": d.signer,
                "decision": d.decision,
                "signed_at": d.signed_at,
                "comment": d.comment,
            }
            for d in decisions
            if d.comment
        ],
    }


class WorkflowService:
    """``ws.workflow``: the actions above bound to one workspace (acting user: ``users``)."""

    def __init__(self, workspace: Workspace):
        self.ws = workspace

    def submit(self, post_id: int, *, comment: str = "") -> dict[str, Any]:
        return submit(self.ws, post_id, comment=comment)

    def approve(self, post_id: int, *, comment: str = "", expected_hash: str | None = None):
        return approve(self.ws, post_id, comment=comment, expected_hash=expected_hash)

    def request_changes(self, post_id: int, *, comment: str) -> dict[str, Any]:
        return request_changes(self.ws, post_id, comment=comment)

    def withdraw(self, post_id: int, *, comment: str = "") -> dict[str, Any]:
        return withdraw(self.ws, post_id, comment=comment)

    def reopen(self, post_id: int) -> None:
        reopen(self.ws, post_id)

    def status(self, post_id: int) -> dict[str, Any]:
        return status(self.ws, post_id)

    def editing(self, post_id: int):
        return editing(self.ws, post_id)

    def created(self, post_id: int, title: str) -> None:
        created(self.ws, post_id, title)

    def deleting(self, post_id: int) -> None:
        deleting(self.ws, post_id)
