"""The checker that walks a parsed ``kit.toml`` and records every problem it meets.

Kits are written by press officers in a text editor, not by developers, so each check names
the field, says what is wrong in plain words and how to fix it ("did you mean 'colours'?"),
then returns None and lets the walk go on: one run reports everything.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PIL import Image

from studio.core.brandkit import KIT_FILE, KitProblem
from studio.core.kit_fields import COLOUR, COLOUR_ALPHA, LANG_TAG, TOP_KEYS


def describe(value: Any) -> str:
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


def suggest(word: str, choices: Iterable[str]) -> str:
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


class KitReader:
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
                field, f"must be a table ([{field}] with key = value lines), not {describe(value)}"
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
                    f"unknown key; {suggest(key, known)}known keys are: {', '.join(known)}",
                )
        for key in required:
            if key not in value:
                self.add(f"{prefix}{key}", "is missing; add it (see docs/brand-kits.md)")
        return value

    def text(self, value: Any, field: str, allow_empty: bool = False) -> str | None:
        if not isinstance(value, str):
            self.add(field, f"must be text in double quotes, not {describe(value)}")
            return None
        if not allow_empty and not value.strip():
            self.add(field, "is empty; write a value")
            return None
        return value.strip() if not allow_empty else value

    def number(self, value: Any, field: str, lo: float, hi: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(field, f"must be a number from {lo} to {hi}, not {describe(value)}")
            return None
        if not lo <= value <= hi:
            self.add(field, f"{value} is out of range; use a number from {lo} to {hi}")
            return None
        return float(value)

    def choice(self, value: Any, field: str, choices: Iterable[str]) -> str | None:
        choices = list(choices)
        if not isinstance(value, str) or value not in choices:
            shown = repr(value) if isinstance(value, str) else describe(value)
            self.add(
                field,
                f"{shown} is not allowed; {suggest(value, choices)}use one of: {', '.join(choices)}",
            )
            return None
        return value

    def text_list(self, value: Any, field: str) -> list[str] | None:
        if not isinstance(value, list):
            self.add(field, f'must be a list like ["a", "b"], not {describe(value)}')
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
            f"{describe(value).removeprefix('the text ')} is not a colour; write it as {shape}, {hint}",
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
                f"{{{name}}} is not a placeholder; {suggest(name, allowed)}available: {', '.join('{' + a + '}' for a in allowed)}",
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
