"""The outbox: one persisted delivery per (approved post, account), and its state machine.

    queued -> sending -> sent
                      -> queued     (transient: backoff, Retry-After, offline, pause)
                      -> failed     (auth, rejected, out of attempts)   -> queued (retry)
                      -> uncertain  (may have posted, no way to ask)    -> sent | queued (resolve)
    held (late, policy "ask") -> queued (release);  any unsent -> cancelled (approval gone)

Why it is built this way (the exactly-once design, docs/publishing.md):

- A delivery's ``key`` is a hash of the workspace, post, review round, account and content
  hash: every retry of the same approved content to the same account carries the same key, and
  adapters hand it to the platform (``Idempotency-Key``) or find an earlier post by it.
- ``maybe_posted`` is committed *before* an adapter's ``publish`` starts and cleared only when
  the outcome is known. A delivery claimed with it set (a crash, or a connection lost after
  the request was sent) is reconciled with the platform before anything is sent again.
- The remote id is written in the same transaction that marks the delivery sent.
- Workers claim deliveries with a lease (owner = host, pid and a random id), so the window
  and a CLI worker never send the same one; a lease whose process died on this host, or that
  expired, is taken over, and the recovered delivery is reconciled first.

The worker that calls adapters lives in :mod:`studio.publish.worker`: the core never imports
adapters. This module only stores and moves deliveries, in small transactions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from studio.core.errors import NotFoundError
from studio.core.outbox_control import OutboxError
from studio.core.outbox_model import (
    FINAL,
    PENDING,
    STATES,
    Delivery,
    _delivery,
    delivery_key,
    iso,
    new_owner,
    owner_alive,
    utcnow,
)
from studio.core.timeutil import now_iso, parse_iso

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

__all__ = [
    "FINAL",
    "PENDING",
    "STATES",
    "Delivery",
    "Outbox",
    "delivery_key",
    "iso",
    "new_owner",
    "owner_alive",
    "utcnow",
]


class Outbox:
    """``ws.outbox``: deliveries of one workspace. Each method is one short transaction."""

    def __init__(self, workspace: Workspace):
        self.ws = workspace
        self.db = workspace.db

    # -- reading -------------------------------------------------------------------------
    def get(self, delivery_id: int) -> Delivery:
        row = self.db.conn.execute("SELECT * FROM delivery WHERE id = ?", (delivery_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no delivery #{delivery_id} in this workspace (see studio outbox)")
        return _delivery(row)

    def list(
        self, *, post_id: int | None = None, states: Iterable[str] | None = None
    ) -> list[Delivery]:
        sql, params = "SELECT * FROM delivery WHERE 1=1", []
        if post_id is not None:
            sql += " AND post_id = ?"
            params.append(post_id)
        if states is not None:
            states = list(states)
            sql += f" AND state IN ({','.join('?' * len(states))})"
            params += states
        return [_delivery(r) for r in self.db.conn.execute(sql + " ORDER BY id", params)]

    def busy(self, now: datetime | None = None) -> bool:
        """True while something is queued or sending whose scheduled time has come."""
        now_s = iso(now or utcnow())
        row = self.db.conn.execute(
            "SELECT COUNT(*) FROM delivery WHERE state IN ('queued', 'sending') "
            "AND coalesce(scheduled_at, '') <= ?",
            (now_s,),
        ).fetchone()
        return row[0] > 0

    def next_due(self) -> datetime | None:
        row = self.db.conn.execute(
            "SELECT min(max(coalesce(next_at, ''), coalesce(scheduled_at, ''))) FROM delivery "
            "WHERE state = 'queued'"
        ).fetchone()
        return parse_iso(row[0]) if row and row[0] else None

    # -- enqueue ---------------------------------------------------------------------------
    def enqueue(self, approved, accounts: list[str], scheduled_at: str | None) -> list[Delivery]:
        """One delivery per (target, account) of ``approved`` (an ApprovedContent).

        Runs inside the caller's transaction (with ``workflow.schedule``); a delivery already
        queued for the same key is kept, never doubled.
        """
        from studio.core import audit

        now = now_iso()
        when = iso(parse_iso(scheduled_at)) if scheduled_at else None
        ids = []
        with self.db.transaction() as conn:
            for target in approved.targets:
                if target.account not in accounts:
                    continue
                key = delivery_key(
                    approved.workspace_id,
                    approved.post_id,
                    approved.round,
                    target.account,
                    approved.content_hash,
                )
                conn.execute(
                    "INSERT INTO delivery (post_id, account, platform, round, content_hash, key, "
                    "state, scheduled_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT (key) DO NOTHING",
                    (
                        approved.post_id,
                        target.account,
                        target.platform,
                        approved.round,
                        approved.content_hash,
                        key,
                        "queued",
                        when,
                        now,
                        now,
                    ),
                )
                row = conn.execute("SELECT id FROM delivery WHERE key = ?", (key,)).fetchone()
                ids.append(row[0])
            audit.record(
                self.ws,
                "outbox.enqueued",
                approved.post_id,
                {
                    "deliveries": ids,
                    "accounts": sorted(accounts),
                    "content_hash": approved.content_hash,
                    "round": approved.round,
                    "scheduled_at": when,
                },
            )
        return [self.get(i) for i in ids]

    # -- claiming ------------------------------------------------------------------------
    def claim(
        self,
        owner: str,
        lease_seconds: float,
        now: datetime | None = None,
        *,
        reconcile_delay: float = 0.0,
    ):
        """Take the next due delivery for ``owner``; (delivery, recovered) or None.

        ``recovered`` is True when it was found in ``sending`` under a dead or expired lease:
        a worker crashed with it, and the runner must reconcile before sending again. One that
        may have posted is only taken ``reconcile_delay`` seconds after its publish began, so
        a request still being processed by the platform has landed before we look it up.
        """
        now = now or utcnow()
        now_s = iso(now)
        settled = iso(now - timedelta(seconds=reconcile_delay))
        until = iso(now + timedelta(seconds=lease_seconds))
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM delivery WHERE (state = 'queued' AND coalesce(next_at, '') <= ? "
                "AND coalesce(scheduled_at, '') <= ?) OR state = 'sending' "
                "ORDER BY coalesce(next_at, scheduled_at, created_at), id",
                (now_s, now_s),
            ).fetchall()
            for row in rows:
                recovered = row["state"] == "sending"
                if recovered and row["lease_owner"] == owner:
                    continue  # our own, in progress on another thread of this worker
                lease = row["lease_until"] or ""
                if recovered and owner_alive(row["lease_owner"]) and lease > now_s:
                    continue
                if recovered and row["maybe_posted"] and row["updated_at"] > settled:
                    continue
                conn.execute(
                    "UPDATE delivery SET state = 'sending', lease_owner = ?, lease_until = ?, "
                    "updated_at = ? WHERE id = ?",
                    (owner, until, now_s, row["id"]),
                )
                return self.get(row["id"]), recovered
        return None

    def renew(self, delivery_id: int, owner: str, lease_seconds: float) -> bool:
        until = iso(utcnow() + timedelta(seconds=lease_seconds))
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE delivery SET lease_until = ? WHERE id = ? AND lease_owner = ? "
                "AND state = 'sending'",
                (until, delivery_id, owner),
            )
        return cur.rowcount == 1

    # -- what a worker records -------------------------------------------------------------
    def _update(self, delivery_id: int, owner: str | None, sets: dict[str, Any]) -> Delivery:
        sets = {**sets, "updated_at": now_iso()}
        cols = ", ".join(f"{k} = ?" for k in sets)
        sql, params = f"UPDATE delivery SET {cols} WHERE id = ?", [*sets.values(), delivery_id]
        if owner is not None:
            sql += " AND lease_owner = ? AND state = 'sending'"
            params.append(owner)
        with self.db.transaction() as conn:
            cur = conn.execute(sql, params)
            if cur.rowcount != 1:
                raise OutboxError(
                    f"delivery #{delivery_id} is no longer held by this worker (another worker "
                    "took it over after a lease expired); it was left as that worker has it"
                )
        return self.get(delivery_id)

    def begin_attempt(self, d: Delivery, owner: str) -> Delivery:
        from studio.core import audit

        with self.db.transaction():
            d = self._update(d.id, owner, {"attempts": d.attempts + 1})
            audit.record(
                self.ws,
                "publish.attempted",
                d.post_id,
                {
                    "delivery": d.id,
                    "account": d.account,
                    "platform": d.platform,
                    "attempt": d.attempts,
                    "key": d.key[:16],
                    "reconcile_first": d.maybe_posted,
                },
            )
        return d

    def publish_started(self, d: Delivery, owner: str) -> Delivery:
        """Committed before the adapter's publish: from now on it may have posted."""
        return self._update(d.id, owner, {"maybe_posted": 1})

    def progress(self, delivery_id: int, owner: str, fraction: float, message: str) -> None:
        self._update(delivery_id, owner, {"progress": fraction, "progress_message": message[:200]})

    def remember(self, delivery_id: int, owner: str, key: str, value: Any) -> None:
        memo = self.get(delivery_id).memo
        memo[key] = value
        self._update(delivery_id, owner, {"memo": json.dumps(memo, ensure_ascii=False)})

    def finish(
        self, d: Delivery, owner: str | None, state: str, outcome: dict[str, Any], **sets: Any
    ) -> Delivery:
        """Move to ``state`` with the columns in ``sets``, release the lease, audit outcome."""
        from studio.core import audit

        if state not in STATES:
            raise ValueError(f"unknown delivery state {state!r}")
        with self.db.transaction():
            if state == "sent":
                sets.setdefault("sent_at", now_iso())
                sets.update(error_kind=None, error=None, maybe_posted=0, next_at=None)
            d = self._update(
                d.id, owner, {**sets, "state": state, "lease_owner": None, "lease_until": None}
            )
            audit.record(
                self.ws,
                "publish.outcome",
                d.post_id,
                {
                    "delivery": d.id,
                    "account": d.account,
                    "platform": d.platform,
                    "state": state,
                    "attempt": d.attempts,
                    **outcome,
                },
            )
        return d

    # -- people deciding -------------------------------------------------------------------
    def retry(self, delivery_id: int) -> Delivery:
        """A failed (or cancelled) delivery back to the queue, now; the post is rescheduled."""
        from studio.core import workflow

        d = self.get(delivery_id)
        if d.state not in ("failed", "cancelled"):
            raise OutboxError(
                f"delivery #{d.id} is {d.state}; only failed or cancelled deliveries can be "
                "retried" + (" (use `studio outbox resolve`)" if d.state == "uncertain" else "")
            )
        with self.db.transaction():
            if workflow.state_of(self.ws, d.post_id) == "failed":
                workflow.retry(self.ws, d.post_id)  # through the publish gate again
            d = self._requeue(d, "outbox.retried")
        return d

    def release(self, delivery_id: int) -> Delivery:
        """A late delivery held for confirmation goes out now."""
        d = self.get(delivery_id)
        if d.state != "held":
            raise OutboxError(f"delivery #{d.id} is {d.state}, not held; nothing to release")
        return self._requeue(d, "outbox.released")

    def resolve(self, delivery_id: int, *, posted_url: str | None, posted: bool) -> Delivery:
        """A person checked the platform: it went out (with its URL), or it did not."""
        d = self.get(delivery_id)
        if d.state not in ("uncertain", "failed"):
            raise OutboxError(f"delivery #{d.id} is {d.state}; resolve is for uncertain deliveries")
        if posted:
            d = self.finish(
                d,
                None,
                "sent",
                {"resolved_by_person": True, "url": posted_url},
                url=posted_url,
                remote_id=posted_url,
            )
            self.settle_post(d.post_id, d.round)
        else:
            d = self._requeue(d, "outbox.resolved_not_posted")
        return self.get(d.id)

    def _requeue(self, d: Delivery, action: str) -> Delivery:
        from studio.core import audit

        with self.db.transaction():
            d = self._update(
                d.id,
                None,
                {
                    "state": "queued",
                    "attempts": 0,
                    "next_at": None,
                    "scheduled_at": None if d.state == "held" else d.scheduled_at,
                    "maybe_posted": 0,
                    "error_kind": None,
                    "error": None,
                    "lease_owner": None,
                    "lease_until": None,
                },
            )
            audit.record(self.ws, action, d.post_id, {"delivery": d.id, "account": d.account})
        return d

    def cancel_pending(self, post_id: int, content_hash: str, reason: str) -> list[Delivery]:
        """The approval of this content is gone: nothing unsent of it may go out.

        Only deliveries of that content hash: a post approved again with new content has new
        deliveries, and those stand.
        """
        out = []
        for d in self.list(post_id=post_id, states=("queued", "held", "sending")):
            if d.content_hash != content_hash:
                continue
            out.append(
                self.finish(
                    d, None, "cancelled", {"reason": reason}, error_kind="cancelled", error=reason
                )
            )
        return out

    def hold_late(self, now: datetime | None = None) -> list[Delivery]:
        """Late queued deliveries (never tried, scheduled before the grace period) -> held."""
        from studio.core.outbox_control import late_grace_minutes

        now = now or utcnow()
        limit = iso(now - timedelta(minutes=late_grace_minutes(self.ws)))
        rows = self.db.conn.execute(
            "SELECT id FROM delivery WHERE state = 'queued' AND attempts = 0 AND scheduled_at "
            "IS NOT NULL AND scheduled_at < ?",
            (limit,),
        ).fetchall()
        out = []
        for (delivery_id,) in rows:
            d = self.get(delivery_id)
            out.append(
                self.finish(
                    d,
                    None,
                    "held",
                    {"late_since": d.scheduled_at},
                    error_kind="late",
                    error=f"was due at {d.scheduled_at}; release it (studio outbox release "
                    f"{d.id}) or cancel it by withdrawing the post",
                )
            )
        return out

    def settle_post(self, post_id: int, round: int) -> str | None:
        """When every delivery of the round is done: publish or fail the post; new state."""
        from studio.core import workflow

        rows = self.list(post_id=post_id)
        mine = [d for d in rows if d.round == round]
        if not mine or any(d.state in PENDING for d in mine):
            return None
        if workflow.state_of(self.ws, post_id) != "scheduled":
            return None
        sent = [d for d in mine if d.state == "sent"]
        failed = [d for d in mine if d.state == "failed"]
        detail = {
            "deliveries": {d.account: d.url or d.remote_id for d in sent},
            "round": round,
        }
        if failed:
            errors = "; ".join(f"{d.account}: {d.error}" for d in failed)
            workflow.mark_failed(
                self.ws, post_id, errors[:1000], {**detail, "failed": [d.id for d in failed]}
            )
            return "failed"
        if sent:
            workflow.mark_published(self.ws, post_id, mine[0].content_hash, detail)
            return "published"
        return None
