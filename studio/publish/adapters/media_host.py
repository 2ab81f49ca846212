"""The public media location: where Instagram and Threads fetch a post's files from.

Why it exists: neither API takes file bytes for a normal post. A container names an
``image_url``/``video_url`` and Meta's servers download ("cURL") it, so the file must sit at a
public HTTPS address for the minutes between container creation and publishing. A desktop app
has no such address, so the account names one (docs/adapters.md, "Public media location"):

- ``media_upload = put``: the only mechanism so far. Each file is sent with an HTTP ``PUT`` to
  ``media_put_url`` + ``/<name>`` (a WebDAV folder or any server that stores a PUT body; S3
  needs per-request signatures, so only behind a gateway), and Meta reads it from
  ``media_public_url`` + ``/<name>``. Both may be the
  same URL. When the PUT endpoint needs credentials, the account's secret is a JSON object whose
  ``media_put_authorization`` is the Authorization header value (kept in the keyring only).
- Names are unguessable (delivery key + content hash) and deterministic, so a retry after a
  crash overwrites the same file instead of scattering copies.
- After publishing (or when the post failed for good) the files are deleted with ``DELETE``:
  they are public until then, which the docs tell the user.

Before handing a URL to Meta we read its first bytes back from the public address: a wrong
public prefix then fails here with a message naming the option, not later as Meta's vague
"media download has failed".

Sources: https://developers.facebook.com/docs/instagram-platform/content-publishing
("We cURL media used in publishing attempts, so the media must be hosted on a publicly
accessible server"), https://developers.facebook.com/docs/threads/posts ,
RFC 4918 section 9.7 (WebDAV PUT).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from studio.publish import http
from studio.publish.protocol import AdapterError, AuthError, MediaFile, RejectedError

#: Bytes read back from the public URL to prove it serves what we stored.
CHECK_BYTES = 64 * 1024
#: PUT timeout: (connect, read) seconds; uploads of large videos need the long read.
PUT_TIMEOUT = (10.0, 600.0)
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "video/mp4": "mp4", "video/quicktime": "mov"}
MECHANISMS = ("put",)


@dataclass(frozen=True)
class Hosted:
    name: str
    url: str  # the public URL Meta fetches


class MediaHost:
    """Upload -> public URL, and deletion after publishing, for one account."""

    def __init__(
        self, account_name: str, options: Mapping[str, str], session: Any, auth: str | None
    ):
        self.account_name = account_name
        self.http = session
        self.auth = auth
        how = (options.get("media_upload") or "").strip().lower()
        if not how:
            raise RejectedError(
                f"account {account_name!r} has no public media location: Instagram and Threads "
                "fetch photos and videos from a public URL. Set the options media_upload=put, "
                "media_put_url and media_public_url (see docs/adapters.md)"
            )
        if how not in MECHANISMS:
            raise RejectedError(
                f"account {account_name!r}: media_upload={how!r} is not known; use one of "
                + ", ".join(MECHANISMS)
            )
        self.put_url = self._url(options, "media_put_url")
        self.public_url = (options.get("media_public_url") or self.put_url).rstrip("/")
        if not self.public_url.startswith(("https://", "http://")):
            raise RejectedError(
                f"account {account_name!r}: media_public_url must be an http(s) URL"
            )

    def _url(self, options: Mapping[str, str], name: str) -> str:
        value = (options.get(name) or "").strip().rstrip("/")
        if not value.startswith(("https://", "http://")):
            raise RejectedError(
                f"account {self.account_name!r}: the option {name} must be the http(s) URL of "
                "the folder that receives the files (see docs/adapters.md)"
            )
        return value

    @staticmethod
    def name_for(key: str, media: MediaFile) -> str:
        ext = EXTENSIONS.get(media.mime, media.path.suffix.lstrip(".") or "bin")
        return f"hs-{key[:32]}-{media.sha256[:16]}.{ext}"

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.auth:
            headers["Authorization"] = self.auth
        return headers

    def upload(self, key: str, media: MediaFile) -> Hosted:
        """Store the file and prove the public URL serves it; the URL to give Meta."""
        name = self.name_for(key, media)
        data = media.data()
        try:
            http.request(
                self.http,
                "PUT",
                f"{self.put_url}/{quote(name)}",
                what=f"store {media.path.name} at the public media location (media_put_url)",
                data=data,
                headers=self._headers({"Content-Type": media.mime}),
                timeout=PUT_TIMEOUT,
            )
        except AuthError as exc:
            raise AuthError(
                f"{exc.message.split(';')[0]}; the media_put_url server refused the "
                "credentials: store its Authorization value as media_put_authorization in the "
                "account's secret (see docs/adapters.md)",
                status=exc.status,
            ) from None
        hosted = Hosted(name, f"{self.public_url}/{quote(name)}")
        self._check_public(hosted, data[:CHECK_BYTES], media)
        return hosted

    def _check_public(self, hosted: Hosted, head: bytes, media: MediaFile) -> None:
        what = f"read {media.path.name} back from media_public_url"
        try:
            resp = http.request(self.http, "GET", hosted.url, what=what, stream=True)
        except AdapterError as exc:
            if exc.retryable:
                raise
            raise RejectedError(
                f"{exc.message}; check that media_public_url is the public address of "
                "media_put_url's folder",
                status=exc.status,
            ) from None
        try:
            got = b""
            for chunk in resp.iter_content(16384):
                got += chunk
                if len(got) >= len(head):
                    break
        finally:
            resp.close()
        if got[: len(head)] != head:
            raise RejectedError(
                f"{what}: the public URL serves different bytes than were stored; check that "
                "media_public_url matches media_put_url"
            )

    def delete(self, names: list[str]) -> list[str]:
        """Delete hosted files; the names that could not be deleted (left public)."""
        left: list[str] = []
        for name in names:
            try:
                http.request(
                    self.http,
                    "DELETE",
                    f"{self.put_url}/{quote(name)}",
                    what="delete a published file from the public media location",
                    ok=lambda r: r.status_code < 300 or r.status_code in (404, 410),
                    headers=self._headers(),
                )
            except AdapterError:
                left.append(name)
        return left
