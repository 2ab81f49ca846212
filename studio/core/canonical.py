"""Canonical JSON: the one byte encoding of everything hashed or signed.

Hashes and signatures only mean something if every tool, including an offline reviewer's
script written without Heritage Studio, turns the same document into the same bytes. The rules
(sorted keys, no spaces, NFC text, no floats) are specified in docs/approval.md; for the
documents we sign they are byte-identical to RFC 8785 (JCS).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any


def _canonical(value: Any, path: str) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        raise TypeError(f"{path}: floats are not allowed in canonical JSON (use ISO strings/ints)")
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be text, not {key!r}")
            out[unicodedata.normalize("NFC", key)] = _canonical(item, f"{path}.{key}")
        return out
    if isinstance(value, list | tuple):
        return [_canonical(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise TypeError(f"{path}: {type(value).__name__} is not JSON")


def canonical_json(value: Any) -> bytes:
    """UTF-8 JSON with sorted keys, no spaces, NFC text, no floats (docs/approval.md)."""
    return json.dumps(
        _canonical(value, "$"),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
