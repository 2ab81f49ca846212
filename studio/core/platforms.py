"""Platform rules as data: the one place the studio learns what each network accepts.

Validation, the renderer and ``studio count`` all read these frozen records instead of keeping
their own numbers, so a limit that changes is fixed in one file. The figures themselves live in
:mod:`studio.core.platform_data`, each with the official page it comes from and a note where the
official figure is unclear; ``docs/platform-rules.md`` is the human-readable table.

Units: sizes in bytes (``MB`` in a platform's docs is read as 10**6 bytes, the smaller reading,
so a file we accept is never refused), durations in seconds, aspect ratios as width / height.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

PLATFORM_IDS: tuple[str, ...] = (
    "x",
    "bluesky",
    "mastodon",
    "threads",
    "instagram",
    "facebook",
    "linkedin",
    "youtube",
    "tiktok",
    "telegram",
)

#: How a :class:`TextRule` measures text; :mod:`studio.core.textcount` implements each.
COUNTING_METHODS = ("twitter", "bluesky", "mastodon", "threads", "codepoints", "utf16", "bytes")


@dataclass(frozen=True)
class Aspect:
    """A named aspect ratio the renderer can crop to, with the output size it should use."""

    name: str  # "4:5", "1:1", "16:9", "9:16", "1.91:1"
    width: int  # ratio terms: 4 and 5 for "4:5", 191 and 100 for "1.91:1"
    height: int
    size: tuple[int, int]  # recommended output pixels, e.g. (1080, 1350)

    @property
    def ratio(self) -> float:
        return self.width / self.height


@dataclass(frozen=True)
class TextRule:
    """How long a text field may be, in the platform's own unit, and what it may not contain."""

    limit: int
    counting: str  # one of COUNTING_METHODS
    unit: str  # human words: "weighted characters", "graphemes", "characters", "bytes"
    byte_limit: int | None = None  # a second limit in UTF-8 bytes (Bluesky)
    url_length: int | None = None  # every URL counts as this many (X, Mastodon)
    max_hashtags: int | None = None
    forbidden_chars: str = ""  # e.g. YouTube "<>"
    note: str = ""
    source: str = ""
    max_links: int | None = None  # distinct links allowed (Threads: 5)


@dataclass(frozen=True)
class MediaRule:
    """How many media a post takes and whether photos and videos may share one post."""

    max_items: int
    max_images: int
    max_videos: int
    allow_mixed: bool  # photos and videos in one post
    requires_media: bool  # Instagram, YouTube, TikTok need media
    alt_text: bool  # the platform accepts alt text
    alt_max_chars: int | None
    source: str = ""
    note: str = ""
    # Multi-media posts are cropped by the platform to the FIRST item's aspect ratio, so the
    # renderer must crop every item to one shared aspect or the platform will crop again.
    uniform_aspect: bool = False


@dataclass(frozen=True)
class ImageRule:
    """What a photo must be; ``preferred[0]`` is the default crop."""

    formats: tuple[str, ...]  # lower-case: "jpeg", "png", "webp", "gif", "heif"
    max_bytes: int
    min_aspect: float | None  # width / height
    max_aspect: float | None
    preferred: tuple[Aspect, ...]
    max_pixels: int | None = None
    animated_gif: bool = False
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class VideoRule:
    """What a video must be; ``max_duration`` may be ``math.inf`` where no limit is documented."""

    containers: tuple[str, ...]
    video_codecs: tuple[str, ...]
    audio_codecs: tuple[str, ...]
    min_duration: float
    max_duration: float
    max_bytes: int
    min_fps: float | None
    max_fps: float | None
    max_width: int | None
    max_height: int | None
    min_aspect: float | None
    max_aspect: float | None
    preferred: tuple[Aspect, ...]
    max_bitrate_kbps: int | None = None
    source: str = ""
    note: str = ""
    # Why an audio track is needed even for a silent clip ("" where the platform accepts none);
    # the renderer adds a silent AAC track when this is set.
    audio_required: str = ""


@dataclass(frozen=True)
class Platform:
    """Everything the studio knows about one network."""

    id: str
    name: str
    text: TextRule
    title: TextRule | None  # YouTube's title; None elsewhere
    media: MediaRule
    image: ImageRule | None  # None: the platform takes no photos here (YouTube)
    video: VideoRule | None
    sources: tuple[str, ...]
    # The rule for a post *without* media where it differs from ``text`` (Telegram: a caption
    # holds 1024 characters, a plain message 4096). Count it with ``field="message"``.
    message: TextRule | None = None
    # Account handle shape: (regex over ASCII, how to write it); None where the handle is a free
    # page name (Facebook, LinkedIn). Brand kits check their handles against it.
    handle: tuple[str, str] | None = None

    def rule(self, field: str) -> TextRule:
        """The text rule for ``field`` ("text", "title" or "message")."""
        if field == "text":
            return self.text
        if field in ("title", "message"):
            found = getattr(self, field)
            if found is None:
                if field == "message":
                    return self.text
                raise ValueError(f"{self.name} posts have no {field}")
            return found
        raise ValueError(f"unknown text field {field!r}: use 'text', 'title' or 'message'")


class UnknownPlatformError(ValueError):
    """Raised for an id that is not in :data:`PLATFORM_IDS`; the message lists the valid ids."""

    def __init__(self, pid: str):
        self.pid = pid
        super().__init__(f"unknown platform {pid!r}; valid platforms: {', '.join(PLATFORM_IDS)}")


@cache
def _registry() -> dict[str, Platform]:
    # Imported here, not at the top: the data module builds these dataclasses.
    from studio.core.platform_data import PLATFORMS

    registry = {p.id: p for p in PLATFORMS}
    if tuple(registry) != PLATFORM_IDS:
        raise RuntimeError("platform_data.PLATFORMS does not match PLATFORM_IDS")
    return registry


def get_platform(pid: str) -> Platform:
    """The platform with id ``pid`` (exact, lower-case), or :class:`UnknownPlatformError`."""
    try:
        return _registry()[pid]
    except (KeyError, TypeError):
        raise UnknownPlatformError(pid) from None


def all_platforms() -> tuple[Platform, ...]:
    """Every platform, in :data:`PLATFORM_IDS` order."""
    return tuple(_registry().values())
