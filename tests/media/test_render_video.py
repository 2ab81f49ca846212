"""Video renders, end to end: real ffmpeg on small synthetic clips, checked with real readers.

Clips are 640x360, 3.2-3.5 s, made with lavfi (testsrc2, solid colours with a marker, sine
tones) once per module. Most renders use the x264 preset "ultrafast" to keep the suite fast;
one uses the product's default. Outputs are checked with our ffmpeg-based probe, the stream
dump, a top-level MP4 box walk, decoded frames (numpy) and exiftool.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from studio.core.model import MediaItem, PostMedia
from studio.core.platforms import get_platform
from studio.media.ffmpeg import run_ffmpeg
from studio.media.jobs import RenderCancelled, RenderJob
from studio.media.probe import probe
from studio.media.video_render import VideoRenderError, render_video

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
LOGO = REPO / "brand_kits/embassy-cultural-ar/logos/maridia-star.png"
FAST = {"preset": "ultrafast"}


def _ffmpeg(*args: str) -> None:
    proc = run_ffmpeg(["-loglevel", "error", "-y", *args], timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("clips")
    h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    tone = ["-f", "lavfi", "-i", "sine=f=440:d=3.5"]
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=3.5", *tone, *h264, "-c:a", "aac",
        "-shortest", "-metadata", "creation_time=2024-05-14T09:30:00Z",
        "-metadata", "location=+37.2500+012.5000/", "-metadata", "make=Apple",
        "-metadata", "model=iPhone 15 Pro", str(d / "clip.mp4"),
    )  # fmt: skip
    # Grey field with a red square at x 60..120 (centre 0.14 of the width), no sound.
    _ffmpeg(
        "-f", "lavfi", "-i", "color=c=0x808080:s=640x360:r=30:d=3.2",
        "-vf", "drawbox=x=60:y=150:w=60:h=60:color=red:t=fill", *h264, str(d / "marker.mp4"),
    )  # fmt: skip
    # Top half red, bottom half blue, stored rotated by a display matrix (a phone clip).
    _ffmpeg(
        "-f", "lavfi", "-i", "color=c=red:s=640x360:r=30:d=3.2",
        "-vf", "drawbox=x=0:y=180:w=640:h=180:color=blue:t=fill", *h264, str(d / "flat.mp4"),
    )  # fmt: skip
    _ffmpeg(
        "-display_rotation", "90", "-i", str(d / "flat.mp4"), "-c", "copy", str(d / "rotated.mov")
    )
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=4",
        "-vf", "setpts='if(lt(T,1),PTS,PTS*2)'", "-fps_mode", "vfr", *h264, str(d / "vfr.mp4"),
    )  # fmt: skip
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=3.5",
        "-f", "lavfi", "-i", "sine=f=440:d=3.5,volume=-32dB", *h264, "-c:a", "aac", "-shortest",
        str(d / "quiet.mp4"),
    )  # fmt: skip
    # The same picture as "clip", 10-bit and tagged HLG BT.2020: an iPhone-style HDR clip.
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=3.2",
        "-vf", "setparams=color_primaries=bt2020:color_trc=arib-std-b67:colorspace=bt2020nc,"
        "format=yuv420p10le", "-c:v", "libx264", "-preset", "ultrafast", str(d / "hlg.mp4"),
    )  # fmt: skip
    # 1080i-style: 50 fields/s woven into 25 frames/s, top field first, a bar moving fast
    # enough that the two fields of a frame show it in different places (combing).
    _ffmpeg(
        "-filter_complex", "color=c=gray:s=640x360:r=50:d=3[bg];color=c=white:s=80x360:r=50"
        ":d=3[bar];[bg][bar]overlay=x='mod(t*600,560)':y=0,"
        "tinterlace=mode=interleave_top,setfield=tff[v]", "-map", "[v]", "-c:v", "libx264",
        "-preset", "ultrafast", "-flags", "+ildct+ilme", "-x264-params", "tff=1",
        "-pix_fmt", "yuv420p", str(d / "interlaced.mp4"),
    )  # fmt: skip
    return {p.stem: p for p in d.iterdir()}


@pytest.fixture(scope="module")
def kit():
    from types import MappingProxyType

    from studio.core.brandkit import BrandKit, Placement

    return BrandKit(
        id="test-kit", name="Test kit", path=LOGO.parent.parent, languages=("ar", "en"),
        colours=MappingProxyType({"primary": "#1B4D3E", "secondary": "#C8A951",
                                  "background": "#FFFFFF", "text": "#111111"}),
        fonts=MappingProxyType({}), logos=MappingProxyType({"primary": LOGO}),
        handles=MappingProxyType({}), hashtags=MappingProxyType({}), required_hashtags=(),
        forbidden=(), credit_format="", required=(),
        watermarks=MappingProxyType({"default": Placement("top-right", 0.04, 1.0, 0.2)}),
    )  # fmt: skip


def make_job(src: Path, platform: str = "tiktok", aspect: str | None = None, **kw) -> RenderJob:
    rule = kw.pop("rule", None) or get_platform(platform).video
    chosen = next(a for a in rule.preferred if aspect in (None, a.name))
    item = MediaItem(
        id=1, sha256="ab" * 32, kind="video", format="mp4", mime="video/mp4", ext=src.suffix,
        bytes=src.stat().st_size, width=640, height=360, path=src, original_name=src.name,
    )  # fmt: skip
    kw.setdefault("options", dict(FAST))
    return RenderJob(
        platform=platform, index=0, kind="video", item=item, post_media=PostMedia(media_id=1),
        aspect=chosen, size=kw.pop("size", chosen.size), focal=kw.pop("focal", (0.5, 0.5)),
        rule=rule, **kw,
    )  # fmt: skip


def stream_dump(path: Path) -> str:
    proc = run_ffmpeg(["-i", "file:" + str(path)], timeout=30)
    return proc.stderr.decode("utf-8", "replace")


def top_level_boxes(path: Path) -> list[str]:
    data, boxes, pos = path.read_bytes(), [], 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
        boxes.append(kind.decode("latin-1"))
        pos += size if size else len(data)
    return boxes


def frame(path: Path, at: float) -> np.ndarray:
    """The decoded RGB frame at ``at`` seconds, as (h, w, 3) uint8."""
    proc = run_ffmpeg(
        ["-loglevel", "error", "-ss", f"{at}", "-i", "file:" + str(path), "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], timeout=30,
    )  # fmt: skip
    w, h = map(int, re.search(r", (\d+)x(\d+) \[SAR", stream_dump(path)).groups())
    return np.frombuffer(proc.stdout, np.uint8).reshape(h, w, 3)


def exif(path: Path) -> dict:
    out = subprocess.run(
        ["exiftool", "-j", "-a", "-G1", str(path)], capture_output=True, check=True, timeout=30
    )
    return json.loads(out.stdout)[0]


def test_tiktok_is_h264_high_yuv420p_aac_square_pixels_faststart(clips, tmp_path):
    """The product's default settings (preset medium), on the clip with sound."""
    out = tmp_path / "tt.mp4"
    seen = []
    result = render_video(make_job(clips["clip"], options={}), out, progress=seen.append)
    dump = stream_dump(out)
    assert re.search(r"Video: h264 \(High\).*yuv420p\(.*1080x1920 \[SAR 1:1 DAR 9:16\]", dump)
    assert re.search(r"Audio: aac \(LC\).*48000 Hz, stereo", dump)
    assert ", 30 fps" in dump
    boxes = top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat"), boxes
    assert (result.width, result.height) == (1080, 1920)
    assert result.bytes == out.stat().st_size and result.source_sha256 == "ab" * 32
    assert result.duration == pytest.approx(3.5, abs=1 / 30)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 3


