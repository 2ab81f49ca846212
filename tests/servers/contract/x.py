"""X API v2 contract server: OAuth 2.0 PKCE, v2 media upload, POST /2/tweets, user timeline.

Follows https://docs.x.com/x-api/media/quickstart/media-upload-chunked (initialize, append
with segment_index 0..n, finalize, STATUS polling), https://docs.x.com/x-api/posts/create-post
(201 {"data": {"id", "text"}}; 403 "duplicate content"), the RFC 7807 problem shape of v2
errors, and rate limits answered with x-rate-limit-reset (https://docs.x.com/fundamentals/
rate-limits). The timeline returns text the way X does: HTML-escaped, links as t.co, media as
a trailing t.co link.
"""

from __future__ import annotations

import html
import itertools
import re
import time
from datetime import UTC, datetime

from contract.base import ContractServer, Request, Response, route
from contract.oauth_pkce import OAuthServerMixin
from studio.core.textcount import count_text

_IDS = itertools.count(1880028106020515840)
UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}
URL_RE = re.compile(r"https?://\S+")


def problem(status: int, title: str, detail: str) -> Response:
    return Response(
        status, {"title": title, "detail": detail, "type": "about:blank", "status": status}
    )


class XServer(OAuthServerMixin, ContractServer):
    TOKEN_PATH = "/2/oauth2/token"
    CLIENT_AUTH = "basic"
    ROTATE_REFRESH = True  # X hands out a new refresh token with every refresh
    REQUIRED_SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")
    PROCESSING_POLLS = 2  # STATUS calls before a video is ready

    def __init__(self) -> None:
        super().__init__()
        self.oauth_init()
        self.user = {"id": "2244994945", "username": "maridia_culture", "name": "Maridia Culture"}
        self.media: dict[str, dict] = {}
        self.posts: list[dict] = []

    # -- OAuth ------------------------------------------------------------------------------
    @route("GET", "/i/oauth2/authorize")
    def authorize(self, req: Request) -> Response:
        return self.oauth_authorize(req)

    @route("POST", "/2/oauth2/token")
    def token(self, req: Request) -> Response:
        return self.oauth_token(req)

    # -- users ------------------------------------------------------------------------------
    @route("GET", "/2/users/me")
    def me(self, req: Request):
        if not self.bearer_ok(req):
            return Response(401, UNAUTHORIZED)
        return {"data": dict(self.user)}

    @route("GET", r"/2/users/(?P<uid>\d+)/tweets")
    def timeline(self, req: Request):
        if not self.bearer_ok(req):
            return Response(401, UNAUTHORIZED)
        if req.params["uid"] != self.user["id"]:
            return problem(404, "Not Found Error", "user not found")
        start = req.arg("start_time")
        since = (
            datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if start else None
        )
        out = []
        for post in reversed(self.posts):
            if since and post["created"] < since.timestamp():
                continue
            out.append(self._as_returned(post))
        return {
            "data": out[: int(req.arg("max_results", "10"))],
            "meta": {"result_count": len(out)},
        }

    def _as_returned(self, post: dict) -> dict:
        entities = []
        text = html.escape(post["text"], quote=False)
        for n, url in enumerate(URL_RE.findall(text)):
            short = f"https://t.co/u{post['id'][-4:]}{n}"
            text = text.replace(url, short, 1)
            entities.append({"url": short, "expanded_url": html.unescape(url)})
        keys = [f"3_{m}" for m in post["media_ids"]]
        if keys:
            short = f"https://t.co/m{post['id'][-4:]}"
            text += " " + short
            entities.append(
                {"url": short, "expanded_url": "https://x.com/photo/1", "media_key": keys[0]}
            )
        out = {
            "id": post["id"],
            "text": text,
            "created_at": datetime.fromtimestamp(post["created"], UTC).isoformat(),
        }
        if entities:
            out["entities"] = {"urls": entities}
        if keys:
            out["attachments"] = {"media_keys": keys}
        return out

    # -- media ------------------------------------------------------------------------------
    @route("POST", "/2/media/upload/initialize")
    def media_init(self, req: Request):
        if not self.bearer_ok(req):
            return Response(401, UNAUTHORIZED)
        body = req.json() or {}
        if body.get("media_category") not in ("tweet_image", "tweet_video", "tweet_gif"):
            return problem(400, "Invalid Request", "media_category")
        if not isinstance(body.get("total_bytes"), int) or not body.get("media_type"):
            return problem(400, "Invalid Request", "total_bytes and media_type are required")
        mid = str(next(_IDS))
        self.media[mid] = {
            "type": body["media_type"],
            "category": body["media_category"],
            "total": body["total_bytes"],
            "segments": {},
            "state": "new",
            "polls": 0,
            "alt": None,
        }
        return {"data": {"id": mid, "media_key": f"3_{mid}", "expires_after_secs": 86400}}

    @route("POST", r"/2/media/upload/(?P<mid>\d+)/append")
    def media_append(self, req: Request):
        if not self.bearer_ok(req):
            return Response(401, UNAUTHORIZED)
        m = self.media.get(req.params["mid"])
        parts = req.multipart()
        if m is None or m["state"] != "new":
            return problem(400, "Invalid Request", "unknown or finalized media id")
        if "media" not in parts or "segment_index" not in parts:
            return problem(400, "Invalid Request", "media and segment_index are required")
        index = int(parts["segment_index"][1])
        if index != len(m["segments"]) and index not in m["segments"]:
            return problem(400, "Invalid Request", f"segment {index} out of order")
        if len(parts["media"][1]) > 5 * 1024 * 1024:
            return problem(413, "Payload Too Large", "segment over 5 MB")
        m["segments"][index] = parts["media"][1]
        return {"data": {"expires_at": int(time.time()) + 86400}}

    @route("POST", r"/2/media/upload/(?P<mid>\d+)/finalize")
    def media_finalize(self, req: Request):
        if not self.bearer_ok(req):
            return Response(401, UNAUTHORIZED)
        m = self.media.get(req.params["mid"])
        if m is None:
            return problem(400, "Invalid Request", "unknown media id")
        data = b"".join(m["segments"][i] for i in sorted(m["segments"]))
        if len(data) != m["total"]:
            return problem(400, "Invalid Request", "File size does not match total_bytes")
        m["bytes"] = data
        out = {"id": req.params["mid"], "media_key": f"3_{req.params['mid']}", "size": len(data)}
        if m["category"] == "tweet_video":
            m["state"] = "pending"
            out["processing_info"] = {"state": "pending", "check_after_secs": 1}
        else:
            m["state"] = "succeeded"
        return {"data": out}

    @route("GET", "/2/media/upload")
    def media_status(self, req: Request):
        if not self.bearer_ok(req):
            return Response(401, UNAUTHORIZED)
        m = self.media.get(req.arg("media_id", ""))
        if req.arg("command") != "STATUS" or m is None:
            return problem(400, "Invalid Request", "command=STATUS and media_id required")
        m["polls"] += 1
        if m["state"] == "pending" and m["polls"] >= self.PROCESSING_POLLS:
            m["state"] = "succeeded"
        info = {
            "state": m["state"],
            "check_after_secs": 1,
            "progress_percent": 100 if m["state"] == "succeeded" else 40,
        }
        return {"data": {"id": req.arg("media_id"), "processing_info": info}}

    @route("POST", "/2/media/metadata")
    def media_metadata(self, req: Request):
        if not self.bearer_ok(req):
            return Response(401, UNAUTHORIZED)
        body = req.json() or {}
        m = self.media.get(body.get("id", ""))
        alt = ((body.get("metadata") or {}).get("alt_text") or {}).get("text")
        if m is None or alt is None:
            return problem(400, "Invalid Request", "id and metadata.alt_text.text required")
        if len(alt) > 1000:
            return problem(400, "Invalid Request", "alt text over 1000 characters")
        m["alt"] = alt
        return {"data": {"id": body["id"], "associated_metadata": body["metadata"]}}

    # -- posts ------------------------------------------------------------------------------
    @route("POST", "/2/tweets")
    def create(self, req: Request):
        if not self.bearer_ok(req):
            return Response(401, UNAUTHORIZED)
        body = req.json() or {}
        text = body.get("text", "")
        ids = (body.get("media") or {}).get("media_ids") or []
        if not text and not ids:
            return problem(400, "Invalid Request", "text or media is required")
        if count_text("x", text).problems:
            return Response(
                400,
                {
                    "errors": [{"message": "Tweet text is too long."}],
                    "title": "Invalid Request",
                    "detail": "One or more parameters to your request was invalid.",
                    "type": "https://api.twitter.com/2/problems/invalid-request",
                },
            )
        for mid in ids:
            if self.media.get(mid, {}).get("state") != "succeeded":
                return problem(400, "Invalid Request", "Your media IDs are invalid.")
        if text and any(p["text"] == text for p in self.posts):
            return problem(
                403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."
            )
        post = {"id": str(next(_IDS)), "text": text, "media_ids": list(ids), "created": time.time()}
        self.posts.append(post)
        return Response(201, {"data": {"id": post["id"], "text": text}})
