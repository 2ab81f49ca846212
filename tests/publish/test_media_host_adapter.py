"""The public media location (media_upload=put) against a loopback WebDAV-style server."""

from __future__ import annotations

import pytest
from contract.media_host import MediaHostServer
from contract.meta_common import make_jpeg, media_file

from studio.publish.adapters.media_host import MediaHost
from studio.publish.http import new_session
from studio.publish.protocol import AuthError, RejectedError, TransientError

KEY = "a1" * 20
AUTH = "Basic bWFyaWRpYTpzM2NyZXQ="


@pytest.fixture
def server():
    with MediaHostServer(auth=AUTH) as s:
        yield s


@pytest.fixture
def photo(tmp_path):
    return media_file(make_jpeg(tmp_path / "kasbah.jpg"), alt="The kasbah at dusk")


def host(server, auth=AUTH, **extra):
    options = {"media_upload": "put", "media_put_url": server.folder, **extra}
    return MediaHost("maridia-ig", options, new_session(), auth)


def test_upload_stores_identical_bytes_and_serves_them_publicly(server, photo):
    hosted = host(server).upload(KEY, photo)
    assert hosted.url == f"{server.folder}/{hosted.name}"
    assert server.files[hosted.name] == photo.path.read_bytes()
    assert server.types[hosted.name] == "image/jpeg"
    assert KEY[:32] in hosted.name and hosted.name.endswith(".jpg")
    # the adapter read the public URL back without credentials
    get = [r for r in server.requests if r.method == "GET"]
    assert get and "authorization" not in get[0].headers


def test_same_delivery_and_file_give_the_same_name_so_a_retry_overwrites(server, photo):
    a = host(server).upload(KEY, photo)
    b = host(server).upload(KEY, photo)
    assert a == b and len(server.files) == 1


def test_refused_credentials_are_an_auth_error_naming_the_secret_field(server, photo):
    with pytest.raises(AuthError) as exc:
        host(server, auth="Basic d3Jvbmc=").upload(KEY, photo)
    assert "media_put_authorization" in exc.value.message
    assert "d3Jvbmc" not in exc.value.message
    assert server.files == {}


def test_wrong_public_prefix_is_caught_before_meta_sees_it(server, photo):
    with pytest.raises(RejectedError) as exc:
        host(server, media_public_url=server.url + "/elsewhere").upload(KEY, photo)
    assert "media_public_url" in exc.value.message


@pytest.mark.parametrize(
    "options, needle",
    [
        ({}, "media_upload=put"),
        ({"media_upload": "ftp"}, "'ftp' is not known"),
        ({"media_upload": "put"}, "media_put_url"),
        ({"media_upload": "put", "media_put_url": "dav.example.org/x"}, "media_put_url"),
    ],
)
def test_missing_or_bad_options_name_the_option(options, needle):
    with pytest.raises(RejectedError) as exc:
        MediaHost("maridia-ig", options, new_session(), None)
    assert needle in exc.value.message


def test_reset_mid_upload_is_transient_and_a_retry_succeeds(server, photo):
    server.fault("PUT", r"/media/", "drop-before")
    with pytest.raises(TransientError):
        host(server).upload(KEY, photo)
    hosted = host(server).upload(KEY, photo)
    assert server.files[hosted.name] == photo.path.read_bytes()


def test_delete_removes_files_and_reports_what_stayed_public(server, photo):
    h = host(server)
    hosted = h.upload(KEY, photo)
    assert h.delete([hosted.name, "hs-already-gone.jpg"]) == []
    assert server.files == {} and server.deleted == [hosted.name]
    hosted = h.upload(KEY, photo)
    server.fault("DELETE", r"/media/", "status", status=503, times=5)
    assert h.delete([hosted.name]) == [hosted.name]
    assert hosted.name in server.files
