"""`studio kits list` and `studio kits check`: exit codes, one problem per line, JSON shape."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from studio.cli import main
from studio.resources import bundled_kits_dir

SAMPLES = ["embassy-cultural-ar", "institut-culturel-fr"]


def run(capsys, *argv):
    code = main(["kits", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken_kit(tmp_path):
    """A copy of the French sample with two mistakes, in a kits folder of its own."""
    kit = tmp_path / "shared-kits" / "valcourt-draft"
    shutil.copytree(bundled_kits_dir() / "institut-culturel-fr", kit)
    toml = kit / "kit.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('primary = "#1F2A44"', 'primary = "navy"')
    text = text.replace("approvals_required = 1", "approvals_required = 0")
    toml.write_text(text, encoding="utf-8")
    return kit


@pytest.mark.parametrize("kit_id", SAMPLES)
def test_check_sample_kits_ok(capsys, kit_id):
    path = bundled_kits_dir() / kit_id
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0 and out.strip() == f"{path}: ok"
    code, out, _ = run(capsys, "check", str(path / "kit.toml"), "--json")
    assert code == 0 and json.loads(out)["valid"] is True


def test_check_broken_kit_prints_every_problem_one_per_line(capsys, broken_kit):
    code, out, _ = run(capsys, "check", str(broken_kit))
    lines = out.splitlines()
    assert code == 1
    toml = broken_kit / "kit.toml"
    assert lines[0].startswith(f"{toml}: colours.primary: 'navy' is not a colour; write it as #RRGGBB")  # fmt: skip
    assert lines[1].startswith(f"{toml}: approvals_required: must be a whole number of at least 1")
    assert lines[2] == f"2 problem(s) in {broken_kit}"


def test_check_json(capsys, broken_kit):
    code, out, _ = run(capsys, "check", str(broken_kit), "--json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False
    assert [p["field"] for p in data["problems"]] == ["colours.primary", "approvals_required"]
    assert data["problems"][0]["file"] == str(broken_kit / "kit.toml")


def test_check_missing_folder_and_syntax_error(capsys, tmp_path, broken_kit):
    code, out, _ = run(capsys, "check", str(tmp_path / "nowhere"))
    assert code == 1 and "no such kit folder" in out
    (broken_kit / "kit.toml").write_text('schema_version = 1\nname = "x\n', encoding="utf-8")
    code, out, _ = run(capsys, "check", str(broken_kit))
    assert code == 1 and ": line 2, column " in out and "TOML syntax error" in out


def test_list_human_shows_samples_and_broken_kits_with_problems(capsys, broken_kit, monkeypatch):
    monkeypatch.setenv("STUDIO_BRAND_KITS", str(broken_kit.parent))
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("embassy-cultural-ar") and "[ar, fr, en; 2 approval(s)]" in lines[0]
    assert lines[1].startswith("institut-culturel-fr")
    assert lines[2].split() == ["valcourt-draft", "BROKEN:", "2", "problems"]
    assert "colours.primary" in lines[3] and "approvals_required" in lines[4]


def test_list_json_and_workspace_kits_shadow_bundled_ones(capsys, tmp_path, broken_kit):
    ws = tmp_path / "ws"
    mine = ws / "brand_kits" / "embassy-cultural-ar"
    shutil.copytree(bundled_kits_dir() / "embassy-cultural-ar", mine)
    toml = mine / "kit.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "approvals_required = 2", "approvals_required = 3"
        ),
        encoding="utf-8",
    )
    code = main(["--workspace", str(ws), "kits", "list", "--json"])
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert code == 0 and set(rows) == set(SAMPLES)
    ar = rows["embassy-cultural-ar"]
    assert ar["path"] == str(mine.resolve()) and ar["approvals_required"] == 3
    assert ar["languages"] == ["ar", "fr", "en"] and ar["broken"] is False
    assert rows["institut-culturel-fr"]["path"] == str(bundled_kits_dir() / "institut-culturel-fr")


def test_real_command_line(broken_kit):
    """The installed entry point, as a script would call it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "studio", "kits", "check", str(broken_kit)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 1 and proc.stdout.count("\n") == 3, proc.stderr
