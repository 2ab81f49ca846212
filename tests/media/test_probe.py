"""probe(): real files in, facts or one clear MediaRejected out -- never another exception."""

from __future__ import annotations

import os
import re
import time

import pytest

from studio.media.probe import MAX_IMAGE_PIXELS, MediaRejected, probe


def rejected(path) -> MediaRejected:
    with pytest.raises(MediaRejected) as info:
        probe(path)
    message = str(info.value)
    assert message == info.value.reason and "\n" not in message and message[0].islower()
    return info.value


# -- samples ------------------------------------------------------------------------------


def test_sample_jpeg_with_exif_and_gps(samples):
    info = probe(samples["zellige"].path)
    assert (info.kind, info.format, info.mime) == ("photo", "jpeg", "image/jpeg")
    assert (info.width, info.height, info.orientation) == (3000, 2000, 1)
    assert info.captured_at == "2024-03-18T10:42:07+01:00"
    assert info.has_location and info.camera == "Heritage Studio SampleCam"
    assert info.colour_mode == "RGB" and info.warnings == ()


def test_sample_rotated_jpeg_reports_displayed_size(samples):
    info = probe(samples["arches"].path)
    assert info.orientation == 6
    assert (info.width, info.height) == (1512, 2016)  # stored 2016x1512, shown in portrait


def test_sample_heic(samples):
    info = probe(samples["girih"].path)
    assert (info.format, info.mime, info.width, info.height) == ("heif", "image/heic", 2016, 1512)
    assert info.has_location and info.captured_at == "2024-06-21T11:03:12+02:00"


def test_truncated_heic_is_refused(samples, tmp_path):
    whole = samples["girih"].path.read_bytes()
    cut = tmp_path / "cut.heic"
    cut.write_bytes(whole[: int(len(whole) * 0.6)])
    assert str(rejected(cut)).startswith("truncated HEIC: the image data ends early")


def test_sample_png_has_no_camera_metadata(samples):
    info = probe(samples["azulejo"].path)
    assert (info.format, info.width, info.height) == ("png", 2016, 1512)
    assert not info.has_location and info.captured_at is None and info.camera is None


def test_sample_video(samples):
    info = probe(samples["mosaic-film"].path)
    assert (info.kind, info.format, info.width, info.height) == ("video", "mp4", 960, 540)
    assert info.duration == pytest.approx(8.0, abs=0.05) and info.fps == pytest.approx(30.0)
    assert (info.video_codec, info.audio_codec, info.has_audio) == ("h264", "aac", True)
    assert info.has_location and info.captured_at == "2024-05-14T09:30:00+00:00"
    assert info.variable_frame_rate is False


# -- photos that are fine, if unusual --------------------------------------------------------


def test_valid_image_with_wrong_extension_is_accepted_with_a_warning(media):
    info = probe(media / "actually-png.jpg")
    assert info.format == "png"
    assert info.warnings == ("the extension .jpg does not match the content (PNG)",)


@pytest.mark.parametrize(
    ("name", "mode", "size"),
    [
        ("strip.png", "L", (1, 30000)),
        ("grey16.png", "I;16", (96, 64)),
        ("palette.png", "P", (50, 50)),
    ],
)
def test_unusual_but_valid_pngs_are_accepted(media, name, mode, size):
    info = probe(media / name)
    assert (info.colour_mode, (info.width, info.height)) == (mode, size)


def test_cmyk_jpeg_with_icc_is_accepted_with_a_colour_warning(media):
    info = probe(media / "cmyk.jpg")
    assert info.colour_mode == "CMYK" and info.has_icc
    assert any("CMYK" in w for w in info.warnings)


def test_animated_gif_counts_frames_and_time(media):
    info = probe(media / "anim.gif")
    assert (info.format, info.frames) == ("gif", 5)
    assert info.duration == pytest.approx(1.0) and info.fps == pytest.approx(5.0)


def test_gps_and_date_in_xmp_only(media):
    info = probe(media / "xmp-gps.jpg")
    assert info.has_location and info.captured_at == "2023-09-01T08:15:00+01:00"


def test_nonsense_exif_values_are_ignored_not_fatal(media):
    info = probe(media / "odd-exif.jpg")
    assert info.orientation == 1 and info.captured_at is None
    assert any("orientation" in w for w in info.warnings)


