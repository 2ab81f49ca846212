"""A Facebook Page through the Graph API, as documented, on loopback.

Follows https://developers.facebook.com/docs/pages-api/posts , the Page feed / photos /
published_posts references and the Video API publishing guide:

- ``GET /me`` answers as the Page for a Page token; ``GET /{page-id}?fields=name,link``.
- ``POST /{page-id}/photos``: multipart ``source`` (JPEG/PNG/GIF under 10 MB),
  ``published=false`` keeps it unpublished for ``attached_media``; ``alt_text_custom`` stored.
- ``POST /{page-id}/feed``: ``message`` and/or ``attached_media[i]={"media_fbid": ...}``; each
  unpublished photo can be attached once.
- ``POST /{page-id}/videos`` (graph-video host): ``upload_phase=start`` (``file_size``) ->
  ``transfer`` chunks exactly at the offsets it hands out (``chunk`` bytes each) -> ``finish``
  (``description``) creates the video post.
- ``GET /{page-id}/published_posts``: newest first, cursor paging.
"""

from __future__ import annotations

import itertools
import json
import time
from datetime import UTC, datetime

from contract.base import Request, Response, route
from contract.meta_common import MetaServer, new_id

V = MetaServer.VERSION


class FacebookServer(MetaServer):
    def __init__(self, page_id: str = "104200000000042", name: str = "Maridia Culture"):
        super().__init__()
        self.page_id = page_id
        self.page_name = name
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.photos: dict[str, dict] = {}  # unpublished uploads by id
        self.posts: list[dict] = []  # oldest first
        self.sessions: dict[str, dict] = {}
        self.chunk = 64 * 1024  # bytes per transfer the server asks for
        self._n = itertools.count(1)

    def _page(self, req: Request) -> Response | None:
        if (bad := self.check_token(req)) is not None:
            return bad
        if req.params.get("page") != self.page_id:
            return self.error(
                "Unsupported post request. Object does not exist",
                100,
                subcode=33,
                kind="GraphMethodException",
            )
        return None

    def _post(self, message: str, media: list[dict], kind: str) -> dict:
        pid = f"{self.page_id}_{next(self._n)}"
        post = {
            "id": pid,
            "message": message,
            "media": media,
            "kind": kind,
            "created_time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "at": time.time(),
            "permalink_url": f"https://www.facebook.com/{pid}",
        }
        self.posts.append(post)
        return post

    # -- reading -----------------------------------------------------------------------------
    @route("GET", V + "/me")
    def me(self, req: Request) -> Response:
        if (bad := self.check_token(req)) is not None:
            return bad
        return Response(200, {"id": self.page_id, "name": self.page_name})

    @route("GET", V + r"/(?P<page>\d+)")
    def page(self, req: Request) -> Response:
        if (bad := self._page(req)) is not None:
            return bad
        return Response(
            200,
            {
                "id": self.page_id,
                "name": self.page_name,
                "link": f"https://www.facebook.com/{self.page_id}",
            },
        )

    @route("GET", V + r"/(?P<page>\d+)/published_posts")
    def published_posts(self, req: Request) -> Response:
        if (bad := self._page(req)) is not None:
            return bad
        limit = int(req.arg("limit", "25") or 25)
        start = int(req.arg("after", "0") or 0)
        newest = list(reversed(self.posts))
        data = [
            {k: p[k] for k in ("id", "message", "created_time", "permalink_url")}
            for p in newest[start : start + limit]
        ]
        body: dict = {"data": data}
        if start + limit < len(newest):
            body["paging"] = {
                "next": f"{self.url}/v26.0/{self.page_id}/published_posts?"
                f"limit={limit}&after={start + limit}"
            }
        return Response(200, body)

    # -- photos and posts --------------------------------------------------------------------
    @route("POST", V + r"/(?P<page>\d+)/photos")
    def photo(self, req: Request) -> Response:
        if (bad := self._page(req)) is not None:
            return bad
        parts = req.multipart()
        p = self.params(req)
        source = parts.get("source")
        if source is None or source[0] is None:
            return self.error("(#324) Requires upload file", 324)
        data = source[1]
        if not (data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG")):
            return self.error("(#324) Missing or invalid image file", 324)
        if len(data) >= 10 * 1024 * 1024:
            return Response(
                413,
                {
                    "error": {
                        "message": "Photo too large",
                        "code": 100,
                        "type": "OAuthException",
                        "fbtrace_id": "x",
                    }
                },
            )
        photo = {"id": new_id(), "data": data, "alt": p.get("alt_text_custom"), "used": False}
        if p.get("published", "true").lower() == "false":
            self.photos[photo["id"]] = photo
            return Response(200, {"id": photo["id"]})
        post = self._post(p.get("caption") or p.get("message", ""), [photo], "photo")
        return Response(200, {"id": photo["id"], "post_id": post["id"]})

    @route("POST", V + r"/(?P<page>\d+)/feed")
    def feed(self, req: Request) -> Response:
        if (bad := self._page(req)) is not None:
            return bad
        p = self.params(req)
        message = p.get("message", "")
        media: list[dict] = []
        for i in itertools.count():
            raw = p.get(f"attached_media[{i}]")
            if raw is None:
                break
            fbid = json.loads(raw).get("media_fbid")
            photo = self.photos.get(str(fbid))
            if photo is None or photo["used"]:
                return self.error(f"(#100) Invalid media_fbid {fbid}", 100)
            media.append(photo)
        if not message and not media:
            return self.error("(#100) Missing message or attachment", 100)
        if len(message) > 63206:
            return self.error("(#100) The message is too long", 100, subcode=1349125)
        for m in media:
            m["used"] = True
        return Response(200, {"id": self._post(message, media, "feed")["id"]})

    # -- video -------------------------------------------------------------------------------
    @route("POST", V + r"/(?P<page>\d+)/videos")
    def video(self, req: Request) -> Response:
        if (bad := self._page(req)) is not None:
            return bad
        p = self.params(req)
        phase = p.get("upload_phase")
        if phase == "start":
            size = int(p.get("file_size") or 0)
            if size <= 0:
                return self.error("(#100) file_size is required", 100)
            sid, vid = new_id(), new_id()
            self.sessions[sid] = {"video": vid, "size": size, "data": bytearray(), "done": False}
            return Response(
                200,
                {
                    "video_id": vid,
                    "upload_session_id": sid,
                    "start_offset": "0",
                    "end_offset": str(min(self.chunk, size)),
                },
            )
        s = self.sessions.get(p.get("upload_session_id", ""))
        if s is None:
            return self.error("(#100) Invalid upload_session_id", 100)
        if phase == "transfer":
            start = int(p.get("start_offset", "-1"))
            if start != len(s["data"]):
                return self.error(
                    "Your video upload timed out before it could be completed. "
                    "start_offset does not match",
                    6001,
                    subcode=1363019,
                    kind="OAuthException",
                )
            chunk = req.multipart().get("video_file_chunk", (None, b""))[1]
            want = min(self.chunk, s["size"] - start)
            if len(chunk) != want:
                return self.error(f"(#100) chunk of {len(chunk)} bytes, expected {want}", 100)
            s["data"] += chunk
            nxt = len(s["data"])
            return Response(
                200, {"start_offset": str(nxt), "end_offset": str(min(nxt + self.chunk, s["size"]))}
            )
        if phase == "finish":
            if len(s["data"]) != s["size"] or s["done"]:
                return self.error("(#100) The upload is not complete", 100)
            s["done"] = True
            media = [{"id": s["video"], "data": bytes(s["data"]), "alt": None}]
            post = self._post(p.get("description", ""), media, "video")
            post["title"] = p.get("title")
            return Response(200, {"success": True})
        return self.error("(#100) upload_phase must be start, transfer or finish", 100)
