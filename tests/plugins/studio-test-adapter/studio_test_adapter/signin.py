"""Noticeboard with a browser sign-in: how a plugin implements ``SignsIn`` and token refresh.

``sign_in`` listens on a loopback redirect (127.0.0.1, a free port), opens the platform's
authorize page with ``open_url`` (the system browser), receives the code, checks the state and
trades the code for tokens; the JSON it returns is what the keyring keeps. When the platform
refuses an expired access token, the adapter uses the refresh token once and writes the new
bundle back with ``credentials.update`` before using it.
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from studio.api import Account, AuthError, Capabilities, SecretSpec
from studio_test_adapter.noticeboard import NoticeboardAdapter

SIGN_IN_TIMEOUT = 120.0


class NoticeboardSignInAdapter(NoticeboardAdapter):
    NAME = "noticeboard-oauth"
    DISPLAY_NAME = "Noticeboard (sign in)"
    CAPABILITIES = Capabilities(alt_text=True, language_tags=True, idempotency="key", oauth=True)
    SECRET = SecretSpec("OAuth sign-in (browser)", json_fields=("access_token", "refresh_token"))

    @classmethod
    def sign_in(cls, account: Account, http: Any, open_url) -> str:
        server = (account.server or "").rstrip("/")
        state = secrets.token_urlsafe(16)
        got: dict[str, str] = {}
        arrived = threading.Event()

        class Callback(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                got.update({k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()})
                body = b"Signed in to Heritage Studio; you can close this tab."
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                arrived.set()

            def log_message(self, *args: Any) -> None:
                pass

        listener = HTTPServer(("127.0.0.1", 0), Callback)
        redirect = f"http://127.0.0.1:{listener.server_address[1]}/callback"
        thread = threading.Thread(target=listener.serve_forever, daemon=True)
        thread.start()
        try:
            query = urlencode(
                {"client_id": "heritage-studio", "redirect_uri": redirect, "state": state}
            )
            open_url(f"{server}/oauth/authorize?{query}")
            if not arrived.wait(SIGN_IN_TIMEOUT):
                raise AuthError("the browser sign-in did not come back in time; try again")
        finally:
            listener.shutdown()
            listener.server_close()
        if got.get("state") != state or not got.get("code"):
            raise AuthError("the sign-in answer did not match this request; try again")
        resp = http.post(
            f"{server}/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": got["code"],
                "redirect_uri": redirect,
            },
            timeout=30,
        )
        if resp.status_code != 200:
            raise AuthError(f"the noticeboard refused the sign-in code (HTTP {resp.status_code})")
        return json.dumps(resp.json())

    def _kw(self) -> dict[str, Any]:
        kw = super()._kw()
        token = self.ctx.credentials.json()["access_token"]
        kw["headers"]["Authorization"] = f"Bearer {token}"
        return kw

    def call(self, method: str, path_or_url: str, *, what: str, **kw: Any):
        try:
            return super().call(method, path_or_url, what=what, **kw)
        except AuthError:
            self._refresh()
            kw["headers"]["Authorization"] = self._kw()["headers"]["Authorization"]
            return super().call(method, path_or_url, what=what, **kw)

    def _refresh(self) -> None:
        bundle = self.ctx.credentials.json()
        resp = self.ctx.http.post(
            f"{self.server}/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": bundle["refresh_token"]},
            timeout=30,
        )
        if resp.status_code != 200:
            raise AuthError("the noticeboard sign-in expired; add the account again")
        self.ctx.credentials.update(json.dumps({**bundle, **resp.json()}))
