"""Tools for the procedural heritage art of the sample media (numpy, no Qt).

Why procedural: the showcase needs camera-sized photos that are original, license-clean and
small in the repository. Each picture is a function of pixel coordinates (signed distances
to tile edges, hashed per-piece colours), rendered at half the output size in horizontal
strips (bounded memory, cache-friendly), then finished like a photograph: light falloff,
vignette, 2x upscale (a camera-like softness) and luminance grain.

Everything is seeded: the same seed gives the same pixels on every machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops

__all__ = ["Strip", "finish_photo", "hash01", "hash_bits", "mix", "perspective", "render", "smooth"]

INV_SQRT2 = np.float32(0.70710678)
_STRIP_ROWS = 384


@dataclass
class Strip:
    """A band of rows of the picture: screen coordinates and shared noise fields.

    ``x`` spans [-aspect, aspect] and ``y`` [-1, 1] over the *whole* picture (y down), so a
    pattern is independent of the output size; ``px`` is one pixel in those units.
    """

    x: np.ndarray  # (rows, w) float32
    y: np.ndarray
    px: float
    rows: slice
    seed: int
    _noise: dict

    def noise(self, cells: int, salt: int) -> np.ndarray:
        """Smooth value noise in [-1, 1] with ``cells`` features across the height."""
        return self._noise[(cells, salt)][self.rows]


def hash01(*ints: np.ndarray | int, seed: int = 0) -> np.ndarray:
    """Per-cell pseudo-random numbers in [0, 1) from integer cell indices (vectorised)."""
    h = np.full(
        np.broadcast(*[np.asarray(i) for i in ints]).shape,
        seed * 0x9E3779B1 & 0xFFFFFFFF,
        np.uint32,
    )
    for k, i in enumerate(ints):
        i32 = np.asarray(i).astype(np.int64).astype(np.uint32)
        h ^= i32 * np.uint32((0x85EBCA6B + 0x27D4EB2F * k) & 0xFFFFFFFF)
        h ^= h >> np.uint32(15)
        h *= np.uint32(0x2C1B3C6D)
        h ^= h >> np.uint32(12)
    h *= np.uint32(0x297A2D39)
    h ^= h >> np.uint32(15)
    return h.astype(np.float32) * np.float32(1.0 / 4294967296.0)


def hash_bits(ident: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three independent-looking numbers in [0, 1) per integer id, from one hash: 10 bits
    each (plenty for colour jitter and tilts, and a third of the cost of three hashes)."""
    h = hash01(ident, seed=seed)
    bits = (h * np.float32(1073741824.0)).astype(np.uint32)
    scale = np.float32(1.0 / 1024.0)
    return (
        h,
        ((bits >> 10) & 1023).astype(np.float32) * scale,
        (bits & 1023).astype(np.float32) * scale,
    )


def smooth(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def mix(a, b, t: np.ndarray) -> np.ndarray:
    """Blend colours: ``a``/``b`` are (3,) or (..., 3) arrays, ``t`` (...) weights of ``b``."""
    t = t[..., None]
    return a + (np.asarray(b, np.float32) - a) * t


def perspective(
    x: np.ndarray,
    y: np.ndarray,
    *,
    scale: float,
    tilt: tuple[float, float],
    rot: float = 0.0,
    shift: tuple[float, float] = (0.0, 0.0),
) -> tuple[np.ndarray, np.ndarray]:
    """Map screen to plane coordinates through a mild projective transform (a camera not
    quite square to the wall or floor): ``tilt`` is the keystone along x and y."""
    denom = 1.0 + tilt[0] * x + tilt[1] * y
    xs, ys = x / denom, y / denom
    c, s = np.float32(np.cos(rot)), np.float32(np.sin(rot))
    return (c * xs - s * ys) * scale + shift[0], (s * xs + c * ys) * scale + shift[1]


Pattern = Callable[[Strip], np.ndarray]


def render(
    pattern: Pattern,
    width: int,
    height: int,
    seed: int,
    *,
    noises: tuple[tuple[int, int], ...] = (),
) -> np.ndarray:
    """Evaluate ``pattern`` strip by strip; return an (h, w, 3) uint8 array with the light
    falloff and vignette of a real lens already applied."""
    aspect = width / height
    rng = np.random.default_rng(seed)
    fields = {key: _noise_field(width, height, key[0], rng) for key in noises}
    out = np.empty((height, width, 3), np.uint8)
    xs = np.linspace(-aspect, aspect, width, dtype=np.float32)[None, :]
    ys_all = np.linspace(-1.0, 1.0, height, dtype=np.float32)
    for top in range(0, height, _STRIP_ROWS):
        rows = slice(top, min(height, top + _STRIP_ROWS))
        y = np.broadcast_to(ys_all[rows, None], (rows.stop - rows.start, width))
        x = np.broadcast_to(xs, y.shape)
        strip = Strip(x=x, y=y, px=2.0 / height, rows=rows, seed=seed, _noise=fields)
        rgb = pattern(strip)
        # Light from the upper left, falling off across the frame, and lens vignetting.
        light = 1.06 - 0.10 * (0.55 * x / aspect + 0.45 * y)
        r2 = (x / aspect) ** 2 * 0.6 + y**2 * 0.5
        light = light * (1.0 - 0.32 * r2 * r2)
        rgb = rgb * light[..., None] * np.array([1.02, 1.0, 0.97], np.float32)  # warm grade
        out[rows] = np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return out


def _noise_field(width: int, height: int, cells: int, rng: np.random.Generator) -> np.ndarray:
    cols = max(2, round(cells * width / height))
    small = rng.uniform(-1.0, 1.0, (cells + 1, cols + 1)).astype(np.float32)
    field = Image.fromarray(small).resize((width, height), Image.Resampling.BICUBIC)
    return np.asarray(field, np.float32)


def finish_photo(
    work: np.ndarray, size: tuple[int, int], seed: int, grain: float = 4.0
) -> Image.Image:
    """Upscale the half-size render to ``size`` and add film/sensor-like luminance grain.

    Grain is a tiled 512 px noise patch (tiling is invisible under the image content) so that
    a 24 MP photo costs ~0.3 s instead of ~1 s for per-pixel Gaussian noise.
    """
    img = Image.fromarray(work)
    if img.size != size:
        img = img.resize(size, Image.Resampling.BILINEAR)
    rng = np.random.default_rng(seed ^ 0x5EED)
    tile = np.clip(rng.normal(128.0, grain, (512, 512)), 0, 255).astype(np.uint8)
    patch = Image.fromarray(tile)
    noise = Image.new("L", size)
    for top in range(0, size[1], 512):
        for left in range(0, size[0], 512):
            noise.paste(patch, (left, top))
    return ImageChops.add(img, Image.merge("RGB", (noise, noise, noise)), 1.0, -128)
