"""Shared fixtures: a real workspace on disk, the CLI in-process, tiny real media files."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
# Contract servers (loopback fakes that follow each platform's documented API) import as
# ``contract.<platform>``; they are test infrastructure, not test modules.
sys.path.insert(0, str(REPO / "tests" / "servers"))


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    """No test may touch the user's real workspace or kits."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STUDIO_WORKSPACE", str(home / "default-workspace"))
    monkeypatch.delenv("STUDIO_BRAND_KITS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


@pytest.fixture
def workspace(tmp_path):
    from studio.core.workspace import Workspace

    ws = Workspace(tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def cli(tmp_path, capsys):
    """Run `studio ...` in-process against a temp workspace; returns (code, stdout, stderr)."""
    from studio.cli import main

    ws_dir = tmp_path / "cli-ws"

    def run(*argv, json_out=False):
        code = main(["--workspace", str(ws_dir), *map(str, argv)])
        out, err = capsys.readouterr()
        if json_out:
            return code, json.loads(out), err
        return code, out, err

    run.workspace_dir = ws_dir
    return run


@pytest.fixture
def make_photo(tmp_path):
    """Write a small real photo; returns its path."""
    from PIL import Image

    counter = iter(range(10_000))

    def make(name="photo.jpg", size=(640, 480), colour=None, fmt=None, exif=None):
        path = tmp_path / "src" / name
        path.parent.mkdir(exist_ok=True)
        n = next(counter)
        img = Image.new("RGB", size, colour or (40 + n * 7 % 200, 90, 160 - n % 100))
        kwargs = {"exif": exif} if exif is not None else {}
        img.save(path, format=fmt, **kwargs)
        return path

    return make
