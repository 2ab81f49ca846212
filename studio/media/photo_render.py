"""The fast photo path: decode each source once, make every platform's output from it.

Why it is shaped this way (measured numbers are in docs/rendering.md and bench/photos.py):

- **Decode once, as small as the largest output allows.** A post goes to up to ten platforms;
  decoding a 24 MP JPEG ten times is most of the naive cost. JPEGs are decoded with DCT-domain
  scaling (libjpeg-turbo scales by n/8 while decoding, skipping most of the inverse DCT) to
  the smallest size that still covers the largest crop at its output size, so nothing is ever
  upscaled by the shortcut. Other formats decode at full size and are ``reduce()``-d once
  (box filter by an integer factor) to no less than twice the needed size; the final Lanczos
  resample then does the rest, which is what Pillow's ``reducing_gap=2`` gives.
- **JPEGs are decoded strictly** (``simplejpeg``, libjpeg-turbo with warnings as errors):
  Pillow paints damaged data grey and carries on, and a glitched photo must not be
  published. CMYK and other unusual JPEGs go through Pillow's ``draft()`` instead.
- **Orientation is applied to the small output**, not the large decoded image: the crop box
  is mapped into the stored pixel grid, resized there, and only the result is transposed.
- **Colour**: converted to sRGB through the embedded ICC profile (LittleCMS, perceptual with
  black-point compensation); CMYK without a profile uses Pillow's plain formula.
  Profiles that describe sRGB anyway are detected by sampling and skipped.
- **Encoding** is a quality search under the platform's byte limit (see :func:`encode_within`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import math
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.errors import StudioError
from studio.media.jobs import RenderCancelled, RenderedFile

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from PIL import Image

    from studio.media.jobs import Cancelled, Progress, RenderJob

#: Bump when a change in how photos are rendered should be described in docs/rendering.md.
#: Cache keys do not depend on remembering to bump it: see :func:`renderer_fingerprint`.
RENDERER_VERSION = "photo-1"
START_QUALITY, MIN_QUALITY, PREVIEW_QUALITY = 90, 60, 80
MAX_GIF_FRAMES = 350
_UNSUPPORTED_JPEG = re.compile(r"unsupported|arithmetic|precision|not supported", re.IGNORECASE)
_ORIENTED = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE"}
_ORIENTED |= {6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}


@functools.cache
def renderer_fingerprint() -> str:
    """RENDERER_VERSION plus a digest of the code and libraries that decide output bytes.

    The render cache keys on this, so editing the renderer or upgrading Pillow/libjpeg-turbo
    can never serve a stale render made by older code.
    """
    import PIL
    import simplejpeg

    digest = hashlib.sha256(f"{PIL.__version__}|{simplejpeg.__version__}".encode())
    for name in ("photo_render", "overlay", "textshape", "scrub", "nclx"):
        with contextlib.suppress(OSError):  # a frozen app may ship no sources: version only
            digest.update(Path(__file__).with_name(f"{name}.py").read_bytes())
    return f"{RENDERER_VERSION}+{digest.hexdigest()[:12]}"


class PhotoRenderError(StudioError):
    """A photo could not be rendered; the message names the file and says why."""


@dataclass
class Source:
    """A photo decoded once for all of a post's outputs."""

    name: str  # for messages: the original file name
    image: Image.Image  # stored orientation, RGB or RGBA, sRGB, possibly scaled down
    display: tuple[int, int]  # full-resolution size as displayed (after orientation)
    orientation: int  # EXIF 1..8, still to apply
    exif: Image.Exif | None
    frames: list[tuple[Image.Image, int]] | None = None  # animated GIF: (RGBA frame, ms)
    loop: int = 0

    @property
    def scale(self) -> float:
        raw_w = self.display[1] if self.orientation >= 5 else self.display[0]
        return self.image.width / raw_w

    @functools.cached_property
    def planes(self) -> tuple[Image.Image, Image.Image, Image.Image]:
        """Y at full resolution, Cb and Cr at half: what a 4:2:0 JPEG will store.

        Y'CbCr is a linear transform of R'G'B', so Lanczos on these planes gives the same
        picture as Lanczos on RGB (up to rounding) -- but the chroma planes have a quarter of
        the pixels, and an output encoded 4:2:0 keeps chroma at half resolution anyway. That
        removes about a third of the resampling work of every output.
        """
        y, cb, cr = self.image.convert("YCbCr").split()
        return y, cb.reduce(2), cr.reduce(2)


