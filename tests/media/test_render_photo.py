"""The photo renderer on real files: geometry, colour, hostile inputs, limits, metadata, overlays.

Checks are visual with tolerances (a marker found where it should be, colours within a few
levels, region statistics), never byte equality. Metadata is read back with exiftool, an
independent reader.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms, ImageDraw, ImageOps

from studio.core.model import MediaItem, Post, PostMedia
from studio.core.platforms import get_platform
from studio.media.jobs import RenderCancelled
from studio.media.photo_render import (
    PhotoRenderError,
    crop_box,
    decode,
    encode_within,
    render_from,
    render_photo,
    render_photos,
)
from studio.media.render import plan_jobs
from studio.media.scrub import srgb_profile

REPO = Path(__file__).resolve().parents[2]
LOGO = REPO / "brand_kits/embassy-cultural-ar/logos/maridia-star.png"
INVERSE = {2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6}  # exif_transpose method -> its inverse
METHOD = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE"}
METHOD |= {6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}


def item_for(path: Path, **fields) -> MediaItem:
    with Image.open(path) as im:
        w, h = im.size
        orientation = im.getexif().get(0x0112, 1)
    if orientation in (5, 6, 7, 8):
        w, h = h, w
    data = Path(path).read_bytes()
    base = dict(
        id=1,
        sha256=hashlib.sha256(data).hexdigest(),
        kind="photo",
        format="jpeg",
        mime="image/jpeg",
        ext=Path(path).suffix.lstrip("."),
        bytes=len(data),
        width=w,
        height=h,
        path=Path(path),
        original_name=Path(path).name,
        credit="Atelier Maridia",
        license="CC BY 4.0",
        title="Zellige",
    )
    return MediaItem(**{**base, **fields})


def job_for(path, platform="instagram", *, crop=None, focal=None, kit=None, options=None, **fields):
    item = item_for(path, **fields)
    pm = PostMedia(media_id=item.id, crop={platform: crop} if crop else {}, focal=focal)
    post = Post(id=1, title="Post", platforms=[platform], media=[pm])
    return plan_jobs(post, {item.id: item}, kit, options=options)[0]


def render(job, tmp_path, name="out") -> tuple[Path, Image.Image]:
    rendered = render_photo(job, tmp_path / f"{name}.jpg")
    img = Image.open(rendered.file)
    img.load()
    return rendered, img


def exiftool(path: Path) -> dict:
    if not shutil.which("exiftool"):
        pytest.skip("exiftool (libimage-exiftool-perl) is not installed")
    out = subprocess.run(
        ["exiftool", "-j", "-a", "-u", "-G1", "-s", "-all", "-MakerNotes", str(path)],
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)[0]


# --- geometry --------------------------------------------------------------------------------


def test_crop_keeps_the_focal_point(tmp_path):
    img = Image.new("RGB", (3200, 1800), (40, 90, 140))
    ImageDraw.Draw(img).ellipse((2560 - 60, 540 - 60, 2560 + 60, 540 + 60), fill=(255, 0, 0))
    img.save(tmp_path / "marker.jpg", quality=92)

    def red_centre(focal):
        job = job_for(tmp_path / "marker.jpg", "instagram", crop="4:5", focal=focal)
        _, out = render(job, tmp_path, f"f{focal[0]}")
        a = np.asarray(out).astype(int)
        mask = (a[..., 0] > 180) & (a[..., 1] < 80) & (a[..., 2] < 80)
        return job, out, (np.argwhere(mask).mean(axis=0)[::-1] if mask.sum() > 50 else None)

    job, out, centre = red_centre((0.8, 0.3))
    assert out.size == (1080, 1350)
    x0, y0, x1, y1 = crop_box((3200, 1800), job.size, job.focal)
    expected = ((2560 - x0) * 1080 / (x1 - x0), (540 - y0) * 1350 / (y1 - y0))
    assert centre is not None and np.allclose(centre, expected, atol=6), (centre, expected)
    assert red_centre((0.2, 0.5))[2] is None  # focal on the left: the marker is cropped away


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_applied_to_the_crop(tmp_path, orientation):
    display = Image.linear_gradient("L").resize((1600, 1000)).convert("RGB")
    d = ImageDraw.Draw(display)
    d.rectangle((100, 100, 500, 300), fill=(230, 30, 30))  # asymmetric landmarks
    d.ellipse((1200, 600, 1500, 900), fill=(30, 30, 230))
    stored = display
    if orientation != 1:
        stored = display.transpose(getattr(Image.Transpose, METHOD[INVERSE[orientation]]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / f"o{orientation}.jpg"
    stored.save(path, quality=95, exif=exif)
    job = job_for(path, "x", crop="1:1", focal=(0.7, 0.5))
    _, out = render(job, tmp_path)
    with Image.open(path) as im:
        reference = ImageOps.exif_transpose(im).convert("RGB")
    box = crop_box(reference.size, job.size, job.focal)
    reference = reference.resize(job.size, Image.Resampling.LANCZOS, box=box)
    diff = np.abs(np.asarray(out, float) - np.asarray(reference, float)).mean()
    assert out.size == job.size and diff < 4, diff


def test_decode_is_dct_scaled_once_for_all_platforms(tmp_path):
    Image.new("RGB", (4000, 3000), (120, 130, 140)).save(tmp_path / "big.jpg")
    item = item_for(tmp_path / "big.jpg")
    post = Post(id=1, title="t", platforms=["instagram", "x", "bluesky"], media=[PostMedia(1)])
    jobs = plan_jobs(post, {1: item}, None)
    source = decode(item.path, jobs)
    needed = max(max(j.size[0] / 4000, j.size[1] / 3000) for j in jobs)
    assert 1000 <= source.image.width < 4000  # scaled while decoding ...
    assert source.image.width >= 4000 * needed - 1  # ... never below what the outputs need
    outs = render_photos(jobs, [tmp_path / f"{j.platform}.jpg" for j in jobs])
    assert [(o.width, o.height) for o in outs] == [j.size for j in jobs]


def test_jpeg_pixels_are_mapped_from_the_decoder_not_copied(tmp_path):
    """The strict decoder's RGBX buffer becomes the image as it is (an RGB array would be
    copied: ~25 ms per 24 MP photo); its pixels are Pillow's own decode of the same file."""
    rng = np.random.default_rng(3)
    small = rng.integers(0, 255, (30, 40, 3), np.uint8)
    Image.fromarray(small).resize((1600, 1200), Image.Resampling.BICUBIC).save(
        tmp_path / "m.jpg", quality=92
    )
    source = decode(tmp_path / "m.jpg", [])
    assert source.image.mode == "RGBX" and source.image.readonly
    with Image.open(tmp_path / "m.jpg") as im:
        reference = np.asarray(im.convert("RGB"), float)
    diff = np.abs(np.asarray(source.image.convert("RGB"), float) - reference)
    assert diff.mean() < 1.0, diff.mean()
    y, chroma = source.planes
    assert y.size == source.image.size and chroma.mode == "La"
    assert chroma.size == (800, 600)


