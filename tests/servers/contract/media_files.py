"""Small real media files and adapter contexts for the OAuth adapters' contract tests.

Why real files: the contract servers compare the bytes they received with the file on disk,
so an adapter that splits chunks wrongly or drops a tail fails the test.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from studio.publish.context import LocalContext
from studio.publish.protocol import Credentials, MediaFile


def photo(path: Path, *, size=(320, 240), seed: int = 1, alt: str = "") -> MediaFile:
    """A textured JPEG (noise, so it does not compress to nothing)."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.effect_noise(size, 60 + seed).convert("RGB")
    img.save(path, "JPEG", quality=90)
    return MediaFile(
        path=path,
        kind="photo",
        mime="image/jpeg",
        width=size[0],
        height=size[1],
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        alt=alt,
    )


def video(path: Path, *, seconds: float = 3.0, size=(320, 240), bitrate="1200k") -> MediaFile:
    """An H.264/AAC MP4 made by the bundled ffmpeg; noise keeps it at roughly bitrate."""
    from studio.media.ffmpeg import run_ffmpeg

    path.parent.mkdir(parents=True, exist_ok=True)
    w, h = size
    run_ffmpeg(
        [
            "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"nullsrc=s={w}x{h}:d={seconds}:r=25,geq=random(1)*255:128:128",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-b:v", bitrate, "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", str(path),
        ],
        timeout=60,
    )  # fmt: skip
    return MediaFile(
        path=path,
        kind="video",
        mime="video/mp4",
        width=w,
        height=h,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        alt="",
        duration=seconds,
    )


class KeyringStandIn:
    """Records every secret the adapter writes back, in order (what the keyring would hold)."""

    def __init__(self, bundle: dict):
        self.saved: list[str] = []
        self.credentials = Credentials(json.dumps(bundle), self.saved.append)


def context(bundle: dict, memo: dict | None = None) -> tuple[LocalContext, KeyringStandIn]:
    keep = KeyringStandIn(bundle)
    return LocalContext(keep.credentials, memo=memo), keep