# -- photos that must be refused -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("zero.jpg", "empty", "empty file: it has 0 bytes"),
        ("letter.jpg", "not_media", "not an image or video: the file contains text (is it a renamed document?)"),
        ("truncated.jpg", "truncated", "truncated JPEG: the image data ends early; export it again from the source"),
        ("truncated.png", "truncated", "truncated PNG: the image data ends early"),
        ("truncated.webp", "truncated", "truncated WebP: the image data ends early"),
        ("corrupt.jpg", "damaged", "damaged JPEG: the image data is corrupted (Corrupt JPEG data"),
        ("lost-block.jpg", "damaged", "damaged JPEG: the image data is corrupted (Corrupt JPEG data"),
        ("badcrc.png", "damaged", "damaged PNG: a checksum (CRC) does not match"),
        ("bomb.png", "too_large", "image too large: 40000x40000 px is over the 200-megapixel limit (decompression-bomb guard)"),
        ("huge.tif", "too_large", "image too large: 100000x100000 px is over the 200-megapixel limit"),
        ("random.bin", "not_media", "not an image or video: the content is not a format Heritage Studio reads"),
        ("report.jpg", "not_media", "not a supported photo or video: the file is a ZIP archive or an Office document"),
        ("a folder.jpg", "not_media", "not a file: this is a folder"),
        ("loop-a.jpg", "unreadable", "broken link: the path is a symbolic link that loops back on itself"),
    ],
)  # fmt: skip
def test_bad_photos_are_rejected_with_a_specific_message(media, name, code, message):
    error = rejected(media / name)
    assert str(error).startswith(message)
    assert error.code == code


def test_pillow_limit_matches_ours():
    from PIL import Image

    from studio.media import configure_pillow

    configure_pillow()
    assert Image.MAX_IMAGE_PIXELS == MAX_IMAGE_PIXELS == 200_000_000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    start = time.monotonic()
    assert rejected(fifo).code == "not_media"
    assert time.monotonic() - start < 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(media, tmp_path):
    locked = tmp_path / "locked.jpg"
    locked.write_bytes((media / "good.jpg").read_bytes())
    locked.chmod(0)
    try:
        assert "permission denied" in str(rejected(locked))
    finally:
        locked.chmod(0o600)


# -- videos ----------------------------------------------------------------------------------


def test_video_without_audio_is_accepted(media):
    info = probe(media / "silent.mp4")
    assert (info.has_audio, info.audio_codec, info.video_codec) == (False, None, "h264")
    assert info.duration == pytest.approx(2.0, abs=0.05)


def test_webm(media):
    info = probe(media / "clip.webm")
    assert (info.format, info.mime, info.video_codec) == ("webm", "video/webm", "vp9")


def test_rotation_swaps_displayed_size(media):
    info = probe(media / "rotated.mov")
    assert (info.width, info.height) == (120, 160)


def test_variable_frame_rate_is_detected(media):
    assert probe(media / "vfr.mp4").variable_frame_rate is True
    assert probe(media / "clip.mp4").variable_frame_rate is False


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("audio-only.mp4", "not_media", "no video stream: the MP4 contains only audio"),
        ("empty.mp4", "not_media", "no video stream: the MP4 contains no video"),
        (
            "truncated.mp4",
            "truncated",
            "truncated MP4: the file ends early (about ",
        ),
        ("truncated-faststart.mp4", "truncated", "truncated MP4: the file ends early"),
        (
            "unknown-codec.mp4",
            "unsupported",
            "unsupported video codec 'zzzz' in MP4; export as H.264 MP4",
        ),
    ],
)
def test_bad_videos_are_rejected_with_a_specific_message(media, name, code, message):
    error = rejected(media / name)
    assert str(error).startswith(message)
    assert error.code == code
    if name.startswith("truncated"):
        missing = int(re.search(r"about (\d+)% of it is missing", str(error)).group(1))
        assert 40 <= missing <= 60  # cut at half the bytes


def test_missing_ffmpeg_rejects_the_video_clearly(media, monkeypatch):
    monkeypatch.setenv("STUDIO_FFMPEG", str(media / "no-such-ffmpeg"))
    assert "STUDIO_FFMPEG" in str(rejected(media / "clip.mp4"))


def test_probing_is_fast(media, samples):
    for path in (media / "clip.mp4", samples["zellige"].path):
        probe(path)  # warm up imports
        start = time.perf_counter()
        probe(path)
        assert time.perf_counter() - start < 0.5, path.name
