"""LinkedIn through the versioned REST Posts, Images and Videos APIs (Community Management).

Exactly-once. ``POST /rest/posts`` takes no idempotency key, so a lost answer is settled by
looking: before the first create call the time is ``remember``-ed, and ``reconcile`` lists the
author's recent posts (``GET /rest/posts?q=author``, newest first) and matches the exact
commentary we sent (in LinkedIn's "little" text format) and the number of media created since
then. LinkedIn itself also refuses a repeat of recent identical content with HTTP 422
"Content is a duplicate of urn:li:share:..."; after an attempt with an unknown outcome that
refusal names our earlier post, and ``publish`` returns it.

Commentary is "little" text: the reserved characters ``| { } @ [ ] ( ) < > # \\ * _ ~`` are
backslash-escaped, and hashtags become ``{hashtag|#|tag}`` templates so they stay hashtags.
Media: images through ``/rest/images?action=initializeUpload`` and a PUT of the bytes; videos
through ``/rest/videos?action=initializeUpload`` (one PUT per upload instruction, the ETags
collected for ``finalizeUpload``), then polled until ``AVAILABLE``. Image and video URNs are
remembered, so a crash does not upload them again.

Docs: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api ,
.../shares/images-api , .../shares/videos-api , .../shares/multiimage-post-api ,
.../shares/little-text-format , https://learn.microsoft.com/en-us/linkedin/shared/
authentication/authorization-code-flow , https://learn.microsoft.com/en-us/linkedin/shared/
api-guide/concepts/error-handling
"""

from __future__ import annotations

import re
import time
from typing import Any, ClassVar
from urllib.parse import quote

import requests

from studio.publish import http
from studio.publish.oauth import OAuthAdapter, OAuthProvider
from studio.publish.protocol import (
    Account,
    AccountInfo,
    AdapterError,
    Capabilities,
    MediaFile,
    Published,
    PublishRequest,
    RejectedError,
    SecretSpec,
    TransientError,
    UploadedMedia,
)

LI_DOCS = "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/"
# https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
OAUTH = OAuthProvider(
    authorize_url="https://www.linkedin.com/oauth/v2/authorization",
    token_url="https://www.linkedin.com/oauth/v2/accessToken",
    scopes=("openid", "profile", "w_member_social"),
    pkce="none",  # LinkedIn's standard 3-legged flow has no PKCE; the client secret binds it
    client_secret="required",
    docs="https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow",
)
#: Monthly API versions are supported for a year (versioning page); an account may override
#: it with the option api_version=YYYYMM.
API_VERSION = "202609"
#: little text: reserved characters (little-text-format page).
RESERVED = set("|{}@[]()<>#\\*_~")
HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
RECONCILE_SLACK_MS = 120_000
DUPLICATE = re.compile(r"duplicate of (urn:li:(?:share|ugcPost):\d+)")


def little_text(text: str) -> str:
    """``text`` as LinkedIn's little format: plain characters escaped, hashtags as templates."""
    out: list[str] = []
    pos = 0
    for m in HASHTAG.finditer(text):
        out.append(_escape(text[pos : m.start()]))
        out.append("{hashtag|#|" + _escape(m.group(1)) + "}")
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def _escape(s: str) -> str:
    return "".join("\\" + c if c in RESERVED else c for c in s)


