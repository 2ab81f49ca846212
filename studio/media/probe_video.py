"""Video half of :func:`studio.media.probe.probe`, using the ffmpeg that renders videos.

Why a subprocess and not an in-process library (PyAV): the demuxers and decoders run on
untrusted files, and in a subprocess a crash or a hang is contained -- it is killed after a
timeout and the file is rejected, the app keeps running. It also guarantees that a video
accepted here is decodable by the renderer, which uses the same binary. Cost: one ffmpeg
start, ~30-60 ms per video.

One ffmpeg run does everything, with three outputs in ``framecrc`` format (a stable,
line-per-packet listing) while the usual stream dump goes to stderr:

- the first packets of the video, copied without decoding (stdout): their timestamps tell
  constant from variable frame rate;
- the first *decoded* video frame (a temporary file): proves the codec really decodes;
- the first decoded audio frame, when there is audio (a temporary file).

The input is handed over as an open file descriptor on POSIX (``-fd N -i fd:``), so the
path never reaches ffmpeg's command line: no protocol tricks (``concat:``, URLs) and no
file name echoed into the text we parse. The demuxer is forced from the sniffed content,
so a file cannot pick e.g. the HLS demuxer and make ffmpeg open network addresses.

Truncated files are rejected: a partially copied clip would publish with a frozen or
missing end, so staff are told to copy or export it again rather than finding out later.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from studio.media.ffmpeg import FFmpegError, FFmpegNotFound, ffmpeg_decoders, run_ffmpeg
from studio.media.probe import Format, MediaRejected, ProbeResult
from studio.media.probe_container import check_container
from studio.media.probe_ffparse import parse_framecrc, parse_input_dump

__all__ = ["PACKETS_FOR_VFR", "TIMEOUT_S", "probe_video"]

#: Video packets whose timestamps are compared to tell VFR (5 s at 30 fps; cheap to demux).
PACKETS_FOR_VFR = 150
_REORDER_DEPTH = 16
#: A probe normally takes well under a second; a file that needs more is broken or hostile.
TIMEOUT_S = 20.0
_DEMUXER = {"mp4": "mov", "mov": "mov", "webm": "matroska", "mkv": "matroska"}


def probe_video(path: Path, fmt: Format, size: int) -> ProbeResult:
    """Probe a video whose content was sniffed as ``fmt``; raise :class:`MediaRejected`."""
    check_container(path, fmt, size)
    run = _run(path, fmt)
    info = parse_input_dump(run.stderr)
    video = info.video
    if video is None:
        what = "only audio" if info.audio else "no video"
        raise MediaRejected(
            f"no video stream: the {fmt.label} contains {what}; import a video file", "not_media"
        )
    decoders = ffmpeg_decoders()
    if video.codec not in decoders:
        name = video.tag if video.codec == "none" and video.tag else video.codec
        raise MediaRejected(
            f"unsupported video codec '{name}' in {fmt.label}; export as H.264 MP4",
            "unsupported",
        )
    audio = info.audio
    if audio is not None and audio.codec not in decoders:
        name = audio.tag if audio.codec == "none" and audio.tag else audio.codec
        raise MediaRejected(
            f"unsupported audio codec '{name}' in {fmt.label}; export as H.264 MP4 with AAC audio",
            "unsupported",
        )
    copied = run.packets
    if not copied:
        raise MediaRejected(
            f"empty video: the {fmt.label} has a video stream with no frames (0 s); "
            "export it again",
            "empty",
        )
    if not run.decoded_video:
        raise MediaRejected(
            f"damaged video: no frame of the {video.codec} stream could be decoded; "
            "export it again from the source",
            "damaged",
        )
    if audio is not None and not run.decoded_audio:
        raise MediaRejected(
            f"damaged audio: the {audio.codec} sound track cannot be decoded; "
            "export the video again from the source",
            "damaged",
        )
    duration = info.duration
    if duration is None:  # e.g. WebM recorded by a browser: no duration in the header
        duration = _duration_from_packets(path, fmt, copied)
    if duration is None or duration <= 0:
        raise MediaRejected(
            f"empty video: the {fmt.label} has no length (0 s); export it again", "empty"
        )
    width, height = video.width, video.height
    if round(video.rotation / 90) % 2:
        width, height = height, width
    return ProbeResult(
        kind="video",
        format=fmt.key,
        mime=fmt.mime,
        width=width,
        height=height,
        orientation=1,
        duration=round(duration, 3),
        fps=video.fps,
        frames=None,
        video_codec=video.codec,
        audio_codec=audio.codec if audio else None,
        has_audio=audio is not None,
        captured_at=info.captured_at,
        has_location=info.has_location,
        camera=info.camera,
        colour_mode=None,
        has_icc=False,
        variable_frame_rate=_is_vfr(
            [pts for pts, _dur in copied], truncated=len(copied) >= PACKETS_FOR_VFR
        ),
        warnings=(),
    )


@dataclass
class _Run:
    stderr: str
    packets: list[tuple[float, float]]  # (pts, duration) of the first copied video packets
    decoded_video: bool
    decoded_audio: bool


def _run(path: Path, fmt: Format, *, packets: int = PACKETS_FOR_VFR, decode: bool = True) -> _Run:
    """One ffmpeg pass; each check is its own output so that one ending does not end another
    (the streams of a single output stop together as soon as one reaches its frame limit)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        if os.name == "posix":
            source, pass_fds = ["-fd", str(fd), "-i", "fd:"], (fd,)
        else:  # no fd passing on Windows: "file:" still stops protocol prefixes in the name
            source, pass_fds = ["-i", "file:" + str(Path(path).resolve())], ()
        with tempfile.TemporaryDirectory(prefix="studio-probe-") as tmp:
            video_crc, audio_crc = Path(tmp, "v.crc"), Path(tmp, "a.crc")
            args = [
                "-loglevel", "info", "-nostats",
                "-protocol_whitelist", "file,fd",
                "-f", _DEMUXER[fmt.key], *source,
                "-map", "0:V:0?", "-c", "copy", "-frames:v", str(packets), "-f", "framecrc", "pipe:1",
            ]  # fmt: skip
            if decode:
                args += [
                    "-map", "0:V:0?", "-c:v", "rawvideo", "-frames:v", "1",
                    "-f", "framecrc", "file:" + str(video_crc),
                    "-map", "0:a:0?", "-c:a", "pcm_s16le", "-frames:a", "1",
                    "-f", "framecrc", "file:" + str(audio_crc),
                ]  # fmt: skip
            try:
                proc = run_ffmpeg(args, timeout=TIMEOUT_S, pass_fds=pass_fds)
            except FFmpegNotFound as exc:
                raise MediaRejected(f"cannot check videos: {exc}", "unreadable") from exc
            except FFmpegError as exc:
                raise MediaRejected(
                    f"could not analyse the video ({exc}); the file may be damaged", "unreadable"
                ) from exc
            return _Run(
                stderr=proc.stderr.decode("utf-8", "replace"),
                packets=parse_framecrc(proc.stdout.decode("ascii", "replace")).get(0, []),
                decoded_video=_has_frames(video_crc),
                decoded_audio=_has_frames(audio_crc),
            )
    finally:
        os.close(fd)


