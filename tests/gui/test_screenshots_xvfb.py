"""The real app under Xvfb (tools/screenshot.sh): screens in English and mirrored in Arabic.

Saves the shots to artifacts/screenshots/ (git-ignored) for people to look at, and checks
what a person would: every shot is a full window, not blank, and the sidebar sits on the left
in English and on the right in Arabic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "artifacts" / "screenshots"
SIDEBAR = (0x0B, 0x45, 0x48)  # style.TEAL_DARK


def _near(pixel, colour, tolerance=14) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


@pytest.mark.slow
@pytest.mark.skipif(
    not all(shutil.which(t) for t in ("Xvfb", "xdpyinfo", "xwininfo", "import", "convert")),
    reason="needs xvfb, x11-utils and imagemagick (./dev test installs them)",
)
def test_real_app_screenshots_left_to_right_and_mirrored():
    from PIL import Image

    pages = ("library", "previews", "calendar")
    env = dict(os.environ, STUDIO_SHOT_SETTLE="5")
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        ["tools/screenshot.sh", str(OUT), "--small", "--pages", " ".join(pages)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Xvfb on :" in result.stdout and "Xvfb on :99" not in result.stdout
    for page in pages:
        for lang in ("en", "ar"):
            path = OUT / f"app-{lang}-{page}.png"
            img = Image.open(path).convert("RGB")
            assert img.size == (1440, 900), path
            assert len(img.getcolors(1 << 16) or []) > 20, f"{path} looks blank"
            left, right = img.getpixel((20, 450)), img.getpixel((1419, 450))
            if lang == "en":
                assert _near(left, SIDEBAR) and not _near(right, SIDEBAR), path
            else:
                assert _near(right, SIDEBAR) and not _near(left, SIDEBAR), path
