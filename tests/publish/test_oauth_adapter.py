"""OAuth sign-in over a loopback redirect and token refresh, against the X contract server.

The stand-in ``open_url`` does what the system browser does: GET the authorize URL and follow
its redirect to our loopback listener. Refreshed bundles go to the real OS keyring.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from contract.media_files import context
from contract.x import XServer

from studio.core import secrets as keyring_secrets
from studio.publish.adapters.x import XAdapter
from studio.publish.oauth import TokenManager, pkce_pair
from studio.publish.protocol import Account, AuthError, Credentials, SignsIn


@pytest.fixture
def server():
    with XServer() as s:
        yield s


def account(server, **options) -> Account:
    opts = {"client_id": XServer.CLIENT_ID, **options}
    return Account(name="maridia-x", platform="x", server=server.url, options=opts)


def browser(seen: list[str]):
    def open_url(url: str) -> None:
        seen.append(url)
        requests.get(url, timeout=5)  # follows the 302 to the loopback redirect

    return open_url


def test_sign_in_end_to_end_returns_a_working_bundle(server):
    seen: list[str] = []
    secret = XAdapter.sign_in(
        account(server), requests.Session(), browser(seen), client_secret=XServer.CLIENT_SECRET
    )
    bundle = json.loads(secret)
    assert set(bundle) >= {
        "client_id",
        "client_secret",
        "access_token",
        "refresh_token",
        "expires_at",
        "scope",
        "token_url",
    }
    assert bundle["token_url"] == server.url + "/2/oauth2/token"
    assert bundle["expires_at"] > time.time() + 3000
    q = {k: v[0] for k, v in parse_qs(urlsplit(seen[0]).query).items()}
    assert q["code_challenge_method"] == "S256" and len(q["code_challenge"]) == 43
    assert q["redirect_uri"].startswith("http://127.0.0.1:")
    ctx, _ = context(bundle)
    info = XAdapter(account(server), ctx).verify()
    assert info.handle == "@maridia_culture"
    assert issubclass(XAdapter, SignsIn) or isinstance(XAdapter, SignsIn)
    assert server.token_calls == ["authorization_code"]


def test_sign_in_listens_on_the_configured_redirect_port(server):
    import socket

    with socket.socket() as s:  # find a free port, then let sign-in bind it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    seen: list[str] = []
    XAdapter.sign_in(
        account(server, redirect_port=str(port)),
        requests.Session(),
        browser(seen),
        client_secret=XServer.CLIENT_SECRET,
    )
    redirect = parse_qs(urlsplit(seen[0]).query)["redirect_uri"][0]
    assert redirect == f"http://127.0.0.1:{port}/callback"


def test_sign_in_refused_by_the_user_says_so(server):
    server.deny_next = True
    with pytest.raises(AuthError, match="refused or cancelled") as err:
        XAdapter.sign_in(
            account(server), requests.Session(), browser([]), client_secret=XServer.CLIENT_SECRET
        )
    assert err.value.platform_message == "The user said no"


def test_sign_in_times_out_when_the_browser_never_comes_back(server):
    with pytest.raises(AuthError, match="closed the sign-in page"):
        XAdapter.sign_in(
            account(server),
            requests.Session(),
            lambda url: None,
            client_secret=XServer.CLIENT_SECRET,
            timeout=0.3,
        )


def test_a_forged_redirect_with_another_state_is_ignored(server):
    def forger_then_browser(url: str) -> None:
        redirect = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        forged = requests.get(redirect + "?code=evil&state=wrong", timeout=5)
        assert forged.status_code == 400
        requests.get(url, timeout=5)

    secret = XAdapter.sign_in(
        account(server),
        requests.Session(),
        forger_then_browser,
        client_secret=XServer.CLIENT_SECRET,
    )
    assert json.loads(secret)["access_token"] in server.access_tokens


def test_sign_in_needs_a_client_id_and_names_the_option(server):
    acc = Account(name="maridia-x", platform="x", server=server.url)
    with pytest.raises(AuthError, match="client_id"):
        XAdapter.sign_in(acc, requests.Session(), browser([]))


def test_a_busy_fixed_port_is_a_clear_error(server):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(AuthError, match="redirect_port"):
            XAdapter.sign_in(
                account(server, redirect_port=str(port)),
                requests.Session(),
                browser([]),
                client_secret=XServer.CLIENT_SECRET,
            )


def test_pkce_challenge_matches_rfc7636_appendix_b():
    import base64
    import hashlib

    verifier, challenge = pkce_pair("S256")
    assert 43 <= len(verifier) <= 128
    digest = hashlib.sha256(verifier.encode()).digest()
    assert challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert pkce_pair("S256-hex")[1] != pkce_pair("S256-hex")[1]  # fresh every time


# -- refresh ------------------------------------------------------------------------------
def test_an_expiring_token_is_refreshed_rotated_and_saved_to_the_os_keyring_first(server):
    bundle = server.issue_tokens(ttl=30)  # inside the refresh leeway
    name = f"test-oauth-{uuid.uuid4().hex}"
    keyring_secrets.store(name, json.dumps(bundle))
    saved_before_use: list[bool] = []

    def update(secret: str) -> None:
        keyring_secrets.store(name, secret)
        saved_before_use.append(json.loads(secret)["access_token"] not in used)

    used: set[str] = set()
    try:
        ctx, _ = context(bundle)
        ctx.credentials = Credentials(keyring_secrets.fetch(name), update)
        adapter = XAdapter(account(server), ctx)
        adapter.verify()
        used |= {r.headers["authorization"][7:] for r in server.requests if r.path == "/2/users/me"}
        stored = json.loads(keyring_secrets.fetch(name))
        assert stored["access_token"] in used and stored["access_token"] != bundle["access_token"]
        assert stored["refresh_token"] != bundle["refresh_token"]  # X rotated it
        assert bundle["refresh_token"] not in server.refresh_tokens
        assert saved_before_use == [True]
        assert server.token_calls == ["refresh_token"]
    finally:
        keyring_secrets.delete(name)


def test_a_401_triggers_one_refresh_and_one_retry(server):
    ctx, keep = context(server.issue_tokens())
    server.revoke_access()
    info = XAdapter(account(server), ctx).verify()
    assert info.handle == "@maridia_culture"
    assert server.token_calls == ["refresh_token"]
    assert len(keep.saved) == 1
    assert [r.path for r in server.requests].count("/2/users/me") == 2


def test_a_dead_refresh_token_means_sign_in_again(server):
    bundle = server.issue_tokens()
    server.revoke_access()
    server.refresh_tokens.clear()
    ctx, keep = context(bundle)
    with pytest.raises(AuthError, match="sign in again") as err:
        XAdapter(account(server), ctx).verify()
    assert bundle["access_token"] not in str(err.value)
    assert bundle["refresh_token"] not in str(err.value)
    assert keep.saved == []


def test_two_deliveries_refreshing_at_once_share_one_rotation(server):
    bundle = server.issue_tokens(ttl=1)
    results: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        ctx, _ = context(bundle)
        try:
            results.append(
                TokenManager(ctx, XAdapter.oauth_provider(account(server)), "x").access_token()
            )
        except BaseException as exc:  # collected for the assert below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1
    assert server.token_calls == ["refresh_token"]
