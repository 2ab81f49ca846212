"""X's weighted character count: the twitter-text v3 ``parseTweet`` algorithm, in Python.

X does not count characters; it counts *weight*. Code points in a few ranges (Latin, Greek,
Cyrillic, Arabic, Hebrew... everything below U+1100, and some punctuation) weigh 100, everything
else (CJK, most symbols, anything outside the BMP) weighs 200, every URL weighs 23 × 100 whatever
its length, and with v3's ``emojiParsingEnabled`` a whole emoji sequence (ZWJ family, flag, skin
tone, keycap) weighs 200 once. The text is NFC-normalised first. The limit is 280 × 100.

Reference: https://github.com/twitter/twitter-text (Apache-2.0), ``config/v3.json`` and the
conformance suite in ``conformance/validate.yml`` which ``tests/core/test_textcount.py`` runs.
Ranges are reported like twitter-text's: inclusive indices in UTF-16 code units of the text *as
given* (before normalisation), which is also what a Qt text cursor uses.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex

from studio.core.twitter_urls import url_spans


@dataclass(frozen=True)
class TwitterConfig:
    """One twitter-text configuration file (``config/v1.json`` ... ``v3.json``)."""

    version: int
    max_weighted_length: int
    scale: int
    default_weight: int
    transformed_url_length: int
    ranges: tuple[tuple[int, int, int], ...] = ()  # (start, end, weight), inclusive
    emoji_parsing: bool = False
    _classes: tuple = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self):
        by_weight: dict[int, list[str]] = {}
        for start, end, weight in self.ranges:
            by_weight.setdefault(weight, []).append(f"{_esc(start)}-{_esc(end)}")
        classes = tuple(
            (weight - self.default_weight, regex.compile("[" + "".join(parts) + "]+"))
            for weight, parts in by_weight.items()
            if weight != self.default_weight
        )
        object.__setattr__(self, "_classes", classes)

    def char_weight(self, ch: str) -> int:
        # Outside the BMP twitter-text weighs the leading surrogate (all defaults today).
        cp = ord(ch)
        if cp > 0xFFFF:
            cp = 0xD800 + ((cp - 0x10000) >> 10)
        for start, end, weight in self.ranges:
            if start <= cp <= end:
                return weight
        return self.default_weight

    def text_weight(self, text: str) -> int:
        """Weight of plain text (no URLs, no emoji): one run-matching regex per weight class."""
        total = self.default_weight * len(text)
        for delta, rx in self._classes:
            total += delta * sum(map(len, rx.findall(text)))
        return total


def _esc(cp: int) -> str:
    return f"\\U{cp:08x}"


_LIGHT = ((0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100))
V1 = TwitterConfig(1, 140, 1, 1, 23)
V2 = TwitterConfig(2, 280, 100, 200, 23, _LIGHT)
V3 = TwitterConfig(3, 280, 100, 200, 23, _LIGHT, emoji_parsing=True)

# One emoji as a reader sees it (UTS #51 sequences). twemoji, which twitter-text uses, needs
# U+FE0F after (c) and (R) and a keycap for # * 0-9; everything else with Emoji=Yes matches.
_EMOJI_ELEMENT = (
    r"(?:[\U0001F1E6-\U0001F1FF]{2}"
    r"|\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"
    r"|[#*0-9]\uFE0F?\u20E3"
    r"|\p{Emoji_Modifier_Base}[\U0001F3FB-\U0001F3FF]"
    r"|[\u00A9\u00AE]\uFE0F"
    r"|(?![#*0-9\u00A9\u00AE])\p{Emoji}\uFE0F?)"
)
# The leading lookahead is a cheap filter: most positions in a caption cannot start an emoji.
EMOJI_RE = regex.compile(
    r"(?=[\p{Emoji}\U0001F1E6-\U0001F1FF])" f"{_EMOJI_ELEMENT}(?:\u200d{_EMOJI_ELEMENT})*"
)
INVALID_RE = regex.compile("[\ufffe\ufeff\uffff]")
_ASTRAL_RE = regex.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class TweetParse:
    """The result of ``parseTweet``; field meanings as in twitter-text."""

    weighted_length: int | float
    valid: bool
    permillage: int
    display_range: tuple[int, int]  # inclusive, UTF-16 units of the original text
    valid_range: tuple[int, int]  # the prefix that fits, same units
    has_invalid_chars: bool


def _u16(s: str) -> int:
    return len(s) + len(_ASTRAL_RE.findall(s))


def _entities(text: str, config: TwitterConfig) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, end, weight) for URLs and (v3) emoji, in text order."""
    url_weight = config.transformed_url_length * config.scale
    found = [(a, b, url_weight) for a, b in url_spans(text)]
    if config.emoji_parsing:
        found += [(m.start(), m.end(), config.default_weight) for m in EMOJI_RE.finditer(text)]
        found.sort()
    out: list[tuple[int, int, int]] = []
    pos = 0
    for start, end, weight in found:  # a URL wins over an emoji that starts inside it
        if start >= pos:
            out.append((start, end, weight))
            pos = end
    return out


def _pieces(norm: str, config: TwitterConfig) -> list[tuple[str, int, bool]]:
    """The text cut into (piece, weight, is_entity): plain runs between URLs and emoji."""
    pieces: list[tuple[str, int, bool]] = []
    pos = 0
    for start, end, w in _entities(norm, config):
        if start > pos:
            plain = norm[pos:start]
            pieces.append((plain, config.text_weight(plain), False))
        pieces.append((norm[start:end], w, True))
        pos = end
    if pos < len(norm):
        plain = norm[pos:]
        pieces.append((plain, config.text_weight(plain), False))
    return pieces


def parse_tweet(text: str, config: TwitterConfig = V3) -> TweetParse:
    """Weighted length, validity and ranges of ``text`` under ``config``."""
    norm = unicodedata.normalize("NFC", text)
    pieces = _pieces(norm, config)
    weight = sum(w for _, w, _ in pieces)
    limit = config.max_weighted_length * config.scale
    has_invalid = INVALID_RE.search(norm) is not None
    original_u16 = _u16(text)
    if weight <= limit and not has_invalid:
        valid_end = max(original_u16 - 1, 0)
    else:
        valid_end = _valid_end(pieces, config, limit) + original_u16 - _u16(norm)
    length = weight // config.scale if weight % config.scale == 0 else weight / config.scale
    return TweetParse(
        weighted_length=length,
        valid=0 < weight <= limit and not has_invalid,
        permillage=weight * 1000 // limit,
        display_range=(0, max(original_u16 - 1, 0)),
        valid_range=(0, valid_end),
        has_invalid_chars=has_invalid,
    )


def _valid_end(pieces, config: TwitterConfig, limit: int) -> int:
    """The last UTF-16 index (normalised text) of the longest prefix that is valid and fits.

    twitter-text walks token by token (a URL, an emoji, or one code point) and stops moving
    the end once a token is over the limit or ends in an invalid character; weights never
    decrease, so the first such token ends the walk. Whole pieces that fit are skipped at
    once, so only the piece where the limit falls is walked character by character.
    """
    weight, u16, valid_end = 0, 0, 0
    for piece, w, is_entity in pieces:
        if weight + w <= limit and (is_entity or not INVALID_RE.search(piece)):
            weight += w
            u16 += _u16(piece)
            valid_end = u16 - 1
            continue
        if is_entity:
            break
        for ch in piece:
            weight += config.char_weight(ch)
            if weight > limit or INVALID_RE.match(ch):
                return valid_end
            u16 += 2 if ord(ch) > 0xFFFF else 1
            valid_end = u16 - 1
        break
    return valid_end
