"""Photo metadata the library needs: orientation, capture time, location, camera.

Metadata is advisory: a photo with a damaged EXIF block is still a good photo, so nothing
here rejects a file -- problems become warnings. The location check is deliberately broad
(EXIF GPS *or* XMP GPS): ``has_location`` drives the privacy scrub before publishing, and a
missed location is worse than an extra scrub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from PIL import Image

__all__ = ["PhotoMetadata", "parse_exif_datetime", "read_metadata"]

_ORIENTATION = 0x0112
_MAKE, _MODEL = 0x010F, 0x0110
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATETIME_ORIGINAL, _OFFSET_ORIGINAL = 0x9003, 0x9011
_DATETIME_DIGITIZED, _OFFSET_DIGITIZED = 0x9004, 0x9012
_GPS_LATITUDE, _GPS_LONGITUDE = 2, 4

_EXIF_DT = re.compile(r"^\s*(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^\s*([+-])(\d{2}):?(\d{2})\s*$")
_XMP_GPS = re.compile(
    rb"gps_?(?:latitude|longitude)\s*(?:=\s*[\"']\s*[^\"'\s]|>\s*[^<\s])", re.IGNORECASE
)
_XMP_DATE = re.compile(
    rb"(?:exif:DateTimeOriginal|photoshop:DateCreated|xmp:CreateDate)\s*(?:=\s*[\"']|>)\s*"
    rb"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)"
)


@dataclass(frozen=True)
class PhotoMetadata:
    orientation: int = 1
    captured_at: str | None = None
    has_location: bool = False
    camera: str | None = None
    warnings: tuple[str, ...] = ()


def read_metadata(im: Image.Image) -> PhotoMetadata:
    """Read EXIF and XMP of an opened image (never raises for malformed metadata)."""
    warnings: list[str] = []
    try:
        exif = im.getexif()
        exif_ifd = dict(exif.get_ifd(_EXIF_IFD))
        gps_ifd = dict(exif.get_ifd(_GPS_IFD))
    except Exception:  # malformed IFDs raise struct.error, ValueError, KeyError, ...
        exif, exif_ifd, gps_ifd = Image.Exif(), {}, {}
        warnings.append("the EXIF metadata is damaged and was ignored")
    xmp = _xmp_bytes(im)

    orientation = 1
    raw = exif.get(_ORIENTATION)
    if raw is not None:
        try:
            orientation = int(raw)
        except (TypeError, ValueError):
            orientation = 0
        if not 1 <= orientation <= 8:
            warnings.append(f"the EXIF orientation {raw!r} is invalid and was ignored")
            orientation = 1

    captured = parse_exif_datetime(
        exif_ifd.get(_DATETIME_ORIGINAL), exif_ifd.get(_OFFSET_ORIGINAL)
    ) or parse_exif_datetime(exif_ifd.get(_DATETIME_DIGITIZED), exif_ifd.get(_OFFSET_DIGITIZED))
    if captured is None and xmp:
        match = _XMP_DATE.search(xmp)
        if match:
            captured = _iso_from_xmp(match.group(1).decode("ascii"))

    has_location = (
        _GPS_LATITUDE in gps_ifd or _GPS_LONGITUDE in gps_ifd or bool(xmp and _XMP_GPS.search(xmp))
    )
    return PhotoMetadata(
        orientation=orientation,
        captured_at=captured,
        has_location=has_location,
        camera=_camera(exif.get(_MAKE), exif.get(_MODEL)),
        warnings=tuple(warnings),
    )


def parse_exif_datetime(value: object, offset: object = None) -> str | None:
    """``"2024:05:01 10:00:00"`` (+ ``"+01:00"``) -> ``"2024-05-01T10:00:00+01:00"``.

    Cameras without a set clock write zeros or blanks: those give ``None``, not an error.
    """
    text = _text(value)
    match = _EXIF_DT.match(text) if text else None
    if not match:
        return None
    try:
        moment = datetime(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    if moment.year < 1900:
        return None
    off = _OFFSET.match(_text(offset) or "")
    if off:
        sign = -1 if off.group(1) == "-" else 1
        delta = timedelta(hours=int(off.group(2)), minutes=int(off.group(3)))
        if delta < timedelta(hours=15):
            moment = moment.replace(tzinfo=timezone(sign * delta))
    return moment.isoformat()


def _iso_from_xmp(text: str) -> str | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(microsecond=0).isoformat() if moment.year >= 1900 else None


def _camera(make: object, model: object) -> str | None:
    make_s, model_s = _text(make), _text(model)
    if make_s and model_s and model_s.lower().startswith(make_s.lower()):
        return model_s  # "Canon" + "Canon EOS R5"
    joined = " ".join(part for part in (make_s, model_s) if part)
    return joined or None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value).replace("\x00", " ").strip()
    return " ".join(text.split())[:200] or None


def _xmp_bytes(im: Image.Image) -> bytes:
    info = im.info
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = info.get(key)
        if value:
            return value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
    tag = getattr(im, "tag_v2", None)  # TIFF keeps XMP in tag 700
    if tag is not None:
        value = tag.get(700)
        if value:
            return value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
    return b""
