"""Noticeboard: a complete third-party adapter, written against ``studio.api`` only.

The platform is a toy (tests/servers/contract/noticeboard.py documents its API): a bearer
token, ``GET /api/v1/me``, ``POST /api/v1/media`` (raw bytes, alt text in a header),
``POST /api/v1/notices`` (JSON) that honours an ``Idempotency-Key`` header on servers in "key"
mode, and ``GET /api/v1/notices?ref=KEY`` on servers in "lookup" mode. Supporting both makes
every retry safe: the key dedupes where the server can, the lookup finds an earlier notice
where it cannot.

Account options: ``timeout`` (read timeout in seconds, default 30).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from studio.api import (
    AccountInfo,
    AdapterError,
    BaseAdapter,
    Capabilities,
    MediaFile,
    Published,
    PublishRequest,
    SecretSpec,
    UploadedMedia,
)


class NoticeboardAdapter(BaseAdapter):
    NAME = "noticeboard"
    DISPLAY_NAME = "Noticeboard"
    API_VERSIONS = (1,)
    CAPABILITIES = Capabilities(alt_text=True, language_tags=True, idempotency="key")
    SECRET = SecretSpec("access token", help="Settings > Tokens on your noticeboard")
    RULES = "mastodon"  # counts and limits text like Mastodon
    DEFAULT_SERVER = None  # every noticeboard is its own server

    def _kw(self) -> dict[str, Any]:
        read = float(self.account.options.get("timeout", "30"))
        return {
            "headers": {"Authorization": f"Bearer {self.ctx.credentials.secret}"},
            "timeout": (5.0, read),
        }

    def verify(self) -> AccountInfo:
        me = self.call("GET", "/api/v1/me", what="checking the token", **self._kw()).json()
        return AccountInfo(
            handle=me["handle"],
            display_name=me.get("name"),
            url=f"{self.server}/@{me['handle']}",
            limits={"max_characters": me.get("max_chars", 500)},
        )

    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        remembered = self.ctx.recall(f"media:{media.sha256}")
        if remembered:  # uploaded by an earlier attempt of this delivery
            return UploadedMedia(ref=remembered, media=media)
        kw = self._kw()
        kw["headers"].update({"Content-Type": media.mime, "X-Alt-Text": quote(media.alt, safe="")})
        resp = self.call(
            "POST", "/api/v1/media", what=f"uploading {media.path.name}", data=media.data(), **kw
        )
        media_id = resp.json()["id"]
        self.ctx.remember(f"media:{media.sha256}", media_id)
        return UploadedMedia(ref=media_id, media=media)

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        kw = self._kw()
        kw["headers"]["Idempotency-Key"] = request.key
        body = {
            "text": request.text,
            "media_ids": [u.ref for u in uploads],
            "lang": request.langs[0] if request.langs else None,
            "ref": request.key,
        }
        notice = self.call("POST", "/api/v1/notices", what="posting", json=body, **kw).json()
        return Published(remote_id=notice["id"], url=notice["url"])

    def reconcile(self, request: PublishRequest) -> Published | None:
        kw = self._kw()
        resp = self.call(
            "GET",
            "/api/v1/notices",
            what="looking for an earlier notice",
            params={"ref": request.key},
            ok=lambda r: r.status_code in (200, 404),
            **kw,
        )
        if resp.status_code == 404:
            return None  # no lookup on this server: it dedupes on the Idempotency-Key instead
        found = resp.json()
        if not isinstance(found, list):
            raise AdapterError("the noticeboard answered the lookup with something unexpected")
        if not found:
            return None
        return Published(remote_id=found[0]["id"], url=found[0]["url"])
