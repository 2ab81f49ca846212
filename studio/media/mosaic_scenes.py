"""Heritage scenes for the sample media: a tessellated mosaic floor and an arcade façade.

Same conventions as :mod:`studio.media.mosaic_tiles` (functions of a Strip, RGB in [0, 1]).
"""

from __future__ import annotations

import numpy as np

from studio.media.mosaic import Strip, hash01, hash_bits, mix, perspective, smooth

__all__ = ["ARCADE_NOISES", "FLOOR_NOISES", "arcade", "floor_design", "mosaic_floor"]

FLOOR_NOISES = ((5, 1), (50, 2))
ARCADE_NOISES = ((7, 1), (90, 2), (20, 3))

_CREAM, _WHITE = (0.86, 0.80, 0.67), (0.93, 0.90, 0.83)
_RED, _DARK_RED = (0.66, 0.29, 0.17), (0.45, 0.15, 0.10)
_BLACK, _OCHRE, _SLATE = (0.14, 0.13, 0.12), (0.80, 0.58, 0.26), (0.40, 0.45, 0.48)
_FLOOR_PALETTE = np.array([_CREAM, _WHITE, _RED, _DARK_RED, _BLACK, _OCHRE, _SLATE], np.float32)
_TESSERA = 0.028  # plane units; the medallion has radius 0.95


