"""Threads adapter against the Threads contract server and a loopback public media host."""

from __future__ import annotations

import pytest
from contract.media_host import MediaHostServer
from contract.meta_common import make_jpeg, make_mp4, media_file
from contract.threads import ThreadsServer

from studio.publish.adapters.threads import ThreadsAdapter
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

KEY = "7a" * 20


@pytest.fixture(autouse=True)
def fast(monkeypatch):
    monkeypatch.setattr(ThreadsAdapter, "POLL_INTERVAL", 0.01)


@pytest.fixture(scope="module")
def th_server():
    with ThreadsServer() as s:
        yield s


@pytest.fixture(scope="module")
def dav_server():
    with MediaHostServer() as s:
        yield s


@pytest.fixture
def th(th_server):
    th_server.reset()
    return th_server


@pytest.fixture
def dav(dav_server):
    dav_server.reset()
    return dav_server


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("threads-media")
    return {
        "photo": make_jpeg(d / "kasbah.jpg"),
        "photo2": make_jpeg(d / "souk.jpg", colour=(5, 5, 250)),
        "video": make_mp4(d / "oud.mp4"),
    }


def account(th, dav):
    return Account(
        "maridia-threads",
        "threads",
        server=th.url,
        options={"media_upload": "put", "media_put_url": dav.folder},
    )


def adapter(th, dav, memo=None):
    ctx = LocalContext(Credentials(th.token), memo=memo if memo is not None else {})
    return ThreadsAdapter(account(th, dav), ctx)


def request(th, dav, text="Oud night at the Maridia cultural centre 🎶", media=()):
    return PublishRequest(KEY, account(th, dav), text, tuple(media), langs=("ar", "en"))


def send(a, req):
    return a.publish(req, [a.upload(m, req) for m in req.media])


def publishes(th):
    return [r for r in th.requests if r.method == "POST" and r.path.endswith("/threads_publish")]


def test_verify(th, dav):
    info = adapter(th, dav).verify()
    assert info.handle == "maridia.culture" and not th.token_in_query


def test_expired_token(th, dav):
    th.expired = True
    with pytest.raises(AuthError) as exc:
        adapter(th, dav).verify()
    assert th.token not in exc.value.message


def test_text_post_needs_no_media_location(th, dav):
    req = request(th, dav)
    a = ThreadsAdapter(Account("t", "threads", server=th.url), LocalContext(Credentials(th.token)))
    assert a.prepare(req) == []
    published = send(a, req)
    (post,) = th.published
    assert post["text"] == req.text and post["kind"] == "TEXT"
    assert published.remote_id == post["id"] and published.url == post["permalink"]


def test_prepare_counts_emoji_as_utf8_bytes_like_threads(th, dav):
    text = "x" * 497 + "🎶"  # 497 + 4 bytes = 501 > 500
    problems = adapter(th, dav).prepare(request(th, dav, text=text))
    assert problems and "text" in problems[0]


def test_image_with_alt_text_reaches_threads_byte_identical(th, dav, files):
    req = request(th, dav, media=[media_file(files["photo"], alt="The kasbah's red walls")])
    send(adapter(th, dav), req)
    (post,) = th.published
    assert post["kind"] == "IMAGE" and post["text"] == req.text
    assert post["items"][0]["data"] == files["photo"].read_bytes()
    assert post["items"][0]["alt"] == "The kasbah's red walls"
    assert dav.files == {}


def test_carousel_with_video_polls_and_keeps_order_and_alt(th, dav, files):
    media = [
        media_file(files["video"], "video", alt="An oud player"),
        media_file(files["photo"], alt="The kasbah"),
        media_file(files["photo2"], alt="The souk"),
    ]
    send(adapter(th, dav), request(th, dav, media=media))
    (post,) = th.published
    assert post["kind"] == "CAROUSEL"
    assert [i["kind"] for i in post["items"]] == ["VIDEO", "IMAGE", "IMAGE"]
    assert [i["data"] for i in post["items"]] == [m.data() for m in media]
    assert [i["alt"] for i in post["items"]] == ["An oud player", "The kasbah", "The souk"]


def test_failed_video_processing_is_rejected_with_the_error_message(th, dav, files):
    th.fail_next = "FAILED_PROCESSING_VIDEO"
    with pytest.raises(RejectedError) as exc:
        send(adapter(th, dav), request(th, dav, media=[media_file(files["video"], "video")]))
    assert "FAILED_PROCESSING_VIDEO" in exc.value.message and th.published == []
    assert dav.files == {}


def test_too_long_text_is_rejected_by_threads(th, dav):
    with pytest.raises(RejectedError) as exc:
        send(adapter(th, dav), request(th, dav, text="é" * 501))
    assert "500" in exc.value.message


def test_publishing_limit_reached(th, dav):
    th.quota_total = 1
    send(adapter(th, dav), request(th, dav, text="first"))
    with pytest.raises(RateLimitedError):
        send(adapter(th, dav), request(th, dav, text="second"))
    assert len(publishes(th)) == 1


def test_429_with_retry_after_and_5xx(th, dav):
    th.fault(
        "POST",
        r"/threads$",
        "status",
        status=429,
        headers={"Retry-After": "2"},
        body={
            "error": {
                "message": "Too many calls",
                "code": 17,
                "type": "OAuthException",
                "fbtrace_id": "x",
            }
        },
    )
    with pytest.raises(RateLimitedError) as exc:
        send(adapter(th, dav), request(th, dav))
    assert exc.value.retry_after == 2
    th.fault("POST", r"/threads$", "status", status=502, body=b"Bad Gateway")
    with pytest.raises(TransientError):
        send(adapter(th, dav), request(th, dav))


def test_lost_publish_response_is_reconciled_not_reposted(th, dav, files):
    memo: dict = {}
    req = request(th, dav, media=[media_file(files["photo"], alt="kasbah")])
    th.fault("POST", r"/threads_publish$", "drop-after")
    with pytest.raises(TransientError):
        send(adapter(th, dav, memo), req)
    found = adapter(th, dav, memo).reconcile(req)
    assert found is not None and found.remote_id == th.published[0]["id"]
    assert len(publishes(th)) == 1


def test_publish_that_never_arrived_reuses_the_container(th, dav):
    memo: dict = {}
    req = request(th, dav)
    th.fault("POST", r"/threads_publish$", "drop-before")
    with pytest.raises(TransientError):
        send(adapter(th, dav, memo), req)
    a = adapter(th, dav, memo)
    assert a.reconcile(req) is None
    send(a, req)
    assert len(th.published) == 1
    assert len([r for r in th.requests if r.method == "POST" and r.path.endswith("/threads")]) == 1
