"""Count a caption exactly as each platform counts it, and say what is wrong with it.

One entry point, :func:`count_text`, used by validation on every keystroke, by the composer's
counters and by ``studio count``. The unit differs per platform (weighted characters on X,
graphemes on Bluesky, UTF-8 bytes for a YouTube description...), so a :class:`TextCount` always
carries its ``unit`` and the numbers are never compared across platforms.

Counting must stay well under a millisecond per platform for a 2,000-character caption
(``bench/count.py`` measures it): every regex is compiled once, and the expensive passes
(URL and grapheme scanning) only look at the parts of the text that can matter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from studio.core.platforms import TextRule, get_platform
from studio.core.text_entities import (
    extract_hashtags,
    extract_mentions,
    extract_urls,
    hashtag_spans,
)
from studio.core.textunits import (
    grapheme_count,
    mastodon_length,
    threads_length,
    utf8_len,
    utf16_len,
)
from studio.core.twitter_text import V3, TwitterConfig, parse_tweet
from studio.core.twitter_urls import clear_url_cache

__all__ = [
    "SERVER_KEYS",
    "TextCount",
    "clear_caches",
    "count_text",
    "extract_hashtags",
    "extract_mentions",
    "extract_urls",
    "warm_up",
]

#: Keys accepted in ``server`` (Mastodon's ``configuration.statuses`` names).
SERVER_KEYS = frozenset({"max_characters", "characters_reserved_per_url", "max_media_attachments"})

_SINGULAR = {
    "weighted characters": "weighted-character",
    "graphemes": "grapheme",
    "characters": "character",
    "bytes": "byte",
}


class TextProblem(str):
    """A human message that also carries a stable ``code`` ("length", "bytes", "hashtags",
    "links", "forbidden_chars", "invalid_chars"), so callers decide by code, never by wording.
    It is a ``str``, so JSON output and joins print the message unchanged."""

    code: str

    def __new__(cls, code: str, message: str) -> TextProblem:
        obj = super().__new__(cls, message)
        obj.code = code
        return obj


@dataclass(frozen=True)
class TextCount:
    """How long a text is for one platform field, against which limits, and what is wrong."""

    platform: str
    field: str  # "text", "title" or "message"
    length: int  # in ``unit``
    limit: int
    valid: bool
    unit: str
    bytes: int  # UTF-8
    byte_limit: int | None
    hashtags: int  # distinct hashtags
    max_hashtags: int | None
    problems: tuple[TextProblem, ...]  # empty when valid
    counting: str = ""
    links: int = 0  # distinct URLs
    max_links: int | None = None
    # X only: inclusive UTF-16 range of the prefix that fits (what X highlights), else None.
    fits_range: tuple[int, int] | None = None

    @property
    def remaining(self) -> int:
        return self.limit - self.length

    def as_json(self) -> dict:
        """Plain JSON types; ``platform``, ``length``, ``limit``, ``valid`` are a contract."""
        return {
            "platform": self.platform,
            "field": self.field,
            "length": self.length,
            "limit": self.limit,
            "valid": self.valid,
            "unit": self.unit,
            "counting": self.counting,
            "remaining": self.remaining,
            "bytes": self.bytes,
            "byte_limit": self.byte_limit,
            "hashtags": self.hashtags,
            "max_hashtags": self.max_hashtags,
            "links": self.links,
            "max_links": self.max_links,
            "fits_range": list(self.fits_range) if self.fits_range else None,
            "problems": list(self.problems),
        }


def clear_caches() -> None:
    """Forget cached per-text results (URLs, hashtags, graphemes).

    Counting the same text for ten platforms reuses them; the bench clears them so it measures
    what a new keystroke costs.
    """
    clear_url_cache()
    hashtag_spans.cache_clear()
    grapheme_count.cache_clear()


def warm_up() -> None:
    """Compile every regex now (about 0.2 s, mostly the TLD list), e.g. from a worker at start-up,
    so the first keystroke in the composer does not pay for it."""
    for pid in ("x", "mastodon", "threads"):
        count_text(pid, "warm-up #tag @user https://example.org example.com 👩🏽‍🎨")
    clear_caches()


@cache
def _twitter_config(limit: int, url_length: int) -> TwitterConfig:
    if (limit, url_length) == (V3.max_weighted_length, V3.transformed_url_length):
        return V3
    return replace(V3, max_weighted_length=limit, transformed_url_length=url_length)


def _apply_server(rule: TextRule, server: Mapping[str, int] | None) -> TextRule:
    if not server:
        return rule
    unknown = set(server) - SERVER_KEYS
    if unknown:
        raise ValueError(f"unknown server settings: {', '.join(sorted(unknown))}")
    changes = {}
    if server.get("max_characters") is not None:
        changes["limit"] = int(server["max_characters"])
    if server.get("characters_reserved_per_url") is not None and rule.url_length is not None:
        changes["url_length"] = int(server["characters_reserved_per_url"])
    if changes.get("limit", 1) < 1 or changes.get("url_length", 0) < 0:
        raise ValueError("max_characters must be at least 1, characters_reserved_per_url >= 0")
    return replace(rule, **changes) if changes else rule


def _measure(rule: TextRule, text: str) -> tuple[int, tuple[int, int] | None, bool]:
    """(length in the rule's unit, X's fitting range, X's invalid-character flag)."""
    method = rule.counting
    if method == "twitter":
        parsed = parse_tweet(text, _twitter_config(rule.limit, rule.url_length or 23))
        return int(parsed.weighted_length), parsed.valid_range, parsed.has_invalid_chars
    if method == "bluesky":
        return grapheme_count(text), None, False
    if method == "mastodon":
        return mastodon_length(text, rule.url_length or 23), None, False
    if method == "threads":
        return threads_length(text), None, False
    if method == "codepoints":
        return len(text), None, False
    if method == "utf16":
        return utf16_len(text), None, False
    if method == "bytes":
        return utf8_len(text), None, False
    raise ValueError(f"unknown counting method {method!r}")


def count_text(
    platform: str,
    text: str,
    *,
    field: str = "text",
    server: Mapping[str, int] | None = None,
) -> TextCount:
    """Count ``text`` for ``platform``'s ``field`` ("text", "title", or "message" for a post
    without media where that differs, e.g. Telegram's 4096 vs 1024).

    ``server`` overrides the limits for a given account or server, with Mastodon's names:
    ``{"max_characters": 1000, "characters_reserved_per_url": 23}`` (``max_characters`` also
    serves X Premium's 25,000). Raises :class:`~studio.core.platforms.UnknownPlatformError`
    for an unknown platform and ``ValueError`` for a field the platform does not have.
    """
    rule = _apply_server(get_platform(platform).rule(field), server)
    length, fits_range, invalid_chars = _measure(rule, text)
    size = utf8_len(text)
    tags = len(extract_hashtags(text))
    links = len({u.casefold() for u in extract_urls(text)}) if rule.max_links else 0

    problems = []
    if length > rule.limit:
        singular = _SINGULAR.get(rule.unit, rule.unit)
        problems.append(
            TextProblem("length", f"{length} {rule.unit}, over the {rule.limit}-{singular} limit")
        )
    if rule.byte_limit is not None and size > rule.byte_limit:
        problems.append(
            TextProblem("bytes", f"{size} bytes, over the {rule.byte_limit}-byte limit")
        )
    if rule.max_hashtags is not None and tags > rule.max_hashtags:
        problems.append(
            TextProblem("hashtags", f"{tags} hashtags, over the {rule.max_hashtags}-hashtag limit")
        )
    if rule.max_links is not None and links > rule.max_links:
        problems.append(
            TextProblem("links", f"{links} different links; at most {rule.max_links} are allowed")
        )
    bad = [c for c in rule.forbidden_chars if c in text]
    if bad:
        what = "titles" if field == "title" else "this text"
        shown = " or ".join(f"'{c}'" for c in rule.forbidden_chars)
        problems.append(TextProblem("forbidden_chars", f"{what} cannot contain {shown}"))
    if invalid_chars:
        problems.append(
            TextProblem("invalid_chars", "contains characters X rejects (U+FEFF, U+FFFE or U+FFFF)")
        )

    return TextCount(
        platform=platform,
        field=field,
        length=length,
        limit=rule.limit,
        valid=not problems,
        unit=rule.unit,
        bytes=size,
        byte_limit=rule.byte_limit,
        hashtags=tags,
        max_hashtags=rule.max_hashtags,
        problems=tuple(problems),
        counting=rule.counting,
        links=links,
        max_links=rule.max_links,
        fits_range=fits_range if rule.counting == "twitter" else None,
    )