class LinkedInAdapter(OAuthAdapter):
    NAME = "linkedin"
    DISPLAY_NAME = "LinkedIn"
    RULES = "linkedin"
    DEFAULT_SERVER = "https://api.linkedin.com"
    OAUTH = OAUTH
    CAPABILITIES = Capabilities(
        alt_text=True, video=True, async_media=True, idempotency="lookup", oauth=True
    )
    SECRET = SecretSpec(
        "OAuth sign-in (browser)",
        help="Create an app at linkedin.com/developers with 'Sign In with LinkedIn using "
        "OpenID Connect' and 'Share on LinkedIn'; redirect URL http://127.0.0.1:PORT/callback; "
        "options client_id, redirect_port=PORT and, for a page, author=urn:li:organization:ID",
        json_fields=("client_id", "client_secret", "access_token", "token_url"),
    )
    POLL_SECONDS: ClassVar[float] = 3.0
    POLL_LIMIT: ClassVar[int] = 200

    @classmethod
    def oauth_provider(cls, account: Account) -> OAuthProvider:
        provider = super().oauth_provider(account)
        if (account.options.get("author") or "").startswith("urn:li:organization:"):
            from dataclasses import replace

            return replace(provider, scopes=(*provider.scopes, "w_organization_social"))
        return provider

    def api(self, method: str, path_or_url: str, **kw: Any) -> requests.Response:
        headers = {
            "LinkedIn-Version": self.account.options.get("api_version") or API_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
            **(kw.pop("headers", None) or {}),
        }
        return super().api(method, path_or_url, headers=headers, **kw)

    def error_for(self, resp: requests.Response, what: str) -> AdapterError:
        said = http.platform_message(resp)
        if resp.status_code == 422 and DUPLICATE.search(said):
            return RejectedError(
                f"{what}: LinkedIn refuses a repeat of a recent post",
                platform_message=said,
                status=422,
            )
        return http.classify(resp, what)

    # -- who ----------------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        me = self.api("GET", "/v2/userinfo", what="checking the LinkedIn account").json()
        return AccountInfo(
            handle=me.get("name") or me["sub"],
            display_name=me.get("name"),
            url=None,
        )

    def author(self) -> str:
        given = (self.account.options.get("author") or "").strip()
        if given:
            return given
        known = self.ctx.recall("li:author")
        if not known:
            me = self.api("GET", "/v2/userinfo", what="finding the LinkedIn member").json()
            known = f"urn:li:person:{me['sub']}"
            self.ctx.remember("li:author", known)
        return known

    # -- media --------------------------------------------------------------------------------
    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        key = f"li:media:{media.sha256}"
        done = self.ctx.recall(key)
        if done:
            return UploadedMedia(ref=done, media=media)
        if media.kind == "video":
            urn = self._upload_video(media)
            kind = "videos"
        else:
            urn = self._upload_image(media)
            kind = "images"
        self._wait_available(kind, urn, media)
        self.ctx.remember(key, urn)
        return UploadedMedia(ref=urn, media=media)

    def _upload_image(self, media: MediaFile) -> str:
        what = f"uploading {media.path.name} to LinkedIn"
        init = self.api(
            "POST",
            "/rest/images",
            what=what,
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.author()}},
        ).json()["value"]
        self.api("PUT", init["uploadUrl"], what=what, data=media.data())
        self.ctx.progress(1.0, what)
        return init["image"]

    def _upload_video(self, media: MediaFile) -> str:
        what = f"uploading {media.path.name} to LinkedIn"
        data = media.data()
        init = self.api(
            "POST",
            "/rest/videos",
            what=what,
            params={"action": "initializeUpload"},
            json={
                "initializeUploadRequest": {
                    "owner": self.author(),
                    "fileSizeBytes": len(data),
                    "uploadCaptions": False,
                    "uploadThumbnail": False,
                }
            },
        ).json()["value"]
        parts = init["uploadInstructions"]
        etags = []
        for n, part in enumerate(parts):
            self.ctx.check_cancelled()
            chunk = data[int(part["firstByte"]) : int(part["lastByte"]) + 1]
            resp = self.api(
                "PUT",
                part["uploadUrl"],
                what=f"{what} (part {n + 1} of {len(parts)})",
                data=chunk,
                headers={"Content-Type": "application/octet-stream"},
                timeout=(10.0, 300.0),
            )
            etags.append(resp.headers.get("ETag", "").strip())
            self.ctx.progress((n + 1) / len(parts) * 0.9, what)
        self.api(
            "POST",
            "/rest/videos",
            what=what,
            params={"action": "finalizeUpload"},
            json={
                "finalizeUploadRequest": {
                    "video": init["video"],
                    "uploadToken": init.get("uploadToken", ""),
                    "uploadedPartIds": etags,
                }
            },
        )
        return init["video"]

    def _wait_available(self, kind: str, urn: str, media: MediaFile) -> None:
        what = f"LinkedIn processing {media.path.name}"
        for _ in range(self.POLL_LIMIT):
            got = self.api("GET", f"/rest/{kind}/{quote(urn, safe='')}", what=what).json()
            status = got.get("status")
            if status == "AVAILABLE":
                return
            if status == "PROCESSING_FAILED":
                raise RejectedError(
                    f"{what}: LinkedIn could not process the file",
                    platform_message=got.get("processingFailureReason"),
                )
            self.ctx.sleep(self.POLL_SECONDS)
        raise TransientError(f"{what}: still processing; will try again later")

    # -- post ---------------------------------------------------------------------------------
    def _body(self, request: PublishRequest, uploads: list[UploadedMedia]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "author": self.author(),
            "commentary": little_text(request.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        items = []
        for u in uploads:
            item: dict[str, Any] = {"id": u.ref}
            if u.media.kind == "photo" and u.media.alt:
                item["altText"] = u.media.alt[:4086]
            items.append(item)
        if len(items) == 1:
            body["content"] = {"media": items[0]}
        elif items:
            body["content"] = {"multiImage": {"images": items}}
        return body

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        body = self._body(request, uploads)
        earlier = self.ctx.recall("li:attempt")
        if earlier is None:
            self.ctx.remember("li:attempt", time.time())
        try:
            resp = self.api("POST", "/rest/posts", what="posting to LinkedIn", json=body)
        except RejectedError as exc:
            m = DUPLICATE.search(exc.platform_message or "")
            if earlier is not None and m:
                return _published(m.group(1))
            raise
        urn = resp.headers.get("x-restli-id") or resp.headers.get("x-linkedin-id")
        if not urn:
            raise TransientError("LinkedIn accepted the post but sent no id; checking later")
        return _published(urn)

    def reconcile(self, request: PublishRequest) -> Published | None:
        since = self.ctx.recall("li:attempt")
        if since is None:
            return None
        want = little_text(request.text)
        got = self.api(
            "GET",
            "/rest/posts",
            what="looking for an earlier attempt on LinkedIn",
            params={"q": "author", "author": self.author(), "count": "20", "sortBy": "CREATED"},
            headers={"X-RestLi-Method": "FINDER"},
        ).json()
        for post in got.get("elements") or []:
            created = post.get("createdAt") or post.get("publishedAt") or 0
            if created < float(since) * 1000 - RECONCILE_SLACK_MS:
                continue
            if post.get("commentary") == want and _media_count(post) == len(request.media):
                return _published(post["id"])
        return None


def _media_count(post: dict[str, Any]) -> int:
    content = post.get("content") or {}
    if "multiImage" in content:
        return len(content["multiImage"].get("images") or [])
    return 1 if "media" in content else 0


def _published(urn: str) -> Published:
    return Published(remote_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}")
