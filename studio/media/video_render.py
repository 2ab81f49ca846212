"""Render one platform variant of a video: trim, reframe, logo, captions, H.264/AAC MP4.

The render planner (:mod:`studio.media.render`) builds a :class:`RenderJob`; this module
turns it into a file the platform accepts as it is:

- one ffmpeg process, one filter graph (:mod:`studio.media.video_graph`): no frame reaches
  Python, memory does not grow with the clip, the speed is ffmpeg's;
- the trimmed length must fit the platform's duration rule -- a clear error otherwise, since
  silently cutting a heritage film short would be worse;
- the bitrate is capped so the file fits ``max_bytes`` and ``max_bitrate_kbps``; the result is
  checked and re-encoded at a lower rate if it still does not fit;
- metadata is dropped (location, dates, device make/model, encoder strings) unless
  ``job.options["keep_location"]`` keeps the location alone;
- HDR phone clips (HLG/PQ) are tone-mapped to SDR BT.709: 8-bit yuv420p cannot carry HDR,
  and relabelling it would show washed-out greys;
- progress comes from ``-progress pipe:1``; cancelling kills ffmpeg. Everything is written to
  ``.part`` files renamed at the very end, so a cancelled or failed render leaves nothing
  that looks finished.

Options (``job.options``): ``poster_time`` (seconds of the *output*; default 1.0, or the
middle of clips shorter than 2 s), ``captions_srt`` (path), ``loudness`` (True or a LUFS
target), ``keep_location``, ``mute``, ``silent_audio`` (force or refuse a silent track),
``preset`` (x264 preset).
"""

from __future__ import annotations

import functools
import math
import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from studio.core.errors import StudioError
from studio.core.mediastore import sha256_file
from studio.media.captions import caption_overlays, read_srt
from studio.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from studio.media.jobs import Cancelled, Progress, RenderCancelled, RenderedFile, RenderJob
from studio.media.loudness import (
    LoudnessTarget,
    analysis_args,
    parse_measurement,
    second_pass_filter,
)
from studio.media.video_graph import (
    PREVIEW_CRF,
    PREVIEW_PRESET,
    PUBLISH_CRF,
    PUBLISH_PRESET,
    X264_PRESETS,
    GraphSpec,
    Overlay,
    audio_kbps,
    build_filter_complex,
    output_fps,
    place_box,
    video_cap_kbps,
    x264_args,
)

__all__ = ["RENDERER_VERSION", "VideoRenderError", "render_video"]

#: Part of the render cache key (with a digest of the studio.media modules imported here):
#: bump it when outputs change for a reason outside this code, e.g. a new bundled ffmpeg.
RENDERER_VERSION = 1

#: Platforms whose video needs an audio stream; a silent clip gets a silent AAC track there.
#: Shortest clip rendered where the platform sets no minimum: a few frames is not a video.
MIN_SECONDS = 0.25
PREVIEW_LONG_SIDE = 640
#: ffmpeg reports progress every 0.25 s; this long without any report means it is stuck.
STALL_SECONDS = 120.0
_RETRIES = 2
_DEMUXER = {"mp4": "mov", "mov": "mov", "webm": "matroska", "mkv": "matroska"}
_ISO6709 = re.compile(r"[+-]\d{1,3}(?:\.\d+)?[+-]\d{1,3}(?:\.\d+)?(?:[+-]\d+(?:\.\d+)?)?")
_HDR = re.compile(r"^\s+Stream #0:\d+.*: Video: .*/(?:arib-std-b67|smpte2084)\b", re.MULTILINE)
# Field order as ffmpeg prints it in the pixel-format parentheses: "(tv, bt709, top first)",
# "(top coded first (swapped))", "(bottom first)". Interlaced camcorder/broadcast footage
# (1080i) shows combing on every moving edge once scaled, so it is deinterlaced first.
_INTERLACED = re.compile(
    r"^\s+Stream #0:\d+.*: Video: [^\n]*\b(?:top|bottom)(?: coded)? first\b", re.MULTILINE
)


class VideoRenderError(StudioError):
    """The video cannot be rendered for this platform; the message says why and what to do."""


@dataclass(frozen=True)
class _Plan:
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


