"""Find and run the ffmpeg binary that every video feature of the studio relies on.

One locator so that probing, rendering and sample generation all use the *same* binary:
a file accepted by the probe must be decodable by the renderer. The order is

1. ``STUDIO_FFMPEG`` (an absolute path or a command name on ``PATH``) -- lets packagers and
   users point at a build with more codecs;
2. the binary bundled by ``imageio-ffmpeg`` (a pip dependency, so it is there offline and
   has libx264/aac, which the renders need);
3. ``ffmpeg`` on ``PATH``.

Every run goes through :func:`run_ffmpeg`, which always has a timeout: a damaged or hostile
file must never hang an import or a render.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Sequence

from studio.core.errors import StudioError

__all__ = [
    "FFmpegError",
    "FFmpegNotFound",
    "FFmpegTimeout",
    "ffmpeg_decoders",
    "ffmpeg_exe",
    "run_ffmpeg",
]

ENV_VAR = "STUDIO_FFMPEG"


class FFmpegError(StudioError):
    """ffmpeg is missing or did not finish; the message says what to do."""


class FFmpegNotFound(FFmpegError):
    """No usable ffmpeg binary was found."""


class FFmpegTimeout(FFmpegError):
    """ffmpeg did not finish in time and was killed."""


def ffmpeg_exe() -> str:
    """Return the path of the ffmpeg binary to use (see the module docstring for the order).

    Raises
    ------
    FFmpegNotFound
        ``STUDIO_FFMPEG`` names nothing executable, or no ffmpeg exists at all.
    """
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        found = _executable(override)
        if found is None:
            raise FFmpegNotFound(
                f"{ENV_VAR} is set to {override!r}, which is not an executable file; "
                "point it at an ffmpeg binary or unset it"
            )
        return found
    return _default_exe()


@functools.lru_cache(maxsize=1)
def _default_exe() -> str:
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
        if exe and _executable(exe):
            return exe
    except (ImportError, RuntimeError, OSError):
        pass  # no bundled binary for this platform: fall back to PATH
    found = shutil.which("ffmpeg")
    if found:
        return found
    raise FFmpegNotFound(
        "ffmpeg was not found: reinstall Heritage Studio (it bundles ffmpeg through "
        f"imageio-ffmpeg), install ffmpeg, or set {ENV_VAR} to its path"
    )


def _executable(name: str) -> str | None:
    if os.sep in name or (os.altsep and os.altsep in name):
        return name if os.path.isfile(name) and os.access(name, os.X_OK) else None
    return shutil.which(name)


def run_ffmpeg(
    args: Sequence[str],
    *,
    timeout: float,
    input: bytes | None = None,
    pass_fds: Sequence[int] = (),
    cwd: str | os.PathLike[str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``ffmpeg -hide_banner -nostdin <args>`` and return the finished process.

    Output is captured as bytes (decode stderr with ``errors="replace"``: ffmpeg echoes
    metadata from the file, which need not be UTF-8). A non-zero exit is *not* an
    exception: callers know which failures are about the input and which are not.

    Raises
    ------
    FFmpegNotFound
        No ffmpeg binary.
    FFmpegTimeout
        ffmpeg ran longer than ``timeout`` seconds (it is killed first).
    """
    cmd = [ffmpeg_exe(), "-hide_banner", *([] if input is not None else ["-nostdin"]), *args]
    kwargs: dict = {}
    if os.name == "nt":  # no console window flashing up from a GUI process
        kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    try:
        return subprocess.run(
            cmd,
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            pass_fds=tuple(pass_fds),
            cwd=cwd,
            check=False,
            **kwargs,
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run has already killed it
        raise FFmpegTimeout(f"ffmpeg did not finish within {timeout:g} s and was stopped") from exc
    except OSError as exc:
        raise FFmpegNotFound(f"ffmpeg could not be started ({exc.strerror or exc})") from exc


_DECODER_LINE = re.compile(r"^\s*([VAS])[.A-Z]{5}\s+(\S+)\s+(.*)$")
_CODEC_OF = re.compile(r"\(codec (\S+)\)\s*$")


def ffmpeg_decoders() -> frozenset[str]:
    """Codec names (``h264``, ``aac``, ...) that this ffmpeg can decode.

    Cached per binary: asking costs one ffmpeg start (~20 ms).
    """
    return _decoders_of(ffmpeg_exe())


@functools.lru_cache(maxsize=4)
def _decoders_of(exe: str) -> frozenset[str]:
    proc = run_ffmpeg(["-decoders"], timeout=20)
    names: set[str] = set()
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        match = _DECODER_LINE.match(line)
        if not match or match.group(2) == "=":
            continue
        codec = _CODEC_OF.search(match.group(3))
        names.add(codec.group(1) if codec else match.group(2))
    return frozenset(names)
