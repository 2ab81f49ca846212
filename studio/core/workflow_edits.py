"""The hooks ``PostService`` calls around creating, editing and deleting a post.

Approvals are bound to a review round and a content hash, so an edit that changes what would
be published must return the post to draft at once (``editing``), and a change from outside
the post (a brand kit, a library alt text, a render) must do the same the next time anyone
looks (``void_if_changed``). Published posts are the public record: never edited or deleted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from studio.core.users import actor_name
from studio.core.workflow_states import (
    REVIEWED_STATES,
    WorkflowError,
    _notify,
    add_author,
    set_state,
    state_of,
)

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


def created(ws: Workspace, post_id: int, title: str) -> None:
    from studio.core import audit

    actor = actor_name()
    add_author(ws, post_id, actor, "created")
    audit.record(ws, "post.created", post_id, {"title": title}, actor=actor)


@contextlib.contextmanager
def editing(ws: Workspace, post_id: int) -> Iterator[None]:
    """Wrap one edit: refuse it on published posts; void the review if content changed."""
    from studio.core import audit
    from studio.core.approval_content import source_changes, source_document
    from studio.core.review_record import review_of

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
    from studio.core.approval_content import snapshot
    from studio.core.review_record import review_of

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
