"""Bluesky faults the real PDS will not produce, made by a proxy in front of it.

The proxy (tests/servers/contract/bluesky.py) forwards every call to the reference PDS and
misbehaves only where a test tells it to, so the posts and blobs checked here are real.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from contract.bluesky import BlueskyProxy
from contract.media_files import photo

from studio.publish.adapters.bluesky import BlueskyAdapter
from studio.publish.context import LocalContext
from studio.publish.protocol import (
    Account,
    Credentials,
    PublishRequest,
    RateLimitedError,
    TransientError,
)

POST = "app.bsky.feed.post"
RATE_LIMITED = {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
pytestmark = pytest.mark.slow  # shares the session's PDS start with test_bluesky_pds.py


@pytest.fixture
def proxy(bluesky_pds):
    p = BlueskyProxy(bluesky_pds.url).start()
    yield p
    threading.Thread(target=p.stop, daemon=True).start()


def _adapter(pds, proxy, name, memo=None):
    acct = pds.account(name)
    account = Account(f"{name}-bsky", "bluesky", server=proxy.url, handle=acct.handle)
    return BlueskyAdapter(account, LocalContext(Credentials(acct.app_password), memo=memo))


def _request(adapter, text, media=()):
    return PublishRequest(uuid.uuid4().hex, adapter.account, text, tuple(media), ("fr",))


def _records(pds, did):
    resp = pds.xrpc("GET", "com.atproto.repo.listRecords", params={"repo": did, "collection": POST})
    return resp.json()["records"]


def test_answer_lost_after_the_post_was_written_is_not_posted_twice(bluesky_pds, proxy):
    adapter = _adapter(bluesky_pds, proxy, "lost")
    request = _request(adapter, "Réponse perdue")
    proxy.fault("POST", "createRecord", "drop-after")
    published = adapter.publish(request, [])  # the write happened; the lookup finds it
    assert len(proxy.calls("com.atproto.repo.createRecord")) == 1
    assert [r["uri"] for r in _records(bluesky_pds, bluesky_pds.account("lost").did)] == [
        published.remote_id
    ]


def test_outbox_reconciles_instead_of_posting_again(bluesky_pds, proxy):
    adapter = _adapter(bluesky_pds, proxy, "outage")
    request = _request(adapter, "Pendant la panne")
    proxy.fault("POST", "createRecord", "drop-after")
    proxy.fault("GET", "getRecord", "status", status=503, body={"error": "Unavailable"})
    with pytest.raises(TransientError):
        adapter.publish(request, [])  # written, but neither answer came back
    # What the outbox does next: reconcile (in a new process), and publish only on None.
    found = _adapter(bluesky_pds, proxy, "outage").reconcile(request)
    assert found is not None
    assert len(proxy.calls("com.atproto.repo.createRecord")) == 1
    assert len(_records(bluesky_pds, bluesky_pds.account("outage").did)) == 1


@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [({"Retry-After": "2"}, 2, 2), ({"RateLimit-Reset": "{reset}"}, 25, 30)],
)
def test_429_is_rate_limited_with_the_wait(bluesky_pds, proxy, headers, low, high):
    adapter = _adapter(bluesky_pds, proxy, "busy")
    reset = str(int(time.time()) + 30)
    headers = {k: v.format(reset=reset) for k, v in headers.items()}
    proxy.fault("POST", "createRecord", "status", status=429, body=RATE_LIMITED, headers=headers)
    with pytest.raises(RateLimitedError) as err:
        adapter.publish(_request(adapter, "Trop vite"), [])
    assert low <= err.value.retry_after <= high
    assert "Rate Limit Exceeded" in err.value.message
    assert proxy.calls("com.atproto.repo.getRecord") == []  # a 429 wrote nothing


def test_connection_closed_mid_upload_then_retried(bluesky_pds, proxy, tmp_path):
    adapter = _adapter(bluesky_pds, proxy, "flaky")
    pic = photo(tmp_path / "p.jpg", size=(320, 240), alt="Porte bleue")
    request = _request(adapter, "Porte bleue", [pic])
    proxy.fault("POST", "uploadBlob", "drop-before")
    with pytest.raises(TransientError) as err:
        adapter.upload(pic, request)
    assert not err.value.offline  # the server was there: retry, do not wait for a network
    proxy.fault("POST", "uploadBlob", "status", status=502, body={"error": "BadGateway"})
    with pytest.raises(TransientError):
        adapter.upload(pic, request)
    uploaded = adapter.upload(pic, request)
    published = adapter.publish(request, [uploaded])
    did = bluesky_pds.account("flaky").did
    resp = bluesky_pds.xrpc(
        "GET",
        "com.atproto.sync.getBlob",
        params={"did": did, "cid": uploaded.ref["ref"]["$link"]},
    )
    assert resp.content == pic.path.read_bytes()
    assert published.remote_id.startswith(f"at://{did}/")
