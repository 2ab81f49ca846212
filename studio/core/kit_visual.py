"""The look of a kit: colours, fonts, logos, watermark placements and the lower third.

These are what the renderer burns into photos and videos, so a value is only accepted once
it is usable there: a colour it can paint, a font file it can load, a logo PNG with an alpha
channel large enough to stay sharp.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from studio.core.brandkit import LowerThird, Placement
from studio.core.fonts import FONT_SUFFIXES, FontError, resolve_font
from studio.core.kit_fields import (
    FONT_ROLES,
    LOGO_ROLES,
    LOWER_THIRD_FIELDS,
    LOWER_THIRD_KEYS,
    PLACEMENT_DEFAULTS,
    PLACEMENT_KEYS,
    PLATFORMS,
    POSITIONS,
    REQUIRED_COLOURS,
    REQUIRED_FONT_ROLES,
)
from studio.core.kit_reader import KitReader, suggest


def read_colours(r: KitReader, value: Any) -> dict[str, str]:
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


def _font_spec(r: KitReader, spec: Any, field: str) -> Path | None:
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


def read_fonts(r: KitReader, value: Any) -> dict[str, Path]:
    table = r.table(value, "fonts", FONT_ROLES, REQUIRED_FONT_ROLES) or {}
    out = {}
    for role, spec in table.items():
        if role in FONT_ROLES and (path := _font_spec(r, spec, f"fonts.{role}")) is not None:
            out[role] = path
    return out


def read_logos(r: KitReader, value: Any) -> dict[str, Path]:
    table = r.table(value, "logos", LOGO_ROLES, ("primary",)) or {}
    out = {}
    for role, rel in table.items():
        if role in LOGO_ROLES and (path := r.logo(rel, f"logos.{role}")) is not None:
            out[role] = path
    return out


def _placement(
    r: KitReader, value: Any, field: str, base: dict, logos: Sequence[str]
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


def read_watermarks(r: KitReader, value: Any, logos: Sequence[str]) -> dict[str, Placement]:
    table = r.table(value, "watermark", None) or {}
    keys = ["default"] + [k for k in table if k != "default"]
    for key in keys[1:]:  # "default", a platform, or "platform:variant" such as instagram:story
        platform, _, variant = key.partition(":")
        if platform not in PLATFORMS or (_ and not re.fullmatch(r"[a-z0-9_-]+", variant)):
            r.add(
                f"watermark.{key}",
                f'unknown platform {platform!r}; {suggest(platform, PLATFORMS)}use default, a platform ({", ".join(PLATFORMS)}) or platform:variant such as "instagram:story"',
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


def read_lower_third(r: KitReader, value: Any, fonts: Mapping[str, Path]) -> LowerThird | None:
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
                f"{font!r} is not one of the kit's font roles; {suggest(font, fonts)}use {', '.join(fonts) or 'title or body'}, a font file path or {{ family = ..., style = ... }}",
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
