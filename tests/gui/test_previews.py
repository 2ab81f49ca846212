"""Previews: one mockup per platform from the real renderer, folded text, stale renders dropped."""

from __future__ import annotations

import time

import pytest

from studio.core.compose import compose_text
from studio.gui.previews.fold import MOCKUPS, fold_text, mockups_for


def test_fold_text_cuts_at_a_word_or_a_line():
    text = "Zellige tiles of the old medina, cut and laid by hand since the tenth century"
    shown, folded = fold_text(text, 30, None)
    assert folded and shown == "Zellige tiles of the old"
    assert fold_text("one\ntwo\nthree", None, 2) == ("one\ntwo", True)
    assert fold_text("short", 125, 2) == ("short", False)
    assert fold_text(text, None, None) == (text, False)
    keys = [m.key for m in mockups_for(["x", "instagram", "youtube"])]
    assert keys == ["x", "instagram", "instagram_story", "youtube"]
    assert len({m.key for m in MOCKUPS}) == 11  # ten platforms and the Instagram story


def _previews(window, title_prefix: str):
    post_id = next(
        r["id"] for r in window.ws.posts.summaries() if r["title"].startswith(title_prefix)
    )
    window.show_page("composer").select_post(post_id)
    return window.show_page("previews")


def _wait_rendered(qtbot, previews, timeout=20_000):
    qtbot.waitUntil(
        lambda: not previews.busy() and all(c.image is not None for c in previews.cards.values()),
        timeout=timeout,
    )


def test_previews_show_every_platform_with_kit_identity_and_folds(open_window, seeded_dir, qtbot):
    window = open_window(seeded_dir)
    previews = _previews(window, "Zellige")
    editor = window.composer.editor
    _wait_rendered(qtbot, previews)
    post = editor.post
    expected = [m.key for m in mockups_for(post.platforms)]
    assert list(previews.cards) == expected and "instagram_story" in expected
    kit = editor.kit
    for key, card in previews.cards.items():
        pid = card.mockup.platform
        assert card.handle == (kit.handle_for(pid) or "")
        assert card.avatar is not None and not card.avatar.isNull()
        assert card.text == compose_text(post, pid, kit)
        assert (
            card.image.width() <= 640 and card.image.height() <= 640
        ) or key == "instagram_story"
    feed, story = previews.cards["instagram"], previews.cards["instagram_story"]
    # Instagram folds the caption after ~125 characters; the story shows none of it
    assert feed.folded and len(feed.shown_text) <= 125 and feed.text.startswith(feed.shown_text)
    assert story.shown_text == "" and story.image.height() > story.image.width()
    assert not previews.cards["mastodon"].folded  # Mastodon shows the whole text
    assert feed.image.width() != story.image.width() or feed.image.height() != story.image.height()
    shot = card.grab()  # painting works (no exception) and is not blank
    assert shot.width() == card.width() and shot.toImage().pixelColor(5, 40).isValid()


def test_caption_edits_update_text_without_rerendering(open_window, seeded_dir, qtbot, typer):
    window = open_window(seeded_dir)
    previews = _previews(window, "Arches")
    editor = window.composer.editor
    _wait_rendered(qtbot, previews)
    images = {k: c.image for k, c in previews.cards.items()}
    window.show_page("composer")
    editor.captions.show_language("en")
    box = editor.captions.editor("en")
    box.moveCursor(box.textCursor().MoveOperation.End)
    typer(box, " New line about the kilns.")
    card = previews.cards["threads"]
    assert "kilns" not in card.text  # hidden: no work done
    window.show_page("previews")
    assert "kilns" in card.text and "kilns" in previews.cards["linkedin"].text
    assert not previews.busy()
    assert all(previews.cards[k].image is images[k] for k in images)  # nothing re-rendered


def test_a_kit_change_rerenders_within_budget_and_stale_results_drop(
    open_window, seeded_dir, qtbot
):
    window = open_window(seeded_dir)
    previews = _previews(window, "Zellige")
    editor = window.composer.editor
    _wait_rendered(qtbot, previews)
    original = editor.post.brand_kit
    other = "institut-culturel-fr" if original != "institut-culturel-fr" else "embassy-cultural-ar"
    before = previews.cards["x"].image

    started = time.perf_counter()
    editor.kit_picker.sig_kit_chosen.emit(other)  # the watermark changes: a new render
    assert previews.busy()
    _wait_rendered(qtbot, previews)
    elapsed = (time.perf_counter() - started) * 1000
    other_image = previews.cards["x"].image
    assert other_image != before  # another kit's logo in the corner
    assert previews.cards["x"].handle == editor.kit.handle_for("x")
    assert elapsed < 3000, f"six photo previews took {elapsed:.0f} ms"  # ~300 ms here

    # Two changes rendered back to back: the first one's results must never land.
    dropped = previews.dropped
    editor.kit_picker.sig_kit_chosen.emit(original)
    previews.refresh_now()
    editor.kit_picker.sig_kit_chosen.emit(other)
    previews.refresh_now()
    _wait_rendered(qtbot, previews)
    qtbot.waitUntil(lambda: previews.dropped >= dropped + len(previews.cards), timeout=10_000)
    final = previews.cards["x"].image
    assert final is not other_image and final == other_image  # re-rendered, same pixels
    assert previews._jobs["x"].kit.id == other


@pytest.mark.parametrize("prefix", ["Arches"])
def test_hidden_previews_do_no_work_until_shown(open_window, seeded_dir, qtbot, prefix):
    window = open_window(seeded_dir)
    window.show_page("composer")
    previews = window.previews
    post_id = next(r["id"] for r in window.ws.posts.summaries() if r["title"].startswith(prefix))
    window.composer.select_post(post_id)
    assert not previews.busy() and not previews.cards
    window.show_page("previews")
    assert set(previews.cards) == {
        m.key for m in mockups_for(window.composer.editor.post.platforms)
    }
    _wait_rendered(qtbot, previews)
