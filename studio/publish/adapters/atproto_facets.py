"""Rich-text facets for ``app.bsky.feed.post``: links, mentions and hashtags as byte ranges.

Why byte offsets: a Bluesky post's text carries no markup; links, mentions and tags are
``app.bsky.richtext.facet`` annotations whose ``index`` is a half-open range of UTF-8 *bytes*
(https://docs.bsky.app/docs/advanced-guides/post-richtext). Python indexes code points, so an
Arabic letter (2 bytes) or an emoji (4 bytes) before a link shifts every offset; each span is
converted by encoding the text before it.

What is found is what the composer's counters already find (studio.core.text_entities), so the
post shows as links exactly what the user saw highlighted. Only Bluesky handles become mention
facets (``@name.domain``: a dot, no second ``@``), and only when the server resolves them to a
DID, like the official app; an unknown handle stays plain text rather than failing the post.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from studio.core.text_entities import MENTION_RE, hashtag_spans
from studio.core.twitter_urls import url_spans

# https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/richtext/facet.json
LINK = "app.bsky.richtext.facet#link"
MENTION = "app.bsky.richtext.facet#mention"
TAG = "app.bsky.richtext.facet#tag"
TAG_MAX_GRAPHEMES = 64  # facet.json #tag: maxGraphemes 64, maxLength 640
TAG_MAX_BYTES = 640
_MENTION_END = regex.compile(r"[@\uff20]|://")
_SCHEME = regex.compile(r"^[a-z][a-z0-9+.\-]*://", regex.IGNORECASE)


def byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of the code point at ``index``."""
    return len(text[:index].encode("utf-8"))


def _facet(text: str, start: int, end: int, feature: dict) -> dict:
    return {
        "index": {"byteStart": byte_offset(text, start), "byteEnd": byte_offset(text, end)},
        "features": [feature],
    }


def link_spans(text: str) -> list[tuple[int, int]]:
    """Where each link starts (twitter-text: a valid domain) and ends (Bluesky's own rule).

    twitter-text stops at characters it does not allow in a path (Arabic, for one), while the
    official app's ``RichText.detectFacets`` takes everything up to the next space and then
    drops trailing ``.,;:!?`` and an unmatched ``)``. The post must link what the app links.
    """
    out = []
    for a, b in url_spans(text):
        while b < len(text) and not text[b].isspace():
            b += 1
        while b > a and (
            text[b - 1] in ".,;:!?" or (text[b - 1] == ")" and "(" not in text[a : b - 1])
        ):
            b -= 1
        if out and a < out[-1][1]:
            continue  # inside the previous link, now that it runs to the next space
        out.append((a, b))
    return out


def link_facets(text: str) -> list[dict]:
    out = []
    for a, b in link_spans(text):
        uri = text[a:b]
        if not _SCHEME.match(uri):
            uri = "https://" + uri  # a bare domain, as the official app links it
        out.append(_facet(text, a, b, {"$type": LINK, "uri": uri}))
    return out


def mention_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, handle)`` of each ``@handle.domain``, ``@`` included, outside URLs."""
    if "@" not in text and "\uff20" not in text:
        return []
    urls = url_spans(text)
    found = []
    for m in MENTION_RE.finditer(text):
        handle = m[1]
        if _MENTION_END.match(text, m.end()) or "." not in handle or "@" in handle:
            continue
        a, b = m.span()
        if any(u0 < b and a < u1 for u0, u1 in urls):
            continue
        found.append((a, b, handle.lower()))
    return found


def _tag_spans(text: str) -> list[tuple[int, int]]:
    out = []
    for a, b in hashtag_spans(text):
        tag = text[a + 1 : b]
        graphemes = len(regex.findall(r"\X", tag))
        if graphemes > TAG_MAX_GRAPHEMES or len(tag.encode("utf-8")) > TAG_MAX_BYTES:
            continue  # the server would refuse the whole post; leave it as plain text
        out.append((a, b))
    return out


def tag_facets(text: str) -> list[dict]:
    return [_facet(text, a, b, {"$type": TAG, "tag": text[a + 1 : b]}) for a, b in _tag_spans(text)]


def build_facets(text: str, resolve: Callable[[str], str | None]) -> list[dict]:
    """All facets of ``text`` in byte order; ``resolve`` maps a handle to its DID (or None).

    Facets must not overlap, so a tag or mention inside a link stays part of the link.
    """
    links = link_spans(text)

    def in_link(a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in links)

    facets = link_facets(text)
    for a, b in _tag_spans(text):
        if not in_link(a, b):
            facets.append(_facet(text, a, b, {"$type": TAG, "tag": text[a + 1 : b]}))
    dids: dict[str, str | None] = {}
    for a, b, handle in mention_spans(text):
        if in_link(a, b):
            continue
        if handle not in dids:
            dids[handle] = resolve(handle)
        did = dids[handle]
        if did:
            facets.append(_facet(text, a, b, {"$type": MENTION, "did": did}))
    facets.sort(key=lambda f: f["index"]["byteStart"])
    return facets
