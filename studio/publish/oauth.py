"""OAuth 2.0 for desktop adapters: browser sign-in over a loopback redirect, and token refresh.

Why the loopback redirect and PKCE: a desktop app cannot keep a client secret from a
determined user, and an embedded browser would see the user's password. RFC 8252 (OAuth for
native apps, https://www.rfc-editor.org/rfc/rfc8252) says to open the *system* browser and
receive the code on ``http://127.0.0.1:PORT/...``; RFC 7636 PKCE (S256) binds the code to this
process, and ``state`` to this sign-in. X, Google, LinkedIn and TikTok all accept loopback
redirects; X, LinkedIn and TikTok want the exact URI registered, port included, so the port is
the account option ``redirect_port`` (0 or absent: any free port, which Google allows).

The secret kept in the keyring is a JSON bundle::

    {"client_id", "client_secret"?, "access_token", "refresh_token", "expires_at",
     "scope", "token_url"}

``expires_at`` is a Unix time. :class:`TokenManager` refreshes a token that expires within
``LEEWAY`` seconds (and once after a 401), and writes the new bundle to the keyring with
``ctx.credentials.update`` *before* using it: X rotates refresh tokens on every refresh, so a
new token that only lived in memory would lock the account out after a crash.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests

from studio.publish import http
from studio.publish.adapters.base import BaseAdapter
from studio.publish.protocol import Account, AdapterError, AuthError, Context

#: Seconds the sign-in waits for the browser to come back before giving up.
SIGN_IN_TIMEOUT = 300.0


@dataclass(frozen=True)
class OAuthProvider:
    """How one platform spells the authorization-code flow (all differ in small ways)."""

    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    scope_sep: str = " "  # TikTok: ","
    client_id_param: str = "client_id"  # TikTok: "client_key"
    # "basic": client id/secret as HTTP Basic auth (X confidential clients); "body": form fields
    client_auth: str = "body"
    # "S256" (RFC 7636), "S256-hex" (TikTok desktop: hex digest), "none" (LinkedIn: no PKCE)
    pkce: str = "S256"
    # "required" (Google, LinkedIn, TikTok), "optional" (X: public or confidential), "none"
    client_secret: str = "required"
    redirect_path: str = "/callback"
    extra_params: Mapping[str, str] = field(default_factory=dict)
    docs: str = ""

    def rebased(self, server: str | None) -> OAuthProvider:
        """The same flow served by ``server`` (a test server or a proxy): paths are kept."""
        if not server:
            return self
        base = urlsplit(server)

        def move(url: str) -> str:
            p = urlsplit(url)
            return urlunsplit((base.scheme, base.netloc, p.path, p.query, ""))

        return replace(self, authorize_url=move(self.authorize_url), token_url=move(self.token_url))


def pkce_pair(method: str) -> tuple[str, str]:
    """A fresh (verifier, challenge); the verifier is 86 characters of the RFC 7636 alphabet."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    if method == "S256-hex":
        return verifier, digest.hex()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


# -- the browser sign-in ------------------------------------------------------------------------
class _Callback:
    """What the loopback server received; the first request carrying our ``state`` wins."""

    def __init__(self, state: str, path: str):
        self.state = state
        self.path = path
        self.done = threading.Event()
        self.code: str | None = None
        self.error: str | None = None


def _serve_once(cb: _Callback, port: int) -> HTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # the query holds the code: never log it
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path.rstrip("/") != cb.path.rstrip("/") or cb.done.is_set():
                return self._page(404, "Nothing here.")
            if query.get("state") != cb.state:
                # Another page poking the port (or a forged redirect): ignore, keep waiting.
                return self._page(400, "This sign-in link is not the one Heritage Studio opened.")
            if "error" in query:
                cb.error = query.get("error_description") or query["error"]
                self._page(200, "Sign-in was cancelled. You can close this tab.")
            elif query.get("code"):
                cb.code = query["code"]
                self._page(200, "Signed in. You can close this tab and return to Heritage Studio.")
            else:
                return self._page(400, "The platform sent no authorization code.")
            cb.done.set()

        def _page(self, status: int, text: str) -> None:
            body = f"<!doctype html><meta charset=utf-8><p>{html.escape(text)}</p>".encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

    return HTTPServer(("127.0.0.1", port), Handler)


