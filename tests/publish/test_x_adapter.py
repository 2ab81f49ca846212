"""The X adapter against the X API v2 contract server (tests/servers/contract/x.py)."""

from __future__ import annotations

import time

import pytest
from contract.media_files import context, photo, video
from contract.x import XServer

from studio.publish.adapters.x import XAdapter
from studio.publish.protocol import (
    Account,
    AuthError,
    PublishRequest,
    RateLimitedError,
    RejectedError,
    TransientError,
)


class FastX(XAdapter):
    CHUNK = 64 * 1024  # several APPEND segments from a small file
    POLL_MAX = 0.01


@pytest.fixture
def server():
    with XServer() as s:
        yield s


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return video(tmp_path_factory.mktemp("x") / "clip.mp4", seconds=2)


@pytest.fixture
def make(server):
    def make(memo=None, bundle=None):
        acc = Account(
            name="maridia-x",
            platform="x",
            server=server.url,
            options={"client_id": XServer.CLIENT_ID},
        )
        ctx, _ = context(bundle or server.issue_tokens(), memo)
        return FastX(acc, ctx), acc, ctx

    return make


def req(acc, text="Maridia's lace makers, Rabat 2026 #heritage", media=(), key="k" * 32):
    return PublishRequest(key=key, account=acc, text=text, media=tuple(media), langs=("en",))


def test_verify_names_the_account_and_refuses_a_revoked_sign_in(make, server):
    adapter, _, _ = make()
    assert adapter.verify().handle == "@maridia_culture"
    server.revoke_access()
    server.refresh_tokens.clear()
    with pytest.raises(AuthError):
        adapter.verify()


def test_text_post(make, server):
    adapter, acc, _ = make()
    request = req(acc, text="Tbourida & the riders <of> Meknes https://example.org/tbourida")
    assert adapter.prepare(request) == []
    done = adapter.publish(request, [])
    assert [p["text"] for p in server.posts] == [request.text]
    assert done.remote_id == server.posts[0]["id"]
    assert done.url == f"https://x.com/i/status/{done.remote_id}"


def test_photos_with_alt_text_arrive_byte_identical(make, server, tmp_path):
    adapter, acc, _ = make()
    files = [photo(tmp_path / f"p{i}.jpg", seed=i, alt=f"Zellige panel {i}") for i in range(2)]
    request = req(acc, media=files)
    uploads = [adapter.upload(m, request) for m in files]
    adapter.publish(request, uploads)
    post = server.posts[0]
    for mid, f in zip(post["media_ids"], files, strict=True):
        stored = server.media[mid]
        assert stored["bytes"] == f.path.read_bytes()
        assert stored["alt"] == f.alt
        assert stored["category"] == "tweet_image"


