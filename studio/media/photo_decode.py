"""Decode a photo once for all of a post's outputs: small, strict, oriented later, in sRGB.

- **As small as the largest output allows.** A post goes to up to ten platforms; decoding a
  24 MP JPEG ten times is most of the naive cost. JPEGs are decoded with DCT-domain scaling
  (libjpeg-turbo scales by n/8 while decoding, skipping most of the inverse DCT) to the
  smallest size that still covers the largest crop at its output size, so nothing is ever
  upscaled by the shortcut. Other formats decode at full size and are ``reduce()``-d once
  (box filter by an integer factor) to no less than twice the needed size; the final Lanczos
  resample then does the rest, which is what Pillow's ``reducing_gap=2`` gives.
- **Strictly** (``simplejpeg``, libjpeg-turbo with warnings as errors): Pillow paints damaged
  data grey and carries on, and a glitched photo must not be published. CMYK and other
  unusual JPEGs go through Pillow's ``draft()`` instead.
- **Without copies.** The JPEG decoder writes RGBX, which Pillow maps as it is (an RGB
  array would be copied into Pillow's 4-bytes-per-pixel layout: ~25 ms per 24 MP photo), and
  the planes the resampler needs are made from it at the sizes it needs (:attr:`Source.planes`).
- **Orientation is applied to the small output**, not here (see :mod:`photo_geometry`).
- **Colour**: converted to sRGB through the embedded ICC profile (:func:`scrub.to_srgb`);
  profiles that describe sRGB anyway are detected and skipped, keeping the decoder's buffer.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.errors import StudioError
from studio.media.photo_geometry import needed_scale

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PIL import Image

    from studio.media.jobs import RenderJob

MAX_GIF_FRAMES = 350
_UNSUPPORTED_JPEG = re.compile(r"unsupported|arithmetic|precision|not supported", re.IGNORECASE)


class PhotoRenderError(StudioError):
    """A photo could not be rendered; the message names the file and says why."""


@dataclass
class Source:
    """A photo decoded once for all of a post's outputs."""

    name: str  # for messages: the original file name
    image: Image.Image  # stored orientation, RGB(X) or RGBA, sRGB, possibly scaled down
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
    def planes(self) -> tuple[Image.Image, Image.Image]:
        """(Y at full resolution, Cb+Cr at half as one 2-band image): what 4:2:0 JPEG stores.

        Y'CbCr is a linear transform of R'G'B', so Lanczos on these planes gives the same
        picture as Lanczos on RGB (up to rounding) -- but the chroma has a quarter of the
        pixels, and an output encoded 4:2:0 keeps chroma at half resolution anyway. For the
        same reason the chroma is made from the 2x2-reduced image (a box average commutes
        with a linear transform) instead of converting the whole image. Cb and Cr travel as
        one 2-band image: one resample of two bands costs 15 % less than two of one band.
        """
        from PIL import Image

        img = self.image
        half = img.reduce(2).convert("YCbCr")
        chroma = Image.merge("La", (half.getchannel(1), half.getchannel(2)))
        # convert("L") rounds like libjpeg's own RGB->Y'CbCr; YCbCr's Y truncates.
        return img.convert("L"), chroma


def decode(path: Path, jobs: Sequence[RenderJob], name: str | None = None) -> Source:
    """Decode ``path`` once, small enough to be fast and large enough for every job."""
    from PIL import Image, UnidentifiedImageError

    from studio.media import configure_pillow
    from studio.media.scrub import needs_srgb_transform, to_srgb

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
        if img.mode != "RGBX" or (icc and needs_srgb_transform(icc, "RGB")):
            img = to_srgb(img, icc, label)
        else:  # sRGB already: keep the decoder's buffer, shared, not copied
            img.info = {}
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
                colorspace="RGBX" if im.mode == "RGB" else "GRAY",
                min_width=want[0],
                min_height=want[1],
                strict=True,
            )
            if im.mode == "RGB":  # mapped, not copied (read-only: Pillow copies on write)
                size = (arr.shape[1], arr.shape[0])
                return Image.frombuffer("RGBX", size, arr, "raw", "RGBX", 0, 1)
            return Image.fromarray(arr[:, :, 0])
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
