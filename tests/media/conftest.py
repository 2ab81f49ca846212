"""Fixtures for media tests: the generated samples and a folder of hostile files.

Every file is made here from code (Pillow, hand-built bytes, the bundled ffmpeg), once per
session: the expensive ones (sample generation, ffmpeg encodes) are shared by all tests.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms


def _ffmpeg(*args: str) -> None:
    from studio.media.ffmpeg import run_ffmpeg

    proc = run_ffmpeg(["-loglevel", "error", "-y", *args], timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")


def _textured_jpeg(size=(800, 600), seed=1, **save) -> bytes:
    """A JPEG with real detail (smooth noise), so its scan is long and fully coded."""
    rng = np.random.default_rng(seed)
    small = (rng.random((size[1] // 20, size[0] // 20, 3)) * 255).astype(np.uint8)
    img = Image.fromarray(small).resize(size, Image.Resampling.BICUBIC)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def _scan_start(jpeg: bytes) -> int:
    return (
        jpeg.index(b"\xff\xda") + 2 + int.from_bytes(jpeg[jpeg.index(b"\xff\xda") + 2 :][:2], "big")
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _tiff_header(width: int, height: int) -> bytes:
    """A little-endian baseline TIFF whose header claims width x height (8-bit grey)."""
    entries = [
        (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1),
        (262, 3, 1, 1), (273, 4, 1, 200), (277, 3, 1, 1), (278, 4, 1, height),
        (279, 4, 1, min(width * height, 0xFFFFFFFF)),
    ]  # fmt: skip
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        packed = struct.pack("<H", value) + b"\0\0" if typ == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, typ, count) + packed
    ifd += struct.pack("<I", 0)
    body = b"II*\x00" + struct.pack("<I", 8) + ifd
    return body + b"\0" * (200 - len(body)) + b"\x80" * 64


@pytest.fixture(scope="session")
def samples(tmp_path_factory):
    """The sample showcase at reduced resolution (generated once per session)."""
    from studio.media.samplegen import generate_sample_media

    out = tmp_path_factory.mktemp("samples")
    return {asset.key: asset for asset in generate_sample_media(out, full_resolution=False)}


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> Path:
    """A folder of good, odd and hostile media files, by name."""
    d = tmp_path_factory.mktemp("media")
    jpeg = _textured_jpeg()
    (d / "good.jpg").write_bytes(jpeg)
    (d / "zero.jpg").write_bytes(b"")
    (d / "letter.jpg").write_text(
        "Dear colleagues,\nplease find the programme of the exhibition below.\n" * 20, "utf-8"
    )
    (d / "truncated.jpg").write_bytes(jpeg[: int(len(jpeg) * 0.6)])
    # Damage in the middle of the entropy-coded scan. JPEG has no checksum: a decoder sees
    # damage only when the Huffman stream loses step. A lost disk block (zeros) always does;
    # random overwrites do about half the time (the code resynchronises), so the seed below
    # is one that does -- the test pins the behaviour, it does not pick a lucky case.
    scan = _scan_start(jpeg)
    middle = scan + (len(jpeg) - scan) // 2
    damaged = bytearray(jpeg)
    damaged[middle : middle + 64] = (
        np.random.default_rng(3).integers(0, 255, 64, np.uint8).tobytes()
    )
    (d / "corrupt.jpg").write_bytes(bytes(damaged))
    zeroed = bytearray(jpeg)
    zeroed[middle : middle + 4096] = bytes(4096)
    (d / "lost-block.jpg").write_bytes(bytes(zeroed))

    Image.new("RGB", (64, 48), (200, 30, 30)).save(d / "red.png")
    png = bytearray((d / "red.png").read_bytes())
    idat = png.index(b"IDAT")
    png[idat + 6] ^= 0xFF  # a flipped byte inside the image data: its CRC no longer matches
    (d / "badcrc.png").write_bytes(bytes(png))
    Image.new("L", (1, 30000), 128).save(d / "strip.png")
    noisy = Image.fromarray(np.random.default_rng(5).integers(0, 255, (200, 300, 3), np.uint8))
    noisy.save(d / "noisy.png")
    noisy.save(d / "noisy.webp")
    for name in ("noisy.png", "noisy.webp"):
        whole = (d / name).read_bytes()
        (d / f"truncated{Path(name).suffix}").write_bytes(whole[: len(whole) // 2])
    ihdr = struct.pack(">IIBBBBB", 40000, 40000, 8, 2, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
    bomb += _png_chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + _png_chunk(b"IEND", b"")
    (d / "bomb.png").write_bytes(bomb)
    (d / "huge.tif").write_bytes(_tiff_header(100_000, 100_000))

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("CMYK", (120, 80), (10, 200, 30, 5)).save(d / "cmyk.jpg", icc_profile=srgb)
    grey16 = (np.arange(96 * 64, dtype=np.uint16).reshape(64, 96) * 10).astype(np.uint16)
    Image.fromarray(grey16).save(d / "grey16.png")
    palette = Image.new("P", (50, 50), 1)
    palette.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * 759)
    palette.save(d / "palette.png", transparency=0)
    frames = [Image.new("RGB", (40, 30), (50 * i, 200 - 40 * i, 90)) for i in range(5)]
    frames[0].save(
        d / "anim.gif", save_all=True, append_images=frames[1:], duration=[100, 200, 100, 100, 500]
    )
    Image.new("RGB", (32, 32), (0, 120, 0)).save(d / "actually-png.jpg", format="PNG")
    rgb = Image.new("RGB", (30, 20), (10, 20, 30))
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'exif:GPSLatitude="36,6.2N" exif:GPSLongitude="3,6.3W" '
        b'exif:DateTimeOriginal="2023-09-01T08:15:00+01:00"/></rdf:RDF></x:xmpmeta>'
    )
    rgb.save(d / "xmp-gps.jpg", xmp=xmp)
    exif = Image.Exif()
    exif[0x0112] = 9  # not a valid orientation
    exif.get_ifd(0x8769)[0x9003] = "0000:00:00 00:00:00"  # camera clock never set
    rgb.save(d / "odd-exif.jpg", exif=exif)
    (d / "random.bin").write_bytes(
        np.random.default_rng(3).integers(1, 255, 4096, np.uint8).tobytes()
    )
    zipped = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    (d / "report.jpg").write_bytes(zipped.getvalue())
    (d / "a folder.jpg").mkdir()
    (d / "loop-a.jpg").symlink_to(d / "loop-b.jpg")
    (d / "loop-b.jpg").symlink_to(d / "loop-a.jpg")

    src = ["-f", "lavfi", "-i", "testsrc2=s=160x120:r=30:d=2"]
    tone = ["-f", "lavfi", "-i", "sine=f=440:d=2"]
    h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    _ffmpeg(*src, *tone, *h264, "-c:a", "aac", "-shortest", str(d / "clip.mp4"))
    _ffmpeg(*src, *h264, str(d / "silent.mp4"))
    _ffmpeg(*tone, "-c:a", "aac", str(d / "audio-only.mp4"))
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=160x120:r=30",
        "-frames:v",
        "0",
        *h264,
        str(d / "empty.mp4"),
    )
    _ffmpeg(
        *src, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", str(d / "clip.webm")
    )
    _ffmpeg(
        "-display_rotation", "90", "-i", str(d / "silent.mp4"), "-c", "copy", str(d / "rotated.mov")
    )
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=160x120:r=30:d=3",
        "-vf", "setpts='if(lt(T,1),PTS,PTS*2)'", "-fps_mode", "vfr", *h264, str(d / "vfr.mp4"),
    )  # fmt: skip
    _ffmpeg(*src, *h264, "-movflags", "+faststart", str(d / "faststart.mp4"))
    clip = (d / "clip.mp4").read_bytes()
    (d / "truncated.mp4").write_bytes(clip[: len(clip) // 2])
    fast = (d / "faststart.mp4").read_bytes()
    (d / "truncated-faststart.mp4").write_bytes(fast[: len(fast) // 2])
    silent = (d / "silent.mp4").read_bytes()
    (d / "unknown-codec.mp4").write_bytes(silent.replace(b"avc1", b"zzzz"))
    return d
