"""Optional EBU R128 loudness normalisation, in two passes with ffmpeg's ``loudnorm``.

Why bother: TikTok, Instagram, YouTube and Facebook all turn loud uploads down (to roughly
-14 LUFS) and leave quiet ones quiet, so a clip mixed at -25 LUFS sounds weak next to the
posts around it. Why two passes: single-pass ``loudnorm`` adapts its gain as it goes (a
dynamic compressor: it audibly pumps on music such as an oud phrase); measuring first lets
the second pass apply one *linear* gain with a true-peak limit, which leaves the music as
it was mixed. The first pass only decodes the trimmed audio (``-vn``), a fraction of the
render's cost.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

__all__ = ["LoudnessTarget", "analysis_args", "parse_measurement", "second_pass_filter"]


@dataclass(frozen=True)
class LoudnessTarget:
    """Integrated loudness (LUFS), true peak (dBTP) and loudness range (LU)."""

    integrated: float = -14.0  # what the big platforms normalise playback to
    true_peak: float = -1.5  # headroom for the platforms' own AAC/Opus re-encode
    lra: float = 11.0

    @classmethod
    def from_option(cls, value: object) -> LoudnessTarget | None:
        """``job.options["loudness"]``: True for the default, a number for a LUFS target."""
        if value is None or value is False:
            return None
        if value is True:
            return cls()
        if isinstance(value, int | float) and -40.0 <= float(value) <= -5.0:
            return cls(integrated=float(value))
        raise ValueError(
            f"loudness must be true or a LUFS target between -40 and -5, not {value!r}"
        )

    def args(self) -> str:
        return f"I={self.integrated:g}:TP={self.true_peak:g}:LRA={self.lra:g}"


def analysis_args(target: LoudnessTarget) -> list[str]:
    """Output arguments of the measuring pass (after the trimmed input)."""
    return [
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-af", f"loudnorm={target.args()}:print_format=json",
        "-f", "null", "-",
    ]  # fmt: skip


_BLOCK = re.compile(r"\{[^{}]*\"input_i\"[^{}]*\}", re.DOTALL)


def parse_measurement(stderr: str) -> dict[str, float] | None:
    """The measured values printed by the first pass, or None if there are none."""
    found = _BLOCK.findall(stderr)
    if not found:
        return None
    try:
        data = json.loads(found[-1])
        return {k: float(v) for k, v in data.items() if k.startswith(("input_", "target_off"))}
    except (ValueError, TypeError):
        return None


def second_pass_filter(measured: dict[str, float] | None, target: LoudnessTarget) -> str | None:
    """``loudnorm`` arguments for a linear second pass; None when the audio is silence.

    Digital silence measures -inf LUFS; normalising it would only amplify dither, so the
    track is left alone.
    """
    if not measured:
        return None
    needed = ("input_i", "input_tp", "input_lra", "input_thresh", "target_offset")
    values = [measured.get(k) for k in needed]
    if any(v is None or not math.isfinite(v) for v in values) or values[0] < -70:
        return None
    i, tp, lra, thresh, offset = values
    return (
        f"{target.args()}:measured_I={i:.2f}:measured_TP={tp:.2f}:measured_LRA={lra:.2f}"
        f":measured_thresh={thresh:.2f}:offset={offset:.2f}:linear=true"
    )
