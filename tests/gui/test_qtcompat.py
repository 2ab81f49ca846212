"""The binding workaround: emitting signals many times must never exhaust ``True``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_many_emits_do_not_crash_the_interpreter():
    """10,000 emits, then a garbage collection at exit: the PySide6 6.12.0 defect aborts here."""
    code = (
        "from studio.gui import ops\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class S(QObject):\n"
        "    sig = Signal(object)\n"
        "s = S()\n"
        "s.sig.connect(lambda v: None)\n"
        "for i in range(10_000):\n"
        "    s.sig.emit(i)\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
