"""Draw text that is shaped and ordered correctly in any script, Arabic first of all.

Why this module exists:

- Arabic letters change shape with their neighbours and the line runs right to left. Pillow
  does this only with its RAQM layout (HarfBuzz shapes, FriBiDi orders), and RAQM loads the
  system FriBiDi library at run time. Without it ``ImageFont.Layout.RAQM`` silently becomes
  BASIC: unjoined letters in reverse order, with only a warning. A post published that way is
  an embarrassment for an embassy, so :func:`require_raqm` refuses to draw and names the
  missing package instead. Every font here is loaded through :func:`load_font`, which checks.
- Pillow does not fall back per glyph: Noto Sans Arabic has no Latin letters and draws boxes
  for "UNESCO". :func:`shape_line` therefore splits a line into runs, each drawn with the
  first font of the chain that covers it (the kit's font, then its other fonts, then Amiri,
  which the project bundles and which covers Arabic and Latin), and passes each run its own
  ``direction`` and ``language`` so HarfBuzz picks the right forms.
- When one font covers the whole line, RAQM lays the line out in one call and does the bidi
  ordering itself. When runs use different fonts, the runs are put in visual order from the
  embedding levels FriBiDi computes for the whole paragraph (the same library and algorithm
  RAQM uses), so mixed lines read exactly as they would with one font.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.core.errors import StudioError

__all__ = [
    "MissingGlyphsError",
    "Run",
    "ShapedLine",
    "TextShapingUnavailable",
    "fill_template",
    "fit_line",
    "load_font",
    "paragraph_is_rtl",
    "require_raqm",
    "shape_line",
]

FRIBIDI_PACKAGES = (
    "Debian/Ubuntu: apt install libfribidi0; Fedora: dnf install fribidi; "
    "macOS: brew install fribidi; Windows: put fribidi-0.dll next to python.exe"
)
_RTL_LANGS = {"ar", "fa", "ur", "ps", "ku", "sd", "ug", "he", "yi", "dv"}
_ARABIC_SCRIPT_LANGS = _RTL_LANGS - {"he", "yi", "dv"}
# FriBiDi constants (fribidi-bidi-types.h): paragraph type "other neutral" = auto-detect.
_FRIBIDI_PAR_ON, _FRIBIDI_PAR_LTR, _FRIBIDI_PAR_RTL = 0x40, 0x110, 0x111
_NEUTRAL_BIDI = {"WS", "ON", "CS", "ES", "ET", "EN", "AN", "NSM", "BN", "S", "B"}


class TextShapingUnavailable(StudioError):
    """Complex text layout is missing, so right-to-left text would come out broken."""


class MissingGlyphsError(StudioError):
    """No font in the chain can draw some characters; drawing boxes would be worse."""


def require_raqm() -> None:
    """Raise :class:`TextShapingUnavailable`, naming the package, unless RAQM works."""
    from PIL import features

    if not features.check("raqm"):
        raise TextShapingUnavailable(
            "cannot draw text correctly: Pillow's RAQM text layout is unavailable because the "
            f"FriBiDi library (package libfribidi0) is not installed ({FRIBIDI_PACKAGES}). "
            "Without it Arabic would be drawn unjoined and reversed, so nothing was rendered."
        )


@functools.lru_cache(maxsize=64)
def _font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


def load_font(path: Path | str, size: int):
    """A RAQM font; never a BASIC one (see the module docstring)."""
    require_raqm()
    return _font(str(path), int(size))


@functools.lru_cache(maxsize=16384)
def _covers(path: str, ch: str) -> bool:
    from studio.core.fonts import missing_glyphs

    return not missing_glyphs(Path(path), ch)


def _is_neutral(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in _NEUTRAL_BIDI or unicodedata.category(ch) in (
        "Mn",
        "Me",
        "Cf",
    )


FSI, PDI = "\u2068", "\u2069"  # first-strong isolate, pop directional isolate


def paragraph_is_rtl(text: str) -> bool:
    """Unicode rules P2/P3: the first strong letter outside isolates decides the direction."""
    depth = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind == "L":
            return False
        elif depth == 0 and kind in ("R", "AL"):
            return True
    return False


@dataclass(frozen=True)
class Run:
    """A piece of a line drawn with one font in one direction."""

    text: str
    font: Path
    level: int  # bidi embedding level: odd is right-to-left
    language: str | None

    @property
    def direction(self) -> str:
        return "rtl" if self.level % 2 else "ltr"


@dataclass(frozen=True)
class ShapedLine:
    """A line ready to draw: runs in visual order (left to right) at one size."""

    runs: tuple[Run, ...]
    size: int
    rtl: bool  # paragraph direction, for alignment

    def _advance(self, run: Run) -> float:
        font = load_font(run.font, self.size)
        return font.getlength(run.text, direction=run.direction, language=run.language)

    @property
    def width(self) -> float:
        return sum(self._advance(r) for r in self.runs)

    @property
    def metrics(self) -> tuple[int, int]:
        """(ascent, descent) over every font used, so mixed runs share one baseline."""
        pairs = [load_font(r.font, self.size).getmetrics() for r in self.runs] or [(0, 0)]
        return max(a for a, _ in pairs), max(d for _, d in pairs)

    def draw(self, draw, x: float, baseline: float, fill) -> None:
        """Draw with the left edge at ``x`` and the common baseline at ``baseline``."""
        for run in self.runs:
            font = load_font(run.font, self.size)
            draw.text(
                (x, baseline),
                run.text,
                fill=fill,
                font=font,
                anchor="ls",
                direction=run.direction,
                language=run.language,
            )
            x += self._advance(run)


def _language(text: str, hint: str | None) -> str | None:
    base = (hint or "").split("-")[0].lower()
    if any("\u0600" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufefc" for ch in text):
        return hint if base in _ARABIC_SCRIPT_LANGS else "ar"
    if any("\u0590" <= ch <= "\u05ff" for ch in text):
        return hint if base in ("he", "yi") else "he"
    return hint if base and base not in _RTL_LANGS else None


def _pick_fonts(text: str, fonts: Sequence[Path]) -> list[Path]:
    """The font for each character: neutrals and marks stay with the run they are in."""
    chosen: list[Path] = []
    missing: list[str] = []
    prev: Path | None = None
    for ch in text:
        keep = prev is not None and (_is_neutral(ch) or unicodedata.category(ch) == "Zs")
        if keep and (_covers(str(prev), ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf")):
            chosen.append(prev)
            continue
        font = next((f for f in fonts if _covers(str(f), ch)), None)
        if font is None:
            if unicodedata.category(ch) not in ("Zs", "Cc", "Cf", "Mn", "Me"):
                missing.append(ch)
            font = prev or fonts[0]
        chosen.append(font)
        prev = font
    if missing:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in dict.fromkeys(missing))
        names = ", ".join(Path(f).name for f in fonts)
        raise MissingGlyphsError(
            f"no font can draw {shown} in “{text}” (tried {names}); remove those characters "
            "or add a kit font that has them"
        )
    return chosen


def shape_line(
    text: str,
    fonts: Sequence[Path | str],
    size: int,
    *,
    language: str | None = None,
    rtl: bool | None = None,
) -> ShapedLine:
    """Split ``text`` into font runs and order them for display.

    ``fonts`` is the fallback chain, best first; ``language`` a BCP-47 hint passed to HarfBuzz
    for runs in that language's script (Arabic runs default to "ar"); ``rtl`` the paragraph
    direction (default: from the first strong letter).
    """
    require_raqm()
    chain = [Path(f) for f in fonts]
    if not chain:
        raise ValueError("shape_line needs at least one font")
    rtl = paragraph_is_rtl(text) if rtl is None else rtl
    if not text:
        return ShapedLine((), size, rtl)
    per_char = _pick_fonts(text, chain)
    if len(set(per_char)) == 1:  # one font: RAQM orders the whole paragraph itself
        run = Run(text, per_char[0], 1 if rtl else 0, _language(text, language))
        return ShapedLine((run,), size, rtl)
    levels = bidi_levels(text, rtl=rtl)
    runs: list[Run] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or (per_char[i], levels[i]) != (per_char[start], levels[start]):
            piece = text[start:i]
            runs.append(Run(piece, per_char[start], levels[start], _language(piece, language)))
            start = i
    return ShapedLine(tuple(_visual_order(runs)), size, rtl)


def _visual_order(runs: list[Run]) -> list[Run]:
    """Unicode rule L2 on whole runs: reverse every sequence at or above each odd level."""
    order = list(runs)
    if not order:
        return order
    top = max(r.level for r in order)
    lowest_odd = min((r.level for r in order if r.level % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if order[i].level >= level:
                j = i
                while j < len(order) and order[j].level >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


@functools.cache
def _fribidi():
    names = ["libfribidi.so.0", "libfribidi.0.dylib", "fribidi-0.dll", "libfribidi-0.dll"]
    found = ctypes.util.find_library("fribidi")
    if found:
        names.append(found)
    if sys.platform == "win32":
        import PIL

        names += [str(Path(PIL.__file__).parent / n) for n in ("fribidi-0.dll", "libfribidi-0.dll")]
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        u32p = ctypes.POINTER(ctypes.c_uint32)
        lib.fribidi_get_bidi_types.argtypes = [u32p, ctypes.c_int, u32p]
        lib.fribidi_get_bidi_types.restype = None
        lib.fribidi_get_bracket_types.argtypes = [u32p, ctypes.c_int, u32p, u32p]
        lib.fribidi_get_bracket_types.restype = None
        lib.fribidi_get_par_embedding_levels_ex.argtypes = [
            u32p,
            u32p,
            ctypes.c_int,
            u32p,
            ctypes.POINTER(ctypes.c_int8),
        ]
        lib.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
        return lib
    return None


def bidi_levels(text: str, *, rtl: bool | None = None) -> list[int]:
    """Embedding level of each character (Unicode bidi algorithm, computed by FriBiDi);
    ``rtl`` forces the paragraph direction, None detects it."""
    lib = _fribidi()
    if lib is None:
        raise TextShapingUnavailable(
            "cannot order mixed right-to-left and left-to-right text: the FriBiDi library "
            f"(package libfribidi0) could not be loaded ({FRIBIDI_PACKAGES})"
        )
    n = len(text)
    chars = (ctypes.c_uint32 * n)(*map(ord, text))
    types = (ctypes.c_uint32 * n)()
    brackets = (ctypes.c_uint32 * n)()
    levels = (ctypes.c_int8 * n)()
    base = ctypes.c_uint32(
        _FRIBIDI_PAR_ON if rtl is None else (_FRIBIDI_PAR_RTL if rtl else _FRIBIDI_PAR_LTR)
    )
    lib.fribidi_get_bidi_types(chars, n, types)
    lib.fribidi_get_bracket_types(chars, n, types, brackets)
    if lib.fribidi_get_par_embedding_levels_ex(types, brackets, n, ctypes.byref(base), levels) <= 0:
        raise TextShapingUnavailable(f"FriBiDi could not order the text “{text}”")
    return list(levels)


def fit_line(
    text: str,
    fonts: Sequence[Path | str],
    max_width: float,
    size: int,
    *,
    min_size: int = 8,
    language: str | None = None,
    rtl: bool | None = None,
) -> ShapedLine:
    """The line at the largest size <= ``size`` that fits; below ``min_size``, shortened with …"""
    rtl = paragraph_is_rtl(text) if rtl is None else rtl
    size = max(int(size), 1)
    min_size = min(max(int(min_size), 1), size)

    def shape(t: str, s: int) -> ShapedLine:
        return shape_line(t, fonts, s, language=language, rtl=rtl)

    line = shape(text, size)
    while line.width > max_width and size > min_size:
        size = max(min_size, min(size - 1, int(size * max_width / line.width)))
        line = shape(text, size)
    if line.width <= max_width:
        return line
    lo, hi = 0, len(text)  # longest logical prefix that fits with an ellipsis
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if shape(_cut(text, mid), size).width <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return shape(_cut(text, lo), size)


def _cut(text: str, n: int) -> str:
    """The first ``n`` characters and an ellipsis, closing any isolate left open."""
    if n <= 0:
        return ""
    head = text[:n].rstrip()
    opened = sum(head.count(c) for c in ("\u2066", "\u2067", FSI)) - head.count(PDI)
    return head + "…" + PDI * max(0, opened)


_SEP = r"[·•|—–,/:;-]"


def fill_template(template: str, fields: Mapping[str, str | None], *, isolate: bool = False) -> str:
    """Fill ``{name}`` placeholders, leaving no trace of the empty ones.

    "{title} · {credit} ({license})" with no licence gives "Title · Credit", not
    "Title · Credit ()"; with nothing filled in at all it gives "". With ``isolate`` each value
    is wrapped in a bidi isolate (FSI…PDI), so an Arabic title next to a Latin credit keeps
    each field's words together instead of letting the bidi algorithm merge runs across the
    separator.
    """
    values = {k: (v or "").strip() for k, v in fields.items()}
    if isolate:
        values = {k: f"{FSI}{v}{PDI}" if v else "" for k, v in values.items()}
    names = re.findall(r"{(\w+)}", template)
    if not any(values.get(n) for n in names):
        return ""

    class _Blank(dict):
        def __missing__(self, key):
            return ""

    text = template.format_map(_Blank(values))
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"\(\s*\)|\[\s*\]|«\s*»|“\s*”|\"\s*\"", "", line)
        # Separators left between empty fields ("A ·  · B"), or at either end, go; separators
        # inside words and URLs ("CC-BY", "https://") are not surrounded by spaces and stay.
        line = re.sub(rf"(\s+{_SEP})(?:\s+{_SEP})+(?=\s|$)", r"\1", line)
        line = re.sub(rf"^\s*{_SEP}+\s+|(?:\s+{_SEP}+|[:,;])\s*$", "", line)
        line = re.sub(r"\s{2,}", " ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)