def _has_frames(crc: Path) -> bool:
    try:
        return bool(parse_framecrc(crc.read_text("ascii", "replace")).get(0))
    except OSError:  # ffmpeg did not create it: nothing was decoded
        return False


def _duration_from_packets(
    path: Path, fmt: Format, first: list[tuple[float, float]]
) -> float | None:
    packets = first
    if len(first) >= PACKETS_FOR_VFR:  # the first pass stopped early: list them all
        packets = _run(path, fmt, packets=10_000_000, decode=False).packets
    if not packets:
        return None
    start = min(pts for pts, _ in packets)
    return max(pts + dur for pts, dur in packets) - start


def _is_vfr(pts: list[float], *, truncated: bool) -> bool | None:
    """Whether frame intervals vary beyond timestamp rounding (None: too few frames)."""
    stamps = sorted(pts)  # B-frames: packets arrive in decode order
    if truncated:
        # The last packets read may be followed in the file by B-frames that display
        # between them: drop the largest stamps (the reorder depth is at most 16 frames).
        stamps = stamps[:-_REORDER_DEPTH]
    deltas = [b - a for a, b in itertools.pairwise(stamps) if b > a]
    if len(deltas) < 3:
        return None
    deltas.sort()
    median = deltas[len(deltas) // 2]
    # 1 ms covers millisecond timebases (WebM: 33/34 ms at 30 fps); 5 % covers the rest.
    tolerance = max(0.0011, 0.05 * median)
    return any(abs(d - median) > tolerance for d in deltas)
