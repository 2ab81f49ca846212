"""The OAuth 2.0 authorization server half of a contract server (RFC 6749 + RFC 7636 PKCE).

Why an authorize endpoint that redirects at once: a test's stand-in ``open_url`` performs the
GET a browser would, so ``sign_in`` runs end to end (loopback listener, state check, code
exchange) with no person clicking "Allow". Everything a real server checks that an adapter
could get wrong is checked here: the client id parameter name, the exact redirect URI, the
scopes, the PKCE challenge method and verifier, the client authentication style, and refresh
token rotation (X invalidates a refresh token once used).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from typing import Any
from urllib.parse import urlencode

from contract.base import Request, Response


class OAuthServerMixin:
    """Mix into a ContractServer; subclasses route their platform's paths to these methods."""

    CLIENT_ID = "test-client"
    CLIENT_SECRET = "test-client-secret"
    CLIENT_ID_PARAM = "client_id"
    CLIENT_AUTH = "body"  # "basic" | "body" | "either"
    PKCE = "S256"  # "S256" | "S256-hex" | "none"
    REQUIRED_SCOPES: tuple[str, ...] = ()
    SCOPE_SEP = " "
    ROTATE_REFRESH = False
    ISSUE_REFRESH = True  # LinkedIn gives most apps no refresh token
    ACCESS_TTL = 7200

    def oauth_init(self) -> None:
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, float] = {}  # token -> expires at (time.time())
        self.refresh_tokens: set[str] = set()
        self.deny_next = False  # the user clicks "Cancel" on the consent page
        self.token_calls: list[str] = []  # grant types, in order

    # -- what tests use ---------------------------------------------------------------------
    def issue_tokens(self, ttl: float | None = None) -> dict[str, Any]:
        """A bundle as sign-in would store it (for tests that start signed in)."""
        got = self._new_tokens(ttl)
        bundle = {
            "client_id": self.CLIENT_ID,
            "client_secret": self.CLIENT_SECRET,
            "access_token": got["access_token"],
            "expires_at": time.time() + got["expires_in"],
            "scope": got["scope"],
            "token_url": self.url + self.TOKEN_PATH,  # type: ignore[attr-defined]
        }
        if got.get("refresh_token"):
            bundle["refresh_token"] = got["refresh_token"]
        return bundle

    def revoke_access(self) -> None:
        """Every access token stops working (expired or revoked); refresh tokens still do."""
        self.access_tokens.clear()

    def bearer_ok(self, req: Request) -> bool:
        auth = req.headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return False
        exp = self.access_tokens.get(auth[7:])
        return exp is not None and exp > time.time()

    # -- endpoints --------------------------------------------------------------------------
    def oauth_authorize(self, req: Request) -> Response:
        q = {k: v[0] for k, v in req.query.items()}
        redirect = q.get("redirect_uri", "")
        if q.get(self.CLIENT_ID_PARAM) != self.CLIENT_ID:
            return Response(400, {"error": "invalid_client", "error_description": "client id"})
        if not redirect.startswith("http://127.0.0.1:"):
            return Response(400, {"error": "invalid_request", "error_description": "redirect_uri"})
        if q.get("response_type") != "code" or not q.get("state"):
            return Response(400, {"error": "invalid_request", "error_description": "state/type"})
        scopes = set(q.get("scope", "").split(self.SCOPE_SEP))
        if not set(self.REQUIRED_SCOPES) <= scopes:
            return Response(400, {"error": "invalid_scope", "error_description": "scope"})
        if self.PKCE != "none" and (
            not q.get("code_challenge") or q.get("code_challenge_method") != "S256"
        ):
            return Response(400, {"error": "invalid_request", "error_description": "PKCE"})
        if self.deny_next:
            self.deny_next = False
            params = {
                "error": "access_denied",
                "error_description": "The user said no",
                "state": q["state"],
            }
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"redirect_uri": redirect, "challenge": q.get("code_challenge")}
            params = {"code": code, "state": q["state"]}
        return Response(302, None, {"Location": redirect + "?" + urlencode(params)})

    def oauth_token(self, req: Request) -> Response:
        form = {k: v[0] for k, v in req.form().items()}
        self.token_calls.append(form.get("grant_type", ""))
        bad = self._client_problem(req, form)
        if bad:
            return Response(401, {"error": "invalid_client", "error_description": bad})
        if form.get("grant_type") == "authorization_code":
            grant = self.codes.pop(form.get("code", ""), None)
            if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                return Response(400, {"error": "invalid_grant", "error_description": "code"})
            if (
                self.PKCE != "none"
                and _challenge(form.get("code_verifier", ""), self.PKCE) != (grant["challenge"])
            ):
                return Response(400, {"error": "invalid_grant", "error_description": "verifier"})
            return Response(200, self._new_tokens())
        if form.get("grant_type") == "refresh_token":
            old = form.get("refresh_token", "")
            if old not in self.refresh_tokens:
                return Response(400, {"error": "invalid_grant", "error_description": "refresh"})
            got = self._new_tokens(keep_refresh=None if self.ROTATE_REFRESH else old)
            if self.ROTATE_REFRESH:
                self.refresh_tokens.discard(old)
            return Response(200, got)
        return Response(400, {"error": "unsupported_grant_type"})

    # -- helpers ----------------------------------------------------------------------------
    def _client_problem(self, req: Request, form: dict[str, str]) -> str | None:
        auth = req.headers.get("authorization", "")
        if auth.startswith("Basic "):
            if self.CLIENT_AUTH == "body":
                return "Basic auth not accepted here"
            user, _, pw = base64.b64decode(auth[6:]).decode().partition(":")
            return None if (user, pw) == (self.CLIENT_ID, self.CLIENT_SECRET) else "basic auth"
        if self.CLIENT_AUTH == "basic":
            return "client authentication (Basic) required"
        if form.get(self.CLIENT_ID_PARAM) != self.CLIENT_ID:
            return f"missing {self.CLIENT_ID_PARAM}"
        if form.get("client_secret") != self.CLIENT_SECRET:
            return "client_secret"
        return None

    def _new_tokens(self, ttl: float | None = None, keep_refresh: str | None = None):
        access = "at-" + secrets.token_urlsafe(12)
        refresh = keep_refresh or "rt-" + secrets.token_urlsafe(12)
        ttl = self.ACCESS_TTL if ttl is None else ttl
        self.access_tokens[access] = time.time() + ttl
        if self.ISSUE_REFRESH:
            self.refresh_tokens.add(refresh)
        got = {
            "token_type": "bearer",
            "access_token": access,
            "expires_in": ttl,
            "scope": self.SCOPE_SEP.join(self.REQUIRED_SCOPES),
        }
        if not keep_refresh and self.ISSUE_REFRESH:
            got["refresh_token"] = refresh
        return got


def _challenge(verifier: str, method: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    if method == "S256-hex":
        return digest.hex()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
