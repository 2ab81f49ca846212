"""A Telegram Bot API server on loopback, as https://core.telegram.org/bots/api documents it.

What it holds to: the token in the path (``/bot<token>/METHOD``; 401 "Unauthorized" for a
revoked token, 404 for a malformed one), parameters by query string, urlencoded form, JSON or
multipart (https://core.telegram.org/bots/api#making-requests), every answer shaped
``{"ok": ..., "result" | "error_code", "description", "parameters"}`` with the HTTP status equal
to ``error_code``, HTML parse mode parsed like tdlib does (only the supported tags, the four
named entities and numeric ones; anything else is "can't parse entities"), the lengths counted
after entity parsing (4096 for a message, 1024 for a caption), 2-10 items in a media group
with ``attach://<name>`` pointing at multipart parts, channel membership (403 "bot is not a
member of the channel chat", 400 "need administrator rights in the channel chat") and 429 with
``parameters.retry_after`` and no Retry-After header.

Every sent message, with the exact file bytes and thumbnail, stays on the object for asserts.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import time
from typing import Any

from contract.base import ContractServer, Request, Response, route

TOKEN = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
CHANNEL_ID = -1001234567890
_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class ParseError(ValueError):
    pass


def parse_html(text: str) -> str:
    """The plain text Telegram shows for an HTML-mode text (tags dropped, entities decoded)."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "&":
            m = re.match(r"&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);", text[i:])
            if m:
                name = m.group(1)
                if name.startswith("#x"):
                    out.append(chr(int(name[2:], 16)))
                elif name.startswith("#"):
                    out.append(chr(int(name[1:])))
                elif name in _NAMED:
                    out.append(_NAMED[name])
                else:
                    out.append(m.group(0))  # unknown named entities stay as typed
                i += len(m.group(0))
                continue
            out.append(ch)
            i += 1
            continue
        if ch == "<":
            offset = len(text[:i].encode())
            end = text.find(">", i)
            if end < 0:
                raise ParseError(f"Unclosed start tag at byte offset {offset}")
            inner = text[i + 1 : end]
            closing = inner.startswith("/")
            name = (inner[1:] if closing else inner).split(" ")[0].strip().lower()
            if name not in _TAGS:
                kind = "end" if closing else "start"
                raise ParseError(f'Unsupported {kind} tag "{name}" at byte offset {offset}')
            if closing:
                if not stack or stack[-1] != name:
                    raise ParseError(f'Unmatched end tag at byte offset {offset}, expected "</'
                                     f'{stack[-1] if stack else ""}>", found "</{name}>"')  # fmt: skip
                stack.pop()
            else:
                stack.append(name)
            i = end + 1
            continue
        out.append(ch)
        i += 1
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class TelegramError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


