"""Instagram adapter against the Instagram contract server and a loopback public media host.

The contract server downloads every image_url/video_url from the media host, like Meta does,
so these tests prove the bytes Instagram receives are the approved ones.
"""

from __future__ import annotations

import json

import pytest
from contract.instagram import InstagramServer
from contract.media_host import MediaHostServer
from contract.meta_common import make_jpeg, make_mp4, media_file

from studio.publish.adapters.instagram import InstagramAdapter
from studio.publish.context import LocalContext
from studio.publish.protocol import (
    Account,
    AuthError,
    Credentials,
    PublishRequest,
    RateLimitedError,
    RejectedError,
    TransientError,
)

TOKEN = "EAAG-test-token"
KEY = "5f" * 20


@pytest.fixture(autouse=True)
def fast(monkeypatch):
    monkeypatch.setattr(InstagramAdapter, "POLL_INTERVAL", 0.01)


# One running server per module, reset per test: stopping a server costs ~0.5 s of polling.
@pytest.fixture(scope="module")
def ig_server():
    with InstagramServer() as s:
        yield s


@pytest.fixture(scope="module")
def dav_server():
    with MediaHostServer() as s:
        yield s


@pytest.fixture
def ig(ig_server):
    ig_server.reset()
    return ig_server


@pytest.fixture
def dav(dav_server):
    dav_server.reset()
    return dav_server


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("ig-media")
    return {
        "photo": make_jpeg(d / "kasbah.jpg"),
        "photo2": make_jpeg(d / "souk.jpg", colour=(20, 90, 200)),
        "video": make_mp4(d / "oud.mp4"),
    }


def account(ig, dav, **options):
    opts = {"ig_user_id": ig.ig_user_id, "media_upload": "put", "media_put_url": dav.folder}
    return Account("maridia-ig", "instagram", server=ig.url, options={**opts, **options})


def adapter(ig, dav, memo=None, secret=TOKEN, **options):
    ctx = LocalContext(Credentials(secret), memo=memo if memo is not None else {})
    return InstagramAdapter(account(ig, dav, **options), ctx)


def request(ig, dav, text="Kasbah of Maridia at dusk #heritage", media=()):
    return PublishRequest(KEY, account(ig, dav), text, tuple(media), langs=("en",))


def send(a, req):
    return a.publish(req, [a.upload(m, req) for m in req.media])


def photo(files, name="photo", alt="The kasbah's red walls at dusk"):
    return media_file(files[name], alt=alt)


def calls(server, method, suffix):
    return [r for r in server.requests if r.method == method and r.path.endswith(suffix)]


# -- account -----------------------------------------------------------------------------------
def test_verify_returns_the_username_and_keeps_the_token_out_of_urls(ig, dav):
    info = adapter(ig, dav).verify()
    assert info.handle == "maridia.culture"
    assert info.url == "https://www.instagram.com/maridia.culture/"
    assert not ig.token_in_query
    assert ig.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_expired_token_is_an_auth_error_without_the_token(ig, dav):
    ig.expired = True
    with pytest.raises(AuthError) as exc:
        adapter(ig, dav).verify()
    assert "Session has expired" in exc.value.message and TOKEN not in exc.value.message


def test_secret_may_be_json_with_the_media_location_credentials(ig, files):
    with MediaHostServer(auth="Basic c2VjcmV0") as dav:
        secret = json.dumps({"access_token": TOKEN, "media_put_authorization": "Basic c2VjcmV0"})
        published = send(adapter(ig, dav, secret=secret), request(ig, dav, media=[photo(files)]))
        assert ig.media[published.remote_id]["items"][0]["data"] == files["photo"].read_bytes()
        assert calls(dav, "PUT", ".jpg")[0].headers["authorization"] == "Basic c2VjcmV0"


def test_prepare_names_the_missing_public_media_location(ig, dav):
    a = InstagramAdapter(
        Account("maridia-ig", "instagram", server=ig.url, options={"ig_user_id": "1"}),
        LocalContext(Credentials(TOKEN)),
    )
    req = PublishRequest(KEY, a.account, "hello", ())
    problems = a.prepare(req)
    assert any("photo or a video" in p for p in problems)


# -- publishing ------------------------------------------------------------------------------
def test_photo_with_alt_text_reaches_instagram_byte_identical(ig, dav, files):
    a = adapter(ig, dav)
    req = request(ig, dav, media=[photo(files)])
    assert a.prepare(req) == []
    published = send(a, req)
    post = ig.media[published.remote_id]
    assert post["caption"] == req.text
    assert post["items"][0]["data"] == files["photo"].read_bytes()
    assert post["items"][0]["alt"] == "The kasbah's red walls at dusk"
    assert published.url == post["permalink"]
    assert dav.files == {}  # deleted once Instagram had it
    assert ig.quota_checks == 1 and not ig.token_in_query
    # Instagram takes no language tag: none is invented
    assert all("lang" not in r.body.decode(errors="replace") for r in calls(ig, "POST", "/media"))


