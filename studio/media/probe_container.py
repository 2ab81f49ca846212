"""Cheap structural checks of video containers, before ffmpeg is asked anything.

A copy that stopped half-way is the most common broken video. ffmpeg opens many such files
without complaint (the index at the start is intact, the samples are just missing), so the
top-level structure is checked here against the file size: reading a few box headers costs
microseconds and gives a precise message.
"""

from __future__ import annotations

from pathlib import Path

from studio.media.probe import Format, MediaRejected

__all__ = ["check_container"]

_MAX_TOP_LEVEL_BOXES = 100_000  # a hostile file of millions of 8-byte boxes ends here


def check_container(path: Path, fmt: Format, size: int) -> None:
    """Raise :class:`MediaRejected` if the container is cut short or its index is missing."""
    with open(path, "rb") as fh:
        if fmt.key in ("mp4", "mov"):
            _check_isobmff(fh, fmt, size)
        else:
            _check_matroska(fh, fmt, size)


def _truncated(fmt: Format, have: int, need: int) -> MediaRejected:
    missing = max(1, round(100 * (need - have) / need)) if need > 0 else 100
    return MediaRejected(
        f"truncated {fmt.label}: the file ends early (about {missing}% of it is missing); "
        "copy or export it again",
        "truncated",
    )


def _check_isobmff(fh, fmt: Format, size: int) -> None:
    offset, seen_moov = 0, False
    for _ in range(_MAX_TOP_LEVEL_BOXES):
        if offset >= size:
            break
        fh.seek(offset)
        header = fh.read(16)
        if len(header) < 8:
            raise _truncated(fmt, size, offset + 8)
        box_size = int.from_bytes(header[:4], "big")
        box_type = header[4:8]
        if box_size == 1:
            if len(header) < 16:
                raise _truncated(fmt, size, offset + 16)
            box_size = int.from_bytes(header[8:16], "big")
            minimum = 16
        elif box_size == 0:  # "extends to the end of the file" (last box only)
            box_size = size - offset
            minimum = 8
        else:
            minimum = 8
        if box_size < minimum:
            raise MediaRejected(
                f"damaged {fmt.label}: the file structure is broken at byte {offset}; "
                "export it again",
                "damaged",
            )
        seen_moov = seen_moov or box_type == b"moov"
        if offset + box_size > size:
            if box_type == b"moov" or not seen_moov or box_type in (b"mdat", b"moof"):
                raise _truncated(fmt, size, offset + box_size)
            break  # a short trailing free/udta box after a complete movie: harmless
        offset += box_size
    if not seen_moov:
        raise MediaRejected(
            f"incomplete {fmt.label}: its index (moov atom) is missing, so the recording or "
            "copy did not finish; export it again",
            "truncated",
        )


def _read_vint(fh, *, is_id: bool) -> tuple[int, int] | None:
    """Read an EBML variable-length integer: (value, length in bytes); None at EOF."""
    first = fh.read(1)
    if not first:
        return None
    byte = first[0]
    length = 1
    while length <= 8 and not byte & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        return None
    rest = fh.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = byte if is_id else byte & (0xFF >> length)
    for b in rest:
        value = (value << 8) | b
    if not is_id and value == (1 << (7 * length)) - 1:
        return -1, length  # "unknown size" (live recordings): nothing to compare
    return value, length


def _check_matroska(fh, fmt: Format, size: int) -> None:
    header_id = _read_vint(fh, is_id=True)
    header_size = _read_vint(fh, is_id=False)
    if header_id is None or header_size is None or header_size[0] < 0:
        raise MediaRejected(
            f"damaged {fmt.label}: the file header is broken; export it again", "damaged"
        )
    fh.seek(header_size[0], 1)
    segment_id = _read_vint(fh, is_id=True)
    segment_size = _read_vint(fh, is_id=False)
    if segment_id is None or segment_size is None:
        raise _truncated(fmt, size, size + 1)
    if segment_id[0] != 0x18538067:
        raise MediaRejected(
            f"damaged {fmt.label}: the file structure is broken (no segment); export it again",
            "damaged",
        )
    if segment_size[0] >= 0 and fh.tell() + segment_size[0] > size:
        raise _truncated(fmt, size, fh.tell() + segment_size[0])
