"""`studio count --platform P [...] TEXT`: how long a text is, counted the way each platform counts.

The same :func:`studio.core.textcount.count_text` the composer uses, so a script gets exactly the
numbers the app shows. Exit status: 0 if the text fits every platform asked for, 1 if it does
not fit one of them, 2 for a usage error (unknown platform, a field the platform lacks).
"""

from __future__ import annotations

import sys

from studio.cli.output import CliError, add_json_flag, print_json

FIELDS = ("text", "title", "message")


def register(sub) -> None:
    p = sub.add_parser(
        "count",
        help="count a text the way each platform counts it",
        description=(
            "Count TEXT for one or more platforms: X's weighted characters, Bluesky's "
            "graphemes and bytes, Mastodon's characters with URLs as 23, YouTube's bytes..."
        ),
    )
    p.add_argument(
        "--platform",
        "-p",
        dest="platforms",
        action="append",
        required=True,
        metavar="P",
        help="platform id (repeatable), or 'all'",
    )
    p.add_argument(
        "--field",
        choices=FIELDS,
        default="text",
        help="text (default), title (YouTube), or message (a post without media, Telegram)",
    )
    p.add_argument(
        "--max-characters",
        type=int,
        metavar="N",
        help="the account's or server's own limit (a Mastodon server, X Premium)",
    )
    p.add_argument(
        "--url-length",
        type=int,
        metavar="N",
        help="characters each URL counts as (Mastodon's characters_reserved_per_url)",
    )
    p.add_argument("text", metavar="TEXT", help="the text, or '-' to read it from stdin")
    add_json_flag(p)
    p.set_defaults(func=run)


def _platform_ids(requested: list[str]) -> list[str]:
    from studio.core.platforms import PLATFORM_IDS, UnknownPlatformError

    ids: list[str] = []
    for pid in requested:
        for one in PLATFORM_IDS if pid == "all" else (pid,):
            if one not in PLATFORM_IDS:
                raise CliError(str(UnknownPlatformError(one)))
            if one not in ids:
                ids.append(one)
    return ids


def _read_text(arg: str) -> str:
    if arg != "-":
        return arg
    text = sys.stdin.read()
    # `echo ... | studio count -` appends one newline that is not part of the text.
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith("\n") else text


def run(args) -> int:
    from studio.core.textcount import count_text

    ids = _platform_ids(args.platforms)
    if args.max_characters is not None and args.max_characters < 1:
        raise CliError("--max-characters must be at least 1")
    if args.url_length is not None and args.url_length < 0:
        raise CliError("--url-length must not be negative")
    server = {
        key: value
        for key, value in (
            ("max_characters", args.max_characters),
            ("characters_reserved_per_url", args.url_length),
        )
        if value is not None
    }
    text = _read_text(args.text)
    try:
        counts = [count_text(pid, text, field=args.field, server=server or None) for pid in ids]
    except ValueError as exc:  # e.g. "X posts have no title"
        raise CliError(str(exc)) from None

    if args.json:
        data = [c.as_json() for c in counts]
        print_json(data[0] if len(data) == 1 else data)
    else:
        for c in counts:
            verdict = "ok" if c.valid else "; ".join(c.problems)
            print(f"{c.platform}: {c.length}/{c.limit} {c.unit} — {verdict}")
    return 0 if all(c.valid for c in counts) else 1