def render_video(
    job: RenderJob,
    out_path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RenderedFile:
    """Render ``job`` to ``out_path`` (MP4) and ``<stem>.poster.jpg`` next to it.

    Raises :class:`VideoRenderError` (or :class:`~studio.media.probe.MediaRejected` for a
    broken source) with a message for the user, and :class:`RenderCancelled` when
    ``cancelled()`` turns true; no partial file is left behind in either case.
    """
    from studio.media.probe import probe

    if job.kind != "video":
        raise ValueError(f"render_video got a {job.kind} job")
    report = _Reporter(progress)
    _check(cancelled)
    info = probe(job.source)
    plan = _plan(job, info)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    part = out_path.with_name(f".{out_path.name}.part")
    poster = out_path.with_name(f"{out_path.stem}.poster.jpg")
    poster_part = poster.with_name(f".{poster.name}.part")
    fd = os.open(job.source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        source = _Source(fd, job.source, _DEMUXER.get(info.format, "mov"), plan)
        hdr, location, interlaced = _inspect(source)
        with tempfile.TemporaryDirectory(prefix="studio-video-") as tmp:
            overlays = _overlays(job, plan, Path(tmp))
            norm = None
            if plan.audio == "source" and job.options.get("loudness"):
                norm = _measure_loudness(job, source, report.stage(0.0, 0.1), cancelled)
            spec = GraphSpec(
                plan.size, job.focal, plan.fps, tuple(overlays), plan.audio, plan.duration,
                norm, tonemap=hdr and _can_tonemap(), deinterlace=interlaced,
            )  # fmt: skip
            keep = job.options.get("keep_location") and location
            meta = ["-metadata", f"location={location}"] if keep else []
            _encode(source, spec, plan, job.rule, meta, part, report, cancelled)
            _check(cancelled)
            _poster(part, poster_part, _poster_time(job, plan))
            report(0.98)
            result = probe(part)
            os.replace(poster_part, poster)
            os.replace(part, out_path)
    finally:
        os.close(fd)
        for leftover in (part, poster_part):
            leftover.unlink(missing_ok=True)
    report(1.0)
    return RenderedFile(
        platform=job.platform, index=job.index, kind="video", file=out_path,
        width=result.width, height=result.height, bytes=out_path.stat().st_size,
        sha256=sha256_file(out_path), source_sha256=job.item.sha256, duration=result.duration,
        poster=poster,
    )  # fmt: skip


class _Reporter:
    """Monotonic progress over stages: a retry or a second pass never moves the bar back."""

    def __init__(self, callback: Progress | None):
        self._callback, self.done = callback, 0.0

    def __call__(self, value: float) -> None:
        if min(1.0, value) > self.done:
            self.done = min(1.0, value)
            if self._callback is not None:
                self._callback(self.done)

    def stage(self, lo: float, hi: float) -> Progress:
        return lambda f: self(lo + (hi - lo) * min(1.0, max(0.0, f)))


class _Source:
    """The source handed to ffmpeg as an open descriptor: no path, no protocol tricks."""

    def __init__(self, fd: int, path: Path, demuxer: str, plan: _Plan):
        if os.name == "posix":
            self.input, self.fds = ["-fd", str(fd), "-i", "fd:"], (fd,)
        else:  # no fd passing on Windows; "file:" still stops protocol prefixes in the name
            self.input, self.fds = ["-i", "file:" + str(Path(path).resolve())], ()
        self.demuxer, self.start, self.duration = demuxer, plan.start, plan.duration

    def args(self, *, trim: bool = True) -> list[str]:
        for fd in self.fds:  # shared descriptor: an earlier pass left it at the end
            os.lseek(fd, 0, os.SEEK_SET)
        cut = ["-ss", f"{self.start:.6f}", "-t", f"{self.duration:.6f}"] if trim else []
        return [*cut, "-protocol_whitelist", "file,fd", "-f", self.demuxer, *self.input]


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise RenderCancelled("the render was cancelled")


def _plan(job: RenderJob, info) -> _Plan:
    from studio.core.platforms import UnknownPlatformError, get_platform

    rule = job.rule
    try:
        name = get_platform(job.platform.split(":")[0]).name
    except UnknownPlatformError:
        name = job.platform
    start, duration = _trim(job, info.duration or 0.0, rule, name)
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
    size = _fit_size(job.size, rule, job.preview)
    return _Plan(name, start, duration, size, fps, audio, a_kbps, cap, preset, crf)


def _trim(job: RenderJob, length: float, rule, name: str) -> tuple[float, float]:
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


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def _fit_size(size: tuple[int, int], rule, preview: bool) -> tuple[int, int]:
    """The planner's size, shrunk (aspect kept) to the platform's maximum and for previews."""
    w, h = size
    scale = min(1.0, (rule.max_width or w) / w, (rule.max_height or h) / h)
    if preview:
        scale = min(scale, PREVIEW_LONG_SIDE / max(w, h))
    return _even(round(w * scale)), _even(round(h * scale))


def _inspect(source: _Source) -> tuple[bool, str | None, bool]:
    """(HDR transfer?, ISO 6709 location, interlaced?) from ffmpeg's dump of the source."""
    from studio.media.probe_ffparse import parse_input_dump

    dump = run_ffmpeg(source.args(trim=False), timeout=20, pass_fds=source.fds).stderr
    text = dump.decode("utf-8", "replace")
    location = None
    for key, value in parse_input_dump(text).metadata.items():
        if key.lower().startswith(("location", "com.apple.quicktime.location.iso6709")):
            match = _ISO6709.search(value)
            location = location or (match.group(0) + "/" if match else None)
    return bool(_HDR.search(text)), location, bool(_INTERLACED.search(text))


def _can_tonemap() -> bool:
    """Whether this ffmpeg has zscale (libzimg) and tonemap; a custom build may lack them."""
    return _has_tonemap(ffmpeg_exe())


@functools.lru_cache(maxsize=4)
def _has_tonemap(exe: str) -> bool:
    names = run_ffmpeg(["-filters"], timeout=20).stdout.decode("ascii", "replace").split()
    return "zscale" in names and "tonemap" in names


def _overlays(job: RenderJob, plan: _Plan, folder: Path) -> list[Overlay]:
    overlays: list[Overlay] = []
    logo = _logo(job, plan.size, folder)
    if logo is not None:
        overlays.append(logo)
    srt = job.options.get("captions_srt")
    if srt:
        overlays += caption_overlays(
            read_srt(Path(srt)), size=plan.size, kit=job.kit, start=plan.start,
            duration=plan.duration, folder=folder, keep_clear=logo.box if logo else None,
        )  # fmt: skip
    return overlays


def _logo(job: RenderJob, size: tuple[int, int], folder: Path) -> Overlay | None:
    """The kit's watermark for this platform, sized and faded by Pillow once (not per frame)."""
    kit = job.kit
    placement = kit.watermark_for(job.platform) if job.overlays and kit is not None else None
    if placement is None or placement.logo not in kit.logos:
        return None
    from PIL import Image

    with Image.open(kit.logos[placement.logo]) as src:
        logo = src.convert("RGBA")
    width = _even(round(placement.scale * size[0]))
    logo = logo.resize((width, _even(logo.height * width / logo.width)), Image.Resampling.LANCZOS)
    if placement.opacity < 1:
        logo.putalpha(logo.getchannel("A").point(lambda a: round(a * placement.opacity)))
    x, y = place_box(size, logo.size, placement.position, placement.margin)
    logo.save(folder / "logo.png", compress_level=1)
    return Overlay(str(folder / "logo.png"), x, y, box=(x, y, *logo.size))


def _measure_loudness(job, source: _Source, stage: Progress, cancelled) -> str | None:
    try:
        target = LoudnessTarget.from_option(job.options.get("loudness"))
    except ValueError as exc:
        raise VideoRenderError(str(exc)) from exc
    if target is None:
        return None
    args = ["-loglevel", "info", *source.args(), *analysis_args(target)]
    stderr = _run(args, source.fds, source.duration, stage, cancelled)
    return second_pass_filter(parse_measurement(stderr), target)


def _encode(source, spec, plan: _Plan, rule, meta, part: Path, report, cancelled) -> None:
    """Encode, check the file against the platform's limits, re-encode lower if over."""
    cap, lo = plan.cap_kbps, report.done
    for attempt in range(_RETRIES + 1):
        args = ["-loglevel", "error", *source.args()]
        for ov in spec.overlays:  # png_pipe: a path is never read as a sequence pattern
            args += ["-protocol_whitelist", "file", "-f", "png_pipe", "-i", "file:" + ov.path]
        graph, has_audio = build_filter_complex(spec)
        args += ["-filter_complex", graph, "-map", "[vout]", *(["-map", "[aout]"] * has_audio)]
        args += x264_args(preset=plan.preset, crf=plan.crf, cap_kbps=cap)
        if spec.tonemap:
            args += ["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709"]
        if has_audio:
            args += ["-c:a", "aac", "-b:a", f"{plan.audio_kbps}k", "-ac", "2"]
        args += [
            "-fps_mode", "cfr", "-t", f"{plan.duration:.6f}", *meta,
            "-map_metadata", "-1", "-map_chapters", "-1",
            "-metadata:s:v", "encoder=", "-metadata:s:a", "encoder=",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-movflags", "+faststart", "-f", "mp4", "-y", "file:" + str(part),
        ]  # fmt: skip
        stage = report.stage(lo + (0.95 - lo) * attempt / (_RETRIES + 1), 0.95)
        _run(args, source.fds, plan.duration, stage, cancelled)
        written = part.stat().st_size
        kbps = written * 8 / 1000 / plan.duration
        ratios = [r for r in (rule.max_bytes and rule.max_bytes / written,
                              rule.max_bitrate_kbps and rule.max_bitrate_kbps / kbps) if r]  # fmt: skip
        if min(ratios, default=1.0) >= 1.0:
            return
        if attempt == _RETRIES:
            raise VideoRenderError(
                f"the video does not fit {plan.name}'s limits ({written / 1e6:.1f} MB, "
                f"{kbps:.0f} kbps) even at a low bitrate; trim it shorter"
            )
        video_kbps = max(50.0, kbps - plan.audio_kbps)
        cap = min(cap or video_kbps, video_kbps) * min(ratios) * 0.9


def _poster_time(job: RenderJob, plan: _Plan) -> float:
    wanted = job.options.get("poster_time")
    t = float(wanted) if wanted is not None else (1.0 if plan.duration >= 2 else plan.duration / 2)
    t = t if math.isfinite(t) else 0.0
    return min(max(0.0, t), max(0.0, plan.duration - 1.5 / float(plan.fps)))


def _poster(video: Path, target: Path, at: float) -> None:
    """The poster frame, taken from the *rendered* video so it shows crop, logo and captions."""
    args = [
        "-loglevel", "error", "-ss", f"{at:.3f}", "-protocol_whitelist", "file",
        "-i", "file:" + str(video), "-frames:v", "1", "-q:v", "2",
        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-f", "mjpeg", "-y", "file:" + str(target),
    ]  # fmt: skip
    proc = run_ffmpeg(args, timeout=60)
    if proc.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-2:]
        raise VideoRenderError(f"could not extract the poster frame: {' / '.join(tail)}")


def _run(
    args: list[str],
    pass_fds: tuple[int, ...],
    duration: float,
    report: Progress,
    cancelled: Cancelled | None,
) -> str:
    """Run ffmpeg, reporting ``out_time_us / duration``; kill it on cancel or stall.

    stdout carries the ``-progress`` lines, read by a thread so that a cancel is noticed
    within 0.1 s even while ffmpeg prints nothing; stderr goes to a temporary file, which
    cannot fill up and block ffmpeg the way an unread pipe would. Returns stderr.
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:1",
           "-stats_period", "0.25", *args]  # fmt: skip
    extra = {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)} if os.name == "nt" else {}
    state = {"us": 0, "at": time.monotonic()}
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err,
                pass_fds=pass_fds, **extra,
            )  # fmt: skip
        except OSError as exc:
            raise VideoRenderError(f"ffmpeg could not be started ({exc.strerror or exc})") from exc

        def read_progress() -> None:
            for raw in proc.stdout:
                key, _, value = raw.decode("ascii", "replace").strip().partition("=")
                if key == "out_time_us" and value.isdigit():
                    state["us"] = int(value)
                state["at"] = time.monotonic()

        reader = threading.Thread(target=read_progress, name="ffmpeg-progress", daemon=True)
        reader.start()
        try:
            while True:
                try:
                    proc.wait(timeout=0.1)
                    break
                except subprocess.TimeoutExpired:
                    pass
                _check(cancelled)
                if time.monotonic() - state["at"] > STALL_SECONDS:
                    raise VideoRenderError(f"ffmpeg made no progress for {STALL_SECONDS:g} s")
                report(state["us"] / 1e6 / duration)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            reader.join(timeout=5)
            proc.stdout.close()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = " / ".join(stderr.strip().splitlines()[-3:]) or f"exit status {proc.returncode}"
        raise VideoRenderError(f"ffmpeg could not render the video: {tail}")
    report(1.0)
    return stderr
