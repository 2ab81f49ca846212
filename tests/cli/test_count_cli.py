"""`studio count`: the script contract (JSON keys, exit codes) and the human line."""

from __future__ import annotations

import io
import json

import pytest

from studio.cli import main
from studio.core.platforms import PLATFORM_IDS


def run(capsys, *argv):
    code = main(["count", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_human_output_one_line_per_platform(capsys):
    code, out, _ = run(capsys, "-p", "x", "--platform", "bluesky", "Zellige https://example.org")
    assert code == 0
    assert out.splitlines() == [
        "x: 31/280 weighted characters — ok",
        "bluesky: 27/300 graphemes — ok",
    ]


def test_json_one_platform_is_an_object(capsys):
    code, out, _ = run(capsys, "--platform", "x", "--json", "a" * 281)
    data = json.loads(out)
    assert code == 1
    assert isinstance(data, dict)
    assert (data["platform"], data["length"], data["limit"], data["valid"]) == (
        "x",
        281,
        280,
        False,
    )
    assert data["problems"] == ["281 weighted characters, over the 280-weighted-character limit"]


def test_json_several_platforms_is_a_list(capsys):
    code, out, _ = run(capsys, "-p", "all", "--json", "مرحبا بالعالم")
    data = json.loads(out)
    assert code == 0
    assert [d["platform"] for d in data] == list(PLATFORM_IDS)
    assert all({"platform", "length", "limit", "valid"} <= set(d) for d in data)


def test_stdin_and_server_limit(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("x" * 600 + "\n"))
    code, out, _ = run(capsys, "-p", "mastodon", "--max-characters", "1000", "--json", "-")
    data = json.loads(out)
    assert (code, data["length"], data["limit"]) == (0, 600, 1000)


def test_title_field(capsys):
    code, out, _ = run(capsys, "-p", "youtube", "--field", "title", "<b>Zellige</b>")
    assert code == 1
    assert out.strip() == "youtube: 14/100 characters — titles cannot contain '<' or '>'"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-p", "twitter", "hi"], "valid platforms: x, bluesky, mastodon"),
        (["-p", "x", "--field", "title", "hi"], "X posts have no title"),
        (["-p", "x", "--max-characters", "0", "hi"], "must be at least 1"),
        (["-p", "mastodon", "--url-length", "-1", "hi"], "must not be negative"),
    ],
)
def test_usage_errors_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err


def test_missing_platform_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["count", "hi"])
    assert exc.value.code == 2
