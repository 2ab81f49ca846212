"""Brand overlays drawn on a rendered photo: the kit's logo (watermark) and lower third.

Both are drawn on the *output-sized* image, after the resize: the logo is resampled once to
its final width (sharp at every output size) and text is rasterised at the pixel size it will
be seen at, instead of being drawn on the original and blurred by the downscale.

Sizes come from the kit as fractions (logo width of the image width, margin of the short
side, lower third height of the image height), so one kit fits a 1080x1350 Instagram photo
and a 640-pixel GUI preview alike. When the lower third and the logo would overlap (both at
the bottom), the logo moves above the band rather than being painted over the text.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from studio.media.textshape import fill_template, fit_line, paragraph_is_rtl

if TYPE_CHECKING:
    from PIL import Image

    from studio.core.brandkit import BrandKit, LowerThird, Placement
    from studio.media.jobs import RenderJob

FALLBACK_FAMILIES = ("Amiri", "DejaVu Sans")  # Amiri is bundled (fontpkg-amiri): Arabic + Latin


def apply_overlays(img: Image.Image, job: RenderJob) -> Image.Image:
    """Draw the job's lower third and watermark on ``img`` (RGB or RGBA, modified in place)."""
    kit = job.kit
    if kit is None or not job.overlays:
        return img
    band = None
    if kit.lower_third is not None and job.lower_third:
        band = draw_lower_third(img, kit, kit.lower_third, job.lower_third)
    placement = kit.watermark_for(job.platform)
    if placement is not None:
        draw_logo(img, kit, placement, avoid=band)
    return img


def parse_colour(value: str) -> tuple[int, int, int, int]:
    """ "#RRGGBB" or "#RRGGBBAA" -> (r, g, b, a)."""
    value = value.lstrip("#")
    rgba = [int(value[i : i + 2], 16) for i in range(0, len(value), 2)]
    return (*rgba[:3], rgba[3] if len(rgba) > 3 else 255)


@functools.lru_cache(maxsize=32)
def _logo(path: str, width: int, opacity: float) -> Image.Image:
    from PIL import Image

    with Image.open(path) as src:
        logo = src.convert("RGBA")
    height = max(1, round(logo.height * width / logo.width))
    logo = logo.resize((width, height), Image.Resampling.LANCZOS)
    if opacity < 1:
        alpha = logo.getchannel("A").point(lambda a: round(a * opacity))
        logo.putalpha(alpha)
    return logo


def _paste(img: Image.Image, layer: Image.Image, xy: tuple[int, int]) -> None:
    """Composite an RGBA ``layer`` over ``img`` at ``xy`` ("over", alpha-correct)."""
    if img.mode == "RGBA":
        img.alpha_composite(layer, xy)
    else:
        img.paste(layer.convert(img.mode), xy, layer.getchannel("A"))


def draw_logo(
    img: Image.Image,
    kit: BrandKit,
    placement: Placement,
    *,
    avoid: tuple[int, int] | None = None,
) -> tuple[int, int, int, int]:
    """Paste the placement's logo; returns its box. ``avoid`` is a (top, bottom) band."""
    path = kit.logos.get(placement.logo) or kit.logos["primary"]
    width, height = img.size
    logo = _logo(str(path), max(1, round(width * placement.scale)), float(placement.opacity))
    margin = round(placement.margin * min(width, height))
    pos = placement.position
    if pos.endswith("left"):
        x = margin
    elif pos.endswith("right"):
        x = width - margin - logo.width
    else:
        x = (width - logo.width) // 2
    if pos.startswith("top"):
        y = margin
    elif pos.startswith("bottom"):
        y = height - margin - logo.height
    else:
        y = (height - logo.height) // 2
    if avoid is not None and y < avoid[1] and y + logo.height > avoid[0]:
        y = avoid[0] - margin - logo.height if pos.startswith("bottom") else avoid[1] + margin
    _paste(img, logo, (x, y))
    return x, y, x + logo.width, y + logo.height


def font_chain(kit: BrandKit, first: Path | None = None) -> list[Path]:
    """Fonts to try, best first: the given one, the kit's, then bundled fallbacks."""
    from studio.core.fonts import FontError, resolve_font

    chain = [first] if first else []
    chain += [kit.fonts[r] for r in ("arabic", "title", "body") if r in kit.fonts]
    for family in FALLBACK_FAMILIES:
        try:
            chain.append(resolve_font({"family": family}, kit.path))
        except FontError:
            continue
    return list(dict.fromkeys(Path(p) for p in chain))


def draw_lower_third(
    img: Image.Image, kit: BrandKit, lower: LowerThird, fields: dict[str, str]
) -> tuple[int, int] | None:
    """Draw the band and its text; returns the band's (top, bottom), None if no text."""
    from PIL import Image, ImageDraw

    text = fill_template(lower.template, fields, isolate=True)
    if not text:
        return None
    # Fields are isolates, so the paragraph direction comes from the first field with letters:
    # an Arabic title makes the band read right to left, a French one left to right.
    rtl = next(
        (paragraph_is_rtl(v) for v in fields.values() if v and any(c.isalpha() for c in v)),
        False,
    )
    width, height = img.size
    band_h = max(1, round(lower.height * height))
    top = height - band_h if lower.position == "bottom" else 0
    _paste(img, Image.new("RGBA", (width, band_h), parse_colour(lower.background)), (0, top))
    fonts = font_chain(kit, lower.font)
    lines = text.split("\n")
    slot = band_h / len(lines)
    pad = max(2, round(min(width, height) * 0.04))
    draw = ImageDraw.Draw(img)
    fill = parse_colour(lower.text_colour)[:3]
    for i, line in enumerate(lines):
        size = max(6, round(slot * 0.5))
        shaped = fit_line(
            line, fonts, width - 2 * pad, size, min_size=max(6, round(size * 0.7)), rtl=rtl
        )
        ascent, descent = shaped.metrics
        baseline = top + slot * i + (slot + ascent - descent) / 2
        x = width - pad - shaped.width if shaped.rtl else pad
        shaped.draw(draw, x, baseline, fill)
    return top, top + band_h
