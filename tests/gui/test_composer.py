"""The composer: live counts and checks as you type, autosave, undo, findings navigation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from studio.core.compose import compose_text
from studio.core.textcount import count_text
from studio.core.workspace import Workspace


def _composer(window, title_prefix: str | None = None):
    composer = window.show_page("composer")
    if title_prefix:
        post_id = next(
            r["id"] for r in window.ws.posts.summaries() if r["title"].startswith(title_prefix)
        )
        assert composer.select_post(post_id)
    return composer, composer.editor


def _expected_chip(editor, pid: str) -> str:
    c = count_text(pid, compose_text(editor.post, pid, editor.kit))
    return f"{editor.names[pid]} {c.length}/{c.limit}"


def test_typing_updates_counter_chips_and_findings(open_window, seeded_dir, qtbot):
    window = open_window(seeded_dir)
    _panel, editor = _composer(window)
    window.new_action.trigger()
    editor.platform_boxes["x"].click()
    editor.platform_boxes["mastodon"].click()
    chip = editor.chips.chip("x")
    assert chip.text() == "X 0/280"
    assert [editor.chips.chip(p).text().split()[0] for p in ("x", "mastodon")] == ["X", "Mastodon"]

    en = editor.captions.editor("en")
    editor.captions.show_language("en")
    en.setFocus()
    qtbot.keyClicks(en, "Zellige at https://example.org/zellige ")
    # X counts every link as 23 characters: the chip shows X's count, not len(text)
    qtbot.waitUntil(lambda: chip.text() == _expected_chip(editor, "x"), timeout=3000)
    assert chip.text() == "X 34/280" and chip.property("chip") == "ok"
    assert not any(f.code == "text.too_long" for f in editor.findings.findings())

    qtbot.keyClicks(en, "tiles of the old medina, cut by hand. " * 7)
    qtbot.waitUntil(lambda: chip.property("chip") == "over", timeout=3000)
    assert chip.text() == _expected_chip(editor, "x")
    assert editor.chips.chip("mastodon").property("chip") == "ok"  # 500 on Mastodon: fits
    qtbot.waitUntil(
        lambda: any(
            f.code == "text.too_long" and f.platform == "x" for f in editor.findings.findings()
        ),
        timeout=3000,
    )
    assert "error" in editor.findings.summary.text()


def test_caption_autosaves_within_a_second_and_on_close(open_window, seeded_dir, qtbot, typer):
    window = open_window(seeded_dir)
    _panel, editor = _composer(window, "Arches")
    post_id = editor.post.id
    ar = editor.captions.editor("ar")
    editor.captions.show_language("ar")
    ar.setFocus()
    typer(ar, "معرض الأقواس")
    assert editor.save_label.property("save") == "unsaved"
    qtbot.waitUntil(lambda: editor.save_label.property("save") == "saved", timeout=3000)
    with Workspace(seeded_dir) as other:  # a second process's view of the database
        assert other.posts.get(post_id).text["ar"] == "معرض الأقواس"

    fr = editor.captions.editor("fr")
    fr.selectAll()
    typer(fr, "Texte tapé juste avant de fermer")
    window.close()  # no wait: closing must write what is pending
    with Workspace(seeded_dir) as other:
        assert other.posts.get(post_id).text["fr"] == "Texte tapé juste avant de fermer"


def test_undo_and_redo_caption_edits_across_languages(open_window, seeded_dir, qtbot, typer):
    window = open_window(seeded_dir)
    _panel, editor = _composer(window, "Arches")
    en, ar = editor.captions.editor("en"), editor.captions.editor("ar")
    before_en, before_ar = en.toPlainText(), ar.toPlainText()
    editor.captions.show_language("en")
    en.setFocus()
    en.moveCursor(en.textCursor().MoveOperation.End)
    qtbot.keyClicks(en, " extra")
    editor.captions.show_language("ar")
    ar.setFocus()
    typer(ar, "نص")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert ar.toPlainText() == before_ar and editor.post.text.get("ar", "") == before_ar
    while en.toPlainText() != before_en and window.undo_action.isEnabled():
        window.undo_action.trigger()
    assert en.toPlainText() == before_en
    assert editor.captions.current_language() == "en"  # undo shows the tab it changes
    window.redo_action.trigger()
    assert en.toPlainText() != before_en
    # Ctrl+Z inside the editor drives the same history
    qtbot.keyClick(en, Qt.Key_Z, Qt.ControlModifier)
    assert en.toPlainText() == before_en


def test_platform_toggle_is_saved_and_undoable(open_window, seeded_dir, qtbot):
    window = open_window(seeded_dir)
    _panel, editor = _composer(window, "Arches")
    post_id = editor.post.id
    box = editor.platform_boxes["x"]
    assert not box.isChecked()
    box.click()
    assert "x" in editor.post.platforms and editor.chips.chip("x") is not None
    qtbot.waitUntil(lambda: editor.save_label.property("save") == "saved", timeout=3000)
    assert "x" in window.ws.posts.get(post_id).platforms
    window.undo_action.trigger()
    assert not box.isChecked() and "x" not in editor.post.platforms
    qtbot.waitUntil(lambda: editor.save_label.property("save") == "saved", timeout=3000)
    assert "x" not in window.ws.posts.get(post_id).platforms


def test_clicking_a_finding_focuses_its_field(open_window, seeded_dir, qtbot, idle):
    window = open_window(seeded_dir)
    _panel, editor = _composer(window)
    window.new_action.trigger()
    qtbot.waitUntil(lambda: editor.post is not None and editor.post.title == "Untitled post")
    codes = {f.code: f for f in editor.findings.findings()}
    assert {"post.no_platforms", "text.empty"} <= set(codes)

    editor.platform_boxes["bluesky"].click()
    editor.captions.show_language("en")
    ar = editor.captions.editor("ar")
    ar.setPlainText("تراث " * 80)  # 400 graphemes: over Bluesky's 300
    qtbot.waitUntil(
        lambda: any(f.field == "text.ar" for f in editor.findings.findings()), timeout=3000
    )
    lst = editor.findings.list
    row = next(
        i for i in range(lst.count()) if lst.item(i).data(Qt.UserRole + 1).field == "text.ar"
    )
    lst.scrollToItem(lst.item(row))
    qtbot.mouseClick(lst.viewport(), Qt.LeftButton, pos=lst.visualItemRect(lst.item(row)).center())
    assert editor.captions.current_language() == "ar"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ar, timeout=2000)

    row = next(
        i for i in range(lst.count()) if lst.item(i).data(Qt.UserRole + 1).field == "brand_kit"
    )
    qtbot.mouseClick(lst.viewport(), Qt.LeftButton, pos=lst.visualItemRect(lst.item(row)).center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.kit_picker, timeout=2000)
    idle()


def test_alt_text_finding_opens_the_library_item(open_window, seeded_dir, qtbot):
    window = open_window(seeded_dir)
    _panel, editor = _composer(window, "Zellige")
    media_id = editor.post.media[0].media_id
    window.ws.library.update(media_id, alt={"fr": ""})  # make a real alt-text finding
    editor.reload_media()
    finding = next(f for f in editor.findings.findings() if f.field == "media[0].alt.fr")
    editor.findings.sig_activated.emit(finding)
    assert window.current_page() == "library"
    qtbot.waitUntil(
        lambda: (
            window.library.details.item is not None and window.library.details.item.id == media_id
        ),
        timeout=5000,
    )
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is window.library.details.alt["fr"], timeout=2000
    )


def test_brand_kit_choice_is_checked_saved_and_undoable(open_window, seeded_dir, qtbot, idle):
    window = open_window(seeded_dir)
    _panel, editor = _composer(window, "Arches")
    post_id, kit_before = editor.post.id, editor.post.brand_kit
    assert kit_before and editor.kit_picker.current_kit_id() == kit_before
    picker = editor.kit_picker
    picker.setCurrentIndex(picker.findData(""))
    picker.activated.emit(picker.findData(""))  # what a click on "No brand kit" sends
    assert editor.post.brand_kit == ""
    assert any(f.code == "kit.none" for f in editor.findings.findings())
    qtbot.waitUntil(lambda: editor.save_label.property("save") == "saved", timeout=3000)
    assert window.ws.posts.get(post_id).brand_kit == ""
    window.undo_action.trigger()
    assert editor.post.brand_kit == kit_before and picker.current_kit_id() == kit_before
    assert not any(f.code == "kit.none" for f in editor.findings.findings())
    qtbot.waitUntil(lambda: editor.save_label.property("save") == "saved", timeout=3000)
    assert window.ws.posts.get(post_id).brand_kit == kit_before
    idle()
