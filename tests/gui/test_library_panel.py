"""The library screen: drop real files, see rejections, search, describe and save."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from studio.core.workspace import Workspace
from studio.gui.library.model import ItemRole


def _drop(widget, paths) -> None:
    """What the file manager does: a drag enter then a drop carrying file:// URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = QPointF(widget.rect().center())
    # QDragEnterEvent takes a QPoint (QDropEvent a QPointF) in PySide6 6.11
    enter = QDragEnterEvent(centre.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(centre, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


def _titles(panel) -> list[str]:
    return [panel.model.index(r).data(ItemRole).title for r in range(panel.model.rowCount())]


def test_drop_imports_files_and_lists_rejections(open_window, tmp_path, make_photo, qtbot, idle):
    window = open_window(tmp_path / "empty-ws", wait=False)
    qtbot.waitUntil(lambda: window.ready, timeout=60_000)  # (the sample is seeded first)
    idle()
    panel = window.show_page("library")
    before = panel.model.rowCount()
    good = make_photo("courtyard_tiles.jpg", size=(900, 600))
    bad = tmp_path / "minutes.jpg"
    bad.write_text("not a photo\n" * 40)
    _drop(panel, [good, bad])
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + 1, timeout=15_000)
    idle()
    assert "courtyard tiles" in _titles(panel)
    assert panel.current_item().title == "courtyard tiles"  # the new item is selected
    assert panel.banner.isVisible()
    rejected = [
        panel.banner.details.item(i).text().strip("\u2068\u2069")
        for i in range(panel.banner.details.count())
    ]
    assert len(rejected) == 1 and rejected[0].startswith("minutes.jpg — ")
    assert len(rejected[0]) > len("minutes.jpg — ") + 5  # a real reason, not an empty one
    assert "1 could not be imported" in panel.banner.message.text()


def test_search_and_kind_filter(open_window, seeded_dir, qtbot, idle):
    window = open_window(seeded_dir)
    panel = window.library
    everything = panel.model.rowCount()
    assert everything >= 4
    kinds = {panel.model.index(r).data(ItemRole).kind for r in range(everything)}
    assert kinds == {"photo", "video"}

    target = panel.model.index(0).data(ItemRole)
    word = target.title.split()[0]
    qtbot.keyClicks(panel.search, word)
    qtbot.waitUntil(lambda: 0 < panel.model.rowCount() < everything, timeout=3000)
    idle()
    expected = {i.id for i in window.ws.library.list(word)}
    assert {
        panel.model.index(r).data(ItemRole).id for r in range(panel.model.rowCount())
    } == expected

    panel.search.clear()
    panel.kind.setCurrentIndex(panel.kind.findData("video"))
    qtbot.waitUntil(
        lambda: (
            panel.model.rowCount() == 1
            or all(
                panel.model.index(r).data(ItemRole).kind == "video"
                for r in range(panel.model.rowCount())
            )
        ),
        timeout=3000,
    )
    idle()
    assert all(
        panel.model.index(r).data(ItemRole).kind == "video" for r in range(panel.model.rowCount())
    )

    panel.kind.setCurrentIndex(0)
    qtbot.keyClicks(panel.search, "nothing-like-this-anywhere")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=3000)
    assert "Nothing matches" in panel.grid.empty_text


def test_details_editor_saves_alt_text_and_focal_point(open_window, seeded_dir, qtbot, idle, typer):
    window = open_window(seeded_dir)
    panel = window.library
    located = next(i for i in panel.model.items() if i.has_location and i.kind == "photo")
    assert panel.select_media(located.id)
    details = panel.details
    assert details.item.id == located.id
    assert details.location_warning.isVisible()
    assert details.alt["ar"].layoutDirection() == Qt.RightToLeft
    assert details.alt["en"].layoutDirection() == Qt.LeftToRight

    details.alt["ar"].selectAll()
    typer(details.alt["ar"], "بلاط مزخرف بنجوم ثمانية")
    details.credit.selectAll()
    qtbot.keyClicks(details.credit, "Atelier Nour")
    qtbot.waitUntil(lambda: details.preview.image_rect().width() > 0, timeout=10_000)
    rect = details.preview.image_rect()
    qtbot.mouseClick(
        details.preview,
        Qt.LeftButton,
        pos=QPoint(rect.left() + rect.width() // 4, rect.top() + rect.height() // 2),
    )
    qtbot.waitUntil(lambda: not panel.saver.has_pending(), timeout=5000)
    idle()
    with Workspace(seeded_dir) as other:
        item = other.library.get(located.id)
    assert item.alt["ar"] == "بلاط مزخرف بنجوم ثمانية"
    assert item.credit == "Atelier Nour"
    assert abs(item.focal[0] - 0.25) < 0.02 and abs(item.focal[1] - 0.5) < 0.02

    plain = next((i for i in panel.model.items() if not i.has_location), None)
    if plain is not None:
        panel.select_media(plain.id)
        assert not details.location_warning.isVisible()


def test_thumbnails_replace_placeholders(open_window, seeded_dir, qtbot, idle):
    window = open_window(seeded_dir)
    panel = window.library
    idle()
    items = panel.model.items()
    for i in items:  # what the view asks while painting; scrolled-off tiles ask later
        panel.model.index(panel.model.row_of(i.id)).data(Qt.DecorationRole)
    qtbot.waitUntil(lambda: all(window.thumbs.is_ready(i.id) for i in items), timeout=20_000)
    for i in items:
        assert window.thumbs.error(i.id) is None
        assert panel.model.index(panel.model.row_of(i.id)).data(Qt.DecorationRole).width() <= 256


def test_import_action_uses_the_file_dialog_and_remembers_the_folder(
    open_window, seeded_dir, make_photo, settings, monkeypatch, qtbot, idle
):
    from studio.gui.library import panel as panel_module

    window = open_window(seeded_dir)
    photo = make_photo("souk_lanterns.png", size=(700, 500), fmt="PNG")
    asked = {}

    def fake_dialog(parent, caption, start, filters):
        asked.update(caption=caption, start=start, filters=filters)
        return [str(photo)], ""

    monkeypatch.setattr(panel_module.QFileDialog, "getOpenFileNames", staticmethod(fake_dialog))
    before = window.ws.library.count()
    window.show_page("composer")
    window.import_action.trigger()  # Ctrl+I from any screen
    assert window.current_page() == "library"
    qtbot.waitUntil(lambda: window.ws.library.count() == before + 1, timeout=10_000)
    idle()
    assert "*.jpg" in asked["filters"] and "*.mp4" in asked["filters"]
    assert settings.value("library/last_import_dir") == str(photo.parent)
    assert window.library.current_item().original_name == "souk_lanterns.png"
