"""`studio --version` and `studio --self-check [--json]` from the source checkout (the venv).

The bundle runs the same checks in test_bundle.py; here they run in-process where that is fast
and in a subprocess where a check would leave state behind (a QGuiApplication, worker pools).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import studio
from studio.cli import main
from studio.selfcheck import CHECKS, CheckResult, format_report, run_checks, to_json

REPO = Path(__file__).resolve().parents[2]


def test_version_flag_prints_the_one_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"Heritage Studio {studio.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]|rc)?\d*", studio.__version__)
    pyproject = (REPO / "pyproject.toml").read_text("utf-8")
    assert 'version = { attr = "studio.__version__" }' in pyproject  # nothing else to bump


def test_json_flag_before_a_command_needs_self_check(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--json", "posts"])
    assert exc.value.code == 2
    assert "only goes with --self-check" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--self-check", "posts"])
    assert exc.value.code == 2
    assert "leave out the command" in capsys.readouterr().err


def test_broken_ffmpeg_fails_its_check_with_the_reason_and_others_still_run(monkeypatch):
    monkeypatch.setenv("STUDIO_FFMPEG", "/nonexistent/ffmpeg")
    results = run_checks(only=("ffmpeg", "data"))
    by = {r.name: r for r in results}
    assert not by["ffmpeg"].ok and "STUDIO_FFMPEG" in by["ffmpeg"].detail
    assert by["data"].ok, by["data"].detail
    report = format_report(results)
    assert re.search(r"^FAIL  ffmpeg .*/nonexistent/ffmpeg", report, re.M)
    assert re.search(r"^OK    data ", report, re.M)
    assert report.endswith("1 of 2 checks failed")
    assert to_json(results)["ok"] is False


def test_existing_workspace_is_opened_not_replaced(workspace, make_photo):
    workspace.library.import_files([make_photo()])
    [result] = run_checks(str(workspace.root), only=("workspace",))
    assert result.ok, result.detail
    assert result.detail == f"{workspace.root}: 1 media, 0 posts, database ok"


def test_a_damaged_workspace_database_fails_the_check(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "studio.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    [result] = run_checks(str(root), only=("workspace",))
    assert not result.ok and result.detail
    assert (root / "studio.sqlite3").read_bytes()[:16] == b"SQLite format 3\x00"  # left as it was


def test_report_lines_are_one_per_check():
    results = [CheckResult("render", True, "4 photos", 1.2), CheckResult("qt", False, "no", 0.1)]
    lines = format_report(results).splitlines()
    assert lines[1:] == ["OK    render  4 photos", "FAIL  qt      no", "1 of 2 checks failed"]
    assert lines[0].startswith(f"Heritage Studio {studio.__version__} (source, Python ")


@pytest.mark.slow
def test_self_check_from_the_venv_passes_every_check(tmp_path):
    """Every check for real, as `studio --self-check --json` (keyring: the test session's)."""
    proc = subprocess.run(
        [sys.executable, "-m", "studio", "--workspace", tmp_path / "ws", "--self-check", "--json"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    report = json.loads(proc.stdout)
    assert [c for c in report["checks"] if not c["ok"]] == []
    assert proc.returncode == 0 and report["frozen"] is False
    assert [c["name"] for c in report["checks"]] == [name for name, _ in CHECKS]
    text = subprocess.run(
        [sys.executable, "-m", "studio", "--self-check"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "STUDIO_FFMPEG": str(tmp_path / "none")},
        check=False,
    )
    assert text.returncode == 1, text.stdout + text.stderr
    assert re.search(r"^FAIL  ffmpeg ", text.stdout, re.M)
    assert text.stdout.rstrip().endswith("1 of 9 checks failed")
