"""YouTube through the Data API v3: a resumable upload whose completion *is* the publication.

Exactly-once comes from the resumable session itself. ``upload`` opens the session (the
video's metadata goes with it; nothing exists on YouTube yet) and the session URI is
``remember``-ed; ``publish`` sends the bytes in chunks (multiples of 256 KiB), and the video is
created only when the last byte arrives. After a crash or a lost answer, asking the session
(``PUT`` with ``Content-Range: bytes */TOTAL``) says either "308, I have bytes 0-N" (resume
from N+1: nothing is uploaded twice and no second video can appear) or "200/201, here is the
video" (that is our post). So ``reconcile`` never guesses.

Privacy: the account option ``privacy`` is ``public``, ``unlisted`` or ``private``; the default
is ``private``, the safe choice for an embassy channel (a person flips it to public in YouTube
Studio, or sets privacy=public on the account). Title: the post's title, or else the caption's
first line when it fits (100 characters, no < or >). Thumbnails come from the rendered poster
(thumbnails.set; needs a verified channel, so a refusal is a warning, not a failure).

Docs: https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol ,
https://developers.google.com/youtube/v3/docs/videos/insert ,
https://developers.google.com/youtube/v3/docs/thumbnails/set ,
https://developers.google.com/youtube/v3/docs/channels/list ,
https://developers.google.com/youtube/v3/guides/auth/installed-apps ,
https://developers.google.com/youtube/v3/docs/errors
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import requests

from studio.publish import http
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

# https://developers.google.com/youtube/v3/guides/auth/installed-apps (loopback IP redirect)
OAUTH = OAuthProvider(
    authorize_url="https://accounts.google.com/o/oauth2/v2/auth",
    token_url="https://oauth2.googleapis.com/token",
    scopes=(
        "https://www.googleapis.com/auth/youtube.upload",
        "https://www.googleapis.com/auth/youtube.readonly",
    ),
    extra_params={"access_type": "offline", "prompt": "consent"},  # a refresh token, always
    client_secret="required",  # Google "Desktop app" clients have one (not truly secret)
    redirect_path="/",
    docs="https://developers.google.com/youtube/v3/guides/auth/installed-apps",
)
#: Chunks must be multiples of 256 KiB (resumable upload guide); 8 MiB is a good default.
CHUNK_UNIT = 256 * 1024
CHUNK_BYTES = 32 * CHUNK_UNIT
PRIVACY = ("public", "unlisted", "private")
DEFAULT_PRIVACY = "private"
#: "People & Blogs", YouTube's own default for uploads (videoCategories.list).
DEFAULT_CATEGORY = "22"
TITLE_MAX = 100
#: Daily quota resets at midnight Pacific time (https://developers.google.com/youtube/v3/getting-started#quota).
QUOTA_TZ = ZoneInfo("America/Los_Angeles")
QUOTA_REASONS = ("quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded")


class YouTubeAdapter(OAuthAdapter):
    NAME = "youtube"
    DISPLAY_NAME = "YouTube"
    RULES = "youtube"
    DEFAULT_SERVER = "https://www.googleapis.com"
    OAUTH = OAUTH
    CAPABILITIES = Capabilities(video=True, language_tags=True, idempotency="key", oauth=True)
    SECRET = SecretSpec(
        "OAuth sign-in (browser)",
        help="Create an OAuth client of type 'Desktop app' in Google Cloud Console with the "
        "YouTube Data API v3 enabled; set the option client_id and give the client secret "
        "when asked",
        json_fields=("client_id", "client_secret", "access_token", "token_url"),
    )
    CHUNK: ClassVar[int] = CHUNK_BYTES
    #: In-call resumes after a dropped chunk before leaving it to the outbox's retry.
    RESUMES: ClassVar[int] = 3

    # -- errors -----------------------------------------------------------------------------
    def error_for(self, resp: requests.Response, what: str) -> AdapterError:
        reasons = _reasons(resp)
        if resp.status_code == 403 and any(r in QUOTA_REASONS for r in reasons):
            now = datetime.now(QUOTA_TZ)
            midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=5)
            wait = (midnight - now).total_seconds() if "quotaExceeded" in reasons else None
            return RateLimitedError(
                f"{what}: the YouTube API quota is used up",
                retry_after=wait,
                platform_message=http.platform_message(resp),
                status=403,
            )
        return http.classify(resp, what)

    # -- verify -----------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        got = self.api(
            "GET",
            "/youtube/v3/channels",
            what="checking the YouTube account",
            params={"part": "snippet", "mine": "true"},
        ).json()
        items = got.get("items") or []
        if not items:
            raise AuthError("this Google account has no YouTube channel; create one, sign in again")
        ch = items[0]
        return AccountInfo(
            handle=ch["snippet"].get("customUrl") or ch["snippet"]["title"],
            display_name=ch["snippet"]["title"],
            url=f"https://www.youtube.com/channel/{ch['id']}",
        )

    # -- checks -----------------------------------------------------------------------------
    def title_for(self, request: PublishRequest) -> str | None:
        if request.title and request.title.strip():
            return request.title.strip()
        first = next((line.strip() for line in request.text.splitlines() if line.strip()), "")
        return first if first and len(first) <= TITLE_MAX and not set(first) & set("<>") else None

    def privacy(self) -> str:
        value = (self.account.options.get("privacy") or DEFAULT_PRIVACY).strip().lower()
        if value not in PRIVACY:
            raise AuthError(
                f"account {self.account.name!r}: option privacy={value!r}; use one of "
                + ", ".join(PRIVACY)
            )
        return value

    def prepare(self, request: PublishRequest) -> list[str]:
        problems = super().prepare(request)
        title = self.title_for(request)
        if title is None:
            problems.append(
                "title: YouTube needs a title (at most 100 characters, no < or >); give the "
                "post a title or start the caption with a short first line"
            )
        elif len(title) > TITLE_MAX or set(title) & set("<>"):
            problems.append(f"title: at most {TITLE_MAX} characters and no < or >")
        try:
            self.privacy()
        except AuthError as exc:
            problems.append(exc.message)
        return problems

    # -- the resumable session ----------------------------------------------------------------
    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        """Open the resumable session (nothing is created on YouTube until the last byte)."""
        size = media.path.stat().st_size
        session = self.ctx.recall("yt:session")
        if session and session.get("sha256") == media.sha256:
            return UploadedMedia(ref=session, media=media)
        snippet: dict[str, Any] = {
            "title": self.title_for(request) or "",
            "description": request.text,
            "categoryId": self.account.options.get("category") or DEFAULT_CATEGORY,
        }
        if request.langs:
            snippet["defaultLanguage"] = request.langs[0]
            snippet["defaultAudioLanguage"] = request.langs[0]
        status = {"privacyStatus": self.privacy(), "selfDeclaredMadeForKids": False}
        resp = self.api(
            "POST",
            "/upload/youtube/v3/videos",
            what=f"starting the YouTube upload of {media.path.name}",
            params={"uploadType": "resumable", "part": "snippet,status"},
            json={"snippet": snippet, "status": status},
            headers={"X-Upload-Content-Length": str(size), "X-Upload-Content-Type": media.mime},
        )
        uri = resp.headers.get("Location")
        if not uri:
            raise TransientError("YouTube did not return an upload session; will retry")
        session = {"uri": uri, "size": size, "sha256": media.sha256}
        self.ctx.remember("yt:session", session)
        return UploadedMedia(ref=session, media=media)

    def _ask(self, session: dict[str, Any]) -> tuple[int, dict | None]:
        """(bytes YouTube has, the video if the upload is complete); (-1, None) if expired."""
        resp = self.api(
            "PUT",
            session["uri"],
            what="asking YouTube how much of the video arrived",
            ok=lambda r: r.status_code in (200, 201, 308, 404, 410),
            headers={"Content-Range": f"bytes */{session['size']}", "Content-Length": "0"},
        )
        if resp.status_code in (200, 201):
            return session["size"], resp.json()
        if resp.status_code in (404, 410):
            return -1, None
        return _received(resp), None

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        done = self.ctx.recall("yt:video")
        if done:
            return self._published(done)
        if not uploads:
            raise RejectedError("YouTube posts need a video")
        up = uploads[0]
        session, data = up.ref, up.media.data()
        offset = 0
        if self.ctx.recall("yt:sent"):  # an earlier attempt sent bytes: ask before sending more
            offset, video = self._ask(session)
            if video is not None:
                return self._finish(video, up.media)
            if offset < 0:  # the session expired before completing: no video exists
                self.ctx.remember("yt:session", None)
                self.ctx.remember("yt:sent", False)
                session = self.upload(up.media, request).ref
                offset = 0
        resumes = 0
        while True:
            self.ctx.check_cancelled()
            end = min(offset + self.CHUNK, len(data))
            self.ctx.remember("yt:sent", True)
            try:
                resp = self.api(
                    "PUT",
                    session["uri"],
                    what="uploading the video to YouTube",
                    ok=lambda r: r.status_code in (200, 201, 308, 404, 410),
                    data=data[offset:end],
                    headers={
                        "Content-Range": f"bytes {offset}-{end - 1}/{len(data)}",
                        "Content-Type": up.media.mime,
                    },
                    timeout=(10.0, 300.0),
                )
            except TransientError:
                resumes += 1
                if resumes > self.RESUMES:
                    raise
                offset, video = self._ask(session)  # resume from what actually arrived
                if video is not None:
                    return self._finish(video, up.media)
                if offset < 0:
                    raise TransientError(
                        "the YouTube upload session expired; will restart"
                    ) from None
                continue
            if resp.status_code in (200, 201):
                return self._finish(resp.json(), up.media)
            if resp.status_code in (404, 410):
                # The session expired unfinished, so no video exists; the next attempt asks the
                # session (404 again) and opens a new one.
                raise TransientError("the YouTube upload session expired; the upload restarts")
            offset = _received(resp)
            self.ctx.progress(offset / len(data), "uploading the video to YouTube")

    def _finish(self, video: dict[str, Any], media: MediaFile) -> Published:
        self.ctx.remember("yt:video", {"id": video["id"]})
        warnings = []
        if media.poster is not None:
            try:
                poster = media.poster.read_bytes()
                mime = "image/png" if poster.startswith(b"\x89PNG") else "image/jpeg"
                self.api(
                    "POST",
                    "/upload/youtube/v3/thumbnails/set",
                    what="setting the YouTube thumbnail",
                    params={"videoId": video["id"]},
                    data=poster,
                    headers={"Content-Type": mime},
                )
            except (AdapterError, OSError) as exc:
                warnings.append(f"thumbnail not set: {getattr(exc, 'message', exc)}")
        self.ctx.progress(1.0, "uploaded to YouTube")
        return self._published({"id": video["id"]}, warnings)

    def _published(self, video: dict[str, Any], warnings: list[str] | None = None) -> Published:
        extra: dict[str, Any] = {"privacy": self.privacy()}
        if warnings:
            extra["warnings"] = warnings
        return Published(
            remote_id=video["id"], url=f"https://www.youtube.com/watch?v={video['id']}", extra=extra
        )

    def reconcile(self, request: PublishRequest) -> Published | None:
        done = self.ctx.recall("yt:video")
        if done:
            return self._published(done)
        session = self.ctx.recall("yt:session")
        if not session or not self.ctx.recall("yt:sent"):
            return None  # no byte was sent: no video can exist
        _, video = self._ask(session)
        if video is None:
            return None  # incomplete or expired: publish resumes or restarts the session
        self.ctx.remember("yt:video", {"id": video["id"]})
        return self._published(video)


def _received(resp: requests.Response) -> int:
    """Bytes YouTube holds, from a 308's ``Range: bytes=0-N`` (no header: none yet)."""
    rng = resp.headers.get("Range", "")
    if rng.startswith("bytes=") and "-" in rng:
        return int(rng.split("-")[-1]) + 1
    return 0


def _reasons(resp: requests.Response) -> list[str]:
    try:
        errors = resp.json()["error"].get("errors") or []
    except (ValueError, KeyError, TypeError, AttributeError):
        return []
    return [e.get("reason", "") for e in errors if isinstance(e, dict)]
