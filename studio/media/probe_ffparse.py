"""Parse what ffmpeg prints about an input: the stream dump (stderr) and framecrc (stdout).

There is no ffprobe in the bundled build, so the human-readable dump of ``ffmpeg -i`` is
parsed. Kept robust by construction:

- only the ``Input #0`` section is read (ffmpeg also dumps its outputs);
- the input is passed as ``fd:`` so no file name appears in the text;
- metadata values come from the file and may contain anything, including newlines; ffmpeg
  prints continuation lines as ``<indent>: text``, which none of the patterns below accept
  as a stream or duration line;
- stream details are split on top-level commas (codec descriptions contain parentheses
  with commas and hex tags like ``0x31637661`` that a naive ``\\d+x\\d+`` would misread).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["FFInput", "FFStream", "parse_framecrc", "parse_input_dump"]

_STREAM = re.compile(
    r"^\s+Stream #0:(\d+)(?:\[0x[0-9a-fA-F]+\])?(?:\([^)]*\))?: (Video|Audio|Subtitle|Data|Attachment): (.*)$"
)
_DURATION = re.compile(r"^\s+Duration: (N/A|(\d+):(\d\d):(\d\d(?:\.\d+)?))")
_META = re.compile(r"^(\s+)(\S[^:]*?)\s*: (.*)$")
_ROTATION = re.compile(r"display ?matrix: rotation of (-?\d+(?:\.\d+)?) degrees", re.IGNORECASE)
_FOURCC = re.compile(r"\(([\w .-]{4}) / 0x[0-9A-Fa-f]+\)")
_SIZE = re.compile(r"^(\d{1,5})x(\d{1,5})\b")
_RATE = re.compile(r"^(\d+(?:\.\d+)?)(k?) (fps|tbr)$")
_ISO6709 = re.compile(r"[+-]\d{1,3}(?:\.\d+)?[+-]\d{1,3}(?:\.\d+)?")
_LOCATION_KEYS = ("location", "com.apple.quicktime.location.iso6709", "com.android.location")


@dataclass
class FFStream:
    kind: str  # "video" | "audio"
    codec: str
    tag: str = ""  # the container's fourcc, e.g. "avc1"; names codecs ffmpeg does not know
    width: int = 0
    height: int = 0
    fps: float | None = None
    rotation: float = 0.0
    attached_pic: bool = False
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class FFInput:
    duration: float | None = None
    streams: list[FFStream] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def video(self) -> FFStream | None:
        return next((s for s in self.streams if s.kind == "video" and not s.attached_pic), None)

    @property
    def audio(self) -> FFStream | None:
        return next((s for s in self.streams if s.kind == "audio"), None)

    @property
    def has_location(self) -> bool:
        tags = [self.metadata] + [s.metadata for s in self.streams]
        return any(
            any(key.lower().startswith(k) for k in _LOCATION_KEYS) and _ISO6709.search(value)
            for meta in tags
            for key, value in meta.items()
        )

    @property
    def captured_at(self) -> str | None:
        # The iPhone's creationdate carries the local offset; creation_time is UTC (or unset).
        meta = {k.lower(): v for k, v in self.metadata.items()}
        for key in ("com.apple.quicktime.creationdate", "creation_time", "date"):
            value = _iso(meta.get(key, ""))
            if value:
                return value
        video = self.video
        return _iso(video.metadata.get("creation_time", "")) if video else None

    @property
    def camera(self) -> str | None:
        meta = {k.lower(): v.strip() for k, v in self.metadata.items()}
        for make_key, model_key in (
            ("com.apple.quicktime.make", "com.apple.quicktime.model"),
            ("com.android.manufacturer", "com.android.model"),
            ("make", "model"),
        ):
            make, model = meta.get(make_key, ""), meta.get(model_key, "")
            if model.lower().startswith(make.lower()):
                make = ""
            joined = " ".join(p for p in (make, model) if p)
            if joined:
                return joined[:200]
        return None


def _iso(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.year < 1971:  # 1904/1970 epochs: "not set"
        return None
    return moment.replace(microsecond=0).isoformat()


def parse_input_dump(stderr: str) -> FFInput:
    """Parse the ``Input #0`` section of ffmpeg's stderr."""
    info = FFInput()
    lines = stderr.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Input #0")), None)
    if start is None:
        return info
    target: dict[str, str] = info.metadata  # metadata lines go to the last header seen
    meta_indent: int | None = None
    for line in lines[start + 1 :]:
        if not line.startswith(" "):  # "Stream mapping:", "Output #0", log lines
            break
        stream = _STREAM.match(line)
        if stream:
            parsed = _parse_stream(stream.group(2), stream.group(3))
            if parsed is not None:
                info.streams.append(parsed)
                target = parsed.metadata
            else:
                target = {}
            meta_indent = None
            continue
        duration = _DURATION.match(line)
        if duration:
            if duration.group(2) is not None:
                h, m, s = duration.group(2, 3, 4)
                info.duration = int(h) * 3600 + int(m) * 60 + float(s)
            meta_indent = None
            continue
        rotation = _ROTATION.search(line)
        if rotation and info.streams and target is info.streams[-1].metadata:
            info.streams[-1].rotation = float(rotation.group(1))
            continue
        stripped = line.strip()
        if stripped in ("Metadata:", "Side data:"):
            meta_indent = len(line) - len(line.lstrip()) + 2 if stripped == "Metadata:" else None
            continue
        meta = _META.match(line)
        if meta and meta_indent is not None and len(meta.group(1)) == meta_indent:
            target.setdefault(meta.group(2).strip(), meta.group(3).strip())
    video = info.video
    if video is not None and not video.rotation:  # old ffmpeg: a "rotate" tag instead
        with contextlib.suppress(ValueError):
            video.rotation = float(video.metadata.get("rotate", "0"))
    return info


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts


