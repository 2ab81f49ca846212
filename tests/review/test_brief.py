"""The approval brief: structure of the DOCX, right-to-left Arabic, the preview mock, the PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from studio.core import approval
from studio.core.platforms import get_platform
from studio.review.brief import export_brief
from studio.review.brief_data import BriefTarget
from studio.review.brief_preview import PAD, WIDTH, render_preview
from studio.review.pdf import find_soffice

ARABIC_POST = 1  # tests/review/conftest.py: Arabic first, three photos, five platforms


def paragraphs(doc):
    """Every paragraph, in the body and in table cells."""
    out = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out += cell.paragraphs
    return out


def test_brief_shows_exactly_what_is_hashed_with_arabic_right_to_left(reviewed, tmp_path):
    result = export_brief(reviewed, ARABIC_POST, tmp_path / "brief.docx")
    snap = approval.snapshot(reviewed, ARABIC_POST)
    assert result.content_hash == snap.content_hash and result.pdf is None
    doc = Document(str(result.docx))
    texts = [p.text for p in paragraphs(doc)]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert texts.count(snap.content_hash) >= 1  # in the signature block, on its own line
    assert snap.content_hash in "\n".join(texts)  # and on the cover
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    post = reviewed.posts.get(ARABIC_POST)
    for target in snap.targets:
        assert any(h.startswith(get_platform(target.platform).name) for h in headings)
        assert "\n".join(target.text.split("\n")) in body  # the exact text, line by line
        for m in target.media:
            assert f"sha256 {m.sha256}" in texts
    assert headings[-2:] == ["Approval history", "Signatures"]
    items = reviewed.library.get_many(m.media_id for m in post.media)
    for item in items.values():
        assert any(item.credit in t for t in texts if t.startswith("Credit:"))
        assert any(item.alt["ar"] in t for t in texts)
    # Arabic paragraphs: bidi paragraph, rtl runs with Amiri as the complex-script font
    arabic = [p for p in paragraphs(doc) if p.text.startswith(post.text["ar"][:12])]
    assert arabic
    for p in arabic:
        p_pr = p._p.pPr
        assert p_pr is not None and p_pr.find(qn("w:bidi")) is not None
        assert p_pr.find(qn("w:jc")) is None  # "right" would mean "end" and push it left
        for run in p.runs:
            r_pr = run._r.rPr
            assert r_pr.find(qn("w:rtl")) is not None
            assert r_pr.find(qn("w:rFonts")).get(qn("w:cs")) == "Amiri"
            assert r_pr.find(qn("w:szCs")) is not None
    latin = [p for p in doc.paragraphs if p.text.startswith("Pour la Semaine")]
    assert latin and all(p._p.pPr.find(qn("w:bidi")) is None for p in latin)
    pictures = len(doc.inline_shapes)
    assert pictures == len(snap.targets) + sum(len(t.media) for t in snap.targets)


def _ink_columns(image: Image.Image, top: int, bottom: int) -> tuple[int, int]:
    band = image.convert("L").crop((0, top, image.width, bottom)).point(lambda v: v < 128 and 255)
    box = band.getbbox()
    assert box, "no text drawn"
    return box[0], box[2]


def test_preview_aligns_each_paragraph_by_its_own_direction(tmp_path):
    def card(text):
        target = BriefTarget("x", "X", None, "@culture", text, (), ())
        return Image.open(render_preview(target, None, tmp_path / "p.jpg"))

    arabic = card("زليج فاس المدينة العتيقة")
    left, right = _ink_columns(arabic, PAD + 100, PAD + 130)
    assert right > WIDTH - PAD - 6 and left > WIDTH // 2
    latin = card("The zellige of Fès")
    left, right = _ink_columns(latin, PAD + 100, PAD + 130)
    assert left < PAD + 6 and right < WIDTH // 2
    assert arabic.width == WIDTH


@pytest.mark.slow
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_brief_pdf_uses_amiri_for_arabic(reviewed, tmp_path):
    result = export_brief(reviewed, ARABIC_POST, tmp_path / "brief.docx", pdf=True)
    assert result.pdf is not None and result.pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(result.pdf)], capture_output=True, text=True)
        assert "Amiri" in fonts.stdout
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(result.pdf)], capture_output=True, text=True)
        pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
        platforms = len(reviewed.posts.get(ARABIC_POST).platforms)
        assert pages >= 1 + platforms + 1  # cover, a page per platform at least, history
