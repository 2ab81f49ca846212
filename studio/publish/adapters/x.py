"""X (Twitter) through API v2: OAuth 2.0 user context with PKCE, v2 media upload, POST /2/tweets.

Exactly-once. X takes no idempotency key on ``POST /2/tweets``, so a lost response is settled
by looking: before the first create call we ``remember`` the time; ``reconcile`` lists the
account's posts since then (``GET /2/users/:id/tweets``) and matches the exact text (t.co links
expanded back, HTML entities undone, the trailing media link dropped) and the number of media.
X also refuses a second post with identical text ("duplicate content", HTTP 403); after an
attempt whose outcome was unknown that refusal means the first one went out, so ``publish``
then looks the post up instead of failing. A retry that finds nothing within the window posts
again: X's timeline is read-your-writes for the author in practice, and the duplicate refusal
is a second net for text posts.

Media use the v2 endpoints (the v1.1 upload.twitter.com endpoints are retired):
``POST /2/media/upload/initialize`` -> ``/{id}/append`` (multipart, segment_index) ->
``/{id}/finalize``, then ``GET /2/media/upload?command=STATUS`` while ``processing_info``
says so; alt text through ``POST /2/media/metadata``. The media id and the next segment are
remembered, so a crash mid-upload resumes instead of uploading again.

Docs: https://docs.x.com/x-api/media/quickstart/media-upload-chunked ,
https://docs.x.com/x-api/media/initialize-media-upload ,
https://docs.x.com/x-api/media/append-media-upload ,
https://docs.x.com/x-api/media/create-media-metadata ,
https://docs.x.com/x-api/posts/create-post ,
https://docs.x.com/x-api/posts/user-posts-timeline-by-user-id ,
https://docs.x.com/fundamentals/rate-limits ,
https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code
"""

from __future__ import annotations

import html
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import requests

from studio.publish import http
from studio.publish.oauth import OAuthAdapter, OAuthProvider
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
    TransientError,
    UploadedMedia,
)

# https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code
OAUTH = OAuthProvider(
    authorize_url="https://x.com/i/oauth2/authorize",
    token_url="https://api.x.com/2/oauth2/token",
    scopes=("tweet.read", "tweet.write", "users.read", "media.write", "offline.access"),
    client_auth="basic",  # confidential clients: HTTP Basic; public clients: client_id in body
    client_secret="optional",
    docs="https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code",
)
#: APPEND segments: the docs split files into chunks of at most 5 MB (best practices page).
CHUNK_BYTES = 4 * 1024 * 1024
#: Alt text limit: https://docs.x.com/x-api/media/create-media-metadata (1000 characters).
ALT_MAX = 1000
#: How far back reconcile looks before the first attempt (clock skew between us and X).
RECONCILE_SLACK = timedelta(minutes=2)
DUPLICATE = "duplicate content"


