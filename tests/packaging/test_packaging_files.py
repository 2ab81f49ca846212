"""The packaging files that only run on their own OS, checked here for what can be checked
anywhere: they parse, take the version from its one place, and agree with the app's names."""

from __future__ import annotations

import ast
import configparser
import re
from pathlib import Path

import studio

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def test_specs_are_python_and_share_one_definition_of_the_bundle():
    for spec in ("linux", "windows", "macos"):
        text = (PACKAGING / spec / "studio.spec").read_text("utf-8")
        tree = ast.parse(text, filename=f"{spec}/studio.spec")
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name)}  # fmt: skip
        assert {"Analysis", "EXE", "COLLECT"} <= calls, spec
        assert "import spec_common as common" in text and "common.HIDDEN_IMPORTS" in text
        assert not re.search(r"\d+\.\d+\.\d+", text), f"{spec}: a version number written in"
    mac = (PACKAGING / "macos" / "studio.spec").read_text("utf-8")
    assert "BUNDLE(" in mac and "CFBundleShortVersionString" in mac and "info_plist" in mac


def test_windows_version_resource_is_filled_from_the_one_version():
    template = (PACKAGING / "windows" / "version_info.txt.in").read_text("utf-8")
    numbers = (*(int(n) for n in studio.__version__.split(".")[:3]), 0)
    text = template.format(
        numbers=numbers, version=studio.__version__, exe="studio", description="CLI"
    )
    expr = ast.parse(text, mode="eval").body  # PyInstaller evaluates this file
    assert isinstance(expr, ast.Call) and expr.func.id == "VSVersionInfo"
    assert f"'ProductVersion', '{studio.__version__}'" in text


def test_installer_reads_its_version_from_the_built_exe():
    iss = (PACKAGING / "windows" / "heritage-studio.iss").read_text("utf-8")
    assert 'GetStringFileInfo(DistDir + "\\studio.exe", "ProductVersion")' in iss
    assert "AppVersion={#AppVersion}" in iss
    assert not re.search(r"^AppVersion=\d", iss, re.M)
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M)


def test_desktop_entry_matches_the_app_and_the_icons():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "linux" / "heritage-studio.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Name"] == "Heritage Studio"
    assert d["Exec"] == "heritage-studio" and (PACKAGING / "linux" / "heritage-studio").is_file()
    app = (REPO / "studio" / "gui" / "app.py").read_text("utf-8")
    # The window's WM class must match, or the menu entry and the window are two icons.
    assert f'setDesktopFileName("{d["StartupWMClass"]}")' in app
    icons = (PACKAGING / "make_icons.py").read_text("utf-8")
    assert f'"{d["Icon"]}.svg"' in icons
    assert d["Categories"].endswith(";") and "Graphics" in d["Categories"].split(";")
