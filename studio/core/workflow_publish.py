"""The moves the publishing outbox makes: schedule, unschedule, retry, published, failed.

Scheduling and retrying go through the publish gate, so a post whose approval no longer
holds can never be queued; ``mark_published`` refuses any content hash but the approved one,
so the record says exactly what went out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.core.workflow_states import WorkflowError, _notify, set_state

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


def schedule(ws: Workspace, post_id: int):
    """approved -> scheduled, only through the publish gate; returns its ApprovedContent."""
    from studio.core.publish_gate import require_publishable

    approved = require_publishable(ws, post_id)
    set_state(ws, post_id, "scheduled", expect="approved", content_hash=approved.content_hash)
    _notify(ws, post_id)
    return approved


def unschedule(ws: Workspace, post_id: int) -> None:
    set_state(ws, post_id, "approved", expect="scheduled")
    _notify(ws, post_id)


def retry(ws: Workspace, post_id: int):
    """failed -> scheduled, only if the approval still holds for the current content."""
    from studio.core.publish_gate import approved_content

    approved = approved_content(ws, post_id, states=("failed",))
    set_state(ws, post_id, "scheduled", expect="failed", content_hash=approved.content_hash)
    _notify(ws, post_id)
    return approved


def mark_published(
    ws: Workspace, post_id: int, content_hash: str, detail: dict[str, Any] | None = None
) -> None:
    """Record that the approved content ``content_hash`` went out (scheduled -> published)."""
    from studio.core.review_record import review_of

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
