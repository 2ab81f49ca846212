"""Whether a platform can take a post's media: counts, mixing and video durations.

Validation shows these findings while the user composes; the render planner refuses a render
with the same findings' messages. One function each, so the two can never disagree.
"""

from __future__ import annotations

from studio.core.findings import Finding
from studio.core.platforms import Platform


def duration_text(seconds: float) -> str:
    """ "45 s", "2 min", "21 min 40 s": how people say clip lengths."""
    seconds = float(seconds)
    if seconds >= 60:
        minutes, secs = divmod(round(seconds), 60)
        return f"{minutes} min {secs:02d} s" if secs else f"{minutes} min"
    return f"{seconds:.1f} s".replace(".0 s", " s")


def count_findings(platform: Platform, photos: int, videos: int) -> list[Finding]:
    """Too many media, photos or videos, or a mix the platform refuses."""
    rule, name, n = platform.media, platform.name, photos + videos
    out = []
    if n > rule.max_items:
        out.append(
            Finding(
                platform.id, "error", "media.too_many",
                f"{name} takes at most {rule.max_items} media per post; there are {n}.",
                "media", n, rule.max_items,
            )
        )  # fmt: skip
    if photos and videos and not rule.allow_mixed:
        out.append(
            Finding(
                platform.id, "error", "media.mixed",
                f"{name} cannot mix photos and videos in one post; keep one kind.", "media",
            )
        )  # fmt: skip
    if videos > rule.max_videos:
        out.append(
            Finding(
                platform.id, "error", "media.too_many_videos",
                f"{name} takes at most {rule.max_videos} video(s); there are {videos}.",
                "media", videos, rule.max_videos,
            )
        )  # fmt: skip
    if photos > rule.max_images and platform.image is not None:
        out.append(
            Finding(
                platform.id, "error", "media.too_many_photos",
                f"{name} takes at most {rule.max_images} photo(s); there are {photos}.",
                "media", photos, rule.max_images,
            )
        )  # fmt: skip
    return out


def duration_finding(
    platform: Platform, field: str, duration: float, *, trimmed: bool
) -> Finding | None:
    """A video (after its trim) too long or too short for the platform, or None."""
    rule, name = platform.video, platform.name
    if rule is None:
        return None
    if duration > rule.max_duration + 1e-6:
        hint = "Shorten the trim" if trimmed else "Set a trim (in/out points)"
        return Finding(
            platform.id, "error", "video.too_long",
            f"{name} takes videos up to {duration_text(rule.max_duration)}; this one lasts "
            f"{duration_text(duration)}. {hint} or remove {name}.",
            f"{field}.trim", round(duration, 2), rule.max_duration,
        )  # fmt: skip
    if duration < rule.min_duration - 1e-6:
        return Finding(
            platform.id, "error", "video.too_short",
            f"{name} needs videos of at least {duration_text(rule.min_duration)}; this one "
            f"lasts {duration_text(duration)}.",
            f"{field}.trim", round(duration, 2), rule.min_duration,
        )  # fmt: skip
    return None
