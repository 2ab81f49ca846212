"""Graph API conventions shared by the Facebook, Instagram and Threads contract servers.

Meta answers most failures with HTTP 400 and an ``error`` object (``message``, ``type``,
``code``, ``error_subcode``, ``fbtrace_id``); tokens come as ``Authorization: Bearer`` or an
``access_token`` parameter (recorded, so tests can prove the adapters never put it in a URL);
parameters arrive in the query string, a form body or a multipart body.
Source: https://developers.facebook.com/docs/graph-api/guides/error-handling/
"""

from __future__ import annotations

import itertools
import json
import urllib.request

from contract.base import ContractServer, Request, Response

_ids = itertools.count(90_000_000_000_000_001)  # never one of the fixed account ids


def new_id() -> str:
    return str(next(_ids))


class MetaServer(ContractServer):
    VERSION = r"/v\d+\.\d+"

    def __init__(self, token: str = "EAAG-test-token") -> None:
        super().__init__()
        self.token = token
        MetaServer.reset(self)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.faults.clear()
        self.expired = False
        self.token_in_query = False
        self.fetched: list[str] = []  # media URLs this "Meta" downloaded

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def error(
        message: str,
        code: int,
        *,
        status: int = 400,
        subcode: int | None = None,
        kind: str = "OAuthException",
        headers: dict[str, str] | None = None,
        user_msg: str | None = None,
    ) -> Response:
        err: dict = {"message": message, "type": kind, "code": code, "fbtrace_id": "AbC123xyz"}
        if subcode is not None:
            err["error_subcode"] = subcode
        if user_msg:
            err["error_user_msg"] = user_msg
        return Response(status, {"error": err}, headers or {})

    def check_token(self, req: Request) -> Response | None:
        header = req.headers.get("authorization", "")
        given = header[7:] if header.startswith("Bearer ") else None
        if req.arg("access_token") is not None:
            self.token_in_query = True
            given = req.arg("access_token")
        if not given:
            return self.error("An active access token must be used to query information.", 2500)
        if given != self.token:
            return self.error("Invalid OAuth access token - Cannot parse access token", 190)
        if self.expired:
            return self.error(
                "Error validating access token: Session has expired on Friday, 20-Nov-26 "
                "10:00:00 PST.",
                190,
                subcode=463,
            )
        return None

    @staticmethod
    def params(req: Request) -> dict[str, str]:
        out = {k: v[0] for k, v in req.query.items()}
        ctype = req.headers.get("content-type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            out.update({k: v[0] for k, v in req.form().items()})
        elif ctype.startswith("application/json") and req.body:
            out.update(
                {k: v if isinstance(v, str) else json.dumps(v) for k, v in req.json().items()}
            )
        elif ctype.startswith("multipart/form-data"):
            for k, (fname, data) in req.multipart().items():
                if fname is None:
                    out[k] = data.decode()
        return out

    def fetch(self, url: str) -> bytes | None:
        """Download media like Meta does (the URL must be reachable without credentials)."""
        self.fetched.append(url)
        if not url.startswith("http://127.0.0.1:"):
            return None  # tests never reach beyond loopback
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return resp.read()
        except OSError:
            return None


# -- real media and requests for the Meta adapter tests ---------------------------------------
def make_jpeg(path, size=(320, 400), colour=(180, 120, 60)):
    """A small real JPEG (Pillow)."""
    from PIL import Image

    Image.new("RGB", size, colour).save(path, "JPEG", quality=85)
    return path


def make_mp4(path, seconds=1):
    """A small real H.264/AAC MP4 from the bundled ffmpeg (moov first, as Meta asks)."""
    from studio.media.ffmpeg import run_ffmpeg

    proc = run_ffmpeg(
        [
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=s=180x320:r=24:d={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=f=440:d={seconds}",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            "-movflags",
            "+faststart",
            str(path),
        ],
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return path


def media_file(path, kind="photo", alt=""):
    import hashlib

    from PIL import Image

    from studio.publish.protocol import MediaFile

    data = path.read_bytes()
    if kind == "photo":
        with Image.open(path) as im:
            w, h = im.size
        mime = "image/jpeg"
    else:
        w, h, mime = 180, 320, "video/mp4"
    return MediaFile(
        path=path,
        kind=kind,
        mime=mime,
        width=w,
        height=h,
        sha256=hashlib.sha256(data).hexdigest(),
        alt=alt,
        duration=1.0 if kind == "video" else None,
    )
