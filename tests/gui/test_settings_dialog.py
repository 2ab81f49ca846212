"""Settings: typed preferences, new-post defaults, kits folder, language at start, layout reset."""

from __future__ import annotations

import os
import shutil

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from studio.gui.preferences import KITS_ENV, Preferences


def test_preferences_round_trip_and_ignore_bad_values(tmp_path):
    settings = QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat)
    assert Preferences.load(settings) == Preferences()
    assert settings.value("prefs/version") == 1
    Preferences("fr", str(tmp_path), "embassy-cultural-ar", ["x", "mastodon"]).save(settings)
    again = Preferences.load(QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat))
    assert again == Preferences("fr", str(tmp_path), "embassy-cultural-ar", ["x", "mastodon"])
    settings.setValue("prefs/language", "klingon")
    settings.setValue("prefs/default_platforms", "x,myspace")
    bad = Preferences.load(settings)
    assert bad.language == "" and bad.default_platforms == ["x"]


def test_settings_dialog_sets_new_post_defaults_and_kits_folder(
    open_window, seeded_dir, settings, tmp_path, monkeypatch, idle
):
    monkeypatch.delenv(KITS_ENV, raising=False)
    window = open_window(seeded_dir)
    dialog = window.open_settings()
    assert dialog.isVisible() and dialog.language.currentData() == ""
    assert [dialog.language.itemData(i) for i in range(1, 4)] == ["en", "fr", "ar"]
    assert dialog.default_kit.findData("institut-culturel-fr") > 0

    dialog.kits_folder.setText(str(tmp_path / "missing"))
    dialog.accept()  # refused: names the folder, keeps the dialog open, saves nothing
    assert dialog.isVisible() and "missing" in dialog.folder_problem.text()
    assert settings.value("prefs/kits_folder") is None

    shared = tmp_path / "shared-kits"
    shutil.copytree(
        window.ws.kit_search_path()[-1] / "institut-culturel-fr", shared / "ministry-kit"
    )
    dialog.kits_folder.setText(str(shared))
    dialog.default_kit.setCurrentIndex(dialog.default_kit.findData("institut-culturel-fr"))
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    for pid in ("x", "bluesky"):
        dialog.platform_boxes[pid].setChecked(True)
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    assert os.environ[KITS_ENV].split(os.pathsep)[0] == str(shared)
    assert shared in window.ws.kit_search_path()
    prefs = Preferences.load(settings)
    assert prefs.language == "ar" and prefs.default_platforms == ["x", "bluesky"]

    window.new_action.trigger()
    post = window.composer.editor.post
    assert post.platforms == ["x", "bluesky"] and post.brand_kit == "institut-culturel-fr"
    assert window.composer.editor.platform_boxes["bluesky"].isChecked()
    idle()


def test_language_preference_and_layout_reset_apply_at_start(
    seeded_dir, tmp_path, monkeypatch, qtbot
):
    """The real `studio app` without --lang: the saved language wins over the system's."""
    from studio.cli import main
    from studio.gui.i18n import apply_language
    from studio.gui.main_window import MainWindow

    ini = tmp_path / "app.ini"
    saved = QSettings(str(ini), QSettings.IniFormat)
    saved.setValue("welcome/dismissed", True)
    saved.setValue("window/page", "calendar")
    saved.setValue("window/reset", True)
    Preferences(language="fr").save(saved)
    monkeypatch.setenv("STUDIO_GUI_SETTINGS", str(ini))
    seen = {}

    def inspect_and_close():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows or not windows[0].ready:
            QTimer.singleShot(50, inspect_and_close)
            return
        seen["nav"] = windows[0].nav.item(0).text()
        seen["page"] = windows[0].current_page()
        windows[0].close()

    QTimer.singleShot(0, inspect_and_close)
    try:
        assert main(["--workspace", str(seeded_dir), "app"]) == 0
    finally:
        apply_language(QApplication.instance(), "en")
    assert seen == {"nav": "Médiathèque", "page": "library"}  # reset: back to the first screen
    after = QSettings(str(ini), QSettings.IniFormat)
    assert after.value("window/reset") is None and after.value("prefs/language") == "fr"
