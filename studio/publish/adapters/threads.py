"""Threads through the Threads API (graph.threads.net).

Threads publishes with Instagram's container protocol under other names
(https://developers.facebook.com/docs/threads/posts), so this adapter is the Instagram one
with Threads' names and two differences:

- containers: ``POST /{user}/threads`` with ``media_type`` TEXT (``text`` only), IMAGE
  (``image_url``), VIDEO (``video_url``), carousel items (``is_carousel_item=true``) and
  CAROUSEL (``children``, 2-20 items); ``text`` carries the post's words (500 characters, emoji
  counted in UTF-8 bytes: the platform rules count that way). ``alt_text`` is accepted on
  image and video containers (https://developers.facebook.com/docs/threads/posts/accessibility).
- status: ``GET /{container}?fields=status,error_message`` (EXPIRED, ERROR, FINISHED,
  IN_PROGRESS, PUBLISHED; error_message like FAILED_DOWNLOADING_VIDEO), then
  ``POST /{user}/threads_publish`` with ``creation_id``; the quota (250 posts per 24 h) is
  ``GET /{user}/threads_publishing_limit``
  (https://developers.facebook.com/docs/threads/troubleshooting).

Media reach Threads the same way as Instagram: from the account's public media location
(:mod:`media_host`). Exactly once works like Instagram's: the remembered container's status
tells whether the post went out, and ``GET /{user}/threads`` (recent posts, exact text, time
window) finds it. Threads has no language field.

The token goes in the Authorization header like every Graph call here; the Threads docs show
it as an ``access_token`` query parameter, which would put it in URLs.
"""

from __future__ import annotations

from typing import ClassVar

from studio.publish.adapters.instagram import InstagramAdapter
from studio.publish.protocol import (
    AccountInfo,
    Capabilities,
    PublishRequest,
    SecretSpec,
    UploadedMedia,
)

THREADS_HOST = "https://graph.threads.net"
#: Source: https://developers.facebook.com/docs/threads/overview (the API's only version).
THREADS_VERSION = "v1.0"


class ThreadsAdapter(InstagramAdapter):
    NAME: ClassVar[str] = "threads"
    DISPLAY_NAME: ClassVar[str] = "Threads"
    RULES: ClassVar[str | None] = "threads"
    DEFAULT_SERVER: ClassVar[str | None] = THREADS_HOST
    VERSION: ClassVar[str] = THREADS_VERSION
    CAPABILITIES: ClassVar[Capabilities] = Capabilities(
        alt_text=True, video=True, async_media=True, idempotency="lookup"
    )
    SECRET: ClassVar[SecretSpec] = SecretSpec(
        "Threads access token (or JSON with access_token and media_put_authorization)",
        help=(
            "A long-lived Threads user token with threads_basic and threads_content_publish "
            "(Meta app > Threads use case). Options for photos and videos: media_upload, "
            "media_put_url, media_public_url; see docs/adapters.md"
        ),
    )
    MEDIA_EDGE: ClassVar[str] = "threads"
    PUBLISH_EDGE: ClassVar[str] = "threads_publish"
    LIMIT_EDGE: ClassVar[str] = "threads_publishing_limit"
    STATUS_FIELD: ClassVar[str] = "status"
    DETAIL_FIELD: ClassVar[str] = "error_message"
    TEXT_FIELD: ClassVar[str] = "text"
    MEMO: ClassVar[str] = "threads"
    TEXT_ONLY: ClassVar[bool] = True

    @property
    def ig(self) -> str:
        """Threads paths accept ``me`` for the token's own profile; an explicit id if set."""
        return str(self.option("threads_user_id", required=False) or "me")

    def verify(self) -> AccountInfo:
        body = self.graph(
            "GET", "me", what="check the Threads account", params={"fields": "id,username,name"}
        )
        handle = str(body.get("username") or body.get("id"))
        return AccountInfo(
            handle=handle, display_name=body.get("name"), url=f"https://www.threads.com/@{handle}"
        )

    def _text_container(self, request: PublishRequest) -> str:
        body = self.graph(
            "POST",
            f"{self.ig}/{self.MEDIA_EDGE}",
            what="create the Threads post",
            data={"media_type": "TEXT", "text": request.text},
        )
        return str(body["id"])

    def _item(self, upload: UploadedMedia, *, caption: str | None, carousel: bool) -> str:
        media = upload.media
        video = media.kind == "video"
        data = {
            "media_type": "VIDEO" if video else "IMAGE",
            ("video_url" if video else "image_url"): upload.ref["url"],
        }
        if media.alt:
            data["alt_text"] = media.alt
        if carousel:
            data["is_carousel_item"] = "true"
        if caption is not None:
            data["text"] = caption
        body = self.graph(
            "POST",
            f"{self.ig}/{self.MEDIA_EDGE}",
            what=f"create the Threads container for {media.path.name}",
            data=data,
        )
        return str(body["id"])
