"""Arabic and mixed-script text: shaped, joined, ordered, with per-run font fallback.

The reference for "correctly joined" is independent of RAQM: Unicode's Arabic Presentation
Forms are the contextual glyphs themselves (initial, medial, final), so drawing them in visual
order with the BASIC layout shows what a shaped word must look like.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studio.media import textshape
from studio.media.textshape import (
    MissingGlyphsError,
    TextShapingUnavailable,
    fill_template,
    fit_line,
    shape_line,
)

KTB = "كتب"  # kaf, teh, beh: all three join
KTB_VISUAL = "\ufe90\ufe98\ufedb"  # final beh, medial teh, initial kaf, left to right
NOTO_ARABIC = Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf")
NOTO_LATIN = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")  # no Arabic
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def amiri() -> Path:
    from studio.core.fonts import resolve_font

    return resolve_font({"family": "Amiri"}, Path("."))


def _ink(draw_fn, size=(400, 120)) -> np.ndarray:
    img = Image.new("L", size, 0)
    draw_fn(ImageDraw.Draw(img))
    return np.asarray(img) > 96


def _columns(mask: np.ndarray) -> tuple[int, int]:
    cols = np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(cols[-1])


def test_raqm_joins_and_orders_arabic_like_presentation_forms(amiri):
    raqm = ImageFont.truetype(str(amiri), 60, layout_engine=ImageFont.Layout.RAQM)
    basic = ImageFont.truetype(str(amiri), 60, layout_engine=ImageFont.Layout.BASIC)
    shaped_w = raqm.getlength(KTB, direction="rtl", language="ar")
    joined_w = basic.getlength(KTB_VISUAL)
    isolated_w = basic.getlength(KTB)
    assert shaped_w == pytest.approx(joined_w, rel=0.03)  # joined glyphs, not isolated ones
    assert isolated_w > shaped_w * 1.2

    line = shape_line(KTB, [amiri], 60)
    shaped = _ink(lambda d: line.draw(d, 20, 90, 255))
    reference = _ink(lambda d: d.text((20, 90), KTB_VISUAL, font=basic, fill=255, anchor="ls"))
    broken = _ink(lambda d: d.text((20, 90), KTB, font=basic, fill=255, anchor="ls"))
    iou = (shaped & reference).sum() / (shaped | reference).sum()
    assert iou > 0.8, iou
    assert (shaped ^ broken).sum() > 0.3 * shaped.sum()  # BASIC output really is different


def test_missing_fribidi_fails_loudly_naming_the_package(monkeypatch, amiri):
    from PIL import features

    real = features.check
    monkeypatch.setattr(features, "check", lambda name: False if name == "raqm" else real(name))
    textshape._font.cache_clear()
    with pytest.raises(TextShapingUnavailable, match="libfribidi0"):
        shape_line(KTB, [amiri], 30)
    with pytest.raises(TextShapingUnavailable, match="libfribidi0"):
        textshape.load_font(amiri, 30)


@pytest.mark.skipif(not (NOTO_ARABIC.exists() and DEJAVU.exists()), reason="needs fonts-noto-core")
def test_per_run_fallback_and_bidi_order_in_an_rtl_line():
    # Noto Sans Arabic has no Latin letters: "UNESCO" must come from the next font.
    line = shape_line("متحف UNESCO للتراث", [NOTO_ARABIC, DEJAVU], 40)
    assert line.rtl
    by_font = {r.text.strip(): r.font for r in line.runs if r.text.strip()}
    assert by_font["UNESCO"] == DEJAVU
    assert by_font["متحف"] == NOTO_ARABIC
    order = [r.text.strip() for r in line.runs if r.text.strip()]
    # Visual order, left to right: the last Arabic word, UNESCO, the first Arabic word.
    assert order == ["للتراث", "UNESCO", "متحف"]
    latin = next(r for r in line.runs if r.text == "UNESCO")
    assert latin.direction == "ltr" and latin.language is None
    arabic_runs = [r for r in line.runs if any("\u0600" <= c <= "\u06ff" for c in r.text)]
    assert len(arabic_runs) == 2 and all(r.language == "ar" for r in arabic_runs)
    # No box glyphs: the Latin run is as wide as DejaVu draws it.
    dejavu = ImageFont.truetype(str(DEJAVU), 40, layout_engine=ImageFont.Layout.RAQM)
    assert line._advance(latin) == pytest.approx(dejavu.getlength("UNESCO"))


@pytest.mark.skipif(not (NOTO_ARABIC.exists() and NOTO_LATIN.exists()), reason="fonts-noto-core")
def test_ltr_paragraph_keeps_arabic_words_in_their_own_order():
    line = shape_line("Photo: متحف الفن", [NOTO_LATIN, NOTO_ARABIC], 40)
    assert not line.rtl
    texts = [r.text.strip() for r in line.runs if r.text.strip()]
    assert texts[0] == "Photo:"  # Latin first, on the left
    arabic = next(r for r in line.runs if "متحف" in r.text)
    assert arabic.direction == "rtl"  # HarfBuzz/FriBiDi order its words right to left
    assert arabic.font == NOTO_ARABIC and arabic.text.strip() == "متحف الفن"


def test_characters_no_font_has_are_an_error_not_boxes(amiri):
    with pytest.raises(MissingGlyphsError, match="U\\+4E2D"):
        shape_line("Expo 中国", [amiri], 30)


def test_fit_line_shrinks_then_ellipsizes(amiri):
    text = "زليج المدينة العتيقة " * 6
    line = fit_line(text, [amiri], 300, 40, min_size=20)
    assert line.width <= 300
    assert line.size == 20
    assert "…" in "".join(r.text for r in line.runs)
    short = fit_line("Zellige", [amiri], 300, 40, min_size=20)
    assert short.size == 40


def test_fill_template_drops_empty_fields_and_isolates_values():
    assert fill_template("{title} · {credit} ({license})", {"title": "T"}) == "T"
    assert fill_template("Photo: {credit}", {"credit": ""}) == ""
    assert fill_template("{credit} · https://x.org/a", {"credit": "A"}) == "A · https://x.org/a"
    isolated = fill_template(
        "{title} · {credit}", {"title": "زليج", "credit": "Studio"}, isolate=True
    )
    assert isolated == "\u2068زليج\u2069 · \u2068Studio\u2069"
