"""Bluesky pieces with no server: record keys (TIDs) and rich-text facet byte offsets."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from studio.publish.adapters.atproto_facets import build_facets, link_spans
from studio.publish.adapters.atproto_session import rate_limit_wait
from studio.publish.adapters.atproto_tid import (
    TID_RE,
    WINDOW_START_US,
    decode_tid,
    encode_tid,
    tid_for_key,
)
from studio.publish.adapters.bluesky import BlueskyAdapter
from studio.publish.context import LocalContext
from studio.publish.protocol import Account, Credentials, MediaFile, PublishRequest


# -- TIDs ------------------------------------------------------------------------------------
def test_tid_matches_an_independent_implementation():
    # Vectors from @atcute/tid's documentation: create(1724171495793000, 512), parse(...).
    assert encode_tid(1724171495793000, 512) == "3l25zusnsfck2"
    assert decode_tid("3l25zusnsfctk") == (1724171495793000, 816)
    assert encode_tid(0, 0) == "2222222222222"  # the spec's zero


def test_tid_for_key_is_stable_valid_distinct_and_in_the_past():
    keys = [f"{i:040x}" for i in range(2000)]
    tids = [tid_for_key(k) for k in keys]
    assert tids == [tid_for_key(k) for k in keys]
    assert len(set(tids)) == len(tids)
    for tid in tids:
        assert TID_RE.match(tid)
        ts, clock = decode_tid(tid)
        assert WINDOW_START_US <= ts < WINDOW_START_US + (1 << 45) and 0 <= clock < 1024
        assert encode_tid(ts, clock) == tid


@pytest.mark.parametrize(
    "bad", ["", "3l25zusnsfck", "kl25zusnsfck2", "3L25ZUSNSFCK2", "3l25zus1sfck2"]
)
def test_decode_refuses_what_is_not_a_tid(bad):
    with pytest.raises(ValueError):
        decode_tid(bad)


# -- facets ----------------------------------------------------------------------------------
def _pieces(text, resolve=lambda h: f"did:plc:{h.split('.')[0]}"):
    raw = text.encode("utf-8")
    out = []
    for f in build_facets(text, resolve):
        feature = f["features"][0]
        piece = raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode("utf-8")
        value = feature.get("uri") or feature.get("did") or feature.get("tag")
        out.append((piece, feature["$type"].rsplit("#", 1)[1], value))
    return out


def test_byte_offsets_after_arabic_and_emoji():
    text = "👨‍👩‍👧 تراث #موسيقى @ali.bsky.social https://ex.org/a 🇲🇦"
    assert _pieces(text) == [
        ("#موسيقى", "tag", "موسيقى"),
        ("@ali.bsky.social", "mention", "did:plc:ali"),
        ("https://ex.org/a", "link", "https://ex.org/a"),
    ]
    first = build_facets(text, lambda h: None)[0]["index"]["byteStart"]
    assert first == len("👨‍👩‍👧 تراث ".encode()) == 28  # 18 + 1 + 4 * 2 + 1


def test_unresolved_and_fediverse_mentions_stay_text():
    assert _pieces("@nobody.test @user@mastodon.social @plain", lambda h: None) == []
    assert _pieces("@user@mastodon.social @plain") == []


def test_links_end_like_the_official_app():
    text = "(voir https://ex.org/متحف?a=1). Et ex.org/b, puis https://ex.org/c!"
    assert [p for p, kind, _ in _pieces(text)] == [
        "https://ex.org/متحف?a=1",
        "ex.org/b",
        "https://ex.org/c",
    ]
    assert _pieces("ex.org")[0][2] == "https://ex.org"
    assert link_spans("https://ex.org/wiki/Fès_(ville)") == [(0, 31)]


def test_tags_inside_links_and_overlong_tags_are_not_facets():
    assert [k for _, k, _ in _pieces("https://ex.org/page#section")] == ["link"]
    assert _pieces("#" + "a" * 65) == []
    assert _pieces("#" + "a" * 64)[0][1] == "tag"


def test_rate_limit_reset_header_in_epoch_seconds():
    def wait(**headers):
        return rate_limit_wait(SimpleNamespace(headers=headers), now=1000.0)

    assert wait(**{"RateLimit-Reset": "1030"}) == 30.0
    assert wait(**{"Retry-After": "7", "RateLimit-Reset": "1030"}) == 7.0
    assert wait() is None


def test_prepare_holds_video_alt_text_to_the_lexicons_limit(tmp_path):
    clip = tmp_path / "c.mp4"
    clip.write_bytes(b"\0" * 1000)

    def problems(alt):
        media = MediaFile(clip, "video", "video/mp4", 320, 240, "0" * 64, alt=alt)
        account = Account("a", "bluesky", handle="a.bsky.social")
        adapter = BlueskyAdapter(account, LocalContext(Credentials("s")))
        return adapter.prepare(PublishRequest("k" * 32, account, "Gnaoua", (media,)))

    assert problems("🇲🇦" * 1000) == []  # graphemes, not code points
    assert problems("a" * 1001) == [
        "c.mp4: alt text of 1001 characters, Bluesky takes 1000 for a video"
    ]
