"""Library import: real files into a real workspace; batches survive bad files."""

from __future__ import annotations

import os
import stat

from studio.core.mediastore import sha256_file


def test_import_stores_original_by_hash_read_only_and_dedupes(workspace, make_photo):
    src = make_photo("tile.jpg", size=(800, 600))
    report = workspace.library.import_files([src], credit="Atelier Nour", license="CC BY 4.0")
    assert not report.rejected
    item = report.imported[0].item
    assert report.imported[0].existing is False
    assert (item.kind, item.width, item.height, item.format) == ("photo", 800, 600, "jpeg")
    assert item.credit == "Atelier Nour" and item.license == "CC BY 4.0"
    assert item.path.exists() and sha256_file(item.path) == item.sha256 == sha256_file(src)
    assert not (os.stat(item.path).st_mode & stat.S_IWUSR)  # originals are never modified

    again = workspace.library.import_files([src])
    assert again.imported[0].existing is True
    assert again.imported[0].item.id == item.id
    assert workspace.library.count() == 1


def test_bad_files_are_reported_and_the_rest_of_the_batch_imports(workspace, make_photo, tmp_path):
    good = make_photo("good.png", fmt="PNG")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    text = tmp_path / "notes.jpg"
    text.write_text("minutes of the meeting\n" * 50)
    missing = tmp_path / "nope.jpg"
    report = workspace.library.import_files([empty, good, text, missing])
    assert [f.source for f in report.imported] == [good]
    reasons = {r.source.name: r.reason for r in report.rejected}
    assert set(reasons) == {"empty.jpg", "notes.jpg", "nope.jpg"}
    assert all(reasons.values())
    assert reasons["nope.jpg"] == "no such file"


def test_folders_are_walked_and_hidden_files_skipped(workspace, make_photo):
    a = make_photo("a.jpg")
    make_photo("b.png", fmt="PNG")
    (a.parent / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    report = workspace.library.import_files([a.parent])
    assert sorted(f.source.name for f in report.imported) == ["a.jpg", "b.png"]
    assert not report.rejected


def test_describe_and_search_in_several_languages(workspace, make_photo):
    item = workspace.library.import_files([make_photo("x.jpg")]).imported[0].item
    workspace.library.update(
        item.id,
        title="Zellige fountain",
        credit="Atelier Nour",
        alt={
            "ar": "نافورة مزينة بالزليج",
            "fr": "Fontaine ornée de zellige",
            "en": "A tiled fountain",
        },
        tags=["zellige", "fountain", "zellige"],
        focal=(0.3, 0.6),
    )
    got = workspace.library.get(item.id)
    assert got.tags == ["zellige", "fountain"]
    assert got.focal == (0.3, 0.6)
    assert got.alt["ar"] == "نافورة مزينة بالزليج"
    lib = workspace.library
    assert [i.id for i in lib.list("fontaine")] == [item.id]  # French alt text
    assert [i.id for i in lib.list("نافورة")] == [item.id]  # Arabic alt text
    assert [i.id for i in lib.list("zell")] == [item.id]  # prefix
    assert [i.id for i in lib.list("atelier nour")] == [item.id]  # credit, two words
    assert lib.list("mosaic") == []
    assert lib.list('"; DROP TABLE media; --') == []  # user text is never FTS syntax
    workspace.library.update(item.id, alt={"en": ""})
    assert "en" not in workspace.library.get(item.id).alt


def test_focal_point_outside_the_image_is_refused(workspace, make_photo):
    import pytest

    from studio.core.errors import FormatError

    item = workspace.library.import_files([make_photo()]).imported[0].item
    with pytest.raises(FormatError, match="outside the image"):
        workspace.library.update(item.id, focal=(1.5, 0.2))


def test_cli_import_exit_code_and_json(cli, make_photo, tmp_path):
    good = make_photo("ok.jpg")
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(good.read_bytes()[:200])
    code, data, _err = cli("import", good, bad, "--credit", "Studio", "--json", json_out=True)
    assert code == 1
    assert [i["path"] for i in data["imported"]] == [str(good)]
    assert data["rejected"][0]["path"] == str(bad)
    code, _out, err = cli("import", bad)
    assert code == 1
    assert "broken.jpg: rejected:" in err
    code, items, _ = cli("library", "--json", json_out=True)
    assert code == 0 and [i["credit"] for i in items] == ["Studio"]
    code, items, _ = cli("library", "--search", "ok", "--json", json_out=True)
    assert len(items) == 1
