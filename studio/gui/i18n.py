"""The interface language: which one, its direction, and Qt's own translations.

The layout direction is set once on the application (as Anki does), so every widget, splitter
and layout mirrors for Arabic without per-widget code. Qt's own catalogue (``qtbase_*.qm``:
standard buttons, file dialogs, context menus) is loaded too, as Picard does. The studio's own
catalogues are ``translations/studio_<lang>.qm``, compiled from the ``.ts`` sources by
``tools/i18n.py compile`` and committed (a test fails when they are stale), so running from a
checkout or a wheel needs no Qt tools.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication

UI_LANGUAGES = ("en", "fr", "ar")
CAPTION_LANGUAGES = ("ar", "fr", "en")
_RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})


def is_rtl(lang: str) -> bool:
    """True for languages written right to left (``ar``, ``ar-MA``, ``he``…)."""
    return lang.split("-")[0].lower() in _RTL_LANGUAGES


def pick_language(requested: str | None = None) -> str:
    """``--lang`` if given, else the OS language when the studio speaks it, else English."""
    if requested:
        lang = requested.split("-")[0].split("_")[0].lower()
        if lang in UI_LANGUAGES:
            return lang
    system = QLocale.system().name().split("_")[0].lower()
    return system if system in UI_LANGUAGES else "en"


_NATIVE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}


def language_name(lang: str) -> str:
    """The language's own name ("العربية", "Français"): what a speaker looks for in a list.

    Fixed for the caption languages: Qt names plain "en" "American English".
    """
    if lang in _NATIVE_NAMES:
        return _NATIVE_NAMES[lang]
    name = QLocale(lang).nativeLanguageName()
    return (name[:1].upper() + name[1:]) if name else lang


FSI, PDI = "\u2068", "\u2069"  # Unicode "first strong isolate" ... "pop directional isolate"


def isolate(text: str) -> str:
    """Wrap text of unknown direction (a title, a file name, an English message in the Arabic
    interface) so it is laid out by its own first strong letter, without disturbing the
    surrounding paragraph: "…" and "·" stay where the reader expects them."""
    return f"{FSI}{text}{PDI}" if text else text


def align_start(label) -> None:
    """Align a heading or note with the start of the layout (right in Arabic), whatever the
    direction of its text: QLabel otherwise aligns by its text, so an English heading in the
    Arabic interface, or a language name, would sit on the wrong side."""
    rtl = QCoreApplication.instance() is not None and QGuiApplication.isRightToLeft()
    side = Qt.AlignRight if rtl else Qt.AlignLeft
    label.setAlignment(Qt.AlignAbsolute | side | Qt.AlignVCenter)


TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
_installed: list[QTranslator] = []


def apply_language(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Set the locale, layout direction, Qt's and the studio's translations (replacing earlier
    ones). English is the source language: it loads no catalogue."""
    QLocale.setDefault(QLocale(lang))
    if hasattr(app, "setLayoutDirection"):
        app.setLayoutDirection(Qt.RightToLeft if is_rtl(lang) else Qt.LeftToRight)
    while _installed:
        app.removeTranslator(_installed.pop())
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in ("qtbase",):
        translator = QTranslator(app)
        if lang != "en" and translator.load(f"{catalogue}_{lang}", qt_dir):
            app.installTranslator(translator)
            _installed.append(translator)
    if lang != "en":
        translator = QTranslator(app)
        if not translator.load(f"studio_{lang}", str(TRANSLATIONS_DIR)):
            raise FileNotFoundError(
                f"{TRANSLATIONS_DIR / f'studio_{lang}.qm'} is missing: run "
                "`python tools/i18n.py compile` in the source folder, or reinstall the studio"
            )
        app.installTranslator(translator)
        _installed.append(translator)
    return list(_installed)
