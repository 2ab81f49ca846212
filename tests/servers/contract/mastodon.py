"""A Mastodon server on loopback, as the REST API documents it, for the adapter's tests.

Follows https://docs.joinmastodon.org/methods/ (accounts/verify_credentials, instance v2,
media v2 + GET media, statuses, statuses/:id/source, accounts/:id/statuses) and the server's
own behaviour where the docs point to it: OAuth scopes per endpoint (403 "This action is
outside the authorized scopes"), the status length validator (graphemes, each URL counts
``characters_reserved_per_url``, ``@user@domain`` counts as ``@user``), the one-hour
Idempotency-Key store, 422 for media still processing or already attached, and a 429 that
carries X-RateLimit-* headers but no Retry-After (https://docs.joinmastodon.org/api/rate-limits/).

State (accounts, media bytes and alt text, statuses) lives on the object so a test asserts on
what the server actually received. ``clock`` is the server's time, shiftable to expire keys.
"""

from __future__ import annotations

import html
import itertools
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import regex

from contract.base import ContractServer, Request, Response, route

ALL_SCOPES = frozenset(
    {"read:accounts", "read:statuses", "write:statuses", "write:media", "read", "write"}
)
IDEMPOTENCY_TTL = 3600.0
_URL = re.compile(r"https?://[^\s<>\"]+")
_MENTION = re.compile(r"@(\w+)@[\w.-]+\w")


def status_length(text: str, url_length: int) -> int:
    """Mastodon's StatusLengthValidator: graphemes, URLs weighted, remote mentions shortened."""
    text = _URL.sub("x" * url_length, text)
    text = _MENTION.sub(r"@\1", text)
    return len(regex.findall(r"\X", text))