def _parse_stream(kind: str, details: str) -> FFStream | None:
    if kind not in ("Video", "Audio"):
        return None
    parts = _split_top_level(details)
    codec = (parts[0].split() or ["none"])[0]
    tag = _FOURCC.search(parts[0])
    stream = FFStream(
        kind=kind.lower(),
        codec=codec,
        tag=tag.group(1).strip() if tag else "",
        attached_pic="(attached pic)" in details,
    )
    fps = tbr = None
    for part in parts[1:]:
        size = _SIZE.match(part)
        if size and kind == "Video" and not stream.width:
            stream.width, stream.height = int(size.group(1)), int(size.group(2))
            continue
        rate = _RATE.match(part)
        if rate:
            value = float(rate.group(1)) * (1000 if rate.group(2) else 1)
            fps, tbr = (value, tbr) if rate.group(3) == "fps" else (fps, value)
    stream.fps = round(fps or tbr, 3) if (fps or tbr) else None
    return stream


_TB = re.compile(r"^#tb (\d+): (\d+)/(\d+)")
_PACKET = re.compile(r"^(\d+),\s*(-?\d+),\s*(-?\d+),\s*(\d+),\s*(\d+)")


def parse_framecrc(stdout: str) -> dict[int, list[tuple[float, float]]]:
    """framecrc listing -> {output stream index: [(pts seconds, duration seconds), ...]}."""
    timebases: dict[int, float] = {}
    packets: dict[int, list[tuple[float, float]]] = {}
    for line in stdout.splitlines():
        tb = _TB.match(line)
        if tb:
            num, den = int(tb.group(2)), int(tb.group(3))
            timebases[int(tb.group(1))] = num / den if den else 0.0
            continue
        packet = _PACKET.match(line)
        if packet:
            index = int(packet.group(1))
            scale = timebases.get(index, 0.0)
            pts, dur = int(packet.group(3)), int(packet.group(4))
            packets.setdefault(index, []).append((pts * scale, dur * scale))
    return packets
