"""Read ``kit.toml`` and check every field, collecting all problems before giving up.

Kits are written by press officers in a text editor, not by developers, so every message names
the file and the field, says what is wrong in plain words and how to fix it ("did you mean
'colours'?"), and one run reports everything: fixing a kit one error per run is miserable.
The format is documented in docs/brand-kits.md; keep the two in step.
"""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from PIL import Image

from studio.core.brandkit import (
    KIT_FILE,
    BrandKit,
    KitProblem,
    LowerThird,
    Placement,
    Term,
)
from studio.core.fonts import FONT_SUFFIXES, FontError, resolve_font
from studio.core.platforms import PLATFORM_IDS, get_platform

SCHEMA_VERSION = 1
PLATFORMS = PLATFORM_IDS
POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom", "center")
REQUIRED_VOCABULARY = (
    "credit",
    "alt_text",
    "logo",
    "watermark",
    "lower_third",
    "hashtags",
    "handle",
)
FONT_ROLES, REQUIRED_FONT_ROLES = ("title", "body", "arabic", "caption"), ("title", "body")
LOGO_ROLES = ("primary", "light", "dark")
REQUIRED_COLOURS = ("primary", "secondary", "background", "text")
CREDIT_FIELDS = ("credit", "license", "source", "year", "title")
LOWER_THIRD_FIELDS = ("title", "subtitle", "credit", "license", "location", "date", "handle")
SEVERITIES = ("error", "warning")

TOP_KEYS = (
    "schema_version",
    "name",
    "names",
    "description",
    "languages",
    "colours",
    "fonts",
    "logos",
    "watermark",
    "lower_third",
    "handles",
    "hashtags",
    "forbidden",
    "credit_format",
    "required",
    "approvals_required",
)
PLACEMENT_KEYS = ("position", "margin", "opacity", "scale", "logo")
PLACEMENT_DEFAULTS = {
    "position": "bottom-right",
    "margin": 0.03,
    "opacity": 0.9,
    "scale": 0.12,
    "logo": "primary",
}
LOWER_THIRD_KEYS = ("background", "text_colour", "font", "position", "height", "template")
TERM_KEYS = ("term", "replacement", "severity", "note", "lang", "whole_word")

