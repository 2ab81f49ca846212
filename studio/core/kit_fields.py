"""The fields ``kit.toml`` may hold and the shapes their values must have.

One table of names and patterns that the reader, the section checks and docs/brand-kits.md
all follow, so a new key or role is added in one place; the messages quote these lists back
to the press officer ("known keys are: ...").
"""

from __future__ import annotations

import re

from studio.core.platforms import PLATFORM_IDS

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
