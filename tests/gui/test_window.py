"""The main window: first run, navigation and shortcuts, state restore, `studio app --lang ar`."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from studio.gui.main_window import MainWindow


def test_first_run_seeds_the_sample_and_welcomes(open_window, settings, tmp_path, qtbot, idle):
    settings.remove("welcome/dismissed")
    ws_dir = tmp_path / "fresh"
    window = open_window(ws_dir, wait=False)
    assert window.library.banner.isVisible()  # progress is shown while the sample is made
    assert window.activity.isVisible()
    qtbot.waitUntil(lambda: window.ready, timeout=60_000)
    idle()
    from studio.sample import is_seeded

    posts = is_seeded(window.ws)
    assert posts and len(posts) == len(window.ws.posts.summaries())
    assert window.library.model.rowCount() == window.ws.library.count() >= 4
    assert "ready" in window.library.banner.message.text()
    assert window.composer.model.rowCount() == len(posts)
    assert window.welcome.isVisible()
    window.welcome.ok.click()
    assert not window.welcome.isVisible()
    assert settings.value("welcome/dismissed", False, type=bool) is True


def test_pages_shortcuts_and_saved_layout(open_window, seeded_dir, settings, qtbot):
    window = open_window(seeded_dir)
    pages = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert pages[:5] == ["Library", "Composer", "Previews", "Review", "Calendar"]
    assert window._page_actions[4].shortcut().toString() == "Ctrl+5"
    window.new_action.trigger()  # Ctrl+N: a new post, in the composer
    assert window.current_page() == "composer"
    assert window.composer.editor.post.title == "Untitled post"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.composer.editor.title)
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.redo_action.shortcuts()]

    window.show_page("library")
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.library.search, timeout=2000)

    window.show_page("composer")
    window.composer.splitter.setSizes([300, 700, 300])
    sizes = window.composer.splitter.sizes()
    window.close()
    assert settings.value("window/page") == "composer"

    again = MainWindow(window.ws, settings, sample_full_resolution=False)
    qtbot.addWidget(again)
    again.show()
    assert again.current_page() == "composer"
    assert again.composer.splitter.sizes() == sizes
    again.close()


def test_studio_app_lang_ar_lays_out_right_to_left(seeded_dir, tmp_path, monkeypatch, qtbot):
    """The real command: `studio --workspace DIR app --lang ar`."""
    from studio.cli import main
    from studio.gui.i18n import apply_language

    ini = tmp_path / "app.ini"
    QSettings(str(ini), QSettings.IniFormat).setValue("welcome/dismissed", True)
    monkeypatch.setenv("STUDIO_GUI_SETTINGS", str(ini))
    seen = {}

    def inspect_and_close():
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows or not windows[0].ready:
            QTimer.singleShot(50, inspect_and_close)
            return
        window = windows[0]
        seen["app"] = QApplication.layoutDirection()
        seen["window"] = window.layoutDirection()
        side = window.centralWidget().layout().itemAt(0).widget()
        seen["sidebar_right"] = side.geometry().x() > window.width() // 2
        seen["ar_editor"] = window.composer.editor.captions.editor("ar").layoutDirection()
        seen["root"] = str(window.ws.root)
        seen["heading_right"] = bool(
            window.composer.editor.findings.summary.alignment() & Qt.AlignRight
        )
        window.close()

    QTimer.singleShot(0, inspect_and_close)
    try:
        code = main(["--workspace", str(seeded_dir), "app", "--lang", "ar"])
    finally:
        apply_language(QApplication.instance(), "en")
    assert code == 0
    assert seen["app"] == Qt.RightToLeft and seen["window"] == Qt.RightToLeft
    assert seen["sidebar_right"] is True
    assert seen["ar_editor"] == Qt.RightToLeft
    assert seen["root"] == str(seeded_dir)
    assert seen["heading_right"] is True  # English headings still start on the right
    saved = QSettings(str(ini), QSettings.IniFormat)
    assert saved.value("window/geometry") is not None  # the state was saved on close
