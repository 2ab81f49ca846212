"""Render and encode the sample media described in :mod:`studio.media.samplecatalog`.

Imported only when samples must be (re)generated: it pulls in numpy and the renderers.
The clip is encoded by ffmpeg in a background thread while the photos are drawn, so the two
cores of a typical laptop are both busy.
"""

from __future__ import annotations

import functools
import io
import wave
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from studio.media import configure_pillow, mosaic, mosaic_scenes, mosaic_tiles
from studio.media.ffmpeg import run_ffmpeg
from studio.media.samplecatalog import CAMERA_MAKE, CAMERA_MODEL, CREDIT, LICENSE, SampleSpec

__all__ = ["VideoJob", "render_photo", "start_video"]

_PATTERNS = {
    "zellige": (mosaic_tiles.zellige, mosaic_tiles.ZELLIGE_NOISES),
    "strapwork": (mosaic_tiles.strapwork, mosaic_tiles.STRAPWORK_NOISES),
    "azulejo": (mosaic_tiles.azulejo, mosaic_tiles.AZULEJO_NOISES),
    "mosaic_floor": (mosaic_scenes.mosaic_floor, mosaic_scenes.FLOOR_NOISES),
    "arcade": (mosaic_scenes.arcade, mosaic_scenes.ARCADE_NOISES),
}
VIDEO_SECONDS, VIDEO_FPS = 8, 30


def _display_size(spec: SampleSpec, full_resolution: bool) -> tuple[int, int]:
    w, h = spec.size
    return (w, h) if full_resolution else (w // 2, h // 2)


def render_photo(spec: SampleSpec, full_resolution: bool) -> bytes:
    """Draw the picture at half size, finish it like a photograph, encode it with metadata."""
    configure_pillow()
    width, height = _display_size(spec, full_resolution)
    pattern, noises = _PATTERNS[spec.pattern]
    work = mosaic.render(pattern, width // 2, height // 2, spec.seed, noises=noises)
    suffix = Path(spec.filename).suffix.lower()
    # Less grain in the PNG: it stands for a clean export, and grain costs PNG a lot of bytes.
    grain = 1.5 if suffix == ".png" else 4.0
    img = mosaic.finish_photo(work, (width, height), spec.seed, grain=grain)
    del work
    if spec.orientation == 6:  # "rotate 90 clockwise to display": store it turned the other way
        img = img.transpose(Image.Transpose.ROTATE_90)
    out = io.BytesIO()
    if suffix == ".jpg":
        img.save(out, "JPEG", quality=90, exif=_exif(spec))
    elif suffix == ".heic":
        # x265 "ultrafast": 12 MP in ~1.5 s instead of ~9 s, still a clean picture at q80.
        img.save(out, "HEIF", quality=80, exif=_exif(spec), enc_params={"preset": "ultrafast"})
    elif suffix == ".png":  # a flat export: no camera metadata, as from a scanner or editor
        img.save(out, "PNG", compress_level=3)
    else:
        raise ValueError(f"no encoder for {spec.filename}")
    return out.getvalue()


def _exif(spec: SampleSpec) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x0110] = CAMERA_MODEL
    exif[0x0131] = "Heritage Studio samplegen"
    exif[0x8298] = f"{CREDIT}, {LICENSE}"
    exif[0x010E] = spec.title
    exif[0x0112] = spec.orientation
    if spec.captured:
        sub = exif.get_ifd(0x8769)
        sub[0x9003] = spec.captured  # DateTimeOriginal
        sub[0x9004] = spec.captured  # DateTimeDigitized
        if spec.offset:
            sub[0x9011] = spec.offset
            sub[0x9012] = spec.offset
    if spec.gps:
        lat, lon = spec.gps
        gps = exif.get_ifd(0x8825)
        gps[0x0000] = b"\x02\x03\x00\x00"
        gps[0x0001], gps[0x0002] = ("N" if lat >= 0 else "S"), _dms(lat)
        gps[0x0003], gps[0x0004] = ("E" if lon >= 0 else "W"), _dms(lon)
    return exif


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return float(degrees), float(minutes), seconds


class VideoJob:
    """The clip being encoded in the background; :meth:`finish` returns the MP4 bytes."""

    def __init__(self, future: Future, pool: ThreadPoolExecutor, target: Path):
        self._future, self._pool, self._target = future, pool, target

    def finish(self) -> bytes:
        try:
            proc = self._future.result()
        finally:
            self._pool.shutdown(wait=True)
        if proc.returncode != 0 or not self._target.is_file():
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"ffmpeg could not encode the sample clip: {' / '.join(tail)}")
        return self._target.read_bytes()


