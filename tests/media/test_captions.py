"""Captions: SRT parsing, cue images drawn with RAQM (Arabic shaped and right to left), layout."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, features

from studio.core.fonts import package_font_dirs
from studio.media.captions import (
    CaptionError,
    CaptionStyle,
    Cue,
    caption_overlays,
    parse_srt,
    read_srt,
    render_cue,
    style_for,
)

AMIRI = next(d / "Amiri-Regular.ttf" for fam, d in package_font_dirs() if fam.lower() == "amiri")
NOTO_ARABIC = Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf")
CLEAR = (0, 0, 0, 0)
needs_raqm = pytest.mark.skipif(not features.check("raqm"), reason="Pillow without RAQM")


def style(*fonts: Path, size: int = 40, box=CLEAR, width: int = 2000) -> CaptionStyle:
    return CaptionStyle(fonts=fonts or (AMIRI,), size=size, max_width=width, box=box)


def ink(image) -> np.ndarray:
    return np.asarray(image.getchannel("A")) > 0


def gaps(columns: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of each run of empty columns between inked ones."""
    inked = np.flatnonzero(columns)
    runs = []
    for a, b in itertools.pairwise(inked):
        if b - a > 1:
            runs.append((int(a) + 1, int(b - a - 1)))
    return runs


# --- parsing ---------------------------------------------------------------------------


def test_parse_srt_reads_real_world_files():
    text = (
        "\ufeff1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>Bienvenue</i> à Fès\r\n\r\n"
        "00:00:04.2 --> 00:00:05.25 X1:10 X2:20\n{\\an8}مرحبا\nبكم\n\n"
        "7\n00:01:02,003 --> 01:00:00,000\n\n"  # empty text: skipped
        "garbage block\nwithout timing\n\n"
        "9\n00:00:06,000 --> 00:00:05,000\nends before it starts\n"
    )
    assert parse_srt(text) == [
        Cue(1.0, 3.5, "Bienvenue à Fès"),
        Cue(4.2, 5.25, "مرحبا\nبكم"),
    ]


def test_read_srt_refuses_non_utf8_and_non_srt(tmp_path):
    latin1 = tmp_path / "a.srt"
    latin1.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nFès\n".encode("latin-1"))
    with pytest.raises(CaptionError, match="not UTF-8"):
        read_srt(latin1)
    notes = tmp_path / "b.srt"
    notes.write_text("just some notes\n", "utf-8")
    with pytest.raises(CaptionError, match="no cue"):
        read_srt(notes)
    with pytest.raises(CaptionError, match="cannot read"):
        read_srt(tmp_path / "missing.srt")


# --- drawing ---------------------------------------------------------------------------


def basic(text: str, size: int = 40) -> Image.Image:
    """What Pillow draws without RAQM: letters unjoined, in memory order, left to right."""
    font = ImageFont.truetype(str(AMIRI), size, layout_engine=ImageFont.Layout.BASIC)
    _, _, right, bottom = font.getbbox(text)
    image = Image.new("RGBA", (right + 4, bottom + 4), CLEAR)
    ImageDraw.Draw(image).text((2, 2), text, font=font, fill=(255, 255, 255, 255))
    return image


@needs_raqm
def test_arabic_is_shaped_and_reads_right_to_left():
    text = "سلامسلامسلام ab"  # a long Arabic word, a space, a short Latin word
    raqm = ink(render_cue(text, style()))
    basic_ink = ink(basic(text))
    assert raqm.shape != basic_ink.shape or (raqm != basic_ink).any()
    # The space is the widest gap inside the line. Read right to left, the Arabic word comes
    # first at the right and "ab" ends the line at the left: the space is in the left half.
    # BASIC lays the characters out left to right in memory order: the space is on the right.
    for layout_ink, side in ((raqm, "left"), (basic_ink, "right")):
        columns = layout_ink.any(axis=0)
        start, length = max(gaps(columns), key=lambda g: g[1])
        middle = (np.flatnonzero(columns)[0] + np.flatnonzero(columns)[-1]) / 2
        assert (start + length / 2 < middle) == (side == "left"), side


@needs_raqm
def test_arabic_letters_are_joined():
    word = "سلام"  # seen joined: "سلا" + "م" -- two pieces; unjoined: four letters
    joined = gaps(ink(render_cue(word, style())).any(axis=0))
    isolated = gaps(ink(basic(word)).any(axis=0))
    assert len(joined) < len(isolated)