class MastodonServer(ContractServer):
    def __init__(self) -> None:
        super().__init__()
        self.domain = "culture.example"
        self.max_characters = 500
        self.url_length = 23
        self.max_media = 4
        self.image_size_limit = 16 * 1024 * 1024
        self.video_size_limit = 99 * 1024 * 1024
        self.max_body = 200 * 1024 * 1024  # nginx client_max_body_size: 413 above it
        self.mime_types = ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"]
        #: GET /api/v1/media/:id answers 206 this many times for a video before it is ready.
        self.video_polls = 2
        self.clock_offset = 0.0
        self.has_v2_instance = True  # False: a server older than 4.0
        self.accounts: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.statuses: list[dict[str, Any]] = []
        self.idempotency: dict[tuple[str, str], tuple[str, float]] = {}
        self._ids = itertools.count(110_000_000_000_000_001)
        self.add_account("culture", "Maridia Culture", token="masto-token")

    # -- test helpers -------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.clock_offset

    def add_account(self, username: str, display: str, *, token: str, scopes=ALL_SCOPES) -> str:
        acct_id = str(len(self.accounts) + 1)
        self.accounts[acct_id] = {"id": acct_id, "username": username, "display_name": display}
        self.tokens[token] = {"account": acct_id, "scopes": set(scopes)}
        return acct_id

    def revoke(self, token: str) -> None:
        self.tokens.pop(token, None)

    def throttle(self, method: str, path: str, seconds: float, times: int = 1) -> None:
        """Answer 429 like Rack::Attack does: X-RateLimit-Reset, no Retry-After."""
        reset = datetime.now(UTC) + timedelta(seconds=seconds)
        self.fault(
            method,
            path,
            "status",
            times=times,
            status=429,
            body={"error": "Too many requests"},
            headers={
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset.isoformat(timespec="microseconds"),
            },
        )

    def posts_by(self, username: str = "culture") -> list[dict[str, Any]]:
        acct = next(a["id"] for a in self.accounts.values() if a["username"] == username)
        return [s for s in self.statuses if s["account"] == acct]

    # -- auth ---------------------------------------------------------------------------------
    def _auth(self, req: Request, scope: str | None) -> dict[str, Any] | Response:
        header = req.headers.get("authorization", "")
        token = header[7:] if header.startswith("Bearer ") else None
        grant = self.tokens.get(token or "")
        if grant is None:
            return Response(401, {"error": "The access token is invalid"})
        if scope and not grant["scopes"] & {scope, scope.split(":")[0]}:
            return Response(403, {"error": "This action is outside the authorized scopes"})
        return self.accounts[grant["account"]]

    # -- instance -----------------------------------------------------------------------------
    @route("GET", "/api/v1/instance")
    def instance_v1(self, req: Request) -> Any:
        """The pre-4.0 shape: ``uri`` for the domain, the same ``configuration`` block."""
        v2 = self._instance()
        return {"uri": v2["domain"], "title": v2["title"], "configuration": v2["configuration"]}

    @route("GET", "/api/v2/instance")
    def instance(self, req: Request) -> Any:
        if not self.has_v2_instance:
            return Response(404, {"error": "Record not found"})
        return self._instance()

    def _instance(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "title": "Culture Example",
            "version": "4.3.0",
            "configuration": {
                "urls": {"streaming": f"wss://{self.domain}"},
                "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
                "statuses": {
                    "max_characters": self.max_characters,
                    "max_media_attachments": self.max_media,
                    "characters_reserved_per_url": self.url_length,
                },
                "media_attachments": {
                    "supported_mime_types": list(self.mime_types),
                    "description_limit": 1500,
                    "image_size_limit": self.image_size_limit,
                    "image_matrix_limit": 16_777_216,
                    "video_size_limit": self.video_size_limit,
                    "video_frame_rate_limit": 120,
                    "video_matrix_limit": 8_294_400,
                },
            },
        }

    @route("GET", "/api/v1/accounts/verify_credentials")
    def verify(self, req: Request) -> Any:
        acct = self._auth(req, "read:accounts")
        if isinstance(acct, Response):
            return acct
        return {
            **acct,
            "acct": acct["username"],
            "url": f"https://{self.domain}/@{acct['username']}",
            "source": {"privacy": "public", "language": ""},
        }

    # -- media --------------------------------------------------------------------------------
    @route("POST", "/api/v2/media")
    def upload(self, req: Request) -> Any:
        acct = self._auth(req, "write:media")
        if isinstance(acct, Response):
            return acct
        if len(req.body) > self.max_body:
            return Response(413, b"<html><body><h1>413 Request Entity Too Large</h1></body></html>")
        parts = req.multipart()
        if "file" not in parts:
            return Response(422, {"error": "Validation failed: File can't be blank"})
        filename, data = parts["file"]
        mime = self._part_type(req, "file")
        if mime not in self.mime_types:
            return Response(
                422, {"error": "Validation failed: File content type is invalid, File is invalid"}
            )
        video = mime.startswith("video/")
        limit = self.video_size_limit if video else self.image_size_limit
        if len(data) > limit:
            return Response(
                422, {"error": f"Validation failed: File file size must be less than {limit} Bytes"}
            )
        media_id = str(next(self._ids))
        desc = parts.get("description", (None, b""))[1].decode()
        item = {
            "id": media_id,
            "account": acct["id"],
            "filename": filename,
            "mime": mime,
            "bytes": data,
            "description": desc or None,
            "focus": parts.get("focus", (None, b""))[1].decode() or None,
            "polls_left": self.video_polls if video else 0,
            "status_id": None,
        }
        self.media[media_id] = item
        ready = item["polls_left"] == 0
        return Response(200 if ready else 202, self._media_json(item))

    def _part_type(self, req: Request, name: str) -> str:
        m = re.search(
            rb'name="' + name.encode() + rb'"[^\r\n]*\r\nContent-Type: ([^\r\n]+)',
            req.body,
            re.IGNORECASE,
        )
        return m.group(1).decode().strip() if m else ""

    def _media_json(self, item: dict[str, Any]) -> dict[str, Any]:
        ready = item["polls_left"] == 0
        base = f"https://files.{self.domain}/media_attachments/{item['id']}"
        return {
            "id": item["id"],
            "type": "video" if item["mime"].startswith("video/") else "image",
            "url": f"{base}/original" if ready else None,
            "preview_url": f"{base}/small",
            "remote_url": None,
            "description": item["description"],
            "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
        }

    @route("GET", r"/api/v1/media/(?P<id>\d+)")
    def media_status(self, req: Request) -> Any:
        acct = self._auth(req, "write:media")
        if isinstance(acct, Response):
            return acct
        item = self.media.get(req.params["id"])
        if item is None or item["account"] != acct["id"] or item["status_id"] is not None:
            return Response(404, {"error": "Record not found"})
        if item["polls_left"] > 0:
            item["polls_left"] -= 1
            return Response(206, self._media_json({**item, "polls_left": 1}))
        return self._media_json(item)

    # -- statuses -----------------------------------------------------------------------------
    @route("POST", "/api/v1/statuses")
    def create_status(self, req: Request) -> Any:
        acct = self._auth(req, "write:statuses")
        if isinstance(acct, Response):
            return acct
        key = req.headers.get("idempotency-key")
        if key:
            known = self.idempotency.get((acct["id"], key))
            if known and self.now() - known[1] < IDEMPOTENCY_TTL:
                return self._status_json(next(s for s in self.statuses if s["id"] == known[0]))
        form = req.form()
        text = (form.get("status") or [""])[0].strip()
        media_ids = form.get("media_ids[]", [])
        visibility = (form.get("visibility") or ["public"])[0]
        if visibility not in ("public", "unlisted", "private", "direct"):
            return Response(422, {"error": "Validation failed: Visibility is not included"})
        if len(media_ids) > self.max_media:
            return Response(422, {"error": f"Cannot attach more than {self.max_media} files."})
        items = []
        for mid in media_ids:
            item = self.media.get(mid)
            if item is None or item["account"] != acct["id"] or item["status_id"]:
                return Response(
                    422,
                    {"error": f"Media {mid} not found or already attached to another post"},
                )
            if item["polls_left"] > 0:
                return Response(
                    422,
                    {
                        "error": "Cannot attach files that have not finished processing. "
                        "Try again in a moment!"
                    },
                )
            items.append(item)
        kinds = {i["mime"].split("/")[0] for i in items}
        if "video" in kinds and len(items) > 1:
            return Response(
                422, {"error": "Cannot attach a video to a post that already contains images"}
            )
        if not text and not items:
            return Response(422, {"error": "Validation failed: Text can't be blank"})
        if status_length(text, self.url_length) > self.max_characters:
            return Response(
                422,
                {"error": f"Validation failed: Text character limit of {self.max_characters} "
                 "exceeded"},
            )  # fmt: skip
        sid = str(next(self._ids))
        status = {
            "id": sid,
            "account": acct["id"],
            "created_at": self.now(),
            "text": text,
            "language": (form.get("language") or [None])[0],
            "visibility": visibility,
            "media_ids": list(media_ids),
        }
        for item in items:
            item["status_id"] = sid
        self.statuses.append(status)
        if key:
            self.idempotency[(acct["id"], key)] = (sid, self.now())
        return self._status_json(status)

    def _status_json(self, s: dict[str, Any]) -> dict[str, Any]:
        acct = self.accounts[s["account"]]
        rendered = _URL.sub(
            lambda m: (
                f'<a href="{m.group(0)}" rel="nofollow noopener" target="_blank">{m.group(0)}</a>'
            ),
            html.escape(s["text"], quote=False),
        ).replace("\n", "<br />")
        when = datetime.fromtimestamp(s["created_at"], UTC)
        return {
            "id": s["id"],
            "created_at": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "visibility": s["visibility"],
            "language": s["language"],
            "uri": f"https://{self.domain}/users/{acct['username']}/statuses/{s['id']}",
            "url": f"https://{self.domain}/@{acct['username']}/{s['id']}",
            "content": f"<p>{rendered}</p>",
            "account": {"id": acct["id"], "username": acct["username"]},
            "media_attachments": [self._media_json(self.media[m]) for m in s["media_ids"]],
        }

    @route("GET", r"/api/v1/accounts/(?P<id>\d+)/statuses")
    def account_statuses(self, req: Request) -> Any:
        acct = self._auth(req, "read:statuses")
        if isinstance(acct, Response):
            return acct
        limit = min(int(req.arg("limit", "20")), 40)
        max_id = req.arg("max_id")
        mine = [s for s in reversed(self.statuses) if s["account"] == req.params["id"]]
        if max_id:
            mine = [s for s in mine if int(s["id"]) < int(max_id)]
        return [self._status_json(s) for s in mine[:limit]]

    @route("GET", r"/api/v1/statuses/(?P<id>\d+)/source")
    def status_source(self, req: Request) -> Any:
        acct = self._auth(req, "read:statuses")
        if isinstance(acct, Response):
            return acct
        for s in self.statuses:
            if s["id"] == req.params["id"] and s["account"] == acct["id"]:
                return {"id": s["id"], "text": s["text"], "spoiler_text": ""}
        return Response(404, {"error": "Record not found"})
