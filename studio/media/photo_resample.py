"""One output's pixels from a decoded source: crop, Lanczos resize, orient, overlays.

The resize runs on Y'CbCr planes (:attr:`Source.planes`): Y at the output size, Cb and Cr
at half of it, the way a 4:2:0 JPEG stores them, which removes about a third of the work of
resampling RGB. The half-size chroma is then widened by exact 2x pixel duplication, which
the encoder's 2x2 averaging turns back into the very same values: nothing is lost, and
Pillow's encoder (the only one here that writes progressive JPEG) takes a full-size image.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.media.photo_geometry import ORIENTED, crop_box, to_stored

if TYPE_CHECKING:
    from PIL import Image

    from studio.media.jobs import RenderJob
    from studio.media.photo_decode import Source


def resample(source: Source, img: Image.Image, job: RenderJob) -> Image.Image:
    """Crop around the focal point, resize with Lanczos, orient, draw the overlays.

    ``img`` is ``source.image`` (resized on its planes, the fast path) or one frame of an
    animation (resized as it is).
    """
    from PIL import Image

    from studio.media.overlay import apply_overlays

    scale = img.width / (source.display[1] if source.orientation >= 5 else source.display[0])
    box = [v * scale for v in crop_box(source.display, job.size, job.focal)]
    box = to_stored(box, img.size, source.orientation)
    box = (max(0.0, box[0]), max(0.0, box[1]), min(img.width, box[2]), min(img.height, box[3]))
    w, h = job.size
    size = (h, w) if source.orientation >= 5 else (w, h)
    lanczos = Image.Resampling.LANCZOS
    if img is source.image and img.mode in ("RGB", "RGBX"):  # bound for a 4:2:0 JPEG
        y, chroma = source.planes
        half = ((size[0] + 1) // 2, (size[1] + 1) // 2)
        chroma = chroma.resize(half, lanczos, box=tuple(v / 2 for v in box), reducing_gap=2.0)
        chroma = chroma.resize(size, Image.Resampling.NEAREST, box=(0, 0, size[0] / 2, size[1] / 2))
        luma = y.resize(size, lanczos, box=box, reducing_gap=2.0)
        out = Image.merge("YCbCr", (luma, chroma.getchannel(0), chroma.getchannel(1)))
    else:
        out = img.resize(size, lanczos, box=box, reducing_gap=2.0)
        out = out.convert("RGB") if out.mode == "RGBX" else out
    if source.orientation != 1:
        out = out.transpose(getattr(Image.Transpose, ORIENTED[source.orientation]))
    out.info = {}
    if job.kit is not None and job.overlays and out.mode == "YCbCr":
        out = out.convert("RGB")  # overlays are drawn in RGB; the encoder converts back
    return apply_overlays(out, job)
