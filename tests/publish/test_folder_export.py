"""The folder export adapter: the approved post as files, atomically, once per delivery."""

from __future__ import annotations

import json
import zipfile

import pytest
from test_outbox_support import (
    approved_post,
    folder_account,
    make_team,
    worker,
)

from studio.core.accounts import AccountError
from studio.core.mediastore import sha256_file
from studio.core.outbox_enqueue import publish_post
from studio.publish.accounts import test_account as verify_account
from studio.publish.adapters.folder import FolderAdapter
from studio.publish.context import LocalContext
from studio.publish.protocol import Account, Credentials, PublishRequest

PHOTO_ALT = {"en": "Blue zellige tiles", "fr": "Zellige bleu"}


@pytest.fixture
def team(workspace):
    yield from make_team(workspace)


def test_export_holds_text_media_alt_and_post_json(team, tmp_path, make_photo):
    folder_account(team, "ig-export", tmp_path / "out", platform="instagram")
    post_id = approved_post(
        team,
        ["ig-export"],
        platforms=["instagram"],
        media=[{"path": str(make_photo(size=(1080, 1350))), "alt": PHOTO_ALT}],
    )
    (d,) = publish_post(team, post_id)
    worker(team).run(until_idle=True)
    d = team.outbox.get(d.id)
    assert d.state == "sent"
    export = tmp_path / "out" / d.remote_id
    assert d.remote_id == f"instagram-{d.key[:16]}" and d.url == export.as_uri()
    doc = json.loads((export / "post.json").read_text())
    (media,) = doc["media"]
    assert doc["key"] == d.key and doc["platform"] == "instagram" and doc["account"] == "ig-export"
    assert (export / "text.txt").read_text().rstrip("\n") == doc["text"]
    assert doc["text"].startswith("Le zellige de Fès")
    assert media["alt"] == "Zellige bleu" and media["alt_by_lang"] == PHOTO_ALT
    assert sha256_file(export / media["file"]) == media["sha256"]
    assert "Zellige bleu" in (export / "alt.txt").read_text()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [d.remote_id]  # no temp left
    assert team.posts.get(post_id).state == "published"


def _request(key="k" * 40, text="hello"):
    account = Account("f", "folder", options={"platform": "mastodon"})
    return PublishRequest(key=key, account=account, text=text)


def _adapter(tmp_path, **options):
    account = Account("f", "folder", server=str(tmp_path / "out"), options=options)
    return FolderAdapter(account, LocalContext(Credentials("")))


def test_zip_export_and_reconcile_find_the_earlier_export(tmp_path):
    adapter = _adapter(tmp_path, platform="mastodon", zip="true")
    request = _request()
    assert adapter.reconcile(request) is None
    first = adapter.publish(request, [])
    assert first.remote_id.endswith(".zip")
    with zipfile.ZipFile(tmp_path / "out" / first.remote_id) as zf:
        assert sorted(zf.namelist()) == ["post.json", "text.txt"]
        assert zf.read("text.txt") == b"hello\n"
    assert adapter.reconcile(request) == first
    assert adapter.publish(request, []) == first  # idempotent by key: no second export
    assert len(list((tmp_path / "out").iterdir())) == 1


def test_a_failed_write_leaves_nothing_under_the_final_name(tmp_path, monkeypatch):
    adapter = _adapter(tmp_path, platform="mastodon")
    import studio.publish.adapters.folder as folder

    def broken(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(folder, "_write_synced", broken)
    from studio.publish.protocol import TransientError

    with pytest.raises(TransientError, match="No space left"):
        adapter.publish(_request(), [])
    assert list((tmp_path / "out").iterdir()) == []


def test_account_options_are_checked(team, tmp_path):
    with pytest.raises(AccountError, match=r"--option platform=ID"):
        folder_account(team, "bad", tmp_path, platform="")
    with pytest.raises(AccountError, match="use one of"):
        folder_account(team, "bad", tmp_path, platform="myspace")
    folder_account(team, "good", tmp_path / "exports", platform="telegram")
    info = verify_account(team, "good")
    assert info.handle == str(tmp_path / "exports") and (tmp_path / "exports").is_dir()
    problems = _adapter(tmp_path).prepare(_request())
    assert problems and "option platform" in problems[0]
