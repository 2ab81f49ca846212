"""The ffmpeg locator and runner: override, clear errors, and a timeout that really kills."""

from __future__ import annotations

import time

import pytest

from studio.media.ffmpeg import (
    FFmpegNotFound,
    FFmpegTimeout,
    ffmpeg_decoders,
    ffmpeg_exe,
    run_ffmpeg,
)


def test_bundled_ffmpeg_runs_and_decodes_what_the_studio_needs():
    proc = run_ffmpeg(["-version"], timeout=30)
    assert proc.returncode == 0 and proc.stdout.startswith(b"ffmpeg version")
    assert {"h264", "hevc", "aac", "vp9", "av1", "opus"} <= ffmpeg_decoders()


def test_override_by_environment(monkeypatch, tmp_path):
    real = ffmpeg_exe()
    monkeypatch.setenv("STUDIO_FFMPEG", real)
    assert ffmpeg_exe() == real
    monkeypatch.setenv("STUDIO_FFMPEG", str(tmp_path / "missing-ffmpeg"))
    with pytest.raises(FFmpegNotFound, match=r"STUDIO_FFMPEG is set to .* not an executable"):
        ffmpeg_exe()


def test_timeout_kills_a_runaway_ffmpeg():
    start = time.monotonic()
    with pytest.raises(FFmpegTimeout, match=r"did not finish within 0\.5 s"):
        run_ffmpeg(["-re", "-f", "lavfi", "-i", "anullsrc", "-f", "null", "-"], timeout=0.5)
    assert time.monotonic() - start < 5
