"""Telegram: a bot posts to a channel through the Bot API (https://core.telegram.org/bots/api).

Why the calls are shaped this way: a text goes out with ``sendMessage`` (4096 characters), one
photo with ``sendPhoto``, one video with ``sendVideo`` (1024-character caption each), 2-10
files as one album with ``sendMediaGroup`` and the caption on the first item, which Telegram
shows as the album's caption. The text is sent with ``parse_mode=HTML`` after escaping
``<``, ``>`` and ``&`` (https://core.telegram.org/bots/api#html-style), so whatever the author
typed is shown as typed and links stay plain text that Telegram links itself. A caption that
does not fit 1024 characters is refused by :meth:`prepare` (the shared platform rules know the
1024 vs 4096 split); it is never cut or split silently.

There is no upload step: the Bot API takes the files with the send call itself (multipart,
``attach://<name>`` for album items), so :meth:`upload` only hands the file on.

Exactly once: the Bot API has no idempotency key, and a bot cannot read a channel's history.
``getUpdates`` with ``channel_post`` looked like a way to see earlier posts, but Telegram does
not deliver a bot's *own* messages to it as updates (only other admins' posts; see
https://core.telegram.org/bots/faq#what-messages-will-my-bot-get and e.g.
github.com/yagop/node-telegram-bot-api/issues/1005), updates are kept for 24 hours only and
``getUpdates`` fails while a webhook is set. So the adapter keeps to what it can know:
before the send it remembers that an attempt started; an answer from Telegram (any ``ok:
false``, a 429) or a connection that never opened proves nothing was posted and clears that
mark. ``reconcile`` answers ``None`` when no attempt is marked and raises
:class:`UncertainError` when one is (the response was lost): a person looks at the channel.

The token is part of every URL (``/bot<token>/METHOD``). No message built here contains a
URL, exceptions drop the chained ``requests`` error that would show it, and a logging filter
masks the token in urllib3's debug lines.
"""

from __future__ import annotations

import html
import io
import json
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any, ClassVar

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
    RejectedError,
    SecretSpec,
    TransientError,
    UncertainError,
    UploadedMedia,
)

API = "https://core.telegram.org/bots/api"
DEFAULT_SERVER = "https://api.telegram.org"  # API#making-requests
#: sendMediaGroup takes 2-10 items (API#sendmediagroup).
GROUP_MIN, GROUP_MAX = 2, 10
#: "The thumbnail should be in JPEG format and less than 200 kB in size. A thumbnail's width
#: and height should not exceed 320." (API#sendvideo)
THUMB_MAX_SIDE = 320
THUMB_MAX_BYTES = 200_000
#: width + height of a photo at most 10000, ratio at most 20 (API#sendphoto).
PHOTO_MAX_SIDES = 10_000
#: Descriptions that mean the bot lacks its place in the channel, not that the post is bad.
_RIGHTS = (
    "not a member",
    "kicked",
    "need administrator rights",
    "not enough rights",
    "have no rights",
)
_SENT_KEY = "telegram:sending"
_DONE_KEY = "telegram:published"


class _HideBotToken(logging.Filter):
    """urllib3 logs request lines ("POST /bot<token>/sendPhoto") at DEBUG: mask the token."""

    PATTERN = re.compile(r"/bot[^/\s\"']+")

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a malformed record is not ours to fix
            return True
        if "/bot" in text:
            record.msg, record.args = self.PATTERN.sub("/bot<hidden>", text), ()
        return True


_URLLIB3 = logging.getLogger("urllib3.connectionpool")
if not any(isinstance(f, _HideBotToken) for f in _URLLIB3.filters):
    _URLLIB3.addFilter(_HideBotToken())


