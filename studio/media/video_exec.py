"""Run ffmpeg for a video render: the source by descriptor, progress, cancel, stalls.

- The source is handed to ffmpeg as an open descriptor (:class:`SourceInput`): no path, no
  protocol tricks in a file name.
- Progress comes from ``-progress pipe:1``, monotonic over passes (:class:`Reporter`);
  cancelling or a stall kills ffmpeg.
- What the source's dump says that the probe does not keep (:func:`inspect_source`): an HDR
  transfer to tone-map, interlaced fields to deinterlace, a location to keep on request.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from studio.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from studio.media.jobs import Cancelled, Progress, RenderCancelled
from studio.media.video_plan import VideoRenderError

if TYPE_CHECKING:
    from studio.media.video_plan import Plan

#: ffmpeg reports progress every 0.25 s; this long without any report means it is stuck.
STALL_SECONDS = 120.0
ISO6709 = re.compile(r"[+-]\d{1,3}(?:\.\d+)?[+-]\d{1,3}(?:\.\d+)?(?:[+-]\d+(?:\.\d+)?)?")
HDR = re.compile(r"^\s+Stream #0:\d+.*: Video: .*/(?:arib-std-b67|smpte2084)\b", re.MULTILINE)
# Field order as ffmpeg prints it in the pixel-format parentheses: "(tv, bt709, top first)",
# "(top coded first (swapped))", "(bottom first)". Interlaced camcorder/broadcast footage
# (1080i) shows combing on every moving edge once scaled, so it is deinterlaced first.
INTERLACED = re.compile(
    r"^\s+Stream #0:\d+.*: Video: [^\n]*\b(?:top|bottom)(?: coded)? first\b", re.MULTILINE
)


class Reporter:
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


class SourceInput:
    """The source handed to ffmpeg as an open descriptor: no path, no protocol tricks."""

    def __init__(self, fd: int, path: Path, demuxer: str, plan: Plan):
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


def check_cancelled(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise RenderCancelled("the render was cancelled")


def inspect_source(source: SourceInput) -> tuple[bool, str | None, bool]:
    """(HDR transfer?, ISO 6709 location, interlaced?) from ffmpeg's dump of the source."""
    from studio.media.probe_ffparse import parse_input_dump

    dump = run_ffmpeg(source.args(trim=False), timeout=20, pass_fds=source.fds).stderr
    text = dump.decode("utf-8", "replace")
    location = None
    for key, value in parse_input_dump(text).metadata.items():
        if key.lower().startswith(("location", "com.apple.quicktime.location.iso6709")):
            match = ISO6709.search(value)
            location = location or (match.group(0) + "/" if match else None)
    return bool(HDR.search(text)), location, bool(INTERLACED.search(text))


def can_tonemap() -> bool:
    """Whether this ffmpeg has zscale (libzimg) and tonemap; a custom build may lack them."""
    return _has_tonemap(ffmpeg_exe())


@functools.lru_cache(maxsize=4)
def _has_tonemap(exe: str) -> bool:
    names = run_ffmpeg(["-filters"], timeout=20).stdout.decode("ascii", "replace").split()
    return "zscale" in names and "tonemap" in names


def run_with_progress(
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
                check_cancelled(cancelled)
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
