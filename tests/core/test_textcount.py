"""Counting text exactly as each platform does.

X is checked against twitter-text's own conformance suite (tests/data/twitter-text, Apache-2.0);
graphemes against Qt's QTextBoundaryFinder, an independent UAX #29 implementation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from studio.core.platforms import PLATFORM_IDS, UnknownPlatformError
from studio.core.textcount import (
    TextCount,
    clear_caches,
    count_text,
    extract_hashtags,
    extract_mentions,
    extract_urls,
)
from studio.core.textunits import grapheme_count, mastodon_length, threads_length
from studio.core.twitter_text import V1, V2, V3, parse_tweet

CONFORMANCE = Path(__file__).resolve().parents[1] / "data" / "twitter-text" / "validate.yml"
SUITE = yaml.safe_load(CONFORMANCE.read_text(encoding="utf-8"))["tests"]

# twitter-text runs WeightedTweetsCounterTest with config v2 and the other two with v3.
WEIGHTED = [
    pytest.param(case, config, id=f"{section}: {case['description']}"[:120])
    for section, config in (
        ("WeightedTweetsCounterTest", V2),
        ("WeightedTweetsWithDiscountedEmojiCounterTest", V3),
        ("UnicodeDirectionalMarkerCounterTest", V3),
    )
    for case in SUITE[section]
]


def test_conformance_suite_is_the_vendored_one():
    # 20 + 21 + 2 weighted cases in twitter-text's conformance/tests/validate.yml.
    assert len(WEIGHTED) == 43


@pytest.mark.parametrize(("case", "config"), WEIGHTED)
def test_twitter_text_weighted_conformance(case, config):
    r = parse_tweet(case["text"], config)
    got = {
        "weightedLength": r.weighted_length,
        "valid": r.valid,
        "permillage": r.permillage,
        "displayRangeStart": r.display_range[0],
        "displayRangeEnd": r.display_range[1],
        "validRangeStart": r.valid_range[0],
        "validRangeEnd": r.valid_range[1],
    }
    assert got == case["expected"]


@pytest.mark.parametrize("case", SUITE["tweets"], ids=lambda c: c["description"])
def test_twitter_text_tweet_validity_with_the_140_character_config(case):
    assert parse_tweet(case["text"], V1).valid is case["expected"]


@pytest.mark.parametrize("case", SUITE["hashtags"], ids=lambda c: c["description"])
def test_twitter_text_hashtag_conformance(case):
    assert (extract_hashtags(case["text"]) == [case["text"]]) is case["expected"]


@pytest.mark.parametrize("case", SUITE["urls_without_protocol"], ids=lambda c: c["description"])
def test_twitter_text_bare_domain_conformance(case):
    assert (extract_urls(case["text"]) == [case["text"]]) is case["expected"]


# --- X -----------------------------------------------------------------------------------------


def test_x_limit_is_280_weighted_characters():
    assert count_text("x", "a" * 280).valid
    over = count_text("x", "a" * 281)
    assert not over.valid
    assert over.problems == ("281 weighted characters, over the 280-weighted-character limit",)


def test_x_weights_arabic_1_cjk_2_emoji_sequence_2_and_urls_23():
    assert count_text("x", "زليج").length == 4
    assert count_text("x", "故宫").length == 4
    assert count_text("x", "👩🏽‍🎨").length == 2
    assert (
        count_text("x", "see https://whc.unesco.org/en/list/170/ and unesco.org").length
        == 4 + 23 + 5 + 23
    )


def test_x_normalises_to_nfc_and_reports_the_fitting_range_in_utf16():
    assert count_text("x", "e\u0301" * 10).length == 10
    c = count_text("x", "😷" * 150)
    assert (c.length, c.fits_range) == (300, (0, 279))  # 140 emoji fit, 2 UTF-16 units each


def test_x_premium_limit_via_server_override():
    long = "a" * 1000
    assert not count_text("x", long).valid
    assert count_text("x", long, server={"max_characters": 25_000}).valid


def test_x_rejects_noncharacters():
    c = count_text("x", "abc\ufffe")
    assert not c.valid and "rejects" in c.problems[0]


# --- Bluesky -------------------------------------------------------------------------------------


def test_bluesky_counts_graphemes_and_bytes():
    family = "👩🏽‍🎨"  # one grapheme, 15 bytes of UTF-8
    c = count_text("bluesky", family * 201)
    assert (c.length, c.bytes, c.unit) == (201, 3015, "graphemes")
    assert c.problems == ("3015 bytes, over the 3000-byte limit",)
    assert count_text("bluesky", "ب" * 300).valid
    assert count_text("bluesky", "ب" * 301).problems == (
        "301 graphemes, over the 300-grapheme limit",
    )


TRICKY = [
    "",
    "👨‍👩‍👧‍👦",  # ZWJ family
    "🇲🇦🇫🇷🇺",  # flags and a dangling regional indicator
    "👋🏽👋🏿",  # skin tones
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ",  # Arabic with harakat
    "\u1100\u1161\u11a8\u1100\u1161",  # Hangul jamo
    "각각",
    "नमस्ते क्षत्रिय",  # Devanagari, with a conjunct (GB9c)
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # England: tag sequence
    "line\r\nline\n",
    "1\ufe0f\u20e3#\ufe0f\u20e3",
    "🏳️‍🌈 e\u0301 ﷺ",
    "\u0600\u0661\u0662",  # Arabic number sign (prepend)
]


def qt_graphemes(text: str) -> int:
    QtCore = pytest.importorskip("PySide6.QtCore")
    finder = QtCore.QTextBoundaryFinder(QtCore.QTextBoundaryFinder.BoundaryType.Grapheme, text)
    n = 0
    while finder.toNextBoundary() != -1:
        n += 1
    return n


def regex_graphemes(text: str) -> int:
    return len(regex.findall(r"\X", text, flags=regex.DOTALL))


@pytest.mark.gui
@pytest.mark.parametrize("text", TRICKY)
def test_graphemes_match_qt_on_tricky_text(text):
    assert grapheme_count(text) == qt_graphemes(text) == regex_graphemes(text)


# Characters chosen to exercise every grapheme rule, all assigned long before Unicode 15.
_POOL = (
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0x300, 0x370)]  # combining marks
    + [chr(c) for c in range(0x620, 0x656)]  # Arabic letters and harakat
    + [chr(c) for c in range(0x1100, 0x1113)]  # Hangul leading jamo
    + [chr(c) for c in range(0x1161, 0x1176)]  # vowels
    + [chr(c) for c in range(0x11A8, 0x11C3)]  # trailing
    + [chr(c) for c in range(0xAC00, 0xAC1C)]  # LV / LVT syllables
    + [chr(c) for c in range(0x1F1E6, 0x1F200)]  # regional indicators
    + [chr(c) for c in range(0x1F466, 0x1F46A)]
    + ["\U0001f3a8", "\U0001f3f4", "\u2764"]
    + [chr(c) for c in range(0x1F3FB, 0x1F400)]  # skin tones
    + ["\u200d", "\ufe0f", "\u20e3", "\r", "\n", "\u0600", "\U000e0067", "\U000e007f"]
)
texts = st.text(alphabet=st.sampled_from(_POOL), max_size=40)

# Devanagari as it is written: consonant [nukta] (virama consonant)* [vowel sign] [bindu].
_consonant = st.sampled_from([chr(c) for c in range(0x915, 0x93A)])
_syllable = st.builds(
    lambda c, nukta, conj, sign, bindu: (
        c + nukta + "".join("\u094d" + x for x in conj) + sign + bindu
    ),
    _consonant,
    st.sampled_from(["", "\u093c"]),
    st.lists(_consonant, max_size=2),
    st.sampled_from([""] + [chr(c) for c in range(0x93E, 0x94D)]),
    st.sampled_from(["", "\u0901", "\u0902", "\u0903"]),
)
devanagari = st.lists(st.lists(_syllable, min_size=1, max_size=4).map("".join), max_size=5).map(
    " ".join
)

# Where QTextBoundaryFinder (Qt 6.12) departs from UAX #29, so it cannot be the oracle there:
# it splits a flag that follows an emoji, and its Indic tailoring splits astral characters and
# non-Indic marks that share a run with Devanagari (see the test below).
QT_DIVERGES = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}][\p{GCB=Extend}\u200d]*[\U0001F1E6-\U0001F1FF]"
)


@pytest.mark.gui
@settings(max_examples=300, deadline=None)
@given(texts)
def test_graphemes_match_qt_on_generated_text(text):
    assume(not QT_DIVERGES.search(text))
    assert grapheme_count(text) == qt_graphemes(text)


@pytest.mark.gui
@settings(max_examples=200, deadline=None)
@given(devanagari)
def test_graphemes_match_qt_on_generated_devanagari(text):
    assert grapheme_count(text) == qt_graphemes(text)


@pytest.mark.parametrize(
    ("text", "clusters"),
    [
        ("नमस्ते 👋🏽", 5),  # Qt 6.12: 8 (splits the emoji's surrogates after Devanagari)
        ("👦🇼🇵", 2),  # Qt 6.12: 3 (splits the flag after an emoji)
        ("क\u0300", 1),  # Qt 6.12: 2 (no mark may start a cluster: GB9)
    ],
)
def test_graphemes_follow_uax29_where_qt_does_not(text, clusters):
    # Bluesky's server counts standard extended grapheme clusters, so the standard wins: the
    # composer must count with grapheme_count, never with Qt's boundary finder.
    assert grapheme_count(text) == regex_graphemes(text) == clusters


@settings(max_examples=500, deadline=None)
@given(texts)
def test_fast_grapheme_count_equals_full_segmentation(text):
    grapheme_count.cache_clear()
    assert grapheme_count(text) == regex_graphemes(text)


# --- Mastodon ------------------------------------------------------------------------------------


def test_mastodon_urls_count_as_reserved_characters_and_mentions_as_the_username():
    url = "https://heritage.example.org/a/very/long/path/to/the/zellige/collection"
    assert mastodon_length(url) == 23
    assert count_text("mastodon", f"Voir {url}").length == 5 + 23
    assert count_text("mastodon", "@alice@social.example.org merci").length == len("@alice merci")
    # Without a protocol Mastodon does not shorten: counted as typed.
    assert count_text("mastodon", "unesco.org").length == 10


def test_mastodon_counts_graphemes_and_takes_server_settings():
    assert count_text("mastodon", "e\u0301" * 500).valid  # 500 graphemes, 1000 code points
    text = "x" * 600
    assert not count_text("mastodon", text).valid
    custom = count_text("mastodon", text, server={"max_characters": 1000})
    assert (custom.valid, custom.limit) == (True, 1000)
    url = "https://example.org/" + "p" * 80
    assert count_text("mastodon", url, server={"characters_reserved_per_url": 30}).length == 30


def test_unknown_server_setting_is_refused():
    with pytest.raises(ValueError, match="max_chars"):
        count_text("mastodon", "hi", server={"max_chars": 10})


# --- Threads, Instagram, YouTube, TikTok, Telegram -----------------------------------------------


def test_threads_counts_emoji_as_their_utf8_bytes_and_limits_links():
    assert threads_length("merci 😀") == 6 + 4
    assert threads_length("👩🏽‍🎨") == 15
    links = " ".join(f"https://example.org/{i}" for i in range(6))
    c = count_text("threads", links)
    assert c.links == 6 and not c.valid
    assert any("links" in p for p in c.problems)


def test_instagram_limits_hashtags_counted_once_each():
    tags = " ".join(f"#tag{i}" for i in range(30))
    assert count_text("instagram", tags + " #TAG0 #tag1").hashtags == 30
    c = count_text("instagram", tags + " #tag30")
    assert (c.hashtags, c.valid) == (31, False)
    assert c.problems == ("31 hashtags, over the 30-hashtag limit",)


def test_youtube_title_rule_and_description_in_bytes():
    title = count_text("youtube", "<b>Zellige</b>", field="title")
    assert title.problems == ("titles cannot contain '<' or '>'",)
    assert count_text("youtube", "x" * 100, field="title").valid
    assert not count_text("youtube", "x" * 101, field="title").valid
    desc = count_text("youtube", "ب" * 2501)  # 2 bytes per Arabic letter
    assert (desc.length, desc.unit, desc.valid) == (5002, "bytes", False)


def test_utf16_platforms_count_emoji_as_two():
    assert count_text("tiktok", "😀" * 1100).valid
    assert not count_text("tiktok", "😀" * 1101).valid
    caption = count_text("telegram", "😀" * 513)
    assert (caption.length, caption.limit, caption.valid) == (1026, 1024, False)
    message = count_text("telegram", "😀" * 513, field="message")
    assert (message.limit, message.valid) == (4096, True)


def test_every_platform_counts_and_serialises():
    for pid in PLATFORM_IDS:
        c = count_text(pid, "Le zellige de Fès #patrimoine https://example.org")
        assert isinstance(c, TextCount) and c.platform == pid and c.valid
        data = c.as_json()
        assert {"platform", "length", "limit", "valid"} <= set(data)
        assert data["valid"] is True and isinstance(data["length"], int)


def test_unknown_platform_and_missing_field():
    with pytest.raises(UnknownPlatformError) as err:
        count_text("twitter", "hi")
    assert all(pid in str(err.value) for pid in PLATFORM_IDS)
    with pytest.raises(ValueError, match="no title"):
        count_text("x", "hi", field="title")


# --- Entities ----------------------------------------------------------------------------------


def test_hashtags_in_arabic_persian_and_not_in_urls():
    text = (
        "#تراث_ثقافي et #Zellige, #zellige encore; voir https://example.org/page#section "
        "#2024 #می‌خواهم x#not"
    )
    assert extract_hashtags(text) == ["#تراث_ثقافي", "#Zellige", "#می‌خواهم"]


def test_urls_and_mentions():
    text = "Voir www.unesco.org/culture, example.jp et https://t.co/abc @alice@mastodon.social"
    assert extract_urls(text) == ["www.unesco.org/culture", "https://t.co/abc"]
    assert extract_mentions(text + " @bob.bsky.social mail@x.org @Alice@Mastodon.social") == [
        "@alice@mastodon.social",
        "@bob.bsky.social",
    ]


def test_caches_do_not_change_results():
    text = "Zellige #Fès https://example.org 👩🏽‍🎨"
    first = [count_text(pid, text) for pid in PLATFORM_IDS]
    clear_caches()
    assert [count_text(pid, text) for pid in PLATFORM_IDS] == first


_URL_PIECES = (
    *("a", "b9", "com", "co", "jp", "org", "tv", "xn--", "é", "故", ".", "..", "/", "-", "_"),
    *("https://", "http://", "t.co/", "www.", " ", "@", "#", "(", ")", "?q=1", ":8080", "!"),
)
_URLISH = st.lists(st.sampled_from(_URL_PIECES), max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(_URLISH)
def test_url_search_shortcut_finds_what_a_full_scan_finds(text):
    from studio.core import twitter_urls

    fast = [twitter_urls._url_spans.__wrapped__(text, proto) for proto in (False, True)]
    original = twitter_urls._matches
    try:
        twitter_urls._matches = lambda p, t, needle: p["url"].finditer(t)
        full = [twitter_urls._url_spans.__wrapped__(text, proto) for proto in (False, True)]
    finally:
        twitter_urls._matches = original
    assert fast == full


@pytest.mark.parametrize(
    "text",
    ["a." * 1000, "故人西辞黄鹤楼." * 250, "a." * 900 + "a(.com", "x" * 5000, "#a" * 1000],
)
def test_pathological_text_stays_fast(text):
    import time

    count_text("x", "warm up example.com")
    clear_caches()
    start = time.perf_counter()
    for pid in PLATFORM_IDS:
        count_text(pid, text)
    assert time.perf_counter() - start < 0.05


def test_warm_up_compiles_everything_once():
    from studio.core.textcount import warm_up

    warm_up()
    assert count_text("x", "example.com").length == 23
