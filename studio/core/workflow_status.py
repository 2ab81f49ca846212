"""Where a post stands in review, judged now rather than read from stored columns.

The content hash is recomputed and every decision is checked from its signature on each
call, so what the CLI, the window and the review pack show is what the publish gate would
decide; a post whose content changed from outside is returned to draft on the way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.core.errors import StudioError
from studio.core.workflow_edits import void_if_changed

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


def status(ws: Workspace, post_id: int) -> dict[str, Any]:
    """Where the post stands: state, current content hash, every decision judged now."""
    from studio.core.approval_content import snapshot
    from studio.core.approval_policy import required_approvals
    from studio.core.review_record import check_decisions, review_of, valid_approvers

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