def crop_box(display: tuple[int, int], size: tuple[int, int], focal: tuple[float, float]):
    """The largest box with ``size``'s aspect inside ``display``, centred on ``focal``
    as far as the edges allow (floats: Pillow resamples sub-pixel boxes exactly)."""
    w, h = display
    ratio = size[0] / size[1]
    cw, ch = (h * ratio, h) if w / h > ratio else (w, w / ratio)
    x = min(max(focal[0] * w - cw / 2, 0.0), w - cw)
    y = min(max(focal[1] * h - ch / 2, 0.0), h - ch)
    return x, y, x + cw, y + ch


def needed_scale(display: tuple[int, int], jobs: Sequence[RenderJob]) -> float:
    """The smallest decode scale (<= 1) at which every job's crop still covers its output."""
    scale = 0.0
    for job in jobs:
        x0, y0, x1, y1 = crop_box(display, job.size, job.focal)
        scale = max(scale, job.size[0] / (x1 - x0), job.size[1] / (y1 - y0))
    return min(1.0, scale)


def _to_stored(box, raw: tuple[int, int], orientation: int):
    """Map a box in displayed coordinates to the stored (un-oriented) pixel grid."""
    w, h = raw
    x0, y0, x1, y1 = box
    maps = {
        1: lambda x, y: (x, y),
        2: lambda x, y: (w - x, y),
        3: lambda x, y: (w - x, h - y),
        4: lambda x, y: (x, h - y),
        5: lambda x, y: (y, x),
        6: lambda x, y: (y, h - x),
        7: lambda x, y: (w - y, h - x),
        8: lambda x, y: (w - y, x),
    }
    (ax, ay), (bx, by) = maps[orientation](x0, y0), maps[orientation](x1, y1)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def decode(path: Path, jobs: Sequence[RenderJob], name: str | None = None) -> Source:
    """Decode ``path`` once, small enough to be fast and large enough for every job."""
    from PIL import Image, UnidentifiedImageError

    from studio.media import configure_pillow
    from studio.media.scrub import to_srgb

    configure_pillow()
    path = Path(path)
    label = f"{name} ({path})" if name and name != path.name else str(path)
    try:
        im = Image.open(path)
    except FileNotFoundError:
        raise PhotoRenderError(f"cannot render {label}: the file is missing") from None
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoRenderError(f"cannot read the photo {label}: {exc}") from exc
    with im:
        try:
            exif = im.getexif()
            orientation = exif.get(0x0112, 1) if exif.get(0x0112, 1) in range(1, 9) else 1
            raw = im.size
            display = (raw[1], raw[0]) if orientation >= 5 else raw
            scale = needed_scale(display, jobs) if jobs else 1.0
            icc = im.info.get("icc_profile")
            nclx = None if icc else im.info.get("nclx_profile")  # HEIC: P3 without ICC
            animate = (
                im.format == "GIF"
                and getattr(im, "n_frames", 1) > 1
                and any(getattr(j.rule, "animated_gif", False) for j in jobs)
            )
            frames = _gif_frames(im) if animate else None
            img = _decode_pixels(im, path, scale, label)
        except PhotoRenderError:
            raise
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            raise PhotoRenderError(f"cannot decode the photo {label}: {exc}") from exc
    try:
        img = to_srgb(img, icc, label)
        if nclx is not None:
            from studio.media.nclx import nclx_to_srgb

            img = nclx_to_srgb(img, nclx) or img
        if frames is not None:
            frames = [(to_srgb(f, icc, label), ms) for f, ms in frames]
    except ValueError as exc:
        raise PhotoRenderError(str(exc)) from exc
    return Source(
        name or path.name, img, display, orientation, exif, frames, im.info.get("loop", 0)
    )