class TelegramServer(ContractServer):
    def __init__(self) -> None:
        super().__init__()
        self.token = TOKEN
        self.revoked: set[str] = set()
        self.bot = {
            "id": int(TOKEN.split(":")[0]),
            "is_bot": True,
            "first_name": "Maridia Culture",
            "username": "maridia_culture_bot",
        }
        self.chat = {
            "id": CHANNEL_ID,
            "type": "channel",
            "title": "Maridia Heritage",
            "username": "maridiaheritage",
        }
        #: The bot's place in the channel: "administrator", "member" or "left".
        self.bot_status = "administrator"
        self.can_post = True
        self.max_upload = 50 * 1024 * 1024  # "Bots can currently send files of up to 50 MB"
        self.messages: list[dict[str, Any]] = []
        self._ids = itertools.count(101)
        self._groups = itertools.count(13_000_000_000_000_001)

    # -- test helpers -------------------------------------------------------------------------
    def flood(self, method: str, seconds: int, times: int = 1) -> None:
        """Answer 429 the way the Bot API does: retry_after in the body, no Retry-After header."""
        self.fault(
            "POST",
            rf"/bot[^/]+/{method}",
            "status",
            times=times,
            status=429,
            body={
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {seconds}",
                "parameters": {"retry_after": seconds},
            },
        )

    # -- dispatch -----------------------------------------------------------------------------
    @route("GET", r"/bot(?P<token>[^/]*)/(?P<method>[A-Za-z]+)")
    def call_get(self, req: Request) -> Response:
        return self._method(req)

    @route("POST", r"/bot(?P<token>[^/]*)/(?P<method>[A-Za-z]+)")
    def call_post(self, req: Request) -> Response:
        return self._method(req)

    def _method(self, req: Request) -> Response:
        token = req.params["token"]
        try:
            if ":" not in token:
                raise TelegramError(404, "Not Found")
            if token != self.token or token in self.revoked:
                raise TelegramError(401, "Unauthorized")
            handler = getattr(self, "m_" + req.params["method"].lower(), None)
            if handler is None:
                raise TelegramError(404, "Not Found")
            params, files = self._params(req)
            result = handler(params, files)
        except TelegramError as err:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": err.code,
                "description": err.description,
            }
            if err.parameters:
                body["parameters"] = err.parameters
            return Response(err.code, body)
        return Response(200, {"ok": True, "result": result})

    def _params(self, req: Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        params: dict[str, Any] = {k: v[0] for k, v in req.query.items()}
        files: dict[str, tuple[str, bytes]] = {}
        ctype = req.headers.get("content-type", "")
        if len(req.body) > self.max_upload:
            raise TelegramError(413, "Request Entity Too Large")
        if ctype.startswith("application/json"):
            params.update(req.json() or {})
        elif ctype.startswith("application/x-www-form-urlencoded"):
            params.update({k: v[0] for k, v in req.form().items()})
        elif ctype.startswith("multipart/form-data"):
            for name, (filename, data) in req.multipart().items():
                if filename is None:
                    params[name] = data.decode()
                else:
                    files[name] = (filename, data)
        return params, files

    # -- chats --------------------------------------------------------------------------------
    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = str(params.get("chat_id", "")).strip()
        if not chat_id:
            raise TelegramError(400, "Bad Request: chat_id is empty")
        if chat_id.lstrip("-").isdigit() and int(chat_id) == self.chat["id"]:
            return self.chat
        if chat_id.lower() == "@" + self.chat["username"].lower():
            return self.chat
        raise TelegramError(400, "Bad Request: chat not found")

    def _can_post(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        if self.bot_status == "left":
            raise TelegramError(403, "Forbidden: bot is not a member of the channel chat")
        if self.bot_status != "administrator" or not self.can_post:
            raise TelegramError(400, "Bad Request: need administrator rights in the channel chat")
        return chat

    def m_getme(self, params, files) -> Any:
        return self.bot

    def m_getchat(self, params, files) -> Any:
        return {**self._chat(params), "description": "Heritage of Maridia", "accent_color_id": 1}

    def m_getchatmember(self, params, files) -> Any:
        self._chat(params)
        if str(params.get("user_id")) != str(self.bot["id"]):
            raise TelegramError(400, "Bad Request: PARTICIPANT_ID_INVALID")
        member: dict[str, Any] = {"user": self.bot, "status": self.bot_status}
        if self.bot_status == "administrator":
            member.update(can_post_messages=self.can_post, can_edit_messages=True)
        return member

    # -- sending ------------------------------------------------------------------------------
    def _text(self, params: dict[str, Any], field: str, limit: int, too_long: str) -> str:
        raw = params.get(field) or ""
        mode = (params.get("parse_mode") or "").lower()
        try:
            text = parse_html(raw) if mode == "html" else raw
        except ParseError as exc:
            raise TelegramError(400, f"Bad Request: can't parse entities: {exc}") from None
        if utf16_len(text) > limit:
            raise TelegramError(400, f"Bad Request: {too_long}")
        return text

    def _message(self, chat: dict[str, Any], **fields: Any) -> dict[str, Any]:
        msg = {"message_id": next(self._ids), "date": int(time.time()), "chat": chat, **fields}
        self.messages.append(msg)
        return msg

    def _public(self, msg: dict[str, Any]) -> dict[str, Any]:
        """The Message object as the API returns it (no raw bytes)."""
        out = {
            k: v
            for k, v in msg.items()
            if k not in ("data", "thumbnail_data", "filename", "kind", "raw")
        }
        out["sender_chat"] = msg["chat"]
        if msg["kind"] == "photo":
            out["photo"] = [{"file_id": f"photo-{msg['message_id']}", "width": 90, "height": 67}]
        elif msg["kind"] == "video":
            out["video"] = {"file_id": f"video-{msg['message_id']}", "duration": msg["duration"]}
        return out

    def m_sendmessage(self, params, files) -> Any:
        chat = self._can_post(params)
        if not (params.get("text") or "").strip():
            raise TelegramError(400, "Bad Request: message text is empty")
        text = self._text(params, "text", 4096, "message is too long")
        msg = self._message(chat, kind="text", text=text, raw=params["text"])
        return self._public(msg)

    def _file(self, params, files, field: str) -> tuple[str, bytes]:
        value = params.get(field)
        if isinstance(value, str) and value.startswith("attach://"):
            value = value[len("attach://") :]
            if value not in files:
                raise TelegramError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            return files[value]
        if field in files:
            return files[field]
        if value:
            raise TelegramError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        raise TelegramError(400, f"Bad Request: there is no {field} in the request")

    def _photo(self, chat, item, files, caption_params) -> dict[str, Any]:
        filename, data = self._file(item, files, "media" if "media" in item else "photo")
        try:
            from PIL import Image

            with Image.open(io.BytesIO(data)) as img:
                img.verify()
        except Exception:
            raise TelegramError(400, "Bad Request: IMAGE_PROCESS_FAILED") from None
        caption = self._text(caption_params, "caption", 1024, "message caption is too long")
        return dict(chat=chat, kind="photo", caption=caption, data=data, filename=filename)

    def _video(self, chat, item, files, caption_params) -> dict[str, Any]:
        filename, data = self._file(item, files, "media" if "media" in item else "video")
        caption = self._text(caption_params, "caption", 1024, "message caption is too long")
        thumb = None
        if item.get("thumbnail") or "thumbnail" in files:
            thumb = self._file(item, files, "thumbnail")[1]
        numbers = {}
        for key in ("width", "height", "duration"):
            if item.get(key) not in (None, ""):
                if not str(item[key]).isdigit():
                    raise TelegramError(400, f'Bad Request: field "{key}" must be a number')
                numbers[key] = int(item[key])
        streaming = str(item.get("supports_streaming", "")).lower() == "true"
        return dict(
            chat=chat, kind="video", caption=caption, data=data, filename=filename,
            thumbnail_data=thumb, supports_streaming=streaming, width=numbers.get("width"),
            height=numbers.get("height"), duration=numbers.get("duration"),
        )  # fmt: skip

    def m_sendphoto(self, params, files) -> Any:
        chat = self._can_post(params)
        fields = self._photo(chat, params, files, params)
        return self._public(self._message(**fields))

    def m_sendvideo(self, params, files) -> Any:
        chat = self._can_post(params)
        fields = self._video(chat, params, files, params)
        return self._public(self._message(**fields))

    def m_sendmediagroup(self, params, files) -> Any:
        chat = self._can_post(params)
        try:
            items = json.loads(params.get("media") or "")
        except ValueError:
            raise TelegramError(400, "Bad Request: can't parse media JSON object") from None
        if not isinstance(items, list) or not 2 <= len(items) <= 10:
            raise TelegramError(400, "Bad Request: media must contain 2-10 items")
        prepared = []
        for item in items:
            kind = item.get("type")
            if kind == "photo":
                prepared.append(self._photo(chat, item, files, item))
            elif kind == "video":
                prepared.append(self._video(chat, item, files, item))
            else:
                raise TelegramError(400, f'Bad Request: unsupported media type "{kind}"')
        group = str(next(self._groups))  # all or nothing: validated before anything is stored
        return [self._public(self._message(**f, media_group_id=group)) for f in prepared]