class XAdapter(OAuthAdapter):
    NAME = "x"
    DISPLAY_NAME = "X"
    RULES = "x"
    DEFAULT_SERVER = "https://api.x.com"
    OAUTH = OAUTH
    CAPABILITIES = Capabilities(
        alt_text=True,
        video=True,
        async_media=True,
        idempotency="lookup",
        oauth=True,
    )
    SECRET = SecretSpec(
        "OAuth sign-in (browser)",
        help="Create an app at developer.x.com with OAuth 2.0 (type: native app), callback "
        "http://127.0.0.1:PORT/callback; set options client_id and redirect_port=PORT",
        json_fields=("client_id", "access_token", "token_url"),
    )
    CHUNK: ClassVar[int] = CHUNK_BYTES
    #: Upper bound on one wait while X processes a video (X suggests check_after_secs).
    POLL_MAX: ClassVar[float] = 10.0
    POLL_LIMIT: ClassVar[int] = 120

    def server_limits(self) -> dict[str, int] | None:
        # X Premium raises the limit to 25,000: the account says so with max_characters.
        value = self.account.options.get("max_characters")
        return {"max_characters": int(value)} if value else None

    # -- errors -----------------------------------------------------------------------------
    def error_for(self, resp: requests.Response, what: str) -> AdapterError:
        said = http.platform_message(resp)
        if resp.status_code == 429:
            # X sends x-rate-limit-reset (Unix seconds), not Retry-After.
            wait = http.retry_after(resp.headers.get("Retry-After"))
            reset = resp.headers.get("x-rate-limit-reset", "")
            if wait is None and reset.isdigit():
                wait = max(0.0, int(reset) - time.time())
            return RateLimitedError(
                f"{what}: X's rate limit is reached; waiting until it resets",
                retry_after=wait,
                platform_message=said,
                status=429,
            )
        if resp.status_code == 403 and DUPLICATE in said.lower():
            return RejectedError(
                f"{what}: X refuses a post identical to a recent one",
                platform_message=said,
                status=403,
            )
        return http.classify(resp, what)

    # -- verify -----------------------------------------------------------------------------
    def _me(self) -> dict[str, Any]:
        me = self.ctx.recall("x:me")
        if not me:
            me = self.api("GET", "/2/users/me", what="checking the X account").json()["data"]
            self.ctx.remember("x:me", {"id": me["id"], "username": me["username"]})
            me = {"id": me["id"], "username": me["username"], "name": me.get("name")}
        return me

    def verify(self) -> AccountInfo:
        data = self.api("GET", "/2/users/me", what="checking the X account").json()["data"]
        return AccountInfo(
            handle="@" + data["username"],
            display_name=data.get("name"),
            url=f"https://x.com/{data['username']}",
        )

    # -- media ------------------------------------------------------------------------------
    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        key = f"x:media:{media.sha256}"
        state = self.ctx.recall(key) or {}
        if state.get("expires_at", 0) <= time.time() + 600:
            state = {}  # X forgets a media id after expires_after_secs: start afresh
        if state.get("done"):
            return UploadedMedia(ref=state["id"], media=media)
        data = media.data()
        gif = media.mime == "image/gif"
        category = "tweet_video" if media.kind == "video" else "tweet_gif" if gif else "tweet_image"
        what = f"uploading {media.path.name} to X"
        if not state:
            init = self.api(
                "POST",
                "/2/media/upload/initialize",
                what=what,
                json={
                    "media_type": media.mime,
                    "total_bytes": len(data),
                    "media_category": category,
                },
            ).json()["data"]
            state = {
                "id": init["id"],
                "next": 0,
                "expires_at": time.time() + float(init.get("expires_after_secs") or 86400),
            }
            self.ctx.remember(key, state)
        media_id = state["id"]
        chunks = [data[i : i + self.CHUNK] for i in range(0, len(data), self.CHUNK)] or [b""]
        for index in range(state["next"], len(chunks)):
            self.ctx.check_cancelled()
            self.api(
                "POST",
                f"/2/media/upload/{media_id}/append",
                what=f"{what} (part {index + 1} of {len(chunks)})",
                data={"segment_index": str(index)},
                files={"media": ("blob", chunks[index], "application/octet-stream")},
            )
            state = {**state, "next": index + 1}
            self.ctx.remember(key, state)
            self.ctx.progress((index + 1) / len(chunks) * 0.9, what)
        fin = self.api("POST", f"/2/media/upload/{media_id}/finalize", what=what).json()["data"]
        self._wait_processed(media_id, fin.get("processing_info"), what)
        if media.alt and media.kind == "photo":
            self.api(
                "POST",
                "/2/media/metadata",
                what=f"adding alt text to {media.path.name}",
                json={"id": media_id, "metadata": {"alt_text": {"text": media.alt[:ALT_MAX]}}},
            )
        self.ctx.remember(key, {**state, "done": True})
        self.ctx.progress(1.0, what)
        return UploadedMedia(ref=media_id, media=media)

    def _wait_processed(self, media_id: str, info: dict | None, what: str) -> None:
        for _ in range(self.POLL_LIMIT):
            if not info or info.get("state") == "succeeded":
                return
            if info.get("state") == "failed":
                err = info.get("error") or {}
                raise RejectedError(
                    f"{what}: X could not process the file",
                    platform_message=err.get("message") or err.get("name"),
                )
            self.ctx.sleep(min(float(info.get("check_after_secs") or 1), self.POLL_MAX))
            status = self.api(
                "GET",
                "/2/media/upload",
                what=f"{what} (processing)",
                params={"command": "STATUS", "media_id": media_id},
            ).json()["data"]
            info = status.get("processing_info")
            if info and info.get("progress_percent") is not None:
                self.ctx.progress(0.9 + float(info["progress_percent"]) / 1000, what)
        raise TransientError(f"{what}: X is still processing the video; will try again later")

    # -- post -------------------------------------------------------------------------------
    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        body: dict[str, Any] = {"text": request.text}
        if uploads:
            body["media"] = {"media_ids": [str(u.ref) for u in uploads]}
        earlier = self.ctx.recall("x:attempt")
        if earlier is None:
            self.ctx.remember("x:attempt", time.time())
        try:
            resp = self.api("POST", "/2/tweets", what="posting to X", json=body)
        except RejectedError as exc:
            if earlier is not None and DUPLICATE in (exc.platform_message or "").lower():
                found = self.reconcile(request)
                if found is not None:
                    return found
            raise
        data = resp.json()["data"]
        return Published(remote_id=data["id"], url=f"https://x.com/i/status/{data['id']}")

    def reconcile(self, request: PublishRequest) -> Published | None:
        since = self.ctx.recall("x:attempt")
        if since is None:
            return None  # the create call was never sent
        me = self._me()
        start = datetime.fromtimestamp(float(since), UTC) - RECONCILE_SLACK
        resp = self.api(
            "GET",
            f"/2/users/{me['id']}/tweets",
            what="looking for an earlier attempt on X",
            params={
                "max_results": "20",
                "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "tweet.fields": "created_at,attachments,entities,note_tweet",
                "exclude": "retweets,replies",
            },
        ).json()
        want = _norm(request.text)
        for post in resp.get("data") or []:
            count = len((post.get("attachments") or {}).get("media_keys") or [])
            if count == len(request.media) and _posted_text(post) == want:
                return Published(remote_id=post["id"], url=f"https://x.com/i/status/{post['id']}")
        return None


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _posted_text(post: dict[str, Any]) -> str:
    """The text as the author wrote it: X shortens links to t.co and appends a media link."""
    note = post.get("note_tweet") or {}
    text = note.get("text") or post.get("text") or ""
    entities = note.get("entities") or post.get("entities") or {}
    for url in entities.get("urls") or []:
        short = url.get("url") or ""
        if not short:
            continue
        if url.get("media_key"):
            text = text.replace(short, "")
        elif url.get("expanded_url"):
            text = text.replace(short, url["expanded_url"])
    return _norm(html.unescape(text))
