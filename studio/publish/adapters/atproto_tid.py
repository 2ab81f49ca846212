"""AT Protocol timestamp identifiers (TIDs), and the record key a delivery always gets.

Why a record key derived from the delivery's key: ``app.bsky.feed.post`` records are keyed by
TID (lexicon ``"key": "tid"``), and a repository holds at most one record per collection and
key. Creating the post under a key computed from ``PublishRequest.key`` makes "did an earlier
attempt post this?" one ``getRecord`` away, and a second ``createRecord`` for the same delivery
is refused by the server instead of posting twice.

A TID is a 64-bit integer, top bit 0, then 53 bits of microseconds since the Unix epoch and a
10-bit clock identifier, written as 13 characters of base32-sortable
(https://atproto.com/specs/tid, https://atproto.com/specs/record-key#record-key-type-tid).
Nothing requires the timestamp to be "now" (importers back-date TIDs), so the derived one sits
in a fixed past window: 55 bits of a SHA-256 of the key spread over about 13 months from
2023-01-01, which keeps collisions between two deliveries out of reach (about one in 2**27
for a hundred million posts) and never produces a TID from the future.
"""

from __future__ import annotations

import hashlib
import re

ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
TID_RE = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
#: 2023-01-01T00:00:00Z in microseconds: the start of the window derived TIDs fall in.
WINDOW_START_US = 1_672_531_200_000_000
WINDOW_BITS = 45  # 2**45 us is about 407 days
_DOMAIN = b"heritage-studio/bluesky-rkey/v1:"


def encode_tid(timestamp_us: int, clock_id: int) -> str:
    """The 13-character TID for a microsecond timestamp and a clock id (0..1023)."""
    if not 0 <= timestamp_us < 1 << 53:
        raise ValueError("TID timestamp must fit in 53 bits")
    if not 0 <= clock_id < 1 << 10:
        raise ValueError("TID clock id must fit in 10 bits")
    value = (timestamp_us << 10) | clock_id
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in range(12, -1, -1))


def decode_tid(tid: str) -> tuple[int, int]:
    """``(timestamp_us, clock_id)`` of a TID; ValueError when it is not one."""
    if not TID_RE.match(tid):
        raise ValueError(f"not a TID: {tid!r}")
    value = 0
    for ch in tid:
        value = (value << 5) | ALPHABET.index(ch)
    return value >> 10, value & 0x3FF


def tid_for_key(key: str) -> str:
    """The record key of the delivery with idempotency key ``key``: same key, same TID."""
    digest = hashlib.sha256(_DOMAIN + key.encode("utf-8")).digest()
    n = int.from_bytes(digest[:8], "big")
    timestamp = WINDOW_START_US + ((n >> 10) & ((1 << WINDOW_BITS) - 1))
    return encode_tid(timestamp, n & 0x3FF)
