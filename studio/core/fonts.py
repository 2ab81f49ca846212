"""Find the font files a brand kit names, and tell whether a font can draw a piece of text.

A kit names a font either as a file inside the kit (``"fonts/Title.ttf"``) or as a family and
style (``{ family = "Amiri", style = "Bold" }``). Families are looked up, in order, in the kit's
own ``fonts/`` folder, in Python font packages (``fontpkg-*`` wheels, which the project depends
on so that kits render the same on Windows, macOS and Linux), and last in the system fonts. A kit
whose primary fonts come only from the system works on this machine and nowhere else, so the
sample kits never rely on that last step.

Coverage matters because Pillow does not fall back per glyph: Noto Sans Arabic has no Latin
letters and draws a row of boxes for "UNESCO". :func:`font_covers` lets the renderer warn first.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import importlib
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from pathlib import Path
from typing import NamedTuple

from PIL import ImageFont

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
FONTPKG_GROUP = "fontpkg.family"  # entry point group every fontpkg-* wheel registers

_WEIGHTS = {
    "thin": 100,
    "hairline": 100,
    "extralight": 200,
    "ultralight": 200,
    "light": 300,
    "regular": 400,
    "normal": 400,
    "book": 400,
    "roman": 400,
    "medium": 500,
    "semibold": 600,
    "demibold": 600,
    "bold": 700,
    "extrabold": 800,
    "ultrabold": 800,
    "black": 900,
    "heavy": 900,
}
_ITALIC_WORDS = ("italic", "oblique", "slanted")
STYLE_EXAMPLES = "Regular, Bold, Italic, BoldItalic, Light, Medium, SemiBold, ExtraBold, Black"


class FontError(LookupError):
    """A font spec that cannot be turned into a usable font file; the message says why and how."""


class Face(NamedTuple):
    """One font file with the family and (weight, italic) it declares."""

    path: Path
    family: str
    weight: int
    italic: bool
    rank: int  # 0 when the file's primary style name matched, higher for an alias


def parse_style(style: str) -> tuple[int, bool] | None:
    """Turn "Bold Italic", "BoldItalic", "bold-italic" or "Book" into (700, True) etc.

    Returns None for anything with a word we do not understand ("Condensed"), so that a
    condensed face is never handed out when the kit asked for the regular one.
    """
    s = style.lower().replace(" ", "").replace("-", "").replace("_", "")
    italic = False
    for word in _ITALIC_WORDS:
        if s.endswith(word):
            italic, s = True, s[: -len(word)]
            break
    if s == "":
        return 400, italic
    weight = _WEIGHTS.get(s)
    return (weight, italic) if weight else None


def _key(family: str) -> str:
    return "".join(family.lower().split())


def _face_from_names(path: Path, family: str, style: str, rank: int = 0) -> Face | None:
    """Build a Face, folding legacy family names such as ("Lato SemiBold", "Regular")."""
    parsed = parse_style(style)
    words = family.split()
    if parsed and parsed[0] == 400 and len(words) > 1:
        legacy = parse_style(words[-1] + ("Italic" if parsed[1] else ""))
        if legacy and legacy[0] != 400:
            family, parsed = " ".join(words[:-1]), legacy
    if parsed is None:
        return None
    return Face(path, family, parsed[0], parsed[1], rank)


def check_font_file(path: Path) -> str | None:
    """Return why ``path`` is not a usable TrueType/OpenType font, or None if it is."""
    if not path.is_file():
        return "the file does not exist"
    if path.suffix.lower() not in FONT_SUFFIXES:
        return f"'{path.name}' is not a .ttf, .otf or .ttc file"
    try:
        ImageFont.truetype(str(path), 12)
    except OSError as exc:
        return f"it is not a valid TrueType/OpenType font (Pillow: {exc})"
    return None


def _faces_in(folder: Path) -> list[Face]:
    """Every loadable font file under ``folder``, named as the font itself names it."""
    faces: list[Face] = []
    if not folder.is_dir():
        return faces
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in FONT_SUFFIXES or not path.is_file():
            continue
        try:
            family, style = ImageFont.truetype(str(path), 12).getname()
        except OSError:
            continue  # a broken file elsewhere in the folder must not hide the good ones
        face = _face_from_names(path, family or "", style or "")
        if face:
            faces.append(face)
    return faces


@functools.cache
def package_font_dirs() -> tuple[tuple[str, Path], ...]:
    """(family, folder) for every installed fontpkg-* wheel, found through its entry point."""
    found: dict[str, Path] = {}
    for ep in entry_points(group=FONTPKG_GROUP):
        try:
            root = Path(importlib.import_module(ep.value.split(":")[0]).__file__).parent
        except Exception:  # a broken font package is just a package we cannot use
            continue
        family = ep.name
        meta = root / "metadata.json"
        if meta.is_file():
            with contextlib.suppress(ValueError):
                family = json.loads(meta.read_text(encoding="utf-8")).get("family", family)
        found[family] = root / "files" if (root / "files").is_dir() else root
    return tuple(sorted(found.items()))


def _package_faces(family: str) -> list[Face]:
    dirs = [d for fam, d in package_font_dirs() if _key(fam) == _key(family)]
    if not dirs:
        # A frozen app may lack the entry-point metadata but still bundle the module.
        slug = "_".join(family.lower().replace("-", " ").split())
        try:
            module = importlib.import_module(f"fontpkg_{slug}")
            dirs = [Path(module.__file__).parent / "files"]
        except ImportError:
            return []
    return [f for d in dirs for f in _faces_in(d)]


def system_font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
    ]


@functools.cache
def _system_scan() -> tuple[Face, ...]:
    return tuple(f for d in system_font_dirs() for f in _faces_in(d))


@functools.cache
def _system_faces(family: str) -> tuple[Face, ...]:
    """Ask fontconfig when it exists (fast, knows every alias), else scan the font folders."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return tuple(f for f in _system_scan() if _key(f.family) == _key(family))
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{file}\t%{family}\t%{style}\n", f":family={family}"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or Path(parts[0]).suffix.lower() not in FONT_SUFFIXES:
            continue
        for rank, style in enumerate(parts[2].split(",")):
            face = _face_from_names(Path(parts[0]), family, style, rank)
            if face:
                faces.append(face)
                break
    return tuple(faces)


