"""The states of a post under review and the one way to move between them.

Every move is one transaction that changes ``post.state`` only if it is still what the move
started from, and appends an audit entry, so two people acting at once can never both win
and the audit trail always explains the current state. The allowed moves are data
(``TRANSITIONS``) that docs/approval.md mirrors; anything else is refused with the moves that
are possible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.core.errors import StudioError
from studio.core.model import POST_STATES
from studio.core.timeutil import now_iso

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
