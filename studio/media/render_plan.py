"""Plan a post's renders: one job per (platform, media), or a refusal that says what to change.

Planning is pure -- no file is read or written -- so the GUI calls it live to show what each
platform will get, and it refuses, naming the platform and the media, what no transformation
can fix (a photo on YouTube, a video over the limit without a trim, too many media) before
anything is rendered. Validation reports the same problems in the same words
(:mod:`studio.core.media_rules`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from studio.core.errors import StudioError
from studio.media.jobs import RenderJob

if TYPE_CHECKING:
    from studio.core.brandkit import BrandKit
    from studio.core.model import MediaItem, Post, PostMedia
    from studio.core.platforms import Aspect, Platform

PREVIEW_LONG_SIDE = 640  # GUI previews: small and fast, never published
MIN_PHOTO_WIDTH = 320  # Instagram and Threads refuse narrower photos


class RenderError(StudioError):
    """A post cannot be rendered as it stands; the message says what to change."""


class UnsupportedMediaError(RenderError):
    """A platform cannot take the post's media even after cropping, resizing or re-encoding."""


def _parse_aspect(name: str, preferred: Sequence[Aspect]) -> Aspect:
    from studio.core.platforms import Aspect

    for aspect in preferred:
        if aspect.name == name:
            return aspect
    try:
        w, h = (float(v) for v in name.split(":"))
    except ValueError:
        w = h = 0.0
    if not (w > 0 and h > 0 and math.isfinite(w / h)):
        raise RenderError(f"crop {name!r} is not an aspect ratio like 4:5 or 1.91:1")
    ref = preferred[0].size  # same pixel count as the platform's default size
    height = math.sqrt(ref[0] * ref[1] * h / w)
    return Aspect(name, round(w * 100), round(h * 100), (round(height * w / h), round(height)))


def choose_aspect(rule, item: MediaItem, crop: str | None) -> Aspect:
    """The post's crop if set; else the preferred aspect closest to the source when the
    platform accepts the source's shape; else the platform's first preferred aspect."""
    if crop:
        aspect = _parse_aspect(crop, rule.preferred)
        lo, hi = rule.min_aspect, rule.max_aspect
        if (lo is not None and aspect.ratio < lo - 1e-3) or (
            hi is not None and aspect.ratio > hi + 1e-3
        ):
            raise RenderError(f"crop {crop} is outside the accepted aspect ratios ({lo}–{hi})")
        return aspect
    ratio = item.aspect or 1.0
    inside = (rule.min_aspect is None or ratio >= rule.min_aspect - 1e-3) and (
        rule.max_aspect is None or ratio <= rule.max_aspect + 1e-3
    )
    if not inside:
        return rule.preferred[0]
    return min(rule.preferred, key=lambda a: abs(math.log(a.ratio / ratio)))


