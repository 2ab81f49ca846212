"""Project-wide contracts: the core never imports Qt, and the code is lint-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed in the test environment")
    return found


def test_import_contracts_hold():
    result = subprocess.run(
        [_tool("lint-imports")], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_modules_import_without_qt():
    code = (
        "import sys, pkgutil, importlib, studio.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'studio.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60)


def test_ruff_is_clean():
    result = subprocess.run(
        [_tool("ruff"), "check", "studio", "tests", "bench", "tools"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_machine_paths_in_tracked_files():
    result = subprocess.run(
        [
            "git",
            "grep",
            "-nI",
            "-e",
            "/work/main",
            "-e",
            "/root/",
            "--",
            ".",
            ":!tests/test_architecture.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.stdout == "", "machine-specific paths committed:\n" + result.stdout
