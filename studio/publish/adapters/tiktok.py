"""TikTok through the Content Posting API (Direct Post): creator info, init, chunked upload,
status polling.

Exactly-once. The ``publish_id`` from ``/v2/post/publish/video/init/`` is ``remember``-ed
before a single byte is sent, and ``/v2/post/publish/status/fetch/`` tells what became of it:
``PUBLISH_COMPLETE`` is our post, ``FAILED`` means nothing was posted, and an upload we never
finished can never turn into a post. So ``reconcile`` asks instead of guessing, and a retry
after a lost answer never posts twice.

The video is sent with the post (TikTok has no separate media upload), so ``upload`` only
checks the file against the creator's limits and ``publish`` does init + PUT chunks + polling.
Chunks follow the media transfer guide: under 5 MB one chunk; otherwise ``chunk_size``
between 5 and 64 MB, ``total_chunk_count = floor(size / chunk_size)`` and the remainder rides
on the last chunk. Privacy: ``privacy_level`` from the account option when the creator offers
it, else ``SELF_ONLY`` (private) - TikTok asks that the user choose, so the safe default is
private, and unaudited apps may only post privately anyway.

Photos: TikTok's photo mode only pulls files from a public URL whose prefix is verified in
the developer portal, so photo posts need the account's public media location (options
``media_upload=put``, ``media_put_url``, ``media_public_url``, see media_host.py); without it
``prepare`` says so.

Docs: https://developers.tiktok.com/doc/content-posting-api-reference-direct-post ,
https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide ,
https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info ,
https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status ,
https://developers.tiktok.com/doc/content-posting-api-reference-photo-post ,
https://developers.tiktok.com/doc/login-kit-desktop , https://developers.tiktok.com/doc/
oauth-user-access-token-management
"""

from __future__ import annotations

from typing import Any, ClassVar

import requests

from studio.publish import http
from studio.publish.adapters.media_host import MediaHost
from studio.publish.oauth import OAuthAdapter, OAuthProvider
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
    UploadedMedia,
)

# https://developers.tiktok.com/doc/login-kit-desktop : client_key, comma-separated scopes,
# a loopback redirect with a port, PKCE with a hex-encoded SHA-256 challenge.
OAUTH = OAuthProvider(
    authorize_url="https://www.tiktok.com/v2/auth/authorize/",
    token_url="https://open.tiktokapis.com/v2/oauth/token/",
    scopes=("user.info.basic", "video.publish"),
    scope_sep=",",
    client_id_param="client_key",
    pkce="S256-hex",
    client_secret="required",
    redirect_path="/callback/",
    docs="https://developers.tiktok.com/doc/login-kit-desktop",
)
MB = 1024 * 1024
#: Media transfer guide: chunks of 5-64 MB; files under 5 MB go whole; at most 1000 chunks.
MIN_CHUNK = 5 * MB
MAX_CHUNK = 64 * MB
CHUNK_BYTES = 10 * MB
MAX_CHUNKS = 1000
PHOTO_TITLE_MAX = 90  # photo posts: title 90, description 4000 UTF-16 runes
AUTH_CODES = ("access_token_invalid", "scope_not_authorized", "scope_permission_missed")
DONE, FAILED = "PUBLISH_COMPLETE", "FAILED"


