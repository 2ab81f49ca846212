"""TikTok Content Posting API contract server: Login Kit (desktop), creator info, Direct Post.

Follows https://developers.tiktok.com/doc/content-posting-api-reference-direct-post and the
media transfer guide (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide):
``chunk_size``/``total_chunk_count`` must obey the chunk rules (under MIN_CHUNK one whole chunk;
otherwise MIN..MAX per chunk, count = floor(size / chunk), the remainder on the last chunk),
chunks arrive in order with ``Content-Range``, 206 until the last, 201 then; status/fetch walks
PROCESSING_UPLOAD -> PUBLISH_COMPLETE (or FAILED with fail_reason). Every answer carries
TikTok's ``{"data": ..., "error": {"code", "message", "log_id"}}`` envelope. Photo posts pull
their files from the URLs given (PULL_FROM_URL), which must be under ``verified_prefix``.
"""

from __future__ import annotations

import itertools
import secrets
import urllib.request

from contract.base import ContractServer, Request, Response, route
from contract.oauth_pkce import OAuthServerMixin

MB = 1024 * 1024
_IDS = itertools.count(7311000000000000001)


def envelope(data=None, code: str = "ok", message: str = "", status: int = 200) -> Response:
    return Response(
        status, {"data": data or {}, "error": {"code": code, "message": message, "log_id": "L1"}}
    )


