"""Plain data records shared by the services, the validator, the CLI and the GUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POST_STATES = (
    "draft",
    "in_review",
    "changes_requested",
    "approved",
    "scheduled",
    "published",
    "failed",
    "withdrawn",
)


@dataclass
class MediaItem:
    id: int
    sha256: str
    kind: str  # "photo" | "video"
    format: str
    mime: str
    ext: str
    bytes: int
    width: int
    height: int
    path: Path
    original_name: str
    orientation: int = 1
    duration: float | None = None
    fps: float | None = None
    frames: int | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    has_audio: bool = False
    captured_at: str | None = None
    has_location: bool = False
    camera: str | None = None
    colour_mode: str | None = None
    title: str = ""
    credit: str = ""
    license: str = ""
    alt: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    focal: tuple[float, float] = (0.5, 0.5)
    imported_at: str = ""
    updated_at: str = ""

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sha256": self.sha256,
            "kind": self.kind,
            "format": self.format,
            "mime": self.mime,
            "bytes": self.bytes,
            "width": self.width,
            "height": self.height,
            "orientation": self.orientation,
            "duration": self.duration,
            "fps": self.fps,
            "frames": self.frames,
            "video_codec": self.video_codec,
            "audio_codec": self.audio_codec,
            "has_audio": self.has_audio,
            "captured_at": self.captured_at,
            "has_location": self.has_location,
            "camera": self.camera,
            "colour_mode": self.colour_mode,
            "original_name": self.original_name,
            "title": self.title,
            "credit": self.credit,
            "license": self.license,
            "alt": dict(self.alt),
            "tags": list(self.tags),
            "focal": list(self.focal),
            "path": str(self.path),
            "imported_at": self.imported_at,
            "updated_at": self.updated_at,
        }


@dataclass
class PostMedia:
    media_id: int
    alt: dict[str, str] = field(default_factory=dict)  # per-post alt, overrides the library's
    crop: dict[str, str] = field(default_factory=dict)  # platform -> aspect name, e.g. "1:1"
    focal: tuple[float, float] | None = None  # per-post focal point, else the library's
    trim: tuple[float, float] | None = None  # video in/out seconds

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.media_id, "alt": dict(self.alt)}
        if self.crop:
            data["crop"] = dict(self.crop)
        if self.focal is not None:
            data["focal"] = list(self.focal)
        if self.trim is not None:
            data["trim"] = list(self.trim)
        return data


@dataclass
class Post:
    id: int | None
    title: str
    brand_kit: str = ""
    platforms: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)  # publishing account names (ws.accounts)
    languages: list[str] = field(default_factory=list)  # order of the caption parts
    text: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)  # platform -> lang|"*"
    hashtags: list[str] = field(default_factory=list)
    media: list[PostMedia] = field(default_factory=list)
    schedule_at: str | None = None
    campaign: str = ""
    state: str = "draft"
    revision: int = 1
    created_at: str = ""
    updated_at: str = ""

    @property
    def ordered_languages(self) -> list[str]:
        """Languages in caption order: the declared order, then any others with text."""
        seen = [lang for lang in self.languages if lang in self.text]
        return seen + [lang for lang in self.text if lang not in seen]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "brand_kit": self.brand_kit,
            "platforms": list(self.platforms),
            "accounts": list(self.accounts),
            "languages": self.ordered_languages,
            "text": {lang: self.text[lang] for lang in self.ordered_languages},
            "overrides": {p: dict(v) for p, v in self.overrides.items()},
            "hashtags": list(self.hashtags),
            "media": [m.to_json() for m in self.media],
            "schedule_at": self.schedule_at,
            "campaign": self.campaign,
            "state": self.state,
            "revision": self.revision,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