def chunk_plan(size: int, chunk: int, min_chunk: int = MIN_CHUNK) -> tuple[int, int]:
    """(chunk_size, total_chunk_count) per the media transfer guide."""
    if size < min_chunk:
        return size, 1
    chunk = max(min_chunk, min(chunk, MAX_CHUNK, size))
    count = size // chunk
    if count > MAX_CHUNKS:
        chunk = -(-size // MAX_CHUNKS)
        count = size // chunk
    return chunk, count


class TikTokAdapter(OAuthAdapter):
    NAME = "tiktok"
    DISPLAY_NAME = "TikTok"
    RULES = "tiktok"
    DEFAULT_SERVER = "https://open.tiktokapis.com"
    OAUTH = OAUTH
    CAPABILITIES = Capabilities(video=True, async_media=True, idempotency="key", oauth=True)
    SECRET = SecretSpec(
        "OAuth sign-in (browser)",
        help="Create an app at developers.tiktok.com with Login Kit (desktop) and the Content "
        "Posting API (Direct Post); redirect URI http://127.0.0.1:PORT/callback/; options "
        "client_id=<client key>, redirect_port=PORT, privacy_level",
        json_fields=("client_id", "client_secret", "access_token", "token_url"),
    )
    CHUNK: ClassVar[int] = CHUNK_BYTES
    MIN_CHUNK: ClassVar[int] = MIN_CHUNK
    POLL_SECONDS: ClassVar[float] = 3.0
    POLL_LIMIT: ClassVar[int] = 200

    def error_for(self, resp: requests.Response, what: str) -> AdapterError:
        try:
            err = resp.json().get("error") or {}
        except (ValueError, AttributeError):
            err = {}
        code, said = err.get("code", ""), err.get("message") or http.platform_message(resp)
        if code in AUTH_CODES:
            return AuthError(
                f"{what}: TikTok refused the sign-in ({code}); sign in again",
                platform_message=said,
                status=resp.status_code,
            )
        if code == "rate_limit_exceeded" or resp.status_code == 429:
            return RateLimitedError(
                f"{what}: TikTok asked to slow down",
                retry_after=http.retry_after(resp.headers.get("Retry-After")),
                platform_message=said,
                status=resp.status_code,
            )
        return http.classify(resp, what)

    def _data(self, method: str, path: str, what: str, **kw: Any) -> dict[str, Any]:
        body = self.api(method, path, what=what, **kw).json()
        err = body.get("error") or {}
        if err.get("code") not in (None, "", "ok"):
            raise RejectedError(
                f"{what}: TikTok said {err['code']}", platform_message=err.get("message")
            )
        return body.get("data") or {}

    # -- who ----------------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        user = self._data(
            "GET",
            "/v2/user/info/",
            "checking the TikTok account",
            params={"fields": "open_id,display_name,avatar_url"},
        )["user"]
        return AccountInfo(
            handle=user.get("display_name") or user["open_id"],
            display_name=user.get("display_name"),
        )

    def creator(self) -> dict[str, Any]:
        return self._data(
            "POST",
            "/v2/post/publish/creator_info/query/",
            "reading the TikTok creator's settings",
            json={},
        )

    def privacy(self, creator: dict[str, Any]) -> str:
        allowed = creator.get("privacy_level_options") or []
        wanted = (self.account.options.get("privacy_level") or "SELF_ONLY").strip().upper()
        if wanted not in allowed:
            raise RejectedError(
                f"account {self.account.name!r}: privacy_level={wanted} is not offered to this "
                f"creator; choose one of {', '.join(allowed)}"
            )
        return wanted

    # -- checks -------------------------------------------------------------------------------
    def _host(self) -> MediaHost:
        auth = self.ctx.credentials.json().get("media_put_authorization")
        return MediaHost(self.account.name, self.account.options or {}, self.ctx.http, auth)

    def prepare(self, request: PublishRequest) -> list[str]:
        problems = super().prepare(request)
        if any(m.kind == "photo" for m in request.media):
            try:
                self._host()
            except RejectedError:
                problems.append(
                    "TikTok photo posts need a public media URL: TikTok pulls photos from a "
                    "verified URL prefix. Set the options media_upload=put, media_put_url and "
                    "media_public_url (see docs/adapters.md), or post a video"
                )
        return problems

    # -- media --------------------------------------------------------------------------------
    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        if media.kind == "photo":
            key = f"tt:hosted:{media.sha256}"
            hosted = self.ctx.recall(key)
            if not hosted:
                h = self._host().upload(request.key, media)
                hosted = {"name": h.name, "url": h.url}
                self.ctx.remember(key, hosted)
            return UploadedMedia(ref=hosted, media=media)
        limit = self.creator().get("max_video_post_duration_sec")
        if limit and media.duration and media.duration > float(limit):
            raise RejectedError(
                f"{media.path.name}: {media.duration:.0f} s, this TikTok creator may post "
                f"{limit} s at most"
            )
        # The bytes travel with the post (publish): TikTok has no separate media upload.
        return UploadedMedia(ref={"size": media.path.stat().st_size}, media=media)

    # -- post ---------------------------------------------------------------------------------
    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        if not uploads:
            raise RejectedError("TikTok posts need a video or photos")
        earlier = self.reconcile(request)
        if earlier is not None:
            return earlier
        creator = self.creator()
        self.ctx.remember("tt:username", creator.get("creator_username"))
        flags = {
            f"disable_{k}": bool(creator.get(f"{k}_disabled"))
            or self.account.options.get(f"disable_{k}", "").lower() in ("1", "true", "yes")
            for k in ("comment", "duet", "stitch")
        }
        info = {"privacy_level": self.privacy(creator), **flags}
        if uploads and uploads[0].media.kind == "photo":
            return self._publish_photos(request, uploads, info)
        media = uploads[0].media
        data = media.data()
        chunk, count = chunk_plan(len(data), self.CHUNK, self.MIN_CHUNK)
        what = "posting the video to TikTok"
        got = self._data(
            "POST",
            "/v2/post/publish/video/init/",
            what,
            json={
                "post_info": {"title": request.text, **info},
                "source_info": {
                    "source": "FILE_UPLOAD",
                    "video_size": len(data),
                    "chunk_size": chunk,
                    "total_chunk_count": count,
                },
            },
        )
        state = {"id": got["publish_id"], "size": len(data), "uploaded": False}
        self.ctx.remember("tt:publish", state)
        for n in range(count):
            self.ctx.check_cancelled()
            first = n * chunk
            last = len(data) - 1 if n == count - 1 else first + chunk - 1
            http.request(
                self.ctx.http,
                "PUT",
                got["upload_url"],
                what=f"{what} (part {n + 1} of {count})",
                data=data[first : last + 1],
                headers={
                    "Content-Type": media.mime,
                    "Content-Range": f"bytes {first}-{last}/{len(data)}",
                },
                timeout=(10.0, 300.0),
            )
            self.ctx.progress((n + 1) / count * 0.8, what)
        self.ctx.remember("tt:publish", {**state, "uploaded": True})
        return self._await(got["publish_id"])

    def _publish_photos(self, request, uploads, info) -> Published:
        title = request.title or (request.text.splitlines() or [""])[0][:PHOTO_TITLE_MAX]
        got = self._data(
            "POST",
            "/v2/post/publish/content/init/",
            "posting photos to TikTok",
            json={
                "post_info": {"title": title, "description": request.text, **info},
                "source_info": {
                    "source": "PULL_FROM_URL",
                    "photo_cover_index": 0,
                    "photo_images": [u.ref["url"] for u in uploads],
                },
                "post_mode": "DIRECT_POST",
                "media_type": "PHOTO",
            },
        )
        self.ctx.remember("tt:publish", {"id": got["publish_id"], "size": 0, "uploaded": True})
        return self._await(got["publish_id"])

    def _status(self, publish_id: str) -> dict[str, Any]:
        return self._data(
            "POST",
            "/v2/post/publish/status/fetch/",
            "asking TikTok about the post",
            json={"publish_id": publish_id},
        )

    def _await(self, publish_id: str) -> Published:
        for _ in range(self.POLL_LIMIT):
            st = self._status(publish_id)
            if st.get("status") == DONE:
                return self._published(publish_id, st)
            if st.get("status") == FAILED:
                self.ctx.remember("tt:publish", None)
                raise RejectedError(
                    "TikTok could not publish the post", platform_message=st.get("fail_reason")
                )
            self.ctx.progress(0.9, f"TikTok is processing the post ({st.get('status')})")
            self.ctx.sleep(self.POLL_SECONDS)
        raise TransientError("TikTok is still processing the post; will check again later")

    def _published(self, publish_id: str, st: dict[str, Any]) -> Published:
        ids = st.get("publicaly_available_post_id") or []  # sic: TikTok's spelling
        user = self.ctx.recall("tt:username")
        if ids:
            url = f"https://www.tiktok.com/@{user}/video/{ids[0]}" if user else None
            return Published(remote_id=str(ids[0]), url=url, extra={"publish_id": publish_id})
        return Published(
            remote_id=publish_id,
            extra={"publish_id": publish_id, "note": "private or still under review"},
        )

    def reconcile(self, request: PublishRequest) -> Published | None:
        known = self.ctx.recall("tt:publish")
        if not known:
            return None  # init never answered: no publish_id, nothing can be posted
        st = self._status(known["id"])
        status = st.get("status")
        if status == DONE:
            return self._published(known["id"], st)
        if status == FAILED:
            self.ctx.remember("tt:publish", None)
            return None
        if status == "PROCESSING_UPLOAD" and not known.get("uploaded"):
            got = st.get("uploaded_bytes")
            if got is None:
                raise TransientError("TikTok has not said how much of the video arrived yet")
            if int(got) < int(known["size"]):
                # An upload we abandoned: TikTok drops it, it never becomes a post.
                self.ctx.remember("tt:publish", None)
                return None
        return self._await(known["id"])
