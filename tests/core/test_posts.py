"""Posts: the JSON format, partial edits, clear field errors, autosave transactions."""

from __future__ import annotations

import json

import pytest

from studio.core.errors import FormatError, NotFoundError

MINIMAL = {
    "title": "Zellige",
    "brand_kit": "embassy-cultural-ar",
    "platforms": ["x", "instagram"],
    "text": {"ar": "الزليج", "fr": "Le zellige", "en": "Zellige"},
}


def test_create_minimal_post_with_media_by_path_and_id(workspace, make_photo):
    photo = make_photo("p.jpg")
    other = workspace.library.import_files([make_photo("q.png", fmt="PNG")]).imported[0].item
    post = workspace.posts.create(
        {**MINIMAL, "media": [{"path": str(photo), "alt": {"en": "Tiles"}}, {"id": other.id}]}
    )
    assert post.id and post.state == "draft" and post.revision == 1
    assert post.platforms == ["x", "instagram"]
    assert post.languages == ["ar", "fr", "en"]
    assert [m.alt for m in post.media] == [{"en": "Tiles"}, {}]
    assert post.media[1].media_id == other.id
    assert workspace.library.count() == 2


def test_relative_media_paths_resolve_against_the_json_file(workspace, make_photo):
    photo = make_photo("rel.jpg")
    post = workspace.posts.create({**MINIMAL, "media": ["rel.jpg"]}, base_dir=photo.parent)
    assert len(post.media) == 1


def test_show_json_round_trips_through_edit(workspace, make_photo):
    post = workspace.posts.create({**MINIMAL, "media": [{"path": str(make_photo())}]})
    shown = post.to_json()
    again = workspace.posts.update(post.id, json.loads(json.dumps(shown)))
    assert again.to_json() | {"revision": 0, "updated_at": ""} == shown | {
        "revision": 0,
        "updated_at": "",
    }
    assert again.revision == post.revision + 1


def test_partial_edit_replaces_only_given_fields(workspace):
    post = workspace.posts.create({**MINIMAL, "hashtags": ["Heritage", "#Zellige"]})
    assert post.hashtags == ["#Heritage", "#Zellige"]
    edited = workspace.posts.update(
        post.id,
        {
            "overrides": {"x": {"en": "Short for X"}, "bluesky": "All in one"},
            "schedule_at": "2026-12-01T09:00:00+01:00",
            "media": [],
        },
    )
    assert edited.title == "Zellige" and edited.text == MINIMAL["text"]
    assert edited.overrides == {"x": {"en": "Short for X"}, "bluesky": {"*": "All in one"}}
    assert edited.schedule_at == "2026-12-01T09:00:00+01:00"


@pytest.mark.parametrize(
    ("patch", "field", "words"),
    [
        ({"plaforms": ["x"]}, "plaforms", "did you mean 'platforms'"),
        ({"platforms": ["twitter"]}, "platforms[0]", "not a known platform"),
        ({"text": {"arabic": "x"}}, "text.arabic", "BCP-47"),
        ({"text": {"en": 5}}, "text.en", "must be text"),
        ({"media": [{"id": 999}]}, "media[0].id", "no library item #999"),
        ({"media": [{"path": "a.jpg", "id": 1}]}, "media[0]", "exactly one of"),
        (
            {"media": [{"id": 1, "alt": {"en": "a"}, "crop": {"x": "wide"}}]},
            "media[0].crop.x",
            "aspect",
        ),
        ({"media": [{"id": 1, "trim": [5, 2]}]}, "media[0].trim", "out must be after in"),
        ({"schedule_at": "2026-12-01T09:00:00"}, "schedule_at", "no time zone"),
        ({"schedule_at": "next tuesday"}, "schedule_at", "ISO 8601"),
        ({"hashtags": ["two words"]}, "hashtags[0]", "not a hashtag"),
        ({"title": "  "}, "title", "non-empty"),
    ],
)
def test_bad_json_names_the_field(workspace, patch, field, words):
    post = workspace.posts.create(MINIMAL)
    with pytest.raises(FormatError) as info:
        workspace.posts.update(post.id, patch)
    assert info.value.field == field
    assert words in str(info.value)
    assert workspace.posts.get(post.id).revision == 1  # nothing half-applied


def test_create_requires_the_minimum_fields(workspace):
    with pytest.raises(FormatError, match="platforms: is required"):
        workspace.posts.create({"title": "t", "text": {"en": "x"}})


def test_set_text_autosaves_one_field(workspace):
    post = workspace.posts.create(MINIMAL)
    seen = []
    workspace.posts.subscribe(seen.append)
    workspace.posts.set_text(post.id, "en", "Zellige, hand-cut")
    workspace.posts.set_text(post.id, "en", "X version", platform="x")
    workspace.posts.set_text(post.id, "fr", "")
    got = workspace.posts.get(post.id)
    assert got.text == {"ar": "الزليج", "en": "Zellige, hand-cut"}
    assert got.overrides == {"x": {"en": "X version"}}
    assert got.revision == 4 and seen == [post.id] * 3


def test_missing_post_is_a_clear_error(workspace):
    with pytest.raises(NotFoundError, match="no post #42"):
        workspace.posts.get(42)


def test_cli_create_show_edit_list(cli, tmp_path, make_photo):
    src = tmp_path / "post.json"
    make_photo("cli.jpg")
    src.write_text(
        json.dumps({**MINIMAL, "media": [{"path": "src/cli.jpg", "alt": {"ar": "زليج"}}]}),
        encoding="utf-8",
    )
    code, out, _ = cli("post", "create", "--from", src)
    assert code == 0 and out.strip() == "1"
    code, post, _ = cli("post", "show", "1", "--json", json_out=True)
    assert post["title"] == "Zellige" and post["media"][0]["alt"] == {"ar": "زليج"}
    edit = tmp_path / "edit.json"
    edit.write_text(json.dumps({"title": "Zellige, revisited"}))
    code, post, _ = cli("post", "edit", "1", "--from", edit, "--json", json_out=True)
    assert code == 0 and post["title"] == "Zellige, revisited" and post["revision"] == 2
    code, rows, _ = cli("posts", "--json", json_out=True)
    assert [r["title"] for r in rows] == ["Zellige, revisited"]
    code, out, err = cli("post", "show", "7")
    assert code == 2 and "no post #7" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    code, out, err = cli("post", "create", "--from", bad)
    assert code == 2 and "not valid JSON" in err and "line 1" in err
