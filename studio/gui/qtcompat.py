"""Workarounds for defects of the Qt binding in use, each detected at run time, never assumed.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a reference to it,
so every ``emit`` called from Python drops one reference to ``True``. On Python 3.11, where
``True`` is an ordinary object with a few hundred references, the app aborts with "Fatal Python
error: bool_dealloc" after a few hundred emits (a minute of typing). Measured on this machine:
``sys.getrefcount(True)`` falls by exactly one per ``emit``, connected or not.

The workaround gives ``True`` a very large reference count once, which is what Python 3.12
does for it anyway (immortal objects): at one lost reference per emit it would take ~10**12
emits to matter. It is applied only when a probe shows the defect, so a fixed PySide6 (or
Python 3.12+, where the probe shows nothing) runs untouched.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)
_RESERVE = 1 << 40
_applied = False


class _Probe(QObject):
    sig = Signal()


def emit_drops_true_references() -> bool:
    """True when ``Signal.emit`` loses a reference to ``True`` (measured, 8 emits)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.sig.emit()
    after = sys.getrefcount(True)
    probe.deleteLater()
    return before - after >= 8


def install() -> bool:
    """Apply the workarounds this binding needs; True if one was applied. Idempotent."""
    global _applied
    if _applied:
        return True
    if sys.version_info < (3, 12) and emit_drops_true_references():
        refcount = ctypes.c_ssize_t.from_address(id(True))
        refcount.value += _RESERVE
        _applied = True
        import PySide6

        log.warning(
            "PySide6 %s drops a reference to True on every Signal.emit(); "
            "reserved references so the app cannot crash (see studio/gui/qtcompat.py)",
            PySide6.__version__,
        )
    return _applied