def start_video(spec: SampleSpec, tmp: Path, full_resolution: bool) -> VideoJob:
    """Render the still and the music, then start ffmpeg on them in a background thread.

    The movement is a slow diagonal pan: an exact whole number of pixels per frame, so the
    motion has no judder and ffmpeg's ``crop`` needs no resampling (cheap to encode).
    """
    width, height = _display_size(spec, full_resolution)
    frames = VIDEO_SECONDS * VIDEO_FPS
    step = 2 if full_resolution else 1
    src_w, src_h = width + step * frames, height + step * frames // 2
    floor = functools.partial(mosaic_scenes.mosaic_floor, tilt=0.07, scale=1.2)
    still = mosaic.render(
        floor, src_w // 2, src_h // 2, spec.seed, noises=mosaic_scenes.FLOOR_NOISES
    )
    source = tmp / "still.png"
    mosaic.finish_photo(still, (src_w, src_h), spec.seed, grain=2.0).save(source, compress_level=1)
    music = tmp / "music.wav"
    _write_wav(music, _oud_phrase(48_000, VIDEO_SECONDS, spec.seed))
    target = tmp / "clip.mp4"
    lat, lon = spec.gps or (0.0, 0.0)
    args = [
        "-loglevel", "error", "-y",
        "-framerate", str(VIDEO_FPS), "-i", str(source), "-i", str(music),
        "-filter_complex",
        f"[0:v]loop=loop={frames - 1}:size=1:start=0,setpts=N/({VIDEO_FPS}*TB),"
        f"crop={width}:{height}:x='{step}*n':y='{step}*n/2',format=yuv420p[v]",
        "-map", "[v]", "-map", "1:a",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-profile:v", "high",
        "-threads", "2", "-r", str(VIDEO_FPS), "-frames:v", str(frames),
        "-c:a", "aac", "-b:a", "128k", "-t", str(VIDEO_SECONDS),
        "-movflags", "+faststart",
        "-metadata", f"creation_time={spec.captured}",
        "-metadata", f"location={lat:+08.4f}{lon:+09.4f}/",
        "-metadata", f"title={spec.title}",
        "-metadata", f"copyright={CREDIT}, {LICENSE}",
        str(target),
    ]  # fmt: skip
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="samplegen-video")
    return VideoJob(pool.submit(run_ffmpeg, args, timeout=300), pool, target)


def _oud_phrase(rate: int, seconds: int, seed: int) -> np.ndarray:
    """A calm phrase in maqam Hijaz on D, plucked with the Karplus-Strong string model
    (a noise burst circulating in a damped delay line: cheap and convincingly string-like)."""
    rng = np.random.default_rng(seed)
    hz = {"D3": 146.83, "D": 293.66, "Eb": 311.13, "F#": 369.99, "G": 392.0, "A": 440.0,
          "Bb": 466.16, "C": 523.25, "D5": 587.33}  # fmt: skip
    phrase = [
        (0.0, "D"), (0.0, "D3"), (0.5, "Eb"), (0.75, "F#"), (1.5, "G"), (2.0, "A"),
        (2.5, "Bb"), (2.75, "A"), (3.5, "G"), (4.0, "F#"), (4.0, "D3"), (4.5, "G"),
        (5.0, "F#"), (5.25, "Eb"), (6.0, "D"), (6.0, "D3"),
    ]  # fmt: skip
    total = rate * seconds
    out = np.zeros((total, 2), np.float32)
    for index, (start, name) in enumerate(phrase):
        note = _pluck(hz[name], rate, min(2.5, seconds - start), rng)
        begin = int(start * rate)
        pan = 0.5 + 0.25 * np.sin(index * 1.7)
        end = min(total, begin + len(note))
        out[begin:end, 0] += note[: end - begin] * (1 - pan)
        out[begin:end, 1] += note[: end - begin] * pan
    fade = np.clip(
        np.minimum(np.arange(total) / (0.05 * rate), (total - np.arange(total)) / rate), 0, 1
    )
    out *= fade[:, None].astype(np.float32)
    return out * (0.25 / max(1e-6, float(np.abs(out).max())))


def _pluck(freq: float, rate: int, seconds: float, rng: np.random.Generator) -> np.ndarray:
    period = max(2, round(rate / freq))
    buf = rng.uniform(-1.0, 1.0, period).astype(np.float32)
    buf = 0.5 * (buf + np.roll(buf, 1))  # a softer, plectrum-like attack
    blocks = int(seconds * rate) // period + 1
    out = np.empty((blocks, period), np.float32)
    for k in range(blocks):
        out[k] = buf
        buf = 0.996 * 0.5 * (buf + np.roll(buf, -1))
    return out.ravel()[: int(seconds * rate)]


def _write_wav(path: Path, samples: np.ndarray) -> None:
    pcm = np.clip(samples * 32767.0, -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(48_000)
        wav.writeframes(pcm.tobytes())
