"""The composer's media: reorder, add/remove, per-platform crop and video trim, all undoable and
autosaved, on the real seeded sample workspace."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import QModelIndex

from studio.core.workspace import Workspace


def _editor(window, title_prefix: str):
    composer = window.show_page("composer")
    post_id = next(
        r["id"] for r in window.ws.posts.summaries() if r["title"].startswith(title_prefix)
    )
    assert composer.select_post(post_id)
    return composer.editor


def _saved(qtbot, editor) -> None:
    editor.saver.flush_now()
    qtbot.waitUntil(lambda: editor.save_label.property("save") == "saved", timeout=3000)


def _stored_ids(ws_dir, post_id) -> list[int]:
    with Workspace(ws_dir) as other:  # what another process reads
        return [m.media_id for m in other.posts.get(post_id).media]


def _codes(editor, platform: str) -> set[str]:
    editor.check_now()
    return {f.code for f in editor.findings.findings() if f.platform == platform}


def test_reorder_by_moving_a_row_is_saved_and_undoable(open_window, seeded_dir, qtbot):
    window = open_window(seeded_dir)
    editor = _editor(window, "Zellige")
    post_id, before = editor.post.id, [m.media_id for m in editor.post.media]
    assert len(before) == 3
    strip = editor.strip
    # what a drag does to the view's model: the first thumbnail moves to the end
    assert strip.model().moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    expected = [before[1], before[2], before[0]]
    qtbot.waitUntil(lambda: [m.media_id for m in editor.post.media] == expected, timeout=2000)
    assert [strip.item(i).data(0x0100) for i in range(3)] == expected  # strip rebuilt in order
    assert strip.item(0).text().startswith("\u20681.")  # positions renumbered
    _saved(qtbot, editor)
    assert _stored_ids(seeded_dir, post_id) == expected
    window.undo_action.trigger()
    assert [m.media_id for m in editor.post.media] == before
    _saved(qtbot, editor)
    assert _stored_ids(seeded_dir, post_id) == before

    section = editor.media_section
    section.select(1)
    assert section.earlier_button.isEnabled() and section.later_button.isEnabled()
    section.later_button.click()  # the keyboard path: same command as a drop
    assert [m.media_id for m in editor.post.media] == [before[0], before[2], before[1]]
    assert section.strip.current_position() == 2 and not section.later_button.isEnabled()
    window.undo_action.trigger()
    assert [m.media_id for m in editor.post.media] == before


def test_add_from_library_and_remove_are_undoable(open_window, seeded_dir, qtbot):
    from studio.gui.composer.add_media_dialog import AddMediaDialog

    window = open_window(seeded_dir)
    editor = _editor(window, "Arches")
    section, post_id = editor.media_section, editor.post.id
    before = [m.media_id for m in editor.post.media]
    photos = [i for i in window.ws.library.list() if i.kind == "photo" and i.id not in before]
    dialog = AddMediaDialog(window.ws.library.list(), editor.media_section.thumbs)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.select_ids([photos[0].id])
    assert dialog.ok_button.isEnabled() and dialog.chosen_ids() == [photos[0].id]
    section.add(dialog.chosen_ids())
    assert [m.media_id for m in editor.post.media] == [*before, photos[0].id]
    assert editor.strip.count() == len(before) + 1
    assert section.strip.current_position() == len(before)  # the new item is selected
    _saved(qtbot, editor)
    assert _stored_ids(seeded_dir, post_id) == [*before, photos[0].id]

    section.select(0)
    section.remove_selected()
    assert [m.media_id for m in editor.post.media] == [*before[1:], photos[0].id]
    _saved(qtbot, editor)
    assert _stored_ids(seeded_dir, post_id) == [*before[1:], photos[0].id]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert [m.media_id for m in editor.post.media] == before
    _saved(qtbot, editor)
    assert _stored_ids(seeded_dir, post_id) == before


def test_crop_choice_per_platform_is_saved_previewed_and_checked(open_window, seeded_dir, qtbot):
    window = open_window(seeded_dir)
    editor = _editor(window, "Zellige")
    section, post_id = editor.media_section, editor.post.id
    section.select(0)
    cards = section.crops.cards
    assert list(cards) == editor.post.platforms  # one card per target platform, in order
    insta = cards["instagram"]
    auto_aspect = insta.aspect
    assert insta.choice.currentData() == "" and auto_aspect in {"4:5", "1:1", "1.91:1"}
    x0, y0, x1, y1 = insta.canvas.box
    assert (x1 - x0) / (y1 - y0) == pytest.approx(
        {"4:5": 0.8, "1:1": 1.0, "1.91:1": 1.91}[auto_aspect], rel=0.02
    )
    other = next(a for a in ("1:1", "4:5") if a != auto_aspect)
    insta.choice.setCurrentIndex(insta.choice.findData(other))
    insta.choice.activated.emit(insta.choice.currentIndex())
    assert editor.post.media[0].crop == {"instagram": other}
    insta = section.crops.cards["instagram"]
    assert insta.aspect == other and insta.choice.currentData() == other
    x0, y0, x1, y1 = insta.canvas.box
    assert (x1 - x0) / (y1 - y0) == pytest.approx({"1:1": 1.0, "4:5": 0.8}[other], rel=0.02)
    assert section.crops.cards["x"].choice.currentData() == ""  # other platforms untouched
    _saved(qtbot, editor)
    with Workspace(seeded_dir) as ws:
        assert ws.posts.get(post_id).media[0].crop == {"instagram": other}

    # Instagram crops a carousel to the first item's aspect: a different explicit second crop
    # is flagged by the live checks
    assert "media.carousel_aspect" not in _codes(editor, "instagram")
    section.select(1)
    second = section.crops.cards["instagram"]
    third = next(a for a in ("1:1", "4:5") if a != other)
    second.choice.activated.emit(second.choice.findData(third))
    assert editor.post.media[1].crop == {"instagram": third}
    assert "media.carousel_aspect" in _codes(editor, "instagram")
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert editor.post.media[0].crop == {} and editor.post.media[1].crop == {}
    assert "media.carousel_aspect" not in _codes(editor, "instagram")
    _saved(qtbot, editor)
    with Workspace(seeded_dir) as ws:
        assert ws.posts.get(post_id).media[0].crop == {}


def _long_video(tmp_path, seconds: int):
    import imageio_ffmpeg

    out = tmp_path / "long-walk.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
         f"color=c=0x8a5a2b:s=96x64:r=2:d={seconds}", "-c:v", "libx264", "-pix_fmt", "yuv420p",
         str(out)],
        check=True, timeout=60,
    )  # fmt: skip
    return out


def test_video_trim_sets_points_saves_and_follows_platform_limits(
    open_window, seeded_dir, qtbot, tmp_path
):
    with Workspace(seeded_dir) as ws:  # 200 s: over Bluesky's 180 s limit
        video = ws.library.import_files([_long_video(tmp_path, 200)]).imported[0].item
        post = ws.posts.create({"title": "Long walk", "text": {"en": "A walk."},
                                "platforms": ["bluesky", "instagram"],
                                "media": [{"id": video.id}]})  # fmt: skip
    window = open_window(seeded_dir)
    editor = _editor(window, "Long walk")
    section, trim = editor.media_section, editor.media_section.trim
    section.select(0)
    assert trim.isVisibleTo(editor) and list(section.crops.cards) == ["bluesky", "instagram"]
    assert "video.too_long" in _codes(editor, "bluesky")
    assert any("Bluesky" in line and "✗" in line for line in trim.fit_lines)

    trim.set_position(12.34)
    trim.set_in_here()
    assert editor.post.media[0].trim == (12.3, 200.0)
    trim.set_position(150.0)
    trim.set_out_here()
    assert editor.post.media[0].trim == (12.3, 150.0)
    assert "video.too_long" not in _codes(editor, "bluesky")
    assert any("Bluesky" in line and "✓" in line for line in trim.fit_lines)
    assert "137.7 s" in trim.length_label.text()
    _saved(qtbot, editor)
    with Workspace(seeded_dir) as ws:
        assert tuple(ws.posts.get(post.id).media[0].trim) == (12.3, 150.0)

    trim.out_box.setValue(14.0)  # typed: 1.7 s is too short for Instagram (3 s minimum)
    assert editor.post.media[0].trim == (12.3, 14.0)
    assert "video.too_short" in _codes(editor, "instagram")
    trim.out_box.setValue(12.0)  # out before in: refused, nothing changes
    assert editor.post.media[0].trim == (12.3, 14.0)
    assert "after the in point" in trim.length_label.text()

    window.undo_action.trigger()
    assert editor.post.media[0].trim == (12.3, 150.0) and trim.trim() == (12.3, 150.0)
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert editor.post.media[0].trim is None
    assert "video.too_long" in _codes(editor, "bluesky")
    _saved(qtbot, editor)
    with Workspace(seeded_dir) as ws:
        assert ws.posts.get(post.id).media[0].trim is None
    # the player is optional: either it exists or the editor says why not
    assert trim.player is not None or trim.player_message.text()


def test_missing_multimedia_backend_leaves_a_working_trim_editor(qtbot, monkeypatch):
    from PySide6.QtMultimedia import QMediaPlayer

    from studio.gui.composer.trim_editor import TrimEditor

    monkeypatch.setattr(QMediaPlayer, "isAvailable", lambda _self: False)
    editor = TrimEditor()
    qtbot.addWidget(editor)
    assert editor._create_player() is False and editor.player is None
    assert "libpulse0" in editor.player_message.text()
    assert not editor.play_button.isEnabled()
    editor.duration = 10.0
    editor.set_position(4.0)  # the points still work without playback
    assert editor.position_label.text() == "4.0 s"
