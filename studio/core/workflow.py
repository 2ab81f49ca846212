"""The review workflow of a post: states, who may move it, and what each move records.

    draft -> in_review -> approved -> scheduled -> published
                      \\-> changes_requested -(edit)-> draft       scheduled -> failed -> scheduled
    any unpublished state -> withdrawn -> draft (reopen or edit)

Every move is one transaction that changes ``post.state`` only if it is still what the move
started from, and appends an audit entry. An edit that changes what would be published
returns the post to draft from any review state (``editing``): approvals are bound to a
review round and a content hash, so they can never come back to life. ``published`` and
``failed`` are set by the publishing outbox through ``mark_published``/``mark_failed``.

This module is the stable entry point (``workflow.submit``, ``ws.workflow``...); the parts
live in modules named for what they hold:

- ``workflow_states``: the transitions, ``set_state`` and the errors;
- ``workflow_edits``: the hooks around creating, editing and deleting a post, and voiding;
- ``review_actions``: submit, approve, request changes, withdraw, reopen;
- ``workflow_publish``: the moves the publishing outbox makes;
- ``workflow_status``: where a post stands, judged now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.core.review_actions import (
    _reviewer,
    _sign_and_store,
    approve,
    reopen,
    request_changes,
    submit,
    withdraw,
)
from studio.core.workflow_edits import created, deleting, editing, void_if_changed
from studio.core.workflow_publish import mark_failed, mark_published, retry, schedule, unschedule
from studio.core.workflow_states import (
    REVIEWED_STATES,
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

__all__ = [
    "REVIEWED_STATES",
    "TRANSITIONS",
    "IllegalTransitionError",
    "WorkflowError",
    "WorkflowService",
    "_notify",
    "_reviewer",
    "_sign_and_store",
    "add_author",
    "approve",
    "created",
    "deleting",
    "editing",
    "mark_failed",
    "mark_published",
    "reopen",
    "request_changes",
    "retry",
    "schedule",
    "set_state",
    "state_of",
    "status",
    "submit",
    "unschedule",
    "void_if_changed",
    "withdraw",
]


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
