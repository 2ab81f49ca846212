"""Mastodon: per-server limits, media v2 with async processing, statuses with an Idempotency-Key.

Why the limits come from the server: every instance sets its own ``max_characters``, URL weight,
attachment count, file sizes and MIME types, so the adapter reads ``GET /api/v2/instance`` once
per adapter and judges the post by *that* server's numbers, not the 500-character default.

Exactly once, in two layers:

1. ``POST /api/v1/statuses`` carries ``Idempotency-Key: <request.key>``. Mastodon remembers the
   key per account for one hour and answers a repeat with the status it already created
   (https://docs.joinmastodon.org/methods/statuses/#create), so a retry inside that hour can
   never double-post, whatever happened to the first response.
2. The key is forgotten after the hour, so ``reconcile`` does not lean on it: it lists the
   account's statuses created since the first attempt (``GET /api/v1/accounts/:id/statuses``)
   and compares each candidate's *source* text (``GET /api/v1/statuses/:id/source``, the text
   as typed, not the rendered HTML, which rewrites links and mentions) and its attachment ids
   with what this delivery sent. Both calls need the ``read:statuses`` scope. The attempt time
   and the media ids are kept with ``ctx.remember``; no remembered attempt means nothing was
   ever sent, which is a sound "no".

Media (https://docs.joinmastodon.org/methods/media/): ``POST /api/v2/media`` answers 200 when
the file is processed, 202 while it is processed in the background; ``GET /api/v1/media/:id``
answers 206 (or 200 with ``url: null``) until it is ready. Unattached media stay on the server
for about a day, so the id is remembered and a retry after a crash polls the same upload
instead of sending the file again.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from studio.core.textcount import count_text
from studio.publish import http
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
    SecretSpec,
    TransientError,
    UncertainError,
    UploadedMedia,
)

DOCS = "https://docs.joinmastodon.org/methods/"
# https://docs.joinmastodon.org/methods/accounts/#verify_credentials
VERIFY = "/api/v1/accounts/verify_credentials"
# https://docs.joinmastodon.org/methods/instance/#v2 (configuration: statuses, media_attachments)
INSTANCE = "/api/v2/instance"
INSTANCE_V1 = "/api/v1/instance"  # servers older than 4.0 have no v2
# https://docs.joinmastodon.org/methods/media/#v2 and #get
MEDIA_UPLOAD = "/api/v2/media"
MEDIA_GET = "/api/v1/media/{id}"
# https://docs.joinmastodon.org/methods/statuses/#create, #source
STATUSES = "/api/v1/statuses"
STATUS_SOURCE = "/api/v1/statuses/{id}/source"
# https://docs.joinmastodon.org/methods/accounts/#statuses (limit at most 40)
ACCOUNT_STATUSES = "/api/v1/accounts/{id}/statuses"
PAGE_SIZE = 40
#: Idempotency keys "are stored for up to 1 hour" (statuses/#create).
IDEMPOTENCY_WINDOW = 3600.0
#: Defaults of a stock server (https://docs.joinmastodon.org/entities/Instance/#configuration).
DEFAULT_LIMITS: dict[str, Any] = {
    "max_characters": 500,
    "characters_reserved_per_url": 23,
    "max_media_attachments": 4,
    "image_size_limit": 16 * 1024 * 1024,
    "video_size_limit": 99 * 1024 * 1024,
    "description_limit": 1500,
    "supported_mime_types": [],  # empty: unknown, do not judge
}
_MEDIA_KEY = "mastodon:media:{sha}"
_SENT_KEY = "mastodon:sent_at"
_DONE_KEY = "mastodon:published"


class MastodonAdapter(BaseAdapter):
    NAME = "mastodon"
    DISPLAY_NAME = "Mastodon"
    RULES = "mastodon"
    DEFAULT_SERVER = None  # every account names its own instance
    CAPABILITIES = Capabilities(
        alt_text=True, video=True, language_tags=True, async_media=True, idempotency="key"
    )
    SECRET = SecretSpec(
        "access token",
        help=(
            "On your server: Preferences > Development > New application, scopes "
            "write:statuses write:media read:accounts read:statuses; copy 'Your access token'."
        ),
    )

    #: Seconds between processing polls and the most to wait for one file (tests shrink them).
    POLL_INTERVAL: ClassVar[float] = 1.0
    PROCESSING_TIMEOUT: ClassVar[float] = 600.0
    #: Read timeout while a file is sent (seconds).
    UPLOAD_TIMEOUT: ClassVar[float] = 600.0
    #: How far back reconcile looks before the first attempt (clock skew between us and the
    #: server) and how many pages of the account's statuses it reads at most.
    RECONCILE_SKEW: ClassVar[float] = 600.0
    RECONCILE_PAGES: ClassVar[int] = 5

    def __init__(self, account, context) -> None:
        super().__init__(account, context)
        self._limits: dict[str, Any] | None = None
        self._instance_domain: str | None = None

    # -- plumbing --------------------------------------------------------------------------
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.ctx.credentials.secret}"}

    def _api(self, method: str, path: str, *, what: str, auth: bool = True, **kw: Any):
        """One call; a 429 waits until ``X-RateLimit-Reset`` (Mastodon sends no Retry-After)."""
        headers = {**(self._auth() if auth else {}), **kw.pop("headers", {})}
        ok = kw.pop("ok", None) or (lambda r: 200 <= r.status_code < 300)
        resp = self.call(
            method,
            path,
            what=what,
            headers=headers,
            ok=lambda r: ok(r) or r.status_code == 429,
            **kw,
        )
        if resp.status_code == 429:
            said = http.platform_message(resp)
            wait = http.retry_after(resp.headers.get("Retry-After"))
            if wait is None:
                wait = _seconds_until(resp.headers.get("X-RateLimit-Reset"))
            raise RateLimitedError(
                f"{what}: HTTP 429 ({said}); the server asked to slow down",
                retry_after=wait,
                platform_message=said,
                status=429,
            )
        return resp

    # -- limits ----------------------------------------------------------------------------
    def limits(self) -> dict[str, Any]:
        """This server's limits (fetched once per adapter), stock defaults where it is silent."""
        if self._limits is None:
            try:
                body = self._api("GET", INSTANCE, what="Mastodon instance", auth=False).json()
            except AdapterError as exc:
                if exc.status != 404:
                    raise
                body = self._api("GET", INSTANCE_V1, what="Mastodon instance", auth=False).json()
            conf = body.get("configuration") or {}
            self._instance_domain = body.get("domain") or body.get("uri")
            statuses = conf.get("statuses") or {}
            media = conf.get("media_attachments") or {}
            limits = dict(DEFAULT_LIMITS)
            for src, names in (
                (
                    statuses,
                    ("max_characters", "characters_reserved_per_url", "max_media_attachments"),
                ),
                (media, ("image_size_limit", "video_size_limit", "description_limit")),
            ):
                for name in names:
                    if isinstance(src.get(name), int):
                        limits[name] = src[name]
            if isinstance(media.get("supported_mime_types"), list):
                limits["supported_mime_types"] = list(media["supported_mime_types"])
            self._limits = limits
        return self._limits

    def server_limits(self) -> dict[str, int]:
        lim = self.limits()
        return {k: lim[k] for k in ("max_characters", "characters_reserved_per_url")}

    # -- protocol --------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        me = self._api("GET", VERIFY, what="Mastodon verify credentials").json()
        limits = self.limits()
        domain = self._instance_domain or urlsplit(self.server).hostname
        return AccountInfo(
            handle=f"@{me.get('username') or me.get('acct')}@{domain}",
            display_name=me.get("display_name") or None,
            url=me.get("url"),
            limits=limits,
        )

    def prepare(self, request: PublishRequest) -> list[str]:
        lim = self.limits()
        counted = count_text("mastodon", request.text, server=self.server_limits())
        problems = [f"text: {p}" for p in counted.problems]
        if not request.text.strip() and not request.media:
            problems.append("text: a Mastodon post needs text or media")
        photos = [m for m in request.media if m.kind == "photo"]
        videos = [m for m in request.media if m.kind == "video"]
        if len(request.media) > lim["max_media_attachments"]:
            problems.append(
                f"{len(request.media)} media, this server takes {lim['max_media_attachments']}"
            )
        if videos and (photos or len(videos) > 1):
            problems.append(
                "a Mastodon post takes photos or a single video, not both or two videos"
            )
        mimes = lim["supported_mime_types"]
        for m in request.media:
            if mimes and m.mime not in mimes:
                problems.append(f"{m.path.name}: this server does not take {m.mime}")
            cap = lim["image_size_limit" if m.kind == "photo" else "video_size_limit"]
            size = m.path.stat().st_size
            if size > cap:
                problems.append(f"{m.path.name}: {size} bytes, over this server's {cap}")
            if len(m.alt) > lim["description_limit"]:
                problems.append(
                    f"{m.path.name}: alt text of {len(m.alt)} characters, "
                    f"over this server's {lim['description_limit']}"
                )
        return problems

    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        memo_key = _MEDIA_KEY.format(sha=media.sha256)
        media_id = self.ctx.recall(memo_key)
        if media_id is not None and not self._still_there(media_id):
            media_id = None  # cleaned up, or attached by an attempt that reconcile ruled out
        if media_id is None:
            self.ctx.progress(0.0, f"uploading {media.path.name}")
            resp = self._api(
                "POST",
                MEDIA_UPLOAD,
                what=f"Mastodon upload {media.path.name}",
                files={"file": (media.path.name, media.data(), media.mime)},
                data={"description": media.alt} if media.alt else {},
                timeout=(10.0, self.UPLOAD_TIMEOUT),
            )
            body = resp.json()
            media_id = str(body["id"])
            self.ctx.remember(memo_key, media_id)
            if resp.status_code == 200 and body.get("url"):
                self.ctx.progress(1.0, f"{media.path.name} ready")
                return UploadedMedia(ref=media_id, media=media)
        self._wait_processed(media_id, media)
        return UploadedMedia(ref=media_id, media=media)

    def _still_there(self, media_id: str) -> bool:
        try:
            self._api(
                "GET",
                MEDIA_GET.format(id=media_id),
                what="Mastodon media status",
                ok=lambda r: r.status_code in (200, 206),
            )
        except AdapterError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def _wait_processed(self, media_id: str, media: MediaFile) -> None:
        deadline = time.monotonic() + self.PROCESSING_TIMEOUT
        while True:
            self.ctx.check_cancelled()
            resp = self._api(
                "GET",
                MEDIA_GET.format(id=media_id),
                what=f"Mastodon processing {media.path.name}",
                ok=lambda r: r.status_code in (200, 206),
            )
            if resp.status_code == 200 and resp.json().get("url"):
                self.ctx.progress(1.0, f"{media.path.name} ready")
                return
            if time.monotonic() > deadline:
                raise TransientError(
                    f"Mastodon is still processing {media.path.name} after "
                    f"{self.PROCESSING_TIMEOUT:.0f} s; the next attempt keeps waiting for it"
                )
            self.ctx.progress(0.5, f"{media.path.name}: the server is processing it")
            self.ctx.sleep(self.POLL_INTERVAL)

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        data: dict[str, Any] = {"status": request.text, "visibility": "public"}
        if uploads:
            data["media_ids[]"] = [str(u.ref) for u in uploads]
        lang = _language(request)
        if lang:
            data["language"] = lang
        if self.ctx.recall(_SENT_KEY) is None:
            self.ctx.remember(_SENT_KEY, time.time())
        resp = self._api(
            "POST",
            STATUSES,
            what="Mastodon post",
            data=data,
            headers={"Idempotency-Key": request.key},
        )
        published = _published(resp.json())
        self.ctx.remember(_DONE_KEY, {"id": published.remote_id, "url": published.url})
        return published

    def reconcile(self, request: PublishRequest) -> Published | None:
        done = self.ctx.recall(_DONE_KEY)
        if done:
            return Published(remote_id=done["id"], url=done.get("url"))
        sent_at = self.ctx.recall(_SENT_KEY)
        if sent_at is None:
            return None  # no attempt ever reached the create call
        try:
            return self._look_up(request, float(sent_at))
        except AuthError as exc:
            if exc.status != 403:
                raise
            raise AuthError(
                "Mastodon: checking for an earlier post needs the read:statuses scope; create "
                "a token with write:statuses write:media read:accounts read:statuses and add "
                "the account again",
                platform_message=exc.platform_message,
                status=403,
            ) from None

    def _look_up(self, request: PublishRequest, sent_at: float) -> Published | None:
        me = self._api("GET", VERIFY, what="Mastodon verify credentials").json()
        since = sent_at - self.RECONCILE_SKEW
        media_ids = {self.ctx.recall(_MEDIA_KEY.format(sha=m.sha256)) for m in request.media} - {
            None
        }
        max_id: str | None = None
        for _page in range(self.RECONCILE_PAGES):
            params: dict[str, Any] = {"limit": PAGE_SIZE, "exclude_reblogs": "true"}
            if max_id:
                params["max_id"] = max_id
            page = self._api(
                "GET",
                ACCOUNT_STATUSES.format(id=me["id"]),
                what="Mastodon look-up of recent posts",
                params=params,
            ).json()
            for status in page:
                if _created(status) < since:
                    return None  # older than the first attempt: the post is not there
                if self._same_post(status, request, media_ids):
                    found = _published(status)
                    self.ctx.remember(_DONE_KEY, {"id": found.remote_id, "url": found.url})
                    return found
            if len(page) < PAGE_SIZE:
                return None
            max_id = page[-1]["id"]
        raise UncertainError(
            f"more than {self.RECONCILE_PAGES * PAGE_SIZE} posts on this account since the "
            "interrupted attempt; check the account and confirm in the outbox"
        )

    def _same_post(self, status: dict, request: PublishRequest, media_ids: set[str]) -> bool:
        attached = {str(a["id"]) for a in status.get("media_attachments") or ()}
        if len(attached) != len(request.media):
            return False
        if media_ids and not media_ids <= attached:
            return False
        source = self._api(
            "GET", STATUS_SOURCE.format(id=status["id"]), what="Mastodon post source"
        ).json()
        return (source.get("text") or "").strip() == request.text.strip()


def _language(request: PublishRequest) -> str | None:
    """ISO 639 code from the first BCP 47 tag ("fr-FR" -> "fr"), else the account's default."""
    tag = (request.langs[0] if request.langs else None) or request.account.lang
    if not tag:
        return None
    primary = tag.replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _published(status: dict) -> Published:
    return Published(
        remote_id=str(status["id"]),
        url=status.get("url"),
        extra={"uri": status.get("uri"), "language": status.get("language")},
    )


def _created(status: dict) -> float:
    when = datetime.fromisoformat(status["created_at"].replace("Z", "+00:00"))
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _seconds_until(reset: str | None) -> float | None:
    """Seconds until ``X-RateLimit-Reset``, an ISO 8601 time (docs.joinmastodon.org/api/rate-limits)."""
    if not reset:
        return None
    try:
        when = datetime.fromisoformat(reset.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - time.time())
