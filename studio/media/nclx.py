"""Colour from an nclx box: HEIC photos from phones that say "Display P3" without an ICC profile.

iPhones (and many Android phones) tag HEIC photos with CICP code points (ITU-T H.273) instead
of an embedded ICC profile: ``color_primaries`` 12 (P3-D65) with ``transfer_characteristics``
13 (the sRGB curve). Decoded as if they were sRGB, those pixels look dull: saturated reds and
greens lose their punch once a platform shows them as sRGB. So the primaries pillow-heif
reports are turned into an exact RGB -> XYZ -> sRGB matrix (any primaries, not a table of
known ones), applied in linear light, and out-of-gamut values are clipped.

Transfer functions handled: sRGB (13, and "unspecified" 2), BT.709/601/2020 SDR (1, 6, 14,
15, decoded with the BT.1886 display gamma 2.4 that these files assume on screens), gamma
2.2 (4), gamma 2.8 (5) and linear (8). HDR transfers (PQ 16, HLG 18) in stills are rare and
need tone mapping: they are left as they are, and the caller is told (``None``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

# CIE xy of the sRGB / BT.709 primaries and D65 white (IEC 61966-2-1).
SRGB_XY = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06), (0.3127, 0.3290))
SRGB_PRIMARIES = (1,)  # H.273 colour_primaries 1: BT.709 == sRGB
UNSPECIFIED = (0, 2)
_GAMMA = {1: 2.4, 6: 2.4, 14: 2.4, 15: 2.4, 4: 2.2, 5: 2.8, 8: 1.0}
_SRGB_CURVE = (13, 2)


def _rgb_to_xyz(xy) -> Any:
    import numpy as np

    (rx, ry), (gx, gy), (bx, by), (wx, wy) = xy
    m = np.array([[x / y, 1.0, (1 - x - y) / y] for x, y in ((rx, ry), (gx, gy), (bx, by))]).T
    white = np.array([wx / wy, 1.0, (1 - wx - wy) / wy])
    return m * np.linalg.solve(m, white)


def _bradford(src_white, dst_white) -> Any:
    import numpy as np

    b = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])

    def xyz(w):
        x, y = w
        return np.array([x / y, 1.0, (1 - x - y) / y])

    ratio = (b @ xyz(dst_white)) / (b @ xyz(src_white))
    return np.linalg.inv(b) @ np.diag(ratio) @ b


def matrix_to_srgb(nclx: Mapping[str, Any]) -> Any | None:
    """The 3x3 linear-light matrix from the nclx primaries to sRGB; None when already sRGB."""
    import numpy as np

    primaries = nclx.get("color_primaries")
    if primaries in SRGB_PRIMARIES or primaries in UNSPECIFIED or primaries is None:
        return None
    try:
        xy = tuple(
            (float(nclx[f"color_primary_{c}_x"]), float(nclx[f"color_primary_{c}_y"]))
            for c in ("red", "green", "blue", "white")
        )
    except (KeyError, TypeError, ValueError):
        return None
    if any(y <= 0 for _, y in xy):
        return None
    m = np.linalg.inv(_rgb_to_xyz(SRGB_XY)) @ _bradford(xy[3], SRGB_XY[3]) @ _rgb_to_xyz(xy)
    return None if np.allclose(m, np.eye(3), atol=2e-3) else m


def _decode(v, transfer: int) -> Any:
    import numpy as np

    if transfer in _SRGB_CURVE:
        return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
    return v ** _GAMMA[transfer]


def _encode_srgb(v) -> Any:
    import numpy as np

    return np.where(v <= 0.0031308, v * 12.92, 1.055 * np.power(v, 1 / 2.4) - 0.055)


def nclx_to_srgb(img: Image.Image, nclx: Mapping[str, Any] | None) -> Image.Image | None:
    """``img`` (RGB or RGBA, 8-bit) converted from the nclx colour space to sRGB.

    None when there is nothing to do (sRGB primaries, no nclx) or the transfer is one this
    module does not handle (HDR): the caller keeps the pixels as they are.
    """
    import numpy as np
    from PIL import Image

    if not nclx or img.mode not in ("RGB", "RGBA"):
        return None
    m = matrix_to_srgb(nclx)
    transfer = nclx.get("transfer_characteristics", 2)
    if m is None or not (transfer in _SRGB_CURVE or transfer in _GAMMA):
        return None
    arr = np.asarray(img)
    rgb = arr[..., :3].astype(np.float32) / 255.0
    if not nclx.get("full_range_flag", 1):  # limited range RGB is rare in stills, but exists
        rgb = np.clip((rgb * 255.0 - 16.0) / 219.0, 0.0, 1.0)
    lin = _decode(rgb, transfer) @ m.T.astype(np.float32)
    out = _encode_srgb(np.clip(lin, 0.0, 1.0))
    out8 = np.round(out * 255.0).astype(np.uint8)
    if img.mode == "RGBA":
        out8 = np.dstack([out8, arr[..., 3]])
    return Image.fromarray(out8)  # (h, w, 3) -> RGB, (h, w, 4) -> RGBA
