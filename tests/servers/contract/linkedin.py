"""LinkedIn REST contract server: OAuth (no PKCE, no refresh tokens), Images, Videos, Posts.

Follows the Community Management pages (https://learn.microsoft.com/en-us/linkedin/marketing/
community-management/shares/): every /rest call needs ``LinkedIn-Version: YYYYMM`` and
``X-Restli-Protocol-Version: 2.0.0``; images and videos are initialised, PUT to upload URLs
(video parts answer an ETag each, and ``finalizeUpload`` must list them in order), then report
``status`` until AVAILABLE; ``POST /rest/posts`` answers 201 with the URN in ``x-restli-id``;
commentary must be valid "little" text (reserved characters escaped); a repeat of the same
commentary is refused with 422 "Content is a duplicate of urn:li:share:N".
"""

from __future__ import annotations

import itertools
import re
import time
from urllib.parse import unquote

from contract.base import ContractServer, Request, Response, route
from contract.oauth_pkce import OAuthServerMixin

RESERVED = set("|{}@[]()<>#\\*_~")
_IDS = itertools.count(7100000000000000001)


def lerror(status: int, message: str, code: str = "") -> Response:
    return Response(status, {"status": status, "message": message, "code": code})


def little_problem(text: str) -> str | None:
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if text.startswith("{hashtag|#|", i):
            end = text.find("}", i)
            if end < 0:
                return "unterminated hashtag template"
            i = end + 1
            continue
        if c in RESERVED:
            return f"unescaped reserved character {c!r} at {i}"
        i += 1
    return None


