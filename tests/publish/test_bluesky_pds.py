"""The Bluesky adapter end to end against the real reference PDS on 127.0.0.1.

Every assertion reads back what the server stored (``getRecord``/``listRecords``, blob bytes
through ``com.atproto.sync.getBlob``), never what the adapter says it sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import pytest
from contract.media_files import photo, video

from studio.publish.adapters.atproto_tid import TID_RE, decode_tid
from studio.publish.adapters.bluesky import BlueskyAdapter
from studio.publish.context import LocalContext
from studio.publish.protocol import (
    Account,
    AuthError,
    Credentials,
    MediaFile,
    PublishRequest,
    RateLimitedError,
    RejectedError,
)

POST = "app.bsky.feed.post"
#: Tests that only read back their own post share one account (each account costs the PDS two
#: scrypt hashes); tests that count records or break sessions have their own.
SHARED = "studio"
pytestmark = pytest.mark.slow  # one PDS start (2-3 s) per session, then about 0.5 s a test


@pytest.fixture
def pds(bluesky_pds):
    return bluesky_pds


def _adapter(pds, name, *, secret=None, memo=None, lang=None):
    acct = pds.account(name)
    account = Account(f"{name}-bsky", "bluesky", server=pds.url, handle=acct.handle, lang=lang)
    ctx = LocalContext(Credentials(secret or acct.app_password), memo=memo)
    return BlueskyAdapter(account, ctx)


def _request(adapter, text, media=(), langs=(), key=None):
    return PublishRequest(
        key=key or uuid.uuid4().hex,
        account=adapter.account,
        text=text,
        media=tuple(media),
        langs=tuple(langs),
    )


def _post(adapter, request):
    assert adapter.prepare(request) == []
    uploads = [adapter.upload(m, request) for m in request.media]
    return adapter.publish(request, uploads)


def _record(pds, uri):
    did, collection, rkey = uri.removeprefix("at://").split("/")
    resp = pds.xrpc(
        "GET",
        "com.atproto.repo.getRecord",
        params={"repo": did, "collection": collection, "rkey": rkey},
    )
    assert resp.status_code == 200, resp.text
    return resp.json()["value"]


def _blob(pds, did, ref):
    cid = ref["ref"]["$link"]
    resp = pds.xrpc("GET", "com.atproto.sync.getBlob", params={"did": did, "cid": cid})
    assert resp.status_code == 200, resp.text
    return resp.content


def _list(pds, did):
    resp = pds.xrpc(
        "GET",
        "com.atproto.repo.listRecords",
        params={"repo": did, "collection": POST, "limit": 100},
    )
    assert resp.status_code == 200, resp.text
    return resp.json()["records"]


# -- sign-in ---------------------------------------------------------------------------------
def test_verify_returns_handle_and_did(pds):
    acct = pds.account("verify")
    info = _adapter(pds, "verify").verify()
    assert info.handle == "verify.test"
    assert info.limits["did"] == acct.did and info.url.endswith(acct.did)


def test_wrong_app_password_is_auth_error_without_the_secret(pds):
    pds.account("wrongpw")
    with pytest.raises(AuthError) as err:
        _adapter(pds, "wrongpw", secret="abcd-efgh-ijkl-mnop").verify()
    assert "Invalid identifier or password" in err.value.message
    assert "abcd-efgh" not in str(err.value)


def _jwt(secret: str, claims: dict) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"typ": "at+jwt", "alg": "HS256"}).encode())
    body = b64(json.dumps(claims).encode())
    sig = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(sig)}"


def test_expired_access_token_is_refreshed_once(pds, tmp_path):
    adapter = _adapter(pds, "refresh")
    session = adapter.xrpc.sign_in()
    now = int(time.time())
    expired = _jwt(
        pds.jwt_secret,
        {
            "scope": "com.atproto.appPass",
            "aud": "did:web:localhost",
            "sub": session.did,
            "iat": now - 7200,
            "exp": now - 60,
        },
    )
    # The server really says ExpiredToken for it (not a guess about its wording).
    said = pds.xrpc("GET", "com.atproto.server.getSession", token=expired)
    assert said.status_code == 400 and said.json()["error"] == "ExpiredToken"
    session.access = expired
    sent = []
    adapter.ctx.http.hooks["response"].append(lambda r, *a, **k: sent.append(r.url))
    # The first call to meet the dead token is an upload: its body is sent again in full.
    pic = photo(tmp_path / "r.jpg", alt="Après")
    published = _post(adapter, _request(adapter, "after a refresh", [pic]))
    calls = [u.split("/xrpc/")[1].split("?")[0] for u in sent]
    assert calls[:3] == [
        "com.atproto.repo.uploadBlob",
        "com.atproto.server.refreshSession",
        "com.atproto.repo.uploadBlob",
    ]
    assert "com.atproto.server.createSession" not in calls
    record = _record(pds, published.remote_id)
    assert record["text"] == "after a refresh"
    assert _blob(pds, session.did, record["embed"]["images"][0]["image"]) == pic.path.read_bytes()
    assert adapter.xrpc.session.access != expired


def test_dead_access_and_refresh_tokens_sign_in_again(pds):
    adapter = _adapter(pds, "relogin")
    session = adapter.xrpc.sign_in()
    session.access = session.refresh = "not.a.token"
    published = _post(adapter, _request(adapter, "after a new sign-in"))
    assert _record(pds, published.remote_id)["text"] == "after a new sign-in"


def test_dead_tokens_and_revoked_app_password_are_auth_error(pds):
    adapter = _adapter(pds, "revoked")
    session = adapter.xrpc.sign_in()
    session.access = session.refresh = "not.a.token"
    adapter.ctx.credentials._secret = "revoked-app-password"  # as if revoked in Settings
    with pytest.raises(AuthError):
        _post(adapter, _request(adapter, "never posted"))
    assert _list(pds, pds.account("revoked").did) == []


# -- posts -----------------------------------------------------------------------------------
def test_text_post_with_facets_in_arabic_and_emoji(pds):
    bob = pds.account("bob")
    adapter = _adapter(pds, SHARED)
    text = (
        "مرحبا 👋🏽 بالتراث #تراث_عربي: https://example.org/مت?x=1 "
        "مع @bob.test و@nobody.test 🇲🇦 #Heritage2026 heritage.example.org"
    )
    published = _post(adapter, _request(adapter, text, langs=("ar", "fr")))
    record = _record(pds, published.remote_id)
    assert record["text"] == text
    assert record["langs"] == ["ar", "fr"]
    raw = record["text"].encode("utf-8")
    found = []
    for facet in record["facets"]:
        piece = raw[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode("utf-8")
        feature = facet["features"][0]
        found.append((piece, feature["$type"].rsplit("#", 1)[1], feature))
    assert [(p, kind) for p, kind, _ in found] == [
        ("#تراث_عربي", "tag"),
        ("https://example.org/مت?x=1", "link"),
        ("@bob.test", "mention"),
        ("#Heritage2026", "tag"),
        ("heritage.example.org", "link"),
    ]
    features = {p: f for p, _, f in found}
    assert features["#تراث_عربي"]["tag"] == "تراث_عربي"
    assert features["https://example.org/مت?x=1"]["uri"] == "https://example.org/مت?x=1"
    assert features["@bob.test"]["did"] == bob.did
    assert features["heritage.example.org"]["uri"] == "https://heritage.example.org"
    assert published.url.endswith("/post/" + published.extra["rkey"])


def test_account_language_is_the_default(pds):
    adapter = _adapter(pds, SHARED, lang="fr")
    record = _record(pds, _post(adapter, _request(adapter, "Bonjour")).remote_id)
    assert record["langs"] == ["fr"]
    assert record["createdAt"].endswith("Z")


def test_four_photos_with_alt_text_aspect_ratio_and_identical_bytes(pds, tmp_path):
    adapter = _adapter(pds, SHARED)
    sizes = [(320, 240), (240, 320), (300, 300), (400, 100)]
    alts = ["Le minaret", "قصر الباهية", "Zellige 🟦 detail", ""]
    media = [
        photo(tmp_path / f"p{i}.jpg", size=s, seed=i, alt=a)
        for i, (s, a) in enumerate(zip(sizes, alts, strict=True))
    ]
    published = _post(adapter, _request(adapter, "Quatre vues", media, langs=("fr",)))
    record = _record(pds, published.remote_id)
    images = record["embed"]["images"]
    assert record["embed"]["$type"] == "app.bsky.embed.images"
    assert [i["alt"] for i in images] == alts
    assert [(i["aspectRatio"]["width"], i["aspectRatio"]["height"]) for i in images] == sizes
    did = pds.account(SHARED).did
    for image, m in zip(images, media, strict=True):
        assert image["image"]["mimeType"] == "image/jpeg"
        assert _blob(pds, did, image["image"]) == m.path.read_bytes()


def test_video_post_stores_the_mp4_blob(pds, tmp_path):
    adapter = _adapter(pds, SHARED)
    clip = video(tmp_path / "clip.mp4", seconds=1.0, size=(320, 240), bitrate="300k")
    clip = MediaFile(**{**clip.__dict__, "alt": "Danse gnaoua"})
    seen = []
    adapter.ctx._on_progress = lambda f, m: seen.append(f)
    published = _post(adapter, _request(adapter, "La danse", [clip], langs=("fr",)))
    embed = _record(pds, published.remote_id)["embed"]
    assert embed["$type"] == "app.bsky.embed.video"
    assert embed["alt"] == "Danse gnaoua"
    assert embed["aspectRatio"] == {"width": 320, "height": 240}
    assert embed["video"]["mimeType"] == "video/mp4"
    assert _blob(pds, pds.account(SHARED).did, embed["video"]) == clip.path.read_bytes()
    assert seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) > 2


# -- refusals ----------------------------------------------------------------------------------
def test_too_long_post_is_rejected_with_the_servers_message(pds):
    adapter = _adapter(pds, SHARED)
    request = _request(adapter, "ا" * 1501)  # 3002 UTF-8 bytes
    assert adapter.prepare(request)  # the rules see it too...
    with pytest.raises(RejectedError) as err:  # ...and the server refuses it if sent anyway
        adapter.publish(request, [])
    assert "string too big (maximum 3000, got 3002)" in err.value.platform_message
    assert "string too big" in err.value.message and err.value.status == 400


def test_blob_over_the_servers_limit_is_rejected(pds, tmp_path):
    adapter = _adapter(pds, SHARED)
    path = tmp_path / "huge.jpg"
    path.write_bytes(b"\xff\xd8" + b"\0" * (5 * 1024 * 1024))
    big = MediaFile(path, "photo", "image/jpeg", 10, 10, "x" * 64, alt="")
    with pytest.raises(RejectedError) as err:
        adapter.upload(big, _request(adapter, "big"))
    assert err.value.status == 413


def test_createsession_rate_limit_is_rate_limited_error(pds):
    # The limit (30 per 5 minutes per identifier and address) is counted before the password
    # is checked; an over-long password is refused at once, without the PDS's constant-time
    # (~350 ms) password check, so 30 attempts take a fraction of a second.
    body = {"identifier": "ghost.test", "password": "x" * 513}
    for _ in range(30):
        assert pds.xrpc("POST", "com.atproto.server.createSession", json=body).status_code == 401
    account = Account("ghost-bsky", "bluesky", server=pds.url, handle="ghost.test")
    adapter = BlueskyAdapter(account, LocalContext(Credentials("wrong")))
    with pytest.raises(RateLimitedError) as err:
        adapter.verify()
    assert err.value.status == 429
    assert 200 < err.value.retry_after <= 300


# -- exactly once ----------------------------------------------------------------------------
def test_same_key_twice_makes_one_record_and_reconcile_finds_it(pds):
    adapter = _adapter(pds, "once")
    did = pds.account("once").did
    request = _request(adapter, "Une seule fois", key="k" * 40)
    assert adapter.reconcile(request) is None
    first = _post(adapter, request)
    assert TID_RE.match(first.extra["rkey"])
    assert decode_tid(first.extra["rkey"])[0] < time.time() * 1e6
    # A retry that did not reconcile first (a new process, the same delivery key).
    again = _adapter(pds, "once").publish(request, [])
    assert again.remote_id == first.remote_id
    records = _list(pds, did)
    assert [r["uri"] for r in records] == [first.remote_id]
    found = _adapter(pds, "once").reconcile(request)
    assert found is not None and found.remote_id == first.remote_id
    other = _post(adapter, _request(adapter, "Une autre"))
    assert other.remote_id != first.remote_id and len(_list(pds, did)) == 2


def test_uploads_are_not_sent_again_after_a_crash(pds, tmp_path):
    memo: dict = {}
    pic = photo(tmp_path / "once.jpg", alt="Bab Mansour")
    first = _adapter(pds, "memo", memo=memo)
    request = _request(first, "Bab Mansour", [pic])
    ref = first.upload(pic, request).ref
    sent = []
    second = _adapter(pds, "memo", memo=memo)  # the same delivery after a restart
    second.ctx.http.hooks["response"].append(lambda r, *a, **k: sent.append(r.url))
    assert second.upload(pic, request).ref == ref
    assert sent == []
    published = second.publish(request, [second.upload(pic, request)])
    assert _record(pds, published.remote_id)["embed"]["images"][0]["alt"] == "Bab Mansour"


def test_delete_removes_the_post(pds):
    adapter = _adapter(pds, "deleter")
    request = _request(adapter, "À retirer")
    published = _post(adapter, request)
    adapter.delete(published)
    assert adapter.reconcile(request) is None
    assert _list(pds, pds.account("deleter").did) == []
