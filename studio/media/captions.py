"""Burned-in captions: parse an SRT file and draw each cue as a transparent PNG.

Why not ffmpeg's ``subtitles``/``ass`` filters: they shape text with whatever libass,
fribidi and fontconfig the ffmpeg build has (``STUDIO_FFMPEG`` may point at any build) and
pick fonts through fontconfig, so Arabic could come out unjoined, reversed or in a fallback
font with nothing telling us. Here each line is shaped by :mod:`studio.media.textshape`
(Pillow RAQM: HarfBuzz shaping + FriBiDi ordering, per-run font fallback, a hard error
instead of silently broken Arabic when FriBiDi is missing) in the kit's own font files;
ffmpeg then only overlays finished images with ``enable='between(t,a,b)'`` (see
:mod:`studio.media.video_graph`).

Fonts, best first: for a line with Arabic script the kit's Arabic font, then its caption and
body fonts, then Amiri (bundled: Arabic *and* Latin) and DejaVu Sans; any character the
first font lacks is drawn with the next one that has it. The paragraph direction comes from
the first strong letter: a line starting in Arabic reads right to left, and embedded Latin
words and numbers keep their own order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.errors import StudioError
from studio.media.video_graph import Overlay

if TYPE_CHECKING:
    from PIL import Image

    from studio.core.brandkit import BrandKit

__all__ = [
    "CaptionError",
    "CaptionStyle",
    "Cue",
    "caption_overlays",
    "parse_srt",
    "read_srt",
    "render_cue",
    "style_for",
]

MAX_SRT_BYTES = 2_000_000  # ~20 hours of dialogue; anything bigger is not a caption file
_TIME = r"(\d{1,3}):(\d{2}):(\d{2})[,.](\d{1,3})|(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*(?:{_TIME})\s*-->\s*(?:{_TIME})")
_TAGS = re.compile(r"</?(?:i|b|u|font)\b[^>]*>|\{\\[^}]*\}", re.IGNORECASE)
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


class CaptionError(StudioError):
    """The caption file cannot be used; the message names the file problem and the fix."""


@dataclass(frozen=True)
class Cue:
    start: float  # seconds of the source clip
    end: float
    text: str  # lines separated by "\n", formatting tags removed


@dataclass(frozen=True)
class CaptionStyle:
    fonts: tuple[Path, ...]  # best first; a character the first lacks takes the next one's
    size: int  # font size in pixels
    max_width: int  # widest box, pixels
    text: tuple[int, int, int, int] = (255, 255, 255, 255)
    box: tuple[int, int, int, int] = (0, 0, 0, 170)
    arabic: Path | None = None  # tried first for lines in a right-to-left script


def _seconds(groups: tuple[str | None, ...]) -> float:
    h, m, s, ms, m2, s2, ms2 = groups
    if h is None:
        h, m, s, ms = "0", m2, s2, ms2
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def parse_srt(text: str) -> list[Cue]:
    """Cues of an SRT document, in file order; blocks without a timing line are skipped.

    Tolerates what real files contain: CRLF, a BOM, missing or wrong index numbers, ``.``
    instead of ``,`` in times, position suffixes after the times, <i>/<font> and {\\an8} tags.
    """
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.strip("\n\ufeff").split("\n")
        for i, line in enumerate(lines[:2]):
            match = _TIMING.match(line)
            if match:
                start, end = _seconds(match.groups()[:7]), _seconds(match.groups()[7:])
                body = "\n".join(_TAGS.sub("", t).strip() for t in lines[i + 1 :]).strip()
                if body and end > start:
                    cues.append(Cue(start, end, body))
                break
    return cues


def read_srt(path: Path) -> list[Cue]:
    """Read and parse a UTF-8 SRT file; raise :class:`CaptionError` with the fix."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SRT_BYTES:
            raise CaptionError(f"caption file {path.name} is larger than 2 MB; is it an SRT?")
        data = path.read_bytes()
    except OSError as exc:
        raise CaptionError(f"cannot read caption file {path.name}: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaptionError(
            f"caption file {path.name} is not UTF-8 text; save it as UTF-8 and try again"
        ) from exc
    cues = parse_srt(text)
    if not cues and text.strip():
        raise CaptionError(
            f"caption file {path.name} has no cue with a '00:00:01,000 --> 00:00:03,000' "
            "timing line; is it an SRT file?"
        )
    return cues


FALLBACK_FAMILIES = ("Amiri", "DejaVu Sans")  # Amiri is a dependency (fontpkg-amiri)


def _fallback_fonts(kit_dir: Path) -> list[Path]:
    from studio.core.fonts import FontError, resolve_font

    found = []
    for family in FALLBACK_FAMILIES:
        try:
            found.append(resolve_font({"family": family}, kit_dir))
        except FontError:
            continue
    return found


