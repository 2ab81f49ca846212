"""The Arabic and French catalogues: complete, compiled, faithful to placeholders, and used."""

from __future__ import annotations

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def i18n_tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", REPO / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rescanned(i18n_tool, tmp_path_factory):
    """The .ts files after a fresh lupdate of today's code, in a temp copy (not the repo's)."""
    import subprocess

    out = tmp_path_factory.mktemp("ts")
    paths = {}
    for lang in i18n_tool.LANGUAGES:
        target = out / i18n_tool.ts_path(lang).name
        shutil.copy(i18n_tool.ts_path(lang), target)
        cmd = [i18n_tool._tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none"]
        cmd += [*i18n_tool.python_sources(), "-ts", str(target)]
        subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
        paths[lang] = target
    return paths


def _messages(path: Path):
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            yield (
                context.findtext("name"),
                message.findtext("source") or "",
                translation.text or "",
                translation.get("type"),
            )


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_interface_string_is_translated(rescanned, lang):
    messages = list(_messages(rescanned[lang]))
    assert len(messages) > 250
    missing = [f"{ctx}: {src!r}" for ctx, src, text, kind in messages if kind or not text.strip()]
    assert not missing, f"untranslated in {lang} (run tools/i18n.py update, then translate):\n" + (
        "\n".join(missing)
    )


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_translations_keep_placeholders_and_accelerators(i18n_tool, lang):
    for ctx, src, text, kind in _messages(i18n_tool.ts_path(lang)):
        if kind or not text:
            continue  # untranslated: the test above names it
        fields = sorted(re.findall(r"\{[^}]*\}", src))
        assert sorted(re.findall(r"\{[^}]*\}", text)) == fields, f"{ctx}: {src!r} -> {text!r}"
        assert ("&" in src.replace("&&", "")) == ("&" in text.replace("&&", "")), (ctx, src)
        assert src.count("<b>") == text.count("<b>"), (ctx, src)
    if lang == "ar":  # a wrong file pasted in would pass the checks above
        arabic = [t for _, _, t, _ in _messages(i18n_tool.ts_path(lang)) if re.search("[ء-ي]", t)]
        assert len(arabic) > 100


def test_compiled_catalogues_match_their_sources(i18n_tool):
    assert i18n_tool.stale() == [], "run: .venv/bin/python tools/i18n.py compile"


def _visible_texts(window) -> list[str]:
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    menus = [a.text() for a in window.menuBar().actions()]
    return nav + menus + [window.composer.new_button.text()]


def test_switching_language_changes_what_the_window_says(seeded_dir, settings, qtbot):
    from studio.core.workspace import Workspace
    from studio.gui.app import create_app
    from studio.gui.i18n import apply_language
    from studio.gui.main_window import MainWindow

    seen = {}
    try:
        for lang in ("en", "fr", "ar"):
            create_app(lang)
            with Workspace(seeded_dir) as ws:
                window = MainWindow(ws, settings, sample_full_resolution=False)
                qtbot.addWidget(window)
                seen[lang] = (_visible_texts(window), window.layoutDirection())
                window.close()
    finally:
        apply_language(QApplication.instance(), "en")
    en, fr, ar = seen["en"][0], seen["fr"][0], seen["ar"][0]
    assert en[:2] == ["Library", "Composer"] and "&File" in en
    assert fr[:2] == ["Médiathèque", "Rédaction"] and "&Fichier" in fr
    assert ar[:2] == ["المكتبة", "التحرير"] and "&ملف" in ar
    assert all(a != b for a, b in zip(en, fr, strict=True) if a not in ("Heritage Studio",))
    assert all(a != b for a, b in zip(en, ar, strict=True))
    assert seen["en"][1] == seen["fr"][1] == Qt.LeftToRight
    assert seen["ar"][1] == Qt.RightToLeft
