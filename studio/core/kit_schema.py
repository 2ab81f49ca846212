"""Read ``kit.toml`` and check every field, collecting all problems before giving up.

Kits are written by press officers in a text editor, not by developers, so every message names
the file and the field, says what is wrong in plain words and how to fix it ("did you mean
'colours'?"), and one run reports everything: fixing a kit one error per run is miserable.
The format is documented in docs/brand-kits.md; keep the two in step.

This module reads the file and assembles the ``BrandKit``; the parts live in modules named
for what they hold: ``kit_fields`` (the keys, roles and value shapes), ``kit_reader`` (the
problem-collecting checker), ``kit_visual`` (colours, fonts, logos, watermark, lower third)
and ``kit_wording`` (names, languages, handles, hashtags, forbidden terms).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from studio.core.brandkit import KIT_FILE, BrandKit, KitProblem
from studio.core.kit_fields import (
    COLOUR,
    COLOUR_ALPHA,
    CREDIT_FIELDS,
    FONT_ROLES,
    HASHTAG,
    KIT_ID,
    LANG_TAG,
    LOGO_ROLES,
    LOWER_THIRD_FIELDS,
    LOWER_THIRD_KEYS,
    PLACEMENT_DEFAULTS,
    PLACEMENT_KEYS,
    PLATFORMS,
    POSITIONS,
    REQUIRED_COLOURS,
    REQUIRED_FONT_ROLES,
    REQUIRED_VOCABULARY,
    SCHEMA_VERSION,
    SEVERITIES,
    TERM_KEYS,
    TOP_KEYS,
)
from studio.core.kit_reader import KitReader, describe
from studio.core.kit_visual import (
    read_colours,
    read_fonts,
    read_logos,
    read_lower_third,
    read_watermarks,
)
from studio.core.kit_wording import (
    read_forbidden,
    read_handles,
    read_hashtags,
    read_languages,
    read_names,
)

__all__ = [
    "COLOUR",
    "COLOUR_ALPHA",
    "CREDIT_FIELDS",
    "FONT_ROLES",
    "HASHTAG",
    "KIT_ID",
    "LANG_TAG",
    "LOGO_ROLES",
    "LOWER_THIRD_FIELDS",
    "LOWER_THIRD_KEYS",
    "PLACEMENT_DEFAULTS",
    "PLACEMENT_KEYS",
    "PLATFORMS",
    "POSITIONS",
    "REQUIRED_COLOURS",
    "REQUIRED_FONT_ROLES",
    "REQUIRED_VOCABULARY",
    "SCHEMA_VERSION",
    "SEVERITIES",
    "TERM_KEYS",
    "TOP_KEYS",
    "parse_kit",
]


def _read_toml(r: KitReader) -> dict | None:
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
    r = KitReader(Path(kit_dir))
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


def _check_version(r: KitReader, data: dict) -> None:
    version = data.get("schema_version")
    if version is None:
        return  # reported as missing
    if isinstance(version, bool) or not isinstance(version, int):
        r.add(
            "schema_version", f"must be the whole number {SCHEMA_VERSION}, not {describe(version)}"
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


def _build(r: KitReader, data: dict) -> BrandKit | None:
    name = r.text(data["name"], "name") if "name" in data else None
    names = read_names(r, data.get("names", {}))
    description = r.text(data.get("description", ""), "description", allow_empty=True) or ""
    languages = read_languages(r, data["languages"]) if "languages" in data else []
    colours = read_colours(r, data["colours"]) if "colours" in data else {}
    fonts = read_fonts(r, data["fonts"]) if "fonts" in data else {}
    logos = read_logos(r, data["logos"]) if "logos" in data else {}
    # Placements may name any logo the kit declares; a logo file that failed is reported once,
    # under logos, not again under every placement that uses it.
    declared = data.get("logos") if isinstance(data.get("logos"), dict) else {}
    declared_logos = [k for k in declared if k in LOGO_ROLES]
    watermarks = read_watermarks(r, data.get("watermark", {}), declared_logos)
    lower_third = read_lower_third(r, data["lower_third"], fonts) if "lower_third" in data else None
    handles = read_handles(r, data.get("handles", {}))
    hashtags, required_tags = read_hashtags(r, data.get("hashtags", {}))
    forbidden = read_forbidden(r, data.get("forbidden", []), languages)
    credit = r.template(data.get("credit_format", "{credit}"), "credit_format", CREDIT_FIELDS)
    if credit is not None and "{credit}" not in credit:
        r.add("credit_format", 'must contain {credit}, e.g. "Photo: {credit} ({license})"')
    required = _read_required(r, data.get("required", []))
    approvals = data.get("approvals_required", 1)
    if isinstance(approvals, bool) or not isinstance(approvals, int) or approvals < 1:
        r.add(
            "approvals_required",
            f"must be a whole number of at least 1 (distinct approvers before publishing), not {describe(approvals)}",
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


def _read_required(r: KitReader, value: Any) -> list[str]:
    out = []
    for i, item in enumerate(r.text_list(value, "required") or []):
        if r.choice(item, f"required[{i}]", REQUIRED_VOCABULARY) and item not in out:
            out.append(item)
    return out
