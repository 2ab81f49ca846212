"""`studio import`, `studio library`, `studio media edit`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser("import", help="import photos and videos into the library")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--credit", help="credit line for every imported item")
    p.add_argument("--license", help="rights/licence for every imported item")
    add_json_flag(p)
    p.set_defaults(func=run_import)

    p = sub.add_parser("library", help="list or search the media library")
    p.add_argument(
        "--search", metavar="TEXT", help="full-text search: title, credit, tags, alt text"
    )
    p.add_argument("--kind", choices=("photo", "video"))
    add_json_flag(p)
    p.set_defaults(func=run_library)

    p = sub.add_parser("media", help="describe a library item")
    msub = p.add_subparsers(dest="media_command", metavar="ACTION", required=True)
    e = msub.add_parser("edit", help="set title, credit, licence, alt text, tags, focal point")
    e.add_argument("id", type=int)
    e.add_argument("--title")
    e.add_argument("--credit")
    e.add_argument("--license")
    e.add_argument("--alt", nargs=2, action="append", metavar=("LANG", "TEXT"), default=[])
    e.add_argument("--tags", help="comma-separated tags (replaces the list)")
    e.add_argument("--focal", nargs=2, type=float, metavar=("X", "Y"), help="0..1 each")
    add_json_flag(e)
    e.set_defaults(func=run_media_edit)
    s = msub.add_parser("show", help="show one item")
    s.add_argument("id", type=int)
    add_json_flag(s)
    s.set_defaults(func=run_media_show)


@fail_on_studio_errors
def run_import(args) -> int:
    with open_workspace(args) as ws:
        report = ws.library.import_files(
            [Path(p) for p in args.paths], credit=args.credit, license=args.license
        )
    if args.json:
        print_json(report.to_json())
    else:
        for f in report.imported:
            what = "already in library as" if f.existing else "imported as"
            dims = f"{f.item.width}×{f.item.height}"
            if f.item.duration:
                dims += f", {f.item.duration:.1f} s"
            print(f"{f.source}: {what} #{f.item.id} ({f.item.kind}, {dims})")
            for warning in f.warnings:
                print(f"{f.source}: warning: {warning}")
        for r in report.rejected:
            print(f"{r.source}: rejected: {r.reason}", file=sys.stderr)
        print(f"{len(report.imported)} imported, {len(report.rejected)} rejected")
    return 1 if report.rejected else 0


@fail_on_studio_errors
def run_library(args) -> int:
    with open_workspace(args) as ws:
        items = ws.library.list(args.search, kind=args.kind)
    if args.json:
        print_json([i.to_json() for i in items])
        return 0
    for i in items:
        alt_langs = ",".join(sorted(i.alt)) or "none"
        extra = f" {i.duration:.1f}s" if i.duration else ""
        print(
            f"#{i.id:<4} {i.kind:<5} {i.width}×{i.height}{extra}  {i.title}  "
            f"[credit: {i.credit or '—'}; alt: {alt_langs}]"
        )
    if not items:
        print(
            "no items" + (f" match {args.search!r}" if args.search else " yet: studio import PATH")
        )
    return 0


@fail_on_studio_errors
def run_media_edit(args) -> int:
    tags = [t.strip() for t in args.tags.split(",")] if args.tags is not None else None
    with open_workspace(args) as ws:
        item = ws.library.update(
            args.id,
            title=args.title,
            credit=args.credit,
            license=args.license,
            alt=dict(args.alt) or None,
            tags=tags,
            focal=tuple(args.focal) if args.focal else None,
        )
    _show(item, args.json)
    return 0


@fail_on_studio_errors
def run_media_show(args) -> int:
    with open_workspace(args) as ws:
        item = ws.library.get(args.id)
    _show(item, args.json)
    return 0


def _show(item, as_json: bool) -> None:
    if as_json:
        print_json(item.to_json())
    else:
        print(json.dumps(item.to_json(), ensure_ascii=False, indent=2))
