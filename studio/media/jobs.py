"""The contract between render planning and the photo and video renderers.

A ``RenderJob`` says exactly what one output file must be (source, crop, size, overlays,
limits); a renderer turns it into a ``RenderedFile``. Keeping this a plain record lets the
planner, the render cache, the GUI previews and the publisher share one definition, and lets
photo and video renderers evolve separately.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.core.brandkit import BrandKit
    from studio.core.model import MediaItem, PostMedia
    from studio.core.platforms import Aspect, ImageRule, VideoRule

# Renderers report progress as a fraction 0..1 and check ``cancelled()`` between steps.
Progress = Callable[[float], None]
Cancelled = Callable[[], bool]


class RenderCancelled(Exception):
    """The user cancelled; partial outputs were removed."""


@dataclass(frozen=True)
class RenderJob:
    platform: str
    index: int  # position of the media in the post
    kind: str  # "photo" | "video"
    item: MediaItem  # the library item (item.path is the original in the store)
    post_media: PostMedia  # per-post alt, crop, focal, trim
    aspect: Aspect  # the crop target chosen for this platform
    size: tuple[int, int]  # output pixels (width, height)
    focal: tuple[float, float]  # 0..1, post's focal point else the item's
    rule: ImageRule | VideoRule  # the platform's limits the output must meet
    kit: BrandKit | None = None
    overlays: bool = True  # logo/watermark/lower third from the kit
    lower_third: dict[str, str] | None = None  # {"title": ..., "credit": ...} when wanted
    trim: tuple[float, float] | None = None  # video in/out seconds
    preview: bool = False  # small, fast render for the GUI; never published
    options: dict[str, Any] = field(default_factory=dict)  # e.g. {"keep_location": True}

    @property
    def source(self) -> Path:
        return self.item.path


@dataclass(frozen=True)
class RenderedFile:
    platform: str
    index: int
    kind: str
    file: Path
    width: int
    height: int
    bytes: int
    sha256: str
    source_sha256: str
    duration: float | None = None
    poster: Path | None = None  # videos: the poster frame image
    cached: bool = False

    def to_json(self, relative_to: Path | None = None) -> dict[str, Any]:
        def rel(p: Path | None) -> str | None:
            if p is None:
                return None
            return str(p.relative_to(relative_to)) if relative_to else str(p)

        data: dict[str, Any] = {
            "platform": self.platform,
            "index": self.index,
            "kind": self.kind,
            "file": rel(self.file),
            "width": self.width,
            "height": self.height,
            "bytes": self.bytes,
            "sha256": self.sha256,
            "source_sha256": self.source_sha256,
        }
        if self.duration is not None:
            data["duration"] = self.duration
        if self.poster is not None:
            data["poster"] = rel(self.poster)
        return data
