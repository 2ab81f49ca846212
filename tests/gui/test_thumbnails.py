"""Thumbnails: real photos and a real video in, small cached files out (no Qt needed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from studio.core.mediastore import sha256_file
from studio.core.model import MediaItem
from studio.media.thumbnails import ThumbnailError, cached_thumbnail, thumbnail


def _item(path: Path, kind="photo", duration=None) -> MediaItem:
    with_size = Image.open(path).size if kind == "photo" else (0, 0)
    return MediaItem(
        id=1,
        sha256=sha256_file(path),
        kind=kind,
        format="jpeg",
        mime="image/jpeg",
        ext=path.suffix[1:],
        bytes=path.stat().st_size,
        width=with_size[0],
        height=with_size[1],
        path=path,
        original_name=path.name,
        duration=duration,
    )


def test_photo_thumbnail_fits_applies_orientation_and_is_cached(make_photo, tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display: a portrait shot stored landscape
    src = make_photo("portrait.jpg", size=(1600, 1200), exif=exif.tobytes())
    cache = tmp_path / "cache"
    out = thumbnail(_item(src), cache, 256)
    assert out.suffix == ".jpg" and out.parent.parent == cache / "thumbnails"
    with Image.open(out) as img:
        assert img.size == (192, 256)  # transposed to portrait, longest side 256
    mtime = out.stat().st_mtime_ns
    assert thumbnail(_item(src), cache, 256) == out and out.stat().st_mtime_ns == mtime
    assert cached_thumbnail(_item(src), cache, 256) == out
    assert not list(out.parent.glob(".tmp-*"))


def test_transparent_png_keeps_alpha(tmp_path):
    src = tmp_path / "logo.png"
    Image.new("RGBA", (400, 200), (200, 30, 30, 0)).save(src)
    out = thumbnail(_item(src), tmp_path / "cache", 128)
    assert out.suffix == ".png"
    with Image.open(out) as img:
        assert img.mode == "RGBA" and img.size == (128, 64)


def test_video_thumbnail_is_a_frame(tmp_path):
    from studio.media.ffmpeg import ffmpeg_exe

    src = tmp_path / "clip.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x180:rate=10:duration=3",
            "-pix_fmt",
            "yuv420p",
            str(src),
        ],
        check=True,
        timeout=60,
    )
    out = thumbnail(_item(src, "video", duration=3.0), tmp_path / "cache", 256)
    with Image.open(out) as img:
        assert img.size == (256, 144)


def test_unreadable_file_raises_a_clear_error(tmp_path):
    src = tmp_path / "broken.jpg"
    src.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg" * 10)
    item = MediaItem(
        id=2,
        sha256=sha256_file(src),
        kind="photo",
        format="jpeg",
        mime="image/jpeg",
        ext="jpg",
        bytes=src.stat().st_size,
        width=10,
        height=10,
        path=src,
        original_name=src.name,
    )
    with pytest.raises(ThumbnailError, match=r"broken\.jpg"):
        thumbnail(item, tmp_path / "cache", 256)
    assert cached_thumbnail(item, tmp_path / "cache", 256) is None