def test_carousel_of_photos_and_a_video_in_order_with_alt_on_photos_only(ig, dav, files):
    a = adapter(ig, dav)
    media = [
        photo(files),
        media_file(files["video"], "video", alt="oud player"),
        photo(files, "photo2", alt="The souk"),
    ]
    published = send(a, request(ig, dav, media=media))
    post = ig.media[published.remote_id]
    assert post["media_type"] == "CAROUSEL_ALBUM"
    assert [i["kind"] for i in post["items"]] == ["IMAGE", "VIDEO", "IMAGE"]
    assert [i["data"] for i in post["items"]] == [m.data() for m in media]
    assert [i["alt"] for i in post["items"]] == ["The kasbah's red walls at dusk", None, "The souk"]
    assert len(ig.published) == 1


def test_single_video_is_a_reel_polled_until_finished(ig, dav, files):
    ig.video_polls = 3
    a = adapter(ig, dav)
    published = send(a, request(ig, dav, media=[media_file(files["video"], "video")]))
    post = ig.media[published.remote_id]
    assert post["media_type"] == "VIDEO"
    assert post["items"][0]["data"] == files["video"].read_bytes()
    polls = [
        r for r in ig.requests if r.method == "GET" and r.arg("fields") == "status_code,status"
    ]
    assert len(polls) == 4  # three IN_PROGRESS, then FINISHED
    container = ig.containers[post["container"]]
    assert container["share_to_feed"] == "true"


def test_container_error_is_rejected_with_metas_reason_and_files_removed(ig, dav, files):
    ig.fail_next = "The video could not be processed"
    a = adapter(ig, dav)
    with pytest.raises(RejectedError) as exc:
        send(a, request(ig, dav, media=[media_file(files["video"], "video")]))
    assert "could not be processed" in exc.value.message
    assert ig.published == [] and dav.files == {}


def test_expired_container_is_transient_and_the_retry_makes_a_new_one(ig, dav, files):
    ig.expire_next = True
    memo: dict = {}
    req = request(ig, dav, media=[photo(files)])
    with pytest.raises(TransientError):
        send(adapter(ig, dav, memo), req)
    published = send(adapter(ig, dav, memo), req)
    assert len(ig.published) == 1 and ig.media[published.remote_id]["caption"] == req.text
    assert len(calls(ig, "POST", "/media")) == 2


def test_quota_used_up_waits_and_sends_no_publish(ig, dav, files):
    ig.quota_total = 1
    send(adapter(ig, dav), request(ig, dav, text="the day's one post", media=[photo(files)]))
    with pytest.raises(RateLimitedError) as exc:
        send(adapter(ig, dav), request(ig, dav, media=[photo(files, "photo2")]))
    assert exc.value.retry_after == 3600
    assert len(calls(ig, "POST", "/media_publish")) == 1


