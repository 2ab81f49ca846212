"""The one gate every publishing path passes: ``require_publishable``.

It recomputes everything from first principles each time (the state, a fresh content hash
with texts composed and files rendered and hashed now, and the valid approvals of that very
hash), because any cached answer could be stale or forged. Publishing code publishes only the
``ApprovedContent`` it returns, nothing recomputed afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from studio.core.approval_content import (
    ApprovedTarget,
    ContentSnapshot,
    NotPublishableError,
    snapshot,
)
from studio.core.approval_policy import required_approvals
from studio.core.errors import StudioError
from studio.core.review_record import (
    DecisionStatus,
    check_decisions,
    review_of,
    valid_approvers,
)

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


@dataclass(frozen=True)
class ApprovedContent:
    """Exactly what was approved: publish these texts and these files, nothing recomputed."""

    post_id: int
    workspace_id: str
    round: int
    content_hash: str
    snapshot: ContentSnapshot
    approvers: tuple[str, ...]
    decisions: tuple[DecisionStatus, ...] = field(default=())

    @property
    def targets(self) -> tuple[ApprovedTarget, ...]:
        return self.snapshot.targets

    @property
    def schedule_at(self) -> str | None:
        return self.snapshot.document["schedule_at"]


def require_publishable(ws: Workspace, post_id: int) -> ApprovedContent:
    """Refuse unless the post is approved under its current content hash; else return it.

    Checks, every time, from first principles: the state, a fresh content hash (texts composed
    and files rendered and hashed now), and that enough distinct, currently entitled approvers
    signed that very hash for this post, round and workspace. Every outcome is audited.
    """
    return approved_content(ws, post_id, states=("approved", "scheduled"))


def approved_content(ws: Workspace, post_id: int, *, states: tuple[str, ...]) -> ApprovedContent:
    """``require_publishable`` for posts in ``states`` (the workflow's retry uses "failed")."""
    from studio.core import audit

    post = ws.posts.get(post_id)
    try:
        if post.state not in states:
            raise NotPublishableError(
                f"post #{post_id} is {post.state}, not approved; it cannot be published until "
                "it is submitted and approved (studio status " + str(post_id) + ")"
            )
        review = review_of(ws, post_id)
        snap = snapshot(ws, post_id)
        if snap.content_hash != review.content_hash:
            from studio.core.workflow_edits import void_if_changed

            void_if_changed(ws, post_id)
            raise NotPublishableError(
                f"post #{post_id} changed after it was approved (content hash "
                f"{snap.content_hash[:12]}…, approved {str(review.content_hash)[:12]}…); its "
                "approval is void and it is back in draft: submit it for review again"
            )
        statuses = check_decisions(ws, review, snap.content_hash)
        approvers = valid_approvers(statuses)
        needed = required_approvals(ws, post.brand_kit)
        if len(approvers) < needed:
            raise NotPublishableError(
                f"post #{post_id} has {len(approvers)} valid approval(s) of the {needed} needed "
                f"for its current content; see `studio status {post_id}`"
            )
    except StudioError as exc:
        audit.record(ws, "publish.refused", post_id, {"reason": str(exc)})
        raise
    audit.record(
        ws,
        "publish.cleared",
        post_id,
        {"content_hash": snap.content_hash, "round": review.round, "approvers": approvers},
    )
    return ApprovedContent(
        post_id=post_id,
        workspace_id=ws.workspace_id,
        round=review.round,
        content_hash=snap.content_hash,
        snapshot=snap,
        approvers=tuple(approvers),
        decisions=tuple(statuses),
    )
