"""Where each output's pixels come from: the focal-point crop, the decode scale, orientation.

Pure arithmetic on boxes (no Pillow), shared by the decoder (how small it may decode), the
resampler (which box to resize) and the floor benchmark (bench/photos.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studio.media.jobs import RenderJob

#: EXIF orientation -> the ``PIL.Image.Transpose`` member that displays the stored pixels.
ORIENTED = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE"}
ORIENTED |= {6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}


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


def to_stored(box, raw: tuple[int, int], orientation: int):
    """Map a box in displayed coordinates to the stored (un-oriented) pixel grid, so the
    large decoded image is never rotated: only the small output is."""
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