def test_resampling_on_ycbcr_planes_matches_rgb_lanczos(tmp_path):
    from studio.media.photo_encode import jpeg as _jpeg
    from studio.media.photo_resample import resample as _resample

    rng = np.random.default_rng(11)
    small = rng.integers(0, 255, (60, 80, 3), np.uint8)
    Image.fromarray(small).resize((2400, 1800), Image.Resampling.BICUBIC).save(
        tmp_path / "c.jpg", quality=95
    )
    job = job_for(tmp_path / "c.jpg", "instagram", crop="4:5", focal=(0.3, 0.6))
    source = decode(job.source, [job])
    fast = _resample(source, source.image, job)  # Y full, Cb/Cr at half resolution
    slow = _resample(source, source.image.copy(), job)  # plain RGB Lanczos
    assert fast.mode == "YCbCr" and slow.mode == "RGB" and fast.size == slow.size
    # Compared as published: both through the same 4:2:0 JPEG encoder.
    a, b = (
        np.asarray(Image.open(io.BytesIO(_jpeg(im, 95, b"", b""))), float) for im in (fast, slow)
    )
    diff = np.abs(a - b)
    assert diff.mean() < 1.5 and np.percentile(diff, 99) < 8, (diff.mean(), np.percentile(diff, 99))


# --- colour ----------------------------------------------------------------------------------