def sign_in(
    provider: OAuthProvider,
    account: Account,
    session: requests.Session,
    open_url: Callable[[str], None],
    *,
    client_secret: str | None = None,
    timeout: float = SIGN_IN_TIMEOUT,
) -> str:
    """Run the browser flow and return the JSON bundle to keep in the keyring."""
    label = f"account {account.name!r}"
    client_id = (account.options.get("client_id") or "").strip()
    if not client_id:
        raise AuthError(
            f"{label}: set the account option client_id to your app's OAuth client id "
            f"(from the platform's developer portal; see {provider.docs or 'docs/adapters.md'})"
        )
    if provider.client_secret == "required" and not client_secret:
        raise AuthError(f"{label}: this platform needs the app's client secret to sign in")
    try:
        port = int(account.options.get("redirect_port") or 0)
    except ValueError:
        raise AuthError(f"{label}: the option redirect_port must be a port number") from None
    state = secrets.token_urlsafe(24)
    cb = _Callback(state, provider.redirect_path)
    try:
        server = _serve_once(cb, port)
    except OSError as exc:
        raise AuthError(
            f"{label}: cannot listen on 127.0.0.1:{port} for the sign-in redirect "
            f"({exc.strerror}); close the program using it or change redirect_port "
            "(and the redirect URI registered with the app)"
        ) from None
    redirect_uri = f"http://127.0.0.1:{server.server_address[1]}{provider.redirect_path}"
    params = {
        "response_type": "code",
        provider.client_id_param: client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scope_sep.join(provider.scopes),
        "state": state,
        **provider.extra_params,
    }
    verifier = None
    if provider.pkce != "none":
        verifier, challenge = pkce_pair(provider.pkce)
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    sep = "&" if "?" in provider.authorize_url else "?"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        try:
            open_url(provider.authorize_url + sep + urlencode(params))
        except Exception as exc:
            raise AuthError(f"{label}: could not open the browser ({type(exc).__name__})") from None
        if not cb.done.wait(timeout):
            raise AuthError(
                f"{label}: no answer from the browser within {timeout:.0f} s; if you closed the "
                "sign-in page, start the sign-in again"
            )
    finally:
        server.shutdown()
        server.server_close()
    if cb.error is not None:
        raise AuthError(f"{label}: the sign-in was refused or cancelled", platform_message=cb.error)
    form = {"grant_type": "authorization_code", "code": cb.code, "redirect_uri": redirect_uri}
    if verifier is not None:
        form["code_verifier"] = verifier
    bundle = {"client_id": client_id, "token_url": provider.token_url}
    if client_secret:
        bundle["client_secret"] = client_secret
    got = _token_request(session, provider, bundle, form, what=f"{label}: sign-in")
    return json.dumps(_merge(bundle, got))


# -- the token endpoint ---------------------------------------------------------------------
def _token_request(
    session: requests.Session,
    provider: OAuthProvider,
    bundle: Mapping[str, Any],
    form: dict[str, Any],
    *,
    what: str,
) -> dict[str, Any]:
    headers = {"Accept": "application/json"}
    secret = bundle.get("client_secret")
    if provider.client_auth == "basic" and secret:
        raw = f"{bundle['client_id']}:{secret}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(raw).decode("ascii")
    else:
        form[provider.client_id_param] = bundle["client_id"]
        if secret:
            form["client_secret"] = secret
    resp = http.request(
        session,
        "POST",
        bundle.get("token_url") or provider.token_url,
        what=what,
        ok=lambda r: True,
        data=form,
        headers=headers,
    )
    try:
        body = resp.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    if 200 <= resp.status_code < 300 and body.get("access_token"):
        return body
    if resp.status_code >= 500 or resp.status_code == 429:
        raise http.classify(resp, what)
    said = http.platform_message(resp)
    raise AuthError(
        f"{what}: the platform refused the sign-in or its renewal; sign in again",
        platform_message=said,
        status=resp.status_code,
    )


def _merge(bundle: Mapping[str, Any], got: Mapping[str, Any]) -> dict[str, Any]:
    """The new bundle: a rotated refresh token replaces the old one, a missing one keeps it."""
    out = dict(bundle)
    out["access_token"] = got["access_token"]
    if got.get("refresh_token"):
        out["refresh_token"] = got["refresh_token"]
    if got.get("scope"):
        out["scope"] = got["scope"]
    expires_in = got.get("expires_in")
    out["expires_at"] = time.time() + float(expires_in) if expires_in is not None else None
    return out


# Refresh tokens that X already rotated in this process, so two deliveries for one account
# never present the same (now dead) refresh token twice: old token -> the bundle it became.
_ROTATED: dict[tuple[str, str, str], dict[str, Any]] = {}
_ROTATE_LOCK = threading.Lock()


