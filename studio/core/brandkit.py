"""Brand kits: a portable folder ``brand_kits/<id>/`` with a ``kit.toml`` and the files it names.

A kit carries everything an embassy or institute needs so that every post looks and reads like
theirs: colours, fonts, logos and where the watermark goes on each platform, the lower-third
template, handles and hashtags, terms to avoid, the credit line and how many approvals a post
needs. This module is the public API (the model, loading, the search path, forbidden-term
matching); :mod:`studio.core.kit_schema` reads and validates ``kit.toml`` and
:mod:`studio.core.fonts` finds font files. See docs/brand-kits.md for the file format.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import regex

from studio.resources import bundled_kits_dir

__all__ = [
    "KIT_FILE",
    "BrandKit",
    "KitError",
    "KitNotFoundError",
    "KitProblem",
    "LowerThird",
    "Placement",
    "Term",
    "TermHit",
    "check_kit",
    "find_forbidden",
    "find_kit",
    "find_terms",
    "kit_search_path",
    "list_kits",
    "load_kit",
]

KIT_FILE = "kit.toml"
_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Placement:
    """Where a logo or watermark goes: fractions of the image, so one rule fits every size."""

    position: str  # top-left, top-right, bottom-left, bottom-right, top, bottom, center
    margin: float  # fraction of the image's short side, 0..0.25
    opacity: float  # 0..1
    scale: float  # logo width as a fraction of the image width, 0.02..0.5
    logo: str = "primary"  # which of the kit's logos to draw


@dataclass(frozen=True)
class LowerThird:
    """The caption band drawn over photos and videos."""

    background: str  # "#RRGGBB" or "#RRGGBBAA"
    text_colour: str  # "#RRGGBB"
    font: Path  # resolved font file
    position: str  # "bottom" | "top"
    height: float  # fraction of the image height
    template: str  # e.g. "{title} · {credit}"


@dataclass(frozen=True)
class Term:
    """A word or phrase the kit's owner does not want published, and what to write instead."""

    term: str
    replacement: str | None
    severity: str  # "error" blocks approval, "warning" only asks for a second look
    note: str
    lang: str | None  # None: checked in every language
    whole_word: bool


@dataclass(frozen=True)
class TermHit:
    """One use of a forbidden term; ``start:end`` indexes the text as the user wrote it."""

    term: Term
    start: int
    end: int
    matched: str


@dataclass(frozen=True)
class BrandKit:
    """A loaded, validated kit. Paths are absolute; mappings are read-only."""

    id: str
    name: str
    path: Path
    languages: tuple[str, ...]
    colours: Mapping[str, str]
    fonts: Mapping[str, Path]
    logos: Mapping[str, Path]
    handles: Mapping[str, str]
    hashtags: Mapping[str, tuple[str, ...]]
    required_hashtags: tuple[str, ...]
    forbidden: tuple[Term, ...]
    credit_format: str
    required: tuple[str, ...]
    approvals_required: int = 1
    lower_third: LowerThird | None = None
    # "default", platform, platform:variant
    watermarks: Mapping[str, Placement] = field(default_factory=lambda: _EMPTY)
    names: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # the kit's name per language
    description: str = ""

    def __hash__(self) -> int:  # mappings are unhashable; a kit is identified by where it lives
        return hash((self.id, self.path))

    @property
    def primary_language(self) -> str:
        return self.languages[0]

    def name_for(self, lang: str) -> str:
        """The kit's name in ``lang`` if it gives one, else its main name."""
        return self.names.get(lang) or self.names.get(lang.split("-")[0]) or self.name

    def watermark_for(self, platform: str) -> Placement | None:
        """The watermark for ``platform`` ("instagram" or a variant like "instagram:story").

        A variant falls back to its platform, a platform to "default"; None means no watermark.
        """
        keys = (
            [platform, platform.split(":")[0], "default"]
            if ":" in platform
            else [platform, "default"]
        )
        for key in keys:
            if key in self.watermarks:
                return self.watermarks[key]
        return None

    def hashtags_for(self, platform: str) -> tuple[str, ...]:
        """Suggested hashtags: required ones, then "default", then the platform's; no repeats.

        Required hashtags come first so that accepting the suggestion always satisfies the kit.
        """
        out: dict[str, str] = {}
        base = platform.split(":")[0]
        for tag in (
            *self.required_hashtags,
            *self.hashtags.get("default", ()),
            *self.hashtags.get(base, ()),
        ):
            out.setdefault(tag.casefold(), tag)
        return tuple(out.values())

    def handle_for(self, platform: str) -> str | None:
        return self.handles.get(platform.split(":")[0])

    def referenced_files(self) -> dict[str, Path]:
        """Every file the kit uses, by the field that names it."""
        files = {f"fonts.{k}": v for k, v in self.fonts.items()}
        files.update({f"logos.{k}": v for k, v in self.logos.items()})
        if self.lower_third:
            files["lower_third.font"] = self.lower_third.font
        return files

    def content_hash(self) -> str:
        """sha256 over kit.toml and every file it references, read now.

        Renders are cached on this, so editing a logo or swapping a font invalidates them. Files
        are hashed by content under their field name, not their absolute path, so the same kit
        hashes the same on every machine.
        """
        digest = hashlib.sha256()
        digest.update(b"kit.toml\0" + (self.path / KIT_FILE).read_bytes())
        for name, path in sorted(self.referenced_files().items()):
            digest.update(f"\0{name}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()


class KitProblem(NamedTuple):
    """One thing wrong with a kit, naming the file, the field and how to fix it."""

    file: Path
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.field}: {self.message}"
            if self.field
            else f"{self.file}: {self.message}"
        )