class LinkedInServer(OAuthServerMixin, ContractServer):
    TOKEN_PATH = "/oauth/v2/accessToken"
    PKCE = "none"
    ISSUE_REFRESH = False  # only approved partners get refresh tokens
    REQUIRED_SCOPES = ("openid", "profile", "w_member_social")
    ACCESS_TTL = 5_184_000  # 60 days
    PART_SIZE = 4 * 1024 * 1024  # video upload instructions
    PROCESSING_POLLS = 2

    def __init__(self) -> None:
        super().__init__()
        self.oauth_init()
        self.member = "aBcD3fGh"
        self.images: dict[str, dict] = {}
        self.videos: dict[str, dict] = {}
        self.posts: list[dict] = []

    def _gate(self, req: Request, rest: bool = True) -> Response | None:
        if not self.bearer_ok(req):
            return lerror(401, "Invalid access token", "INVALID_ACCESS_TOKEN")
        if rest and not re.fullmatch(r"\d{6}", req.headers.get("linkedin-version", "")):
            return lerror(426, "A version header is required", "VERSION_MISSING")
        if rest and req.headers.get("x-restli-protocol-version") != "2.0.0":
            return lerror(400, "X-Restli-Protocol-Version 2.0.0 expected")
        return None

    @route("GET", "/oauth/v2/authorization")
    def authorize(self, req: Request) -> Response:
        return self.oauth_authorize(req)

    @route("POST", "/oauth/v2/accessToken")
    def token(self, req: Request) -> Response:
        return self.oauth_token(req)

    @route("GET", "/v2/userinfo")
    def userinfo(self, req: Request):
        if not self.bearer_ok(req):
            return lerror(401, "Invalid access token", "INVALID_ACCESS_TOKEN")
        return {"sub": self.member, "name": "Maridia Embassy", "locale": {"language": "en"}}

    # -- images -------------------------------------------------------------------------------
    @route("POST", "/rest/images")
    def images_action(self, req: Request):
        if (bad := self._gate(req)) is not None:
            return bad
        owner = ((req.json() or {}).get("initializeUploadRequest") or {}).get("owner", "")
        if req.arg("action") != "initializeUpload" or not owner.startswith("urn:li:"):
            return lerror(400, "initializeUploadRequest.owner required")
        n = next(_IDS)
        urn = f"urn:li:image:C4E{n}"
        self.images[urn] = {"owner": owner, "bytes": None}
        return {
            "value": {
                "uploadUrlExpiresAt": int(time.time() * 1000) + 3600_000,
                "uploadUrl": f"{self.url}/dms-uploads/image/{n}",
                "image": urn,
            }
        }

    @route("PUT", r"/dms-uploads/image/(?P<n>\d+)")
    def image_put(self, req: Request):
        if (bad := self._gate(req, rest=False)) is not None:
            return bad
        urn = f"urn:li:image:C4E{req.params['n']}"
        if urn not in self.images or not req.body:
            return lerror(400, "unknown upload")
        self.images[urn]["bytes"] = req.body
        return Response(201, None)

    @route("GET", r"/rest/images/(?P<urn>[^/]+)")
    def image_get(self, req: Request):
        if (bad := self._gate(req)) is not None:
            return bad
        img = self.images.get(unquote(req.params["urn"]))
        if img is None:
            return lerror(404, "Not found")
        status = "AVAILABLE" if img["bytes"] else "WAITING_UPLOAD"
        return {"id": unquote(req.params["urn"]), "status": status}

    # -- videos -------------------------------------------------------------------------------
    @route("POST", "/rest/videos")
    def videos_action(self, req: Request):
        if (bad := self._gate(req)) is not None:
            return bad
        body = req.json() or {}
        if req.arg("action") == "initializeUpload":
            r = body.get("initializeUploadRequest") or {}
            size = r.get("fileSizeBytes")
            if not isinstance(size, int) or not str(r.get("owner", "")).startswith("urn:li:"):
                return lerror(400, "owner and fileSizeBytes required")
            n = next(_IDS)
            urn = f"urn:li:video:C5F{n}"
            parts = []
            for i, first in enumerate(range(0, size, self.PART_SIZE)):
                last = min(first + self.PART_SIZE, size) - 1
                parts.append(
                    {
                        "uploadUrl": f"{self.url}/dms-uploads/video/{n}/{i}",
                        "firstByte": first,
                        "lastByte": last,
                    }
                )
            self.videos[urn] = {
                "size": size,
                "parts": {},
                "parts_n": len(parts),
                "status": "WAITING_UPLOAD",
                "polls": 0,
                "token": f"tok{n}",
            }
            return {
                "value": {
                    "video": urn,
                    "uploadInstructions": parts,
                    "uploadToken": f"tok{n}",
                    "uploadUrlsExpireAt": int(time.time() * 1000) + 3600_000,
                }
            }
        if req.arg("action") == "finalizeUpload":
            r = body.get("finalizeUploadRequest") or {}
            v = self.videos.get(r.get("video", ""))
            if v is None or r.get("uploadToken") != v["token"]:
                return lerror(400, "unknown video or upload token")
            want = [v["parts"][i]["etag"] for i in range(v["parts_n"]) if i in v["parts"]]
            if len(want) != v["parts_n"] or r.get("uploadedPartIds") != want:
                return lerror(400, "uploadedPartIds must list every part's ETag in order")
            v["bytes"] = b"".join(v["parts"][i]["data"] for i in range(v["parts_n"]))
            if len(v["bytes"]) != v["size"]:
                return lerror(400, "uploaded bytes do not add up to fileSizeBytes")
            v["status"] = "PROCESSING"
            return Response(200, None)
        return lerror(400, "unknown action")

    @route("PUT", r"/dms-uploads/video/(?P<n>\d+)/(?P<i>\d+)")
    def video_put(self, req: Request):
        if (bad := self._gate(req, rest=False)) is not None:
            return bad
        v = self.videos.get(f"urn:li:video:C5F{req.params['n']}")
        if v is None:
            return lerror(400, "unknown upload")
        i = int(req.params["i"])
        etag = f'"etag-{req.params["n"]}-{i}-{len(req.body)}"'
        v["parts"][i] = {"data": req.body, "etag": etag}
        return Response(200, None, {"ETag": etag})

    @route("GET", r"/rest/videos/(?P<urn>[^/]+)")
    def video_get(self, req: Request):
        if (bad := self._gate(req)) is not None:
            return bad
        v = self.videos.get(unquote(req.params["urn"]))
        if v is None:
            return lerror(404, "Not found")
        if v["status"] == "PROCESSING":
            v["polls"] += 1
            if v["polls"] >= self.PROCESSING_POLLS:
                v["status"] = "AVAILABLE"
        return {"id": unquote(req.params["urn"]), "status": v["status"]}

    # -- posts --------------------------------------------------------------------------------
    @route("POST", "/rest/posts")
    def create(self, req: Request):
        if (bad := self._gate(req)) is not None:
            return bad
        body = req.json() or {}
        commentary = body.get("commentary", "")
        if body.get("author") not in (f"urn:li:person:{self.member}",) and not str(
            body.get("author", "")
        ).startswith("urn:li:organization:"):
            return lerror(403, "Not enough permissions to post as this author")
        if body.get("lifecycleState") != "PUBLISHED" or body.get("visibility") != "PUBLIC":
            return lerror(422, "lifecycleState PUBLISHED and visibility PUBLIC expected")
        if (body.get("distribution") or {}).get("feedDistribution") != "MAIN_FEED":
            return lerror(422, "distribution.feedDistribution required")
        if len(commentary) > 3000:
            return lerror(422, "commentary is longer than 3000 characters")
        if problem := little_problem(commentary):
            return lerror(422, f"/commentary: {problem}")
        content = body.get("content") or {}
        items = (
            [content["media"]]
            if "media" in content
            else (content.get("multiImage") or {}).get("images") or []
        )
        if "multiImage" in content and len(items) < 2:
            return lerror(422, "multiImage needs 2 to 20 images")
        for item in items:
            store = self.videos if ":video:" in item.get("id", "") else self.images
            media = store.get(item.get("id", ""))
            if media is None or (store is self.videos and media["status"] != "AVAILABLE"):
                return lerror(422, f"media {item.get('id')} is not available")
        for p in self.posts:
            if p["commentary"] == commentary and p["author"] == body["author"]:
                return lerror(422, f"Content is a duplicate of {p['id']}", "DUPLICATE_POST")
        urn = f"urn:li:share:{next(_IDS)}"
        self.posts.append({**body, "id": urn, "createdAt": int(time.time() * 1000)})
        return Response(201, None, {"x-restli-id": urn})

    @route("GET", "/rest/posts")
    def find(self, req: Request):
        if (bad := self._gate(req)) is not None:
            return bad
        if req.arg("q") != "author" or req.headers.get("x-restli-method") != "FINDER":
            return lerror(400, "q=author with X-RestLi-Method: FINDER expected")
        author = req.arg("author")
        mine = [p for p in reversed(self.posts) if p["author"] == author]
        return {"elements": mine[: int(req.arg("count", "10"))], "paging": {"count": len(mine)}}
