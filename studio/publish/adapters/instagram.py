"""Instagram through the Instagram Graph API (a professional account, Facebook Login).

The flow is Meta's container protocol
(https://developers.facebook.com/docs/instagram-platform/content-publishing):

1. ``upload`` puts each file at the account's public media location (:mod:`media_host`),
   because Instagram only takes media by URL and downloads it itself.
2. ``publish`` creates a container per file (``image_url`` + ``alt_text``, added for image
   posts on 24 March 2025 and not supported on Reels; ``media_type=REELS`` + ``video_url``
   for a single video; ``is_carousel_item`` children, then a ``CAROUSEL`` container with the
   caption), polls ``status_code`` until FINISHED, checks ``content_publishing_limit``
   (100 API posts per rolling 24 h) and calls ``media_publish`` with ``creation_id``.
3. The hosted files are deleted once Instagram has them.

Exactly once: Instagram takes no idempotency key, but a container is a durable,
single-use handle: its ``status_code`` becomes PUBLISHED when its post went out. The container
id is remembered before ``media_publish`` is sent, so ``reconcile`` asks the container; when
PUBLISHED it finds the post among the account's recent media (``GET /{ig-user-id}/media``) by
exact caption and a time window starting at the first publish attempt. A FINISHED container
means nothing was posted and the next attempt publishes that same container (no re-upload).

Sources: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media ,
.../reference/ig-container (status_code values), .../reference/ig-user/media_publish ,
.../reference/ig-user/content_publishing_limit .
"""

from __future__ import annotations

from typing import Any, ClassVar

from studio.publish.adapters.media_host import MediaHost
from studio.publish.adapters.meta_graph import MetaGraphAdapter, graph_time
from studio.publish.protocol import (
    AccountInfo,
    AdapterError,
    Capabilities,
    MediaFile,
    Published,
    PublishRequest,
    RateLimitedError,
    RejectedError,
    SecretSpec,
    UploadedMedia,
)

PUBLISH_SRC = "https://developers.facebook.com/docs/instagram-platform/content-publishing"
#: Seconds to wait when the 24-hour publishing quota is used up (its reset is not announced).
QUOTA_WAIT = 3600.0