class KitError(Exception):
    """A kit that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[KitProblem], path: Path | None = None):
        self.problems = list(problems)
        self.path = Path(path) if path else None
        super().__init__(str(self))

    @property
    def kit_id(self) -> str:
        return self.path.name if self.path else ""

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"brand kit {self.path} has {count} problem{'s' if count != 1 else ''}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class KitNotFoundError(LookupError):
    """No kit with that id on the search path."""

    def __init__(self, kit_id: str, searched: Sequence[Path], available: Sequence[str]):
        self.kit_id, self.searched, self.available = kit_id, list(searched), list(available)
        close = difflib.get_close_matches(kit_id, self.available, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        where = ", ".join(str(p) for p in self.searched) or "(no folders)"
        ids = ", ".join(self.available) or "none"
        super().__init__(f"no brand kit '{kit_id}' in {where}.{hint} Available kits: {ids}.")


def _kit_dir(path: Path) -> Path:
    path = Path(path)
    return path.parent if path.name == KIT_FILE and not path.is_dir() else path


def check_kit(path: Path) -> list[KitProblem]:
    """Every problem with the kit at ``path`` (a kit folder or its kit.toml); [] if it is fine."""
    from studio.core.kit_schema import parse_kit  # kit_schema builds the classes above

    return parse_kit(_kit_dir(path))[1]


def load_kit(path: Path) -> BrandKit:
    """Load and validate the kit at ``path``; raise :class:`KitError` listing all its problems."""
    from studio.core.kit_schema import parse_kit

    kit_dir = _kit_dir(path)
    kit, problems = parse_kit(kit_dir)
    if problems or kit is None:
        raise KitError(problems, kit_dir)
    return kit


def kit_search_path(workspace_root: Path | None = None) -> list[Path]:
    """Where kits are looked for, earliest first; an earlier folder wins when two share an id.

    The workspace's own kits, then each folder in $STUDIO_BRAND_KITS (os.pathsep-separated,
    for an organisation's shared drive), then the kits bundled with the app.
    """
    dirs: list[Path] = []
    if workspace_root is not None:
        dirs.append(Path(workspace_root) / "brand_kits")
    dirs += [
        Path(p).expanduser()
        for p in os.environ.get("STUDIO_BRAND_KITS", "").split(os.pathsep)
        if p.strip()
    ]
    dirs.append(bundled_kits_dir())
    unique: dict[Path, Path] = {}
    for d in dirs:
        unique.setdefault(d.resolve(), d)
    return list(unique.values())


def _candidates(folder: Path) -> list[Path]:
    """Sub-folders of a kits folder that are meant to be kits (hidden and _private ones are not)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def list_kits(search_path: Sequence[Path]) -> list[BrandKit | KitError]:
    """Every kit on the search path, sorted by id; a broken kit is returned as its KitError."""
    found: dict[str, BrandKit | KitError] = {}
    for folder in search_path:
        for kit_dir in _candidates(Path(folder)):
            if kit_dir.name in found:
                continue  # shadowed by an earlier folder
            try:
                found[kit_dir.name] = load_kit(kit_dir)
            except KitError as exc:
                found[kit_dir.name] = exc
    return [found[k] for k in sorted(found)]


