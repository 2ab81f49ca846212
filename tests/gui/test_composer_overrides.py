"""Per-platform caption overrides in the composer, on a real workspace and the real window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from studio.core.compose import compose_text
from studio.core.textcount import count_text
from studio.core.users import acting_as
from studio.core.workspace import Workspace


def _open(window, title_prefix: str):
    composer = window.show_page("composer")
    post_id = next(
        r["id"] for r in window.ws.posts.summaries() if r["title"].startswith(title_prefix)
    )
    assert composer.select_post(post_id)
    return composer.editor


def _chip(editor, pid: str) -> str:
    return editor.chips.chip(pid).text()


def _saved(qtbot, editor) -> None:
    qtbot.waitUntil(lambda: editor.save_label.property("save") == "saved", timeout=3000)


def _target(editor, *platforms: str) -> None:
    for pid in platforms:
        if not editor.platform_boxes[pid].isChecked():
            editor.platform_boxes[pid].click()


def test_x_override_in_arabic_counts_and_autosaves(open_window, seeded_dir, qtbot, typer):
    window = open_window(seeded_dir)
    editor = _open(window, "Zellige")  # the sample gives X and Bluesky one text ("*")
    post_id = editor.post.id
    area = editor.caption_area
    offered = [area.picker.itemData(i) for i in range(area.picker.count())]
    assert offered[0] == "" and {"x", "bluesky"} <= set(offered)
    bluesky_before = _chip(editor, "bluesky")

    area.show_platform("x")
    assert area.pages.currentWidget() is area.page("x")
    whole = area.editor("x", "*")
    assert whole.toPlainText() == editor.post.overrides["x"]["*"]
    area.page("x").show_language("*")
    area.reset.click()  # "Use the main caption": X inherits the captions again
    assert "x" not in editor.post.overrides and "bluesky" in editor.post.overrides
    inherited = count_text("x", compose_text(editor.post, "x", editor.kit))
    x_before = f"X {inherited.length}/{inherited.limit}"
    qtbot.waitUntil(lambda: _chip(editor, "x") == x_before, timeout=3000)
    ar = area.editor("x", "ar")
    # empty: the placeholder is the inherited Arabic caption
    assert ar.toPlainText() == "" and ar.placeholderText() == editor.post.text["ar"].strip()
    assert not area.reset.isEnabled()
    area.page("x").show_language("ar", focus=True)
    typer(ar, "أقواس المدينة القديمة")
    assert editor.post.overrides["x"] == {"ar": "أقواس المدينة القديمة"}
    expected = count_text("x", compose_text(editor.post, "x", editor.kit))
    qtbot.waitUntil(lambda: _chip(editor, "x") == f"X {expected.length}/{expected.limit}")
    qtbot.waitUntil(lambda: _chip(editor, "x") != x_before, timeout=3000)
    assert _chip(editor, "bluesky") == bluesky_before
    assert area.counter.text() == _chip(editor, "x") and area.reset.isEnabled()
    assert "أقواس المدينة القديمة" in compose_text(editor.post, "x")
    assert "أقواس المدينة القديمة" not in compose_text(editor.post, "bluesky")

    _saved(qtbot, editor)
    with Workspace(seeded_dir) as other:
        stored = other.posts.get(post_id).overrides
        assert stored["x"] == {"ar": "أقواس المدينة القديمة"} and "*" in stored["bluesky"]

    # reset to inherit: the key goes, in memory and on disk
    area.reset.click()
    assert ar.toPlainText() == "" and "x" not in editor.post.overrides
    assert not area.reset.isEnabled()
    _saved(qtbot, editor)
    assert "x" not in window.ws.posts.get(post_id).overrides
    qtbot.waitUntil(lambda: _chip(editor, "x") == x_before, timeout=3000)


def test_undo_redo_across_main_caption_and_override(open_window, seeded_dir, qtbot, typer):
    window = open_window(seeded_dir)
    editor = _open(window, "Arches")
    _target(editor, "mastodon")
    area = editor.caption_area
    en = editor.captions.editor("en")
    before_en = en.toPlainText()
    editor.captions.show_language("en", focus=True)
    en.moveCursor(en.textCursor().MoveOperation.End)
    typer(en, " extra")
    assert area.current_platform() == ""

    area.show_platform("mastodon")
    fr = area.editor("mastodon", "fr")
    area.page("mastodon").show_language("fr", focus=True)
    typer(fr, "Version Mastodon")
    assert editor.post.overrides["mastodon"]["fr"] == "Version Mastodon"
    previews = window.show_page("previews")  # the mockups show what each platform gets
    assert "Version Mastodon" in previews.cards["mastodon"].text
    assert "Version Mastodon" not in previews.cards["threads"].text
    window.show_page("composer")

    # the step is named after the platform's version it changes is named after the platform's version it changes
    assert editor.stack.undoText() == "Typing Mastodon's version in Français"
    area.show_platform("")  # back on the main captions: undo must bring the override back
    window.undo_action.trigger()
    assert fr.toPlainText() == "" and "mastodon" not in editor.post.overrides
    assert area.current_platform() == "mastodon"
    assert area.page("mastodon").current_language() == "fr"
    while en.toPlainText() != before_en and window.undo_action.isEnabled():
        window.undo_action.trigger()
    assert en.toPlainText() == before_en and area.current_platform() == ""
    while window.redo_action.isEnabled():
        window.redo_action.trigger()
    assert en.toPlainText() == before_en + " extra"
    assert fr.toPlainText() == "Version Mastodon" and area.current_platform() == "mastodon"
    assert editor.post.overrides["mastodon"]["fr"] == "Version Mastodon"
    # Arches has no Arabic caption: an Arabic version would never be used, so it is read-only
    assert area.editor("mastodon", "ar").isReadOnly()
    assert not area.editor("mastodon", "fr").isReadOnly()
    # the override's placeholder follows the main caption it inherits
    assert area.editor("mastodon", "en").placeholderText() == before_en + " extra"


def test_override_finding_focuses_its_editor(open_window, seeded_dir, qtbot):
    window = open_window(seeded_dir)
    editor = _open(window, "Arches")
    _target(editor, "bluesky")
    area = editor.caption_area
    area.editor("bluesky", "*").setPlainText("تراث " * 80)  # 400 graphemes: over 300
    qtbot.waitUntil(
        lambda: any(f.field == "overrides.bluesky.*" for f in editor.findings.findings()),
        timeout=3000,
    )
    area.show_platform("")
    editor.captions.show_language("en")
    finding = next(f for f in editor.findings.findings() if f.field == "overrides.bluesky.*")
    editor.findings.sig_activated.emit(finding)
    assert area.current_platform() == "bluesky"
    assert area.page("bluesky").current_language() == "*"
    target = area.editor("bluesky", "*")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target, timeout=2000)


def test_override_edit_voids_approval(open_window, team_dir, qtbot, typer, idle, monkeypatch):
    with Workspace(team_dir) as ws:
        with acting_as("omar"):
            post = ws.posts.create(
                {
                    "title": "Approved arches",
                    "platforms": ["mastodon"],
                    "text": {"en": "Arches of the old medina."},
                }
            )
            ws.workflow.submit(post.id)
        for approver in ("amina", "lina"):
            if ws.posts.get(post.id).state != "approved":
                with acting_as(approver):
                    ws.workflow.approve(post.id)
        assert ws.posts.get(post.id).state == "approved"
    monkeypatch.setenv("STUDIO_USER", "omar")
    window = open_window(team_dir)
    editor = _open(window, "Approved arches")
    area = editor.caption_area
    area.show_platform("mastodon")
    en = area.editor("mastodon", "en")
    area.page("mastodon").show_language("en", focus=True)
    typer(en, "Arches, for Mastodon.")
    _saved(qtbot, editor)
    idle()
    stored = window.ws.posts.get(post.id)
    assert stored.overrides == {"mastodon": {"en": "Arches, for Mastodon."}}
    assert stored.state == "draft"
