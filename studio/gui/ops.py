"""The one way the GUI runs background work, after Anki's ``QueryOp``.

    op(fn).on_success(cb).on_failure(cb).with_progress(label).run()

``fn(ctx)`` runs on a worker thread and never touches widgets; it may call ``ctx.cancelled()``
(the cancellation flag) and ``ctx.progress(done, total, text)``. Results, progress and failures
come back on the UI thread through queued signals. A failure without its own handler goes to
the single :func:`notifier`, which the main window shows in the status bar, so no error is lost.

Work runs on named *lanes*, each a ``QThreadPool``:

- ``"db"``: one thread for short writes (autosave, metadata edits), in submission order, so two
  saves of the same field never race.
- ``"jobs"``: one thread for long batches (import, sample seeding). Kept apart from ``"db"`` so
  a minute-long import never delays an autosave by more than one SQLite transaction.
- ``"render"``: a pool for CPU work without writes (thumbnails, searches).

Workers use the workspace database freely: ``Database.conn`` opens one connection per thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal
from shiboken6 import isValid

from studio.core.errors import StudioError
from studio.gui import qtcompat

log = logging.getLogger(__name__)
qtcompat.install()  # before any signal is emitted: see the module's docstring

LANES = ("db", "jobs", "render")
_pools: dict[str, QThreadPool] = {}
_running: set[Op] = set()


def _pool(lane: str) -> QThreadPool:
    if lane not in LANES:
        raise ValueError(f"unknown lane {lane!r}; use one of {LANES}")
    pool = _pools.get(lane)
    if pool is None:
        pool = QThreadPool()
        pool.setObjectName(f"studio-{lane}")
        pool.setMaxThreadCount(
            max(2, min(4, QThread.idealThreadCount())) if lane == "render" else 1
        )
        pool.setExpiryTimeout(2000)
        _pools[lane] = pool
    return pool


class Notifier(QObject):
    """Where every unhandled background failure and every status message goes.

    Signals
    -------
    sig_error(str, str)
        A short message for the user and the technical detail (traceback or "").
    sig_message(str, int)
        A status message and how long to show it in milliseconds (0: until replaced).
    sig_activity(object)
        An :class:`Op` with progress started; the status bar shows and follows it.
    """

    sig_error = Signal(str, str)
    sig_message = Signal(str, int)
    sig_activity = Signal(object)

    def error(self, exc: BaseException) -> None:
        if isinstance(exc, StudioError):
            self.sig_error.emit(str(exc), "")
            return
        detail = "".join(traceback.format_exception(exc))
        log.error("background task failed:\n%s", detail)
        self.sig_error.emit(f"{type(exc).__name__}: {exc}", detail)

    def message(self, text: str, timeout_ms: int = 4000) -> None:
        self.sig_message.emit(text, timeout_ms)


_notifier: Notifier | None = None


def notifier() -> Notifier:
    global _notifier
    if _notifier is None or not isValid(_notifier):
        _notifier = Notifier()
    return _notifier


class OpContext:
    """What ``fn`` receives: the cancellation flag and a thread-safe progress reporter."""

    def __init__(self, bridge: _Bridge):
        self._bridge = bridge
        self._cancel = threading.Event()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._bridge.progressed.emit(int(done), int(total), str(text))


class _Bridge(QObject):
    """Lives on the UI thread; signals emitted from the worker are queued to it."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(self, op: Op):
        super().__init__()
        self.setAutoDelete(True)
        self._op = op

    def run(self) -> None:
        op = self._op
        try:
            result = op._fn(op.ctx)
        except BaseException as exc:
            op._bridge.failed.emit(exc)
        else:
            op._bridge.finished.emit(result)