class TokenManager:
    """A valid access token for one adapter call, refreshed and saved back as needed."""

    #: Refresh this many seconds before the stated expiry (clock skew, a slow upload).
    LEEWAY: ClassVar[float] = 120.0

    def __init__(self, ctx: Context, provider: OAuthProvider, label: str):
        self.ctx = ctx
        self.provider = provider
        self.label = label

    def bundle(self) -> dict[str, Any]:
        b = self.ctx.credentials.json()
        if not b.get("access_token") or not b.get("client_id"):
            raise AuthError(f"{self.label}: the stored sign-in is incomplete; sign in again")
        return b

    def access_token(self) -> str:
        b = self.bundle()
        expires_at = b.get("expires_at")
        if expires_at is not None and float(expires_at) - time.time() < self.LEEWAY:
            return self.refresh()
        return b["access_token"]

    def can_refresh(self) -> bool:
        return bool(self.bundle().get("refresh_token"))

    def refresh(self, refused: str | None = None) -> str:
        """Renew now; ``refused`` is an access token the platform just refused (never reused)."""
        b = self.bundle()
        old = b.get("refresh_token")
        if not old:
            raise AuthError(
                f"{self.label}: the access token expired and cannot be renewed; sign in again"
            )
        key = (b.get("token_url") or self.provider.token_url, b["client_id"], old)
        with _ROTATE_LOCK:
            new = _ROTATED.get(key)
            fresh = (
                new is not None
                and new["access_token"] != refused
                and float(new.get("expires_at") or 0) - time.time() > self.LEEWAY
            )
            if not fresh:
                base = new or b
                form = {"grant_type": "refresh_token", "refresh_token": base["refresh_token"]}
                got = _token_request(
                    self.ctx.http, self.provider, base, form, what=f"{self.label}: token renewal"
                )
                new = _merge(base, got)
                if new.get("refresh_token") != old:  # rotated: the old one is dead from now on
                    _ROTATED[key] = new
        self.ctx.credentials.update(json.dumps(new))  # to the keyring before any use
        return new["access_token"]


class OAuthAdapter(BaseAdapter):
    """Base for adapters whose secret is an OAuth bundle: authorised calls and ``sign_in``.

    Subclasses set ``OAUTH`` and may override :meth:`error_for` to read platform-specific
    error shapes (X's rate-limit reset header, its duplicate-content refusal).
    """

    OAUTH: ClassVar[OAuthProvider]
    #: Whether `accounts add` should ask for the app's client secret (see SignsIn).
    OAUTH_CLIENT_SECRET: ClassVar[str] = "none"

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "OAUTH" in cls.__dict__:
            cls.OAUTH_CLIENT_SECRET = cls.OAUTH.client_secret

    @classmethod
    def oauth_provider(cls, account: Account) -> OAuthProvider:
        return cls.OAUTH.rebased(account.server)

    @classmethod
    def sign_in(
        cls,
        account: Account,
        http: Any,
        open_url: Callable[[str], None],
        *,
        client_secret: str | None = None,
        timeout: float = SIGN_IN_TIMEOUT,
    ) -> str:
        """Browser sign-in; see :class:`studio.publish.protocol.SignsIn` for the arguments."""
        return sign_in(
            cls.oauth_provider(account),
            account,
            http,
            open_url,
            client_secret=client_secret,
            timeout=timeout,
        )

    @cached_property
    def tokens(self) -> TokenManager:
        return TokenManager(
            self.ctx, self.oauth_provider(self.account), f"{self.DISPLAY_NAME} {self.account.name}"
        )

    def api(
        self,
        method: str,
        path_or_url: str,
        *,
        what: str,
        ok: Callable[[requests.Response], bool] | None = None,
        headers: Mapping[str, str] | None = None,
        **kw: Any,
    ) -> requests.Response:
        """One authorised request; after a 401 the token is renewed once and the call repeated.

        Repeating is safe: a 401 means the platform did not act on the request.
        """
        url = path_or_url if "://" in path_or_url else self.server + path_or_url
        good = ok or (lambda r: 200 <= r.status_code < 300)
        attempt = 0
        token = self.tokens.access_token()
        while True:
            hdrs = {**(headers or {}), "Authorization": f"Bearer {token}"}
            resp = http.request(
                self.ctx.http, method, url, what=what, ok=lambda r: True, headers=hdrs, **kw
            )
            if good(resp):
                return resp
            err = self.error_for(resp, what)
            if isinstance(err, AuthError) and attempt == 0 and self.tokens.can_refresh():
                attempt += 1
                token = self.tokens.refresh(refused=token)
                continue
            raise err

    def error_for(self, resp: requests.Response, what: str) -> AdapterError:
        return http.classify(resp, what)
