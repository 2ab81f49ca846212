"""The outbox worker: claims due deliveries and sends them, one at a time, until told to stop.

``studio outbox run`` drives it from the command line; the window runs the same class in a
thread and listens through ``on_state(delivery)`` and ``on_progress(id, fraction, message)``
(called on the worker's thread: a Qt layer re-emits them as signals). ``stop()`` is safe
from any thread: the current request finishes or is abandoned at the next chunk, and the
delivery is left for the next worker to reconcile.

Retry policy: exponential backoff with full jitter (``base * 2**(attempt-1)``, capped, times a
random factor in [0.5, 1]); a platform's Retry-After wins when it asks for longer; being
offline waits ``offline_wait`` without using up an attempt; auth and rejected-content errors
fail at once with the platform's own words.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from studio.core import outbox_control
from studio.core.errors import StudioError
from studio.core.outbox import Delivery, iso, new_owner, utcnow
from studio.core.outbox_control import OutboxError
from studio.core.secrets import KeyringUnavailableError
from studio.publish import registry as adapter_registry
from studio.publish.context import Cancelled
from studio.publish.delivery_context import DeliveryContext
from studio.publish.http import new_session
from studio.publish.protocol import (
    AdapterError,
    AuthError,
    RateLimitedError,
    RejectedError,
    TransientError,
    UncertainError,
)
from studio.publish.runner import (
    GateClosed,
    credentials_for,
    describe,
    prepare_request,
    secret_values,
)

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

StateListener = Callable[[Delivery], None]
ProgressListener = Callable[[int, float, str], None]


@dataclass
class Policy:
    backoff_base: float = 5.0  # seconds before the first retry
    backoff_cap: float = 30 * 60.0
    max_attempts: int = 8
    offline_wait: float = 60.0
    lease_seconds: float = 300.0
    poll: float = 2.0  # idle wait between looks at the queue
    # Before looking up whether an interrupted publish landed: longer than a platform can
    # still be working on a request the client gave up on (the read timeout is 60 s).
    reconcile_delay: float = 90.0
    max_retry_after: float = 6 * 3600.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        delay = min(self.backoff_cap, self.backoff_base * 2 ** max(0, attempt - 1))
        return delay * rng.uniform(0.5, 1.0)


@dataclass
class RunSummary:
    attempts: int = 0
    states: dict[int, str] = field(default_factory=dict)  # delivery id -> last state
    held: list[int] = field(default_factory=list)
    paused: bool = False


class Worker:
    def __init__(
        self,
        ws: Workspace,
        *,
        policy: Policy | None = None,
        on_state: StateListener | None = None,
        on_progress: ProgressListener | None = None,
        rng: random.Random | None = None,
        http_factory: Callable[[], Any] = new_session,
    ):
        self.ws = ws
        self.policy = policy or Policy()
        self.owner = new_owner()
        self.on_state = on_state
        self.on_progress = on_progress
        self.rng = rng or random.Random()
        self.http_factory = http_factory
        self._stop = threading.Event()
        self._hide: list[str] = []  # the current account's secret values, kept out of records

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # -- the loop ---------------------------------------------------------------------------
    def run(
        self,
        *,
        once: bool = False,
        until_idle: bool = False,
        until: Callable[[], bool] | None = None,
    ) -> RunSummary:
        """Send due deliveries. ``once``: one pass over what is due now; ``until_idle``: until
        nothing is queued or sending except deliveries scheduled later; ``until``: a predicate
        checked between deliveries (``studio publish --wait``)."""
        summary = RunSummary()
        started = utcnow()  # ``once``: only what was due when the pass began
        if outbox_control.late_policy(self.ws) == "ask":
            for d in self.ws.outbox.hold_late():
                summary.held.append(d.id)
                self._emit(d, summary)
        while not self._stop.is_set():
            if until is not None and until():
                break
            if outbox_control.paused(self.ws) is not None:
                summary.paused = True
                if once or until_idle:
                    break
                self._stop.wait(self.policy.poll)
                continue
            claimed = self.ws.outbox.claim(
                self.owner,
                self.policy.lease_seconds,
                now=started if once else None,
                reconcile_delay=self.policy.reconcile_delay,
            )
            if claimed is not None:
                delivery, recovered = claimed
                self._emit(delivery, summary)
                summary.attempts += 1
                try:
                    self._emit(self.attempt(delivery, recovered=recovered), summary)
                except OutboxError:
                    # Our lease ran out and another worker took the delivery over: it is
                    # theirs now (and reconciled by them); this worker goes on.
                    self._emit(self.ws.outbox.get(delivery.id), summary)
                continue
            if once or (until_idle and not self.ws.outbox.busy()):
                break
            self._stop.wait(self._idle_wait())
        return summary

    def _idle_wait(self) -> float:
        due = self.ws.outbox.next_due()
        if due is None:
            return self.policy.poll
        return max(0.05, min(self.policy.poll, (due - utcnow()).total_seconds()))

    def _emit(self, d: Delivery, summary: RunSummary) -> None:
        summary.states[d.id] = d.state
        if self.on_state is not None:
            self.on_state(d)

    # -- one attempt ------------------------------------------------------------------------
    def attempt(self, d: Delivery, *, recovered: bool = False) -> Delivery:
        """Run one attempt of a claimed delivery and record where it stands after it."""
        outbox = self.ws.outbox
        try:
            prepared = prepare_request(self.ws, d)
            cls = adapter_registry.get_adapter(prepared.record.platform)
            creds = credentials_for(self.ws, prepared.record, cls.SECRET.required)
        except GateClosed as exc:
            cancelled = outbox.cancel_pending(d.post_id, d.content_hash, str(exc))
            return next((c for c in cancelled if c.id == d.id), outbox.get(d.id))
        except KeyringUnavailableError as exc:  # locked or gone for now: wait, like offline
            next_at = iso(utcnow() + timedelta(seconds=self.policy.offline_wait))
            return outbox.finish(
                d,
                self.owner,
                "queued",
                {"kind": "keyring", "error": str(exc), "next_at": next_at},
                next_at=next_at,
                error_kind="keyring",
                error=str(exc),
            )
        except StudioError as exc:  # unknown adapter, keyring unusable, no secret
            return self._fail(d, "setup", {"error": str(exc)})
        self._hide = secret_values(creds.secret)
        d = outbox.begin_attempt(d, self.owner)
        ctx = DeliveryContext(
            self.ws,
            d.id,
            self.owner,
            creds,
            http=self.http_factory(),
            memo=d.memo,
            stop=self._stop,
            lease_seconds=self.policy.lease_seconds,
            on_progress=self.on_progress,
        )
        adapter = cls(prepared.request.account, ctx)
        request = prepared.request
        publishing = False
        maybe = d.maybe_posted  # True while an earlier attempt may have posted
        try:
            ctx.check_cancelled()  # the pause, read again right before the first request
            if maybe:
                found = adapter.reconcile(request)
                if found is not None:
                    return self._sent(d, found, reconciled=True)
                maybe = False  # the platform says it is not there: send it (same key)
            problems = adapter.prepare(request)
            if problems:
                raise RejectedError("; ".join(problems))
            uploads = []
            for i, media in enumerate(request.media):
                ctx.check_cancelled()
                uploads.append(adapter.upload(media, request))
                ctx.progress((i + 1) / (len(request.media) + 1), f"uploaded {media.path.name}")
            ctx.check_cancelled()
            d = outbox.publish_started(d, self.owner)
            publishing = maybe = True
            published = adapter.publish(request, uploads)
            return self._sent(d, published, reconciled=False)
        except UncertainError as exc:
            return self._finish(d, "uncertain", "uncertain", exc)
        except Cancelled as exc:
            # Paused or stopping: back to the queue without using up the attempt. If publish
            # was under way its outcome is unknown, so the next attempt reconciles first.
            return self._requeue(d, exc, 0.0, refund=True, maybe=maybe)
        except RateLimitedError as exc:
            wait = self.policy.backoff(d.attempts, self.rng)
            if exc.retry_after is not None:
                wait = max(wait, min(exc.retry_after, self.policy.max_retry_after))
            return self._retry_or_fail(d, exc, wait, maybe=maybe and not publishing)
        except TransientError as exc:
            if publishing:
                # A response (5xx) means the platform answered and did not post; a connection
                # lost or a timeout after the request left may have posted: reconcile first.
                maybe = exc.status is None and not exc.offline
            if exc.offline:
                return self._requeue(d, exc, self.policy.offline_wait, refund=True, maybe=maybe)
            wait = self.policy.backoff(d.attempts, self.rng)
            return self._retry_or_fail(d, exc, wait, maybe=maybe)
        except AuthError as exc:
            return self._finish(d, "failed", "auth", exc)
        except RejectedError as exc:
            return self._finish(d, "failed", "rejected", exc)
        except AdapterError as exc:
            return self._finish(d, "failed", "adapter", exc)
        except StudioError as exc:  # e.g. a file changed on disk after the gate: check again
            wait = self.policy.backoff(d.attempts, self.rng)
            return self._retry_or_fail(d, exc, wait, maybe=maybe and not publishing)
        except Exception as exc:  # an adapter bug; if it was publishing, nobody knows
            kind = "uncertain" if publishing else "failed"
            return self._finish(d, kind, "adapter_bug", exc)

    # -- outcomes ---------------------------------------------------------------------------
    def _sent(self, d: Delivery, published, *, reconciled: bool) -> Delivery:
        extra = dict(getattr(published, "extra", {}) or {})
        d = self.ws.outbox.finish(
            d,
            self.owner,
            "sent",
            {
                "remote_id": published.remote_id,
                "url": published.url,
                "reconciled": reconciled,
                "extra": extra,
            },
            remote_id=published.remote_id,
            url=published.url,
            progress=1.0,
        )
        self.ws.outbox.settle_post(d.post_id, d.round)
        return d

    def _finish(self, d: Delivery, state: str, kind: str, exc: BaseException) -> Delivery:
        info = describe(exc, self._hide)
        d = self.ws.outbox.finish(
            d, self.owner, state, {"kind": kind, **info}, error_kind=kind, error=info["error"]
        )
        self.ws.outbox.settle_post(d.post_id, d.round)
        return d

    def _fail(self, d: Delivery, kind: str, info: dict[str, Any]) -> Delivery:
        d = self.ws.outbox.finish(
            d, self.owner, "failed", {"kind": kind, **info}, error_kind=kind, error=info["error"]
        )
        self.ws.outbox.settle_post(d.post_id, d.round)
        return d

    def _retry_or_fail(self, d: Delivery, exc, wait: float, *, maybe: bool) -> Delivery:
        if d.attempts >= self.policy.max_attempts:
            if maybe:
                return self._finish(d, "uncertain", "uncertain", exc)
            return self._finish(d, "failed", "transient", exc)
        return self._requeue(d, exc, wait, refund=False, maybe=maybe)

    def _requeue(self, d, exc, wait: float, *, refund: bool, maybe: bool) -> Delivery:
        info = describe(exc, self._hide)
        kind = "paused" if isinstance(exc, Cancelled) else "retry"
        if isinstance(exc, TransientError) and exc.offline:
            kind = "offline"
        if maybe:  # let a request the platform may still be processing land first
            wait = max(wait, self.policy.reconcile_delay)
        next_at = iso(utcnow() + timedelta(seconds=wait))
        return self.ws.outbox.finish(
            d,
            self.owner,
            "queued",
            {"kind": kind, "next_at": next_at, "may_have_posted": maybe, **info},
            next_at=next_at,
            attempts=d.attempts - 1 if refund else d.attempts,
            maybe_posted=1 if maybe else 0,
            error_kind=kind,
            error=info["error"],
        )
