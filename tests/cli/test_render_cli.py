"""`studio render ID --out DIR [--platform P]... [--json]`: files, manifest, exit codes."""

from __future__ import annotations

import json

import pytest
from PIL import Image

import studio.cli


@pytest.fixture(autouse=True)
def _render_command_registered(monkeypatch):
    """The command is listed in studio.cli.COMMAND_MODULES; make sure of it in any case."""
    if "studio.cli.cmd_render" not in studio.cli.COMMAND_MODULES:
        monkeypatch.setattr(
            studio.cli, "COMMAND_MODULES", (*studio.cli.COMMAND_MODULES, "studio.cli.cmd_render")
        )


@pytest.fixture
def post_file(tmp_path):
    src = tmp_path / "post"
    src.mkdir()
    for i, colour in enumerate([(200, 40, 40), (40, 160, 90)]):
        Image.new("RGB", (1200, 900), colour).save(src / f"p{i}.jpg", quality=90)

    def write(platforms, media=("p0.jpg", "p1.jpg")):
        path = src / "post.json"
        post = {"title": "Zellige", "platforms": platforms, "text": {"en": "x"}, "media": media}
        path.write_text(json.dumps(post), "utf-8")
        return path

    return write


def create(cli, path) -> int:
    code, out, err = cli("post", "create", "--from", path)
    assert code == 0, err
    return int(out.strip())


def test_render_json_lists_every_output_and_writes_manifest(cli, post_file, tmp_path):
    post = create(cli, post_file(["instagram", "x"]))
    out = tmp_path / "out"
    code, data, err = cli("render", post, "--out", out, "--json", json_out=True)
    assert code == 0, err
    assert data["post"] == post and len(data["outputs"]) == 4
    assert json.loads((out / "manifest.json").read_text("utf-8"))["outputs"] == data["outputs"]
    first = data["outputs"][0]
    assert set(first) == {
        "platform", "index", "kind", "file", "width", "height", "bytes", "sha256", "source_sha256",
    }  # fmt: skip
    assert (first["platform"], first["index"], first["kind"]) == ("instagram", 0, "photo")
    for entry in data["outputs"]:
        assert (out / entry["file"]).stat().st_size == entry["bytes"]


def test_platform_flags_select_platforms_and_text_output(cli, post_file, tmp_path):
    post = create(cli, post_file(["instagram", "x", "bluesky"]))
    code, out, _ = cli("render", post, "--out", tmp_path / "o", "-p", "x", "--platform", "bluesky")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["x", "x", "bluesky", "bluesky"]
    assert "1200x675" in lines[0] and lines[0].endswith("x-1.jpg")
    assert lines[-1].startswith(f"post #{post}: 4 file(s)")
    code, out, _ = cli("render", post, "--out", tmp_path / "o", "-p", "x")
    assert code == 0 and "(cached)" in out


def test_platform_that_cannot_take_the_media_exits_1_naming_it(cli, post_file, tmp_path):
    post = create(cli, post_file(["instagram", "youtube"]))
    code, out, err = cli("render", post, "--out", tmp_path / "o")
    assert code == 1 and out == ""
    assert "YouTube takes no photos" in err and "media[0]" in err
    assert not (tmp_path / "o").exists()


def test_too_many_photos_for_a_platform_exits_1(cli, post_file, tmp_path):
    post = create(cli, post_file(["x"], media=["p0.jpg", "p1.jpg"] * 3))
    code, _, err = cli("render", post, "--out", tmp_path / "o")
    assert code == 1 and "X takes at most 4 media per post" in err


def test_unknown_post_and_unknown_platform_exit_2(cli, post_file, tmp_path):
    code, _, err = cli("render", 999, "--out", tmp_path / "o")
    assert code == 2 and "999" in err
    post = create(cli, post_file(["x"]))
    code, _, err = cli("render", post, "--out", tmp_path / "o", "-p", "myspace")
    assert code == 2 and "myspace" in err


def test_keep_location_flag_reaches_the_renderer(cli, tmp_path):
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (36.0, 6.0, 11.5), "W", (3.0, 6.0, 16.9)
    src = tmp_path / "gps.jpg"
    Image.new("RGB", (800, 600), (90, 90, 90)).save(src, exif=exif)
    spec = tmp_path / "post.json"
    spec.write_text(
        json.dumps({"title": "t", "platforms": ["x"], "text": {"en": "x"}, "media": [str(src)]})
    )
    post = create(cli, spec)
    for flag, kept in (([], False), (["--keep-location"], True)):
        out = tmp_path / f"o{kept}"
        assert cli("render", post, "--out", out, *flag)[0] == 0
        with Image.open(out / "x-1.jpg") as im:
            assert bool(im.getexif().get_ifd(0x8825)) is kept