KIT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
COLOUR_ALPHA = re.compile(r"#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?")
# BCP-47 shape: language, optional script, optional region, optional variants ("ar", "fr-CA",
# "zh-Hant-TW", "sr-Latn"). Shape only: whether "xx" is a real language is not our business.
LANG_TAG = re.compile(
    r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
)
HASHTAG = re.compile(r"#\w+")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return {list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _table_label(field: str) -> str:
    """How ``field`` appears in kit.toml: forbidden[2] is written [[forbidden]]."""
    return f"[[{field.split('[')[0]}]]" if "[" in field else f"[{field}]"


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _placeholders(template: str) -> list[str] | str:
    """The {names} in a template, or why it cannot be read."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"cannot be read ({exc}); write a literal brace as {{{{ or }}}}"
    names = []
    for _text, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            return f"'{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}' is not a plain placeholder; write names like {{credit}}"
        names.append(name)
    return names


class _Reader:
    """Walks the parsed TOML, recording problems; each check returns the value or None."""

    def __init__(self, kit_dir: Path):
        self.dir = kit_dir
        self.toml = kit_dir / KIT_FILE
        self.problems: list[KitProblem] = []

    def add(self, field: str, message: str, file: Path | None = None) -> None:
        self.problems.append(KitProblem(file or self.toml, field, message))

    def table(
        self, value: Any, field: str, known: Iterable[str] | None, required: Iterable[str] = ()
    ) -> dict | None:
        """A TOML table whose keys must be ``known`` (None: any key) and include ``required``."""
        if not isinstance(value, dict):
            self.add(
                field, f"must be a table ([{field}] with key = value lines), not {_describe(value)}"
            )
            return None
        prefix = f"{field}." if field else ""
        known = list(known) if known is not None else None
        for key in list(value):
            if known is not None and key in known:
                continue
            if field and key in TOP_KEYS:
                # TOML puts every key written after [table] into that table.
                self.add(
                    f"{prefix}{key}",
                    f"{key!r} is a top-level setting written inside {_table_label(field)}; "
                    "move it above the first [table] line of kit.toml",
                )
                value = {k: v for k, v in value.items() if k != key}
            elif known is not None:
                self.add(
                    f"{prefix}{key}",
                    f"unknown key; {_suggest(key, known)}known keys are: {', '.join(known)}",
                )
        for key in required:
            if key not in value:
                self.add(f"{prefix}{key}", "is missing; add it (see docs/brand-kits.md)")
        return value

    def text(self, value: Any, field: str, allow_empty: bool = False) -> str | None:
        if not isinstance(value, str):
            self.add(field, f"must be text in double quotes, not {_describe(value)}")
            return None
        if not allow_empty and not value.strip():
            self.add(field, "is empty; write a value")
            return None
        return value.strip() if not allow_empty else value

    def number(self, value: Any, field: str, lo: float, hi: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(field, f"must be a number from {lo} to {hi}, not {_describe(value)}")
            return None
        if not lo <= value <= hi:
            self.add(field, f"{value} is out of range; use a number from {lo} to {hi}")
            return None
        return float(value)

    def choice(self, value: Any, field: str, choices: Iterable[str]) -> str | None:
        choices = list(choices)
        if not isinstance(value, str) or value not in choices:
            shown = repr(value) if isinstance(value, str) else _describe(value)
            self.add(
                field,
                f"{shown} is not allowed; {_suggest(value, choices)}use one of: {', '.join(choices)}",
            )
            return None
        return value

    def text_list(self, value: Any, field: str) -> list[str] | None:
        if not isinstance(value, list):
            self.add(field, f'must be a list like ["a", "b"], not {_describe(value)}')
            return None
        out = []
        for i, item in enumerate(value):
            item = self.text(item, f"{field}[{i}]")
            if item is not None:
                out.append(item)
        return out

    def colour(self, value: Any, field: str, alpha: bool = False) -> str | None:
        pattern, shape = (COLOUR_ALPHA, "#RRGGBB or #RRGGBBAA") if alpha else (COLOUR, "#RRGGBB")
        if isinstance(value, str) and pattern.fullmatch(value.strip()):
            return value.strip().upper()
        hint = "e.g. #0B5D4B"
        if isinstance(value, str) and re.fullmatch(r"#?[0-9A-Fa-f]{3}", value.strip()):
            short = value.strip().lstrip("#")
            hint = "e.g. #" + "".join(c * 2 for c in short).upper()
        self.add(
            field,
            f"{_describe(value).removeprefix('the text ')} is not a colour; write it as {shape}, {hint}",
        )
        return None

    def lang(self, value: Any, field: str) -> str | None:
        value = self.text(value, field)
        if value is not None and not LANG_TAG.fullmatch(value):
            self.add(
                field,
                f"{value!r} is not a language tag; use a BCP-47 tag such as ar, fr, en or fr-CA",
            )
            return None
        return value

    def template(self, value: Any, field: str, allowed: Iterable[str]) -> str | None:
        value = self.text(value, field)
        if value is None:
            return None
        names = _placeholders(value)
        if isinstance(names, str):
            self.add(field, names)
            return None
        allowed = list(allowed)
        bad = [n for n in names if n not in allowed]
        for name in bad:
            self.add(
                field,
                f"{{{name}}} is not a placeholder; {_suggest(name, allowed)}available: {', '.join('{' + a + '}' for a in allowed)}",
            )
        return None if bad else value

    def kit_file(self, value: Any, field: str) -> Path | None:
        """A path relative to the kit folder that must exist and stay inside the kit."""
        value = self.text(value, field)
        if value is None:
            return None
        rel = Path(value)
        if rel.is_absolute() or ".." in rel.parts:
            self.add(
                field,
                f'{value!r} points outside the kit; copy the file into the kit folder and give its relative path, e.g. "logos/{rel.name}"',
            )
            return None
        path = self.dir / rel
        if not path.is_file():
            self.add(
                field,
                f"file {value!r} does not exist in {self.dir}; check the name (it is case-sensitive)",
            )
            return None
        return path.resolve()

    def logo(self, value: Any, field: str) -> Path | None:
        path = self.kit_file(value, field)
        if path is None:
            return None
        shown = self.dir / value
        try:
            with Image.open(path) as img:
                img.load()
                fmt, mode, size = img.format, img.mode, img.size
                alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or img.has_transparency_data
        except OSError as exc:
            self.add(
                field,
                f"cannot be read as an image ({exc}); re-export it as a PNG with transparency",
                shown,
            )
            return None
        if fmt != "PNG":
            self.add(
                field,
                f"is a {fmt} image; logos must be PNG files with an alpha channel so they sit cleanly on photos",
                shown,
            )
        elif not alpha:
            self.add(
                field,
                f"is a PNG without transparency (mode {mode}); re-export it with an alpha channel (RGBA) so it does not cover the photo with a box",
                shown,
            )
        elif min(size) < 64:
            self.add(
                field,
                f"is only {size[0]}x{size[1]} px; use at least 256 px on the short side so it stays sharp",
                shown,
            )
        else:
            return path
        return None


def _read_toml(r: _Reader) -> dict | None:
    if not r.dir.is_dir():
        r.add("", f"no such kit folder; a kit is a folder containing {KIT_FILE}", r.dir)
        return None
    if not r.toml.is_file():
        r.add("", f"{KIT_FILE} is missing; every kit folder needs one (see docs/brand-kits.md)")
        return None
    try:
        return tomllib.loads(r.toml.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        r.add("", f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")
    except OSError as exc:
        r.add("", f"cannot be read: {exc.strerror or exc}")
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        field = f"line {where[1]}, column {where[2]}" if where else "end of file"
        detail = re.sub(r"\s*\(at .*?\)$", "", msg)
        r.add(
            field,
            f"TOML syntax error: {detail}; text values need double quotes and each table [name] may appear once",
        )
    return None


def parse_kit(kit_dir: Path) -> tuple[BrandKit | None, list[KitProblem]]:
    """Validate the kit folder ``kit_dir``; return the kit (None if any problem) and problems."""
    r = _Reader(Path(kit_dir))
    data = _read_toml(r)
    if data is None:
        return None, r.problems
    if not KIT_ID.fullmatch(r.dir.resolve().name):
        r.add(
            "id",
            f"folder name {r.dir.resolve().name!r} is not a kit id; rename the folder with lowercase letters, digits and hyphens, e.g. embassy-culture",
            r.dir,
        )
    r.table(
        data, "", TOP_KEYS, ("schema_version", "name", "languages", "colours", "fonts", "logos")
    )
    _check_version(r, data)
    kit = _build(r, data)
    return (None if r.problems else kit), r.problems


def _check_version(r: _Reader, data: dict) -> None:
    version = data.get("schema_version")
    if version is None:
        return  # reported as missing
    if isinstance(version, bool) or not isinstance(version, int):
        r.add(
            "schema_version", f"must be the whole number {SCHEMA_VERSION}, not {_describe(version)}"
        )
    elif version > SCHEMA_VERSION:
        r.add(
            "schema_version",
            f"is {version} but this Heritage Studio reads schema_version {SCHEMA_VERSION}; update the app",
        )
    elif version < SCHEMA_VERSION:
        r.add(
            "schema_version",
            f"{version} is not a schema version; write schema_version = {SCHEMA_VERSION}",
        )


def _build(r: _Reader, data: dict) -> BrandKit | None:
    name = r.text(data["name"], "name") if "name" in data else None
    names = _read_names(r, data.get("names", {}))
    description = r.text(data.get("description", ""), "description", allow_empty=True) or ""
    languages = _read_languages(r, data["languages"]) if "languages" in data else []
    colours = _read_colours(r, data["colours"]) if "colours" in data else {}
    fonts = _read_fonts(r, data["fonts"]) if "fonts" in data else {}
    logos = _read_logos(r, data["logos"]) if "logos" in data else {}
    # Placements may name any logo the kit declares; a logo file that failed is reported once,
    # under logos, not again under every placement that uses it.
    declared = data.get("logos") if isinstance(data.get("logos"), dict) else {}
    declared_logos = [k for k in declared if k in LOGO_ROLES]
    watermarks = _read_watermarks(r, data.get("watermark", {}), declared_logos)
    lower_third = (
        _read_lower_third(r, data["lower_third"], fonts) if "lower_third" in data else None
    )
    handles = _read_handles(r, data.get("handles", {}))
    hashtags, required_tags = _read_hashtags(r, data.get("hashtags", {}))
    forbidden = _read_forbidden(r, data.get("forbidden", []), languages)
    credit = r.template(data.get("credit_format", "{credit}"), "credit_format", CREDIT_FIELDS)
    if credit is not None and "{credit}" not in credit:
        r.add("credit_format", 'must contain {credit}, e.g. "Photo: {credit} ({license})"')
    required = _read_required(r, data.get("required", []))
    approvals = data.get("approvals_required", 1)
    if isinstance(approvals, bool) or not isinstance(approvals, int) or approvals < 1:
        r.add(
            "approvals_required",
            f"must be a whole number of at least 1 (distinct approvers before publishing), not {_describe(approvals)}",
        )
    for need, present, what in (
        ("watermark", watermarks or "watermark" in data, "[watermark] table"),
        ("lower_third", lower_third or "lower_third" in data, "[lower_third] table"),
        ("handle", handles or "handles" in data, "[handles] table"),
    ):
        if need in required and not present:
            r.add(
                "required", f"lists {need!r} but the kit has no {what}; add one or remove {need!r}"
            )
    if r.problems:
        return None
    ro = MappingProxyType
    return BrandKit(
        id=r.dir.resolve().name,
        name=name,
        path=r.dir.resolve(),
        languages=tuple(languages),
        colours=ro(colours),
        fonts=ro(fonts),
        logos=ro(logos),
        handles=ro(handles),
        hashtags=ro({k: tuple(v) for k, v in hashtags.items()}),
        required_hashtags=tuple(required_tags),
        forbidden=tuple(forbidden),
        credit_format=credit,
        required=tuple(required),
        approvals_required=approvals,
        lower_third=lower_third,
        watermarks=ro(watermarks),
        names=ro(names),
        description=description,
    )


def _read_names(r: _Reader, value: Any) -> dict[str, str]:
    out = {}
    for lang, text in (r.table(value, "names", None) or {}).items():
        if r.lang(lang, f"names.{lang}") and (text := r.text(text, f"names.{lang}")):
            out[lang] = text
    return out


def _read_languages(r: _Reader, value: Any) -> list[str]:
    langs = r.text_list(value, "languages")
    if langs is None:
        return []
    if not langs:
        r.add(
            "languages",
            'is empty; list the kit\'s languages, the main one first, e.g. ["ar", "fr", "en"]',
        )
    out = []
    for i, lang in enumerate(langs):
        if r.lang(lang, f"languages[{i}]") is None:
            continue
        if lang.lower() in (x.lower() for x in out):
            r.add(f"languages[{i}]", f"{lang!r} is listed twice; keep one")
        else:
            out.append(lang)
    return out


def _read_colours(r: _Reader, value: Any) -> dict[str, str]:
    table = r.table(value, "colours", None, REQUIRED_COLOURS) or {}
    out = {}
    for key, colour in table.items():
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", key):
            r.add(
                f"colours.{key}", "colour names use lowercase letters, digits, - and _, e.g. accent"
            )
        elif (c := r.colour(colour, f"colours.{key}")) is not None:
            out[key] = c
    return out


def _font_spec(r: _Reader, spec: Any, field: str) -> Path | None:
    if isinstance(spec, dict):
        if r.table(spec, field, ("family", "style"), ("family",)) is None or "family" not in spec:
            return None
        if r.text(spec["family"], f"{field}.family") is None:
            return None
        if "style" in spec and r.text(spec["style"], f"{field}.style") is None:
            return None
    elif r.text(spec, field) is None:
        return None
    try:
        return resolve_font(spec, r.dir)
    except FontError as exc:
        r.add(field, str(exc))
        return None


def _read_fonts(r: _Reader, value: Any) -> dict[str, Path]:
    table = r.table(value, "fonts", FONT_ROLES, REQUIRED_FONT_ROLES) or {}
    out = {}
    for role, spec in table.items():
        if role in FONT_ROLES and (path := _font_spec(r, spec, f"fonts.{role}")) is not None:
            out[role] = path
    return out


def _read_logos(r: _Reader, value: Any) -> dict[str, Path]:
    table = r.table(value, "logos", LOGO_ROLES, ("primary",)) or {}
    out = {}
    for role, rel in table.items():
        if role in LOGO_ROLES and (path := r.logo(rel, f"logos.{role}")) is not None:
            out[role] = path
    return out


def _placement(
    r: _Reader, value: Any, field: str, base: dict, logos: Sequence[str]
) -> tuple[dict, Placement | None]:
    """Read one placement; unset fields come from ``base`` (its platform, then default)."""
    table = r.table(value, field, PLACEMENT_KEYS)
    if table is None:
        return base, None
    merged = {**base, **table}
    checks = (
        r.choice(merged["position"], f"{field}.position", POSITIONS),
        r.number(merged["margin"], f"{field}.margin", 0, 0.25),
        r.number(merged["opacity"], f"{field}.opacity", 0, 1),
        r.number(merged["scale"], f"{field}.scale", 0.02, 0.5),
        r.choice(merged["logo"], f"{field}.logo", logos or LOGO_ROLES),
    )
    if any(c is None for c in checks):
        return base, None
    return merged, Placement(checks[0], checks[1], checks[2], checks[3], checks[4])


def _read_watermarks(r: _Reader, value: Any, logos: Sequence[str]) -> dict[str, Placement]:
    table = r.table(value, "watermark", None) or {}
    keys = ["default"] + [k for k in table if k != "default"]
    for key in keys[1:]:  # "default", a platform, or "platform:variant" such as instagram:story
        platform, _, variant = key.partition(":")
        if platform not in PLATFORMS or (_ and not re.fullmatch(r"[a-z0-9_-]+", variant)):
            r.add(
                f"watermark.{key}",
                f'unknown platform {platform!r}; {_suggest(platform, PLATFORMS)}use default, a platform ({", ".join(PLATFORMS)}) or platform:variant such as "instagram:story"',
            )
    out: dict[str, Placement] = {}
    bases: dict[str, dict] = {}
    # Parents before children so that instagram:story inherits what instagram sets.
    for key in sorted((k for k in keys if k in table), key=lambda k: (k != "default", ":" in k)):
        parent = key.partition(":")[0] if ":" in key else "default"
        base = bases.get(parent, PLACEMENT_DEFAULTS) if key != "default" else PLACEMENT_DEFAULTS
        bases[key], placement = _placement(r, table[key], f"watermark.{key}", base, logos)
        if placement is not None:
            out[key] = placement
    return out


def _read_lower_third(r: _Reader, value: Any, fonts: Mapping[str, Path]) -> LowerThird | None:
    required = ("background", "text_colour", "font", "template")
    table = r.table(value, "lower_third", LOWER_THIRD_KEYS, required)
    if table is None or any(k not in table for k in required):
        return None
    font = table["font"]
    if isinstance(font, str) and font in fonts:
        font_path = fonts[font]
    elif isinstance(font, str) and not font.lower().endswith(FONT_SUFFIXES):
        font_path = None
        if font not in FONT_ROLES:  # a role that failed to resolve was reported under fonts
            r.add(
                "lower_third.font",
                f"{font!r} is not one of the kit's font roles; {_suggest(font, fonts)}use {', '.join(fonts) or 'title or body'}, a font file path or {{ family = ..., style = ... }}",
            )
    else:
        font_path = _font_spec(r, font, "lower_third.font")
    parts = (
        r.colour(table["background"], "lower_third.background", alpha=True),
        r.colour(table["text_colour"], "lower_third.text_colour"),
        font_path,
        r.choice(table.get("position", "bottom"), "lower_third.position", ("bottom", "top")),
        r.number(table.get("height", 0.12), "lower_third.height", 0.05, 0.4),
        r.template(table["template"], "lower_third.template", LOWER_THIRD_FIELDS),
    )
    return None if any(p is None for p in parts) else LowerThird(*parts)


def _read_handles(r: _Reader, value: Any) -> dict[str, str]:
    out = {}
    for platform, handle in (r.table(value, "handles", PLATFORMS) or {}).items():
        field = f"handles.{platform}"
        if platform not in PLATFORMS or (handle := r.text(handle, field)) is None:
            continue
        shape = get_platform(platform).handle
        if shape and not re.fullmatch(shape[0], handle, flags=re.ASCII):
            r.add(field, f"{handle!r} does not look like a {platform} handle; write {shape[1]}")
        else:
            out[platform] = handle
    return out


def _read_hashtags(r: _Reader, value: Any) -> tuple[dict[str, list[str]], list[str]]:
    out: dict[str, list[str]] = {}
    for key, tags in (
        r.table(value, "hashtags", ("default", "required", *PLATFORMS)) or {}
    ).items():
        if key not in ("default", "required", *PLATFORMS):
            continue
        good = []
        for i, tag in enumerate(r.text_list(tags, f"hashtags.{key}") or []):
            if HASHTAG.fullmatch(tag):
                good.append(tag)
            elif HASHTAG.fullmatch("#" + tag):
                r.add(f"hashtags.{key}[{i}]", f"{tag!r} must start with #; write '#{tag}'")
            else:
                r.add(
                    f"hashtags.{key}[{i}]",
                    f"{tag!r} is not a hashtag; use # then letters, digits or _ with no spaces or punctuation, e.g. #{_tag_example(tag)}",
                )
        out[key] = good
    return out, out.pop("required", [])


def _tag_example(tag: str) -> str:
    return re.sub(r"\W", "", tag) or "Heritage"


def _read_forbidden(r: _Reader, value: Any, languages: list[str]) -> list[Term]:
    if not isinstance(value, list):
        r.add("forbidden", f"must be a list of [[forbidden]] tables, not {_describe(value)}")
        return []
    primaries = {lang.lower().split("-")[0] for lang in languages}
    terms, seen = [], {}
    for i, entry in enumerate(value):
        field = f"forbidden[{i}]"
        table = r.table(entry, field, TERM_KEYS, ("term",))
        if table is None or "term" not in table:
            continue
        parts = [r.text(table["term"], f"{field}.term")]
        replacement = table.get("replacement")
        if replacement is not None:
            parts.append(replacement := r.text(replacement, f"{field}.replacement"))
        parts.append(
            severity := r.choice(table.get("severity", "warning"), f"{field}.severity", SEVERITIES)
        )
        parts.append(note := r.text(table.get("note", ""), f"{field}.note", allow_empty=True))
        lang = table.get("lang")
        if lang is not None:
            parts.append(lang := r.lang(lang, f"{field}.lang"))
            if lang and languages and lang.lower().split("-")[0] not in primaries:
                r.add(
                    f"{field}.lang",
                    f"{lang!r} is not one of the kit's languages ({', '.join(languages)}); add it to languages or fix the tag",
                )
        whole = table.get("whole_word", True)
        if not isinstance(whole, bool):
            r.add(f"{field}.whole_word", f"must be true or false, not {_describe(whole)}")
        if any(p is None for p in parts) or not isinstance(whole, bool):
            continue
        key = (parts[0].casefold(), lang)
        if key in seen:
            r.add(
                f"{field}.term",
                f"{parts[0]!r} is already listed as forbidden[{seen[key]}]; keep one",
            )
            continue
        seen[key] = i
        terms.append(Term(parts[0], replacement, severity, note.strip(), lang, whole))
    return terms


def _read_required(r: _Reader, value: Any) -> list[str]:
    out = []
    for i, item in enumerate(r.text_list(value, "required") or []):
        if r.choice(item, f"required[{i}]", REQUIRED_VOCABULARY) and item not in out:
            out.append(item)
    return out
