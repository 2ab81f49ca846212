"""Build the one ffmpeg filter graph that turns a source clip into a platform variant.

Everything a video render does per frame -- frame-rate conversion, reframing around the focal
point, scaling, logo and caption overlays, the audio chain -- is ONE ``-filter_complex`` run
by ONE ffmpeg process. No frame ever reaches Python, so memory stays bounded whatever the
clip length and the speed is ffmpeg's (a per-frame Python composite is ~5.5x slower, see
docs/video.md).

The graph, for a source with sound and a logo and two caption cues::

    [0:v] fps=30, crop=<focal expr>, scale=1080:1920, setsar=1, format=yuv420p [base];
    [base][1:v] overlay=x=..:y=.. [o1];                      # logo, pre-sized by Pillow
    [o1][2:v] overlay=..:enable='between(t,0.5,2.0)' [o2];   # caption cue 1
    [o2][3:v] overlay=..:enable='between(t,2.2,4.0)' [vout]; # caption cue 2
    [0:a] loudnorm=...(optional), aresample=48000 [aout]

Why the crop is an *expression* evaluated by ffmpeg rather than numbers: ffmpeg decides the
decoded frame size after auto-rotation (phone clips with a display matrix) and knows the
pixel aspect ratio (``sar``: anamorphic DV/DVD archive footage), so the same graph reframes
every source correctly without a second probe. ``setsar=1`` after ``scale`` makes the pixels
square: a 608x1080 crop scaled to 1080x1920 otherwise keeps SAR 1216:1215.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "MAX_FPS",
    "PREVIEW_CRF",
    "PREVIEW_PRESET",
    "PUBLISH_CRF",
    "PUBLISH_PRESET",
    "TONEMAP",
    "X264_PRESETS",
    "GraphSpec",
    "Overlay",
    "audio_kbps",
    "build_filter_complex",
    "crop_filter",
    "output_fps",
    "place_box",
    "video_cap_kbps",
    "x264_args",
]

#: No social platform plays more than 60 fps; 120/240 fps phone clips are halved/quartered.
MAX_FPS = 60
_STANDARD_RATES = tuple(
    Fraction(r)
    for r in ("24000/1001", "24", "25", "30000/1001", "30", "48", "50", "60000/1001", "60")
)


@dataclass(frozen=True)
class Overlay:
    """A still RGBA image drawn at (x, y) of the output, always or between two times."""

    path: str  # a PNG we wrote ourselves (never a user path)
    x: int
    y: int
    start: float | None = None  # seconds of the *output* timeline; None: whole clip
    end: float | None = None
    box: tuple[int, int, int, int] | None = None  # x, y, w, h, for others to keep clear of


@dataclass(frozen=True)
class GraphSpec:
    """Every per-frame decision of one render, already resolved to numbers."""

    size: tuple[int, int]  # output width, height (even)
    focal: tuple[float, float]  # 0..1 of the displayed source
    fps: Fraction
    overlays: tuple[Overlay, ...] = ()  # logo first, then caption cues
    audio: str = "none"  # "source" | "silent" | "none"
    duration: float = 0.0  # output seconds (for the silent track)
    loudnorm: str | None = None  # second-pass loudnorm arguments, when normalising
    scale_flags: str = "bicubic"
    tonemap: bool = False  # HLG/PQ source: tone-map to SDR BT.709 after scaling
    # Interlaced source (1080i): bwdif, one frame per frame, only on frames flagged interlaced,
    # before anything resamples the picture (scaling a woven frame smears the fields together).
    deinterlace: bool = False


def output_fps(
    source: float | None,
    *,
    min_fps: float | None,
    max_fps: float | None,
    variable: bool | None = False,
    cap: int = MAX_FPS,
) -> Fraction:
    """The constant frame rate of the output.

    The source rate is kept when the platform allows it (snapped to the exact NTSC/PAL
    rational it stands for: a probe prints 29.97 for 30000/1001). Above the maximum the rate
    is divided by the smallest whole number that fits (120 -> 60, 59.94 -> 29.97 for a 30 fps
    cap) so that frames are dropped evenly; below the minimum it is multiplied (15 -> 30).
    A variable-rate source (phones slow their rate in low light) reports its *average*
    rate, which is below its real one: it gets 30 fps, or 60 when it averages above 30.
    """
    if variable:
        rate: Fraction | None = Fraction(60 if source and source > 30.5 else 30)
    else:
        rate = _snap(Fraction(source).limit_denominator(1001) if source and source > 0 else None)
    if rate is None:
        rate = Fraction(30)
    high = Fraction(min(cap, max_fps)) if max_fps else Fraction(cap)
    low = Fraction(min_fps).limit_denominator(1001) if min_fps else Fraction(0)
    if rate > high:
        divisor = -(-rate // high)  # ceil
        rate = _snap(rate / divisor)
        if rate < low:
            rate = high
    elif rate < low:
        rate = _snap(rate * -(-low // rate))
        if rate > high:  # no whole multiple fits: the smallest standard rate that does
            rate = next((r for r in _STANDARD_RATES if low <= r <= high), high)
    return rate


def _snap(rate: Fraction | None, tolerance: float = 0.002) -> Fraction | None:
    if rate is None:
        return None
    best = min(_STANDARD_RATES, key=lambda r: abs(r - rate))
    if abs(best - rate) <= tolerance * rate:
        return best
    return rate.limit_denominator(1001)


def crop_filter(size: tuple[int, int], focal: tuple[float, float]) -> str:
    """``crop`` keeping the largest region of the output's aspect, centred on ``focal``.

    ``sar`` turns coded pixels into displayed ones (ffmpeg reads an unset SAR as 1); the
    focal point is clamped so the window never leaves the frame.
    """
    w, h = size
    fx, fy = (min(1.0, max(0.0, float(v))) for v in focal)
    return (
        f"crop=w='min(iw,ih*{w}/{h}/sar)':h='min(ih,iw*sar*{h}/{w})'"
        f":x='clip({fx:.6f}*iw-ow/2,0,iw-ow)':y='clip({fy:.6f}*ih-oh/2,0,ih-oh)'"
    )


def place_box(
    frame: tuple[int, int], box: tuple[int, int], position: str, margin: float
) -> tuple[int, int]:
    """Top-left corner of a ``box`` placed at a kit position ("top-left", "bottom", ...).

    ``margin`` is a fraction of the frame's short side, as in a kit's ``Placement``.
    Coordinates are even: yuv420p overlays land on whole chroma samples.
    """
    fw, fh = frame
    bw, bh = box
    pad = round(margin * min(fw, fh))
    vertical, _, horizontal = position.partition("-")
    if position in ("top", "bottom", "center"):
        horizontal = "center"
    if position == "center":
        vertical = "center"
    x = {"left": pad, "right": fw - bw - pad}.get(horizontal, (fw - bw) // 2)
    y = {"top": pad, "bottom": fh - bh - pad}.get(vertical, (fh - bh) // 2)
    x = min(max(0, x), max(0, fw - bw))
    y = min(max(0, y), max(0, fh - bh))
    return x - x % 2, y - y % 2


#: HDR (HLG or PQ, BT.2020) to SDR BT.709: to linear light, Hable curve, back to BT.709.
#: Run after scaling, on output-size frames: float RGB at 4K would cost four times as much.
TONEMAP = (
    "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,"
    "tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv"
)


DEINTERLACE = "bwdif=mode=send_frame:parity=auto:deint=interlaced"


def build_filter_complex(spec: GraphSpec, first_overlay_input: int = 1) -> tuple[str, bool]:
    """The ``-filter_complex`` text and whether it produces ``[aout]``.

    Overlay ``i`` must be ffmpeg input ``first_overlay_input + i``. The video output is
    always ``[vout]``.
    """
    w, h = spec.size
    chains = [
        f"[0:v]{DEINTERLACE + ',' if spec.deinterlace else ''}fps={spec.fps},{crop_filter(spec.size, spec.focal)},"
        f"scale={w}:{h}:flags={spec.scale_flags},{TONEMAP + ',' if spec.tonemap else ''}"
        "setsar=1,format=yuv420p"
    ]
    label = "base"
    chains[0] += f"[{label}]"
    for i, ov in enumerate(spec.overlays):
        out = "vout" if i == len(spec.overlays) - 1 else f"o{i}"
        enable = ""
        if ov.start is not None and ov.end is not None:
            enable = f":enable='between(t,{ov.start:.3f},{ov.end:.3f})'"
        chains.append(
            f"[{label}][{first_overlay_input + i}:v]overlay=x={ov.x}:y={ov.y}"
            f":eof_action=repeat{enable}[{out}]"
        )
        label = out
    if not spec.overlays:
        chains[0] = chains[0].replace("[base]", "[vout]")
    audio = True
    if spec.audio == "source":
        norm = f"loudnorm={spec.loudnorm}," if spec.loudnorm else ""
        chains.append(f"[0:a]{norm}aresample=48000[aout]")
    elif spec.audio == "silent":
        chains.append(f"anullsrc=r=48000:cl=stereo,atrim=duration={spec.duration:.6f}[aout]")
    else:
        audio = False
    return ";".join(chains), audio


# --- encoder settings -----------------------------------------------------------------------

#: x264 presets by purpose: "medium" for what is published (see docs/video.md for the
#: measured speed/size trade-off), "veryfast" for GUI previews that are never published.
PUBLISH_PRESET, PREVIEW_PRESET = "medium", "veryfast"
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower")
#: Quality target. 20 is visually clean at 1080p; platforms re-encode everything, so what
#: we upload should be a clean source for their encoder, not a pre-squeezed one.
PUBLISH_CRF, PREVIEW_CRF = 20, 26
#: VBV buffer in seconds of maxrate: the encoder may overshoot the average by at most this.
VBV_SECONDS = 1.0
#: Share of max_bytes kept for the MP4 container (moov index, sample tables): ~0.3 % is
#: typical at these rates; 2 % leaves room for short clips where the index weighs more.
CONTAINER_SHARE = 0.02
#: Below this a video cap is not worth applying: CRF 20 at 1080p60 stays far under it and
#: VBV would only slow the encoder.
UNCAPPED_KBPS = 40_000


def audio_kbps(budget_kbps: float | None) -> int:
    """AAC bitrate: 128 kbps (Meta's spec) unless a tight byte budget needs the bits."""
    if budget_kbps is None or budget_kbps >= 1500:
        return 128
    return 96 if budget_kbps >= 600 else 64


def video_cap_kbps(
    *,
    duration: float,
    max_bytes: float | None,
    max_bitrate_kbps: float | None,
    audio: int,
) -> float | None:
    """The highest video bitrate (kbps) that keeps the file within the platform's limits.

    From the byte limit: the file's bits minus the container's share and the audio, spread
    over the duration plus the VBV buffer the encoder may overshoot by. From the bitrate
    limit (read as the total: LinkedIn's "192 kbps-30 Mbps" is), minus the audio. None
    when no limit is close enough to matter.
    """
    caps = []
    if max_bytes and max_bytes != float("inf"):
        usable = max_bytes * 8 / 1000 * (1 - CONTAINER_SHARE) - audio * duration
        caps.append(usable / (duration + VBV_SECONDS))
    if max_bitrate_kbps:
        caps.append(0.95 * max_bitrate_kbps - audio)
    cap = min(caps, default=None)
    return None if cap is None or cap >= UNCAPPED_KBPS else cap


def x264_args(*, preset: str, crf: int, cap_kbps: float | None) -> list[str]:
    """libx264 in constant-quality mode, capped by VBV when a limit binds.

    ``filter_units`` drops SEI NAL units: x264 writes its version and every setting there,
    and an embassy's uploads should not fingerprint its software.
    """
    args = ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-profile:v", "high"]
    if cap_kbps is not None:
        rate = max(1, int(cap_kbps))
        args += ["-maxrate", f"{rate}k", "-bufsize", f"{max(1, int(rate * VBV_SECONDS))}k"]
    return [*args, "-bsf:v", "filter_units=remove_types=6"]