class TelegramAdapter(BaseAdapter):
    NAME = "telegram"
    DISPLAY_NAME = "Telegram"
    RULES = "telegram"
    DEFAULT_SERVER = DEFAULT_SERVER
    CAPABILITIES = Capabilities(video=True, idempotency="none")
    SECRET = SecretSpec(
        "bot token",
        help=(
            "Create a bot with @BotFather (/newbot) and copy its token; add the bot to your "
            "channel as an administrator with 'Post messages'; set the chat_id option to "
            "@channelname or the channel's -100... id."
        ),
    )
    #: Read timeout for sends that carry files (seconds).
    UPLOAD_TIMEOUT: ClassVar[float] = 600.0

    # -- plumbing --------------------------------------------------------------------------
    @property
    def chat_id(self) -> str:
        chat = (self.account.options.get("chat_id") or "").strip()
        if not chat:
            raise AuthError(
                f"account {self.account.name!r} needs the chat_id option "
                "(@channelname or the channel's -100... id)"
            )
        return chat

    def _api(self, method: str, *, what: str, timeout: Any = http.TIMEOUT, **kw: Any) -> Any:
        """POST one Bot API method; the result, or the protocol error for Telegram's answer."""
        url = f"{self.server}/bot{self.ctx.credentials.secret}/{method}"
        failure: AdapterError | None = None
        try:
            resp = self.call("POST", url, what=what, ok=lambda r: True, timeout=timeout, **kw)
        except AdapterError as exc:
            failure = exc
        if failure is not None:
            # The chained requests exception names the URL, and so the token: drop it.
            failure.__context__ = failure.__cause__ = None
            raise failure
        try:
            body = resp.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or "ok" not in body:
            if 200 <= resp.status_code < 300:
                raise TransientError(f"{what}: Telegram answered something that is not the API")
            raise http.classify(resp, what)
        if body["ok"]:
            return body.get("result")
        raise self._error(resp, body, what)

    def _error(self, resp: Any, body: dict[str, Any], what: str) -> AdapterError:
        code = int(body.get("error_code") or resp.status_code)
        said = str(body.get("description") or resp.reason or "")
        params = body.get("parameters") or {}
        low = said.lower()
        kw = {"platform_message": said, "status": code}
        if code == 429:
            wait = params.get("retry_after")
            if wait is None:
                wait = http.retry_after(resp.headers.get("Retry-After"))
            return RateLimitedError(
                f"{what}: Telegram asked to wait ({said})",
                retry_after=float(wait) if wait is not None else None,
                **kw,
            )
        if code in (401, 404):
            return AuthError(
                f"{what}: Telegram refused the bot token ({said}); get the token from "
                "@BotFather again and update the account",
                **kw,
            )
        if code == 403 or any(w in low for w in _RIGHTS):
            return AuthError(
                f"{what}: {said}. Add the bot to {self.chat_id} as an administrator with the "
                "'Post messages' right, then test the account again",
                **kw,
            )
        if "chat not found" in low:
            return AuthError(
                f"{what}: {said}. Check the account's chat_id ({self.chat_id}): @channelname "
                "for a public channel, the -100... id for a private one",
                **kw,
            )
        if params.get("migrate_to_chat_id"):
            return RejectedError(
                f"{what}: {said}; set the account's chat_id to {params['migrate_to_chat_id']}",
                **kw,
            )
        if code == 413:
            return RejectedError(f"{what}: {said}; the file is too large for a bot", **kw)
        if code >= 500:
            return TransientError(f"{what}: {said}; will retry", **kw)
        return RejectedError(f"{what}: {said}", **kw)

    # -- protocol --------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        me = self._api("getMe", what="Telegram getMe")
        chat = self._api("getChat", what="Telegram getChat", data={"chat_id": self.chat_id})
        member = self._api(
            "getChatMember",
            what="Telegram getChatMember",
            data={"chat_id": self.chat_id, "user_id": me["id"]},
        )
        status = member.get("status")
        can_post = status == "creator" or (
            status == "administrator"
            and (chat.get("type") != "channel" or member.get("can_post_messages"))
        )
        if not can_post:
            raise AuthError(
                f"the bot @{me.get('username')} cannot post in {self.chat_id} (it is "
                f"'{status}'); add it as an administrator with the 'Post messages' right"
            )
        username = chat.get("username")
        return AccountInfo(
            handle=f"@{username}" if username else str(chat.get("title") or chat.get("id")),
            display_name=chat.get("title"),
            url=f"https://t.me/{username}" if username else None,
            limits={"bot": f"@{me.get('username')}", "chat_id": chat.get("id")},
        )

    def prepare(self, request: PublishRequest) -> list[str]:
        problems = super().prepare(request)
        if not request.media and not request.text.strip():
            problems.append("text: a Telegram message without media needs text")
        for m in request.media:
            if m.kind == "photo" and m.width + m.height > PHOTO_MAX_SIDES:
                problems.append(
                    f"{m.path.name}: width + height is {m.width + m.height}, Telegram takes "
                    f"at most {PHOTO_MAX_SIDES}"
                )
        return problems

    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        """Nothing to send yet: the Bot API takes the file with the post itself."""
        self.ctx.progress(1.0, f"{media.path.name} goes out with the post")
        return UploadedMedia(ref={"sha256": media.sha256}, media=media)

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        media = [u.media for u in uploads]
        if len(media) > GROUP_MAX:
            raise RejectedError(f"{len(media)} media; a Telegram album takes {GROUP_MAX}")
        text = html.escape(request.text, quote=False)
        base = {"chat_id": self.chat_id, "parse_mode": "HTML"}
        if not media:
            method, kw = "sendMessage", {"data": {**base, "text": text}}
        elif len(media) == 1:
            method, kw = self._single(media[0], base, text)
        else:
            method, kw = self._album(media, base, text)
        self.ctx.remember(_SENT_KEY, {"method": method, "at": time.time()})
        self.ctx.progress(0.0, "sending to Telegram")
        timeout = (10.0, self.UPLOAD_TIMEOUT) if media else http.TIMEOUT
        try:
            result = self._api(method, what=f"Telegram {method}", timeout=timeout, **kw)
        except AdapterError as exc:
            if _not_sent(exc):
                self.ctx.remember(_SENT_KEY, None)
            raise
        self.ctx.progress(1.0, "sent")
        messages = result if isinstance(result, list) else [result]
        ids = [m["message_id"] for m in messages]
        chat = messages[0].get("chat") or {}
        published = Published(
            remote_id=str(ids[0]),
            url=_link(chat, ids[0]),
            extra={"chat_id": chat.get("id"), "message_ids": ids},
        )
        self.ctx.remember(
            _DONE_KEY, {"id": published.remote_id, "url": published.url, "extra": published.extra}
        )
        return published

    def _single(self, m: MediaFile, base: dict, text: str) -> tuple[str, dict[str, Any]]:
        data: dict[str, Any] = dict(base)
        if text:
            data["caption"] = text
        if m.kind == "photo":
            return "sendPhoto", {"data": data, "files": {"photo": _part(m)}}
        files = {"video": _part(m)}
        data.update(_video_fields(m))
        thumb = _thumbnail(m)
        if thumb is not None:
            files["thumbnail"] = ("thumbnail.jpg", thumb, "image/jpeg")
        return "sendVideo", {"data": data, "files": files}

    def _album(self, media: list[MediaFile], base: dict, text: str) -> tuple[str, dict]:
        items, files = [], {}
        for i, m in enumerate(media):
            name = f"file{i}"
            files[name] = _part(m)
            item: dict[str, Any] = {"type": m.kind, "media": f"attach://{name}"}
            if i == 0 and text:
                item.update(caption=text, parse_mode="HTML")
            if m.kind == "video":
                item.update(_video_fields(m))
                thumb = _thumbnail(m)
                if thumb is not None:
                    files[f"thumb{i}"] = (f"thumb{i}.jpg", thumb, "image/jpeg")
                    item["thumbnail"] = f"attach://thumb{i}"
            items.append(item)
        data = {"chat_id": base["chat_id"], "media": json.dumps(items, ensure_ascii=False)}
        return "sendMediaGroup", {"data": data, "files": files}

    def reconcile(self, request: PublishRequest) -> Published | None:
        done = self.ctx.recall(_DONE_KEY)
        if done:
            return Published(
                remote_id=done["id"], url=done.get("url"), extra=done.get("extra") or {}
            )
        sending = self.ctx.recall(_SENT_KEY)
        if not sending:
            return None  # no send was started, or Telegram answered that it did not post
        when = datetime.fromtimestamp(float(sending["at"]), UTC).strftime("%Y-%m-%d %H:%M UTC")
        raise UncertainError(
            f"the {sending['method']} to {self.chat_id} at {when} got no answer and Telegram "
            "gives bots no way to read their own channel posts; look at the channel and "
            "confirm in the outbox whether it went out"
        )


