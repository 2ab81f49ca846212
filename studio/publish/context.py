"""A plain :class:`~studio.publish.protocol.Context`: memory-backed, for tests and tools.

The outbox's runner subclasses it to persist ``remember`` in the workspace and to tie
``check_cancelled`` to the crisis pause; adapters must not care which one they get.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from studio.publish.http import new_session
from studio.publish.protocol import Credentials, TransientError


class Cancelled(TransientError):
    """Publishing was paused or cancelled between two steps; nothing half-sent is lost."""


class LocalContext:
    def __init__(
        self,
        credentials: Credentials,
        *,
        http: Any = None,
        on_progress: Callable[[float, str], None] | None = None,
        cancel: threading.Event | None = None,
        memo: dict[str, Any] | None = None,
    ):
        self.http = http if http is not None else new_session()
        self.credentials = credentials
        self.memo: dict[str, Any] = memo if memo is not None else {}
        self._on_progress = on_progress
        self._cancel = cancel or threading.Event()

    def progress(self, fraction: float, message: str = "") -> None:
        if self._on_progress is not None:
            self._on_progress(max(0.0, min(1.0, fraction)), message)

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("publishing was paused; this delivery resumes where it stopped")

    def remember(self, key: str, value: Any) -> None:
        self.memo[key] = value

    def recall(self, key: str) -> Any:
        return self.memo.get(key)

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + max(0.0, seconds)
        while True:
            self.check_cancelled()
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._cancel.wait(min(left, 0.25))
