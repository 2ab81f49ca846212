"""The Telegram adapter against the loopback Bot API contract server (contract/telegram.py)."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
import traceback

import pytest
from contract.telegram import CHANNEL_ID, TOKEN, TelegramServer
from PIL import Image

from studio.publish.adapters.telegram import TelegramAdapter
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
    UncertainError,
)

KEY = "c3" * 20


@pytest.fixture
def server():
    s = TelegramServer().start()
    yield s
    # shutdown() waits up to serve_forever's 0.5 s poll; let it finish in the background
    threading.Thread(target=s.stop, daemon=True).start()


@pytest.fixture
def make(server):
    def build(token=TOKEN, memo=None, chat_id="@maridiaheritage"):
        account = Account(
            "heritage-tg", "telegram", server=server.url, options={"chat_id": chat_id}
        )
        return TelegramAdapter(account, LocalContext(Credentials(token), memo=memo))

    return build


def _file(path, kind, mime, size, duration=None, poster=None):
    return MediaFile(
        path=path,
        kind=kind,
        mime=mime,
        width=size[0],
        height=size[1],
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        alt="",
        duration=duration,
        poster=poster,
    )


@pytest.fixture
def photo(tmp_path):
    counter = iter(range(100))

    def make_photo(size=(64, 48)):
        n = next(counter)
        path = tmp_path / f"photo{n}.jpg"
        Image.new("RGB", size, (40 * n % 255, 120, 200)).save(path, "JPEG")
        return _file(path, "photo", "image/jpeg", size)

    return make_photo


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """A 1 s H.264/AAC MP4 and a 1280x720 poster (too big for a thumbnail as it is)."""
    from studio.media.ffmpeg import run_ffmpeg

    folder = tmp_path_factory.mktemp("tg-video")
    path = folder / "clip.mp4"
    proc = run_ffmpeg(
        ["-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=15:d=1",
         "-f", "lavfi", "-i", "sine=f=440:d=1", "-c:v", "libx264", "-preset", "ultrafast",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    poster = folder / "poster.png"
    Image.effect_noise((1280, 720), 80).convert("RGB").save(poster)
    return path, poster


@pytest.fixture
def video(clip):
    path, poster = clip
    return _file(path, "video", "video/mp4", (160, 120), duration=1.0, poster=poster)


def _request(adapter, text="Heritage week opens <today> & tomorrow", media=()):
    return PublishRequest(key=KEY, account=adapter.account, text=text, media=media, langs=("en",))


def _post(adapter, request):
    uploads = [adapter.upload(m, request) for m in request.media]
    return adapter.publish(request, uploads)


def _calls(server, method):
    return [r for r in server.requests if r.path.endswith("/" + method)]


# -- verify ----------------------------------------------------------------------------------
def test_verify_checks_the_bot_the_channel_and_its_right_to_post(server, make):
    info = make().verify()
    assert info.handle == "@maridiaheritage"
    assert info.display_name == "Maridia Heritage"
    assert info.url == "https://t.me/maridiaheritage"
    assert info.limits["bot"] == "@maridia_culture_bot"
    assert [r.path.rsplit("/", 1)[1] for r in server.requests] == [
        "getMe",
        "getChat",
        "getChatMember",
    ]


def test_verify_with_a_revoked_token_is_an_auth_error(server, make):
    server.revoked.add(TOKEN)
    with pytest.raises(AuthError) as err:
        make().verify()
    assert err.value.status == 401 and "@BotFather" in err.value.message
    assert TOKEN not in str(err.value)


@pytest.mark.parametrize(
    ("status", "can_post", "expected"),
    [("member", False, "'member'"), ("administrator", False, "'administrator'")],
)
def test_verify_says_to_make_the_bot_an_admin_who_can_post(
    server, make, status, can_post, expected
):
    server.bot_status, server.can_post = status, can_post
    with pytest.raises(AuthError) as err:
        make().verify()
    assert expected in err.value.message and "Post messages" in err.value.message


def test_unknown_chat_names_the_chat_id_option(server, make):
    with pytest.raises(AuthError) as err:
        make(chat_id="@nosuchchannel").verify()
    assert "chat not found" in err.value.platform_message
    assert "@nosuchchannel" in err.value.message


# -- sending -----------------------------------------------------------------------------------
def test_text_message_is_html_escaped_and_arrives_exactly(server, make):
    text = "Tom &amp; Jerry <3 & a <b>bold</b> claim > https://heritage.org/week?a=1&b=2"
    adapter = make()
    published = _post(adapter, _request(adapter, text))
    (msg,) = server.messages
    assert msg["text"] == text  # shown exactly as typed: nothing became markup or an entity
    assert published.remote_id == str(msg["message_id"])
    assert published.url == f"https://t.me/maridiaheritage/{msg['message_id']}"
    assert published.extra["chat_id"] == CHANNEL_ID
    call = _calls(server, "sendMessage")[0].form()
    assert call["parse_mode"] == ["HTML"]


def test_private_channel_by_numeric_id_links_with_t_me_c(server, make):
    server.chat.pop("username")
    adapter = make(chat_id=str(CHANNEL_ID))
    published = _post(adapter, _request(adapter))
    assert published.url == f"https://t.me/c/1234567890/{published.remote_id}"


def test_one_photo_goes_with_sendphoto_and_its_caption(server, make, photo):
    adapter = make()
    pic = photo()
    _post(adapter, _request(adapter, "Gate & walls", media=(pic,)))
    (msg,) = server.messages
    assert msg["kind"] == "photo" and msg["caption"] == "Gate & walls"
    assert msg["data"] == pic.data()


def test_one_video_streams_with_sizes_duration_and_a_small_thumbnail(server, make, video):
    adapter = make()
    _post(adapter, _request(adapter, "Drone over the kasbah", media=(video,)))
    (msg,) = server.messages
    assert msg["kind"] == "video" and msg["data"] == video.data()
    assert (msg["width"], msg["height"], msg["duration"]) == (160, 120, 1)
    assert msg["supports_streaming"] is True
    thumb = Image.open(io.BytesIO(msg["thumbnail_data"]))
    assert thumb.format == "JPEG" and max(thumb.size) <= 320
    assert len(msg["thumbnail_data"]) < 200_000


def test_an_album_carries_the_caption_on_its_first_item(server, make, photo, video):
    adapter = make()
    media = (photo(), video, photo())
    published = _post(adapter, _request(adapter, "Three views", media=media))
    assert [m["kind"] for m in server.messages] == ["photo", "video", "photo"]
    assert [m["caption"] for m in server.messages] == ["Three views", "", ""]
    assert [m["data"] for m in server.messages] == [m.data() for m in media]
    assert len({m["media_group_id"] for m in server.messages}) == 1
    assert published.extra["message_ids"] == [m["message_id"] for m in server.messages]
    assert server.messages[1]["thumbnail_data"] is not None
    items = json.loads(_calls(server, "sendMediaGroup")[0].multipart()["media"][1])
    assert items[0]["media"] == "attach://file0" and items[1]["thumbnail"] == "attach://thumb1"


def test_prepare_refuses_a_caption_over_1024_but_not_a_message_up_to_4096(make, photo):
    adapter = make()
    long = "é" * 2000
    assert adapter.prepare(_request(adapter, long)) == []
    problems = adapter.prepare(_request(adapter, long, media=(photo(),)))
    assert problems == ["text: 2000 characters, over the 1024-character limit"]
    assert adapter.prepare(_request(adapter, "")) == [
        "text: a Telegram message without media needs text"
    ]


# -- errors ------------------------------------------------------------------------------------
def test_too_long_caption_sent_anyway_is_rejected_with_telegrams_words(server, make, photo):
    adapter = make()
    with pytest.raises(RejectedError) as err:
        _post(adapter, _request(adapter, "x" * 1025, media=(photo(),)))
    assert err.value.platform_message == "Bad Request: message caption is too long"
    assert server.messages == []


def test_flood_wait_uses_retry_after_from_the_body(server, make):
    server.flood("sendMessage", 7)
    adapter = make()
    with pytest.raises(RateLimitedError) as err:
        _post(adapter, _request(adapter))
    assert err.value.retry_after == 7.0
    assert adapter.reconcile(_request(adapter)) is None  # a 429 proves nothing was posted
    _post(adapter, _request(adapter))
    assert len(server.messages) == 1


def test_bot_removed_from_the_channel_says_to_add_it_back(server, make):
    server.bot_status = "left"
    adapter = make()
    with pytest.raises(AuthError) as err:
        _post(adapter, _request(adapter))
    assert err.value.status == 403
    assert "bot is not a member of the channel chat" in err.value.message
    assert "administrator" in err.value.message


def test_server_errors_are_transient_and_413_is_rejected(server, make, photo):
    adapter = make()
    server.fault(
        "POST",
        r"/sendMessage",
        "status",
        status=502,
        body={"ok": False, "error_code": 502, "description": "Bad Gateway"},
    )
    with pytest.raises(TransientError):
        _post(adapter, _request(adapter))
    server.max_upload = 100
    with pytest.raises(RejectedError) as err:
        _post(adapter, _request(adapter, media=(photo(),)))
    assert err.value.status == 413


# -- the token never shows -------------------------------------------------------------------
def test_the_token_is_in_no_message_traceback_or_log_line(server, make, photo, caplog):
    caplog.set_level(logging.DEBUG, logger="urllib3")
    adapter = make()
    _post(adapter, _request(adapter))
    server.fault("POST", r"/sendPhoto", "drop-before")
    with pytest.raises(TransientError) as err:
        _post(adapter, _request(adapter, media=(photo(),)))
    shown = "".join(traceback.format_exception(err.value, chain=True))
    assert err.value.__context__ is None
    unreachable = make()
    server.stop()
    with pytest.raises(TransientError) as offline:
        unreachable.verify()
    assert offline.value.offline
    everything = shown + str(offline.value) + caplog.text
    assert "/bot<hidden>/sendMessage" in caplog.text  # urllib3 did log the request line
    assert TOKEN not in everything and TOKEN.split(":")[1] not in everything


# -- exactly once --------------------------------------------------------------------------------
def test_lost_response_is_uncertain_and_never_sent_twice_by_itself(server, make, photo):
    memo: dict = {}
    adapter = make(memo=memo)
    request = _request(adapter, media=(photo(), photo()))
    server.fault("POST", r"/sendMediaGroup", "drop-after")
    with pytest.raises(TransientError):
        _post(adapter, request)
    assert len(server.messages) == 2  # the album did go out
    with pytest.raises(UncertainError) as err:
        make(memo=memo).reconcile(request)
    assert "sendMediaGroup" in err.value.message and "@maridiaheritage" in err.value.message
    assert len(_calls(server, "sendMediaGroup")) == 1


def test_reconcile_after_a_finished_send_returns_it(server, make):
    memo: dict = {}
    adapter = make(memo=memo)
    published = _post(adapter, _request(adapter))
    assert make(memo=memo).reconcile(_request(adapter)) == published


def test_reconcile_is_none_when_nothing_was_sent(server, make, photo):
    memo: dict = {}
    adapter = make(memo=memo)
    request = _request(adapter, "x" * 1025, media=(photo(),))
    assert adapter.reconcile(request) is None  # never attempted
    with pytest.raises(RejectedError):
        _post(adapter, request)  # Telegram answered: not posted
    assert make(memo=memo).reconcile(request) is None


def test_connection_reset_before_the_answer_is_uncertain_then_a_retry_posts_once(server, make):
    memo: dict = {}
    adapter = make(memo=memo)
    request = _request(adapter)
    server.fault("POST", r"/sendMessage", "drop-before")
    with pytest.raises(TransientError):
        _post(adapter, request)
    # From the client's side a reset looks like a lost answer: a person must decide.
    with pytest.raises(UncertainError):
        make(memo=memo).reconcile(request)
    # The person confirmed it did not go out; the outbox publishes again.
    _post(make(memo=memo), request)
    assert len(server.messages) == 1
