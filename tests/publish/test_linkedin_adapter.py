"""The LinkedIn adapter against the LinkedIn REST contract server."""

from __future__ import annotations

import json

import pytest
import requests
from contract.linkedin import LinkedInServer, little_problem
from contract.media_files import context, photo, video

from studio.publish.adapters.linkedin import LinkedInAdapter, little_text
from studio.publish.protocol import (
    Account,
    AuthError,
    PublishRequest,
    RateLimitedError,
    RejectedError,
    TransientError,
)


class FastLinkedIn(LinkedInAdapter):
    POLL_SECONDS = 0.01


@pytest.fixture
def server():
    with LinkedInServer() as s:
        yield s


@pytest.fixture
def make(server):
    def make(memo=None, bundle=None, **options):
        acc = Account(
            name="maridia-li",
            platform="linkedin",
            server=server.url,
            options={"client_id": LinkedInServer.CLIENT_ID, **options},
        )
        ctx, _ = context(bundle or server.issue_tokens(), memo)
        return FastLinkedIn(acc, ctx), acc

    return make


TEXT = "Moussem of Tan-Tan (UNESCO, 2008) — #heritage #Maridia @embassy [photos] 100% *real*"


def req(acc, text=TEXT, media=(), key="k" * 32):
    return PublishRequest(key=key, account=acc, text=text, media=tuple(media), langs=("en",))


def test_little_text_escapes_reserved_characters_and_keeps_hashtags():
    out = little_text(TEXT)
    assert little_problem(out) is None
    assert "{hashtag|#|heritage}" in out and "{hashtag|#|Maridia}" in out
    assert "\\(UNESCO, 2008\\)" in out and "\\@embassy" in out and "\\*real\\*" in out
    assert little_problem(TEXT) is not None  # the raw text would be refused


def test_sign_in_without_pkce_with_the_client_secret(server):
    acc = Account(
        name="maridia-li",
        platform="linkedin",
        server=server.url,
        options={"client_id": LinkedInServer.CLIENT_ID},
    )
    got = json.loads(
        LinkedInAdapter.sign_in(
            acc,
            requests.Session(),
            lambda url: requests.get(url, timeout=5),
            client_secret=LinkedInServer.CLIENT_SECRET,
        )
    )
    assert got["access_token"] in server.access_tokens
    assert "refresh_token" not in got  # LinkedIn gives none to most apps


def test_verify_and_expired_token_without_refresh_means_sign_in_again(make, server):
    adapter, _ = make()
    assert adapter.verify().display_name == "Maridia Embassy"
    server.revoke_access()
    with pytest.raises(AuthError, match="sign in again"):
        adapter.verify()


def test_text_post_with_versioned_headers(make, server):
    adapter, acc = make()
    done = adapter.publish(req(acc), [])
    post = server.posts[0]
    assert done.remote_id == post["id"] and done.remote_id.startswith("urn:li:share:")
    assert post["commentary"] == little_text(TEXT)
    assert post["author"] == "urn:li:person:aBcD3fGh"
    rest = [r for r in server.requests if r.path.startswith("/rest/")]
    assert rest and all(r.headers["linkedin-version"].isdigit() for r in rest)


def test_photos_with_alt_text_as_a_multi_image_post(make, server, tmp_path):
    adapter, acc = make()
    files = [photo(tmp_path / f"p{i}.jpg", seed=i, alt=f"Camel fair, day {i}") for i in range(3)]
    request = req(acc, media=files)
    ups = [adapter.upload(f, request) for f in files]
    adapter.publish(request, ups)
    images = server.posts[0]["content"]["multiImage"]["images"]
    assert [i["altText"] for i in images] == [f.alt for f in files]
    for item, f in zip(images, files, strict=True):
        assert server.images[item["id"]]["bytes"] == f.path.read_bytes()