@pytest.mark.parametrize(
    ("platform", "aspect", "size"),
    [
        ("instagram", "1:1", (1080, 1080)),
        ("instagram", "4:5", (1080, 1350)),
        ("x", "16:9", (1280, 720)),
        ("youtube", "16:9", (1920, 1080)),
        ("x", "9:16", (720, 1280)),
    ],
)
def test_each_aspect_gets_the_platform_size(clips, tmp_path, platform, aspect, size):
    out = tmp_path / "v.mp4"
    result = render_video(make_job(clips["clip"], platform, aspect), out)
    info = probe(out)
    assert (info.width, info.height) == size == (result.width, result.height)
    assert "[SAR 1:1" in stream_dump(out)


def test_size_is_capped_by_the_platform_maximum(clips, tmp_path):
    job = make_job(clips["clip"], "x", "16:9", size=(1920, 1080))  # X caps the long side: 1280
    assert render_video(job, tmp_path / "v.mp4").width == 1280


def test_trim_gives_the_trimmed_duration_within_a_frame(clips, tmp_path):
    out = tmp_path / "t.mp4"
    result = render_video(make_job(clips["clip"], "x", trim=(0.6, 2.9)), out)
    assert result.duration == pytest.approx(2.3, abs=1 / 30)
    assert probe(out).duration == pytest.approx(2.3, abs=1 / 30)


