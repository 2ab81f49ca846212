"""Platform rules: complete, self-consistent, sourced, and holding the facts the issue fixed."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from studio.core.platforms import (
    COUNTING_METHODS,
    PLATFORM_IDS,
    Aspect,
    Platform,
    UnknownPlatformError,
    all_platforms,
    get_platform,
)
from studio.core.twitter_urls import TLD_FILE, load_tlds

IMAGE_FORMATS = {"jpeg", "png", "webp", "gif", "heif", "avif"}
UNITS = {"weighted characters", "graphemes", "characters", "bytes"}


def test_ids_in_the_documented_order():
    assert PLATFORM_IDS == (
        "x", "bluesky", "mastodon", "threads", "instagram",
        "facebook", "linkedin", "youtube", "tiktok", "telegram",
    )  # fmt: skip
    assert tuple(p.id for p in all_platforms()) == PLATFORM_IDS
    assert all(get_platform(pid).id == pid for pid in PLATFORM_IDS)


@pytest.mark.parametrize("bad", ["X", "twitter", "", "insta", None])
def test_unknown_platform_lists_the_valid_ids(bad):
    with pytest.raises(UnknownPlatformError) as err:
        get_platform(bad)
    assert isinstance(err.value, ValueError)
    assert ", ".join(PLATFORM_IDS) in str(err.value)


def test_rules_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_platform("x").text.limit = 10_000  # type: ignore[misc]


def test_aspect_ratio():
    a = Aspect("1.91:1", 191, 100, (1080, 566))
    assert a.ratio == pytest.approx(1.91)


def _text_rules(p: Platform):
    return [r for r in (p.text, p.title, p.message) if r is not None]


@pytest.mark.parametrize("platform", all_platforms(), ids=lambda p: p.id)
def test_every_rule_is_sourced_and_consistent(platform: Platform):
    assert platform.sources and all(s.startswith("https://") for s in platform.sources)
    for rule in _text_rules(platform):
        assert rule.counting in COUNTING_METHODS
        assert rule.unit in UNITS
        assert rule.limit > 0 and rule.source.startswith("https://")
    m = platform.media
    assert m.source.startswith("https://")
    assert 0 <= m.max_images <= m.max_items and 0 <= m.max_videos <= m.max_items
    assert m.alt_max_chars is None or m.alt_text
    assert (platform.image is None) == (m.max_images == 0)
    assert (platform.video is None) == (m.max_videos == 0)
    for rule in (platform.image, platform.video):
        if rule is None:
            continue
        assert rule.source.startswith("https://")
        assert rule.max_bytes > 0 and rule.preferred
        lo, hi = rule.min_aspect, rule.max_aspect
        for aspect in rule.preferred:
            w, h = aspect.size
            assert w / h == pytest.approx(aspect.ratio, rel=0.01), aspect
            assert (lo is None or aspect.ratio >= lo - 1e-9) and (hi is None or aspect.ratio <= hi)
    if platform.image:
        assert set(platform.image.formats) <= IMAGE_FORMATS
    if platform.video:
        v = platform.video
        assert 0 <= v.min_duration < v.max_duration
        assert v.containers and v.video_codecs and v.audio_codecs
        if v.min_fps is not None and v.max_fps is not None:
            assert v.min_fps <= v.max_fps
        if v.min_aspect is not None and v.max_aspect is not None:
            assert v.min_aspect < v.max_aspect


def test_media_requirements():
    required = {p.id for p in all_platforms() if p.media.requires_media}
    assert required == {"instagram", "youtube", "tiktok"}


def test_facts_from_the_issue():
    x = get_platform("x")
    assert (x.text.limit, x.text.counting, x.text.url_length) == (280, "twitter", 23)
    assert (x.media.max_images, x.media.max_videos, x.media.allow_mixed) == (4, 1, False)
    assert x.image.max_bytes == 5_000_000

    bsky = get_platform("bluesky")
    assert (bsky.text.limit, bsky.text.byte_limit, bsky.text.unit) == (300, 3000, "graphemes")
    assert (bsky.media.max_images, bsky.image.max_bytes) == (4, 1_000_000)
    assert bsky.video.max_duration == 180

    masto = get_platform("mastodon")
    assert (masto.text.limit, masto.text.url_length, masto.media.max_images) == (500, 23, 4)

    assert get_platform("threads").text.limit == 500

    ig = get_platform("instagram")
    assert (ig.text.limit, ig.text.max_hashtags, ig.image.max_bytes) == (2200, 30, 8_000_000)
    assert (ig.image.min_aspect, ig.image.max_aspect) == (pytest.approx(0.8), 1.91)
    assert ig.media.max_items == 10 and ig.image.preferred[0].name == "4:5"

    assert get_platform("facebook").text.limit == 63_206
    assert get_platform("linkedin").text.limit == 3000

    yt = get_platform("youtube")
    assert (yt.title.limit, yt.title.forbidden_chars) == (100, "<>")
    assert (yt.text.limit, yt.text.counting, yt.text.unit) == (5000, "bytes", "bytes")
    assert yt.image is None and yt.media.max_images == 0

    assert get_platform("tiktok").text.limit == 2200
    tg = get_platform("telegram")
    assert (tg.text.limit, tg.rule("message").limit, tg.text.counting) == (1024, 4096, "utf16")


def test_rule_lookup_by_field():
    x = get_platform("x")
    assert x.rule("text") is x.text
    assert x.rule("message") is x.text  # same rule with or without media
    with pytest.raises(ValueError, match="no title"):
        x.rule("title")
    with pytest.raises(ValueError, match="unknown text field"):
        x.rule("caption")


def test_mastodon_has_no_documented_duration_limit():
    assert math.isinf(get_platform("mastodon").video.max_duration)


def test_vendored_tld_list_parses_like_yaml():
    country, generic = load_tlds()
    data = yaml.safe_load(TLD_FILE.read_text(encoding="utf-8"))
    assert (list(country), list(generic)) == (data["country"], data["generic"])
    assert {"com", "org", "پاکستان", "ma", "no"} <= set(country) | set(generic)


def test_core_modules_do_not_import_qt():
    code = (
        "import sys, studio.core.platforms, studio.core.textcount, studio.core.platform_data;"
        "sys.exit(any(m.split('.')[0] == 'PySide6' for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0
