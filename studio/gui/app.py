"""Start the desktop app: the QApplication, language, style, workspace and main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.core.errors import StudioError
from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.i18n import apply_language, pick_language
from studio.gui.icons import icon
from studio.gui.style import apply_style

SETTINGS_ENV = "STUDIO_GUI_SETTINGS"  # an INI file for window state (tests, screenshots, portable)
SMALL_SAMPLE_ENV = "STUDIO_SAMPLE_SMALL"  # "1": first-run sample at reduced resolution


LAYOUT_KEYS = (  # what "Reset window layout" forgets (preferences stay)
    "window/geometry",
    "window/state",
    "window/page",
    "library/splitter",
    "composer/splitter",
)


def make_settings() -> QSettings:
    """Window state and UI preferences; kept apart from the workspace (one per user)."""
    path = os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.IniFormat)
    return QSettings(QSettings.IniFormat, QSettings.UserScope, "HeritageStudio", "studio")


def create_app(lang: str | None = None) -> QApplication:
    """The QApplication, set up once: names, icon, style and language/direction."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "studio"])
    app.setApplicationName("Heritage Studio")
    app.setOrganizationName("HeritageStudio")
    app.setDesktopFileName("heritage-studio")
    app.setWindowIcon(icon("app"))
    apply_style(app)
    apply_language(app, pick_language(lang))
    return app


def _report_uncaught(exc_type, exc, tb) -> None:
    """Errors in slots reach the status bar instead of vanishing into the terminal."""
    sys.__excepthook__(exc_type, exc, tb)
    if isinstance(exc, Exception):
        ops.notifier().error(exc)


def run(workspace: str | None, lang: str | None) -> int:
    from studio.gui.main_window import MainWindow
    from studio.gui.preferences import Preferences

    settings = make_settings()
    prefs = Preferences.load(settings)
    prefs.apply_kits_folder()
    if settings.value("window/reset", False, type=bool):  # Settings ▸ Reset window layout
        for key in (*LAYOUT_KEYS, "window/reset"):
            settings.remove(key)
    app = create_app(lang or prefs.language or None)
    try:
        ws = Workspace.open(workspace)
    except StudioError as exc:
        QMessageBox.critical(None, app.translate("App", "Heritage Studio"), str(exc))
        return 2
    sys.excepthook = _report_uncaught
    try:
        window = MainWindow(
            ws, settings, sample_full_resolution=os.environ.get(SMALL_SAMPLE_ENV) != "1"
        )
        window.show()
        window.start()
        code = app.exec()
        ops.cancel_all()
        ops.wait_all()
    finally:
        sys.excepthook = sys.__excepthook__
        ws.close()
    return code
