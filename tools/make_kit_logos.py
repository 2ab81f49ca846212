"""Draw the sample brand kits' logos, so the PNGs in brand_kits/ can be rebuilt and reviewed as code.

Both marks are original geometric designs for fictional organisations (the Republic of Maridia
and the Institut culturel de Valcourt); they copy no real emblem. Shapes are drawn at 4x and
scaled down for smooth edges, then quantised to a small palette with alpha so each PNG stays
well under 40 KB.

    .venv/bin/python tools/make_kit_logos.py          # rewrite the PNGs
    .venv/bin/python tools/make_kit_logos.py --check  # exit 1 if a PNG differs from the code
"""

from __future__ import annotations

import argparse
import io
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent / "brand_kits"
SIZE = 512
SS = 4  # supersampling factor
W = SIZE * SS
C = W / 2


def _polygon(points: int, radius: float, rotation: float = 0.0) -> list[tuple[float, float]]:
    return [
        (
            C + radius * math.cos(rotation + 2 * math.pi * i / points),
            C + radius * math.sin(rotation + 2 * math.pi * i / points),
        )
        for i in range(points)
    ]


def _star(radius: float, inner_ratio: float, rotation: float = -math.pi / 2) -> list:
    """An 8-point star: 16 vertices alternating between ``radius`` and ``radius*inner_ratio``."""
    pts = []
    for i in range(16):
        r = radius if i % 2 == 0 else radius * inner_ratio
        a = rotation + math.pi * i / 8
        pts.append((C + r * math.cos(a), C + r * math.sin(a)))
    return pts


def _disc(draw: ImageDraw.ImageDraw, radius: float, fill) -> None:
    draw.ellipse((C - radius, C - radius, C + radius, C + radius), fill=fill)


def maridia_star(gold: str, teal: str, sand: str) -> Image.Image:
    """Two interlaced squares (a khatam star) around an eight-petal rosette."""
    img = Image.new("RGBA", (W, W), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    outer = W * 0.48
    for rot in (0.0, math.pi / 4):  # the two squares, as a gold band with a teal inside
        d.polygon(_polygon(4, outer, rot + math.pi / 4), fill=gold)
    for rot in (0.0, math.pi / 4):
        d.polygon(_polygon(4, outer * 0.86, rot + math.pi / 4), fill=teal)
    _disc(d, outer * 0.62, gold)
    _disc(d, outer * 0.56, teal)
    d.polygon(_star(outer * 0.52, 0.62), fill=sand)  # the rosette
    d.polygon(_star(outer * 0.30, 0.70, -math.pi / 2 + math.pi / 8), fill=gold)
    _disc(d, outer * 0.12, teal)
    return img


def valcourt_arch(navy: str, ivory: str, terracotta: str) -> Image.Image:
    """A round arch with a keystone on a stepped base: the institute as a doorway."""
    img = Image.new("RGBA", (W, W), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    _disc(d, W * 0.48, navy)
    half, top, base = W * 0.20, W * 0.40, W * 0.74
    d.rectangle((C - half, top, C + half, base), fill=ivory)
    d.pieslice((C - half, top - half, C + half, top + half), 180, 360, fill=ivory)
    inner = half * 0.62
    d.rectangle((C - inner, top + W * 0.02, C + inner, base), fill=navy)
    d.pieslice(
        (C - inner, top - inner + W * 0.02, C + inner, top + inner + W * 0.02), 180, 360, fill=navy
    )
    k = W * 0.035
    d.polygon(
        [
            (C - k, top - half - k * 0.2),
            (C + k, top - half - k * 0.2),
            (C + k * 0.7, top - half + k * 2.2),
            (C - k * 0.7, top - half + k * 2.2),
        ],
        fill=terracotta,
    )
    d.rectangle((C - half * 1.35, base, C + half * 1.35, base + W * 0.04), fill=terracotta)
    d.rectangle((C - half * 1.6, base + W * 0.05, C + half * 1.6, base + W * 0.08), fill=ivory)
    return img


def finish(img: Image.Image) -> bytes:
    small = img.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    quantised = small.quantize(
        colors=96, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    buf = io.BytesIO()
    quantised.save(buf, "PNG", optimize=True)
    return buf.getvalue()


LOGOS = {
    "embassy-cultural-ar/logos/maridia-star.png": lambda: maridia_star(
        "#C9A227", "#0B5D5B", "#E9DCC0"
    ),
    "embassy-cultural-ar/logos/maridia-star-light.png": lambda: maridia_star(
        "#FFFFFF", "#0B5D5B", "#F4EBD6"
    ),
    "institut-culturel-fr/logos/valcourt-arch.png": lambda: valcourt_arch(
        "#1F2A44", "#F7F2E7", "#C0583A"
    ),
    "institut-culturel-fr/logos/valcourt-arch-light.png": lambda: valcourt_arch(
        "#F7F2E7", "#1F2A44", "#C0583A"
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for rel, draw in LOGOS.items():
        data, path = finish(draw()), ROOT / rel
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{rel}: {len(data) // 1024} KB")
    for rel in stale:
        print(f"{rel} differs from tools/make_kit_logos.py; run it to rebuild", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
