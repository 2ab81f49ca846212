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

The decisions made before ffmpeg runs are in :mod:`studio.media.video_plan`; running ffmpeg
(descriptor input, progress, cancel, stalls, reading the source's dump) in
:mod:`studio.media.video_exec`; the filter graph in :mod:`studio.media.video_graph`.

Options (``job.options``): ``poster_time`` (seconds of the *output*; default 1.0, or the
middle of clips shorter than 2 s), ``captions_srt`` (path), ``loudness`` (True or a LUFS
target), ``keep_location``, ``mute``, ``silent_audio`` (force or refuse a silent track),
``preset`` (x264 preset).
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

from studio.core.mediastore import sha256_file
from studio.media.captions import caption_overlays, read_srt
from studio.media.ffmpeg import run_ffmpeg
from studio.media.jobs import Cancelled, Progress, RenderedFile, RenderJob
from studio.media.loudness import (
    LoudnessTarget,
    analysis_args,
    parse_measurement,
    second_pass_filter,
)
from studio.media.video_exec import (
    Reporter,
    SourceInput,
    can_tonemap,
    check_cancelled,
    inspect_source,
    run_with_progress,
)
from studio.media.video_graph import GraphSpec, Overlay, build_filter_complex, place_box, x264_args
from studio.media.video_plan import Plan, VideoRenderError, even, plan_video

__all__ = ["RENDERER_MODULES", "RENDERER_VERSION", "VideoRenderError", "render_video"]

#: Part of the render cache key (with a digest of :data:`RENDERER_MODULES`' sources): bump it
#: when outputs change for a reason outside this code, e.g. a new bundled ffmpeg.
RENDERER_VERSION = 1
#: Every studio.media module whose code decides a rendered video's bytes (a test checks that
#: each studio.media module a video render imports is listed here or known not to matter).
RENDERER_MODULES = (
    "video_render",
    "video_plan",
    "video_exec",
    "video_graph",
    "captions",
    "loudness",
    "textshape",
    "ffmpeg",
    # the probe's duration, frame rate and streams decide the plan
    "probe",
    "probe_container",
    "probe_ffparse",
    "probe_sniff",
    "probe_video",
)
_RETRIES = 2
_DEMUXER = {"mp4": "mov", "mov": "mov", "webm": "matroska", "mkv": "matroska"}


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
    report = Reporter(progress)
    check_cancelled(cancelled)
    info = probe(job.source)
    plan = plan_video(job, info)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    part = out_path.with_name(f".{out_path.name}.part")
    poster = out_path.with_name(f"{out_path.stem}.poster.jpg")
    poster_part = poster.with_name(f".{poster.name}.part")
    fd = os.open(job.source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        source = SourceInput(fd, job.source, _DEMUXER.get(info.format, "mov"), plan)
        hdr, location, interlaced = inspect_source(source)
        with tempfile.TemporaryDirectory(prefix="studio-video-") as tmp:
            overlays = _overlays(job, plan, Path(tmp))
            norm = None
            if plan.audio == "source" and job.options.get("loudness"):
                norm = _measure_loudness(job, source, report.stage(0.0, 0.1), cancelled)
            spec = GraphSpec(
                plan.size, job.focal, plan.fps, tuple(overlays), plan.audio, plan.duration,
                norm, tonemap=hdr and can_tonemap(), deinterlace=interlaced,
            )  # fmt: skip
            keep = job.options.get("keep_location") and location
            meta = ["-metadata", f"location={location}"] if keep else []
            _encode(source, spec, plan, job.rule, meta, part, report, cancelled)
            check_cancelled(cancelled)
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


def _overlays(job: RenderJob, plan: Plan, folder: Path) -> list[Overlay]:
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
    width = even(round(placement.scale * size[0]))
    logo = logo.resize((width, even(logo.height * width / logo.width)), Image.Resampling.LANCZOS)
    if placement.opacity < 1:
        logo.putalpha(logo.getchannel("A").point(lambda a: round(a * placement.opacity)))
    x, y = place_box(size, logo.size, placement.position, placement.margin)
    logo.save(folder / "logo.png", compress_level=1)
    return Overlay(str(folder / "logo.png"), x, y, box=(x, y, *logo.size))


def _measure_loudness(job, source: SourceInput, stage: Progress, cancelled) -> str | None:
    try:
        target = LoudnessTarget.from_option(job.options.get("loudness"))
    except ValueError as exc:
        raise VideoRenderError(str(exc)) from exc
    if target is None:
        return None
    args = ["-loglevel", "info", *source.args(), *analysis_args(target)]
    stderr = run_with_progress(args, source.fds, source.duration, stage, cancelled)
    return second_pass_filter(parse_measurement(stderr), target)


def _encode(source, spec, plan: Plan, rule, meta, part: Path, report, cancelled) -> None:
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
        run_with_progress(args, source.fds, plan.duration, stage, cancelled)
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


def _poster_time(job: RenderJob, plan: Plan) -> float:
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