def _decode_pixels(im, path: Path, scale: float, label: str):
    """Pixels of the first frame, DCT-scaled where the format allows."""
    from PIL import Image

    want = (max(1, math.ceil(im.width * scale)), max(1, math.ceil(im.height * scale)))
    if im.format == "JPEG" and im.mode in ("RGB", "L"):
        import simplejpeg

        try:
            arr = simplejpeg.decode_jpeg(
                path.read_bytes(),
                colorspace="RGB" if im.mode == "RGB" else "GRAY",
                min_width=want[0],
                min_height=want[1],
                strict=True,
            )
            return Image.fromarray(arr if im.mode == "RGB" else arr[:, :, 0])
        except ValueError as exc:
            if not _UNSUPPORTED_JPEG.search(str(exc)):
                raise PhotoRenderError(
                    f"the photo {label} is damaged (JPEG data corrupt: {exc}); "
                    "re-export it from the original and import it again"
                ) from exc
    if im.format == "JPEG":
        im.draft(im.mode, want)  # DCT scaling by 1/2, 1/4 or 1/8 for CMYK and the like
    im.load()
    if im.format == "GIF":
        return im.convert("RGBA")
    factor = int(1 / (scale * 2)) if scale > 0 else 1  # keep >= 2x for the final Lanczos
    if factor >= 2 and im.mode in ("L", "LA", "RGB", "RGBA", "CMYK", "I", "F"):
        return im.reduce(factor)  # box filter, alpha premultiplied by Pillow
    return im.copy()  # the file is closed after this: keep the pixels


def _gif_frames(im) -> list[tuple[Image.Image, int]]:
    from PIL import ImageSequence

    frames = []
    for i, frame in enumerate(ImageSequence.Iterator(im)):
        if i >= MAX_GIF_FRAMES:
            break
        frames.append((frame.convert("RGBA"), int(frame.info.get("duration", 100) or 100)))
    im.seek(0)
    return frames


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
        frames = [(_resample(source, f, job), ms) for f, ms in source.frames]
        data, ext, size = encode_output(frames, job, source, check, loop=source.loop)
    else:
        data, ext, size = encode_output(_resample(source, source.image, job), job, source, check)
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