def find_kit(kit_id: str, search_path: Sequence[Path]) -> BrandKit:
    """Load the kit ``kit_id`` from the first folder that has it.

    A broken kit raises KitError rather than falling through to a later folder: silently using
    a different kit with the same id would be worse than saying the one you meant is broken.
    """
    for folder in search_path:
        kit_dir = Path(folder) / kit_id
        if kit_id and "/" not in kit_id and os.sep not in kit_id and kit_dir.is_dir():
            return load_kit(kit_dir)
    available = sorted(
        {p.name for f in search_path for p in _candidates(Path(f)) if (p / KIT_FILE).is_file()}
    )
    raise KitNotFoundError(kit_id, search_path, available)


# --- forbidden-term matching -------------------------------------------------------------
#
# Text and terms are both folded the same way, one original character at a time, keeping for
# each folded character the index of the original one it came from; a match in the folded text
# then maps back to a span of what the user wrote. Folding: compatibility decomposition (so
# Arabic presentation forms, ligatures and narrow no-break spaces compare as their plain
# letters, and "e" + combining acute equals "é"), case folding, dropping harakat, Quranic
# marks, tatweel and invisible format characters (LRM/RLM, ZWJ/ZWNJ, soft hyphen), and treating
# the hamza and madda forms of alef as a bare alef, as Arabic search usually does.

_ALEFS = {"\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627"}
_ALEF_MARKS = {"\u0653", "\u0654", "\u0655"}  # madda/hamza written as combining marks
_ARABIC_MARKS = {
    *map(chr, range(0x064B, 0x0653)),
    *map(chr, range(0x0656, 0x0660)),
    "\u0670",
    "\u0640",
    *map(chr, range(0x06D6, 0x06DD)),
    *map(chr, range(0x06DF, 0x06E9)),
    *map(chr, range(0x06EA, 0x06EE)),
}
# Letters, digits, marks and the underscore continue a word, in any script.
_WORD = r"[\p{L}\p{N}\p{M}_]"


def _fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of its original character."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        ch = _ALEFS.get(ch, ch)
        for c in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold()):
            if c in _ARABIC_MARKS or unicodedata.category(c) == "Cf":
                continue
            if c in _ALEF_MARKS and out and out[-1] == "\u0627":
                continue
            out.append(c)
            index.append(i)
    return "".join(out), index


@functools.lru_cache(maxsize=1024)
def _pattern(term: str, whole_word: bool):
    """Compile a term: folded, with any run of spaces matching any run of whitespace."""
    parts = [regex.escape(p) for p in _fold(term)[0].split()]
    body = r"\s+".join(parts)
    if whole_word:
        body = rf"(?<!{_WORD}){body}(?!{_WORD})"
    return regex.compile(body)


def _lang_matches(term_lang: str | None, lang: str | None) -> bool:
    if term_lang is None or lang is None:
        return True
    return term_lang.lower().split("-")[0] == lang.lower().split("-")[0]


def find_terms(terms: Sequence[Term], text: str, lang: str | None = None) -> list[TermHit]:
    """Every use of ``terms`` in ``text``, sorted by position (longest first at a tie)."""
    folded, index = _fold(text)
    hits = []
    for term in terms:
        if not _lang_matches(term.lang, lang) or not _fold(term.term)[0].strip():
            continue
        for m in _pattern(term.term, term.whole_word).finditer(folded):
            if m.end() == m.start():
                continue
            start, end = index[m.start()], index[m.end() - 1] + 1
            # Harakat on the last letter belong to the word: include them in the span.
            while end < len(text) and unicodedata.category(text[end]) == "Mn":
                end += 1
            hits.append(TermHit(term, start, end, text[start:end]))
    return sorted(hits, key=lambda h: (h.start, -(h.end - h.start), h.term.term))


def find_forbidden(kit: BrandKit, text: str, lang: str | None = None) -> list[TermHit]:
    """Where ``text`` uses one of the kit's forbidden terms; spans index the original text.

    Terms whose ``lang`` differs from ``lang`` are skipped (a term without a language, or a call
    without one, checks everything). Matching ignores case, Arabic harakat and tatweel, and
    invisible direction marks; ``whole_word`` terms must not touch a letter, digit or mark of
    any script on either side.
    """
    return find_terms(kit.forbidden, text, lang)