def _pick(faces: Iterable[Face], family: str, weight: int, italic: bool) -> Path | None:
    hits = [
        f
        for f in faces
        if _key(f.family) == _key(family) and (f.weight, f.italic) == (weight, italic)
    ]
    return min(hits, key=lambda f: (f.rank, str(f.path))).path if hits else None


_STYLE_NAMES = {
    100: "Thin",
    200: "ExtraLight",
    300: "Light",
    400: "Regular",
    500: "Medium",
    600: "SemiBold",
    700: "Bold",
    800: "ExtraBold",
    900: "Black",
}


def style_name(weight: int, italic: bool) -> str:
    """The canonical style name for (weight, italic): (700, True) -> "BoldItalic"."""
    name = _STYLE_NAMES.get(weight, str(weight))
    if italic:
        return "Italic" if weight == 400 else name + "Italic"
    return name


def _styles_of(faces: Iterable[Face], family: str) -> list[str]:
    return sorted({style_name(f.weight, f.italic) for f in faces if _key(f.family) == _key(family)})


def resolve_font(spec: str | os.PathLike | Mapping, kit_dir: Path) -> Path:
    """Return the absolute path of the font file ``spec`` names, or raise :class:`FontError`.

    ``spec`` is a path relative to ``kit_dir`` (it must stay inside the kit, which has to remain
    portable), or a mapping ``{"family": ..., "style": "Regular"}``.
    """
    kit_dir = Path(kit_dir)
    if isinstance(spec, (str, os.PathLike)):
        rel = Path(spec)
        if rel.is_absolute() or ".." in rel.parts:
            raise FontError(
                f"'{spec}' points outside the kit; copy the font into the kit's fonts/ folder "
                f'and write it as a relative path like "fonts/{rel.name}" so the kit stays portable'
            )
        path = (kit_dir / rel).resolve()
        why = check_font_file(path)
        if why:
            raise FontError(f"cannot use font file '{spec}' in {kit_dir}: {why}")
        return path
    if not isinstance(spec, Mapping) or not isinstance(spec.get("family"), str):
        raise FontError(
            'a font is a relative path or a table like { family = "Amiri", style = "Bold" }'
        )
    family = spec["family"].strip()
    style = spec.get("style", "Regular")
    parsed = parse_style(style) if isinstance(style, str) else None
    if not family or parsed is None:
        close = difflib.get_close_matches(str(style), STYLE_EXAMPLES.split(", "), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise FontError(
            f"cannot read font style {style!r} for family '{family}'{hint}; "
            f"use one of {STYLE_EXAMPLES}"
        )
    sources = [
        (f"the kit's fonts/ folder ({kit_dir / 'fonts'})", lambda: _faces_in(kit_dir / "fonts")),
        ("Python font packages (fontpkg-*)", lambda: _package_faces(family)),
        ("system fonts", lambda: _system_faces(family)),
    ]
    seen: list[Face] = []
    for _label, faces_of in sources:
        faces = list(faces_of())
        path = _pick(faces, family, *parsed)
        if path:
            return path.resolve()
        seen += faces
    wanted = f"font '{family}' style '{style}'"
    where = "; ".join(label for label, _ in sources)
    styles = _styles_of(seen, family)
    if styles:
        raise FontError(f"{wanted} not found, only {', '.join(styles)}; searched {where}")
    installed = ", ".join(fam for fam, _ in package_font_dirs()) or "none"
    raise FontError(
        f"{wanted} not found; searched {where} (font packages installed: {installed}). "
        f"Copy the .ttf into the kit's fonts/ folder, or pip install the fontpkg-* package for it"
    )


@functools.lru_cache(maxsize=32)
def _coverage_probe(path: str, mtime: float):
    font = ImageFont.truetype(path, 24, layout_engine=ImageFont.Layout.BASIC)
    return font, _signature(font, "\U0010fffd")  # a private-use code point no font maps


def _signature(font, ch: str) -> tuple:
    mask = font.getmask(ch)
    return mask.size, bytes(mask)


# Characters that draw nothing in any font, so an empty mask says nothing about coverage.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def missing_glyphs(path: Path, text: str) -> list[str]:
    """The distinct characters of ``text`` that ``path`` has no glyph for, in order of use.

    Pillow exposes no character map, so each character is drawn alone and compared with the
    font's .notdef glyph (what an unmapped code point draws): identical means missing.
    """
    path = Path(path)
    font, notdef = _coverage_probe(str(path), path.stat().st_mtime)
    missing = []
    for ch in dict.fromkeys(text):
        if unicodedata.category(ch) in _INVISIBLE:
            continue
        if _signature(font, ch) == notdef:
            missing.append(ch)
    return missing


def font_covers(path: Path, text: str) -> bool:
    """True when ``path`` has a glyph for every visible character of ``text``."""
    return not missing_glyphs(path, text)
