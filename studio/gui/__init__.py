"""The desktop app (PySide6): a thin layer over :mod:`studio.core`.

Importing this package does not import Qt; :func:`run_app` does, so ``studio --help`` and the
headless commands stay fast.
"""

from __future__ import annotations


def run_app(workspace: str | None = None, lang: str | None = None) -> int:
    """Open the studio window on ``workspace`` and run until it closes; the exit code."""
    from studio.gui.app import run

    return run(workspace, lang)
