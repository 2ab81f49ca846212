"""Noticeboard: a toy platform for the third-party adapter example and the outbox fault test.

API (all JSON; every call needs ``Authorization: Bearer <token>``, else 401
``{"error": "invalid token"}``):

``GET /api/v1/me``
    200 ``{"handle", "name", "max_chars"}``.
``POST /api/v1/media``
    Body: the file's raw bytes; ``Content-Type`` its type; ``X-Alt-Text`` the alt text,
    percent-encoded UTF-8. 200 ``{"id", "sha256", "bytes"}``. Empty body: 422.
``POST /api/v1/notices``
    Body ``{"text", "media_ids": [...], "lang", "ref"}``. 200 ``{"id", "url", ...}``.
    Text empty or over ``max_chars`` code points, or an unknown media id: 422
    ``{"error": ...}``. In ``mode="key"`` an ``Idempotency-Key`` seen before returns the
    notice it created, creating nothing; in ``mode="lookup"`` the header is ignored.
``GET /api/v1/notices?ref=KEY``
    ``mode="lookup"`` only: 200, the list of notices whose ``ref`` is KEY. In ``mode="key"``
    there is no lookup: 404.

Browser sign-in (OAuth 2 authorization code, for ``noticeboard-oauth``):

``GET /oauth/authorize?client_id&redirect_uri&state``
    The user "allows" at once: 302 to ``redirect_uri?code=...&state=...``.
``POST /oauth/token`` (form)
    ``grant_type=authorization_code&code&redirect_uri`` or
    ``grant_type=refresh_token&refresh_token``: 200 ``{"access_token", "refresh_token",
    "token_type": "bearer", "expires_in"}``; the new access token is accepted from then on and
    a refresh token works once. Unknown code or refresh token: 400 ``{"error":
    "invalid_grant"}``. ``expire(token)`` makes an access token invalid, as time would.

Chaos (the fault test): ``chaos(seed, rate)`` makes a seeded share of POSTs misbehave: 500 or
503 before handling, 429 with a small ``Retry-After``, a reset before handling
(``drop-before``), the response lost after the notice was created (``drop-after``), or a
delay longer than the client's timeout (the notice is created after the client gave up).
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import threading
from typing import Any
from urllib.parse import unquote

from contract.base import ContractServer, Fault, Request, Response, route


class NoticeboardServer(ContractServer):
    def __init__(
        self,
        *,
        mode: str = "key",
        tokens: tuple[str, ...] = ("nb-token",),
        max_chars: int = 500,
    ):
        if mode not in ("key", "lookup"):
            raise ValueError("mode is 'key' or 'lookup'")
        super().__init__()
        self.mode = mode
        self.tokens = set(tokens)
        self.max_chars = max_chars
        self.notices: list[dict[str, Any]] = []
        self.media: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, dict[str, Any]] = {}
        self._rng: random.Random | None = None
        self._rate = 0.0
        self._delay = 1.0
        self.chaos_log: list[str] = []
        self.codes: dict[str, str] = {}
        self.refresh: set[str] = set()
        self._ids = iter(range(1, 10**9))
        self._id_lock = threading.Lock()

    # -- chaos --------------------------------------------------------------------------------
    def chaos(self, seed: int, rate: float, *, delay: float = 1.0) -> None:
        self._rng = random.Random(seed)
        self._rate = rate
        self._delay = delay

    def calm(self) -> None:
        self._rng = None

    def _take_fault(self, req: Request) -> Fault | None:
        planned = super()._take_fault(req)
        if planned is not None or self._rng is None or req.method != "POST":
            return planned
        with self.lock:
            if self._rng.random() >= self._rate:
                return None
            kind = self._rng.choice(
                ["500", "503", "429", "drop-before", "drop-after", "drop-after", "delay"]
            )
            self.chaos_log.append(f"{req.path} {kind}")
        if kind in ("500", "503"):
            return Fault("POST", "", "status", status=int(kind), body={"error": "overloaded"})
        if kind == "429":
            return Fault(
                "POST",
                "",
                "status",
                status=429,
                body={"error": "slow down"},
                headers={"Retry-After": "1"},
            )
        if kind == "delay":
            return Fault("POST", "", "delay", seconds=self._delay)
        return Fault("POST", "", kind)

    def _send(self, h, resp: Response) -> None:
        # The client gave up waiting (a "delay" fault): that is the point, not an error.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super()._send(h, resp)

    # -- helpers ------------------------------------------------------------------------------
    def _auth(self, req: Request) -> Response | None:
        header = req.headers.get("authorization", "")
        if not header.startswith("Bearer ") or header[7:] not in self.tokens:
            return Response(401, {"error": "invalid token"})
        return None

    def _next_id(self) -> str:
        with self._id_lock:
            return str(next(self._ids))

    def expire(self, token: str) -> None:
        with self.lock:
            self.tokens.discard(token)

    # -- routes -------------------------------------------------------------------------------
    @route("GET", "/oauth/authorize")
    def authorize(self, req: Request):
        redirect, state = req.arg("redirect_uri"), req.arg("state")
        if not redirect or not redirect.startswith("http://127.0.0.1:"):
            return Response(400, {"error": "redirect_uri must be a loopback URL"})
        code = "code-" + self._next_id()
        with self.lock:
            self.codes[code] = redirect
        return Response(302, None, {"Location": f"{redirect}?code={code}&state={state}"})

    @route("POST", "/oauth/token")
    def token(self, req: Request):
        form = {k: v[0] for k, v in req.form().items()}
        with self.lock:
            grant = form.get("grant_type")
            if grant == "authorization_code" and self.codes.pop(form.get("code", ""), None):
                pass
            elif grant == "refresh_token" and form.get("refresh_token") in self.refresh:
                self.refresh.discard(form["refresh_token"])
            else:
                return Response(400, {"error": "invalid_grant"})
            access, refresh = f"at-{self._next_id()}", f"rt-{self._next_id()}"
            self.tokens.add(access)
            self.refresh.add(refresh)
        return {
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "bearer",
            "expires_in": 3600,
        }

    @route("GET", "/api/v1/me")
    def me(self, req: Request):
        return self._auth(req) or {
            "handle": "embassy",
            "name": "Embassy noticeboard",
            "max_chars": self.max_chars,
        }

    @route("POST", "/api/v1/media")
    def upload(self, req: Request):
        denied = self._auth(req)
        if denied:
            return denied
        if not req.body:
            return Response(422, {"error": "empty file"})
        media_id = "m" + self._next_id()
        sha = hashlib.sha256(req.body).hexdigest()
        with self.lock:
            self.media[media_id] = {
                "id": media_id,
                "sha256": sha,
                "bytes": len(req.body),
                "type": req.headers.get("content-type"),
                "alt": unquote(req.headers.get("x-alt-text", "")),
            }
        return {"id": media_id, "sha256": sha, "bytes": len(req.body)}

    @route("POST", "/api/v1/notices")
    def create(self, req: Request):
        denied = self._auth(req)
        if denied:
            return denied
        body = req.json() or {}
        text = body.get("text") or ""
        if not text.strip():
            return Response(422, {"error": "a notice needs text"})
        if len(text) > self.max_chars:
            return Response(422, {"error": f"text is over {self.max_chars} characters"})
        key = req.headers.get("idempotency-key")
        with self.lock:
            unknown = [m for m in body.get("media_ids", []) if m not in self.media]
            if unknown:
                return Response(422, {"error": f"unknown media {unknown}"})
            if self.mode == "key" and key and key in self.by_key:
                return self.by_key[key]
            notice_id = self._next_id()
            notice = {
                "id": notice_id,
                "url": f"{self.url}/notices/{notice_id}",
                "text": text,
                "lang": body.get("lang"),
                "ref": body.get("ref"),
                "media": [self.media[m] for m in body.get("media_ids", [])],
            }
            self.notices.append(notice)
            if self.mode == "key" and key:
                self.by_key[key] = notice
        return notice

    @route("GET", "/api/v1/notices")
    def lookup(self, req: Request):
        denied = self._auth(req)
        if denied:
            return denied
        if self.mode != "lookup":
            return Response(404, {"error": "no lookup on this server"})
        ref = req.arg("ref")
        with self.lock:
            return [n for n in self.notices if n["ref"] == ref]
