"""Text lengths in the units the networks use: graphemes, UTF-16 units, bytes, and two recipes.

``grapheme_count`` is the hot path (Bluesky, Mastodon and Threads all count grapheme clusters on
every keystroke), so it avoids segmenting plain runs: a cluster of two or more code points always
has a "joining" character (a mark, ZWJ, variation selector, regional indicator, Hangul jamo,
prepend, CR) as its first or second code point, so only the neighbourhood of those is segmented
with ``regex``'s ``\\X``; everything else is one cluster per code point.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from studio.core.twitter_text import EMOJI_RE
from studio.core.twitter_urls import url_spans

_JOINERS = (
    r"\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}\p{GCB=Regional_Indicator}"
    r"\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}\r"
)
_JOINER_RUN = regex.compile(f"[{_JOINERS}]+")
_CLUSTER = regex.compile(r"\X", regex.DOTALL)
_ASTRAL = regex.compile("[\U00010000-\U0010ffff]")

# Mastodon's Account::MENTION_RE: @user or @user@domain, not after a word character, '=' or '/'.
MASTODON_MENTION_RE = regex.compile(
    r"(?<![=/\w])@((?:[a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*)(?:@[\w.\-]+\w)?)", regex.IGNORECASE
)
_MASTODON_MENTION_END = regex.compile(r"[@\uff20]|://")


@lru_cache(maxsize=64)
def grapheme_count(text: str) -> int:
    """Extended grapheme clusters (UAX #29), as ``len(regex.findall(r"\\X", text))``."""
    spans = [m.span() for m in _JOINER_RUN.finditer(text)]
    if len(spans) * 16 > len(text):  # joiners everywhere (Hangul, vocalised Arabic): segment all
        return len(_CLUSTER.findall(text))
    merged, pos = 0, 0
    for start, end in spans:
        if end <= pos:
            continue
        p = max(pos, start - 1)  # a cluster may begin one code point before its joiner
        while p < end:
            q = _CLUSTER.match(text, p).end()
            merged += q - p - 1
            p = q
        pos = p
    return len(text) - merged


def utf16_len(text: str) -> int:
    """UTF-16 code units: what JavaScript's ``length`` and Qt's ``QString::size`` return."""
    return len(text) + len(_ASTRAL.findall(text))


def utf8_len(text: str) -> int:
    """UTF-8 bytes; a lone surrogate (broken input) counts as the 3 bytes it would take."""
    return len(text.encode("utf-8", "surrogatepass"))


def mastodon_length(text: str, url_length: int = 23) -> int:
    """Mastodon's ``StatusLengthValidator``: graphemes after URLs become ``url_length``
    placeholder characters and ``@user@domain`` becomes ``@user``.

    Only ``http(s)://`` URLs count as links (``extract_url_without_protocol: false``).
    """
    entities = [(a, b, "x" * url_length) for a, b in url_spans(text, require_protocol=True)]
    if "@" in text:
        for m in MASTODON_MENTION_RE.finditer(text):
            if not _MASTODON_MENTION_END.match(text, m.end()):
                entities.append((m.start(), m.end(), "@" + m[1].split("@")[0]))
    if not entities:
        return grapheme_count(text)
    entities.sort()
    parts, pos = [], 0
    for start, end, replacement in entities:  # overlapping entities: the earlier one wins
        if start < pos:
            continue
        parts += [text[pos:start], replacement]
        pos = end
    parts.append(text[pos:])
    return grapheme_count("".join(parts))


def threads_length(text: str) -> int:
    """Threads: one per grapheme, except that an emoji costs its UTF-8 byte length.

    Meta's Threads API: "Text posts are limited to 500 characters. Emojis are counted as the
    number of UTF-8 bytes." An emoji sequence is one grapheme, so it adds ``bytes - 1``.
    """
    extra = sum(len(e.encode("utf-8")) - 1 for e in EMOJI_RE.findall(text))
    return grapheme_count(text) + extra
