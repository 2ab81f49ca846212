"""Video through Bluesky's video service (a contract server) into the real PDS.

The stand-in for video.bsky.app (tests/servers/contract/bluesky.py) checks the service tokens
the adapter gets from the real PDS and stores the file in the account's repository on the real
PDS with them, so a token with the wrong audience or method fails here as it would there.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from contract.bluesky import BlueskyProxy, BlueskyVideoService
from contract.media_files import video

from studio.publish.adapters.atproto_video import VideoService
from studio.publish.adapters.bluesky import BlueskyAdapter
from studio.publish.context import LocalContext
from studio.publish.protocol import (
    Account,
    Credentials,
    PublishRequest,
    RejectedError,
    TransientError,
)

pytestmark = pytest.mark.slow  # shares the session's PDS start with test_bluesky_pds.py


@pytest.fixture(autouse=True)
def _fast_polls(monkeypatch):
    monkeypatch.setattr(VideoService, "POLL_INTERVAL", 0.01)


@pytest.fixture
def servers(bluesky_pds):
    proxy = BlueskyProxy(bluesky_pds.url).start()
    service = BlueskyVideoService(bluesky_pds.url).start()
    yield proxy, service
    for s in (proxy, service):
        threading.Thread(target=s.stop, daemon=True).start()


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return video(tmp_path_factory.mktemp("v") / "gnaoua.mp4", seconds=1.0, bitrate="300k")


def _adapter(pds, servers, memo=None):
    proxy, service = servers
    acct = pds.account("vidservice")
    account = Account(
        "vid-bsky",
        "bluesky",
        server=proxy.url,
        handle=acct.handle,
        options={"video_service": service.url},
    )
    return BlueskyAdapter(account, LocalContext(Credentials(acct.app_password), memo=memo))


def test_video_is_processed_by_the_service_before_the_post(bluesky_pds, servers, clip):
    proxy, service = servers
    adapter = _adapter(bluesky_pds, servers)
    seen = []
    adapter.ctx._on_progress = lambda f, m: seen.append(m)
    request = PublishRequest(uuid.uuid4().hex, adapter.account, "Gnaoua", (clip,), ("fr",))
    uploaded = adapter.upload(clip, request)
    published = adapter.publish(request, [uploaded])
    assert service.uploads == [clip.path.read_bytes()]
    assert proxy.calls("com.atproto.repo.uploadBlob") == []  # the service stored it, not us
    assert any(m.startswith("processing") for m in seen)
    did = bluesky_pds.account("vidservice").did
    rkey = published.remote_id.rsplit("/", 1)[1]
    record = bluesky_pds.xrpc(
        "GET",
        "com.atproto.repo.getRecord",
        params={"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey},
    ).json()["value"]
    assert record["embed"]["$type"] == "app.bsky.embed.video"
    cid = record["embed"]["video"]["ref"]["$link"]
    blob = bluesky_pds.xrpc("GET", "com.atproto.sync.getBlob", params={"did": did, "cid": cid})
    assert blob.content == clip.path.read_bytes()


def test_a_crash_while_processing_polls_the_same_job(bluesky_pds, servers, clip, monkeypatch):
    _, service = servers
    service.polls = 1000  # still processing when the first process dies
    memo: dict = {}
    first = _adapter(bluesky_pds, servers, memo=memo)
    monkeypatch.setattr(VideoService, "TIMEOUT", 0.05)
    request = PublishRequest(uuid.uuid4().hex, first.account, "Gnaoua", (clip,))
    with pytest.raises(TransientError, match="still processing"):
        first.upload(clip, request)
    service.jobs["job-1"]["polls"] = 1
    blob = _adapter(bluesky_pds, servers, memo=memo).upload(clip, request).ref
    assert len(service.uploads) == 1 and blob == service.jobs["job-1"]["blob"]


def test_upload_limits_refusal_sends_nothing(bluesky_pds, servers, clip):
    _, service = servers
    service.can_upload = False
    service.limit_message = "Please verify your email address"
    adapter = _adapter(bluesky_pds, servers)
    with pytest.raises(RejectedError, match="verify your email"):
        adapter.upload(clip, PublishRequest(uuid.uuid4().hex, adapter.account, "x", (clip,)))
    assert service.uploads == []


def test_failed_processing_is_rejected_with_the_services_words(bluesky_pds, servers, clip):
    _, service = servers
    service.fail_with = "Video is too long"
    adapter = _adapter(bluesky_pds, servers)
    with pytest.raises(RejectedError, match="Video is too long"):
        adapter.upload(clip, PublishRequest(uuid.uuid4().hex, adapter.account, "x", (clip,)))
