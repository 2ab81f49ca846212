"""Recognise a file by its first bytes, and reject what is not a photo or video clearly.

Extensions lie (renamed documents, ``.jpg`` files that are PNGs or WebPs saved by a browser),
so the library trusts only the content. Things staff commonly drop on an import -- PDFs,
Office documents, RAW files, audio -- get a rejection that names them and says what to do.
"""

from __future__ import annotations

from studio.media.probe import MediaRejected

__all__ = ["sniff"]

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"mif2", b"msf1"}
_QT_LEGACY_BOXES = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_RAW_SUFFIXES = {".dng", ".nef", ".nrw", ".cr2", ".arw", ".srf", ".sr2", ".orf", ".rw2", ".pef"}
_SUPPORTED = "JPEG, PNG, WebP, TIFF, GIF, HEIC, AVIF, MP4, MOV or WebM"

# Things people do drop on an import: (magic prefix, what it is, what to do).
_KNOWN_OTHERS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF document", "export the pages you need as PNG or JPEG"),
    (b"PK\x03\x04", "a ZIP archive or an Office document", "unpack it or export the images"),
    (b"Rar!", "a RAR archive", "unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"8BPS", "a Photoshop document (PSD)", "export it as JPEG or PNG"),
    (b"\xff\x0a", "a JPEG XL image", "export it as JPEG"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "a JPEG XL image", "export it as JPEG"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "a JPEG 2000 image", "export it as JPEG or PNG"),
    (b"IIRO", "a camera RAW file (ORF)", "export a JPEG from your photo editor"),
    (b"IIU\x00", "a camera RAW file (RW2)", "export a JPEG from your photo editor"),
    (b"FUJIFILMCCD-RAW", "a camera RAW file (RAF)", "export a JPEG from your photo editor"),
    (b"ID3", "an audio file (MP3)", "import a video or a photo instead"),
    (b"fLaC", "an audio file (FLAC)", "import a video or a photo instead"),
    (b"OggS", "an Ogg media file", "export it as H.264 MP4"),
    (b"FLV", "a Flash video (FLV)", "export it as H.264 MP4"),
    (b"\x00\x00\x01\xba", "an MPEG-PS video (VOB/MPG)", "export it as H.264 MP4"),
    (
        b"\x30\x26\xb2\x75\x8e\x66\xcf\x11",
        "a Windows Media file (WMV/WMA)",
        "export it as H.264 MP4",
    ),
    (b"MZ", "a Windows program", "import photos or videos only"),
    (b"\x7fELF", "a program", "import photos or videos only"),
    (b"SQLite format 3\x00", "a database", "import photos or videos only"),
)


def sniff(head: bytes, suffix: str = "") -> str:
    """Return the :data:`FORMATS` key for the content that starts with ``head``.

    ``suffix`` is only used to word the rejection of TIFF-based camera RAW files, which
    Pillow would otherwise "open" as their tiny embedded preview.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        if head[8:10] == b"CR" or suffix in _RAW_SUFFIXES:
            raise _not_media("a camera RAW file", "export a JPEG from your photo editor")
        return "tiff"
    if head[4:8] == b"ftyp":
        return _sniff_isobmff(head)
    if head[4:8] in _QT_LEGACY_BOXES:
        return "mov"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm" if b"webm" in head[:64] else "mkv"
    _reject_known_other(head)
    raise _text_or_unknown(head)


def _sniff_isobmff(head: bytes) -> str:
    box_size = int.from_bytes(head[:4], "big")
    major = head[8:12]
    brands = {major} | {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
    if major == b"crx ":
        raise _not_media("a camera RAW file (CR3)", "export a JPEG from your photo editor")
    if brands & {b"avif", b"avis"}:
        return "avif"
    if major in _HEIF_BRANDS or (b"mif1" in brands and major not in {b"qt  ", b"isom"}):
        return "heif"
    return "mov" if major == b"qt  " else "mp4"


def _reject_known_other(head: bytes) -> None:
    for magic, what, todo in _KNOWN_OTHERS:
        if head.startswith(magic):
            raise _not_media(what, todo)
    if head[:4] == b"RIFF":
        kind = head[8:12]
        if kind == b"AVI ":
            raise _not_media("an AVI video", "export it as H.264 MP4")
        if kind == b"WAVE":
            raise _not_media("an audio file (WAV)", "import a video or a photo instead")
    if head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00" and len(head) > 26:
        raise _not_media("a BMP image", "convert it to PNG or JPEG")
    if len(head) > 376 and head[0] == head[188] == head[376] == 0x47:
        raise _not_media("an MPEG-TS video (.ts/.mts)", "export it as H.264 MP4")


def _not_media(what: str, todo: str) -> MediaRejected:
    return MediaRejected(f"not a supported photo or video: the file is {what}; {todo}", "not_media")


def _text_or_unknown(head: bytes) -> MediaRejected:
    text = _as_text(head)
    if text is not None:
        lowered = text[:4096].lower()
        if "<svg" in lowered:
            return _not_media("an SVG drawing", "export it as PNG")
        if "<html" in lowered or "<!doctype html" in lowered:
            return _not_media("a web page (HTML)", "save the image itself, not the page")
        return MediaRejected(
            "not an image or video: the file contains text (is it a renamed document?)",
            "not_media",
        )
    return MediaRejected(
        f"not an image or video: the content is not a format Heritage Studio reads ({_SUPPORTED})",
        "not_media",
    )


def _as_text(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head[: len(head) // 2 * 2].decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a multi-byte character cut by the read is fine
            return None
        text = head[: exc.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\t\r\n\f" for ch in text[:4096])
    return text if text and printable >= 0.95 * min(len(text), 4096) else None
