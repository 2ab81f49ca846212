"""Bluesky (AT Protocol): app-password sign-in, blobs, and posts under a key the delivery owns.

Calls, all XRPC on the account's PDS (``--server``, default https://bsky.social):
``com.atproto.server.createSession``/``refreshSession``/``getSession`` (see atproto_session),
``com.atproto.repo.uploadBlob`` for each photo and video, ``com.atproto.identity.resolveHandle``
for mention facets, ``com.atproto.repo.createRecord`` for the ``app.bsky.feed.post``,
``getRecord`` to reconcile and ``deleteRecord`` to delete
(https://docs.bsky.app/docs/advanced-guides/posts, https://docs.bsky.app/docs/api/).

Exactly once by record key. The post is created with ``rkey`` = a TID derived from
``request.key`` (atproto_tid), so every attempt of one delivery targets the same record:

- ``reconcile`` is ``getRecord`` on that key: the post if it is there, ``None`` if the server
  says ``RecordNotFound``. No time window, no text matching, no guess.
- a second ``createRecord`` with the same key cannot add a second post; the reference PDS
  answers it with HTTP 500 (a unique-key violation), so ``publish`` looks the record up after
  any transient failure and returns the post when it is already there.

Video goes through Bluesky's video service (atproto_video: service tokens, getUploadLimits,
uploadVideo, getJobStatus polling; https://docs.bsky.app/docs/tutorials/video) for bsky.social
accounts or when the account's ``video_service`` option names one, so the video is processed
before the post appears. Elsewhere (a self-hosted PDS has no video service: its
``app.bsky.video.getUploadLimits`` answers "No service configured"), or with
``video_service=none``, the MP4 is uploaded to the PDS as a blob (the tutorial's "simple
method") and processed after the post appears.

Uploaded blobs are remembered per file (``ctx.remember``) for BLOB_REUSE_SECONDS, so a retry
after a crash does not send the file again while the PDS still holds the unreferenced blob.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any, ClassVar

import regex

from studio.publish.adapters.atproto_facets import build_facets
from studio.publish.adapters.atproto_session import XrpcClient
from studio.publish.adapters.atproto_tid import tid_for_key
from studio.publish.adapters.atproto_video import VIDEO_SERVICE, VideoService
from studio.publish.adapters.base import BaseAdapter
from studio.publish.protocol import (
    AccountInfo,
    AdapterError,
    AuthError,
    Capabilities,
    MediaFile,
    Published,
    PublishRequest,
    RateLimitedError,
    RejectedError,
    SecretSpec,
    TransientError,
    UncertainError,
    UploadedMedia,
)

POST = "app.bsky.feed.post"
# https://docs.bsky.app/docs/api/com-atproto-repo-upload-blob, -create-record, -get-record,
# -delete-record; https://docs.bsky.app/docs/api/com-atproto-identity-resolve-handle
UPLOAD_BLOB = "com.atproto.repo.uploadBlob"
CREATE_RECORD = "com.atproto.repo.createRecord"
GET_RECORD = "com.atproto.repo.getRecord"
DELETE_RECORD = "com.atproto.repo.deleteRecord"
RESOLVE_HANDLE = "com.atproto.identity.resolveHandle"
GET_SESSION = "com.atproto.server.getSession"
# https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json
MAX_LANGS = 3  # post.json langs: maxLength 3
# https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/video.json
VIDEO_ALT_MAX = 1000  # graphemes; images take 2000 in the official app (platform_data)
#: Unreferenced blobs are temporary on a PDS; reuse a remembered one only this long.
BLOB_REUSE_SECONDS = 15 * 60.0
#: Uploads are one request; video can be large, so the read timeout is generous.
UPLOAD_TIMEOUT = (10.0, 600.0)
APP_URL = "https://bsky.app"  # post links: https://bsky.app/profile/<handle>/post/<rkey>
_BLOB_MEMO = "bluesky:blob:{sha}"


class _ProgressReader:
    """A file-like body that reports upload progress as the connection reads it."""

    def __init__(self, data: bytes, report):
        self._data = memoryview(data)
        self._pos = 0
        self._report = report

    def __len__(self) -> int:
        return len(self._data)

    def seek(self, offset: int, whence: int = 0) -> int:
        """Rewind for a second attempt (after a session refresh) of the same upload."""
        base = (0, self._pos, len(self._data))[whence]
        self._pos = max(0, min(len(self._data), base + offset))
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._pos + size
        chunk = self._data[self._pos : end].tobytes()
        self._pos += len(chunk)
        self._report(self._pos / max(1, len(self._data)))
        return chunk


class BlueskyAdapter(BaseAdapter):
    NAME: ClassVar[str] = "bluesky"
    DISPLAY_NAME: ClassVar[str] = "Bluesky"
    RULES: ClassVar[str | None] = "bluesky"
    DEFAULT_SERVER: ClassVar[str | None] = "https://bsky.social"
    CAPABILITIES: ClassVar[Capabilities] = Capabilities(
        alt_text=True,
        video=True,
        language_tags=True,
        delete=True,
        idempotency="key",
    )
    SECRET: ClassVar[SecretSpec] = SecretSpec(
        "app password",
        help="Bluesky > Settings > Privacy and security > App passwords "
        "(https://bsky.app/settings/app-passwords); give the account's handle with --handle "
        "and, for a self-hosted PDS, its URL with --server",
    )

    def __init__(self, account, context) -> None:
        super().__init__(account, context)
        self._xrpc: XrpcClient | None = None

    @property
    def xrpc(self) -> XrpcClient:
        if self._xrpc is None:
            handle = (self.account.handle or "").strip().lstrip("@")
            if not handle:
                raise AuthError(
                    f"account {self.account.name!r} has no Bluesky handle; add it again "
                    "with --handle NAME.bsky.social"
                )
            self._xrpc = XrpcClient(self.server, handle, self.ctx)
        return self._xrpc

    # -- verify -----------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        """A fresh ``createSession`` (proves the app password), then ``getSession``."""
        self.xrpc.forget()
        self.xrpc.sign_in()
        info = self.xrpc.call("GET", GET_SESSION, what="Bluesky account check").json()
        return AccountInfo(
            handle=info["handle"],
            url=f"{APP_URL}/profile/{info['did']}",
            limits={"did": info["did"], "email_confirmed": bool(info.get("emailConfirmed"))},
        )

    def prepare(self, request: PublishRequest) -> list[str]:
        """The shared rules, plus the video alt-text limit the lexicon sets (the rules' alt
        limit is the images' one)."""
        problems = super().prepare(request)
        for m in request.media:
            graphemes = len(regex.findall(r"\X", m.alt or ""))
            if m.kind == "video" and graphemes > VIDEO_ALT_MAX:
                problems.append(
                    f"{m.path.name}: alt text of {graphemes} characters, Bluesky takes "
                    f"{VIDEO_ALT_MAX} for a video"
                )
        return problems

    # -- upload -----------------------------------------------------------------------------
    @property
    def video_service(self) -> str | None:
        """Where video is pre-processed: the account's ``video_service`` option (``none`` for
        the plain blob path), else Bluesky's own service for bsky.social accounts."""
        option = (self.account.options.get("video_service") or "").strip()
        if option:
            return None if option.lower() == "none" else option
        return VIDEO_SERVICE if self.server == self.DEFAULT_SERVER else None

    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        memo_key = _BLOB_MEMO.format(sha=media.sha256)
        kept = self.ctx.recall(memo_key)
        if kept and time.time() - float(kept.get("at", 0)) < BLOB_REUSE_SECONDS:
            self.ctx.progress(1.0, f"{media.path.name} already on the server")
            return UploadedMedia(kept["blob"], media)
        self.ctx.check_cancelled()
        service = self.video_service if media.kind == "video" else None
        if service:
            blob = VideoService(self.xrpc, service).upload(media)
            self.ctx.remember(memo_key, {"blob": blob, "at": time.time()})
            return UploadedMedia(blob, media)
        data = media.data()
        name = media.path.name
        self.ctx.progress(0.0, f"uploading {name}")
        body = _ProgressReader(data, lambda f: self.ctx.progress(f, f"uploading {name}"))
        resp = self.xrpc.call(
            "POST",
            UPLOAD_BLOB,
            what=f"Bluesky upload of {name}",
            data=body,
            headers={"Content-Type": media.mime, "Content-Length": str(len(data))},
            timeout=UPLOAD_TIMEOUT,
        )
        blob = resp.json()["blob"]
        self.ctx.remember(memo_key, {"blob": blob, "at": time.time()})
        self.ctx.progress(1.0, f"uploaded {name}")
        return UploadedMedia(blob, media)

    # -- publish ----------------------------------------------------------------------------
    def record_for(self, request: PublishRequest, uploads: list[UploadedMedia]) -> dict:
        """The ``app.bsky.feed.post`` record this delivery creates."""
        record: dict[str, Any] = {
            "$type": POST,
            "text": request.text,
            "createdAt": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
        }
        langs = list(request.langs) or ([self.account.lang] if self.account.lang else [])
        if langs:
            record["langs"] = langs[:MAX_LANGS]
        facets = build_facets(request.text, self._resolve_handle)
        if facets:
            record["facets"] = facets
        embed = self._embed(uploads)
        if embed:
            record["embed"] = embed
        return record

    def _embed(self, uploads: list[UploadedMedia]) -> dict | None:
        if not uploads:
            return None
        videos = [u for u in uploads if u.media.kind == "video"]
        if videos:
            v = videos[0]
            embed = {"$type": "app.bsky.embed.video", "video": v.ref}
            if v.media.alt:
                embed["alt"] = v.media.alt
            if v.media.width > 0 and v.media.height > 0:
                embed["aspectRatio"] = {"width": v.media.width, "height": v.media.height}
            return embed
        images = []
        for u in uploads:
            image: dict[str, Any] = {"image": u.ref, "alt": u.media.alt or ""}
            if u.media.width > 0 and u.media.height > 0:
                image["aspectRatio"] = {"width": u.media.width, "height": u.media.height}
            images.append(image)
        return {"$type": "app.bsky.embed.images", "images": images}

    def _resolve_handle(self, handle: str) -> str | None:
        try:
            resp = self.xrpc.call(
                "GET",
                RESOLVE_HANDLE,
                what=f"Bluesky lookup of @{handle}",
                auth=False,
                params={"handle": handle},
            )
        except RejectedError:
            return None  # HandleNotFound: the mention stays plain text
        return resp.json().get("did")

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        session = self.xrpc.session
        rkey = tid_for_key(request.key)
        body = {
            "repo": session.did,
            "collection": POST,
            "rkey": rkey,
            "record": self.record_for(request, uploads),
        }
        try:
            resp = self.xrpc.call("POST", CREATE_RECORD, what="Bluesky post", json=body)
        except RateLimitedError:
            raise  # refused before anything was written
        except TransientError:
            # The record key may already be taken by an earlier attempt of this delivery (the
            # reference PDS answers that with a 500) or the answer was lost after the write.
            try:
                found = self.reconcile(request)
            except AdapterError:
                found = None
            if found is not None:
                return found
            raise
        out = resp.json()
        return self._published(out["uri"], out.get("cid"), session.handle)

    def _published(self, uri: str, cid: str | None, handle: str) -> Published:
        rkey = uri.rsplit("/", 1)[-1]
        return Published(
            remote_id=uri,
            url=f"{APP_URL}/profile/{handle}/post/{rkey}",
            extra={"cid": cid, "rkey": rkey},
        )

    # -- exactly once -----------------------------------------------------------------------
    def reconcile(self, request: PublishRequest) -> Published | None:
        session = self.xrpc.session
        rkey = tid_for_key(request.key)
        resp = self.xrpc.call(
            "GET",
            GET_RECORD,
            what="Bluesky post lookup",
            ok_missing=True,
            params={"repo": session.did, "collection": POST, "rkey": rkey},
        )
        if resp is None:
            return None
        out = resp.json()
        if out.get("value", {}).get("text") != request.text:
            raise UncertainError(
                f"Bluesky: the record {out.get('uri')} holds another text than this delivery; "
                "check the account and confirm in the outbox"
            )
        return self._published(out["uri"], out.get("cid"), session.handle)

    def delete(self, published: Published) -> None:
        session = self.xrpc.session
        rkey = published.remote_id.rsplit("/", 1)[-1]
        self.xrpc.call(
            "POST",
            DELETE_RECORD,
            what="Bluesky delete",
            json={"repo": session.did, "collection": POST, "rkey": rkey},
        )
