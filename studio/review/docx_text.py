"""Writing text into python-docx so Arabic reads right to left and is shaped by Word/LibreOffice.

What it takes (checked by converting with LibreOffice 7.4 and looking): the paragraph gets
``w:bidi`` (its base direction), every run ``w:rtl`` and a complex-script font (``w:rFonts
w:cs``, Amiri) with its own size (``w:szCs``), and a ``w:lang w:bidi`` so the shaper picks
Arabic forms. Alignment is left alone: in a bidi paragraph "right" means "end" and would push
the text to the left. Latin paragraphs stay left to right, so a caption in three languages
reads naturally, each in its own direction.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from studio.media.textshape import paragraph_is_rtl

LATIN_FONT = "DejaVu Sans"
# Named, not embedded: where Amiri is not installed, Word and LibreOffice shape the Arabic with
# their own Arabic fallback font. The PDF (LibreOffice) embeds the font it used.
ARABIC_FONT = "Amiri"
MONO_FONT = "DejaVu Sans Mono"

# Children of w:pPr that must come after w:bidi (ECMA-376 CT_PPrBase sequence).
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_SZCS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def set_paragraph_rtl(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    if p_pr.find(qn("w:bidi")) is None:
        p_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def style_run(
    run,
    *,
    size: float | None = None,
    rtl: bool = False,
    mono: bool = False,
    bold: bool = False,
    colour=None,
) -> None:
    """Fonts for every script, sizes for both, and the run direction."""
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    latin = MONO_FONT if mono else LATIN_FONT
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    if bold:
        run.bold = True
        if r_pr.find(qn("w:bCs")) is None:
            b_cs = OxmlElement("w:bCs")
            r_pr.insert_element_before(
                b_cs,
                "w:i",
                "w:iCs",
                "w:caps",
                "w:smallCaps",
                "w:strike",
                "w:dstrike",
                "w:outline",
                "w:shadow",
                "w:emboss",
                "w:imprint",
                "w:noProof",
                "w:snapToGrid",
                "w:vanish",
                "w:webHidden",
                "w:color",
                "w:spacing",
                "w:w",
                "w:kern",
                "w:position",
                "w:sz",
                "w:szCs",
                *_AFTER_SZCS,
            )
    if colour is not None:
        run.font.color.rgb = colour
    if size is not None:
        run.font.size = Pt(size)
        sz_cs = r_pr.find(qn("w:szCs"))
        if sz_cs is None:
            sz_cs = OxmlElement("w:szCs")
            r_pr.insert_element_before(sz_cs, *_AFTER_SZCS)
        # Arabic in Amiri reads smaller than Latin at one size: give it a little more.
        sz_cs.set(qn("w:val"), str(round(size * 2 * (1.15 if rtl else 1))))
    if rtl:
        run.font.rtl = True
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
        lang.set(qn("w:bidi"), "ar-SA")


def add_text(
    container,
    text: str,
    *,
    size: float = 10.5,
    style: str | None = None,
    mono: bool = False,
    bold: bool = False,
    colour=None,
    space_after: float = 4,
):
    """One paragraph per line of ``text``, each in its own direction; returns the last one."""
    paragraph = None
    for line in text.split("\n"):
        paragraph = container.add_paragraph(style=style)
        paragraph.paragraph_format.space_after = Pt(space_after)
        rtl = paragraph_is_rtl(line)
        if rtl:
            set_paragraph_rtl(paragraph)
        if line:
            style_run(
                paragraph.add_run(line), size=size, rtl=rtl, mono=mono, bold=bold, colour=colour
            )
    return paragraph


def add_cell_text(cell, text: str, **kw):
    """Like ``add_text`` into a table cell, reusing the empty first paragraph it starts with."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) == 1:
        first._p.getparent().remove(first._p)
    return add_text(cell, text, **kw)
