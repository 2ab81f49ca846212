"""The YouTube adapter against the Data API v3 contract server (resumable upload)."""

from __future__ import annotations

import json

import pytest
import requests
from contract.media_files import context, photo, video
from contract.youtube import UNIT, YouTubeServer

from studio.publish.adapters.youtube import YouTubeAdapter
from studio.publish.protocol import (
    Account,
    AuthError,
    PublishRequest,
    RateLimitedError,
    TransientError,
)


class SmallChunks(YouTubeAdapter):
    CHUNK = UNIT  # the smallest chunk YouTube allows: three chunks from a ~600 KB file


@pytest.fixture
def server():
    with YouTubeServer() as s:
        yield s


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """About 600 KB: three 256 KiB chunks, the last one short."""
    d = tmp_path_factory.mktemp("yt")
    m = video(d / "clip.mp4", seconds=2, bitrate="2200k")
    poster = photo(d / "poster.jpg", size=(640, 360))
    from dataclasses import replace

    return replace(m, poster=poster.path)


@pytest.fixture
def make(server):
    def make(memo=None, bundle=None, **options):
        acc = Account(
            name="maridia-yt",
            platform="youtube",
            server=server.url,
            options={"client_id": YouTubeServer.CLIENT_ID, **options},
        )
        ctx, _ = context(bundle or server.issue_tokens(), memo)
        return SmallChunks(acc, ctx), acc

    return make


def req(acc, clip, title="Fez tanneries: a morning with the dyers", langs=("fr",)):
    return PublishRequest(
        key="k" * 32,
        account=acc,
        text="Chouara, Fès. #patrimoine",
        media=(clip,),
        langs=langs,
        title=title,
    )


def chunk_puts(server):
    return [
        r
        for r in server.requests
        if r.method == "PUT" and not r.headers["content-range"].startswith("bytes */")
    ]


def test_sign_in_uses_googles_offline_consent_and_the_client_secret(server):
    acc = Account(
        name="maridia-yt",
        platform="youtube",
        server=server.url,
        options={"client_id": YouTubeServer.CLIENT_ID},
    )

    def browser(url):
        requests.get(url, timeout=5)

    with pytest.raises(AuthError, match="client secret"):
        YouTubeAdapter.sign_in(acc, requests.Session(), browser)
    bundle = json.loads(
        YouTubeAdapter.sign_in(
            acc, requests.Session(), browser, client_secret=YouTubeServer.CLIENT_SECRET
        )
    )
    assert bundle["refresh_token"] in server.refresh_tokens


def test_verify_and_expired_sign_in(make, server):
    adapter, _ = make()
    info = adapter.verify()
    assert info.handle == "@maridiaculture"
    assert info.url.endswith("UCmaridia000000000000000")
    server.revoke_access()
    server.refresh_tokens.clear()
    with pytest.raises(AuthError):
        adapter.verify()


def test_resumable_upload_in_three_chunks_with_metadata_language_and_thumbnail(make, server, clip):
    assert 2 * UNIT < clip.path.stat().st_size < 3 * UNIT
    adapter, acc = make()
    request = req(acc, clip)
    assert adapter.prepare(request) == []
    up = adapter.upload(clip, request)
    assert server.videos == {}  # nothing exists before the bytes
    done = adapter.publish(request, [up])
    video_ = server.videos[done.remote_id]
    assert video_["bytes"] == clip.path.read_bytes()
    assert video_["snippet"]["title"] == request.title
    assert video_["snippet"]["description"] == request.text
    assert video_["snippet"]["defaultLanguage"] == "fr"
    assert video_["status"]["privacyStatus"] == "private"  # the documented safe default
    assert done.extra["privacy"] == "private"
    assert server.thumbnails[done.remote_id] == clip.poster.read_bytes()
    assert len(chunk_puts(server)) == 3
    assert done.url == f"https://www.youtube.com/watch?v={done.remote_id}"


def test_privacy_option_and_title_rules(make, server, clip):
    adapter, acc = make(privacy="public")
    done = adapter.publish(req(acc, clip), [adapter.upload(clip, req(acc, clip))])
    assert server.videos[done.remote_id]["status"]["privacyStatus"] == "public"
    bad, acc2 = make(privacy="everyone")
    problems = bad.prepare(req(acc2, clip, title="<b>Fez</b>"))
    assert any("privacy" in p for p in problems)
    assert any(p.startswith("title:") for p in problems)
    # no title: the caption's first line serves when it fits
    assert adapter.title_for(req(acc, clip, title=None)) == "Chouara, Fès. #patrimoine"


def test_a_chunk_cut_off_midway_resumes_from_the_reported_range(make, server, clip):
    adapter, acc = make()
    request = req(acc, clip)
    up = adapter.upload(clip, request)
    server.keep_partial = 100_000  # the second chunk stops after 100,000 bytes, then 503
    done = adapter.publish(request, [up])
    assert server.videos[done.remote_id]["bytes"] == clip.path.read_bytes()
    asks = [r for r in server.requests if r.headers.get("content-range", "").startswith("bytes */")]
    assert len(asks) == 1


