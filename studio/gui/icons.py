"""The studio's own icons: small original SVGs beside this module (no third-party marks)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent / "icons"


@cache
def icon(name: str) -> QIcon:
    """``icons/<name>.svg`` as a QIcon (Qt renders SVG sharply at every size and scale)."""
    path = ICON_DIR / f"{name}.svg"
    if not path.exists():
        raise FileNotFoundError(f"missing GUI icon {path}")
    return QIcon(str(path))
