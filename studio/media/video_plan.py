"""Decide a video render before ffmpeg runs: the cut, the size, the frame rate, the budgets.

Everything here is arithmetic on the job, the probe and the platform's rule (no process is
started), so a render that cannot fit the platform fails at once with a message that says
what to change -- silently cutting a heritage film short would be worse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from studio.core.errors import StudioError
from studio.media.jobs import RenderJob
from studio.media.video_graph import (
    PREVIEW_CRF,
    PREVIEW_PRESET,
    PUBLISH_CRF,
    PUBLISH_PRESET,
    X264_PRESETS,
    audio_kbps,
    output_fps,
    video_cap_kbps,
)

#: Shortest clip rendered where the platform sets no minimum: a few frames is not a video.
MIN_SECONDS = 0.25
PREVIEW_LONG_SIDE = 640


class VideoRenderError(StudioError):
    """The video cannot be rendered for this platform; the message says why and what to do."""


@dataclass(frozen=True)
class Plan:
    """Everything decided before ffmpeg runs."""

    name: str  # the platform's name, for messages
    start: float
    duration: float
    size: tuple[int, int]
    fps: Fraction
    audio: str  # "source" | "silent" | "none"
    audio_kbps: int
    cap_kbps: float | None
    preset: str
    crf: int


def plan_video(job: RenderJob, info) -> Plan:
    from studio.core.platforms import UnknownPlatformError, get_platform

    rule = job.rule
    try:
        name = get_platform(job.platform.split(":")[0]).name
    except UnknownPlatformError:
        name = job.platform
    start, duration = trim_window(job, info.duration or 0.0, rule, name)
    has_audio = info.has_audio and not job.options.get("mute")
    forced = job.options.get("silent_audio")
    silent = bool(forced) if forced is not None else bool(job.rule.audio_required)
    audio = "source" if has_audio else ("silent" if silent else "none")
    budget = rule.max_bytes * 8 / 1000 / duration if rule.max_bytes else None
    a_kbps = audio_kbps(budget) if audio != "none" else 0
    cap = video_cap_kbps(
        duration=duration, max_bytes=rule.max_bytes, max_bitrate_kbps=rule.max_bitrate_kbps,
        audio=a_kbps,
    )  # fmt: skip
    if cap is not None and cap < 50:
        raise VideoRenderError(
            f"{name} allows {rule.max_bytes / 1e6:g} MB, too little for {duration:.1f} s of "
            "video; trim the clip shorter"
        )
    preset = job.options.get("preset") or (PREVIEW_PRESET if job.preview else PUBLISH_PRESET)
    if preset not in X264_PRESETS:
        raise VideoRenderError(f"unknown x264 preset {preset!r}; use {', '.join(X264_PRESETS)}")
    fps = output_fps(
        info.fps, min_fps=rule.min_fps, max_fps=rule.max_fps,
        variable=info.variable_frame_rate, cap=30 if job.preview else 60,
    )  # fmt: skip
    crf = PREVIEW_CRF if job.preview else PUBLISH_CRF
    size = fit_size(job.size, rule, job.preview)
    return Plan(name, start, duration, size, fps, audio, a_kbps, cap, preset, crf)


def trim_window(job: RenderJob, length: float, rule, name: str) -> tuple[float, float]:
    """(start, duration) in source seconds, checked against the clip and the platform."""
    trim = job.trim if job.trim is not None else job.post_media.trim
    start, end = (0.0, length) if trim is None else (float(trim[0]), float(trim[1]))
    if not (math.isfinite(start) and math.isfinite(end)) or start < 0:
        raise VideoRenderError(f"invalid trim {trim!r}: use in/out seconds, e.g. (2.0, 14.5)")
    if start >= length:
        raise VideoRenderError(
            f"the trim starts at {start:g} s but the clip is only {length:g} s long"
        )
    duration = min(end, length) - start
    if duration <= 0:
        raise VideoRenderError(
            f"the trim is empty: its out point ({end:g} s) must come after its in point ({start:g} s)"
        )
    shortest = max(rule.min_duration or 0.0, MIN_SECONDS)
    if duration < shortest:
        raise VideoRenderError(
            f"the trimmed clip is {duration:.2f} s; {name} needs at least {shortest:g} s"
        )
    if duration > rule.max_duration:
        raise VideoRenderError(
            f"the trimmed clip is {duration:.1f} s; {name} takes at most {rule.max_duration:g} s, "
            "so trim it shorter"
        )
    return start, duration


def even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def fit_size(size: tuple[int, int], rule, preview: bool) -> tuple[int, int]:
    """The planner's size, shrunk (aspect kept) to the platform's maximum and for previews."""
    w, h = size
    scale = min(1.0, (rule.max_width or w) / w, (rule.max_height or h) / h)
    if preview:
        scale = min(scale, PREVIEW_LONG_SIDE / max(w, h))
    return even(round(w * scale)), even(round(h * scale))