class Op:
    """A background call with its UI-thread callbacks. Build with :func:`op`, then ``run()``.

    Signals of the progress side are on ``self.sig`` (a QObject): ``progressed(done, total,
    text)``, ``finished(result)``, ``failed(exc)``; the status bar listens to them.
    """

    def __init__(self, fn: Callable[[OpContext], Any]):
        self._fn = fn
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress: Callable[[int, int, str], None] | None = None
        self._owner: QObject | None = None
        self.lane = "render"
        self.label = ""
        self.cancellable = False
        self.show_activity = False
        self._bridge = _Bridge()
        self.sig = self._bridge
        self.ctx = OpContext(self._bridge)
        self.done = False

    # -- building -----------------------------------------------------------------------
    def on_success(self, cb: Callable[[Any], None]) -> Op:
        self._success = cb
        return self

    def on_failure(self, cb: Callable[[BaseException], None]) -> Op:
        self._failure = cb
        return self

    def on_lane(self, lane: str) -> Op:
        _pool(lane)
        self.lane = lane
        return self

    def with_progress(
        self,
        label: str,
        *,
        on_progress: Callable[[int, int, str], None] | None = None,
        cancellable: bool = True,
    ) -> Op:
        """Show this op in the status bar (label, bar, Cancel) and/or call ``on_progress``."""
        self.label = label
        self._progress = on_progress
        self.cancellable = cancellable
        self.show_activity = True
        return self

    def owned_by(self, owner: QObject) -> Op:
        """Skip the callbacks if ``owner`` was deleted before the work finished."""
        self._owner = owner
        return self

    # -- running ------------------------------------------------------------------------
    def cancel(self) -> None:
        self.ctx._cancel.set()

    def run(self) -> Op:
        self._bridge.finished.connect(self._on_finished)
        self._bridge.failed.connect(self._on_failed)
        self._bridge.progressed.connect(self._on_progress)
        _running.add(self)
        if self.show_activity:
            notifier().sig_activity.emit(self)
        _pool(self.lane).start(_Runnable(self))
        return self

    def _alive(self) -> bool:
        return self._owner is None or isValid(self._owner)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self._progress is not None and self._alive():
            self._progress(done, total, text)

    def _on_finished(self, result: Any) -> None:
        self._finish()
        if self._success is not None and self._alive():
            try:
                self._success(result)
            except Exception as exc:  # a broken callback must still reach the user
                notifier().error(exc)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        if self._failure is not None and self._alive():
            try:
                self._failure(exc)
            except Exception as inner:
                notifier().error(inner)
        else:
            notifier().error(exc)

    def _finish(self) -> None:
        self.done = True
        _running.discard(self)


def op(fn: Callable[[OpContext], Any]) -> Op:
    """Start building a background operation around ``fn(ctx)``."""
    return Op(fn)


def running() -> list[Op]:
    """Ops whose result has not reached the UI thread yet."""
    return list(_running)


def cancel_all() -> None:
    for item in list(_running):
        item.cancel()


def wait_all(timeout_ms: int = 30_000) -> bool:
    """Block until every lane is idle and every result was delivered; True when all done.

    Used on close (so the workspace is closed after the last write) and by tests (so no
    worker outlives its test).
    """
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer

    deadline = QDeadlineTimer(timeout_ms)
    while True:
        for pool in _pools.values():
            if not pool.waitForDone(max(1, int(deadline.remainingTime()))):
                return False
        QCoreApplication.processEvents()
        if not _running and all(p.activeThreadCount() == 0 for p in _pools.values()):
            return True
        if deadline.hasExpired():
            return False


def wait_lane(lane: str, timeout_ms: int = 30_000) -> bool:
    """Block until one lane is idle (its results delivered); True when it is.

    Autosave's synchronous flush waits for the ``db`` lane only, so a save on close or before
    a review action never waits for a long render on the ``jobs`` or ``render`` lane.
    """
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer

    pool = _pool(lane)
    deadline = QDeadlineTimer(timeout_ms)
    while True:
        if not pool.waitForDone(max(1, int(deadline.remainingTime()))):
            return False
        QCoreApplication.processEvents()
        if pool.activeThreadCount() == 0 and not any(o.lane == lane for o in _running):
            return True
        if deadline.hasExpired():
            return False


def lane_drained(lane: str, timeout_ms: int = 30_000) -> bool:
    """From a worker: wait until the writes already queued on ``lane`` ran (no UI events).

    The Review screen reads a post's status on the ``render`` lane (it may render the post,
    which must not hold up autosaves on ``db``), after the edits queued before it are written.
    """
    return _pool(lane).waitForDone(timeout_ms)