@pytest.mark.skipif(not NOTO_ARABIC.is_file(), reason="Noto Sans Arabic not installed")
def test_a_latin_line_falls_back_from_an_arabic_only_font():
    from studio.media.textshape import MissingGlyphsError

    fallback = render_cue("UNESCO", style(NOTO_ARABIC, AMIRI))
    assert np.array_equal(np.asarray(fallback), np.asarray(render_cue("UNESCO", style(AMIRI))))
    with pytest.raises(MissingGlyphsError, match="UNESCO"):  # boxes would be worse
        render_cue("UNESCO", style(NOTO_ARABIC))


def test_long_lines_wrap_inside_the_box():
    one = render_cue("Bienvenue", style(width=500))
    many = render_cue(
        "Bienvenue à l'exposition des mosaïques de Volubilis et de Fès", style(width=500)
    )
    assert many.width <= 500 and many.height > 2 * one.height  # three lines


def test_box_uses_the_kit_colour_and_text_is_white():
    image = render_cue("Fès", style(box=(27, 77, 62, 190)))
    pixels = np.asarray(image).reshape(-1, 4)
    assert (pixels == (27, 77, 62, 190)).all(axis=1).mean() > 0.5
    assert (pixels == (255, 255, 255, 255)).all(axis=1).any()


def test_without_raqm_captions_are_refused_not_garbled(monkeypatch):
    from PIL import features

    from studio.media.textshape import TextShapingUnavailable

    monkeypatch.setattr(features, "check", lambda name: name != "raqm")
    with pytest.raises(TextShapingUnavailable, match="FriBiDi"):
        render_cue("مرحبا", style())


@pytest.mark.skipif(not NOTO_ARABIC.is_file(), reason="Noto Sans Arabic not installed")
def test_a_mixed_line_takes_each_run_from_a_font_that_has_it():
    # Noto Sans Arabic has no Latin letters: the Arabic comes from it, "UNESCO" from Amiri.
    text = "مرحبا UNESCO"
    mixed = np.asarray(render_cue(text, style(NOTO_ARABIC, AMIRI)))
    amiri = np.asarray(render_cue(text, style(AMIRI)))
    assert mixed.shape != amiri.shape or not np.array_equal(mixed, amiri)


# --- placement -------------------------------------------------------------------------


def test_cues_are_timed_on_the_output_and_kept_above_the_vertical_safe_area(tmp_path):
    cues = [
        Cue(0.0, 1.0, "before the trim"),
        Cue(1.5, 3.0, "straddles the in point"),
        Cue(4.0, 9.0, "runs past the end"),
        Cue(20.0, 21.0, "after the end"),
    ]
    found = caption_overlays(
        cues, size=(1080, 1920), kit=None, start=2.0, duration=5.0, folder=tmp_path
    )
    assert [(o.start, o.end) for o in found] == [(0.0, 1.0), (2.0, 5.0)]
    for overlay in found:
        from PIL import Image

        with Image.open(overlay.path) as img:
            assert overlay.y + img.height <= 0.80 * 1920  # TikTok/Reels UI band kept clear
            assert abs(overlay.x + img.width / 2 - 540) <= 2  # centred
            assert overlay.x % 2 == overlay.y % 2 == 0


def test_landscape_captions_sit_low_and_avoid_a_bottom_logo(tmp_path):
    cue = [Cue(0.0, 1.0, "Fès")]
    low = caption_overlays(cue, size=(1920, 1080), kit=None, start=0, duration=2, folder=tmp_path)
    assert low[0].y > 0.8 * 1080
    logo = (860, 960, 200, 80)  # bottom-centre logo
    above = caption_overlays(
        cue, size=(1920, 1080), kit=None, start=0, duration=2, folder=tmp_path, keep_clear=logo
    )
    from PIL import Image

    with Image.open(above[0].path) as img:
        assert above[0].y + img.height <= 960


def test_style_follows_the_kit():
    from types import SimpleNamespace

    kit = SimpleNamespace(
        fonts={"body": NOTO_ARABIC, "arabic": AMIRI},
        colours={"primary": "#C8A951"},
        path=Path("kit"),
    )
    chosen = style_for(kit, (1080, 1920))
    assert chosen.fonts[0] == NOTO_ARABIC and chosen.arabic == AMIRI
    assert chosen.box[:3] == (0xC8, 0xA9, 0x51) and 0 < chosen.box[3] < 255
    assert chosen.size == round(0.048 * 1080)