def _not_sent(exc: AdapterError) -> bool:
    """True when the failure proves the post was not created."""
    if isinstance(exc, TransientError) and not isinstance(exc, RateLimitedError):
        return exc.offline  # 5xx, reset, timeout: it may have posted
    return exc.status is not None  # Telegram answered ok:false (or 429): nothing was posted


def _part(m: MediaFile) -> tuple[str, bytes, str]:
    return (m.path.name, m.data(), m.mime)


def _video_fields(m: MediaFile) -> dict[str, Any]:
    fields: dict[str, Any] = {"supports_streaming": "true", "width": m.width, "height": m.height}
    if m.duration:
        fields["duration"] = max(1, round(m.duration))
    return fields


def _thumbnail(m: MediaFile) -> bytes | None:
    """The poster as Telegram wants a thumbnail: JPEG, <= 320 px a side, < 200 kB."""
    if m.kind != "video" or m.poster is None or not m.poster.is_file():
        return None
    from PIL import Image

    with Image.open(m.poster) as img:
        img = img.convert("RGB")
        img.thumbnail((THUMB_MAX_SIDE, THUMB_MAX_SIDE))
        for quality in (85, 70, 50, 30):
            out = io.BytesIO()
            img.save(out, "JPEG", quality=quality)
            if out.tell() < THUMB_MAX_BYTES:
                return out.getvalue()
    return None


def _link(chat: dict[str, Any], message_id: int) -> str | None:
    """t.me link: /<username>/<id> for public channels, /c/<id without -100>/<id> otherwise."""
    if chat.get("username"):
        return f"https://t.me/{chat['username']}/{message_id}"
    chat_id = str(chat.get("id") or "")
    if chat_id.startswith("-100"):
        return f"https://t.me/c/{chat_id[4:]}/{message_id}"
    return None