def _swapped_srgb() -> bytes:
    """sRGB with its red and blue primaries exchanged: stored red *means* blue."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", data[128:132])[0]
    where = {}
    for i in range(count):
        at = 132 + 12 * i
        where[bytes(data[at : at + 4])] = at
    r, b = where[b"rXYZ"], where[b"bXYZ"]
    data[r + 4 : r + 12], data[b + 4 : b + 12] = data[b + 4 : b + 12], data[r + 4 : r + 12]
    return bytes(data)


def _cmyk_profile() -> bytes:
    """A CMYK printer profile (lut16, 2-point grid) in which every ink prints sRGB red."""

    def s15(v):
        return struct.pack(">i", round(v * 65536))

    d50 = (0.9642, 1.0, 0.8249)
    red = (0.4360, 0.2225, 0.0139)
    clut = b""
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    xyz = (0, 0, 0) if k or (c and m and y) else red if (c or m or y) else d50
                    clut += b"".join(struct.pack(">H", min(65535, round(v * 32768))) for v in xyz)
    identity = b"".join(s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    a2b0 = b"mft2" + bytes(4) + bytes([4, 3, 2, 0]) + identity + struct.pack(">HH", 2, 2)
    a2b0 += struct.pack(">HH", 0, 65535) * 4 + clut + struct.pack(">HH", 0, 65535) * 3
    desc = b"desc" + bytes(4) + struct.pack(">I", 5) + b"test\0" + bytes(8 + 2 + 1 + 67)
    tags = [(b"desc", desc), (b"wtpt", b"XYZ " + bytes(4) + b"".join(map(s15, d50)))]
    tags.append((b"A2B0", a2b0))
    offset, table, body = 128 + 4 + 12 * len(tags), struct.pack(">I", len(tags)), b""
    for sig, data in tags:
        body += bytes(-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = struct.pack(">I", offset + len(body)) + b"lcms" + struct.pack(">I", 0x02100000)
    header += b"prtrCMYKXYZ " + bytes(12) + b"acsp" + bytes(28)
    header += b"".join(map(s15, d50)) + bytes(4 + 16 + 28)
    assert len(header) == 128
    return header + table + body


def _centre(img) -> np.ndarray:
    a = np.asarray(img.convert("RGB"), float)
    h, w = a.shape[:2]
    return a[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4].reshape(-1, 3).mean(axis=0)


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("swapped-icc", lambda p: Image.new("RGB", (900, 600), (220, 20, 20)).save(p, icc_profile=_swapped_srgb()), (20, 20, 220)),
        ("cmyk-plain", lambda p: Image.new("CMYK", (900, 600), (255, 0, 0, 0)).save(p), (0, 255, 255)),
        ("cmyk-icc", lambda p: Image.new("CMYK", (900, 600), (255, 0, 0, 0)).save(p, icc_profile=_cmyk_profile()), (255, 0, 0)),
        ("cmyk-rgb-icc", lambda p: Image.new("CMYK", (900, 600), (255, 0, 0, 0)).save(p, icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()), (0, 255, 255)),
        ("cmyk-junk-icc", lambda p: Image.new("CMYK", (900, 600), (255, 0, 0, 0)).save(p, icc_profile=b"not a profile" * 20), (0, 255, 255)),
    ],
)  # fmt: skip
def test_colours_are_converted_to_srgb(tmp_path, name, make, expected):
    path = tmp_path / f"{name}.jpg"
    make(path)
    _, out = render(job_for(path, "x"), tmp_path)
    assert np.allclose(_centre(out), expected, atol=12), _centre(out)
    assert out.info.get("icc_profile") == srgb_profile()


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path):
    ramp = np.tile(np.linspace(0, 65535, 1200).astype(np.uint16), (800, 1))
    Image.fromarray(ramp).save(tmp_path / "grey16.png")
    with Image.open(tmp_path / "grey16.png") as im:
        assert im.mode.startswith("I")
    _, out = render(job_for(tmp_path / "grey16.png", "x", crop="16:9"), tmp_path)
    row = np.asarray(out.convert("L"), float)[out.height // 2]
    expected = np.linspace(0, 255, out.width)
    assert np.abs(row[5:-5] - expected[5:-5]).mean() < 4  # a full ramp, not clipped at 255


def test_palette_transparency_flattened_for_jpeg_kept_as_png_where_accepted(tmp_path):
    img = Image.new("P", (800, 800), 1)
    img.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    ImageDraw.Draw(img).rectangle((0, 0, 399, 799), fill=0)  # left half transparent
    img.save(tmp_path / "pal.png", transparency=0)
    _, jpeg = render(job_for(tmp_path / "pal.png", "instagram", crop="1:1"), tmp_path, "ig")
    assert jpeg.format == "JPEG"
    left = np.asarray(jpeg, float)[:, : jpeg.width // 3].reshape(-1, 3).mean(axis=0)
    assert np.allclose(left, (255, 255, 255), atol=6)  # white: no kit background given
    rendered, png = render(job_for(tmp_path / "pal.png", "x", crop="1:1"), tmp_path, "x")
    assert rendered.file.suffix == ".png" and png.mode == "RGBA"
    assert png.getpixel((10, 10))[3] == 0 and png.getpixel((png.width - 10, 10))[3] == 255


def test_animated_gif_kept_where_accepted_first_frame_elsewhere(tmp_path):
    colours = [(200, 40, 40), (40, 200, 40), (40, 40, 200)]
    frames = [Image.new("RGB", (480, 270), c) for c in colours]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:], duration=120)
    rendered, gif = render(job_for(tmp_path / "a.gif", "x", crop="16:9"), tmp_path, "x")
    assert rendered.file.suffix == ".gif" and gif.n_frames == 3
    for i, colour in enumerate(colours):
        gif.seek(i)
        assert np.allclose(_centre(gif), colour, atol=20)
    rendered, still = render(job_for(tmp_path / "a.gif", "instagram"), tmp_path, "ig")
    assert rendered.file.suffix == ".jpg" and np.allclose(_centre(still), colours[0], atol=12)


def test_heic_renders(tmp_path, samples):
    heic = samples["girih"].path
    rendered, out = render(job_for(heic, "instagram", format="heif"), tmp_path)
    assert out.size == (rendered.width, rendered.height) and out.format == "JPEG"
    assert _centre(out).std() > 1  # a picture, not a flat fill


def _heic(path, colour, **nclx):
    Image.new("RGB", (320, 320), colour).save(path, "HEIF", quality=100, **nclx)
    return path


# Linear-light Display P3 -> sRGB, as published (e.g. W3C CSS Color 4 sample code), written
# out here so the test does not reuse the module's own derivation from the primaries.
P3_TO_SRGB = np.array(
    [
        [1.2249401, -0.2249404, 0.0],
        [-0.0420569, 1.0420571, 0.0],
        [-0.0196376, -0.0786361, 1.0982735],
    ]
)


def _srgb_decode(v):
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def _srgb_encode(v):
    return np.where(v <= 0.0031308, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055)


def test_display_p3_heic_without_icc_is_converted_to_srgb(tmp_path):
    p3 = (200, 60, 40)
    heic = _heic(tmp_path / "p3.heic", p3, color_primaries=12, transfer_characteristics=13,
                 matrix_coefficients=6, full_range_flag=1)  # fmt: skip
    with Image.open(heic) as probe:
        assert (
            "icc_profile" not in probe.info and probe.info["nclx_profile"]["color_primaries"] == 12
        )
    lin = P3_TO_SRGB @ _srgb_decode(np.array(p3) / 255.0)
    expected = np.round(_srgb_encode(np.clip(lin, 0, 1)) * 255)  # about (217, 42, 0)
    _, out = render(job_for(heic, "instagram", format="heif"), tmp_path)
    assert np.allclose(_centre(out), expected, atol=5), (_centre(out), expected)
    assert abs(_centre(out)[0] - p3[0]) > 10  # not merely passed through as if sRGB


def test_srgb_tagged_heic_is_left_as_it_is(tmp_path):
    colour = (200, 60, 40)
    heic = _heic(tmp_path / "srgb.heic", colour, color_primaries=1, transfer_characteristics=13,
                 matrix_coefficients=6, full_range_flag=1)  # fmt: skip
    _, out = render(job_for(heic, "instagram", format="heif"), tmp_path)
    assert np.allclose(_centre(out), colour, atol=5)


# --- hostile inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["corrupt.jpg", "lost-block.jpg"])
def test_damaged_jpeg_is_a_clear_error_naming_the_file(tmp_path, media, name):
    path = tmp_path / name
    shutil.copy(media / name, path)
    item = item_for(path, original_name="Souk at dawn.jpg")
    post = Post(id=1, title="t", platforms=["x"], media=[PostMedia(1)])
    job = plan_jobs(post, {1: item}, None)[0]
    with pytest.raises(PhotoRenderError, match=r"Souk at dawn\.jpg.*damaged"):
        render_photo(job, tmp_path / "out.jpg")
    assert not list(tmp_path.glob("out*")) and not list(tmp_path.glob(".out*"))


def test_missing_source_names_the_file(tmp_path):
    Image.new("RGB", (64, 64)).save(tmp_path / "gone.jpg")
    job = job_for(tmp_path / "gone.jpg", "x")
    (tmp_path / "gone.jpg").unlink()
    with pytest.raises(PhotoRenderError, match=r"gone\.jpg"):
        render_photo(job, tmp_path / "out.jpg")


def test_one_by_thirty_thousand_strip_renders(tmp_path):
    Image.new("L", (1, 30000), 128).save(tmp_path / "strip.png")
    for platform in ("instagram", "telegram", "x"):
        rendered, out = render(job_for(tmp_path / "strip.png", platform), tmp_path, platform)
        assert out.size == (rendered.width, rendered.height) and min(out.size) >= 1
        assert np.allclose(_centre(out), 128, atol=3)


# --- limits --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "platform", ["x", "bluesky", "mastodon", "threads", "instagram", "facebook", "linkedin", "tiktok", "telegram"]
)  # fmt: skip
def test_each_platform_gets_its_aspect_size_format_and_byte_limit(tmp_path, platform):
    noise = np.random.default_rng(7).integers(0, 255, (1200, 1800, 3), np.uint8)
    Image.fromarray(noise).resize((3600, 2400), Image.Resampling.BICUBIC).save(
        tmp_path / "n.jpg", quality=95
    )
    job = job_for(tmp_path / "n.jpg", platform)
    rule = get_platform(platform).image
    rendered, out = render(job, tmp_path)
    assert out.size == job.size == (rendered.width, rendered.height)
    assert abs(out.width / out.height - job.aspect.ratio) < 0.01
    assert job.aspect in rule.preferred
    assert rendered.bytes == rendered.file.stat().st_size <= rule.max_bytes
    assert out.format.lower() in rule.formats


def test_quality_search_finds_the_best_quality_under_the_limit():
    noise = Image.fromarray(np.random.default_rng(1).integers(0, 255, (1000, 800, 3), np.uint8))
    limit = 400_000
    data, size, quality = encode_within(noise, limit, b"", b"")
    assert len(data) <= limit and size == noise.size and 60 <= quality < 90

    def encoded(q):
        buf = io.BytesIO()
        noise.save(buf, "JPEG", quality=q, optimize=True, progressive=True, subsampling="4:2:0")
        return buf.tell()

    assert encoded(quality + 1) > limit  # the highest quality that fits, not a guess
    data, size, quality = encode_within(noise, 60_000, b"", b"")  # even q60 is too big
    assert len(data) <= 60_000 and quality >= 60 and size[0] < noise.width
    assert Image.open(io.BytesIO(data)).info.get("progressive")


def test_bluesky_noisy_photo_stays_under_one_megabyte(tmp_path):
    noise = np.random.default_rng(3).integers(0, 255, (2000, 1600, 3), np.uint8)
    Image.fromarray(noise).save(tmp_path / "noise.png")
    rendered, out = render(job_for(tmp_path / "noise.png", "bluesky", crop="4:5"), tmp_path)
    assert rendered.bytes <= 1_000_000
    assert rendered.bytes > 600_000  # the budget is used, not thrown away
    assert out.info.get("progressive") and out.format == "JPEG"


# --- metadata -----------------------------------------------------------------------------------


@pytest.fixture
def leaky_jpeg(tmp_path) -> Path:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Acme", "Field Cam 1"
    exif.get_ifd(0x8769)[0x927C] = b"ACMEnote" + bytes(range(64))  # maker note
    path = tmp_path / "leaky.jpg"
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
        b'xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"><xmpMM:History>'
        b'<rdf:Seq><rdf:li stEvt:action="saved" stEvt:softwareAgent="Photoshop" '
        b'stEvt:instanceID="/Users/jane/secret/draft.psd"/></rdf:Seq></xmpMM:History>'
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    Image.new("RGB", (1600, 1200), (90, 120, 150)).save(
        path, exif=exif, xmp=xmp, comment=b"private note"
    )
    Image.new("RGB", (160, 120), (9, 9, 9)).save(tmp_path / "thumb.jpg")
    exiftool(path)  # skips when exiftool is missing
    subprocess.run(
        ["exiftool", "-q", "-overwrite_original", "-GPSLatitude=36.1", "-GPSLatitudeRef=N",
         "-GPSLongitude=3.1", "-GPSLongitudeRef=W", "-SerialNumber=SN-0042",
         "-OwnerName=Jane Doe", "-LensSerialNumber=L-99", f"-ThumbnailImage<={tmp_path / 'thumb.jpg'}",
         str(path)],
        check=True,
    )  # fmt: skip
    tags = exiftool(path)
    assert {
        "GPS:GPSLatitude",
        "ExifIFD:SerialNumber",
        "IFD1:ThumbnailImage",
        "File:Comment",
    } <= tags.keys()
    assert any("MakerNote" in k for k in tags) and any("History" in k for k in tags)
    return path


def _leaks(tags: dict) -> list[str]:
    words = ("GPS", "Serial", "MakerNote", "Thumbnail", "History", "Owner", "Comment", "XMP")
    return [k for k in tags if any(w.lower() in k.lower() for w in words)]


def test_metadata_scrubbed_credit_kept_icc_embedded(tmp_path, leaky_jpeg):
    rendered, _ = render(job_for(leaky_jpeg, "x"), tmp_path)
    tags = exiftool(rendered.file)
    assert _leaks(tags) == [], _leaks(tags)
    assert tags["IFD0:Artist"] == "Atelier Maridia"
    assert tags["IFD0:Copyright"] == "Atelier Maridia (CC BY 4.0)"  # default credit format
    assert (
        "Make" not in str(tags.keys()) and tags["ICC_Profile:ProfileDescription"] == "sRGB built-in"
    )


def test_location_kept_only_when_asked(tmp_path, leaky_jpeg):
    job = job_for(leaky_jpeg, "x", options={"keep_location": True})
    rendered, _ = render(job, tmp_path)
    tags = exiftool(rendered.file)
    assert "GPS:GPSLatitude" in tags and "ExifIFD:SerialNumber" not in tags


def test_arabic_credit_survives_in_exif(tmp_path):
    Image.new("RGB", (800, 600), (90, 120, 150)).save(tmp_path / "p.jpg")
    job = job_for(tmp_path / "p.jpg", "x", credit="مؤسسة التراث", license="")
    rendered, _ = render(job, tmp_path)
    tags = exiftool(rendered.file)
    assert tags["IFD0:Artist"] == "مؤسسة التراث" and tags["IFD0:Copyright"] == "مؤسسة التراث"


def test_cancel_between_outputs_leaves_no_partial_file(tmp_path):
    Image.new("RGB", (1200, 800), (1, 2, 3)).save(tmp_path / "p.jpg")
    job = job_for(tmp_path / "p.jpg", "x")
    source = decode(job.source, [job])
    with pytest.raises(RenderCancelled):
        render_from(source, job, tmp_path / "out.jpg", cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.jpg"]


# --- overlays (need a real brand kit) -----------------------------------------------------------


def write_kit(folder: Path, *, position="bottom-right", lower=True) -> Path:
    kit = folder / "test-kit"
    kit.mkdir(parents=True)
    logo = Image.new("RGBA", (200, 100), (255, 0, 255, 255))  # magenta: easy to find
    logo.save(kit / "logo.png")
    lower_third = (
        '[lower_third]\nbackground = "#102030"\ntext_colour = "#FFFFFF"\nfont = "title"\n'
        'height = 0.15\ntemplate = "{title} · {credit}"\n'
        if lower
        else ""
    )
    (kit / "kit.toml").write_text(
        'schema_version = 1\nname = "Test"\nlanguages = ["ar", "en"]\n'
        'credit_format = "Photo: {credit} ({license})"\n'
        '[colours]\nprimary = "#0B5D3B"\nsecondary = "#C8A24A"\nbackground = "#F4EFE6"\n'
        'text = "#1B1B1B"\n[fonts]\ntitle = { family = "Amiri", style = "Bold" }\n'
        'body = { family = "Amiri" }\n[logos]\nprimary = "logo.png"\n'
        f'[watermark.default]\nposition = "{position}"\nmargin = 0.05\nscale = 0.2\n'
        "opacity = 1.0\n" + lower_third,
        "utf-8",
    )
    return kit


def load_test_kit(folder: Path, **kw):
    from studio.core.brandkit import load_kit

    return load_kit(write_kit(folder, **kw))


def _magenta(img) -> np.ndarray:
    a = np.asarray(img.convert("RGB")).astype(int)
    return (a[..., 0] > 200) & (a[..., 1] < 70) & (a[..., 2] > 200)


@pytest.mark.parametrize("position", ["bottom-right", "top-left"])
def test_logo_drawn_in_the_kit_corner(tmp_path, position):
    kit = load_test_kit(tmp_path / "kits", position=position, lower=False)
    Image.new("RGB", (2000, 2000), (60, 60, 60)).save(tmp_path / "p.jpg")
    _, out = render(job_for(tmp_path / "p.jpg", "instagram", crop="1:1", kit=kit), tmp_path)
    mask = _magenta(out)
    ys, xs = np.nonzero(mask)
    w = out.width
    assert abs((xs.max() - xs.min() + 1) - 0.2 * w) <= 3  # 20 % of the width
    margin = 0.05 * w
    if position == "bottom-right":
        assert abs(w - 1 - xs.max() - margin) <= 3 and abs(out.height - 1 - ys.max() - margin) <= 3
    else:
        assert abs(xs.min() - margin) <= 3 and abs(ys.min() - margin) <= 3
    assert mask.sum() == pytest.approx(0.2 * w * 0.1 * w, rel=0.05)  # nowhere else


@pytest.mark.parametrize(("title", "rtl"), [("زليج فاس", True), ("Zellige de Fès", False)])
def test_lower_third_aligned_by_direction_logo_lifted_above(tmp_path, title, rtl):
    kit = load_test_kit(tmp_path / "kits")
    Image.new("RGB", (2000, 2000), (60, 60, 60)).save(tmp_path / "p.jpg")
    job = job_for(tmp_path / "p.jpg", "instagram", crop="1:1", kit=kit, title=title, credit="")
    assert job.lower_third["title"] == title
    _, out = render(job, tmp_path)
    out.save(tmp_path / "look.png")
    a = np.asarray(out).astype(int)
    band_top = out.height - round(0.15 * out.height)
    band = a[band_top + 2 :]
    text = (band.min(axis=2) > 200).any(axis=0)  # white text columns inside the band
    cols = np.flatnonzero(text)
    pad = round(0.04 * out.width)
    assert cols.size and (cols.max() - cols.min()) < out.width / 2  # a short title
    if rtl:  # an Arabic title makes an RTL paragraph: it hugs the right edge
        assert abs(out.width - 1 - cols.max() - pad) < 8
    else:
        assert abs(cols.min() - pad) < 8
    background = band[:, ~text].reshape(-1, 3).mean(axis=0)
    assert np.allclose(background, (0x10, 0x20, 0x30), atol=10)
    ys, _ = np.nonzero(_magenta(out))
    assert ys.max() < band_top  # the logo moved above the band instead of covering the text


def test_missing_raqm_fails_before_writing_anything(tmp_path, monkeypatch):
    from PIL import features

    from studio.media.textshape import TextShapingUnavailable

    kit = load_test_kit(tmp_path / "kits")
    Image.new("RGB", (800, 800), (60, 60, 60)).save(tmp_path / "p.jpg")
    job = job_for(tmp_path / "p.jpg", "instagram", kit=kit, title="زليج")
    real = features.check
    monkeypatch.setattr(features, "check", lambda name: False if name == "raqm" else real(name))
    with pytest.raises(TextShapingUnavailable, match="libfribidi0"):
        render_photo(job, tmp_path / "out.jpg")
    assert not list(tmp_path.glob("out*")) and not list(tmp_path.glob(".out*"))


def test_kit_background_used_to_flatten_and_credit_format_used(tmp_path):
    kit = load_test_kit(tmp_path / "kits", lower=False)
    img = Image.new("RGBA", (900, 900), (0, 0, 0, 0))
    img.save(tmp_path / "clear.png")
    job = job_for(tmp_path / "clear.png", "instagram", crop="1:1", kit=kit)
    rendered, out = render(job, tmp_path)
    corner = np.asarray(out, float)[:50, :50].reshape(-1, 3).mean(axis=0)
    assert np.allclose(corner, (0xF4, 0xEF, 0xE6), atol=6)
    assert exiftool(rendered.file)["IFD0:Copyright"] == "Photo: Atelier Maridia (CC BY 4.0)"
