"""The Context an adapter gets from the outbox: persisted memory, the pause, the lease.

Why not the plain LocalContext: ``remember`` must survive a crash (an upload id lets the next
attempt resume instead of uploading twice), ``check_cancelled`` and ``sleep`` must notice the
workspace-wide crisis pause set by another process, and a long upload must keep renewing the
delivery's lease so no second worker takes it over meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from studio.core import outbox_control
from studio.core.outbox_control import OutboxError
from studio.publish.context import Cancelled, LocalContext
from studio.publish.protocol import Credentials

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


class DeliveryContext(LocalContext):
    def __init__(
        self,
        ws: Workspace,
        delivery_id: int,
        owner: str,
        credentials: Credentials,
        *,
        http: Any,
        memo: dict[str, Any],
        stop: threading.Event,
        lease_seconds: float,
        on_progress: Callable[[int, float, str], None] | None = None,
    ):
        super().__init__(credentials, http=http, memo=dict(memo), cancel=stop)
        self.ws = ws
        self.delivery_id = delivery_id
        self.owner = owner
        self.lease_seconds = lease_seconds
        self._notify = on_progress
        self._renewed = time.monotonic()
        self._last_progress = 0.0
        self._lost = False

    def check_cancelled(self) -> None:
        super().check_cancelled()  # the worker is stopping
        self._check_lease()
        # Read every time (one indexed SQLite row): another process may have paused just now.
        pause = outbox_control.paused(self.ws)
        if pause is not None:
            raise Cancelled(f"publishing was paused ({pause.reason}); it resumes later")
        self._heartbeat(time.monotonic())

    def _heartbeat(self, now: float) -> None:
        if now - self._renewed >= self.lease_seconds / 3:
            self._renewed = now
            if not self.ws.outbox.renew(self.delivery_id, self.owner, self.lease_seconds):
                self._lost = True

    def _check_lease(self) -> None:
        if self._lost:  # another worker took the delivery over: stop before the next request
            raise Cancelled("this worker's lease on the delivery expired; another worker has it")

    def progress(self, fraction: float, message: str = "") -> None:
        fraction = max(0.0, min(1.0, fraction))
        now = time.monotonic()
        if (now - self._last_progress >= 0.5 or fraction >= 1.0) and not self._lost:
            self._last_progress = now
            try:
                self.ws.outbox.progress(self.delivery_id, self.owner, fraction, message)
            except OutboxError:  # the lease is gone; check_cancelled stops the adapter
                self._lost = True
        if self._notify is not None:
            self._notify(self.delivery_id, fraction, message)
        self._heartbeat(now)

    def remember(self, key: str, value: Any) -> None:
        super().remember(key, value)
        self.ws.outbox.remember(self.delivery_id, self.owner, key, value)