def test_single_photo_and_organization_author(make, server, tmp_path):
    adapter, acc = make(author="urn:li:organization:2414183")
    pic = photo(tmp_path / "p.jpg", alt="Tent at dusk")
    request = req(acc, media=[pic])
    adapter.publish(request, [adapter.upload(pic, request)])
    post = server.posts[0]
    assert post["author"] == "urn:li:organization:2414183"
    assert post["content"]["media"]["altText"] == "Tent at dusk"
    assert "w_organization_social" in LinkedInAdapter.oauth_provider(acc).scopes


def test_video_multi_part_upload_with_etags_and_processing(make, server, tmp_path):
    server.PART_SIZE = 100_000
    adapter, acc = make()
    clip = video(tmp_path / "v.mp4", seconds=2)
    request = req(acc, media=[clip])
    up = adapter.upload(clip, request)
    v = server.videos[up.ref]
    assert v["parts_n"] >= 3 and v["bytes"] == clip.path.read_bytes()
    assert v["status"] == "AVAILABLE"
    adapter.publish(request, [up])
    assert server.posts[0]["content"]["media"]["id"] == up.ref


def test_errors_are_classified(make, server):
    adapter, acc = make()
    server.fault(
        "POST",
        "^/rest/posts$",
        "status",
        status=429,
        headers={"Retry-After": "3"},
        body={"status": 429, "message": "Too many"},
    )
    with pytest.raises(RateLimitedError) as err:
        adapter.publish(req(acc), [])
    assert err.value.retry_after == 3
    server.fault("POST", "^/rest/posts$", "status", status=500, body={"message": "oops"})
    with pytest.raises(TransientError):
        adapter.publish(req(acc), [])
    with pytest.raises(RejectedError, match="3000"):
        adapter.publish(req(acc, text="a" * 3001), [])


def test_a_reset_mid_upload_then_retry_keeps_finished_media(make, server, tmp_path):
    memo: dict = {}
    adapter, acc = make(memo=memo)
    files = [photo(tmp_path / f"p{i}.jpg", seed=i) for i in range(2)]
    request = req(acc, media=files)
    first = adapter.upload(files[0], request)
    server.fault("PUT", "/dms-uploads/image/", "drop-before")
    with pytest.raises(TransientError):
        adapter.upload(files[1], request)
    again, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    assert again.upload(files[0], request).ref == first.ref  # remembered, not re-sent
    second = again.upload(files[1], request)
    again.publish(request, [first, second])
    assert len(server.posts) == 1


def test_lost_answer_to_the_post_reconciles_and_never_posts_twice(make, server, tmp_path):
    memo: dict = {}
    adapter, acc = make(memo=memo)
    pic = photo(tmp_path / "p.jpg", alt="Dunes")
    request = req(acc, media=[pic])
    up = adapter.upload(pic, request)
    server.fault("POST", "^/rest/posts$", "drop-after")
    with pytest.raises(TransientError):
        adapter.publish(request, [up])
    again, _ = make(memo=memo, bundle=adapter.ctx.credentials.json())
    found = again.reconcile(request)
    assert found is not None and found.remote_id == server.posts[0]["id"]
    assert len([r for r in server.requests if r.method == "POST" and r.path == "/rest/posts"]) == 1


def test_duplicate_refusal_after_an_unknown_outcome_names_the_earlier_post(make, server):
    adapter, acc = make()
    server.fault("POST", "^/rest/posts$", "drop-after")
    with pytest.raises(TransientError):
        adapter.publish(req(acc), [])
    done = adapter.publish(req(acc), [])
    assert done.remote_id == server.posts[0]["id"] and len(server.posts) == 1


def test_reconcile_finds_nothing_when_the_request_never_arrived(make, server):
    adapter, acc = make()
    assert adapter.reconcile(req(acc)) is None
    server.fault("POST", "^/rest/posts$", "drop-before")
    with pytest.raises(TransientError):
        adapter.publish(req(acc), [])
    assert adapter.reconcile(req(acc)) is None
    adapter.publish(req(acc), [])
    assert len(server.posts) == 1