def style_for(kit: BrandKit | None, size: tuple[int, int]) -> CaptionStyle:
    """Caption look for an output of ``size``: kit fonts, white on the kit's primary colour."""
    fonts: list[Path] = []
    box = (0, 0, 0, 170)
    arabic = kit.fonts.get("arabic") if kit is not None else None
    if kit is not None:
        fonts += [kit.fonts[r] for r in ("caption", "body", "arabic") if r in kit.fonts]
        primary = kit.colours.get("primary", "")
        if re.fullmatch(r"#[0-9a-fA-F]{6}", primary):
            box = (*(int(primary[i : i + 2], 16) for i in (1, 3, 5)), 190)  # type: ignore[assignment]
    # Without a kit, look in a folder with no fonts/ in it: packages and system fonts only.
    fonts += _fallback_fonts(kit.path if kit is not None else Path(__file__).resolve().parent)
    w, h = size
    return CaptionStyle(
        fonts=tuple(dict.fromkeys(fonts)),
        size=max(12, round(0.048 * min(w, h))),
        max_width=round(0.86 * w),
        box=box,
        arabic=arabic,
    )


def _chain(line: str, style: CaptionStyle) -> tuple[Path, ...]:
    if style.arabic is not None and _RTL.search(line):
        return tuple(dict.fromkeys((style.arabic, *style.fonts)))
    return style.fonts


def _wrap(text: str, fits) -> list[str]:
    """Greedy word wrap in logical order; a word wider than a line is split by characters."""
    lines: list[str] = []
    for para in text.split("\n"):
        current = ""
        for word in para.split():
            trial = f"{current} {word}" if current else word
            if fits(trial):
                current = trial
                continue
            if current:
                lines.append(current)
            while not fits(word) and len(word) > 1:
                cut = max(1, next((n for n in range(len(word), 0, -1) if fits(word[:n])), 1))
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        if current:
            lines.append(current)
    return lines


def render_cue(text: str, style: CaptionStyle) -> Image.Image:
    """One cue as an RGBA image: centred lines on a rounded semi-transparent box.

    Raises :class:`~studio.media.textshape.TextShapingUnavailable` when Pillow cannot do
    RAQM layout (Arabic would come out unjoined and reversed) and
    :class:`~studio.media.textshape.MissingGlyphsError` when no font has a character.
    """
    from PIL import Image, ImageDraw

    from studio.media.textshape import shape_line

    if not style.fonts:
        raise CaptionError(
            "no font available for captions: the kit names none and Amiri is missing"
        )
    pad = max(4, style.size // 3)
    room = style.max_width - 2 * pad

    def shaped(line: str):
        return shape_line(line, _chain(line, style), style.size)

    lines = [shaped(t) for t in _wrap(text, lambda t: shaped(t).width <= room)]
    metrics = [line.metrics for line in lines]
    advance = [round((a + d) * 0.92) for a, d in metrics]
    width = min(style.max_width, round(max(line.width for line in lines)) + 2 * pad)
    height = sum(advance) + 2 * pad
    image = Image.new("RGBA", (width + width % 2, height + height % 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, image.width - 1, image.height - 1), pad // 2, fill=style.box)
    y = pad
    for line, (ascent, descent), step in zip(lines, metrics, advance, strict=True):
        baseline = y + (step - ascent - descent) // 2 + ascent
        line.draw(draw, (image.width - line.width) / 2, baseline, style.text)
        y += step
    return image


def caption_overlays(
    cues: list[Cue],
    *,
    size: tuple[int, int],
    kit: BrandKit | None,
    start: float,
    duration: float,
    folder: Path,
    keep_clear: tuple[int, int, int, int] | None = None,
) -> list[Overlay]:
    """Render the cues that fall inside ``[start, start + duration]`` of the source.

    Times become output times (the render starts at ``start``). The box is centred above
    the bottom safe area -- 20 % of the height on vertical video, where TikTok, Reels and
    Shorts draw their caption, buttons and progress bar, 7 % elsewhere -- and above
    ``keep_clear`` (the logo's x, y, w, h) when the logo sits in that band.
    """
    w, h = size
    style = style_for(kit, size)
    bottom = round(h * (0.80 if w / h < 0.7 else 0.93))
    overlays = []
    for n, cue in enumerate(cues):
        a, b = max(0.0, cue.start - start), min(duration, cue.end - start)
        if b <= a:
            continue
        image = render_cue(cue.text, style)
        x = (w - image.width) // 2
        y = bottom - image.height
        if keep_clear:
            lx, ly, lw, lh = keep_clear
            if lx < x + image.width and x < lx + lw and ly < y + image.height and y < ly + lh:
                y = ly - image.height - style.size // 2
        y = max(0, y)
        path = folder / f"c{n}.png"
        image.save(path, compress_level=1)
        overlays.append(Overlay(str(path), x - x % 2, y - y % 2, a, b))
    return overlays
