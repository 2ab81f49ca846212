"""Hashtags, mentions and URLs found the way the networks find them.

Hashtags follow twitter-text's rule, which Instagram, Mastodon and Bluesky broadly share: after
a start, space or punctuation (not ``&``, not a letter), ``#`` or ``＃`` then letters, marks,
digits, ``_`` and a few joiners (ZWNJ for Persian, the middle dot for Catalan...), with at least
one letter. So ``#تراث`` and ``#patrimoine_culturel`` are tags, ``#2024`` and the ``#section``
of ``https://example.org/page#section`` are not.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from studio.core.twitter_urls import extract_urls, url_spans

__all__ = ["extract_hashtags", "extract_mentions", "extract_urls", "hashtag_spans"]

_SPECIAL = "_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"
_ALNUM = rf"\p{{L}}\p{{M}}\p{{Nd}}{_SPECIAL}"
# The look-behind (one character) lets the engine jump straight to each '#'.
HASHTAG_RE = regex.compile(
    rf"(?<=^|[\ufe0e\ufe0f]|[^&{_ALNUM}])[#\uff03](?![\ufe0f\u20e3])"
    rf"([{_ALNUM}]*[\p{{L}}\p{{M}}][{_ALNUM}]*)"
)
_HASHTAG_END = regex.compile(r"[#\uff03]|://")

# @user, @user@server.example (fediverse), @handle.bsky.social; not inside e-mail addresses.
MENTION_RE = regex.compile(
    r"(?<![\w@\uff20=/])[@\uff20]"
    r"([a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*(?:@[\w\-]+(?:\.[\w\-]+)+)?)",
    regex.IGNORECASE,
)
_MENTION_END = regex.compile(r"[@\uff20]|://")


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


@lru_cache(maxsize=64)
def hashtag_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every hashtag, ``#`` included, outside URLs, in order (cached)."""
    if "#" not in text and "\uff03" not in text:
        return ()
    spans = [m.span() for m in HASHTAG_RE.finditer(text) if not _HASHTAG_END.match(text, m.end())]
    if not spans:
        return ()
    urls = url_spans(text)
    return tuple((a, b) for a, b in spans if not any(u0 < b and a < u1 for u0, u1 in urls))


def extract_hashtags(text: str) -> list[str]:
    """Hashtags as ``#tag``, first spelling kept, case-insensitive duplicates dropped."""
    return _dedupe(["#" + text[a + 1 : b] for a, b in hashtag_spans(text)])


def extract_mentions(text: str) -> list[str]:
    """Mentions as written (``@name``, ``@name@server``, ``@handle.bsky.social``), deduplicated."""
    if "@" not in text and "\uff20" not in text:
        return []
    urls = url_spans(text)
    found = []
    for m in MENTION_RE.finditer(text):
        if _MENTION_END.match(text, m.end()):
            continue
        a, b = m.span()
        if any(u0 < b and a < u1 for u0, u1 in urls):
            continue
        found.append("@" + m[1])
    return _dedupe(found)