def test_connection_reset_then_retry_by_the_outbox_uploads_no_byte_twice(make, server, clip):
    memo: dict = {}
    adapter, acc = make(memo=memo)
    adapter.RESUMES = 0  # give up at once: the outbox retries later
    request = req(acc, clip)
    up = adapter.upload(clip, request)
    server.fault("PUT", "/upload/youtube/v3/videos", "drop-before", times=1)
    with pytest.raises(TransientError):
        adapter.publish(request, [up])
    again, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    assert again.reconcile(request) is None  # incomplete: nothing on YouTube yet
    up2 = again.upload(clip, request)
    assert up2.ref == up.ref  # the same session, no second POST
    done = again.publish(request, [up2])
    assert server.videos[done.remote_id]["bytes"] == clip.path.read_bytes()
    assert len(server.videos) == 1
    assert len([r for r in server.requests if r.method == "POST" and "videos" in r.path]) == 1


def test_lost_answer_to_the_last_chunk_reconciles_to_the_video(make, server, clip):
    memo: dict = {}
    adapter, acc = make(memo=memo)
    adapter.RESUMES = 0
    request = req(acc, clip)
    up = adapter.upload(clip, request)
    # the final chunk lands and the video is created, but the answer never arrives
    server.fault("PUT", "/upload/youtube/v3/videos", "drop-after", times=1)
    adapter.CHUNK = 4 * UNIT  # one chunk: the whole file
    with pytest.raises(TransientError):
        adapter.publish(request, [up])
    assert len(server.videos) == 1
    again, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    found = again.reconcile(request)
    assert found is not None and found.remote_id in server.videos
    assert again.publish(request, [up]).remote_id == found.remote_id  # never a second upload
    assert len(server.videos) == 1


def test_quota_exhaustion_is_rate_limited_until_pacific_midnight(make, server, clip):
    adapter, acc = make()
    server.fault(
        "POST",
        "/upload/youtube/v3/videos",
        "status",
        status=403,
        body={
            "error": {
                "code": 403,
                "message": "The request cannot be completed because you have exceeded your quota.",
                "errors": [{"reason": "quotaExceeded"}],
            }
        },
    )
    with pytest.raises(RateLimitedError) as err:
        adapter.upload(clip, req(acc, clip))
    assert 0 < err.value.retry_after <= 86400
    assert "quota" in err.value.platform_message


def test_thumbnail_refusal_is_a_warning_not_a_failure(make, server, clip):
    adapter, acc = make()
    server.thumbnail_refusal = True
    done = adapter.publish(req(acc, clip), [adapter.upload(clip, req(acc, clip))])
    assert done.remote_id in server.videos
    assert "thumbnail" in done.extra["warnings"][0]


def test_server_errors_on_start_are_transient_and_retry_after_is_read(make, server, clip):
    adapter, acc = make()
    server.fault(
        "POST",
        "/upload/youtube/v3/videos",
        "status",
        status=500,
        body={"error": {"code": 500, "message": "Backend Error"}},
    )
    with pytest.raises(TransientError):
        adapter.upload(clip, req(acc, clip))
    server.fault(
        "POST",
        "/upload/youtube/v3/videos",
        "status",
        status=429,
        headers={"Retry-After": "2"},
        body={"error": {"code": 429, "message": "slow"}},
    )
    with pytest.raises(RateLimitedError) as err:
        adapter.upload(clip, req(acc, clip))
    assert err.value.retry_after == 2


def test_metadata_youtube_refuses_is_a_rejection_with_its_words(make, server, clip):
    from studio.publish.protocol import RejectedError

    adapter, acc = make()
    bad = req(acc, clip, title="x" * 101)
    assert any(p.startswith("title:") for p in adapter.prepare(bad))
    with pytest.raises(RejectedError) as err:
        adapter.upload(clip, bad)
    assert "invalid video title" in err.value.platform_message
    assert server.sessions == {}


def test_an_expired_session_restarts_the_upload_with_a_new_one(make, server, clip):
    memo: dict = {}
    adapter, acc = make(memo=memo)
    request = req(acc, clip)
    up = adapter.upload(clip, request)
    server.fault(
        "PUT",
        "/upload/youtube/v3/videos",
        "status",
        status=404,
        body={"error": {"code": 404, "message": "Not Found"}},
    )
    with pytest.raises(TransientError, match="expired"):
        adapter.publish(request, [up])
    server.sessions.clear()  # YouTube forgot the session
    again, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    assert again.reconcile(request) is None
    done = again.publish(request, [up])  # the outbox hands back the old, dead session
    assert server.videos[done.remote_id]["bytes"] == clip.path.read_bytes()
    assert len(server.videos) == 1
