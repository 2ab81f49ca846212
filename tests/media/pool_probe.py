"""Run a render in a fresh process and report which processes decoded photos.

Tests import this helper: a render pool forks only from a process with no other threads, and
a long pytest run always has some (Qt's thread pools), so the check runs where it is true.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_SCRIPT = """
import os, sys
from pathlib import Path
from studio.core.workspace import Workspace
from studio.media import photo_render
from studio.media.render import render_post

pids, root, post_id, out = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
real = photo_render.decode

def spy(*args, **kwargs):
    (pids / str(os.getpid())).touch()
    return real(*args, **kwargs)

photo_render.decode = spy  # inherited by the forked workers
with Workspace(root) as ws:
    render_post(ws, post_id, Path(out))
print(os.getpid())
"""


def decoding_processes(ws_root: Path, post_id: int, out: Path, scratch: Path) -> tuple[set, int]:
    """(pids of the processes that decoded a photo, pid of the rendering process)."""
    pids = scratch / "pids"
    pids.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(pids), str(ws_root), str(post_id), str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.returncode == 0, proc.stderr
    return {int(p.name) for p in pids.iterdir()}, int(proc.stdout.split()[-1])
