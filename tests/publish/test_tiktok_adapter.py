"""The TikTok adapter against the Content Posting API contract server."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from contract.media_files import context, photo, video
from contract.media_host import MediaHostServer
from contract.tiktok import TikTokServer

from studio.publish.adapters.tiktok import TikTokAdapter, chunk_plan
from studio.publish.protocol import (
    Account,
    AuthError,
    PublishRequest,
    RateLimitedError,
    RejectedError,
    TransientError,
)

SMALL = 64 * 1024  # stands for TikTok's 5 MB minimum chunk, on both sides


class FastTikTok(TikTokAdapter):
    POLL_SECONDS = 0.01
    MIN_CHUNK = SMALL
    CHUNK = SMALL


@pytest.fixture
def server():
    with TikTokServer() as s:
        s.MIN_CHUNK = SMALL
        yield s


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return video(tmp_path_factory.mktemp("tt") / "clip.mp4", seconds=2)


@pytest.fixture
def make(server):
    def make(memo=None, bundle=None, **options):
        acc = Account(
            name="maridia-tt",
            platform="tiktok",
            server=server.url,
            options={"client_id": TikTokServer.CLIENT_ID, **options},
        )
        ctx, _ = context(bundle or server.issue_tokens(), memo)
        return FastTikTok(acc, ctx), acc

    return make


def req(acc, media, text="Gnawa night in Essaouira #music #heritage"):
    return PublishRequest(key="k" * 32, account=acc, text=text, media=tuple(media), langs=("ar",))


def post(adapter, acc, media, **kw):
    request = req(acc, media, **kw)
    return adapter.publish(request, [adapter.upload(m, request) for m in media])


def test_chunk_plan_follows_the_media_transfer_guide():
    mb = 1024 * 1024
    assert chunk_plan(3 * mb, 10 * mb) == (3 * mb, 1)  # under 5 MB: whole
    assert chunk_plan(50_000_123, 10_000_000) == (10_000_000, 5)  # the guide's example
    assert chunk_plan(12 * mb, 10 * mb) == (10 * mb, 1)  # the 2 MB tail rides on chunk 1
    size, count = chunk_plan(200 * mb, 100 * mb)
    assert size == 64 * mb and count == 3


def test_sign_in_with_client_key_comma_scopes_and_hex_pkce(server):
    acc = Account(
        name="maridia-tt",
        platform="tiktok",
        server=server.url,
        options={"client_id": TikTokServer.CLIENT_ID},
    )
    seen = []

    def browser(url):
        seen.append(url)
        requests.get(url, timeout=5)

    bundle = json.loads(
        TikTokAdapter.sign_in(
            acc, requests.Session(), browser, client_secret=TikTokServer.CLIENT_SECRET
        )
    )
    q = {k: v[0] for k, v in parse_qs(urlsplit(seen[0]).query).items()}
    assert (
        q["client_key"] == TikTokServer.CLIENT_ID and q["scope"] == "user.info.basic,video.publish"
    )
    assert len(q["code_challenge"]) == 64  # hex SHA-256
    assert q["redirect_uri"].endswith("/callback/")
    assert bundle["access_token"] in server.access_tokens


def test_verify_and_invalid_token(make, server):
    adapter, _ = make()
    assert adapter.verify().display_name == "Maridia Culture"
    server.revoke_access()
    server.refresh_tokens.clear()
    with pytest.raises(AuthError):
        adapter.verify()


def test_video_in_chunks_polled_to_publish_complete(make, server, clip):
    size = clip.path.stat().st_size
    adapter, acc = make(privacy_level="PUBLIC_TO_EVERYONE")
    done = post(adapter, acc, [clip])
    (p,) = server.posted()
    assert bytes(p["data"]) == clip.path.read_bytes()
    assert p["count"] == size // SMALL and p["count"] >= 3
    assert p["info"]["title"] == "Gnawa night in Essaouira #music #heritage"
    assert p["info"]["privacy_level"] == "PUBLIC_TO_EVERYONE"
    assert p["info"]["disable_duet"] is True  # the creator disabled duets: we must say so
    assert done.remote_id == p["post_id"]
    assert done.url == f"https://www.tiktok.com/@maridia.culture/video/{p['post_id']}"


def test_small_video_goes_in_one_chunk_and_private_is_the_default(make, server, clip):
    server.MIN_CHUNK = 5 * 1024 * 1024
    adapter, acc = make()
    adapter.MIN_CHUNK = 5 * 1024 * 1024
    done = post(adapter, acc, [clip])
    (p,) = server.posted()
    assert p["count"] == 1 and p["info"]["privacy_level"] == "SELF_ONLY"
    assert done.extra["publish_id"] in server.publishes  # no public id for a private post


def test_privacy_level_not_offered_names_the_choices(make, server, clip):
    adapter, acc = make(privacy_level="FOLLOWER_OF_CREATOR")
    with pytest.raises(RejectedError, match="SELF_ONLY"):
        post(adapter, acc, [clip])
    assert server.publishes == {}


def test_failed_processing_shows_the_reason(make, server, clip):
    adapter, acc = make()
    server.fail_next = "video_pull_failed"
    with pytest.raises(RejectedError) as err:
        post(adapter, acc, [clip])
    assert err.value.platform_message == "video_pull_failed"


def test_rate_limit_and_server_errors(make, server, clip):
    adapter, acc = make()
    server.fault(
        "POST",
        "/video/init/",
        "status",
        status=429,
        headers={"Retry-After": "4"},
        body={"data": {}, "error": {"code": "rate_limit_exceeded", "message": "slow"}},
    )
    with pytest.raises(RateLimitedError) as err:
        post(adapter, acc, [clip])
    assert err.value.retry_after == 4
    server.fault(
        "POST",
        "/video/init/",
        "status",
        status=500,
        body={"data": {}, "error": {"code": "internal_error", "message": "x"}},
    )
    with pytest.raises(TransientError):
        post(adapter, acc, [clip])


def test_reset_mid_upload_abandons_that_upload_and_the_retry_posts_once(make, server, clip):
    memo: dict = {}
    adapter, acc = make(memo=memo)
    server.fault("PUT", "/upload/video/", "drop-before", times=1)
    request = req(acc, [clip])
    ups = [adapter.upload(clip, request)]
    with pytest.raises(TransientError):
        adapter.publish(request, ups)
    again, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    assert again.reconcile(request) is None  # the first upload can never become a post
    again.publish(request, ups)
    assert len(server.posted()) == 1


def test_lost_answer_to_the_last_chunk_reconciles_to_the_post(make, server, clip):
    memo: dict = {}
    server.MIN_CHUNK = 5 * 1024 * 1024  # one chunk: it is the last one
    adapter, acc = make(memo=memo)
    adapter.MIN_CHUNK = server.MIN_CHUNK
    request = req(acc, [clip])
    ups = [adapter.upload(clip, request)]
    server.fault("PUT", "/upload/video/", "drop-after")  # all bytes land, the answer is lost
    with pytest.raises(TransientError):
        adapter.publish(request, ups)
    again, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    found = again.reconcile(request)
    assert found is not None
    assert len(server.posted()) == 1 and len(server.publishes) == 1
    assert again.publish(request, ups).remote_id == found.remote_id
    assert len(server.publishes) == 1  # no second init


def test_a_lost_answer_after_the_whole_upload_is_found_by_reconcile(make, server, clip):
    memo: dict = {}
    adapter, acc = make(memo=memo)
    request = req(acc, [clip])
    ups = [adapter.upload(clip, request)]
    server.fault("POST", "/status/fetch/", "drop-before", times=1)  # crash while polling
    with pytest.raises(TransientError):
        adapter.publish(request, ups)
    again, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    found = again.reconcile(request)
    assert found is not None and len(server.posted()) == 1
    assert again.publish(request, ups).remote_id == found.remote_id
    assert len(server.publishes) == 1


def test_photos_need_a_public_media_location(make, server, tmp_path):
    adapter, acc = make()
    pic = photo(tmp_path / "p.jpg")
    problems = adapter.prepare(req(acc, [pic]))
    assert any("public media URL" in p for p in problems)


def test_photos_are_pulled_from_the_verified_public_location(make, server, tmp_path):
    pics = [photo(tmp_path / f"p{i}.jpg", seed=i) for i in range(2)]
    with MediaHostServer() as host:
        server.verified_prefix = host.folder
        adapter, acc = make(media_upload="put", media_put_url=host.folder)
        assert adapter.prepare(req(acc, pics)) == []
        post(adapter, acc, pics)
    (p,) = server.posted()
    assert p["photos"] == [f.path.read_bytes() for f in pics]
    assert p["info"]["description"] == "Gnawa night in Essaouira #music #heritage"
