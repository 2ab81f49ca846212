"""YouTube Data API v3 contract server: Google OAuth, channels.list, resumable videos.insert.

Follows https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol :
the POST with the video resource and X-Upload-Content-Length answers 200 with a Location
session URI; PUT chunks carry ``Content-Range: bytes a-b/TOTAL`` (all but the last a multiple
of 256 KiB, starting exactly where the server's data ends); an unfinished upload answers
``308 Resume Incomplete`` with ``Range: bytes=0-N``; ``Content-Range: bytes */TOTAL`` asks for
the status. Errors use Google's ``{"error": {"code", "message", "errors": [{"reason"}]}}``.
``keep_partial`` makes the server keep only part of the next chunk and answer 503, as a real
upload cut off mid-chunk does, so resuming from the reported Range (not the chunk start) is
tested.
"""

from __future__ import annotations

import itertools
import secrets

from contract.base import ContractServer, Request, Response, route
from contract.oauth_pkce import OAuthServerMixin

UNIT = 256 * 1024
_IDS = itertools.count(1)


def gerror(code: int, message: str, reason: str) -> Response:
    return Response(
        code,
        {
            "error": {
                "code": code,
                "message": message,
                "errors": [{"message": message, "domain": "youtube", "reason": reason}],
            }
        },
    )


class YouTubeServer(OAuthServerMixin, ContractServer):
    TOKEN_PATH = "/token"
    CLIENT_AUTH = "body"
    REQUIRED_SCOPES = (
        "https://www.googleapis.com/auth/youtube.upload",
        "https://www.googleapis.com/auth/youtube.readonly",
    )
    ACCESS_TTL = 3599

    def __init__(self) -> None:
        super().__init__()
        self.oauth_init()
        self.sessions: dict[str, dict] = {}
        self.videos: dict[str, dict] = {}
        self.thumbnails: dict[str, bytes] = {}
        self.keep_partial: int | None = None
        self.thumbnail_refusal = False

    def _unauth(self) -> Response:
        return gerror(401, "Request had invalid authentication credentials.", "authError")

    @route("GET", "/o/oauth2/v2/auth")
    def authorize(self, req: Request) -> Response:
        if req.arg("access_type") != "offline":
            return Response(400, {"error": "invalid_request", "error_description": "access_type"})
        return self.oauth_authorize(req)

    @route("POST", "/token")
    def token(self, req: Request) -> Response:
        return self.oauth_token(req)

    @route("GET", "/youtube/v3/channels")
    def channels(self, req: Request):
        if not self.bearer_ok(req):
            return self._unauth()
        if req.arg("mine") != "true" or "snippet" not in (req.arg("part") or ""):
            return gerror(400, "part=snippet and mine=true expected", "badRequest")
        return {
            "kind": "youtube#channelListResponse",
            "items": [
                {
                    "kind": "youtube#channel",
                    "id": "UCmaridia000000000000000",
                    "snippet": {"title": "Maridia Culture", "customUrl": "@maridiaculture"},
                }
            ],
        }

    @route("POST", "/upload/youtube/v3/videos")
    def start_upload(self, req: Request):
        if not self.bearer_ok(req):
            return self._unauth()
        if req.arg("uploadType") != "resumable" or req.arg("part") != "snippet,status":
            return gerror(400, "uploadType=resumable&part=snippet,status expected", "badRequest")
        size = req.headers.get("x-upload-content-length", "")
        if not size.isdigit() or not req.headers.get("x-upload-content-type", "").startswith(
            "video/"
        ):
            return gerror(400, "X-Upload-Content-Length/Type missing", "badRequest")
        body = req.json() or {}
        snippet, status = body.get("snippet") or {}, body.get("status") or {}
        title, desc = snippet.get("title") or "", snippet.get("description") or ""
        if not title or len(title) > 100 or set(title) & set("<>"):
            return gerror(
                400, "The request metadata specifies an invalid video title.", "invalidTitle"
            )
        if len(desc.encode()) > 5000 or set(desc) & set("<>"):
            return gerror(
                400,
                "The request metadata specifies an invalid video description.",
                "invalidDescription",
            )
        if status.get("privacyStatus") not in ("public", "unlisted", "private"):
            return gerror(400, "invalid privacyStatus", "invalidVideoMetadata")
        uid = secrets.token_urlsafe(12)
        self.sessions[uid] = {"size": int(size), "data": bytearray(), "meta": body, "video": None}
        loc = f"{self.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id={uid}"
        return Response(200, None, {"Location": loc})

    @route("PUT", "/upload/youtube/v3/videos")
    def put(self, req: Request):
        if not self.bearer_ok(req):
            return self._unauth()
        s = self.sessions.get(req.arg("upload_id") or "")
        if s is None:
            return gerror(404, "upload session not found", "notFound")
        rng = req.headers.get("content-range", "")
        if rng == f"bytes */{s['size']}":
            return self._state(s)
        try:
            span, total = rng.removeprefix("bytes ").split("/")
            first, last = (int(x) for x in span.split("-"))
        except ValueError:
            return gerror(400, "bad Content-Range", "badRequest")
        if int(total) != s["size"] or first != len(s["data"]) or last - first + 1 != len(req.body):
            return gerror(400, "Content-Range does not continue the upload", "badRequest")
        final = last + 1 == s["size"]
        if not final and len(req.body) % UNIT:
            return gerror(400, "chunks must be multiples of 256 KiB", "badRequest")
        if s["video"] is not None:
            return self._state(s)
        if self.keep_partial is not None:
            s["data"] += req.body[: self.keep_partial]
            self.keep_partial = None
            return gerror(503, "Backend Error", "backendError")
        s["data"] += req.body
        if final:
            vid = f"vid{next(_IDS):08d}"
            meta = s["meta"]
            s["video"] = {
                "kind": "youtube#video",
                "id": vid,
                "snippet": meta["snippet"],
                "status": {**meta["status"], "uploadStatus": "uploaded"},
            }
            self.videos[vid] = {**s["video"], "bytes": bytes(s["data"])}
            return Response(200, s["video"])
        return self._state(s)

    def _state(self, s: dict) -> Response:
        if s["video"] is not None:
            return Response(200, s["video"])
        headers = {"Range": f"bytes=0-{len(s['data']) - 1}"} if s["data"] else {}
        return Response(308, None, headers)

    @route("POST", "/upload/youtube/v3/thumbnails/set")
    def thumbnail(self, req: Request):
        if not self.bearer_ok(req):
            return self._unauth()
        vid = req.arg("videoId") or ""
        if vid not in self.videos:
            return gerror(404, "video not found", "videoNotFound")
        if self.thumbnail_refusal:
            return gerror(
                403,
                "The authenticated user doesnt have permissions to upload and "
                "set custom video thumbnails.",
                "forbidden",
            )
        if req.headers.get("content-type") not in ("image/jpeg", "image/png") or not req.body:
            return gerror(400, "image/jpeg or image/png body expected", "invalidImage")
        self.thumbnails[vid] = req.body
        return {"kind": "youtube#thumbnailSetResponse", "items": [{"default": {"url": "x"}}]}
