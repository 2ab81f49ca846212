"""Facebook Page adapter against the Facebook contract server on loopback."""

from __future__ import annotations

import pytest
from contract.facebook import FacebookServer
from contract.meta_common import make_jpeg, make_mp4, media_file

from studio.publish.adapters.facebook import FacebookAdapter
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
KEY = "fb" * 20


@pytest.fixture(scope="module")
def fb_server():
    with FacebookServer() as s:
        yield s


@pytest.fixture
def fb(fb_server):
    fb_server.reset()
    return fb_server


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("fb-media")
    return {
        "photo": make_jpeg(d / "kasbah.jpg"),
        "photo2": make_jpeg(d / "souk.jpg", colour=(10, 200, 90)),
        "video": make_mp4(d / "oud.mp4"),
    }


def account(fb, page=None):
    return Account("maridia-fb", "facebook", server=fb.url, options={"page_id": page or fb.page_id})


def adapter(fb, memo=None, page=None):
    ctx = LocalContext(Credentials(TOKEN), memo=memo if memo is not None else {})
    return FacebookAdapter(account(fb, page), ctx)


def request(fb, text="Maridia's kasbah, restored stone by stone.", media=()):
    return PublishRequest(KEY, account(fb), text, tuple(media), langs=("en",))


def send(a, req):
    return a.publish(req, [a.upload(m, req) for m in req.media])


def posts_made(fb):
    return [r for r in fb.requests if r.method == "POST" and r.path.endswith("/feed")]


def test_verify_reads_the_page(fb):
    info = adapter(fb).verify()
    assert info.handle == "Maridia Culture" and info.url.endswith(fb.page_id)
    assert not fb.token_in_query


def test_token_of_another_page_is_an_auth_error(fb):
    with pytest.raises(AuthError) as exc:
        adapter(fb, page="999").verify()
    assert "999" in exc.value.message and TOKEN not in exc.value.message


def test_expired_token_is_an_auth_error(fb):
    fb.expired = True
    with pytest.raises(AuthError):
        adapter(fb).verify()


def test_text_post(fb):
    req = request(fb)
    published = send(adapter(fb), req)
    assert [p["message"] for p in fb.posts] == [req.text]
    assert published.remote_id == fb.posts[0]["id"] and published.url


def test_photos_with_alt_text_make_one_post_with_identical_bytes(fb, files):
    media = [
        media_file(files["photo"], alt="The kasbah's red walls"),
        media_file(files["photo2"], alt="The souk at noon"),
    ]
    req = request(fb, media=media)
    assert adapter(fb).prepare(req) == []
    published = send(adapter(fb), req)
    (post,) = fb.posts
    assert post["id"] == published.remote_id and post["message"] == req.text
    assert [m["data"] for m in post["media"]] == [m.data() for m in media]
    assert [m["alt"] for m in post["media"]] == ["The kasbah's red walls", "The souk at noon"]