class InstagramAdapter(MetaGraphAdapter):
    NAME: ClassVar[str] = "instagram"
    DISPLAY_NAME: ClassVar[str] = "Instagram"
    RULES: ClassVar[str | None] = "instagram"
    CAPABILITIES: ClassVar[Capabilities] = Capabilities(
        alt_text=True, video=True, async_media=True, idempotency="lookup"
    )
    TEXT_ONLY: ClassVar[bool] = False  # Instagram has no text-only posts
    SECRET: ClassVar[SecretSpec] = SecretSpec(
        "Instagram access token (or JSON with access_token and media_put_authorization)",
        help=(
            "A long-lived token with instagram_basic and instagram_content_publish for the "
            "Instagram professional account linked to your Facebook Page (Meta Business "
            "Suite > system user, or Graph API Explorer). Options: ig_user_id, media_upload, "
            "media_put_url, media_public_url; see docs/adapters.md"
        ),
    )

    # Names of the container protocol's parts; Threads uses the same protocol under others.
    MEDIA_EDGE: ClassVar[str] = "media"
    PUBLISH_EDGE: ClassVar[str] = "media_publish"
    LIMIT_EDGE: ClassVar[str] = "content_publishing_limit"
    STATUS_FIELD: ClassVar[str] = "status_code"
    DETAIL_FIELD: ClassVar[str] = "status"
    TEXT_FIELD: ClassVar[str] = "caption"
    MEMO: ClassVar[str] = "ig"

    # -- helpers -----------------------------------------------------------------------------
    @property
    def ig(self) -> str:
        """The account's user id in every path (Instagram: ig_user_id; Threads: "me")."""
        return str(self.option("ig_user_id"))

    def media_host(self) -> MediaHost:
        auth = self._secret_json().get("media_put_authorization")
        return MediaHost(self.account.name, self.account.options or {}, self.ctx.http, auth)

    # -- protocol ----------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        body = self.graph(
            "GET", self.ig, what="check the Instagram account", params={"fields": "id,username"}
        )
        handle = str(body.get("username") or self.ig)
        return AccountInfo(
            handle=handle, display_name=body.get("name"), url=f"https://www.instagram.com/{handle}/"
        )

    def prepare(self, request: PublishRequest) -> list[str]:
        problems = super().prepare(request)
        if request.media:
            try:
                self.media_host()
            except RejectedError as exc:
                problems.append(exc.message)
        return problems

    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        memo = f"{self.MEMO}.hosted.{media.sha256}"
        hosted = self.ctx.recall(memo)
        if not hosted:
            self.ctx.progress(0.0, f"putting {media.path.name} at the public media location")
            h = self.media_host().upload(request.key, media)
            hosted = {"name": h.name, "url": h.url}
            self.ctx.remember(memo, hosted)
            names = list(self.ctx.recall(f"{self.MEMO}.names") or [])
            self.ctx.remember(f"{self.MEMO}.names", [*names, h.name])
        self.ctx.progress(0.5, f"{media.path.name} is public for Meta to fetch")
        return UploadedMedia(ref=hosted, media=media)

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        if not uploads and not self.TEXT_ONLY:
            raise RejectedError(f"{self.DISPLAY_NAME} posts need a photo or a video")
        try:
            cid = self._container(request, uploads)
            status = self._wait(cid)
            if status == "PUBLISHED":  # an earlier attempt went out after all
                found = self._find(request)
                self._cleanup(uploads)
                return found or Published(cid, extra={"container": cid, "found": False})
            self._check_quota()
            if self.ctx.recall(f"{self.MEMO}.started") is None:
                self.ctx.remember(f"{self.MEMO}.started", self.now())
            body = self.graph(
                "POST",
                f"{self.ig}/{self.PUBLISH_EDGE}",
                what=f"publish the {self.DISPLAY_NAME} post",
                data={"creation_id": cid},
            )
        except RejectedError:
            self._cleanup(uploads)  # a refused post must not leave files public
            raise
        media_id = str(body["id"])
        link = self._permalink(media_id)
        left = self._cleanup(uploads)
        extra: dict[str, Any] = {"container": cid}
        if left:
            extra["media_left_public"] = left
        return Published(media_id, link, extra=extra)

    def reconcile(self, request: PublishRequest) -> Published | None:
        cid = self.ctx.recall(f"{self.MEMO}.container")
        if not cid:
            return None  # no container was made, so nothing can have been published
        status = self._status(cid)  # GONE: look for the post itself
        if status in ("FINISHED", "IN_PROGRESS", "ERROR", "EXPIRED"):
            return None
        found = self._find(request)
        if found is None and status == "PUBLISHED":
            found = Published(cid, extra={"container": cid, "found": False})
        if found is not None:
            self._cleanup([])  # the post is out: its files need not stay public
        return found

    # -- steps -------------------------------------------------------------------------------
    def _container(self, request: PublishRequest, uploads: list[UploadedMedia]) -> str:
        """The publishable container, reusing the one an earlier attempt made if still good."""
        cid = self.ctx.recall(f"{self.MEMO}.container")
        if cid and self._status(cid) not in ("EXPIRED", "ERROR", "GONE"):
            return cid
        if not uploads:
            cid = self._text_container(request)
        elif len(uploads) == 1:
            cid = self._item(uploads[0], caption=request.text, carousel=False)
        else:
            children = [self._child(u) for u in uploads]
            cid = str(
                self.graph(
                    "POST",
                    f"{self.ig}/{self.MEDIA_EDGE}",
                    what=f"create the {self.DISPLAY_NAME} carousel",
                    data={
                        "media_type": "CAROUSEL",
                        "children": ",".join(children),
                        self.TEXT_FIELD: request.text,
                    },
                )["id"]
            )
        self.ctx.remember(f"{self.MEMO}.container", cid)
        return cid

    def _text_container(self, request: PublishRequest) -> str:
        raise RejectedError(f"{self.DISPLAY_NAME} posts need a photo or a video")

    def _child(self, upload: UploadedMedia) -> str:
        memo = f"{self.MEMO}.child.{upload.media.sha256}"
        cid = self.ctx.recall(memo)
        if not cid or self._status(cid) in ("EXPIRED", "ERROR", "GONE"):
            cid = self._item(upload, caption=None, carousel=True)
            self.ctx.remember(memo, cid)
        self._wait(cid)
        return cid

    def _item(self, upload: UploadedMedia, *, caption: str | None, carousel: bool) -> str:
        media = upload.media
        url = upload.ref["url"]
        data: dict[str, str] = {}
        if media.kind == "video":
            data["media_type"] = "VIDEO" if carousel else "REELS"
            data["video_url"] = url
            if not carousel:
                data["share_to_feed"] = "true"
        else:
            data["image_url"] = url
            if media.alt:
                data["alt_text"] = media.alt
        if carousel:
            data["is_carousel_item"] = "true"
        if caption is not None:
            data["caption"] = caption
        body = self.graph(
            "POST",
            f"{self.ig}/{self.MEDIA_EDGE}",
            what=f"create the {self.DISPLAY_NAME} container for {media.path.name}",
            data=data,
        )
        return str(body["id"])

    def _status(self, cid: str) -> str:
        try:
            body = self.graph(
                "GET",
                cid,
                what=f"check the {self.DISPLAY_NAME} container",
                params={"fields": self.STATUS_FIELD},
            )
        except RejectedError:
            return "GONE"
        return str(body.get(self.STATUS_FIELD) or "").upper()

    def _wait(self, cid: str) -> str:
        return self.wait_ready(
            cid,
            status_field=self.STATUS_FIELD,
            detail_field=self.DETAIL_FIELD,
            what=f"{self.DISPLAY_NAME} processing the media",
        )

    def _check_quota(self) -> None:
        body = self.graph(
            "GET",
            f"{self.ig}/{self.LIMIT_EDGE}",
            what=f"check {self.DISPLAY_NAME}'s publishing limit",
            params={"fields": "quota_usage,config"},
        )
        for row in body.get("data") or []:
            used = int(row.get("quota_usage") or 0)
            total = int((row.get("config") or {}).get("quota_total") or 0)
            if total and used >= total:
                raise RateLimitedError(
                    f"{self.DISPLAY_NAME} allows {total} posts through the API per 24 hours and this "
                    "account has used them; the post goes out when the quota frees up",
                    retry_after=QUOTA_WAIT,
                )

    def _find(self, request: PublishRequest) -> Published | None:
        since = float(self.ctx.recall(f"{self.MEMO}.started") or 0.0) - self.RECONCILE_SKEW
        for item in self.pages(
            f"{self.ig}/{self.MEDIA_EDGE}",
            what=f"look for the {self.DISPLAY_NAME} post among recent ones",
            params={
                "fields": f"id,{self.TEXT_FIELD},timestamp,permalink",
                "limit": self.RECONCILE_LIMIT,
            },
            max_items=self.RECONCILE_LIMIT,
        ):
            if (item.get(self.TEXT_FIELD) or "").strip() != request.text.strip():
                continue
            if since > 0 and graph_time(item.get("timestamp")) < since:
                continue
            return Published(str(item["id"]), item.get("permalink"), extra={"found": True})
        return None

    def _permalink(self, media_id: str) -> str | None:
        try:
            body = self.graph(
                "GET", media_id, what="read the post's link", params={"fields": "permalink"}
            )
        except AdapterError:
            return None  # the post exists; a missing link must not turn success into failure
        return body.get("permalink")

    def _cleanup(self, uploads: list[UploadedMedia]) -> list[str]:
        try:
            host = self.media_host()
        except RejectedError:
            return []
        names = [u.ref["name"] for u in uploads if isinstance(u.ref, dict)]
        names += [n for n in self.ctx.recall(f"{self.MEMO}.names") or [] if n not in names]
        return host.delete(names)
