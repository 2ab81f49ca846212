"""A simple mock of how a post will look on one platform, drawn with Pillow for the brief.

Deliberately not a screenshot of any network's interface: a clean card with the account, the
exact text (shaped and ordered right to left where the paragraph is Arabic, through
``studio.media.textshape``) and the rendered media as the platform receives them, so a
reviewer sees the crops, the order and how long the text runs before "see more".
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageOps

if TYPE_CHECKING:
    from studio.core.brandkit import BrandKit
    from studio.review.brief_data import BriefTarget

WIDTH = 900
PAD = 32
TEXT_SIZE = 24
MAX_TEXT_LINES = 14
INK, GREY, LINE, BACK = (29, 43, 39), (101, 112, 122), (214, 219, 225), (238, 240, 243)
FALLBACK_FAMILIES = ("Amiri", "DejaVu Sans")  # Amiri is bundled (fontpkg-amiri): Arabic + Latin


@functools.cache
def _system_font(family: str, style: str = "Regular") -> Path | None:
    from studio.core.fonts import FontError, resolve_font

    try:
        return resolve_font({"family": family, "style": style}, Path(__file__).parent)
    except FontError:
        return None


def font_chain(kit: BrandKit | None, role: str = "body") -> tuple[Path, ...]:
    fonts: list[Path] = []
    if kit is not None:
        fonts += [kit.fonts[r] for r in (role, "body", "arabic") if r in kit.fonts]
    fonts += [f for f in (_system_font(fam) for fam in FALLBACK_FAMILIES) if f]
    return tuple(dict.fromkeys(fonts))


def _hex(colour: str | None, default: tuple[int, int, int]) -> tuple[int, int, int]:
    if colour and len(colour) == 7 and colour.startswith("#"):
        try:
            return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
        except ValueError:
            pass
    return default


def _shape(text: str, fonts, size: int, rtl: bool | None = None):
    from studio.media.textshape import MissingGlyphsError, shape_line

    try:
        return shape_line(text, fonts, size, rtl=rtl)
    except MissingGlyphsError:  # e.g. an emoji no font has: show the rest rather than nothing
        from studio.core.fonts import font_covers

        kept = "".join(c for c in text if any(font_covers(f, c) for f in fonts) or c.isspace())
        return shape_line(kept, fonts, size, rtl=rtl)


def wrap_text(text: str, fonts, size: int, width: int) -> list[tuple[str, bool]]:
    """(line, paragraph is right-to-left) in reading order; blank lines kept as ''."""
    from studio.media.textshape import paragraph_is_rtl

    lines: list[tuple[str, bool]] = []
    for para in text.split("\n"):
        rtl = paragraph_is_rtl(para)
        current = ""
        for word in para.split():
            trial = f"{current} {word}" if current else word
            if _shape(trial, fonts, size, rtl).width <= width or not current:
                current = trial
            else:
                lines.append((current, rtl))
                current = word
        lines.append((current, rtl))
    return lines


def _media_tile(path: Path, size: tuple[int, int], video: bool) -> Image.Image:
    with Image.open(path) as img:
        tile = ImageOps.fit(ImageOps.exif_transpose(img).convert("RGB"), size, Image.LANCZOS)
    return _play_mark(tile) if video else tile


def _media_block(target: BriefTarget, width: int) -> Image.Image | None:
    shown = [m for m in target.media if m.kind == "photo" or m.poster is not None][:4]
    if not shown:
        return None
    gap = 6
    if len(shown) == 1:
        m = shown[0]
        height = min(round(width * m.height / max(1, m.width)), round(width * 1.25))
        cells = [(0, 0, width, height)]
    else:
        half = (width - gap) // 2
        rows = (len(shown) + 1) // 2
        cell_h = 300 if rows > 1 else 420
        height = rows * cell_h + (rows - 1) * gap
        cells = [
            ((i % 2) * (half + gap), (i // 2) * (cell_h + gap), half, cell_h)
            for i in range(len(shown))
        ]
        if len(shown) == 3:  # the third spans the row
            cells[2] = (0, cell_h + gap, width, cell_h)
    block = Image.new("RGB", (width, height), BACK)
    for m, (x, y, w, h) in zip(shown, cells, strict=True):
        video = m.kind == "video"
        block.paste(_media_tile(m.poster if video else m.file, (w, h), video), (x, y))
    extra = len(target.media) - len(shown)
    if extra > 0:
        d = ImageDraw.Draw(block, "RGBA")
        x, y, w, h = cells[-1]
        d.rectangle((x, y, x + w, y + h), fill=(0, 0, 0, 120))
        _shape(f"+{extra}", font_chain(None), 48).draw(d, x + w / 2 - 30, y + h / 2 + 18, "white")
    return block


def render_preview(target: BriefTarget, kit: BrandKit | None, out: Path) -> Path:
    """Write the mock card as a JPEG at ``out`` and return it."""
    inner = WIDTH - 2 * PAD
    body = font_chain(kit)
    primary = _hex(kit.colours.get("primary") if kit else None, (91, 107, 122))
    lines = wrap_text(target.text, body, TEXT_SIZE, inner)
    cut = len(lines) > MAX_TEXT_LINES
    lines = lines[:MAX_TEXT_LINES]
    line_h = round(TEXT_SIZE * 1.55)
    media = _media_block(target, inner)
    height = PAD + 72 + 20 + len(lines) * line_h + (line_h if cut else 0) + 16
    height += (media.height + 20) if media else 0
    height += 44 + PAD
    card = Image.new("RGB", (WIDTH, height), "white")
    d = ImageDraw.Draw(card)
    d.rounded_rectangle((1, 1, WIDTH - 2, height - 2), radius=18, outline=LINE, width=2)
    # header: avatar, account name, handle and network
    d.ellipse((PAD, PAD, PAD + 64, PAD + 64), fill=primary)
    name = kit.name_for(kit.primary_language) if kit else "Your account"
    mark = _shape(name[:1].upper(), body, 32)
    mark.draw(d, PAD + 32 - mark.width / 2, PAD + 44, "white")
    _shape(name, body, 26).draw(d, PAD + 84, PAD + 28, INK)
    sub = " · ".join(x for x in (target.handle, target.account, target.name) if x)
    _shape(sub, font_chain(None), 20).draw(d, PAD + 84, PAD + 60, GREY)
    y = PAD + 72 + 20
    for text, rtl in lines:
        y += line_h
        if text:
            shaped = _shape(text, body, TEXT_SIZE, rtl)
            x = PAD + inner - shaped.width if rtl else PAD
            shaped.draw(d, x, y - round(line_h * 0.3), INK)
    if cut:
        y += line_h
        _shape("… (full text below)", font_chain(None), 20).draw(d, PAD, y - 8, GREY)
    y += 16
    if media:
        card.paste(media, (PAD, y))
        y += media.height + 20
    d.line((PAD, y, WIDTH - PAD, y), fill=LINE, width=2)
    _shape(f"Preview for {target.name}", font_chain(None), 18).draw(d, PAD, y + 32, GREY)
    out.parent.mkdir(parents=True, exist_ok=True)
    card.save(out, "JPEG", quality=88)  # photos inside: a PNG would be ~6x larger
    return out


def thumbnail(path: Path, out: Path, box: int = 360, video: bool = False) -> Path:
    """A small JPEG of a rendered file (the poster for a video) for the brief's media table."""
    with Image.open(path) as img:
        small = ImageOps.exif_transpose(img).convert("RGB")
        small.thumbnail((box, box), Image.LANCZOS)
    if video:
        small = _play_mark(small)
    out.parent.mkdir(parents=True, exist_ok=True)
    small.save(out, "JPEG", quality=85)
    return out


def _play_mark(img: Image.Image) -> Image.Image:
    """A play button over a video's poster, so nobody mistakes it for a photo."""
    d = ImageDraw.Draw(img, "RGBA")
    cx, cy, r = img.width // 2, img.height // 2, min(img.size) // 7
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(0, 0, 0, 140))
    d.polygon(
        [(cx - r // 3, cy - r // 2), (cx - r // 3, cy + r // 2), (cx + r // 2, cy)],
        fill=(255, 255, 255, 230),
    )
    return img
