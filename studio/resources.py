"""Where bundled read-only resources live (assets/, brand_kits/), from a checkout or a bundle.

A source checkout keeps them at the repository top level beside ``studio/``; a PyInstaller
bundle unpacks them under ``sys._MEIPASS``. Nothing else in the code should guess paths.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent


def resource_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else _PACKAGE_PARENT


def assets_dir() -> Path:
    return resource_root() / "assets"


def bundled_kits_dir() -> Path:
    return resource_root() / "brand_kits"