def test_video_is_uploaded_in_the_chunks_the_server_asks_for(fb, files):
    fb.chunk = 16 * 1024
    req = request(fb, media=[media_file(files["video"], "video")])
    published = send(adapter(fb), req)
    (post,) = fb.posts
    assert post["kind"] == "video" and post["message"] == req.text
    assert post["media"][0]["data"] == files["video"].read_bytes()
    assert published.remote_id == post["media"][0]["id"]
    transfers = [r for r in fb.requests if fb.params(r).get("upload_phase") == "transfer"]
    assert len(transfers) == -(-files["video"].stat().st_size // fb.chunk) > 1


def test_reset_mid_video_upload_resumes_at_the_acknowledged_offset(fb, files):
    fb.chunk = 16 * 1024
    memo: dict = {}
    req = request(fb, media=[media_file(files["video"], "video")])

    fb.fault("POST", r"/videos$", "delay", seconds=0)  # the start call
    fb.fault("POST", r"/videos$", "delay", seconds=0)  # first chunk
    fb.fault("POST", r"/videos$", "drop-before")  # second chunk: connection reset
    with pytest.raises(TransientError):
        send(adapter(fb, memo), req)
    send(adapter(fb, memo), req)
    starts = [r for r in fb.requests if fb.params(r).get("upload_phase") == "start"]
    assert len(starts) == 1  # the session was resumed, not restarted
    assert fb.posts[0]["media"][0]["data"] == files["video"].read_bytes()


def test_rate_limit_with_retry_after(fb):
    fb.fault(
        "POST",
        r"/feed$",
        "status",
        status=429,
        headers={"Retry-After": "1"},
        body={
            "error": {
                "message": "(#32) Page request limit reached",
                "code": 32,
                "type": "OAuthException",
                "fbtrace_id": "x",
            }
        },
    )
    with pytest.raises(RateLimitedError) as exc:
        send(adapter(fb), request(fb))
    assert exc.value.retry_after == 1


def test_policy_block_is_rejected_with_facebooks_words(fb):
    fb.fault(
        "POST",
        r"/feed$",
        "status",
        status=400,
        body={
            "error": {
                "message": "(#368) The action attempted has been deemed abusive or is otherwise "
                "disallowed",
                "code": 368,
                "type": "OAuthException",
                "fbtrace_id": "x",
            }
        },
    )
    with pytest.raises(RejectedError) as exc:
        send(adapter(fb), request(fb))
    assert "deemed abusive" in exc.value.platform_message


def test_server_error_is_transient(fb):
    fb.fault(
        "POST",
        r"/feed$",
        "status",
        status=500,
        body={
            "error": {
                "message": "An unknown error has occurred.",
                "code": 1,
                "type": "OAuthException",
                "fbtrace_id": "x",
            }
        },
    )
    with pytest.raises(TransientError):
        send(adapter(fb), request(fb))


def test_too_large_photo_is_rejected(fb, files):
    fb.fault("POST", r"/photos$", "status", status=413, body=b"Request Entity Too Large")
    with pytest.raises(RejectedError) as exc:
        send(adapter(fb), request(fb, media=[media_file(files["photo"])]))
    assert "too large" in exc.value.message


def test_lost_response_is_found_by_reconcile_and_not_posted_again(fb, files):
    memo: dict = {}
    send(adapter(fb), request(fb, text="yesterday's different post"))
    req = request(fb, media=[media_file(files["photo"], alt="kasbah")])
    fb.fault("POST", r"/feed$", "drop-after")
    with pytest.raises(TransientError):
        send(adapter(fb, memo), req)
    found = adapter(fb, memo).reconcile(req)
    assert found is not None and found.remote_id == fb.posts[-1]["id"]
    assert len(posts_made(fb)) == 2 and len(fb.posts) == 2


def test_request_that_never_arrived_reconciles_to_none_and_reuses_the_photos(fb, files):
    memo: dict = {}
    req = request(fb, media=[media_file(files["photo"], alt="kasbah")])
    fb.fault("POST", r"/feed$", "drop-before")
    with pytest.raises(TransientError):
        send(adapter(fb, memo), req)
    a = adapter(fb, memo)
    assert a.reconcile(req) is None
    send(a, req)
    assert len(fb.posts) == 1
    assert len([r for r in fb.requests if r.path.endswith("/photos")]) == 1


def test_reconcile_before_any_attempt_asks_nothing(fb):
    assert adapter(fb).reconcile(request(fb)) is None
    assert fb.requests == []


def _graph_error(code, message="boom", **extra):
    return {
        "error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "AbC",
            **extra,
        }
    }


@pytest.mark.parametrize(
    "code, extra, cls",
    [
        (80001, {}, RateLimitedError),  # "too many calls to this Page account"
        (613, {}, RateLimitedError),
        (200, {}, AuthError),  # permission missing: a new token is needed
        (100, {"is_transient": True}, TransientError),
        (100, {"error_subcode": 1349125}, RejectedError),
    ],
)
def test_graph_error_codes_decide_not_the_http_status(fb, code, extra, cls):
    fb.fault("POST", r"/feed$", "status", status=400, body=_graph_error(code, **extra))
    with pytest.raises(cls) as exc:
        send(adapter(fb), request(fb))
    assert type(exc.value) is cls and f"code {code}" in exc.value.message


def test_a_token_echoed_by_meta_is_masked(fb):
    fb.fault(
        "POST",
        r"/feed$",
        "status",
        status=400,
        body=_graph_error(100, f"Invalid parameter near {TOKEN}"),
    )
    with pytest.raises(RejectedError) as exc:
        send(adapter(fb), request(fb))
    assert TOKEN not in exc.value.message and TOKEN not in (exc.value.platform_message or "")
    assert "<hidden>" in exc.value.message