class TikTokServer(OAuthServerMixin, ContractServer):
    TOKEN_PATH = "/v2/oauth/token/"
    CLIENT_ID = "awtestclientkey"
    CLIENT_ID_PARAM = "client_key"
    PKCE = "S256-hex"
    SCOPE_SEP = ","
    REQUIRED_SCOPES = ("user.info.basic", "video.publish")
    ACCESS_TTL = 86400
    MIN_CHUNK = 5 * MB
    MAX_CHUNK = 64 * MB
    PROCESSING_POLLS = 2

    def __init__(self) -> None:
        super().__init__()
        self.oauth_init()
        self.creator = {
            "creator_avatar_url": "https://p16.tiktokcdn.com/a.jpg",
            "creator_username": "maridia.culture",
            "creator_nickname": "Maridia Culture",
            "privacy_level_options": ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
            "comment_disabled": False,
            "duet_disabled": True,
            "stitch_disabled": False,
            "max_video_post_duration_sec": 600,
        }
        self.publishes: dict[str, dict] = {}
        self.verified_prefix = ""
        self.fail_next: str | None = None

    def _auth(self, req: Request) -> Response | None:
        if not self.bearer_ok(req):
            return envelope(
                None,
                "access_token_invalid",
                "The access token is invalid or not found in the request.",
                401,
            )
        return None

    @route("GET", "/v2/auth/authorize/")
    def authorize(self, req: Request) -> Response:
        return self.oauth_authorize(req)

    @route("POST", "/v2/oauth/token/")
    def token(self, req: Request) -> Response:
        return self.oauth_token(req)

    @route("GET", "/v2/user/info/")
    def user_info(self, req: Request):
        if (bad := self._auth(req)) is not None:
            return bad
        return envelope(
            {
                "user": {
                    "open_id": "oid-1",
                    "display_name": "Maridia Culture",
                    "avatar_url": "https://p16.tiktokcdn.com/a.jpg",
                }
            }
        )

    @route("POST", "/v2/post/publish/creator_info/query/")
    def creator_info(self, req: Request):
        if (bad := self._auth(req)) is not None:
            return bad
        return envelope(dict(self.creator))

    def _post_info_problem(self, info: dict, limit: int) -> Response | None:
        if info.get("privacy_level") not in self.creator["privacy_level_options"]:
            return envelope(
                None,
                "privacy_level_option_mismatch",
                "privacy_level is not one of the creator's options",
                400,
            )
        if self.creator["duet_disabled"] and not info.get("disable_duet"):
            return envelope(None, "invalid_params", "duet is disabled for this creator", 400)
        if len(info.get("title", "").encode("utf-16-le")) // 2 > limit:
            return envelope(None, "invalid_params", f"title over {limit} runes", 400)
        return None

    @route("POST", "/v2/post/publish/video/init/")
    def video_init(self, req: Request):
        if (bad := self._auth(req)) is not None:
            return bad
        body = req.json() or {}
        if (bad := self._post_info_problem(body.get("post_info") or {}, 2200)) is not None:
            return bad
        src = body.get("source_info") or {}
        size, chunk, count = (src.get(k) for k in ("video_size", "chunk_size", "total_chunk_count"))
        if src.get("source") != "FILE_UPLOAD" or not all(
            isinstance(x, int) for x in (size, chunk, count)
        ):
            return envelope(None, "invalid_params", "source_info incomplete", 400)
        if size < self.MIN_CHUNK:
            ok = chunk == size and count == 1
        else:
            ok = self.MIN_CHUNK <= chunk <= self.MAX_CHUNK and count == size // chunk
        if not ok or not 1 <= count <= 1000:
            return envelope(None, "invalid_file_upload", "chunk_size/total_chunk_count", 400)
        pid = f"v_pub_file~v2-1.{next(_IDS)}"
        token = secrets.token_urlsafe(8)
        self.publishes[pid] = {
            "kind": "video",
            "info": body["post_info"],
            "size": size,
            "chunk": chunk,
            "count": count,
            "data": bytearray(),
            "status": "PROCESSING_UPLOAD",
            "polls": 0,
            "token": token,
        }
        return envelope(
            {
                "publish_id": pid,
                "upload_url": f"{self.url}/upload/video/?upload_id={pid}&upload_token={token}",
            }
        )

    @route("PUT", "/upload/video/")
    def upload_chunk(self, req: Request):
        p = self.publishes.get(req.arg("upload_id", ""))
        if p is None or req.arg("upload_token") != p["token"]:
            return Response(404, {"error": "unknown upload"})
        rng = req.headers.get("content-range", "")
        try:
            span, total = rng.removeprefix("bytes ").split("/")
            first, last = (int(x) for x in span.split("-"))
        except ValueError:
            return Response(400, {"error": "Content-Range required"})
        n = len(p["data"]) // p["chunk"] if p["chunk"] else 0
        end = p["size"] - 1 if n == p["count"] - 1 else first + p["chunk"] - 1
        if (
            int(total) != p["size"]
            or first != len(p["data"])
            or last != end
            or len(req.body) != last - first + 1
        ):
            return Response(400, {"error": f"chunk {n} must be bytes {len(p['data'])}-{end}"})
        p["data"] += req.body
        if len(p["data"]) < p["size"]:
            return Response(206, None)
        return Response(201, None)

    @route("POST", "/v2/post/publish/content/init/")
    def photo_init(self, req: Request):
        if (bad := self._auth(req)) is not None:
            return bad
        body = req.json() or {}
        if (bad := self._post_info_problem(body.get("post_info") or {}, 90)) is not None:
            return bad
        src = body.get("source_info") or {}
        urls = src.get("photo_images") or []
        if src.get("source") != "PULL_FROM_URL" or body.get("media_type") != "PHOTO" or not urls:
            return envelope(None, "invalid_params", "PULL_FROM_URL photo_images expected", 400)
        if not all(u.startswith(self.verified_prefix) for u in urls) or not self.verified_prefix:
            return envelope(None, "url_ownership_unverified", "URL prefix not verified", 403)
        photos = []
        for u in urls:
            with urllib.request.urlopen(u, timeout=5) as resp:  # loopback only
                photos.append(resp.read())
        pid = f"p_pub_url~v2.{next(_IDS)}"
        self.publishes[pid] = {
            "kind": "photo",
            "info": body["post_info"],
            "photos": photos,
            "status": "PROCESSING_DOWNLOAD",
            "polls": 0,
            "size": 0,
            "data": b"",
            "count": 0,
        }
        return envelope({"publish_id": pid})

    @route("POST", "/v2/post/publish/status/fetch/")
    def status(self, req: Request):
        if (bad := self._auth(req)) is not None:
            return bad
        p = self.publishes.get((req.json() or {}).get("publish_id", ""))
        if p is None:
            return envelope(None, "invalid_publish_id", "publish_id not found", 400)
        done_upload = p["kind"] == "photo" or len(p["data"]) == p["size"]
        if p["status"] not in ("PUBLISH_COMPLETE", "FAILED") and done_upload:
            p["polls"] += 1
            if p["polls"] >= self.PROCESSING_POLLS:
                if self.fail_next:
                    p["status"], p["fail_reason"] = "FAILED", self.fail_next
                    self.fail_next = None
                else:
                    p["status"] = "PUBLISH_COMPLETE"
                    if p["info"]["privacy_level"] == "PUBLIC_TO_EVERYONE":
                        p["post_id"] = str(next(_IDS))
        out = {"status": p["status"]}
        if p["kind"] == "video":
            out["uploaded_bytes"] = len(p["data"])
        if p.get("fail_reason"):
            out["fail_reason"] = p["fail_reason"]
        if p.get("post_id"):
            out["publicaly_available_post_id"] = [int(p["post_id"])]
        return envelope(out)

    def posted(self) -> list[dict]:
        return [p for p in self.publishes.values() if p["status"] == "PUBLISH_COMPLETE"]