def test_video_is_chunked_and_polled_until_processed(make, server, clip):
    adapter, acc, _ = make()
    size = clip.path.stat().st_size
    assert size > 3 * FastX.CHUNK
    request = req(acc, media=[clip])
    progress = []
    adapter.ctx._on_progress = lambda f, m: progress.append(f)
    up = adapter.upload(clip, request)
    m = server.media[up.ref]
    assert m["bytes"] == clip.path.read_bytes()
    assert len(m["segments"]) == -(-size // FastX.CHUNK)
    assert m["state"] == "succeeded" and m["polls"] == XServer.PROCESSING_POLLS
    assert progress == sorted(progress) and progress[-1] == 1.0
    adapter.publish(request, [up])
    assert server.posts[0]["media_ids"] == [up.ref]


def test_a_connection_reset_mid_upload_resumes_at_the_failed_segment(make, server, clip):
    memo: dict = {}
    adapter, acc, _ = make(memo=memo)
    server.fault("POST", r"/append$", "drop-before", times=1)
    server.requests.clear()
    # the first append is dropped: transient, and nothing is lost
    with pytest.raises(TransientError):
        adapter.upload(clip, req(acc, media=[clip]))
    again, _, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    up = again.upload(clip, req(acc, media=[clip]))
    assert server.media[up.ref]["bytes"] == clip.path.read_bytes()
    inits = [r for r in server.requests if r.path.endswith("/initialize")]
    assert len(inits) == 1  # resumed the same media id, no second upload session


def test_rate_limit_uses_x_rate_limit_reset(make, server):
    adapter, acc, _ = make()
    reset = int(time.time()) + 7
    server.fault(
        "POST",
        r"^/2/tweets$",
        "status",
        status=429,
        body={
            "title": "Too Many Requests",
            "detail": "Too Many Requests",
            "type": "about:blank",
            "status": 429,
        },
        headers={"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"},
    )
    with pytest.raises(RateLimitedError) as err:
        adapter.publish(req(acc), [])
    assert 5 <= err.value.retry_after <= 7
    assert server.posts == []


def test_server_errors_and_refusals_are_classified(make, server):
    adapter, acc, _ = make()
    server.fault(
        "POST", r"^/2/tweets$", "status", status=503, body={"title": "Service Unavailable"}
    )
    with pytest.raises(TransientError):
        adapter.publish(req(acc), [])
    long = req(acc, text="x" * 281)
    assert adapter.prepare(long)  # the rules already say it
    with pytest.raises(RejectedError) as err:
        adapter.publish(long, [])
    assert "invalid" in err.value.platform_message.lower()


def test_a_413_on_a_segment_is_a_rejection(make, server, tmp_path):
    adapter, acc, _ = make()
    pic = photo(tmp_path / "p.jpg")
    server.fault(
        "POST",
        r"/append$",
        "status",
        status=413,
        body={"title": "Payload Too Large", "detail": "too large"},
    )
    with pytest.raises(RejectedError, match="too large"):
        adapter.upload(pic, req(acc, media=[pic]))


def test_lost_response_after_the_post_was_created_reconciles_to_it(make, server, tmp_path):
    memo: dict = {}
    adapter, acc, _ = make(memo=memo)
    pic = photo(tmp_path / "p.jpg", alt="Kasbah gate")
    request = req(acc, text="Ait Ben Haddou at dawn https://example.org/kasbah", media=[pic])
    up = adapter.upload(pic, request)
    server.fault("POST", r"^/2/tweets$", "drop-after")
    with pytest.raises(TransientError):
        adapter.publish(request, [up])
    assert len(server.posts) == 1
    # a new process after the crash: same remembered state, a fresh adapter
    again, _, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    found = again.reconcile(request)
    assert found is not None and found.remote_id == server.posts[0]["id"]
    assert len(server.posts) == 1
    creates = [r for r in server.requests if r.path == "/2/tweets"]
    assert len(creates) == 1


def test_a_duplicate_refusal_after_an_unknown_outcome_returns_the_earlier_post(make, server):
    memo: dict = {}
    adapter, acc, _ = make(memo=memo)
    request = req(acc)
    server.fault("POST", r"^/2/tweets$", "drop-after")
    with pytest.raises(TransientError):
        adapter.publish(request, [])
    done = adapter.publish(request, [])  # the retry meets X's duplicate-content refusal
    assert done.remote_id == server.posts[0]["id"]
    assert len(server.posts) == 1


def test_a_duplicate_refusal_on_a_first_attempt_is_shown_as_a_rejection(make, server):
    adapter, acc, _ = make()
    adapter.publish(req(acc), [])
    fresh, _, _ = make()  # another delivery (another key) with the same words
    with pytest.raises(RejectedError, match="identical"):
        fresh.publish(req(acc, key="z" * 32), [])


def test_reconcile_without_any_attempt_or_with_a_dropped_request_finds_nothing(make, server):
    memo: dict = {}
    adapter, acc, _ = make(memo=memo)
    request = req(acc)
    assert adapter.reconcile(request) is None
    server.fault("POST", r"^/2/tweets$", "drop-before")
    with pytest.raises(TransientError):
        adapter.publish(request, [])
    assert adapter.reconcile(request) is None
    adapter.publish(request, [])
    assert len(server.posts) == 1


def test_reconcile_does_not_match_a_post_with_other_media(make, server, tmp_path):
    memo: dict = {}
    adapter, acc, _ = make(memo=memo)
    adapter.publish(req(acc), [])  # the same words, no photo
    pic = photo(tmp_path / "p.jpg")
    request = req(acc, media=[pic], key="m" * 32)
    fresh, _, _ = make(memo={"x:attempt": time.time()})
    assert fresh.reconcile(request) is None


def test_a_pause_between_segments_stops_and_the_resume_sends_only_the_rest(make, server, clip):
    import threading

    from studio.publish.context import Cancelled, LocalContext

    memo: dict = {}
    adapter, acc, ctx = make(memo=memo)
    pause = threading.Event()
    paused = LocalContext(
        ctx.credentials, memo=memo, cancel=pause, on_progress=lambda f, m: pause.set()
    )  # pause after the 1st segment
    with pytest.raises(Cancelled):
        FastX(acc, paused).upload(clip, req(acc, media=[clip]))
    appends = [r for r in server.requests if r.path.endswith("/append")]
    assert len(appends) == 1
    up = adapter.upload(clip, req(acc, media=[clip]))  # resumed after `studio resume`
    appends = [r for r in server.requests if r.path.endswith("/append")]
    assert len(appends) == -(-clip.path.stat().st_size // FastX.CHUNK)
    assert server.media[up.ref]["bytes"] == clip.path.read_bytes()