def test_rate_limit_code_uses_the_usage_header_estimate(ig, dav, files):
    usage = json.dumps(
        {"1784": [{"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 2}]}
    )
    ig.fault(
        "POST",
        r"/media$",
        "status",
        status=400,
        headers={"X-Business-Use-Case-Usage": usage},
        body={
            "error": {
                "message": "(#4) Application request limit reached",
                "type": "OAuthException",
                "code": 4,
                "fbtrace_id": "x",
            }
        },
    )
    with pytest.raises(RateLimitedError) as exc:
        send(adapter(ig, dav), request(ig, dav, media=[photo(files)]))
    assert exc.value.retry_after == 120


def test_http_429_uses_retry_after(ig, dav, files):
    ig.fault(
        "POST",
        r"/media$",
        "status",
        status=429,
        headers={"Retry-After": "1"},
        body={
            "error": {
                "message": "Too many calls",
                "type": "OAuthException",
                "code": 32,
                "fbtrace_id": "x",
            }
        },
    )
    with pytest.raises(RateLimitedError) as exc:
        send(adapter(ig, dav), request(ig, dav, media=[photo(files)]))
    assert exc.value.retry_after == 1


@pytest.mark.parametrize(
    "status, code, cls",
    [
        (500, 1, TransientError),
        (400, 2, TransientError),
        (503, None, TransientError),
        (400, 368, RejectedError),
    ],
)
def test_error_classes(ig, dav, files, status, code, cls):
    body = (
        {"error": {"message": "boom", "type": "OAuthException", "code": code, "fbtrace_id": "x"}}
        if code
        else b"Service Unavailable"
    )
    ig.fault("POST", r"/media_publish$", "status", status=status, body=body)
    with pytest.raises(cls):
        send(adapter(ig, dav), request(ig, dav, media=[photo(files)]))


def test_too_long_caption_is_rejected_with_instagrams_words(ig, dav, files):
    with pytest.raises(RejectedError) as exc:
        send(adapter(ig, dav), request(ig, dav, text="x" * 2300, media=[photo(files)]))
    assert "2200" in exc.value.message and dav.files == {}


def test_media_instagram_cannot_fetch_is_rejected_with_metas_words(ig, dav, files):
    a = adapter(ig, dav)
    req = request(ig, dav, media=[photo(files)])
    uploads = [a.upload(m, req) for m in req.media]
    dav.files.clear()  # the public folder lost the file before Meta fetched it
    with pytest.raises(RejectedError) as exc:
        a.publish(req, uploads)
    assert "Media download has failed" in exc.value.message
    assert ig.fetched == [uploads[0].ref["url"]] and ig.published == []


def test_reset_mid_upload_then_retry_succeeds(ig, dav, files):
    memo: dict = {}
    req = request(ig, dav, media=[photo(files)])
    dav.fault("PUT", r"/media/", "drop-before")
    with pytest.raises(TransientError):
        send(adapter(ig, dav, memo), req)
    send(adapter(ig, dav, memo), req)
    assert len(ig.published) == 1


# -- exactly once ------------------------------------------------------------------------------
def test_lost_publish_response_is_found_by_reconcile_and_never_sent_twice(ig, dav, files):
    memo: dict = {}
    req = request(ig, dav, media=[photo(files)])
    ig.fault("POST", r"/media_publish$", "drop-after")
    with pytest.raises(TransientError):
        send(adapter(ig, dav, memo), req)
    assert len(ig.published) == 1  # it did go out
    assert dav.files  # the lost answer left the file public...
    found = adapter(ig, dav, memo).reconcile(req)
    assert found is not None and found.remote_id == ig.published[0]["id"]
    assert len(calls(ig, "POST", "/media_publish")) == 1
    assert dav.files == {}  # ...until reconcile found the post


def test_publish_that_never_arrived_reuses_the_container_without_reupload(ig, dav, files):
    memo: dict = {}
    req = request(ig, dav, media=[photo(files)])
    ig.fault("POST", r"/media_publish$", "drop-before")
    with pytest.raises(TransientError):
        send(adapter(ig, dav, memo), req)
    a = adapter(ig, dav, memo)
    assert a.reconcile(req) is None
    send(a, req)
    assert len(ig.published) == 1
    assert len(calls(ig, "POST", "/media")) == 1 and len(calls(dav, "PUT", ".jpg")) == 1


def test_reconcile_without_a_container_asks_nothing(ig, dav):
    req = request(ig, dav, media=())
    assert adapter(ig, dav).reconcile(req) is None
    assert ig.requests == []


def test_reconcile_matches_caption_not_just_any_recent_post(ig, dav, files):
    memo: dict = {}
    send(
        adapter(ig, dav),
        request(ig, dav, text="an older, different post", media=[photo(files, "photo2")]),
    )
    req = request(ig, dav, media=[photo(files)])
    ig.fault("POST", r"/media_publish$", "drop-after")
    with pytest.raises(TransientError):
        send(adapter(ig, dav, memo), req)
    found = adapter(ig, dav, memo).reconcile(req)
    assert ig.media[found.remote_id]["caption"] == req.text


def test_reconcile_follows_paging_when_newer_posts_came_after_ours(ig, dav, files):
    ig.page_size = 2
    memo: dict = {}
    req = request(ig, dav, media=[photo(files)])
    ig.fault("POST", r"/media_publish$", "drop-after")
    with pytest.raises(TransientError):
        send(adapter(ig, dav, memo), req)
    for n in range(3):  # a colleague posted from the phone meanwhile
        send(adapter(ig, dav), request(ig, dav, text=f"later post {n}", media=[photo(files)]))
    found = adapter(ig, dav, memo).reconcile(req)
    assert found is not None and ig.media[found.remote_id]["caption"] == req.text
    listed = [r for r in ig.requests if r.method == "GET" and r.path.endswith("/media")]
    assert len(listed) == 2 and listed[1].arg("after") == "2"
    assert not ig.token_in_query
