"""What a rendered photo carries besides its pixels: sRGB colour and allow-listed metadata.

Originals carry more than their owners mean to publish: GPS positions (a diplomat's home, a
source's workshop), camera and lens serial numbers and owner names that tie a photo to a
person, maker notes nobody can read, embedded thumbnails that can still show what was cropped
out, and XMP edit histories with file paths. So rendered files are built from an *allow-list*
rather than by deleting what we know to be risky: a new kind of tag in tomorrow's camera is
dropped by default. What is written:

- EXIF ``Artist``: the library item's credit (else the original's Artist), and ``Copyright``:
  the credit line made with the kit's ``credit_format`` (else the original's Copyright).
  Keeping the credit is the default; ``job.options["keep_credit"] = False`` drops both.
  EXIF strings are written as UTF-8, which exiftool and browsers read, so Arabic credits
  survive (Pillow would write them as "????").
- GPS only when the user asked for it: ``job.options["keep_location"] = True``.
- The sRGB ICC profile, so colour-managed viewers show the colours we rendered instead of
  guessing. For that to be true the pixels are converted to sRGB first (:func:`to_srgb`)
  through the source's own profile: a wide-gamut or CMYK photo published without conversion
  looks dull or garish, and most platforms strip profiles and assume sRGB.

Nothing else is copied: pixels are re-encoded from decoded data, and the image's ``info``
(comments, XMP, old ICC) is cleared before encoding.
"""

from __future__ import annotations

import functools
import io
import struct
from typing import TYPE_CHECKING

from studio.media.textshape import fill_template

if TYPE_CHECKING:
    from PIL import Image

    from studio.media.jobs import RenderJob

ARTIST, COPYRIGHT, GPS_IFD = 0x013B, 0x8298, 0x8825
#: Used when the post has no brand kit.
DEFAULT_CREDIT_FORMAT = "{credit} ({license})"


def credit_line(job: RenderJob) -> str:
    """The Copyright text: the kit's credit format filled from the item ("" without credit)."""
    item = job.item
    if not item.credit.strip():
        return ""
    template = job.kit.credit_format if job.kit is not None else DEFAULT_CREDIT_FORMAT
    fields = {
        "credit": item.credit,
        "license": item.license,
        "title": item.title,
        "year": (item.captured_at or "")[:4],
        "source": "",
    }
    return fill_template(template, fields)


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value.strip("\0 ").strip() if isinstance(value, str) else ""


def output_exif(source: Image.Exif | None, job: RenderJob) -> bytes:
    """The EXIF block for a rendered file, built from nothing (b"" when there is nothing)."""
    from PIL import Image

    exif = Image.Exif()
    if job.options.get("keep_credit", True):
        artist = job.item.credit.strip() or _text(source.get(ARTIST) if source else None)
        rights = credit_line(job) or _text(source.get(COPYRIGHT) if source else None)
        if artist:
            exif[ARTIST] = artist.encode("utf-8")
        if rights:
            exif[COPYRIGHT] = rights.encode("utf-8")
    if job.options.get("keep_location") and source is not None:
        gps = source.get_ifd(GPS_IFD)
        if gps:
            exif.get_ifd(GPS_IFD).update(gps)
            return exif.tobytes()
    return exif.tobytes() if len(exif) else b""


@functools.cache
def srgb_profile() -> bytes:
    """LittleCMS's sRGB profile, with its creation date pinned so renders are reproducible."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = struct.pack(">6H", 2024, 1, 1, 0, 0, 0)  # header dateTimeNumber
    return bytes(data)


# --- colour ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _transform(icc: bytes, in_mode: str, out_mode: str):
    """A LittleCMS transform to sRGB, or None when the profile is sRGB (or unusable)."""
    from PIL import Image, ImageCms

    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        space = src.profile.xcolor_space.strip()
        if {"RGB": "RGB", "CMYK": "CMYK", "GRAY": "L"}.get(space) != in_mode.replace("RGBA", "RGB"):
            return None  # a profile for another colour space than the pixels: ignore it
        flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
        transform = ImageCms.buildTransform(
            src,
            ImageCms.createProfile("sRGB"),
            in_mode,
            out_mode,
            ImageCms.Intent.PERCEPTUAL,
            flags,
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    if in_mode in ("RGB", "RGBA"):  # sRGB in all but name? then skip the per-pixel work
        probe = Image.new(in_mode, (8, 1))
        probe.putdata([(v, 255 - v, (v * 3) % 256, 255)[: len(in_mode)] for v in range(0, 256, 32)])
        out = ImageCms.applyTransform(probe, transform)
        if all(
            abs(a - b) <= 1
            for p, q in zip(probe.getdata(), out.getdata(), strict=True)
            for a, b in zip(p[:3], q[:3], strict=True)
        ):
            return None
    return transform


def needs_srgb_transform(icc: bytes, mode: str) -> bool:
    """Whether pixels in ``mode`` tagged with ``icc`` change when converted to sRGB: False for
    sRGB in all but name, and for profiles that are broken or describe another colour space."""
    return _transform(icc, mode, "RGBA" if mode == "RGBA" else "RGB") is not None


def to_srgb(img: Image.Image, icc: bytes | None, label: str = "") -> Image.Image:
    """8-bit sRGB, RGB or RGBA (RGBA only when some pixel is not opaque).

    ``icc`` is the source's embedded profile: applied when it matches the pixels' colour space
    and is not sRGB already; ignored when it is broken or for another colour space (a CMYK
    photo tagged with an RGB profile), in which case Pillow's plain conversion is used.
    """
    from PIL import ImageCms

    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        img = _to_8bit(img)
    if img.mode == "P" or img.mode == "PA":
        img = img.convert("RGBA" if "transparency" in img.info or img.mode == "PA" else "RGB")
    elif img.mode in ("LA", "La", "RGBa"):
        img = img.convert("RGBA")
    elif img.mode == "1":
        img = img.convert("L")
    if img.mode not in ("RGB", "RGBA", "L", "CMYK"):
        try:
            img = img.convert("RGB")
        except ValueError as exc:
            raise ValueError(f"cannot convert {label} from colour mode {img.mode}: {exc}") from exc
    out_mode = "RGBA" if img.mode == "RGBA" else "RGB"
    transform = _transform(icc, img.mode, out_mode) if icc else None
    if transform is not None:
        img = ImageCms.applyTransform(img, transform)
    elif img.mode != out_mode:
        img = img.convert(out_mode)
    if img.mode == "RGBA" and img.getchannel("A").getextrema()[0] == 255:
        img = img.convert("RGB")
    img.info = {}
    return img


def _to_8bit(img: Image.Image) -> Image.Image:
    """16-bit and 32-bit grey to 8-bit by scaling (Pillow's convert would clip at 255)."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(img).astype(np.float64)
    top = float(arr.max()) if arr.size else 0.0
    if img.mode == "F" and top <= 1.0:
        arr = arr * 255.0
    elif top > 255 or img.mode.startswith("I;16"):
        arr = arr / 257.0
    return Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8))
