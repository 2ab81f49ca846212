"""Glazed-tile heritage patterns: zellige, interlaced strapwork, azulejo (see mosaic.py).

Each function takes a :class:`studio.media.mosaic.Strip` and returns float RGB in [0, 1].
Geometry is written as signed distances in *plane* units (one tile or cell = 1), so that
edges are anti-aliased by the same 1-pixel ramp at any output size.
"""

from __future__ import annotations

import numpy as np

from studio.media.mosaic import INV_SQRT2, Strip, hash01, hash_bits, mix, perspective, smooth

__all__ = [
    "AZULEJO_NOISES",
    "STRAPWORK_NOISES",
    "ZELLIGE_NOISES",
    "azulejo",
    "strapwork",
    "zellige",
]

ZELLIGE_NOISES = ((40, 1), (6, 2))
STRAPWORK_NOISES = ((30, 1), (5, 2))
AZULEJO_NOISES = ((60, 1), (8, 2))


def _coverage(d: np.ndarray, px: float) -> np.ndarray:
    """Anti-aliased inside-ness of a signed distance (negative inside)."""
    return np.clip(0.5 - d / px, 0.0, 1.0)


def _glints(s: Strip, tx: np.ndarray, ty: np.ndarray, strength: float) -> np.ndarray:
    """Window reflections on hand-made glazed pieces: each piece is tilted a little
    differently (``tx``, ``ty`` in [0, 1) per piece), so each catches the highlight at a
    different place -- the sparkle of a zellige wall."""
    dx = s.x + 0.1 + tx * 0.9
    dy = s.y + 0.0 + ty * 0.9
    return strength * np.exp((dx * dx + dy * dy) * np.float32(-1 / 0.12))


def zellige(s: Strip) -> np.ndarray:
    """Moroccan zellige: 8-point stars with honey octagons, small black stars at the cell
    corners, white ground in four pieces per cell, all set in cement grout."""
    scale = 2.2
    u, v = perspective(s.x, s.y, scale=scale, tilt=(0.035, -0.05), rot=0.035)
    pxu = s.px * scale
    wobble = s.noise(40, 1) * 0.006  # hand-cut edges are never perfectly straight
    ci, cj = np.floor(u + 0.5), np.floor(v + 0.5)
    lx, ly = u - ci, v - cj
    ax, ay = np.abs(lx), np.abs(ly)
    r = 0.29
    star = np.minimum(np.maximum(ax, ay) - r, (ax + ay) * INV_SQRT2 - r) + wobble
    octa = np.maximum(np.maximum(ax, ay) - 0.12, (ax + ay) * INV_SQRT2 - 0.125) + wobble
    cx, cy = 0.5 - ax, 0.5 - ay
    cstar = np.minimum(np.maximum(cx, cy) - 0.1, (cx + cy) * INV_SQRT2 - 0.1) + wobble
    in_c, in_o = cstar < 0, octa < 0
    in_s = (star < 0) & ~in_o
    background = ~(in_c | in_o | in_s)
    seams = np.where(background, np.minimum(np.minimum(cx, cy), np.minimum(ax, ay)), 9.0)
    edge = np.minimum(np.minimum(np.abs(star), np.abs(octa)), np.minimum(np.abs(cstar), seams))
    tile = np.clip((edge - 0.0065) / pxu + 0.5, 0.0, 1.0)

    ici, icj = ci.astype(np.int32), cj.astype(np.int32)
    parity = (ici + icj) & 1
    # 0 white ground, 1 green star, 2 blue star, 3 honey octagon, 4 black corner star
    kind = np.where(in_c, 4, np.where(in_o, 3, np.where(in_s, 1 + parity, 0)))
    corner = (ici + (lx > 0)) * 4099 + (icj + (ly > 0))
    sub = np.where(background, (lx > 0) * 2 + (ly > 0), kind + 4)
    piece = np.where(in_c, corner * 16 + 15, (ici * 7919 + icj) * 16 + sub)
    palette = np.array(
        [[0.91, 0.89, 0.82], [0.05, 0.40, 0.29], [0.07, 0.19, 0.50], [0.84, 0.60, 0.20],
         [0.10, 0.09, 0.08]], np.float32,
    )  # fmt: skip
    colour = palette[kind]
    h, tx, ty = hash_bits(piece, seed=s.seed)
    jitter = 0.92 + h * 0.16 + 0.03 * wobble * (1 / 0.006)
    bevel = 1.0 - 0.22 * np.exp(np.maximum(edge - 0.0065, 0) * np.float32(-1 / 0.016))
    colour *= (jitter * bevel)[..., None]
    colour += _glints(s, tx, ty, 0.18)[..., None]
    grout = np.float32(0.70) + 0.06 * s.noise(6, 2)
    grout_rgb = np.stack([grout, grout * 0.97, grout * 0.91], axis=-1) * 0.78
    return mix(grout_rgb, colour, tile)


