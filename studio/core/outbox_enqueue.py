"""`studio publish`: from an approved post to queued deliveries, through the publish gate.

Why every refusal happens before anything is written: a post bound for an embassy's accounts
must either be fully queued or not at all, so the checks (approval, an account for every
target, the accounts asked for, the schedule) run first, and the move to ``scheduled`` and the
new deliveries are then one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.core.outbox_control import OutboxError
from studio.core.timeutil import parse_iso

if TYPE_CHECKING:
    from studio.core.outbox import Delivery
    from studio.core.workspace import Workspace


def publish_post(
    ws: Workspace,
    post_id: int,
    *,
    accounts: list[str] | None = None,
    at: str | None = None,
) -> list[Delivery]:
    """Schedule the post and queue one delivery per approved (platform, account) target.

    ``accounts`` limits the deliveries to those names (each must be in the approved content);
    ``at`` (ISO 8601 with a zone) is only allowed when the approved content has no schedule,
    because the schedule is part of what was approved.
    """
    from studio.core import workflow
    from studio.core.approval import require_publishable

    content = require_publishable(ws, post_id)
    missing = sorted({t.platform for t in content.targets if t.account is None})
    if missing:
        raise OutboxError(
            f"post #{post_id} has no publishing account for {', '.join(missing)}: add one to "
            'the post\'s "accounts" (studio accounts list; studio post edit) and have it '
            "approved again"
        )
    approved_accounts = sorted({t.account for t in content.targets if t.account})
    chosen = list(dict.fromkeys(accounts)) if accounts else approved_accounts
    unknown = [a for a in chosen if a not in approved_accounts]
    if unknown:
        raise OutboxError(
            f"account(s) {', '.join(unknown)} are not in the approved content of post "
            f"#{post_id} (approved: {', '.join(approved_accounts)}); changing the accounts "
            "needs a new approval"
        )
    for name in chosen:
        ws.accounts.get(name)  # removed since approval: refuse clearly
    when = content.schedule_at
    if at:
        if when:
            raise OutboxError(
                f"post #{post_id} is approved for {when}; the schedule is part of the approved "
                "content, so --at cannot change it (edit the post's schedule_at and have it "
                "approved again)"
            )
        try:
            when = parse_iso(at).isoformat()
        except ValueError as exc:
            raise OutboxError(
                f"--at {at!r}: {exc}" if "zone" in str(exc) else f"--at {at!r} is not ISO 8601"
            ) from None
    with ws.db.transaction():
        if workflow.state_of(ws, post_id) == "approved":
            again = workflow.schedule(ws, post_id)
        else:  # already scheduled: more accounts of the same approved content
            again = require_publishable(ws, post_id)
        if again.content_hash != content.content_hash:
            raise OutboxError(f"post #{post_id} changed while it was being queued; try again")
        return ws.outbox.enqueue(again, chosen, when)
