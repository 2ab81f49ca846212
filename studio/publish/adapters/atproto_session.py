"""XRPC calls to a PDS with an app-password session, refreshed once when a token dies.

Why the session lives only in memory: the secret the user stores is the *app password*
(revocable in Settings > App passwords, https://bsky.app/settings/app-passwords), and a
session is one ``createSession`` away. Writing access/refresh JWTs back to the keyring would
replace that secret with short-lived tokens and lose the password the next sign-in needs. So
sessions are cached per process, keyed by server, identifier and a hash of the password (a
changed password never reuses an old session), which also keeps us well inside the PDS's
``createSession`` limits (30 per 5 minutes and 300 per day per account,
https://docs.bsky.app/docs/advanced-guides/rate-limits).

Why our own error reading on top of :func:`studio.publish.http.request`: XRPC answers a dead
token with HTTP 400 and ``{"error": "ExpiredToken" | "InvalidToken"}`` (not 401), and a PDS
rate limit with 429 plus ``RateLimit-Reset`` (epoch seconds) rather than ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests

from studio.publish import http
from studio.publish.protocol import AuthError, Context, RateLimitedError

# https://docs.bsky.app/docs/api/com-atproto-server-create-session and -refresh-session
CREATE_SESSION = "com.atproto.server.createSession"
REFRESH_SESSION = "com.atproto.server.refreshSession"
GET_SESSION = "com.atproto.server.getSession"
#: XRPC error names that mean "this token is no good": refresh once, then sign in again.
TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})


@dataclass
class Session:
    did: str
    handle: str
    access: str
    refresh: str
    pds: str | None = None  # the repository's own PDS (from the DID document), not an entryway


def _pds_endpoint(did_doc: Any) -> str | None:
    """The ``#atproto_pds`` service endpoint of a DID document (https://atproto.com/specs/did)."""
    if not isinstance(did_doc, dict):
        return None
    for service in did_doc.get("service") or []:
        if isinstance(service, dict) and str(service.get("id", "")).endswith("#atproto_pds"):
            return service.get("serviceEndpoint")
    return None


_CACHE: dict[tuple[str, str, str], Session] = {}
_LOCK = threading.Lock()


def error_name(resp: requests.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return ""
    return str(body.get("error") or "") if isinstance(body, dict) else ""


def rate_limit_wait(resp: requests.Response, now: float | None = None) -> float | None:
    """Seconds until the PDS's window resets: ``Retry-After``, else ``RateLimit-Reset``."""
    wait = http.retry_after(resp.headers.get("Retry-After"))
    if wait is not None:
        return wait
    reset = resp.headers.get("RateLimit-Reset", "").strip()
    if reset.isdigit():
        return max(0.0, int(reset) - (time.time() if now is None else now))
    return None


class XrpcClient:
    """``call`` an XRPC method as the account; one refresh (or re-login) on a dead token."""

    def __init__(self, server: str, identifier: str, ctx: Context):
        self.server = server
        self.identifier = identifier
        self.ctx = ctx
        secret_id = hashlib.sha256(ctx.credentials.secret.encode()).hexdigest()
        self._cache_key = (server, identifier.lower(), secret_id)

    # -- sessions ---------------------------------------------------------------------------
    @property
    def session(self) -> Session:
        with _LOCK:
            cached = _CACHE.get(self._cache_key)
        return cached if cached is not None else self.sign_in()

    def sign_in(self) -> Session:
        """A fresh ``createSession`` with the app password (AuthError when it is refused)."""
        body = {"identifier": self.identifier, "password": self.ctx.credentials.secret}
        resp = self._send("POST", CREATE_SESSION, what="Bluesky sign-in", json=body)
        if not resp.ok:
            if resp.status_code in (400, 401) and error_name(resp) != "RateLimitExceeded":
                said = http.platform_message(resp)
                raise AuthError(
                    f"Bluesky refused the handle or app password ({said}); check the "
                    "account's handle and create a new app password in Bluesky's settings",
                    platform_message=said,
                    status=resp.status_code,
                )
            raise self._classify(resp, "Bluesky sign-in")
        return self._keep(resp.json())

    def _refresh(self, old: Session) -> Session:
        resp = self._send(
            "POST",
            REFRESH_SESSION,
            what="Bluesky session refresh",
            headers={"Authorization": f"Bearer {old.refresh}"},
        )
        if resp.ok:
            return self._keep(resp.json())
        if resp.status_code in (400, 401) and error_name(resp) != "RateLimitExceeded":
            return self.sign_in()  # the refresh token died too: the app password still works
        raise self._classify(resp, "Bluesky session refresh")

    def _keep(self, body: dict[str, Any]) -> Session:
        session = Session(
            body["did"],
            body["handle"],
            body["accessJwt"],
            body["refreshJwt"],
            _pds_endpoint(body.get("didDoc")),
        )
        with _LOCK:
            _CACHE[self._cache_key] = session
        return session

    def forget(self) -> None:
        with _LOCK:
            _CACHE.pop(self._cache_key, None)

    # -- calls ------------------------------------------------------------------------------
    def call(
        self,
        method: str,
        nsid: str,
        *,
        what: str,
        auth: bool = True,
        ok_missing: bool = False,
        **kw: Any,
    ) -> requests.Response | None:
        """The 2xx response, or the classified error; a dead token is refreshed once.

        ``ok_missing``: answer None when the server says ``RecordNotFound``.
        """
        if not auth:
            resp = self._send(method, nsid, what=what, **kw)
            if not resp.ok:
                raise self._classify(resp, what)
            return resp
        session = self.session
        for attempt in (1, 2):
            headers = {**kw.pop("headers", {}), "Authorization": f"Bearer {session.access}"}
            resp = self._send(method, nsid, what=what, headers=headers, **kw)
            kw["headers"] = {k: v for k, v in headers.items() if k != "Authorization"}
            if resp.ok:
                return resp
            if ok_missing and error_name(resp) == "RecordNotFound":
                return None
            if error_name(resp) in TOKEN_ERRORS or resp.status_code == 401:
                if attempt == 1:
                    session = self._refresh(session)
                    body = kw.get("data")
                    if hasattr(body, "seek"):
                        body.seek(0)  # an upload body was read by the refused attempt
                    continue
                self.forget()
                said = http.platform_message(resp)
                raise AuthError(
                    f"{what}: Bluesky refused a fresh session ({said}); sign in again "
                    "(studio accounts test NAME)",
                    platform_message=said,
                    status=resp.status_code,
                )
            raise self._classify(resp, what)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, method: str, nsid: str, *, what: str, **kw: Any) -> requests.Response:
        url = f"{self.server}/xrpc/{nsid}"
        return http.request(self.ctx.http, method, url, what=what, ok=lambda r: True, **kw)

    @staticmethod
    def _classify(resp: requests.Response, what: str):
        if resp.status_code == 429:
            said = http.platform_message(resp)
            return RateLimitedError(
                f"{what}: HTTP 429 ({said}); Bluesky asked to slow down",
                retry_after=rate_limit_wait(resp),
                platform_message=said,
                status=429,
            )
        return http.classify(resp, what)
