"""Entry point of the windowed program (Windows ``HeritageStudio.exe``, the macOS ``.app``):
``studio app`` with any extra arguments, and no console window.

``freeze_support()`` first, as in ``launch_studio.py``: render workers re-run this program.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from studio.cli import main

    raise SystemExit(main(["app", *sys.argv[1:]]))
