"""A Facebook Page through the Graph API (Pages API), with a Page access token.

Calls (https://developers.facebook.com/docs/pages-api/posts ,
https://developers.facebook.com/docs/graph-api/reference/page/feed/ ,
https://developers.facebook.com/docs/graph-api/reference/page/photos/):

- verify: ``GET /me`` (a Page token answers as the Page) and ``GET /{page-id}?fields=name,link``.
- text: ``POST /{page-id}/feed`` with ``message``.
- photos: each photo is uploaded by ``upload`` as ``POST /{page-id}/photos`` (multipart
  ``source``, ``published=false``, ``alt_text_custom``), then ``publish`` makes the one post
  with ``POST /{page-id}/feed`` + ``message`` + ``attached_media[i]={"media_fbid": id}``. Even a
  single photo takes this path: it separates the uploads (safe to repeat; an unpublished photo
  is invisible) from the single call that creates a post, which is what reconcile must judge.
  Alt text: the Photo reference lists ``alt_text_custom`` ("accessible alternative description
  for an image") among the photos edge's creation parameters
  (https://developers.facebook.com/docs/graph-api/reference/photo/); it is sent with each
  photo. Facebook documents no length limit for it.
- video: the chunked upload on graph-video.facebook.com
  (https://developers.facebook.com/docs/video-api/guides/publishing , "resumable upload":
  ``upload_phase=start`` with ``file_size``, then ``transfer`` chunks at the offsets the server
  asks for, then ``finish`` with ``description``, which creates the post). The newer
  Resumable Upload API (``/{app-id}/uploads``) needs an app id and a user token, which a
  Page-token account does not have. The upload session is remembered, so a reset mid-upload
  resumes at the last acknowledged offset.

Exactly once: the Graph API takes no idempotency key for Page posts. Before the call that
creates the post we remember the time; ``reconcile`` then reads the Page's recent
``published_posts`` and returns the one whose message is exactly this text and that was
created after that time (minus clock skew). Two identical texts posted to one Page within
minutes are not told apart; the outbox never sends the same delivery twice, so the one found
is ours or an identical manual post, either way the text is already on the Page.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from studio.publish.adapters.meta_graph import MetaGraphAdapter, graph_time
from studio.publish.protocol import (
    AccountInfo,
    AuthError,
    Capabilities,
    MediaFile,
    Published,
    PublishRequest,
    RejectedError,
    SecretSpec,
    TransientError,
    UploadedMedia,
)

#: Video uploads go to this host (Video API publishing guide, URL above).
VIDEO_HOST = "https://graph-video.facebook.com"
#: Read timeout for one video chunk (the server picks the chunk size, usually a few MB).
CHUNK_TIMEOUT = (10.0, 300.0)


class FacebookAdapter(MetaGraphAdapter):
    NAME: ClassVar[str] = "facebook"
    DISPLAY_NAME: ClassVar[str] = "Facebook Page"
    RULES: ClassVar[str | None] = "facebook"
    CAPABILITIES: ClassVar[Capabilities] = Capabilities(
        alt_text=True, video=True, idempotency="lookup"
    )
    SECRET: ClassVar[SecretSpec] = SecretSpec(
        "Page access token",
        help=(
            "A long-lived Page access token with pages_manage_posts and pages_read_engagement "
            "(Graph API Explorer: GET /me/accounts, or a Business Manager system user). "
            "Option: page_id; see docs/adapters.md"
        ),
    )

    @property
    def page(self) -> str:
        return str(self.option("page_id"))

    @property
    def video_host(self) -> str:
        # A test or proxy server given as the account's server serves both hosts.
        return self.account.server.rstrip("/") if self.account.server else VIDEO_HOST

    # -- protocol ----------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        me = self.graph("GET", "me", what="check the Page token", params={"fields": "id,name"})
        if str(me.get("id")) != self.page:
            raise AuthError(
                f"account {self.account.name!r}: the token belongs to {me.get('name')!r}, not "
                f"to Page {self.page}; use that Page's access token (GET /me/accounts)"
            )
        page = self.graph(
            "GET", self.page, what="read the Facebook Page", params={"fields": "name,link"}
        )
        return AccountInfo(
            handle=str(page.get("name") or self.page),
            display_name=page.get("name"),
            url=page.get("link"),
        )

    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        memo = f"fb.media.{media.sha256}"
        done = self.ctx.recall(memo)
        if done:
            return UploadedMedia(ref=done, media=media)
        ref = self._photo(media) if media.kind == "photo" else self._video(media)
        self.ctx.remember(memo, ref)
        return UploadedMedia(ref=ref, media=media)

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        if self.ctx.recall("fb.started") is None:
            self.ctx.remember("fb.started", self.now())
        videos = [u for u in uploads if u.ref.get("video_id")]
        if videos:
            if len(uploads) > 1:
                raise RejectedError("a Facebook video is a post of its own; post photos apart")
            return self._finish_video(request, videos[0].ref)
        data: dict[str, str] = {"message": request.text}
        for i, u in enumerate(uploads):
            data[f"attached_media[{i}]"] = json.dumps({"media_fbid": u.ref["photo_id"]})
        body = self.graph("POST", f"{self.page}/feed", what="post to the Page", data=data)
        return self._published(str(body["id"]))

    def reconcile(self, request: PublishRequest) -> Published | None:
        started = self.ctx.recall("fb.started")
        if started is None:
            return None  # the post-creating call was never made
        since = float(started) - self.RECONCILE_SKEW
        for post in self.pages(
            f"{self.page}/published_posts",
            what="look for the post among the Page's recent posts",
            params={"fields": "id,message,created_time,permalink_url", "limit": 25},
            max_items=self.RECONCILE_LIMIT,
        ):
            if (post.get("message") or "").strip() != request.text.strip():
                continue
            if graph_time(post.get("created_time")) < since:
                continue
            return Published(str(post["id"]), post.get("permalink_url"), extra={"found": True})
        return None

    # -- steps -------------------------------------------------------------------------------
    def _photo(self, media: MediaFile) -> dict[str, Any]:
        data = {"published": "false"}
        if media.alt:
            data["alt_text_custom"] = media.alt
        self.ctx.progress(0.0, f"uploading {media.path.name}")
        body = self.graph(
            "POST",
            f"{self.page}/photos",
            what=f"upload {media.path.name} to the Page",
            data=data,
            files={"source": (media.path.name, media.data(), media.mime)},
        )
        self.ctx.progress(1.0, f"{media.path.name} uploaded")
        return {"photo_id": str(body["id"])}

    def _video(self, media: MediaFile) -> dict[str, Any]:
        data = media.data()
        memo = f"fb.video.{media.sha256}"
        session = self.ctx.recall(memo)
        if not session:
            body = self.graph(
                "POST",
                f"{self.page}/videos",
                what=f"start the upload of {media.path.name}",
                host=self.video_host,
                data={"upload_phase": "start", "file_size": str(len(data))},
            )
            session = {
                "video_id": str(body["video_id"]),
                "session": str(body["upload_session_id"]),
                "start": int(body["start_offset"]),
                "end": int(body["end_offset"]),
            }
            self.ctx.remember(memo, session)
        while session["start"] < session["end"]:
            self.ctx.check_cancelled()
            self.ctx.progress(session["start"] / len(data), f"uploading {media.path.name}")
            chunk = data[session["start"] : session["end"]]
            body = self.graph(
                "POST",
                f"{self.page}/videos",
                what=f"upload {media.path.name}",
                host=self.video_host,
                data={
                    "upload_phase": "transfer",
                    "upload_session_id": session["session"],
                    "start_offset": str(session["start"]),
                },
                files={"video_file_chunk": ("chunk", chunk, "application/octet-stream")},
                timeout=CHUNK_TIMEOUT,
            )
            session = {
                **session,
                "start": int(body["start_offset"]),
                "end": int(body["end_offset"]),
            }
            self.ctx.remember(memo, session)
        self.ctx.progress(1.0, f"{media.path.name} uploaded")
        return {"video_id": session["video_id"], "session": session["session"]}

    def _finish_video(self, request: PublishRequest, ref: dict[str, Any]) -> Published:
        body = self.graph(
            "POST",
            f"{self.page}/videos",
            what="publish the video on the Page",
            host=self.video_host,
            data={
                "upload_phase": "finish",
                "upload_session_id": ref["session"],
                "description": request.text,
                **({"title": request.title} if request.title else {}),
            },
        )
        if not body.get("success"):
            raise TransientError("Facebook did not confirm the video; will check and retry")
        return self._published(ref["video_id"], video=True)

    def _published(self, post_id: str, video: bool = False) -> Published:
        link = (
            f"https://www.facebook.com/{self.page}/videos/{post_id}"
            if video
            else f"https://www.facebook.com/{post_id}"
        )
        return Published(post_id, link)
