"""PyInstaller runtime hook (macOS bundle): load the bundled FriBiDi before Pillow asks for it.

Pillow's RAQM opens ``libfribidi.0.dylib`` by bare name, and dyld looks for bare names only in
its fallback folders, never inside an ``.app``; a library already loaded under that name is
reused. ``studio --self-check`` (the ``raqm`` line) shows whether shaping works.
"""

import ctypes
import os
import sys

_path = os.path.join(getattr(sys, "_MEIPASS", ""), "libfribidi.0.dylib")
if os.path.exists(_path):
    ctypes.CDLL(_path, mode=ctypes.RTLD_GLOBAL)
