"""Debounced autosave: edits are written within about a second of typing stopping.

Panels call :meth:`AutoSaver.schedule` on every change with a *key* (what is being saved, e.g.
``("text", post_id, "ar")``) and a function that writes the current value through a core
service. A later change to the same key replaces the pending write, so a burst of keystrokes
costs one small transaction. Writes run on the ``"db"`` lane (one thread, in order), so two
saves of the same field can never land out of order. ``flush_now`` writes everything pending on
the calling thread: the window calls it on close so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.core.errors import StudioError
from studio.gui import ops

SAVED, UNSAVED, SAVING, FAILED = "saved", "unsaved", "saving", "failed"


class AutoSaver(QObject):
    """Signals
    -------
    sig_state(str, str)
        ``saved`` | ``unsaved`` | ``saving`` | ``failed`` and, for ``failed``, the reason.
    """

    sig_state = Signal(str, str)

    def __init__(self, delay_ms: int = 800, parent: QObject | None = None):
        super().__init__(parent)
        self._pending: dict[Hashable, tuple[Callable[[], Any], Callable[[Any], None] | None]] = {}
        self._in_flight = 0
        self._state = SAVED
        self._error = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    @property
    def state(self) -> str:
        return self._state

    @property
    def error(self) -> str:
        return self._error

    def has_pending(self) -> bool:
        return bool(self._pending) or self._in_flight > 0

    def schedule(
        self,
        key: Hashable,
        save: Callable[[], Any],
        on_saved: Callable[[Any], None] | None = None,
    ) -> None:
        """Write ``save()`` after the delay; ``on_saved(result)`` runs on the UI thread."""
        self._pending[key] = (save, on_saved)
        self._timer.start()
        self._set(UNSAVED)

    def flush(self) -> None:
        """Start writing everything pending now (in the background)."""
        self._timer.stop()
        if not self._pending:
            return
        batch = list(self._pending.values())
        self._pending.clear()
        self._in_flight += 1
        self._set(SAVING)

        def write(_ctx):
            results, errors = [], []
            for save, on_saved in batch:
                try:
                    results.append((on_saved, save()))
                except StudioError as exc:  # e.g. an empty title: say so, keep the other fields
                    errors.append(exc)
            return results, errors

        ops.op(write).on_lane("db").on_success(self._written).on_failure(self._failed).run()

    def flush_now(self) -> None:
        """Write everything pending on this thread, after the writes already under way (only
        the ``db`` lane is awaited: a render in progress must not hold up a save)."""
        self._timer.stop()
        ops.wait_lane("db")
        batch = list(self._pending.values())
        self._pending.clear()
        for save, on_saved in batch:
            try:
                result = save()
            except StudioError as exc:
                self._error = str(exc)
                self._set(FAILED)
                continue
            if on_saved is not None:
                on_saved(result)
        if self._state != FAILED:
            self._set(SAVED)

    def _written(self, outcome) -> None:
        results, errors = outcome
        self._in_flight -= 1
        for on_saved, result in results:
            if on_saved is not None:
                on_saved(result)
        if errors:
            self._error = "; ".join(str(e) for e in errors)
            self._set(FAILED)
        elif not self.has_pending():
            self._set(SAVED)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight -= 1
        self._error = str(exc)
        self._set(FAILED)
        ops.notifier().error(exc)

    def _set(self, state: str) -> None:
        if state != FAILED:
            self._error = ""
        if state != self._state or state == FAILED:
            self._state = state
            self.sig_state.emit(state, self._error)