def _red_share(rgb: np.ndarray) -> float:
    red = (rgb[..., 0] > 180) & (rgb[..., 1] < 80) & (rgb[..., 2] < 80)
    return float(red.mean())


def test_focal_point_keeps_an_off_centre_subject_in_a_vertical_crop(clips, tmp_path):
    # The marker's centre is at x = 0.14; a centred 9:16 crop (x 0.34..0.66) loses it.
    kept = render_video(make_job(clips["marker"], focal=(0.14, 0.5)), tmp_path / "f.mp4")
    lost = render_video(make_job(clips["marker"]), tmp_path / "c.mp4")
    assert _red_share(frame(kept.file, 1.0)) > 0.045  # all of it: 60x60 of a 202x360 crop
    assert _red_share(frame(lost.file, 1.0)) == 0.0


def test_logo_is_drawn_in_the_kits_corner(clips, tmp_path, kit):
    plain = frame(render_video(make_job(clips["marker"], "x", "16:9"), tmp_path / "a.mp4").file, 1)
    job = make_job(clips["marker"], "x", "16:9", kit=kit)
    logo = frame(render_video(job, tmp_path / "b.mp4").file, 1)
    diff = np.abs(logo.astype(int) - plain.astype(int)).sum(axis=2) > 40
    h, w = diff.shape
    corners = {
        "top-right": diff[: h // 3, 2 * w // 3 :],
        "top-left": diff[: h // 3, : w // 3],
        "bottom-left": diff[2 * h // 3 :, : w // 3],
        "bottom-right": diff[2 * h // 3 :, 2 * w // 3 :],
    }
    assert corners["top-right"].mean() > 0.05
    assert all(corners[c].mean() < 0.001 for c in ("top-left", "bottom-left", "bottom-right"))
    # 20 % of the width (256 px), 4 % of the short side (29 px) from the top and right edges;
    # the logo's own transparent border may leave a few pixels of its box without ink.
    cols, rows = np.flatnonzero(diff.any(axis=0)), np.flatnonzero(diff.any(axis=1))
    assert cols.min() >= 1280 - 29 - 256 - 2 and cols.max() <= 1280 - 29 + 1
    assert cols.max() - cols.min() > 0.85 * 256
    assert 28 - 2 <= rows.min() < 40


def test_overlays_false_draws_no_logo(clips, tmp_path, kit):
    job = make_job(clips["marker"], "x", "16:9", kit=kit, overlays=False)
    rgb = frame(render_video(job, tmp_path / "n.mp4").file, 1)
    assert np.abs(rgb[:240, 853:].astype(int) - 128).max() < 12  # grey only


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool not installed")
def test_location_dates_and_device_tags_are_removed(clips, tmp_path):
    before = exif(clips["clip"])
    assert "Composite:GPSLatitude" in before and before["QuickTime:CreateDate"].startswith("2024")
    result = render_video(make_job(clips["clip"], "x"), tmp_path / "m.mp4")
    tags = exif(result.file)
    text = json.dumps(tags)
    assert not [k for k in tags if "GPS" in k or "Location" in k]
    assert "iPhone" not in text  # ("Apple" stays: the generic QuickTime handler vendor)
    assert not [k for k in tags if k.endswith(("Encoder", "Make", "Model", "CompressorName"))]
    assert "Lavf" not in text and "Lavc" not in text
    dates = [
        v for k, v in tags.items()
        if k.endswith(("CreateDate", "ModifyDate")) and not k.startswith("System:")
    ]  # fmt: skip
    assert dates and all(v == "0000:00:00 00:00:00" for v in dates)
    data = result.file.read_bytes()
    assert b"x264" not in data and b"Lavf" not in data and b"iPhone" not in data
    assert "Comment" not in json.dumps(exif(result.poster))


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool not installed")
def test_keep_location_keeps_only_the_location(clips, tmp_path):
    job = make_job(clips["clip"], "x", options={**FAST, "keep_location": True})
    tags = exif(render_video(job, tmp_path / "k.mp4").file)
    assert tags["Composite:GPSLatitude"] == before_lat(clips["clip"])
    assert "iPhone" not in json.dumps(tags)
    assert all(v == "0000:00:00 00:00:00" for k, v in tags.items() if k.endswith("CreateDate"))


def before_lat(path: Path) -> str:
    return exif(path)["Composite:GPSLatitude"]


@pytest.mark.parametrize(
    ("platform", "trim", "message"),
    [
        ("x", (1.0, 1.0), "trim is empty"),
        ("x", (2.0, 1.0), "trim is empty"),
        ("x", (1.0, 1.1), "needs at least 0.5 s"),
        ("tiktok", (0.0, 2.0), "TikTok needs at least 3 s"),
        ("x", (9.0, 12.0), "clip is only 3.5 s long"),
        ("x", (-1.0, 2.0), "invalid trim"),
    ],
)
def test_bad_trims_are_refused_with_a_clear_message(clips, tmp_path, platform, trim, message):
    with pytest.raises(VideoRenderError, match=message):
        render_video(make_job(clips["clip"], platform, trim=trim), tmp_path / "e.mp4")
    assert not list(tmp_path.iterdir())


def test_too_long_for_the_platform_is_refused(clips, tmp_path):
    rule = dataclasses.replace(get_platform("x").video, max_duration=2.0)
    with pytest.raises(VideoRenderError, match="at most 2 s"):
        render_video(make_job(clips["clip"], "x", rule=rule), tmp_path / "e.mp4")


def test_a_silent_clip_stays_silent_where_audio_is_optional(clips, tmp_path):
    result = render_video(make_job(clips["marker"], "x"), tmp_path / "s.mp4")
    assert not probe(result.file).has_audio


def test_a_silent_clip_gets_a_silent_track_where_the_platform_needs_one(clips, tmp_path):
    result = render_video(make_job(clips["marker"], "telegram"), tmp_path / "s.mp4")
    info = probe(result.file)
    assert info.has_audio and info.audio_codec == "aac"
    assert info.duration == pytest.approx(3.2, abs=1 / 30)


def test_variable_frame_rate_source_becomes_constant(clips, tmp_path):
    assert probe(clips["vfr"]).variable_frame_rate is True
    result = render_video(make_job(clips["vfr"], "instagram"), tmp_path / "c.mp4")
    info = probe(result.file)
    assert info.variable_frame_rate is False and info.fps == 30
    assert info.duration == pytest.approx(probe(clips["vfr"]).duration, abs=0.1)


def test_rotated_phone_clip_is_reframed_as_displayed(clips, tmp_path):
    src = probe(clips["rotated"])
    assert (src.width, src.height) == (360, 640)  # shown upright: portrait
    result = render_video(make_job(clips["rotated"], "instagram", "9:16"), tmp_path / "r.mp4")
    rgb = frame(result.file, 1.0).astype(int)
    # Displayed, the red/blue halves are side by side; stored, they are on top of each other.
    left, right = rgb[:, :400].mean(axis=(0, 1)), rgb[:, -400:].mean(axis=(0, 1))
    top, bottom = rgb[:700].mean(axis=(0, 1)), rgb[-700:].mean(axis=(0, 1))
    assert np.abs(left - right).max() > 150 and np.abs(top - bottom).max() < 20
    assert exif(result.file).get("Composite:Rotation", 0) == 0


def test_cancel_stops_ffmpeg_and_removes_partial_files(clips, tmp_path):
    out = tmp_path / "out" / "c.mp4"
    seen: list[float] = []
    job = make_job(clips["clip"], options={"preset": "slow"})
    with pytest.raises(RenderCancelled):
        render_video(job, out, progress=seen.append, cancelled=lambda: bool(seen))
    assert seen and seen[-1] < 0.9
    assert list(out.parent.iterdir()) == []


def test_cancel_before_start_does_nothing(clips, tmp_path):
    with pytest.raises(RenderCancelled):
        render_video(make_job(clips["clip"]), tmp_path / "c.mp4", cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_tight_byte_limit_is_respected(clips, tmp_path):
    free = render_video(make_job(clips["clip"], "x"), tmp_path / "free.mp4")
    limit = free.bytes // 3
    rule = dataclasses.replace(get_platform("x").video, max_bytes=limit)
    capped = render_video(make_job(clips["clip"], "x", rule=rule), tmp_path / "capped.mp4")
    assert capped.bytes <= limit < free.bytes
    assert capped.duration == pytest.approx(3.5, abs=1 / 30)


def test_impossible_byte_limit_is_a_clear_error(clips, tmp_path):
    rule = dataclasses.replace(get_platform("x").video, max_bytes=20_000)
    with pytest.raises(VideoRenderError, match=r"too little for 3\.5 s"):
        render_video(make_job(clips["clip"], "x", rule=rule), tmp_path / "e.mp4")


def test_poster_is_the_rendered_frame_at_the_chosen_time(clips, tmp_path):
    from PIL import Image

    job = make_job(clips["clip"], "x", options={**FAST, "poster_time": 2.0})
    result = render_video(job, tmp_path / "p.mp4")
    assert result.poster == tmp_path / "p.poster.jpg"
    with Image.open(result.poster) as img:
        assert img.format == "JPEG" and img.size == (1280, 720)
        poster = np.asarray(img.convert("RGB")).astype(int)
    at, other = frame(result.file, 2.0).astype(int), frame(result.file, 0.5).astype(int)
    assert np.abs(poster - at).mean() < np.abs(poster - other).mean() / 2


def test_loudness_is_normalised_to_the_target(clips, tmp_path):
    from studio.media.loudness import LoudnessTarget, analysis_args, parse_measurement

    def integrated(path: Path) -> float:
        proc = run_ffmpeg(["-i", "file:" + str(path), *analysis_args(LoudnessTarget())], timeout=60)
        return parse_measurement(proc.stderr.decode("utf-8", "replace"))["input_i"]

    assert integrated(clips["quiet"]) < -30
    job = make_job(clips["quiet"], "x", options={**FAST, "loudness": True})
    assert integrated(render_video(job, tmp_path / "l.mp4").file) == pytest.approx(-14, abs=1.0)


def test_captions_are_burned_in_on_the_trimmed_timeline_above_the_safe_area(clips, tmp_path):
    srt = tmp_path / "cues.srt"
    srt.write_text(
        "1\n00:00:01,500 --> 00:00:02,500\nمرحبا بكم في معرض UNESCO\n\n"
        "2\n00:00:02,600 --> 00:00:03,200\nBienvenue à l'exposition\n",
        "utf-8",
    )
    job = make_job(
        clips["marker"], "x", "9:16", trim=(1.0, 3.2), options={**FAST, "captions_srt": str(srt)}
    )
    out = render_video(job, tmp_path / "cap" / "c.mp4").file
    # Source 1.5-2.5 s and 2.6-3.2 s are output 0.5-1.5 s and 1.6-2.2 s.
    blank, arabic, french = (frame(out, t).astype(int) for t in (0.2, 1.0, 1.9))
    for shown in (arabic, french):
        rows = np.flatnonzero((np.abs(shown - blank).sum(axis=2) > 60).any(axis=1))
        assert rows.size > 30, "no caption drawn"
        assert rows.min() > 0.55 * 1280 and rows.max() < 0.80 * 1280  # above the UI band
    assert np.abs(arabic - french).sum(axis=2).max() > 60  # each cue at its own time


def test_hdr_phone_clip_is_tone_mapped_to_sdr_bt709(clips, tmp_path):
    assert "arib-std-b67" in stream_dump(clips["hlg"])
    hdr = render_video(make_job(clips["hlg"], "x"), tmp_path / "h.mp4").file
    sdr = render_video(make_job(clips["clip"], "x"), tmp_path / "s.mp4").file
    assert re.search(r"Video: h264 .*yuv420p\(tv, bt709, progressive\)", stream_dump(hdr))
    # Same picture: a plain 10-to-8-bit conversion would look the same as the SDR render.
    assert np.abs(frame(hdr, 1.0).astype(int) - frame(sdr, 1.0).astype(int)).mean() > 8


def _combing(img: np.ndarray) -> float:
    """Neighbouring rows (other field) unlike rows two apart (same field): > 1 means combs."""
    g = img.astype(float).mean(axis=2)
    return float(np.abs(g[1:-1] - g[:-2]).mean() / max(np.abs(g[2:] - g[:-2]).mean(), 1e-6))


def test_interlaced_footage_is_deinterlaced_before_scaling(clips, tmp_path, monkeypatch):
    from studio.media import video_exec

    assert "top first" in stream_dump(clips["interlaced"])
    job = make_job(clips["interlaced"], "x")
    fixed = render_video(job, tmp_path / "fixed.mp4").file
    monkeypatch.setattr(video_exec, "INTERLACED", re.compile(r"(?!)"))  # as if undetected
    woven = render_video(job, tmp_path / "woven.mp4").file
    for t in (0.5, 1.3, 2.1):
        assert _combing(frame(woven, t)) > 1.5 * _combing(frame(fixed, t)), t


# --- decisions, without ffmpeg -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "lo", "hi", "variable", "expected"),
    [
        (29.97, None, None, False, "30000/1001"),  # kept, as the exact NTSC rational
        (25.0, 23.0, 60.0, False, "25"),
        (120.0, 23.0, 60.0, False, "60"),  # halved: even frame drops
        (59.94, None, 30.0, False, "30000/1001"),
        (15.0, 23.0, 60.0, False, "30"),  # doubled
        (240.0, None, None, False, "60"),  # nothing plays more than 60
        (22.5, 23.0, 60.0, True, "30"),  # VFR reports its average rate
        (None, None, None, None, "30"),
    ],
)
def test_output_frame_rate(source, lo, hi, variable, expected):
    from fractions import Fraction

    from studio.media.video_graph import output_fps

    got = output_fps(source, min_fps=lo, max_fps=hi, variable=variable)
    assert got == Fraction(expected)


def test_bitrate_cap_comes_from_bytes_and_bitrate_limits():
    from studio.media.video_graph import video_cap_kbps

    # 10 MB over 60 s: 1307 kbps usable after the container's share, minus 128 for audio,
    # spread over 61 s (the VBV buffer may overshoot by one second).
    cap = video_cap_kbps(duration=60, max_bytes=10_000_000, max_bitrate_kbps=None, audio=128)
    assert cap == pytest.approx((10_000_000 * 8 / 1000 * 0.98 - 128 * 60) / 61)
    assert video_cap_kbps(
        duration=10, max_bytes=300_000_000, max_bitrate_kbps=25_000, audio=128
    ) == pytest.approx(0.95 * 25_000 - 128)
    assert video_cap_kbps(duration=10, max_bytes=4e9, max_bitrate_kbps=None, audio=128) is None


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("top-left", (43, 43)),
        ("top-right", (1080 - 200 - 43, 43)),
        ("bottom-left", (43, 1920 - 100 - 43)),
        ("bottom", (440, 1920 - 100 - 43)),
        ("center", (440, 910)),
    ],
)
def test_logo_placement(position, expected):
    from studio.media.video_graph import place_box

    x, y = place_box((1080, 1920), (200, 100), position, 0.04)  # margin: 4 % of 1080 = 43
    assert (x, y) == (expected[0] - expected[0] % 2, expected[1] - expected[1] % 2)  # even