_R_STRAP = 0.36  # rotated-square points reach 0.51: they meet the neighbours' points


def _strap_distances(u: np.ndarray, v: np.ndarray):
    """Distances to the two interlaced squares of each cell's 8-point star (Rub el Hizb)."""
    lx, ly = u - np.round(u), v - np.round(v)
    ax, ay = np.abs(lx), np.abs(ly)
    sq = np.maximum(ax, ay) - _R_STRAP  # signed: positive outside
    rot = (ax + ay) * INV_SQRT2 - _R_STRAP
    return lx, ly, ax, ay, sq, rot


def strapwork(s: Strip) -> np.ndarray:
    """Carved-plaster interlace (girih-style): in every cell two squares cross to make an
    8-point star, the straps going alternately over and under; lapis octagons, gold star
    points, small gold stars where four cells meet, red ground."""
    scale = 2.2
    u, v = perspective(s.x, s.y, scale=scale, tilt=(0.04, 0.035), rot=-0.02)
    pxu = s.px * scale
    w, ow = 0.030, 0.008
    lx, ly, ax, ay, sq, rot = _strap_distances(u, v)
    d_sq, d_rot = np.abs(sq), np.abs(rot)
    # Crossings of the two squares sit at 22.5 + 45k degrees; alternate which one is on top.
    sector = np.round((np.arctan2(ly, lx) - np.pi / 8) / (np.pi / 4)).astype(np.int64) & 1
    sq_on_top = np.where(d_sq < w + pxu, np.where(d_rot < w + pxu, sector == 0, True), False)
    dist = np.where(sq_on_top, d_sq, d_rot)
    signed = np.where(sq_on_top, sq, rot)
    # Bevel: the side of the strap facing the light (upper left) is brighter.
    nx = np.where(sq_on_top, np.where(ax > ay, np.sign(lx), 0.0), np.sign(lx) * INV_SQRT2)
    ny = np.where(sq_on_top, np.where(ax > ay, 0.0, np.sign(ly)), np.sign(ly) * INV_SQRT2)
    facing = -0.6 * nx - 0.8 * ny

    cx, cy = 0.5 - ax, 0.5 - ay
    small = np.minimum(np.maximum(cx, cy) - 0.075, (cx + cy) * INV_SQRT2 - 0.075)
    kind = np.where(
        small < 0, 1, np.where(np.maximum(sq, rot) < 0, 2, np.where(np.minimum(sq, rot) < 0, 1, 0))
    )
    palette = np.array([[0.52, 0.15, 0.11], [0.74, 0.56, 0.22], [0.11, 0.19, 0.44]], np.float32)
    ground = palette[kind]
    relief = np.sin(47.0 * u + 3.0 * np.sin(23.0 * v)) * np.sin(47.0 * v + 3.0 * np.sin(23.0 * u))
    texture = 0.93 + 0.05 * relief + 0.05 * s.noise(30, 1)
    # Cast shadow of the straps on the sunken ground, toward the lower right.
    *_, ssq, srot = _strap_distances(u - 0.016, v - 0.02)
    shade = 1.0 - 0.45 * smooth(w + 0.012, w - 0.004, np.minimum(np.abs(ssq), np.abs(srot)))
    ground *= (texture * shade)[..., None]

    ivory = (0.96 + 0.04 * s.noise(5, 2)) * (1.0 + 0.30 * (signed / w) * facing)
    strap = np.array([0.90, 0.85, 0.72], np.float32) * ivory[..., None]
    strap = mix(strap, np.array([0.28, 0.20, 0.13], np.float32), _coverage(-(dist - (w - ow)), pxu))
    return mix(ground, strap, _coverage(dist - w, pxu))


