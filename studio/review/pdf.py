"""DOCX -> PDF with LibreOffice, when it is installed (it is optional for the app).

Each conversion runs with its own throw-away LibreOffice profile: two conversions sharing the
user's profile (or a running LibreOffice window) make the second one exit silently with no PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from studio.core.errors import StudioError

TIMEOUT_S = 120


class PdfUnavailable(StudioError):
    """LibreOffice is not installed, so no PDF can be made (the DOCX is still complete)."""


class PdfError(StudioError):
    """LibreOffice ran but did not produce the PDF."""


def find_soffice() -> str | None:
    """Path of LibreOffice's command line program, or None."""
    override = os.environ.get("STUDIO_SOFFICE")
    if override:
        return override if shutil.which(override) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path) -> Path:
    """Write ``pdf`` from ``docx``; raise PdfUnavailable/PdfError with what to do."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(
            "LibreOffice is not installed, so no PDF was made (the DOCX is complete); install "
            "it (Debian: apt install libreoffice-writer-nogui) or open the DOCX and save as PDF"
        )
    docx, pdf = Path(docx), Path(pdf)
    with tempfile.TemporaryDirectory(prefix="studio-soffice-") as tmp:
        profile = Path(tmp) / "profile"
        outdir = Path(tmp) / "out"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"LibreOffice took more than {TIMEOUT_S} s to convert {docx.name}; close other "
                "LibreOffice windows and try again"
            ) from None
        made = outdir / (docx.stem + ".pdf")
        if run.returncode != 0 or not made.is_file() or made.stat().st_size == 0:
            detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PdfError(f"LibreOffice could not convert {docx.name} to PDF ({detail[0]})")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), pdf)
    return pdf