def floor_design(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Palette index of the design at tessera centres: a Roman-African floor with a rosette
    medallion in a guilloche ring, on a field of lozenges, bordered by a wave band."""
    idx = np.zeros(u.shape, np.int8)
    a, b = (u + v) / 0.34, (u - v) / 0.34
    fa, fb = np.abs(a - np.floor(a) - 0.5), np.abs(b - np.floor(b) - 0.5)
    idx[(fa < 0.5) & (fb < 0.5)] = 0
    idx[((np.floor(a) + np.floor(b)) % 2) == 0] = 1
    idx[(fa > 0.42) | (fb > 0.42)] = 4
    idx[(fa < 0.13) & (fb < 0.13)] = 2
    r = np.hypot(u, v)
    theta = np.arctan2(v, u)
    ring = (r > 0.60) & (r < 0.95)
    idx[ring] = 6
    rho = (r - 0.71) / 0.085
    wave = 0.75 * np.sin(12.0 * theta)
    idx[ring & (np.abs(rho - wave) < 0.42)] = 5
    idx[ring & (np.abs(rho + wave) < 0.42) & ~(np.abs(rho - wave) < 0.3)] = 2
    idx[(r > 0.86) & (r < 0.95)] = 3
    idx[((r > 0.58) & (r < 0.62)) | ((r > 0.93) & (r < 0.97))] = 4
    inner = r < 0.58
    idx[inner] = 1
    petal = 0.55 * (0.30 + 0.70 * np.abs(np.cos(4.0 * theta)) ** 0.8)
    petal_no = np.floor((theta + np.pi / 8) / (np.pi / 4)).astype(np.int64) & 1
    idx[inner & (r < petal)] = np.where(petal_no[inner & (r < petal)] == 0, 2, 5)
    idx[inner & (np.abs(r - petal) < 0.03)] = 4
    idx[r < 0.13] = 4
    idx[r < 0.075] = 5
    for edge in (-1.45, 1.55):  # wave ("running dog") bands at both ends of the room
        band = np.abs(v - edge) < 0.14
        vl = (v - edge) / 0.14
        idx[band] = 0
        idx[band & (np.abs(vl - 0.55 * np.sin(2 * np.pi * u / 0.32)) < 0.28)] = 3
        idx[(np.abs(v - edge) > 0.11) & band] = 4
    return idx


def mosaic_floor(s: Strip, *, tilt: float = 0.22, scale: float = 1.45) -> np.ndarray:
    """The floor photographed at an angle: every tessera a jittered, slightly rounded
    square of one colour, set in mortar, a few missing, the surface worn."""
    u, v = perspective(s.x, s.y, scale=scale, tilt=(0.0, tilt), shift=(0.0, 0.25))
    pxu = s.px * scale * 1.3
    size = _TESSERA
    ti, tj = np.floor(u / size).astype(np.int32), np.floor(v / size).astype(np.int32)
    # Design sampled once per tessera: a small table indexed by the tessera of each pixel.
    i0, j0 = int(ti.min()), int(tj.min())
    gi, gj = np.meshgrid(np.arange(i0, int(ti.max()) + 1), np.arange(j0, int(tj.max()) + 1))
    table = floor_design((gi + 0.5) * size, (gj + 0.5) * size).ravel()
    kind = table[(tj - j0) * gi.shape[1] + (ti - i0)]
    ident = ti * 7919 + tj
    h1, h2, h3 = hash_bits(ident, seed=s.seed)
    ang = (h1 - 0.5) * 0.25
    lx = u - (ti + (0.5 + (h2 - 0.5) * 0.16)) * size
    ly = v - (tj + (0.5 + (h1 - 0.5) * 0.16)) * size
    c, sn = np.cos(ang), np.sin(ang)
    rx, ry = np.abs(c * lx + sn * ly), np.abs(c * ly - sn * lx)
    rad = size * 0.12
    inner = size * (0.40 + 0.05 * h2) - rad
    qx, qy = rx - inner, ry - inner
    d = np.hypot(np.maximum(qx, 0), np.maximum(qy, 0)) + np.minimum(np.maximum(qx, qy), 0) - rad
    cover = np.clip(0.5 - d / pxu, 0.0, 1.0) * (h3 > 0.006)
    colour = _FLOOR_PALETTE[kind] * (0.88 + 0.2 * h1)[..., None]
    colour *= (1.0 - 0.28 * np.exp(d / (0.09 * size)))[..., None]  # worn, rounded edges
    colour *= (0.92 + 0.08 * s.noise(5, 1))[..., None]
    mortar = np.float32(0.5) + 0.06 * s.noise(50, 2)
    mortar_rgb = np.stack([mortar, mortar * 0.92, mortar * 0.80], axis=-1)
    return mix(mortar_rgb, colour, cover)


def _horseshoe(x: np.ndarray, y: np.ndarray, cx: float, cy: float, radius: float):
    """Signed distance-like value of a horseshoe arch opening (negative inside)."""
    drop = 0.35 * radius  # the circle continues below its centre, then narrows to the jambs
    jamb = np.sqrt(radius**2 - drop**2)
    circle = np.hypot(x - cx, y - cy) - radius
    below = np.maximum(np.abs(x - cx) - jamb, cy + drop - y)
    return np.minimum(circle, below), drop, jamb


def arcade(s: Strip) -> np.ndarray:
    """An Andalusian arcade in portrait: sky, a terracotta tiled roof, ochre plaster, two
    horseshoe arches with alternating red-brick and cream-stone voussoirs, shadowed interior."""
    x, y = perspective(s.x, s.y, scale=1.0, tilt=(0.0, -0.05))
    px = s.px
    plaster = np.float32(0.8) + 0.05 * s.noise(20, 3) + 0.025 * s.noise(90, 2)
    colour = np.stack([plaster, plaster * 0.82, plaster * 0.58], axis=-1)
    # Roof: rows of barrel tiles, cylinder-shaded, their rounded lower ends casting a shadow.
    tw, rh, top = 0.075, 0.055, -0.82
    if float(y.min()) > -0.58:  # below the eaves: plain wall, no roof or sky work
        return _lower_facade(s, x, y, colour)
    col = np.floor(x / tw)
    fx = x / tw - col
    row = np.floor((y - top) / rh)
    ry = (y - top) / rh - row
    end = 0.80 + 0.2 * np.cos(np.pi * (fx - 0.5))
    cyl = 0.5 + 0.5 * np.cos(np.pi * (fx - 0.5) * 1.5)
    tone = 0.82 + 0.3 * hash01(col.astype(np.int64), row.astype(np.int64), seed=s.seed)
    lit = cyl * tone * (1.0 - 0.75 * np.clip((ry - end) * rh / (2 * px) + 0.5, 0, 1))
    roof_rgb = np.float32([0.72, 0.34, 0.18]) * lit[..., None]
    colour = np.where(((y > top) & (y < -0.60))[..., None], roof_rgb, colour)
    sky = np.stack([0.42 + 0.25 * (y + 1), 0.62 + 0.2 * (y + 1), 0.88 + 0.05 * (y + 1)], axis=-1)
    colour = mix(colour, sky, np.clip((top - y) / px + 0.5, 0, 1))
    colour *= (1.0 - 0.45 * smooth(-0.50, -0.60, y) * (y > -0.60))[..., None]  # eave shadow
    dentil = (y > -0.585) & (y < -0.545) & ((x / 0.05 - np.floor(x / 0.05)) < 0.55)
    colour[dentil] = (0.62, 0.30, 0.18)
    return _lower_facade(s, x, y, colour)


def _lower_facade(s: Strip, x: np.ndarray, y: np.ndarray, colour: np.ndarray) -> np.ndarray:
    px = s.px
    # A band of green-and-white glazed tiles (a zellige dado) under the twin window.
    band = (y > -0.135) & (y < -0.105)
    check = ((np.floor(x / 0.03) + np.floor(y / 0.03)).astype(np.int64) & 1).astype(bool)
    colour[band & check] = (0.10, 0.42, 0.30)
    colour[band & ~check] = (0.90, 0.88, 0.80)
    # Twin window (ajimez) and the two great arches: horseshoe openings in voussoir rings.
    for cx, cy, radius, ring_w, parts in (
        (-0.085, -0.30, 0.065, 0.028, 7),
        (0.085, -0.30, 0.065, 0.028, 7),
        (-0.37, 0.26, 0.24, 0.09, 11),
        (0.37, 0.26, 0.24, 0.09, 11),
    ):
        y_lo, y_hi = float(y.min()), float(y.max())
        if y_hi < cy - radius - ring_w - 0.05 or y_lo > 0.95:
            continue  # this strip of rows does not cross the arch: skip the work
        opening, drop, jamb = _horseshoe(x, y, cx, cy, radius)
        ring = (opening > 0) & (opening < ring_w) & (y < cy + drop)
        step = (np.arctan2(y - cy, x - cx) + np.pi) / (np.pi / parts)
        brick = np.where(
            (np.floor(step).astype(np.int64) & 1)[..., None] == 1,
            np.float32([0.62, 0.22, 0.14]),
            np.float32([0.90, 0.82, 0.63]),
        )
        brick = brick * (1 - 0.35 * (np.abs(step - np.round(step)) < 0.03))[..., None]
        colour = np.where(ring[..., None], brick, colour)
        alfiz = np.maximum(
            np.abs(x - cx) - (radius + ring_w + 0.03), cy - (radius + ring_w + 0.03) - y
        )
        colour[(np.abs(alfiz) < 0.006) & (y < cy + drop)] *= 0.72
        depth = np.clip((y - (cy - radius)) / 1.0, 0, 1)
        inside = np.stack([0.07 + 0.12 * depth, 0.05 + 0.09 * depth, 0.04 + 0.06 * depth], axis=-1)
        inside *= (0.8 + 0.2 * s.noise(20, 3))[..., None]
        bottom = 0.93 if radius > 0.1 else cy + drop + 0.12
        opening = np.maximum(opening, y - bottom)
        colour = mix(colour, inside, np.clip(0.5 - opening / px, 0, 1))
        # Marble columns under the springing of each great arch.
        if radius > 0.1:
            for col_x in (cx - jamb - 0.03, cx + jamb + 0.03):
                shaft = (np.abs(x - col_x) < 0.026) & (y > cy + drop + 0.03) & (y < 0.93)
                capital = (np.abs(x - col_x) < 0.045) & (np.abs(y - (cy + drop + 0.015)) < 0.018)
                marble = 0.80 + 0.12 * np.cos(np.pi * (x - col_x) / 0.055)
                stone = np.stack([marble, marble * 0.97, marble * 0.92], axis=-1)
                colour = np.where((shaft | capital)[..., None], stone, colour)
    paving = y > 0.93
    joint = (np.abs(x / 0.16 - np.round(x / 0.16)) < 0.04) | (
        np.abs((y - 0.93) / 0.03 - np.round((y - 0.93) / 0.03)) < 0.08
    )
    stone = np.where(joint, 0.35, 0.62 + 0.06 * s.noise(90, 2))
    colour[paving] = (np.stack([stone, stone * 0.95, stone * 0.86], axis=-1))[paving]
    return colour