def _resample(source: Source, img: Image.Image, job: RenderJob) -> Image.Image:
    """Crop around the focal point, resize with Lanczos, orient, draw the overlays."""
    from PIL import Image

    from studio.media.overlay import apply_overlays

    scale = img.width / (source.display[1] if source.orientation >= 5 else source.display[0])
    box = [v * scale for v in crop_box(source.display, job.size, job.focal)]
    box = _to_stored(box, img.size, source.orientation)
    box = (max(0.0, box[0]), max(0.0, box[1]), min(img.width, box[2]), min(img.height, box[3]))
    w, h = job.size
    size = (h, w) if source.orientation >= 5 else (w, h)
    lanczos = Image.Resampling.LANCZOS
    if img is source.image and img.mode == "RGB":  # bound for a 4:2:0 JPEG: see Source.planes
        y, cb, cr = source.planes
        half = ((size[0] + 1) // 2, (size[1] + 1) // 2)
        hbox = tuple(v / 2 for v in box)
        chroma = [
            c.resize(half, lanczos, box=hbox, reducing_gap=2.0).resize(
                size, Image.Resampling.NEAREST, box=(0, 0, size[0] / 2, size[1] / 2)
            )  # exact 2x duplication: the encoder's 2x2 average gives these values back
            for c in (cb, cr)
        ]
        out = Image.merge("YCbCr", (y.resize(size, lanczos, box=box, reducing_gap=2.0), *chroma))
    else:
        out = img.resize(size, lanczos, box=box, reducing_gap=2.0)
    if source.orientation != 1:
        out = out.transpose(getattr(Image.Transpose, _ORIENTED[source.orientation]))
    out.info = {}
    if job.kit is not None and job.overlays and out.mode == "YCbCr":
        out = out.convert("RGB")  # overlays are drawn in RGB; the encoder converts back
    return apply_overlays(out, job)


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


# --- encoding --------------------------------------------------------------------------------


def _jpeg(img: Image.Image, quality: int, exif: bytes, icc: bytes) -> bytes:
    """Progressive, Huffman-optimised, 4:2:0 JPEG.

    4:2:0 because photos carry little colour detail at full resolution: it saves about a
    third of the bytes at equal luma quality, and every platform re-encodes to 4:2:0 anyway,
    so 4:4:4 bytes would be spent on detail nobody sees. Progressive + optimised tables save a
    few percent more and show a preview early on slow connections.
    """
    buf = io.BytesIO()
    img.save(
        buf,
        "JPEG",
        quality=quality,
        optimize=True,
        progressive=True,
        subsampling="4:2:0",
        icc_profile=icc,
        exif=exif,
    )
    return buf.getvalue()


def encode_within(
    img: Image.Image,
    max_bytes: int,
    exif: bytes,
    icc: bytes,
    *,
    start: int = START_QUALITY,
    floor: int = MIN_QUALITY,
    check: Callable[[], None] = lambda: None,
) -> tuple[bytes, tuple[int, int], int]:
    """The best JPEG of ``img`` under ``max_bytes``: (data, size, quality).

    Tries ``start`` first (most photos fit at once); else binary-searches the highest quality
    in [floor, start) that fits, which costs about five encodes instead of guessing; if even
    ``floor`` is too big the picture is scaled down by the square root of the excess (bytes
    grow roughly with pixels) and searched again.
    """
    from PIL import Image

    base = img
    for _ in range(8):
        check()
        data = _jpeg(img, start, exif, icc)
        if len(data) <= max_bytes:
            return data, img.size, start
        best, lo, hi, smallest = None, floor, start - 1, len(data)
        while lo <= hi:
            check()
            q = (lo + hi + 1) // 2
            data = _jpeg(img, q, exif, icc)
            if len(data) <= max_bytes:
                best, lo = (data, q), q + 1
            else:
                smallest, hi = len(data), q - 1
        if best is not None:
            return best[0], img.size, best[1]
        shrink = min(0.9, math.sqrt(max_bytes / smallest) * 0.95)
        size = (max(1, round(img.width * shrink)), max(1, round(img.height * shrink)))
        img = base.resize(size, Image.Resampling.LANCZOS)
    raise PhotoRenderError(f"cannot encode a photo under {max_bytes} bytes")


def _flatten(img: Image.Image, job: RenderJob) -> Image.Image:
    """Lay transparent pixels on the kit's background colour (white without a kit)."""
    from PIL import Image

    from studio.media.overlay import parse_colour

    if img.mode != "RGBA":
        return img
    colour = job.kit.colours.get("background", "#FFFFFF") if job.kit is not None else "#FFFFFF"
    ground = Image.new("RGB", img.size, parse_colour(colour)[:3])
    ground.paste(img, (0, 0), img.getchannel("A"))
    return ground


def encode_output(
    img, job: RenderJob, source: Source, check: Callable[[], None], *, loop: int = 0
) -> tuple[bytes, str, tuple[int, int]]:
    """(data, suffix, size) in the format the platform should get.

    JPEG by default; PNG only when the picture really has transparency and the platform takes
    PNG (and it fits); an animated GIF when the platform takes animation. ``img`` is a list of
    (frame, ms) for animations.
    """
    from studio.media.scrub import output_exif, srgb_profile

    rule = job.rule
    exif, icc = output_exif(source.exif, job), srgb_profile()
    formats = tuple(getattr(rule, "formats", ("jpeg",)))
    if isinstance(img, list):
        data = _gif(img, job, rule.max_bytes, check, loop)
        if data is not None:
            return data
        img = img[0][0]
    if img.mode == "RGBA" and "png" in formats:
        buf = io.BytesIO()
        img.save(buf, "PNG", optimize=not job.preview, exif=exif, icc_profile=icc)
        if buf.tell() <= rule.max_bytes:
            return buf.getvalue(), ".png", img.size
    start = int(job.options.get("quality") or (PREVIEW_QUALITY if job.preview else START_QUALITY))
    data, size, _q = encode_within(
        _flatten(img, job), rule.max_bytes, exif, icc, start=start, check=check
    )
    return data, ".jpg", size


def _gif(frames, job: RenderJob, max_bytes: int, check, loop: int):
    """An animated GIF under ``max_bytes`` (scaled down if needed), else None."""
    from PIL import Image

    flat = [(_flatten(f, job), ms) for f, ms in frames]
    scale = 1.0
    for _ in range(5):
        check()
        size = (max(1, round(flat[0][0].width * scale)), max(1, round(flat[0][0].height * scale)))
        seq = [f.resize(size, Image.Resampling.LANCZOS) if scale < 1 else f for f, _ in flat]
        buf = io.BytesIO()
        seq[0].save(
            buf,
            "GIF",
            save_all=True,
            append_images=seq[1:],
            duration=[ms for _, ms in flat],
            loop=loop,
            optimize=False,
        )
        if buf.tell() <= max_bytes:
            return buf.getvalue(), ".gif", size
        scale *= max(0.5, min(0.9, math.sqrt(max_bytes / buf.tell())))
    return None
