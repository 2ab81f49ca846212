"""Instagram Graph API content publishing, as documented, on loopback.

Follows https://developers.facebook.com/docs/instagram-platform/content-publishing and the
IG User Media / IG Container / content_publishing_limit references:

- ``POST /{ig-user-id}/media`` creates a container from ``image_url`` (JPEG only, ``alt_text``
  allowed since 24 March 2025), ``media_type=REELS`` + ``video_url`` (no alt text), carousel
  items (``is_carousel_item=true``, ``media_type=VIDEO`` for videos) or ``media_type=CAROUSEL``
  + ``children`` (2-10 FINISHED items). Like Meta it downloads the media URL at once and
  refuses a URL it cannot fetch (code 9004, subcode 2207052).
- ``GET /{container}?fields=status_code,status``: IN_PROGRESS for ``polls`` polls, then
  FINISHED; ``fail_next`` makes the next container ERROR (with ``status`` saying why),
  ``expire_next`` EXPIRED.
- ``POST /{ig-user-id}/media_publish`` with ``creation_id``: only a FINISHED container, once;
  refused past the quota (code 9, subcode 2207042).
- ``GET /{ig-user-id}/media``, ``GET /{media-id}``, ``GET /{ig-user-id}?fields=username``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from contract.base import Request, Response, route
from contract.meta_common import MetaServer, new_id

V = MetaServer.VERSION
ID = r"(?P<id>\d+)"


class InstagramServer(MetaServer):
    def __init__(self, ig_user_id: str = "17841400000000042", username: str = "maridia.culture"):
        super().__init__()
        self.ig_user_id = ig_user_id
        self.username = username
        self.reset()

    def reset(self) -> None:
        """Forget everything, so one running server can serve many tests."""
        super().reset()
        self.containers: dict[str, dict] = {}
        self.media: dict[str, dict] = {}  # published, by media id
        self.order: list[str] = []  # media ids, oldest first
        self.polls = 1  # status polls a container stays IN_PROGRESS
        self.video_polls = 3
        self.fail_next: str | None = None
        self.expire_next = False
        self.quota_total = 100
        self.quota_checks = 0
        self.page_size = 25  # Meta caps a page of the media edge; the rest via paging.next

    # -- profile and limits -------------------------------------------------------------------
    @route("GET", V + "/" + ID)
    def node(self, req: Request) -> Response:
        if (bad := self.check_token(req)) is not None:
            return bad
        nid = req.params["id"]
        if nid == self.ig_user_id:
            return Response(200, {"id": nid, "username": self.username, "name": "Maridia"})
        if nid in self.containers:
            c = self.containers[nid]
            self._advance(c)
            return Response(
                200, {"id": nid, "status_code": c["status_code"], "status": c["status"]}
            )
        if nid in self.media:
            m = self.media[nid]
            return Response(
                200, {k: m[k] for k in ("id", "caption", "media_type", "permalink", "timestamp")}
            )
        return self.error(
            f"Unsupported get request. Object with ID '{nid}' does not exist",
            100,
            subcode=33,
            kind="GraphMethodException",
        )

    @route("GET", V + "/" + ID + "/content_publishing_limit")
    def limit(self, req: Request) -> Response:
        if (bad := self.check_token(req)) is not None:
            return bad
        self.quota_checks += 1
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

    def _used(self) -> int:
        cutoff = time.time() - 86400
        return sum(1 for m in self.media.values() if m["at"] > cutoff)

    # -- containers ---------------------------------------------------------------------------
    @route("POST", V + "/" + ID + "/media")
    def create(self, req: Request) -> Response:
        if (bad := self.check_token(req)) is not None:
            return bad
        if req.params["id"] != self.ig_user_id:
            return self.error("Unsupported post request.", 100, subcode=33)
        p = self.params(req)
        kind = (p.get("media_type") or "IMAGE").upper()
        item = p.get("is_carousel_item", "false").lower() == "true"
        caption = p.get("caption", "")
        if len(caption) > 2200:
            return self.error(
                "The caption is too long (2200 characters at most).",
                100,
                subcode=2207025,
                kind="IGApiException",
            )
        if kind == "CAROUSEL":
            return self._carousel(p, caption)
        if kind in ("REELS", "VIDEO"):
            if kind == "VIDEO" and not item:
                return self.error(
                    "The VIDEO media type is only for carousel items; use REELS",
                    100,
                    kind="IGApiException",
                )
            if "alt_text" in p:
                return self.error(
                    "alt_text is not supported for Reels and videos", 100, kind="IGApiException"
                )
            url, field = p.get("video_url"), "video_url"
        elif kind == "IMAGE":
            url, field = p.get("image_url"), "image_url"
        else:
            return self.error(f"media_type {kind} is not supported here", 100)
        if not url:
            return self.error(f"The parameter {field} is required", 100, kind="IGApiException")
        data = self.fetch(url)
        if data is None:
            return self.error(
                "Media download has failed. The media URI doesn't meet our requirements.",
                9004,
                subcode=2207052,
                kind="IGApiException",
            )
        if kind == "IMAGE" and not data.startswith(b"\xff\xd8\xff"):
            return self.error(
                "Only JPEG images are supported.", 9004, subcode=2207083, kind="IGApiException"
            )
        if kind != "IMAGE" and data[4:8] != b"ftyp":
            return self.error(
                "The video format is not supported.", 9004, subcode=2207026, kind="IGApiException"
            )
        cid = new_id()
        polls = self.video_polls if kind != "IMAGE" else self.polls
        self.containers[cid] = {
            "id": cid,
            "kind": kind,
            "item": item,
            "caption": caption,
            "alt": p.get("alt_text"),
            "data": data,
            "children": [],
            "polls_left": polls,
            "status_code": "IN_PROGRESS",
            "status": "",
            "fail": self.fail_next,
            "expire": self.expire_next,
            "share_to_feed": p.get("share_to_feed"),
        }
        self.fail_next, self.expire_next = None, False
        return Response(200, {"id": cid})

    def _carousel(self, p: dict[str, str], caption: str) -> Response:
        children = [c for c in (p.get("children") or "").split(",") if c]
        if not 2 <= len(children) <= 10:
            return self.error("A carousel needs 2 to 10 children", 100, kind="IGApiException")
        for c in children:
            child = self.containers.get(c)
            if child is None or not child["item"]:
                return self.error(
                    f"Child {c} is not a carousel item container", 100, kind="IGApiException"
                )
            if child["status_code"] != "FINISHED":
                return self.error(
                    "The media is not ready for publishing, please wait for a moment",
                    9007,
                    subcode=2207027,
                    kind="IGApiException",
                )
        cid = new_id()
        self.containers[cid] = {
            "id": cid,
            "kind": "CAROUSEL",
            "item": False,
            "caption": caption,
            "alt": None,
            "data": b"",
            "children": children,
            "polls_left": self.polls,
            "status_code": "IN_PROGRESS",
            "status": "",
            "fail": None,
            "expire": False,
        }
        return Response(200, {"id": cid})

    def _advance(self, c: dict) -> None:
        if c["status_code"] != "IN_PROGRESS":
            return
        if c["polls_left"] > 0:
            c["polls_left"] -= 1
            return
        if c["fail"]:
            c["status_code"], c["status"] = "ERROR", f"ERROR: {c['fail']} (2207026)"
        elif c["expire"]:
            c["status_code"] = "EXPIRED"
        else:
            c["status_code"], c["status"] = "FINISHED", "Finished: Media has been uploaded"

    # -- publishing -----------------------------------------------------------------------------
    @route("POST", V + "/" + ID + "/media_publish")
    def publish(self, req: Request) -> Response:
        if (bad := self.check_token(req)) is not None:
            return bad
        cid = self.params(req).get("creation_id")
        c = self.containers.get(cid or "")
        if c is None or c["item"]:
            return self.error(
                "The parameter creation_id is required and must be a container",
                100,
                kind="IGApiException",
            )
        if self._used() >= self.quota_total:
            return self.error(
                "You reached the maximum number of posts that is allowed to be "
                "published by Content Publishing API.",
                9,
                subcode=2207042,
                kind="IGApiException",
            )
        if c["status_code"] == "PUBLISHED":
            return self.error(
                "The media has already been published", 9007, subcode=2207008, kind="IGApiException"
            )
        if c["status_code"] != "FINISHED":
            return self.error(
                "Media ID is not available",
                9007,
                subcode=2207027,
                kind="IGApiException",
                user_msg="The media is not ready for publishing, please wait.",
            )
        mid = new_id()
        items = [self.containers[x] for x in c["children"]] or [c]
        self.media[mid] = {
            "id": mid,
            "caption": c["caption"],
            "media_type": {"CAROUSEL": "CAROUSEL_ALBUM", "REELS": "VIDEO"}.get(
                c["kind"], c["kind"]
            ),
            "permalink": f"https://www.instagram.com/p/{mid[-8:]}/",
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "at": time.time(),
            "container": cid,
            "items": [{"kind": i["kind"], "data": i["data"], "alt": i["alt"]} for i in items],
        }
        self.order.append(mid)
        c["status_code"] = "PUBLISHED"
        for x in c["children"]:
            self.containers[x]["status_code"] = "PUBLISHED"
        return Response(200, {"id": mid})

    @route("GET", V + "/" + ID + "/media")
    def list_media(self, req: Request) -> Response:
        if (bad := self.check_token(req)) is not None:
            return bad
        limit = min(int(req.arg("limit", "25") or 25), self.page_size)
        start = int(req.arg("after", "0") or 0)
        newest = list(reversed(self.order))
        page = newest[start : start + limit]
        body: dict = {
            "data": [
                {
                    k: self.media[m][k]
                    for k in ("id", "caption", "media_type", "permalink", "timestamp")
                }
                for m in page
            ]
        }
        if start + limit < len(newest):
            body["paging"] = {
                "next": f"{self.url}/v26.0/{req.params['id']}/media?"
                f"limit={limit}&after={start + limit}"
            }
        return Response(200, body)

    @property
    def published(self) -> list[dict]:
        return [self.media[m] for m in self.order]
