"""`studio audit [--json] [--post ID]` and `studio audit verify`: the hash-chained trail."""

from __future__ import annotations

import json

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import CliError, add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser("audit", help="list the audit trail, or verify its hash chain")
    add_json_flag(p)
    p.add_argument("--post", type=int, metavar="ID", help="only entries about this post")
    p.set_defaults(func=run_list)
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    v = asub.add_parser("verify", help="check every entry; exit 1 naming the first broken one")
    add_json_flag(v)
    v.set_defaults(func=run_verify)


@fail_on_studio_errors
def run_list(args) -> int:
    with open_workspace(args) as ws:
        entries = ws.audit.entries(post_id=args.post)
    if args.json:
        print_json([e.to_json() for e in entries])
        return 0
    for e in entries:
        post = f" #{e.post_id}" if e.post_id is not None else ""
        detail = json.dumps(e.detail, ensure_ascii=False, sort_keys=True)
        print(f"{e.seq:>5} {e.at} {e.actor:<14} {e.action}{post} {detail}")
    if not entries:
        print("the audit trail is empty")
    return 0


@fail_on_studio_errors
def run_verify(args) -> int:
    with open_workspace(args) as ws:
        result = ws.audit.verify()
    if args.json:
        print_json(result.to_json())
        return 0 if result.ok else 1
    if not result.ok:
        raise CliError(
            f"audit trail broken at entry #{result.broken_seq}: {result.problem} "
            f"({result.count} entries before it check out)",
            exit_code=1,
        )
    print(f"audit trail intact: {result.count} entries, head {result.head}")
    return 0