def azulejo(s: Strip) -> np.ndarray:
    """Portuguese/Andalusian azulejo panel: cobalt on tin-white glaze, a rosette shared by
    every four tiles, hand-set tiles with uneven grout and a few chipped corners."""
    scale = 3.0
    u0, v0 = perspective(s.x, s.y, scale=scale, tilt=(-0.04, 0.05), rot=0.015)
    pxu = s.px * scale
    ti, tj = np.floor(u0), np.floor(v0)
    ident = ti.astype(np.int32) * 7919 + tj.astype(np.int32)
    h_ang, tx, ty = hash_bits(ident, seed=s.seed + 3)
    ang = (h_ang - 0.5) * 0.012
    fx = (u0 - ti - 0.5) * np.cos(ang) - (v0 - tj - 0.5) * np.sin(ang) + 0.5
    fy = (u0 - ti - 0.5) * np.sin(ang) + (v0 - tj - 0.5) * np.cos(ang) + 0.5
    fx = fx + (hash01(ident, seed=s.seed + 4) - 0.5) * 0.01
    edge = np.minimum(np.minimum(fx, 1 - fx), np.minimum(fy, 1 - fy))
    tile = np.clip((edge - 0.006) / pxu + 0.5, 0.0, 1.0)
    mx = np.where(ti.astype(np.int64) & 1, 1 - fx, fx)  # mirror: rosettes where 4 tiles meet
    my = np.where(tj.astype(np.int64) & 1, 1 - fy, fy)

    ra = np.hypot(mx, my)
    phi = np.arctan2(my, mx)
    soft = pxu * 1.6  # brush strokes are a little soft
    ink = np.zeros(u0.shape, np.float32)

    def stroke(d: np.ndarray, amount: float) -> None:
        nonlocal ink
        ink = np.maximum(ink, amount * np.clip(0.5 - d / soft, 0.0, 1.0))

    petal_r = 0.36 * (0.42 + 0.58 * np.abs(np.cos(4.0 * phi)) ** 0.7)
    stroke(ra - petal_r, 0.45)  # wash inside the petals
    stroke(np.abs(ra - petal_r) - 0.010, 0.95)  # petal outlines
    stroke(np.abs(ra - 0.47) - 0.022, 0.9)  # the ring round the rosette
    stroke(ra - 0.075, 1.0)
    dot = np.hypot(mx - 0.56 * INV_SQRT2, my - 0.56 * INV_SQRT2)
    stroke(dot - 0.035, 1.0)
    rb = np.hypot(1 - mx, 1 - my)  # a white flower reserved in a cobalt disk
    psi = np.arctan2(1 - my, 1 - mx)
    flower = rb - 0.2 * (0.45 + 0.55 * np.abs(np.cos(2.0 * psi)))
    stroke(np.maximum(rb - 0.30, -flower), 0.95)
    stroke(rb - 0.045, 1.0)
    rc = np.minimum(np.hypot(1 - mx, my), np.hypot(mx, 1 - my))
    stroke(np.abs(rc - 0.12) - 0.012, 0.9)
    diag = np.abs(mx - my) * INV_SQRT2  # leaves along the diagonal
    along = (mx + my) * INV_SQRT2
    leaf_w = 0.05 * np.clip(1 - ((along - 0.83) / 0.13) ** 2, 0, 1)
    stroke(diag - leaf_w, 0.8)
    frame = np.minimum(np.minimum(mx, 1 - mx), np.minimum(my, 1 - my))
    stroke(np.abs(frame - 0.045) - 0.006, 0.55)
    ink = ink * (0.82 + 0.18 * s.noise(60, 1))

    glaze = np.array([0.92, 0.91, 0.86], np.float32) * (
        1.0
        + (hash01(ident, seed=s.seed + 5)[..., None] - 0.5)
        * np.array([0.03, 0.03, 0.06], np.float32)
    )
    cobalt = np.array([0.06, 0.15, 0.47], np.float32) / np.array([0.95, 0.94, 0.89], np.float32)
    colour = glaze * (1.0 - ink[..., None] * (1.0 - cobalt))
    chip_corner = np.floor(hash01(ident, seed=s.seed + 6) * 4)
    cxc = np.where(chip_corner % 2 == 0, fx, 1 - fx)
    cyc = np.where(chip_corner < 2, fy, 1 - fy)
    chipped = (hash01(ident, seed=s.seed + 7) < 0.18) & (
        np.hypot(cxc, cyc) < 0.05 + 0.02 * s.noise(60, 1)
    )
    colour[chipped] = (0.74, 0.52, 0.38)  # the terracotta body under the glaze
    colour = colour + (_glints(s, tx, ty, 0.1) * ~chipped)[..., None]
    grout = np.float32(0.66) + 0.05 * s.noise(8, 2)
    grout_rgb = np.stack([grout, grout * 0.98, grout * 0.93], axis=-1)
    return mix(grout_rgb, colour, tile)
