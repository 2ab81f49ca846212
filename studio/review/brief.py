"""The approval brief: one DOCX a reviewer can read, print and sign (python-docx, no Qt).

Order of the document: a cover with what is being approved (title, kit, authors, languages,
state, content hash, date), then one section per target platform (a preview of how it will
look, the exact text, the media with alt texts and credits, validation findings, the
schedule), then the approval history and a signature block. The content hash is on the cover
and in the signature block: a signature on paper is worth as much as the hash it names.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from studio.review.brief_data import BriefData, BriefTarget, display_time, gather
from studio.review.docx_text import add_cell_text, add_text, style_run

if TYPE_CHECKING:
    from studio.core.approval import ContentSnapshot
    from studio.core.workspace import Workspace

Progress = Callable[[float, str], None]
GREY = RGBColor(0x65, 0x70, 0x7A)
RED = RGBColor(0xB0, 0x1E, 0x1E)
AMBER = RGBColor(0x9A, 0x60, 0x00)
SEVERITY_COLOUR = {"error": RED, "warning": AMBER, "info": GREY}
# The label is in the alt text's own language so the paragraph keeps one direction.
ALT_LABEL = {"ar": "النص البديل", "fr": "Texte alternatif", "en": "Alt text"}
LANGUAGE_NAMES = {"ar": "Arabic", "fr": "French", "en": "English", "es": "Spanish"}


@dataclass(frozen=True)
class BriefResult:
    docx: Path
    pdf: Path | None
    pdf_problem: str | None  # why no PDF was made when one was asked for
    content_hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "docx": str(self.docx),
            "pdf": str(self.pdf) if self.pdf else None,
            "pdf_problem": self.pdf_problem,
            "content_hash": self.content_hash,
        }


def _heading(doc, text: str, level: int):
    h = doc.add_heading(level=level)
    style_run(h.add_run(text), size={0: 24, 1: 16, 2: 12.5}[level], bold=level > 0)
    return h


def _widths(table, *cm: float) -> None:
    """Fixed column widths: LibreOffice reads the grid, Word the cells; set both."""
    table.autofit = False
    for column, width in zip(table.columns, cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _key_values(doc, rows: list[tuple[str, str]], mono_keys=("Content hash", "Workspace")):
    table = doc.add_table(rows=0, cols=2)
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for key, value in rows:
        cells = table.add_row().cells
        add_cell_text(cells[0], key, size=9.5, bold=True)
        add_cell_text(cells[1], value, size=9 if key in mono_keys else 10, mono=key in mono_keys)
    _widths(table, 4, 13)
    return table


def _cover(doc, data: BriefData) -> None:
    post = data.post
    add_text(doc, "APPROVAL BRIEF", size=10, colour=GREY, bold=True)
    _heading(doc, post.title or f"Post #{post.id}", 0)
    languages = ", ".join(f"{LANGUAGE_NAMES.get(x, x)} ({x})" for x in post.ordered_languages)
    stale = ""
    if data.reviewed_hash and data.reviewed_hash != data.content_hash:
        stale = f" (submitted as {data.reviewed_hash[:16]}…: the content changed since)"
    _key_values(
        doc,
        [
            ("Post", f"#{post.id}" + (f" · campaign {post.campaign}" if post.campaign else "")),
            ("Brand kit", data.kit_name),
            ("Authors", ", ".join(data.authors) or "—"),
            ("Languages", languages or "—"),
            ("Platforms", ", ".join(t.name for t in data.targets) or "—"),
            ("State", post.state.replace("_", " ") + f" · review round {data.round}"),
            ("Content hash", data.content_hash + stale),
            ("Schedule", display_time(data.schedule_utc) if data.schedule_utc else "when approved"),
            ("Approvals", f"{len(data.approvers)} of {data.approvals_required} required"),
            ("Workspace", data.workspace_id),
            ("Brief made", display_time(data.generated_at)),
        ],
    )
    doc.add_paragraph()
    add_text(
        doc,
        "What you approve is the content hash above: it covers every text and every rendered "
        "file shown in this brief, the alt texts and the schedule. Any change after approval "
        "changes the hash and voids the approval.",
        size=9.5,
        colour=GREY,
    )
    if data.post_findings:
        _heading(doc, "Findings for the whole post", 2)
        _findings(doc, data.post_findings)


def _findings(doc, findings) -> None:
    if not findings:
        add_text(doc, "No findings: the post passes every check for this platform.", size=9.5)
        return
    for f in findings:
        p = doc.add_paragraph(style="List Bullet")
        style_run(
            p.add_run(f"{f.severity.upper()}  "),
            size=9,
            bold=True,
            colour=SEVERITY_COLOUR.get(f.severity, GREY),
        )
        style_run(p.add_run(f"{f.message} ({f.field})"), size=9.5)


def _media_table(doc, target: BriefTarget, thumbs: dict[tuple[str, int], Path]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for m in target.media:
        cells = table.add_row().cells
        thumb = thumbs.get((target.platform, m.index))
        if thumb:
            cells[0].paragraphs[0].add_run().add_picture(str(thumb), width=Cm(3.8))
        label = f"{m.index + 1}. {m.kind} {m.width}×{m.height}" + (
            f" · {m.title}" if m.title else ""
        )
        add_cell_text(cells[1], label, size=10, bold=True)
        for lang, alt in sorted(m.alt.items()):
            add_text(cells[1], f"{ALT_LABEL.get(lang, 'Alt')} ({lang}): {alt}", size=8.5)
        if not m.alt:
            add_text(cells[1], "Alt text: none", size=9.5, colour=RED)
        credit = m.credit or "no credit recorded"
        add_text(
            cells[1],
            f"Credit: {credit} · Rights: {m.license or 'not recorded'}",
            size=9,
            colour=GREY,
        )
        add_text(cells[1], f"sha256 {m.sha256}", size=7.5, mono=True, colour=GREY)
    _widths(table, 4.2, 12.8)


def _target(doc, data: BriefData, target: BriefTarget, preview: Path, thumbs) -> None:
    title = " — ".join(x for x in (target.name, target.account or target.handle) if x)
    _heading(doc, title, 1)
    doc.add_picture(str(preview), width=Cm(10))
    if target.title:
        _heading(doc, "Title", 2)
        add_text(doc, target.title, size=10.5)
    _heading(doc, "Exact text", 2)
    add_text(doc, target.text or "(no text)", size=10.5)
    if target.media:
        _heading(doc, f"Media ({len(target.media)})", 2)
        _media_table(doc, target, thumbs)
    _heading(doc, "Validation", 2)
    _findings(doc, target.findings)
    _heading(doc, "Schedule", 2)
    if data.schedule_utc:
        when = f"{display_time(data.schedule_utc)} (entered as {data.post.schedule_at})"
    else:
        when = "No time set: published as soon as it is approved and released."
    add_text(doc, when, size=10)


def _history(doc, data: BriefData) -> None:
    _heading(doc, "Approval history", 1)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, head in zip(
        table.rows[0].cells, ("When", "Who", "Decision", "Status", "Comment"), strict=True
    ):
        add_cell_text(cell, head, size=9, bold=True)
    for d in data.decisions:
        cells = table.add_row().cells
        status = d.status if d.status == "valid" else f"{d.status}: {d.reason}"
        values = (
            display_time(d.signed_at),
            d.signer,
            d.decision.replace("_", " "),
            f"round {d.round} · {status}",
            d.comment or "—",
        )
        for cell, value in zip(cells, values, strict=True):
            add_cell_text(cell, value, size=8.5)
    _widths(table, 2.6, 2.4, 2.4, 4.6, 5)
    if not data.decisions:
        add_text(doc, "No decisions yet.", size=9.5)
    _heading(doc, "Workflow events", 2)
    for e in data.history:
        detail = e.detail
        what = e.action
        if e.action == "post.state_changed":
            what = f"{detail.get('from')} → {detail.get('to')}"
        elif detail.get("comment"):
            what += f": {detail['comment']}"
        add_text(doc, f"{display_time(e.at)}  {e.actor}  {what}", size=8.5, space_after=1)


def _signatures(doc, data: BriefData) -> None:
    _heading(doc, "Signatures", 1)
    add_text(
        doc,
        "By signing I approve the publication of the content shown in this brief, content hash:",
        size=10,
    )
    add_text(doc, data.content_hash, size=9, mono=True)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("Name", "Role", "Date", "Signature"), strict=True):
        add_cell_text(cell, head, size=9, bold=True)
    names = list(data.approvers) + [""] * max(0, data.approvals_required - len(data.approvers))
    for name in names or [""]:
        row = table.add_row()
        row.height = Cm(1.6)
        add_cell_text(row.cells[0], name or " ", size=10)
        add_cell_text(row.cells[1], "approver", size=10)
    _widths(table, 4.5, 2.5, 3, 7)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10.5)


def build_docx(data: BriefData, out: Path, workdir: Path, progress: Progress) -> Path:
    from studio.review.brief_preview import render_preview, thumbnail

    doc = Document()
    _setup(doc)
    _cover(doc, data)
    for n, target in enumerate(data.targets):
        progress(0.1 + 0.7 * n / max(1, len(data.targets)), f"preview for {target.name}")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        preview = render_preview(target, data.kit, workdir / f"preview-{n}.jpg")
        thumbs = {}
        for m in target.media:
            source = m.poster if m.kind == "video" else m.file
            if source is not None:
                thumbs[(target.platform, m.index)] = thumbnail(
                    source, workdir / f"thumb-{n}-{m.index}.jpg", video=m.kind == "video"
                )
        _target(doc, data, target, preview, thumbs)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _history(doc, data)
    _signatures(doc, data)
    core = doc.core_properties
    core.title = f"Approval brief: {data.post.title}"
    core.subject = f"content hash {data.content_hash}"
    core.author = "Heritage Studio"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    doc.save(str(tmp))
    tmp.replace(out)
    return out


def export_brief(
    ws: Workspace,
    post_id: int,
    out: Path | str,
    *,
    pdf: bool = False,
    snapshot: ContentSnapshot | None = None,
    progress: Progress | None = None,
) -> BriefResult:
    """Write the brief DOCX (and its PDF next to it when ``pdf`` and LibreOffice is there)."""
    from studio.review.pdf import PdfError, PdfUnavailable, docx_to_pdf

    say = progress or (lambda _f, _m: None)
    out = Path(out)
    say(0.0, "gathering the content")
    data = gather(ws, post_id, snapshot)
    with tempfile.TemporaryDirectory(prefix="studio-brief-") as tmp:
        build_docx(data, out, Path(tmp), say)
    pdf_path, problem = None, None
    if pdf:
        say(0.85, "converting to PDF")
        try:
            pdf_path = docx_to_pdf(out, out.with_suffix(".pdf"))
        except (PdfUnavailable, PdfError) as exc:
            problem = str(exc)
    say(1.0, "brief written")
    return BriefResult(out, pdf_path, problem, data.content_hash)
