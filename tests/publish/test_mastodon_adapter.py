"""The Mastodon adapter against the loopback contract server (tests/servers/contract/mastodon.py)."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from contract.mastodon import MastodonServer
from PIL import Image

from studio.publish.adapters.mastodon import MastodonAdapter
from studio.publish.context import LocalContext
from studio.publish.protocol import (
    Account,
    AuthError,
    Credentials,
    MediaFile,
    PublishRequest,
    RateLimitedError,
    RejectedError,
    TransientError,
)

TOKEN = "masto-token"
KEY = "a1" * 20


@pytest.fixture
def server():
    s = MastodonServer().start()
    yield s
    # shutdown() waits up to serve_forever's 0.5 s poll; let it finish in the background
    threading.Thread(target=s.stop, daemon=True).start()


@pytest.fixture(autouse=True)
def _fast_polls(monkeypatch):
    monkeypatch.setattr(MastodonAdapter, "POLL_INTERVAL", 0.01)


@pytest.fixture
def make(server):
    """An adapter for the server's account; ``memo`` shared = the same delivery after a crash."""

    def build(token=TOKEN, memo=None, lang=None):
        account = Account("culture-masto", "mastodon", server=server.url, lang=lang)
        ctx = LocalContext(Credentials(token), memo=memo)
        return MastodonAdapter(account, ctx), ctx

    return build


def _media(path, kind, mime, alt="", size=(64, 48), duration=None):
    data = path.read_bytes()
    return MediaFile(
        path=path,
        kind=kind,
        mime=mime,
        width=size[0],
        height=size[1],
        sha256=hashlib.sha256(data).hexdigest(),
        alt=alt,
        duration=duration,
    )


@pytest.fixture
def photo(tmp_path):
    def make_photo(name="photo.jpg", colour=(180, 90, 40), alt="The old medina gate at dusk"):
        path = tmp_path / name
        Image.new("RGB", (64, 48), colour).save(path, "JPEG", quality=90)
        return _media(path, "photo", "image/jpeg", alt)

    return make_photo


