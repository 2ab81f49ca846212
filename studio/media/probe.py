"""Probe a file for the media library: what it is, how big, when and where it was taken.

The library imports whatever staff drop on it (camera cards, WhatsApp downloads, renamed
documents, half-copied files), so :func:`probe` is the gate that keeps broken media out:

- the type comes from the *content* (magic bytes), never from the extension; a good photo
  with the wrong extension is accepted with a warning, anything else is rejected;
- photos are decoded (JPEG at 1/8 scale, which still entropy-decodes every block) so that a
  truncated or corrupted file is refused at import, not at publishing time
  (:mod:`studio.media.probe_photo`);
- videos are read by the same ffmpeg that renders them, in a subprocess with a timeout so a
  hostile file can neither hang nor crash the app (:mod:`studio.media.probe_video`).

Every problem with the input surfaces as :class:`MediaRejected` whose text is one sentence
saying what is wrong and what to do; nothing else escapes for bad input.
"""

from __future__ import annotations

import errno
import logging
import stat
from dataclasses import dataclass
from pathlib import Path

from studio.core.errors import StudioError

__all__ = ["FORMATS", "MAX_IMAGE_PIXELS", "MediaRejected", "ProbeResult", "probe"]

log = logging.getLogger(__name__)

#: Largest photo accepted, in pixels. 200 MP is above every camera staff will meet (Fujifilm
#: GFX 100: 102 MP, Phase One IQ4: 151 MP) and typical stitched panoramas, while an RGBA
#: decode of that size is still 800 MB -- about the most a laptop can spare. Anything bigger
#: is far more likely a decompression bomb (a few KB that claim gigapixels) than a photo.
#: :func:`studio.media.configure_pillow` gives the same limit to Pillow itself.
MAX_IMAGE_PIXELS = 200_000_000

_HEAD_BYTES = 64 * 1024


class MediaRejected(StudioError):
    """The file cannot go into the library; ``str()`` is one sentence: what and what to do.

    ``code`` is a stable machine-readable category ("empty", "not_media", "truncated",
    "damaged", "too_large", "unsupported", "unreadable") for the GUI to pick an icon or a
    translated text; ``reason`` is the English sentence.
    """

    def __init__(self, reason: str, code: str = "rejected"):
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class ProbeResult:
    """What the library records about a media file. Sizes are as *displayed*."""

    kind: str  # "photo" | "video"
    format: str  # "jpeg","png","webp","tiff","gif","heif","avif","mp4","mov","webm","mkv"
    mime: str
    width: int  # after EXIF orientation (photos) / rotation side data (videos)
    height: int
    orientation: int  # EXIF orientation 1..8 still to apply to Pillow-decoded pixels
    duration: float | None  # seconds: videos and animated images
    fps: float | None
    frames: int | None  # animated images only
    video_codec: str | None
    audio_codec: str | None
    has_audio: bool
    captured_at: str | None  # ISO 8601, with offset when the file has one
    has_location: bool  # GPS in EXIF/XMP, location atom in videos
    camera: str | None  # "Make Model"
    colour_mode: str | None  # Pillow mode of photos ("RGB", "CMYK", "I;16", "P", ...)
    has_icc: bool
    variable_frame_rate: bool | None  # None when it could not be told (too few frames)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    key: str
    kind: str
    mime: str
    label: str  # as users know it, for messages
    extensions: tuple[str, ...]


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("jpeg", "photo", "image/jpeg", "JPEG", (".jpg", ".jpeg", ".jpe", ".jfif")),
        Format("png", "photo", "image/png", "PNG", (".png", ".apng")),
        Format("webp", "photo", "image/webp", "WebP", (".webp",)),
        Format("tiff", "photo", "image/tiff", "TIFF", (".tif", ".tiff")),
        Format("gif", "photo", "image/gif", "GIF", (".gif",)),
        Format("heif", "photo", "image/heic", "HEIC", (".heic", ".heif", ".hif")),
        Format("avif", "photo", "image/avif", "AVIF", (".avif",)),
        Format("mp4", "video", "video/mp4", "MP4", (".mp4", ".m4v", ".mov", ".3gp")),
        Format("mov", "video", "video/quicktime", "MOV", (".mov", ".qt", ".mp4", ".m4v")),
        Format("webm", "video", "video/webm", "WebM", (".webm", ".mkv")),
        Format("mkv", "video", "video/x-matroska", "MKV", (".mkv", ".webm")),
    )
}


