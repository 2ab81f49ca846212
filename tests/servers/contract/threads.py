"""The Threads API (graph.threads.net/v1.0) publishing flow, as documented, on loopback.

Follows https://developers.facebook.com/docs/threads/posts , .../posts/accessibility and
.../troubleshooting:

- ``POST /{user}/threads`` (``me`` or the user id): ``media_type`` TEXT (``text`` required,
  500 characters), IMAGE (``image_url``, JPEG/PNG), VIDEO (``video_url``), carousel items
  (``is_carousel_item=true``), CAROUSEL (``children``: 2-20 FINISHED items). ``alt_text`` is
  refused on TEXT posts. Media URLs are downloaded at once; a failed download is an ERROR
  container with ``error_message`` FAILED_DOWNLOADING_VIDEO / UNKNOWN.
- ``GET /{container}?fields=status,error_message``: IN_PROGRESS for ``polls`` polls.
- ``POST /{user}/threads_publish`` (``creation_id``), ``GET /{user}/threads_publishing_limit``
  (250 per 24 h), ``GET /me/threads`` (newest first), ``GET /me``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from contract.base import Request, Response, route
from contract.meta_common import MetaServer, new_id

V = r"/v1\.0"
USER = r"/(?P<user>me|\d+)"
TEXT_LIMIT = 500


def threads_length(text: str) -> int:
    """Meta: emoji count as their UTF-8 bytes; other characters count one."""
    return sum(len(ch.encode()) if ord(ch) > 0xFFFF else 1 for ch in text)


class ThreadsServer(MetaServer):
    def __init__(self, user_id: str = "26100000000000042", username: str = "maridia.culture"):
        super().__init__(token="THAA-test-token")
        self.user_id = user_id
        self.username = username
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.containers: dict[str, dict] = {}
        self.posts: dict[str, dict] = {}
        self.order: list[str] = []
        self.polls = 1
        self.video_polls = 3
        self.fail_next: str | None = None
        self.quota_total = 250

    def _user(self, req: Request) -> Response | None:
        if (bad := self.check_token(req)) is not None:
            return bad
        if req.params.get("user") not in ("me", self.user_id):
            return self.error("Unsupported request: object does not exist", 100, subcode=33)
        return None

    @route("GET", V + "/me")
    def me(self, req: Request) -> Response:
        if (bad := self.check_token(req)) is not None:
            return bad
        return Response(200, {"id": self.user_id, "username": self.username, "name": "Maridia"})

    @route("GET", V + r"/(?P<id>\d+)")
    def node(self, req: Request) -> Response:
        if (bad := self.check_token(req)) is not None:
            return bad
        nid = req.params["id"]
        if nid in self.containers:
            c = self.containers[nid]
            if c["status"] == "IN_PROGRESS":
                if c["polls_left"] > 0:
                    c["polls_left"] -= 1
                elif c["fail"]:
                    c["status"], c["error_message"] = "ERROR", c["fail"]
                else:
                    c["status"] = "FINISHED"
            body = {"id": nid, "status": c["status"]}
            if c["error_message"]:
                body["error_message"] = c["error_message"]
            return Response(200, body)
        if nid in self.posts:
            p = self.posts[nid]
            return Response(200, {k: p[k] for k in ("id", "text", "permalink", "timestamp")})
        return self.error(f"Object with ID '{nid}' does not exist", 100, subcode=33)

    @route("POST", V + USER + "/threads")
    def create(self, req: Request) -> Response:
        if (bad := self._user(req)) is not None:
            return bad
        p = self.params(req)
        kind = (p.get("media_type") or "").upper()
        text = p.get("text", "")
        if threads_length(text) > TEXT_LIMIT:
            return self.error(
                "Param text must be at most 500 characters long.", 100, kind="THApiException"
            )
        item = p.get("is_carousel_item", "false") == "true"
        cid = new_id()
        c = {
            "id": cid,
            "kind": kind,
            "text": text,
            "alt": p.get("alt_text"),
            "item": item,
            "data": b"",
            "children": [],
            "status": "IN_PROGRESS",
            "error_message": None,
            "polls_left": self.polls,
            "fail": self.fail_next,
        }
        self.fail_next = None
        if kind == "TEXT":
            if not text or item:
                return self.error("The parameter text is required for TEXT posts", 100)
            if "alt_text" in p:
                return self.error("alt_text is not available for text-only posts", 100)
        elif kind in ("IMAGE", "VIDEO"):
            field = "image_url" if kind == "IMAGE" else "video_url"
            if not p.get(field):
                return self.error(f"The parameter {field} is required", 100)
            data = self.fetch(p[field])
            ok = data is not None and (
                data.startswith((b"\xff\xd8\xff", b"\x89PNG"))
                if kind == "IMAGE"
                else data[4:8] == b"ftyp"
            )
            c["data"] = data or b""
            if not ok:  # Threads reports a bad download on the container, not at creation
                c["fail"] = "FAILED_DOWNLOADING_VIDEO" if kind == "VIDEO" else "UNKNOWN"
            if kind == "VIDEO":
                c["polls_left"] = self.video_polls
        elif kind == "CAROUSEL":
            children = [x for x in (p.get("children") or "").split(",") if x]
            if not 2 <= len(children) <= 20:
                return self.error("A carousel needs 2 to 20 children", 100)
            for x in children:
                child = self.containers.get(x)
                if child is None or not child["item"] or child["status"] != "FINISHED":
                    return self.error(f"Child {x} is not a finished carousel item", 100)
            c["children"] = children
        else:
            return self.error("media_type must be TEXT, IMAGE, VIDEO or CAROUSEL", 100)
        self.containers[cid] = c
        return Response(200, {"id": cid})

    @route("POST", V + USER + "/threads_publish")
    def publish(self, req: Request) -> Response:
        if (bad := self._user(req)) is not None:
            return bad
        c = self.containers.get(self.params(req).get("creation_id", ""))
        if c is None or c["item"]:
            return self.error("The parameter creation_id is required", 100)
        if self._used() >= self.quota_total:
            return self.error("User has reached the publishing limit", 4, subcode=2207051)
        if c["status"] != "FINISHED":
            return self.error(
                "The media is not ready to be published", 24, subcode=4279009, kind="THApiException"
            )
        pid = new_id()
        items = [self.containers[x] for x in c["children"]] or ([c] if c["data"] else [])
        self.posts[pid] = {
            "id": pid,
            "text": c["text"],
            "kind": c["kind"],
            "at": time.time(),
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "permalink": f"https://www.threads.com/@{self.username}/post/{pid[-8:]}",
            "items": [{"kind": i["kind"], "data": i["data"], "alt": i["alt"]} for i in items],
        }
        self.order.append(pid)
        c["status"] = "PUBLISHED"
        return Response(200, {"id": pid})

    def _used(self) -> int:
        return sum(1 for p in self.posts.values() if p["at"] > time.time() - 86400)

    @route("GET", V + USER + "/threads_publishing_limit")
    def limit(self, req: Request) -> Response:
        if (bad := self._user(req)) is not None:
            return bad
        return Response(
            200,
            {
                "data": [
                    {
                        "quota_usage": self._used(),
                        "config": {"quota_total": self.quota_total, "quota_duration": 86400},
                    }
                ]
            },
        )

    @route("GET", V + USER + "/threads")
    def list_threads(self, req: Request) -> Response:
        if (bad := self._user(req)) is not None:
            return bad
        limit = int(req.arg("limit", "25") or 25)
        newest = list(reversed(self.order))[:limit]
        return Response(
            200,
            {
                "data": [
                    {k: self.posts[p][k] for k in ("id", "text", "timestamp", "permalink")}
                    for p in newest
                ]
            },
        )

    @property
    def published(self) -> list[dict]:
        return [self.posts[p] for p in self.order]
