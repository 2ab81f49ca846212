"""Render the app icon (studio/gui/icons/app.svg, the one the window uses) for each OS.

    python packaging/make_icons.py OUTDIR

writes heritage-studio.svg (a copy), heritage-studio-<N>.png for the freedesktop sizes,
heritage-studio.ico (Windows: exe and installer) and heritage-studio.icns (macOS). Generated at
build time from the one SVG, so the three platforms never drift apart and no binary icons are
kept in the repository. Qt draws the SVG (QtSvg, already a dependency); Pillow writes ICO/ICNS.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SVG = Path(__file__).resolve().parent.parent / "studio" / "gui" / "icons" / "app.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]


def render_png(size: int, path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(path), "PNG"):
        raise SystemExit(f"cannot write {path}")


def make_icons(out: Path) -> dict[str, Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - fonts/paint
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, out / "heritage-studio.svg")
    for size in (*PNG_SIZES, 1024):
        render_png(size, out / f"heritage-studio-{size}.png")
    big = Image.open(out / "heritage-studio-1024.png")
    big.save(out / "heritage-studio.ico", sizes=ICO_SIZES)
    big.save(out / "heritage-studio.icns")
    (out / "heritage-studio-1024.png").unlink()
    return {
        "svg": out / "heritage-studio.svg",
        "png": out / "heritage-studio-256.png",
        "ico": out / "heritage-studio.ico",
        "icns": out / "heritage-studio.icns",
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python packaging/make_icons.py OUTDIR")
    for path in make_icons(Path(sys.argv[1])).values():
        print(path)