def probe(path: Path) -> ProbeResult:
    """Describe the photo or video at ``path``; raise :class:`MediaRejected` if it is unusable.

    Follows symbolic links. Never blocks on special files (FIFOs are refused before opening).
    """
    path = Path(path)
    size = _check_regular_file(path)
    head = _read_head(path)
    from studio.media.probe_sniff import sniff

    fmt = FORMATS[sniff(head, path.suffix.lower())]
    try:
        if fmt.kind == "photo":
            from studio.media.probe_photo import probe_photo

            result = probe_photo(path, fmt, size)
        else:
            from studio.media.probe_video import probe_video

            result = probe_video(path, fmt, size)
    except MediaRejected:
        raise
    except MemoryError as exc:
        raise MediaRejected(
            f"not enough memory to check this {fmt.label}; close other programs and try again",
            "unreadable",
        ) from exc
    except OSError as exc:
        raise _os_rejection(exc) from exc
    except Exception as exc:  # decoders raise a zoo of types on malformed input
        log.warning("unexpected error probing %s", path, exc_info=True)
        raise MediaRejected(
            f"damaged {fmt.label}: the file could not be read ({type(exc).__name__}: {exc}); "
            "export it again from the source",
            "damaged",
        ) from exc
    suffix = path.suffix.lower()
    if suffix not in fmt.extensions:
        note = (
            f"the extension {suffix} does not match the content ({fmt.label})"
            if suffix
            else f"the file has no extension; its content is {fmt.label}"
        )
        result = _with_warning(result, note)
    return result


def _with_warning(result: ProbeResult, note: str) -> ProbeResult:
    from dataclasses import replace

    return replace(result, warnings=(note, *result.warnings))


def _check_regular_file(path: Path) -> int:
    """Return the size of a readable regular file, or reject it without ever opening it."""
    try:
        st = path.stat()  # follows links; ELOOP for loops, ENOENT for dangling links
    except OSError as exc:
        raise _os_rejection(exc) from exc
    if stat.S_ISDIR(st.st_mode):
        raise MediaRejected(
            "not a file: this is a folder; import the photos and videos inside it", "not_media"
        )
    if not stat.S_ISREG(st.st_mode):
        raise MediaRejected(
            "not a regular file: this is a device, pipe or socket; import photo or video files",
            "not_media",
        )
    if st.st_size == 0:
        raise MediaRejected(
            "empty file: it has 0 bytes (the copy or download did not finish); copy it again",
            "empty",
        )
    return st.st_size


def _read_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise _os_rejection(exc) from exc


def _os_rejection(exc: OSError) -> MediaRejected:
    if exc.errno == errno.ELOOP:
        return MediaRejected(
            "broken link: the path is a symbolic link that loops back on itself; "
            "import the original file",
            "unreadable",
        )
    if exc.errno == errno.ENOENT:
        return MediaRejected(
            "missing file: it does not exist (or is a link to a file that was moved)", "unreadable"
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return MediaRejected(
            "cannot read the file: permission denied; check its permissions or copy it first",
            "unreadable",
        )
    if exc.errno == errno.EISDIR:
        return MediaRejected(
            "not a file: this is a folder; import the photos and videos inside it", "not_media"
        )
    reason = exc.strerror or str(exc)
    return MediaRejected(
        f"cannot read the file ({reason}); copy it to the computer and try again", "unreadable"
    )
