"""Timestamps: always timezone-aware UTC ISO 8601 in storage."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def parse_iso(value: str) -> datetime:
    """Parse ISO 8601; a time without a zone is refused, since a schedule must be unambiguous."""
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone; add one, e.g. {value}+01:00 or {value}Z")
    return dt