def output_size(
    aspect: Aspect, item: MediaItem, rule, *, kind: str, preview: bool
) -> tuple[int, int]:
    """The recommended size, but photos are never upscaled beyond their crop (bytes without
    detail) except up to the narrowest width platforms accept; previews are small."""
    w, h = aspect.size
    scale = 1.0
    if kind == "photo" and item.width and item.height:
        crop_w = min(item.width, item.height * w / h)
        scale = min(1.0, max(crop_w / w, MIN_PHOTO_WIDTH / w))
        if getattr(rule, "max_pixels", None) and w * h * scale * scale > rule.max_pixels:
            scale = math.sqrt(rule.max_pixels / (w * h))
    if preview:
        scale = min(scale, PREVIEW_LONG_SIDE / max(w, h))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    if kind == "video":  # H.264 4:2:0 needs even dimensions
        size = (max(2, size[0] // 2 * 2), max(2, size[1] // 2 * 2))
    return size


def _label(index: int, item: MediaItem) -> str:
    return f"media[{index}] “{item.title or item.original_name}”"


def _check_post_media(platform: Platform, items: list[tuple[int, PostMedia, MediaItem]]) -> None:
    """Refuse what validation reports as a media-count error, in validation's own words."""
    from studio.core.media_rules import count_findings

    photos = sum(1 for i in items if i[2].kind == "photo")
    found = count_findings(platform, photos, len(items) - photos)
    if found:
        raise UnsupportedMediaError(" ".join(f.message for f in found))


def _video_trim(platform: Platform, index: int, pm: PostMedia, item: MediaItem):
    from studio.core.media_rules import duration_finding

    trim = tuple(pm.trim) if pm.trim else None
    length = (trim[1] - trim[0]) if trim else item.duration
    if length is None:
        return trim
    finding = duration_finding(platform, f"media[{index}]", length, trimmed=bool(trim))
    if finding is not None:
        raise UnsupportedMediaError(f"{_label(index, item)}: {finding.message}")
    return trim


def _shared_aspect(platform: Platform, items) -> str | None:
    """The one aspect every item of a multi-media post gets where the platform crops them
    all to the first item's (Instagram carousels); None where each item keeps its own."""
    if not platform.media.uniform_aspect or len(items) < 2:
        return None
    _index, first_pm, first = items[0]
    rule = platform.image if first.kind == "photo" else platform.video
    shared = choose_aspect(rule, first, first_pm.crop.get(platform.id)).name
    for index, pm, item in items[1:]:
        own = pm.crop.get(platform.id)
        if own and own != shared:
            raise UnsupportedMediaError(
                f"{platform.name} crops every item of a multi-photo post to the first one's "
                f"aspect ({shared}); {_label(index, item)} asks for {own}: use {shared} for it "
                "or change the first item's crop"
            )
    return shared


def plan_jobs(
    post: Post,
    media_by_id: dict[int, MediaItem],
    kit: BrandKit | None,
    platforms: Sequence[str] | None = None,
    *,
    preview: bool = False,
    options: dict[str, Any] | None = None,
) -> list[RenderJob]:
    """One :class:`RenderJob` per (platform, media) of ``post``, in platform then media order.

    Raises :class:`UnsupportedMediaError` naming the platform and media when a platform cannot
    take the post's media at all.
    """
    from studio.core.platforms import UnknownPlatformError, get_platform

    targets = list(platforms) if platforms else list(post.platforms)
    items = []
    for index, pm in enumerate(post.media):
        item = media_by_id.get(pm.media_id)
        if item is None:
            raise RenderError(f"media[{index}]: item #{pm.media_id} is no longer in the library")
        items.append((index, pm, item))
    jobs: list[RenderJob] = []
    for pid in dict.fromkeys(targets):
        try:
            platform = get_platform(pid)
        except UnknownPlatformError as exc:
            raise RenderError(str(exc)) from None
        for index, _pm, item in items:
            if (platform.image if item.kind == "photo" else platform.video) is None:
                kind = "photos" if item.kind == "photo" else "videos"
                raise UnsupportedMediaError(
                    f"{platform.name} takes no {kind}: {_label(index, item)} is a {item.kind}; "
                    f"remove it or remove {platform.name} from the post"
                )
        _check_post_media(platform, items)
        shared = _shared_aspect(platform, items)
        for index, pm, item in items:
            rule = platform.image if item.kind == "photo" else platform.video
            trim = _video_trim(platform, index, pm, item) if item.kind == "video" else None
            try:
                aspect = choose_aspect(rule, item, pm.crop.get(pid) or shared)
            except RenderError as exc:
                raise RenderError(f"{platform.name}, {_label(index, item)}: {exc}") from None
            lower = None
            if kit is not None and kit.lower_third is not None:
                lower = {
                    "title": item.title or post.title,
                    "credit": item.credit,
                    "license": item.license,
                    "handle": kit.handle_for(pid) or "",
                    "date": (item.captured_at or "")[:10],
                }
            jobs.append(
                RenderJob(
                    platform=pid,
                    index=index,
                    kind=item.kind,
                    item=item,
                    post_media=pm,
                    aspect=aspect,
                    size=output_size(aspect, item, rule, kind=item.kind, preview=preview),
                    focal=tuple(pm.focal) if pm.focal is not None else tuple(item.focal),
                    rule=rule,
                    kit=kit,
                    overlays=kit is not None,
                    lower_third=lower,
                    trim=trim,
                    preview=preview,
                    options=dict(options or {}),
                )
            )
    return jobs
