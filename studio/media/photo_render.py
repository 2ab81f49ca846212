"""The fast photo path: decode each source once, make every platform's output from it.

The steps live in modules named after them, so each can be read (and measured) alone:

- :mod:`studio.media.photo_decode` -- one strict, DCT-scaled decode per photo, in sRGB;
- :mod:`studio.media.photo_geometry` -- focal-point crops, decode scale, orientation;
- :mod:`studio.media.photo_resample` -- Lanczos on Y'CbCr planes, orientation, overlays;
- :mod:`studio.media.photo_encode` -- progressive 4:2:0 JPEG under the byte limit (or PNG/GIF).

This module runs them for a group of jobs that share a source, writes the files atomically,
and says which code decides the bytes (:func:`renderer_fingerprint`, the render cache key).
Measured numbers are in docs/rendering.md and bench/photos.py.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from studio.media.jobs import RenderCancelled, RenderedFile
from studio.media.photo_decode import MAX_GIF_FRAMES, PhotoRenderError, Source, decode
from studio.media.photo_encode import (
    MIN_QUALITY,
    PREVIEW_QUALITY,
    START_QUALITY,
    encode_output,
    encode_within,
)
from studio.media.photo_geometry import crop_box, needed_scale
from studio.media.photo_resample import resample

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from studio.media.jobs import Cancelled, Progress, RenderJob

__all__ = [
    "MAX_GIF_FRAMES",
    "MIN_QUALITY",
    "PREVIEW_QUALITY",
    "RENDERER_MODULES",
    "RENDERER_VERSION",
    "START_QUALITY",
    "PhotoRenderError",
    "Source",
    "crop_box",
    "decode",
    "encode_output",
    "encode_within",
    "needed_scale",
    "render_from",
    "render_photo",
    "render_photos",
    "renderer_fingerprint",
]

#: Bump when a change in how photos are rendered should be described in docs/rendering.md.
#: Cache keys do not depend on remembering to bump it: see :func:`renderer_fingerprint`.
RENDERER_VERSION = "photo-2"
#: Every studio.media module whose code decides a rendered photo's bytes (a test checks that
#: each studio.media module a photo render imports is listed here or known not to matter).
RENDERER_MODULES = (
    "photo_render",
    "photo_decode",
    "photo_geometry",
    "photo_resample",
    "photo_encode",
    "overlay",
    "textshape",
    "scrub",
    "nclx",
)


@functools.cache
def renderer_fingerprint() -> str:
    """RENDERER_VERSION plus a digest of the code and libraries that decide output bytes.

    The render cache keys on this, so editing the renderer or upgrading Pillow/libjpeg-turbo
    can never serve a stale render made by older code.
    """
    import PIL
    import simplejpeg

    digest = hashlib.sha256(f"{PIL.__version__}|{simplejpeg.__version__}".encode())
    for name in RENDERER_MODULES:
        with contextlib.suppress(OSError):  # a frozen app may ship no sources: version only
            digest.update(name.encode() + Path(__file__).with_name(f"{name}.py").read_bytes())
    return f"{RENDERER_VERSION}+{digest.hexdigest()[:12]}"


def render_from(
    source: Source, job: RenderJob, out_path: Path, *, cancelled: Cancelled | None = None
) -> RenderedFile:
    """Make ``job``'s output from a decoded ``source``; write it atomically.

    ``out_path``'s suffix is replaced by the format actually written (.jpg, .png or .gif).
    """

    def check() -> None:
        if cancelled is not None and cancelled():
            raise RenderCancelled()

    check()
    if source.frames is not None and getattr(job.rule, "animated_gif", False):
        frames = [(resample(source, f, job), ms) for f, ms in source.frames]
        data, ext, size = encode_output(frames, job, source, check, loop=source.loop)
    else:
        data, ext, size = encode_output(resample(source, source.image, job), job, source, check)
    target = Path(out_path).with_suffix(ext)
    _write_atomic(target, data)
    return RenderedFile(
        platform=job.platform,
        index=job.index,
        kind="photo",
        file=target,
        width=size[0],
        height=size[1],
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        source_sha256=job.item.sha256,
    )


def _write_atomic(target: Path, data: bytes) -> None:
    """Temp file + rename: a crash or a cancel never leaves a half-written output."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def render_photos(
    jobs: Sequence[RenderJob],
    out_paths: Sequence[Path],
    *,
    cancelled: Cancelled | None = None,
    on_output: Callable[[RenderedFile], None] | None = None,
) -> list[RenderedFile]:
    """Render jobs that share one source: one decode, then one output per job."""
    if not jobs:
        return []
    if cancelled is not None and cancelled():
        raise RenderCancelled()
    source = decode(jobs[0].source, jobs, jobs[0].item.original_name)
    done = []
    for job, out in zip(jobs, out_paths, strict=True):
        rendered = render_from(source, job, out, cancelled=cancelled)
        done.append(rendered)
        if on_output is not None:
            on_output(rendered)
    return done


def render_photo(
    job: RenderJob,
    out_path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RenderedFile:
    """One photo job (the GUI's preview path); same signature as ``render_video``."""
    result = render_photos([job], [out_path], cancelled=cancelled)[0]
    if progress is not None:
        progress(1.0)
    return result
