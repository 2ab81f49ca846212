"""Keep the interface translations in step with the code.

    .venv/bin/python tools/i18n.py update    # re-scan studio/gui into the .ts files (keeps
                                             # existing translations, marks new ones unfinished)
    .venv/bin/python tools/i18n.py compile   # .ts -> .qm (what the app loads)
    .venv/bin/python tools/i18n.py check     # exit 1 if a .qm is stale or a string unfinished

The ``.qm`` files are committed (a few KB each) so a source checkout and a wheel run without Qt's
tools; ``tests/gui/test_translations.py`` fails when they fall behind the ``.ts`` files, so
"compile" is the build step and the test is its guard. The tools are the ones shipped in the
PySide6 wheel (``pyside6-lupdate``/``pyside6-lrelease`` beside the interpreter).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "studio" / "gui"
TRANSLATIONS = SOURCES / "translations"
LANGUAGES = ("fr", "ar")


def _tool(name: str) -> str:
    """The Qt tool beside this interpreter (the venv), else the one on PATH."""
    local = Path(sys.executable).parent / f"pyside6-{name}"
    return str(local) if local.exists() else f"pyside6-{name}"


def ts_path(lang: str) -> Path:
    return TRANSLATIONS / f"studio_{lang}.ts"


def qm_path(lang: str) -> Path:
    return TRANSLATIONS / f"studio_{lang}.qm"


def python_sources() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in SOURCES.rglob("*.py"))


def update() -> None:
    TRANSLATIONS.mkdir(exist_ok=True)
    for lang in LANGUAGES:
        cmd = [_tool("lupdate"), "-no-obsolete", "-locations", "none", *python_sources()]
        cmd += ["-target-language", lang, "-ts", str(ts_path(lang).relative_to(REPO))]
        subprocess.run(cmd, cwd=REPO, check=True)


def compile_qm(lang: str, out: Path) -> None:
    cmd = [_tool("lrelease"), "-silent", str(ts_path(lang)), "-qm", str(out)]
    subprocess.run(cmd, cwd=REPO, check=True)


def compile_all() -> None:
    for lang in LANGUAGES:
        compile_qm(lang, qm_path(lang))


def unfinished(lang: str) -> list[str]:
    """Source texts with no finished translation (empty, or marked unfinished/vanished)."""
    missing = []
    for message in ET.parse(ts_path(lang)).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "unfinished"
        empty = translation is None or not (translation.text or "").strip()
        if message.get("numerus") == "yes" and translation is not None:
            empty = not any((f.text or "").strip() for f in translation.iter("numerusform"))
        if kind in ("unfinished", "vanished", "obsolete") or empty:
            missing.append(message.findtext("source") or "")
    return missing


def stale() -> list[str]:
    """Languages whose committed .qm differs from a fresh compile of the .ts."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGUAGES:
            fresh = Path(tmp) / f"{lang}.qm"
            compile_qm(lang, fresh)
            if not qm_path(lang).exists() or qm_path(lang).read_bytes() != fresh.read_bytes():
                out.append(lang)
    return out


def check() -> int:
    problems = [f"{qm_path(lang).name} is stale: run tools/i18n.py compile" for lang in stale()]
    for lang in LANGUAGES:
        problems += [f"{ts_path(lang).name}: untranslated {text!r}" for text in unfinished(lang)]
    print("\n".join(problems) or "translations complete and compiled")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "compile", "check"))
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    elif args.command == "compile":
        compile_all()
    else:
        return check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
