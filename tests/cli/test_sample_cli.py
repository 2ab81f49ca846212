"""The sample showcase end to end through the CLI: generated, imported, described, valid."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_sample_seeds_once_and_every_post_validates(cli):
    code, report, _ = cli("sample", "--small", "--json", json_out=True)
    assert code == 0 and report["created"] is True
    assert len(report["media"]) == 6 and len(report["posts"]) == 3

    code, items, _ = cli("library", "--json", json_out=True)
    kinds = sorted(i["kind"] for i in items)
    assert kinds == ["photo"] * 5 + ["video"]
    for item in items:
        assert set(item["alt"]) == {"ar", "fr", "en"}, item["title"]
        assert item["credit"] and item["license"]
    assert any(i["has_location"] for i in items)  # something for the scrub to remove
    assert any(i["format"] == "heif" for i in items) or any(i["orientation"] != 1 for i in items)

    for post_id in report["posts"]:
        code, result, _ = cli("validate", post_id, "--json", json_out=True)
        assert code == 0, result["findings"]
        assert result["valid"] is True

    code, posts, _ = cli("posts", "--json", json_out=True)
    assert {p["brand_kit"] for p in posts} == {"embassy-cultural-ar", "institut-culturel-fr"}
    assert any(p["media_count"] == 1 for p in posts)  # the video post

    code, again, _ = cli("sample", "--small", "--json", json_out=True)
    assert code == 0 and again["created"] is False and again["posts"] == report["posts"]
    code, items_after, _ = cli("library", "--json", json_out=True)
    assert len(items_after) == 6  # nothing duplicated