@pytest.fixture(scope="module")
def video_file(tmp_path_factory):
    from studio.media.ffmpeg import run_ffmpeg

    path = tmp_path_factory.mktemp("masto-video") / "clip.mp4"
    proc = run_ffmpeg(
        ["-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=15:d=1",
         "-f", "lavfi", "-i", "sine=f=440:d=1", "-c:v", "libx264", "-preset", "ultrafast",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return path


def _request(
    adapter, text="Heritage week opens today in the old city.", media=(), langs=("fr",), key=KEY
):
    return PublishRequest(key=key, account=adapter.account, text=text, media=media, langs=langs)


def _post(adapter, request):
    uploads = [adapter.upload(m, request) for m in request.media]
    return adapter.publish(request, uploads)


def _calls(server, method, path):
    return [r for r in server.requests if r.method == method and r.path == path]


# -- verify and limits -----------------------------------------------------------------------
def test_verify_reports_handle_and_this_servers_limits(server, make):
    server.max_characters = 1000
    adapter, _ = make()
    info = adapter.verify()
    assert info.handle == "@culture@culture.example"
    assert info.display_name == "Maridia Culture"
    assert info.limits["max_characters"] == 1000
    assert info.limits["max_media_attachments"] == 4
    assert "video/mp4" in info.limits["supported_mime_types"]
    assert (
        _calls(server, "GET", "/api/v1/accounts/verify_credentials")[0].headers["authorization"]
        == f"Bearer {TOKEN}"
    )


def test_verify_with_a_revoked_token_is_an_auth_error_without_the_token(server, make):
    server.revoke(TOKEN)
    adapter, _ = make()
    with pytest.raises(AuthError) as err:
        adapter.verify()
    assert "The access token is invalid" in err.value.message
    assert TOKEN not in str(err.value)


def test_prepare_uses_the_servers_character_limit_and_url_weight(server, make):
    text = "Programme: " + "é" * 600
    adapter, _ = make()
    assert any("over the 500" in p for p in adapter.prepare(_request(adapter, text)))
    server.max_characters = 1000
    adapter, _ = make()  # limits are cached per adapter
    assert adapter.prepare(_request(adapter, text)) == []
    _post(adapter, _request(adapter, text))
    assert server.posts_by()[0]["text"] == text
    # 470 letters + one 80-character URL: 470 + 1 + 23 fits 500 though the raw text is 551
    link = "https://heritage.org/" + "p" * 59
    server.max_characters = 500
    adapter, _ = make()
    assert adapter.prepare(_request(adapter, "a" * 470 + " " + link)) == []


def test_a_server_without_instance_v2_gives_its_limits_through_v1(server, make):
    server.has_v2_instance = False
    server.max_characters = 5000
    info = make()[0].verify()
    assert info.handle == "@culture@culture.example"
    assert info.limits["max_characters"] == 5000


def test_prepare_refuses_a_mime_type_the_server_does_not_take(server, make, photo):
    server.mime_types = ["image/png", "video/mp4"]
    adapter, _ = make()
    problems = adapter.prepare(_request(adapter, media=(photo(),)))
    assert problems == ["photo.jpg: this server does not take image/jpeg"]


# -- posting -----------------------------------------------------------------------------------
def test_text_post_with_language_visibility_and_idempotency_key(server, make):
    adapter, _ = make()
    request = _request(adapter, langs=("fr-FR", "ar"))
    published = _post(adapter, request)
    (status,) = server.posts_by()
    assert status["text"] == request.text
    assert status["language"] == "fr"
    assert status["visibility"] == "public"
    assert published.remote_id == status["id"]
    assert published.url == f"https://culture.example/@culture/{status['id']}"
    (call,) = _calls(server, "POST", "/api/v1/statuses")
    assert call.headers["idempotency-key"] == KEY


def test_language_falls_back_to_the_accounts_default(server, make):
    adapter, _ = make(lang="ar")
    _post(adapter, _request(adapter, "أسبوع التراث", langs=()))
    assert server.posts_by()[0]["language"] == "ar"


def test_photos_carry_alt_text_and_arrive_byte_identical(server, make, photo):
    adapter, _ = make()
    one = photo("gate.jpg", (200, 10, 10), "The medina gate")
    two = photo("loom.jpg", (10, 200, 10), "A weaver at her loom, hands on the warp")
    published = _post(adapter, _request(adapter, media=(one, two)))
    (status,) = server.posts_by()
    assert status["id"] == published.remote_id
    stored = [server.media[m] for m in status["media_ids"]]
    assert [m["bytes"] for m in stored] == [one.data(), two.data()]
    assert [m["description"] for m in stored] == [one.alt, two.alt]
    assert [m["mime"] for m in stored] == ["image/jpeg", "image/jpeg"]


def test_video_is_polled_until_processed_before_posting(server, make, video_file):
    server.video_polls = 3
    adapter, _ = make()
    progress = []
    adapter.ctx._on_progress = lambda f, m: progress.append(f)
    video = _media(video_file, "video", "video/mp4", "Drone flight over the kasbah", (160, 120), 1)
    _post(adapter, _request(adapter, media=(video,)))
    (status,) = server.posts_by()
    (mid,) = status["media_ids"]
    assert server.media[mid]["bytes"] == video_file.read_bytes()
    polls = _calls(server, "GET", f"/api/v1/media/{mid}")
    assert len(polls) == 4  # three 206 answers, then 200 with a url
    assert progress[-1] == 1.0


def test_the_server_refuses_media_that_is_still_processing(server, make, video_file):
    """The contract server is strict: an adapter that skips polling would fail here."""
    adapter, _ = make()
    video = _media(video_file, "video", "video/mp4", "", (160, 120), 1)
    resp = adapter.ctx.http.post(
        f"{server.url}/api/v2/media",
        headers={"Authorization": f"Bearer {TOKEN}"},
        files={"file": ("clip.mp4", video.data(), "video/mp4")},
    )
    assert resp.status_code == 202 and resp.json()["url"] is None
    request = _request(adapter, media=(video,))
    from studio.publish.protocol import UploadedMedia

    with pytest.raises(RejectedError) as err:
        adapter.publish(request, [UploadedMedia(ref=resp.json()["id"], media=video)])
    assert "not finished processing" in err.value.platform_message


# -- errors ------------------------------------------------------------------------------------
def test_too_long_text_is_rejected_with_the_servers_words(server, make):
    adapter, _ = make()
    with pytest.raises(RejectedError) as err:
        adapter.publish(_request(adapter, "x" * 501), [])
    assert err.value.status == 422
    assert err.value.platform_message == "Validation failed: Text character limit of 500 exceeded"
    assert server.statuses == []


def test_rate_limit_waits_until_x_ratelimit_reset(server, make):
    server.throttle("POST", "/api/v1/statuses", seconds=30)
    adapter, _ = make()
    with pytest.raises(RateLimitedError) as err:
        adapter.publish(_request(adapter), [])
    assert 28 <= err.value.retry_after <= 30
    _post(adapter, _request(adapter))
    assert len(server.posts_by()) == 1


def test_server_errors_are_transient_and_413_is_rejected(server, make, photo):
    adapter, _ = make()
    server.fault("POST", "/api/v1/statuses", "status", status=503, body={"error": "down"})
    with pytest.raises(TransientError):
        adapter.publish(_request(adapter), [])
    server.max_body = 100
    with pytest.raises(RejectedError) as err:
        adapter.upload(photo(), _request(adapter))
    assert err.value.status == 413


def test_missing_read_statuses_scope_is_reported_on_reconcile(server, make):
    server.add_account("press", "Press", token="narrow", scopes={"read:accounts", "write"})
    adapter, _ = make(token="narrow", memo={"mastodon:sent_at": time.time()})
    with pytest.raises(AuthError) as err:
        adapter.reconcile(_request(adapter))
    assert "outside the authorized scopes" in err.value.platform_message


# -- resumption and exactly once ---------------------------------------------------------------
def test_reset_mid_upload_then_the_retry_uploads_once(server, make, photo):
    adapter, _ = make()
    pic = photo()
    server.fault("POST", "/api/v2/media", "drop-before")
    with pytest.raises(TransientError):
        adapter.upload(pic, _request(adapter, media=(pic,)))
    _post(adapter, _request(adapter, media=(pic,)))
    assert len(server.media) == 1
    assert len(server.posts_by()) == 1


def test_an_upload_is_not_sent_again_after_a_crash(server, make, video_file):
    memo: dict = {}
    adapter, _ = make(memo=memo)
    video = _media(video_file, "video", "video/mp4", "", (160, 120), 1)
    request = _request(adapter, media=(video,))
    adapter.upload(video, request)
    adapter2, _ = make(memo=memo)  # a new process, same delivery
    _post(adapter2, request)
    assert len(_calls(server, "POST", "/api/v2/media")) == 1
    assert len(server.posts_by()[0]["media_ids"]) == 1


def test_lost_response_reconcile_finds_the_post_and_nothing_is_sent_twice(server, make, photo):
    memo: dict = {}
    adapter, _ = make(memo=memo)
    pic = photo()
    request = _request(adapter, media=(pic,))
    server.fault("POST", "/api/v1/statuses", "drop-after")
    with pytest.raises(TransientError):
        _post(adapter, request)
    assert len(server.posts_by()) == 1  # the server did post

    adapter2, _ = make(memo=memo)
    found = adapter2.reconcile(request)
    assert found is not None and found.remote_id == server.posts_by()[0]["id"]
    assert len(_calls(server, "POST", "/api/v1/statuses")) == 1


def test_within_the_hour_a_repeat_with_the_same_key_returns_the_same_post(server, make):
    adapter, _ = make()
    request = _request(adapter)
    server.fault("POST", "/api/v1/statuses", "drop-after")
    with pytest.raises(TransientError):
        adapter.publish(request, [])
    again = adapter.publish(request, [])
    assert [s["id"] for s in server.posts_by()] == [again.remote_id]


def test_after_the_key_expired_reconcile_still_finds_the_post_by_its_source(server, make):
    memo: dict = {}
    adapter, _ = make(memo=memo)
    request = _request(adapter, "Line one\nwith a link https://culture.example/week & more")
    server.fault("POST", "/api/v1/statuses", "drop-after")
    with pytest.raises(TransientError):
        adapter.publish(request, [])
    server.clock_offset = 2 * 3600  # the Idempotency-Key is forgotten
    adapter2, _ = make()  # another manual post in between must not confuse the look-up
    adapter2.publish(_request(adapter2, "Line one\nwith a link", key="b2" * 20), [])
    found, _ = make(memo=memo)
    result = found.reconcile(request)
    assert result is not None and result.remote_id == server.posts_by()[0]["id"]


def test_reconcile_says_none_when_the_attempt_never_reached_the_server(server, make):
    memo: dict = {}
    adapter, _ = make(memo=memo)
    request = _request(adapter)
    assert adapter.reconcile(request) is None  # nothing attempted at all
    server.fault("POST", "/api/v1/statuses", "drop-before")
    with pytest.raises(TransientError):
        adapter.publish(request, [])
    adapter2, _ = make(memo=memo)
    assert adapter2.reconcile(request) is None
    adapter2.publish(request, [])
    assert len(server.posts_by()) == 1


def test_reconcile_ignores_posts_older_than_the_attempt(server, make):
    adapter, _ = make()
    adapter.publish(_request(adapter, "Same words"), [])
    server.statuses[0]["created_at"] -= 3 * 3600  # posted long before this delivery
    memo = {"mastodon:sent_at": time.time()}
    later, _ = make(memo=memo)
    assert later.reconcile(_request(later, "Same words")) is None


def test_prepare_refuses_photos_with_a_video_and_more_media_than_the_server_takes(
    server, make, photo, video_file
):
    server.max_media = 2
    adapter, _ = make()
    video = _media(video_file, "video", "video/mp4", "", (160, 120), 1)
    problems = adapter.prepare(_request(adapter, media=(photo("a.jpg"), photo("b.jpg"), video)))
    assert problems == [
        "3 media, this server takes 2",
        "a Mastodon post takes photos or a single video, not both or two videos",
    ]
