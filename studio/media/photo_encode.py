"""Encode a rendered photo in the format and within the byte limit its platform takes.

JPEG by default: progressive, Huffman-optimised, 4:2:0, with the quality searched rather than
guessed (:func:`encode_within`). PNG only when the picture really has transparency and the
platform takes PNG (and it fits); an animated GIF where the platform takes animation.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from studio.media.photo_decode import PhotoRenderError

if TYPE_CHECKING:
    from collections.abc import Callable

    from PIL import Image

    from studio.media.jobs import RenderJob
    from studio.media.photo_decode import Source

START_QUALITY, MIN_QUALITY, PREVIEW_QUALITY = 90, 60, 80


def jpeg(img: Image.Image, quality: int, exif: bytes, icc: bytes) -> bytes:
    """Progressive, Huffman-optimised, 4:2:0 JPEG.

    4:2:0 because photos carry little colour detail at full resolution: it saves about a
    third of the bytes at equal luma quality, and every platform re-encodes to 4:2:0 anyway,
    so 4:4:4 bytes would be spent on detail nobody sees. Progressive + optimised tables save a
    few percent more and show a preview early on slow connections.
    """
    buf = io.BytesIO()
    img.save(
        buf,
        "JPEG",
        quality=quality,
        optimize=True,
        progressive=True,
        subsampling="4:2:0",
        icc_profile=icc,
        exif=exif,
    )
    return buf.getvalue()


def encode_within(
    img: Image.Image,
    max_bytes: int,
    exif: bytes,
    icc: bytes,
    *,
    start: int = START_QUALITY,
    floor: int = MIN_QUALITY,
    check: Callable[[], None] = lambda: None,
) -> tuple[bytes, tuple[int, int], int]:
    """The best JPEG of ``img`` under ``max_bytes``: (data, size, quality).

    Tries ``start`` first (most photos fit at once); else binary-searches the highest quality
    in [floor, start) that fits, which costs about five encodes instead of guessing; if even
    ``floor`` is too big the picture is scaled down by the square root of the excess (bytes
    grow roughly with pixels) and searched again.
    """
    from PIL import Image

    base = img
    for _ in range(8):
        check()
        data = jpeg(img, start, exif, icc)
        if len(data) <= max_bytes:
            return data, img.size, start
        best, lo, hi, smallest = None, floor, start - 1, len(data)
        while lo <= hi:
            check()
            q = (lo + hi + 1) // 2
            data = jpeg(img, q, exif, icc)
            if len(data) <= max_bytes:
                best, lo = (data, q), q + 1
            else:
                smallest, hi = len(data), q - 1
        if best is not None:
            return best[0], img.size, best[1]
        shrink = min(0.9, math.sqrt(max_bytes / smallest) * 0.95)
        size = (max(1, round(img.width * shrink)), max(1, round(img.height * shrink)))
        img = base.resize(size, Image.Resampling.LANCZOS)
    raise PhotoRenderError(f"cannot encode a photo under {max_bytes} bytes")


def flatten(img: Image.Image, job: RenderJob) -> Image.Image:
    """Lay transparent pixels on the kit's background colour (white without a kit)."""
    from PIL import Image

    from studio.media.overlay import parse_colour

    if img.mode != "RGBA":
        return img
    colour = job.kit.colours.get("background", "#FFFFFF") if job.kit is not None else "#FFFFFF"
    ground = Image.new("RGB", img.size, parse_colour(colour)[:3])
    ground.paste(img, (0, 0), img.getchannel("A"))
    return ground


def encode_output(
    img, job: RenderJob, source: Source, check: Callable[[], None], *, loop: int = 0
) -> tuple[bytes, str, tuple[int, int]]:
    """(data, suffix, size) in the format the platform should get.

    ``img`` is a list of (frame, ms) for animations.
    """
    from studio.media.scrub import output_exif, srgb_profile

    rule = job.rule
    exif, icc = output_exif(source.exif, job), srgb_profile()
    formats = tuple(getattr(rule, "formats", ("jpeg",)))
    if isinstance(img, list):
        data = _gif(img, job, rule.max_bytes, check, loop)
        if data is not None:
            return data
        img = img[0][0]
    if img.mode == "RGBA" and "png" in formats:
        buf = io.BytesIO()
        img.save(buf, "PNG", optimize=not job.preview, exif=exif, icc_profile=icc)
        if buf.tell() <= rule.max_bytes:
            return buf.getvalue(), ".png", img.size
    start = int(job.options.get("quality") or (PREVIEW_QUALITY if job.preview else START_QUALITY))
    data, size, _q = encode_within(
        flatten(img, job), rule.max_bytes, exif, icc, start=start, check=check
    )
    return data, ".jpg", size


def _gif(frames, job: RenderJob, max_bytes: int, check, loop: int):
    """An animated GIF under ``max_bytes`` (scaled down if needed), else None."""
    from PIL import Image

    flat = [(flatten(f, job), ms) for f, ms in frames]
    scale = 1.0
    for _ in range(5):
        check()
        size = (max(1, round(flat[0][0].width * scale)), max(1, round(flat[0][0].height * scale)))
        seq = [f.resize(size, Image.Resampling.LANCZOS) if scale < 1 else f for f, _ in flat]
        buf = io.BytesIO()
        seq[0].save(
            buf,
            "GIF",
            save_all=True,
            append_images=seq[1:],
            duration=[ms for _, ms in flat],
            loop=loop,
            optimize=False,
        )
        if buf.tell() <= max_bytes:
            return buf.getvalue(), ".gif", size
        scale *= max(0.5, min(0.9, math.sqrt(max_bytes / buf.tell())))
    return None
