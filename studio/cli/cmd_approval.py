"""`studio submit|approve|request-changes|withdraw|status`: the review workflow.

Who acts is the global ``--user`` (else ``$STUDIO_USER``, else the OS login); every decision
is signed with that person's key from the OS keyring.
"""

from __future__ import annotations

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser("submit", help="send a post for review (fixes its content hash)")
    p.add_argument("id", type=int)
    p.add_argument("--comment", default="", metavar="TEXT")
    add_json_flag(p)
    p.set_defaults(func=run_submit)

    p = sub.add_parser("approve", help="sign your approval of a post's current content")
    p.add_argument("id", type=int)
    p.add_argument("--comment", default="", metavar="TEXT")
    p.add_argument(
        "--expect-hash",
        metavar="HASH",
        help="the content hash you reviewed (from `studio status`); refuse if it changed",
    )
    add_json_flag(p)
    p.set_defaults(func=run_approve)

    p = sub.add_parser("request-changes", help="send a post back to its author with a comment")
    p.add_argument("id", type=int)
    p.add_argument("--comment", required=True, metavar="TEXT")
    add_json_flag(p)
    p.set_defaults(func=run_request_changes)

    p = sub.add_parser("withdraw", help="take a post out of review or the schedule")
    p.add_argument("id", type=int)
    p.add_argument("--comment", default="", metavar="TEXT")
    add_json_flag(p)
    p.set_defaults(func=run_withdraw)

    p = sub.add_parser("status", help="state, content hash and approvals of a post")
    p.add_argument("id", type=int)
    add_json_flag(p)
    p.set_defaults(func=run_status)


def _report(status: dict, args, headline: str | None = None) -> int:
    if args.json:
        print_json(status)
        return 0
    if headline:
        print(headline)
    print(f"#{status['post_id']} {status['title']}  [{status['state']}]")
    print(f"content hash: {status['content_hash'] or '— (' + str(status['content_error']) + ')'}")
    review = status["review"]
    if review["round"]:
        print(
            f"review round {review['round']}, submitted by {review['submitted_by']} at "
            f"{review['submitted_at']}"
        )
        if review["content_hash"] != status["content_hash"]:
            print(f"submitted hash: {review['content_hash']}")
    print(
        f"approvals: {status['approvals_valid']} of {status['approvals_required']} valid"
        + ("  — publishable" if status["publishable"] else "")
    )
    for d in status["decisions"]:
        mark = {"valid": "✓", "void": "·", "invalid": "✗"}[d["status"]]
        reason = "" if d["status"] == "valid" else f": {d['reason']}"
        print(
            f"  {mark} {d['decision']:<15} {d['signer']:<16} {d['signed_at']}  {d['status']}{reason}"
        )
        if d["comment"]:
            print(f"      “{d['comment']}”")
    return 0


@fail_on_studio_errors
def run_submit(args) -> int:
    with open_workspace(args) as ws:
        status = ws.workflow.submit(args.id, comment=args.comment)
    return _report(status, args, f"post #{args.id} submitted for review")


@fail_on_studio_errors
def run_approve(args) -> int:
    with open_workspace(args) as ws:
        status = ws.workflow.approve(args.id, comment=args.comment, expected_hash=args.expect_hash)
    return _report(status, args, f"approval of post #{args.id} signed")


@fail_on_studio_errors
def run_request_changes(args) -> int:
    with open_workspace(args) as ws:
        status = ws.workflow.request_changes(args.id, comment=args.comment)
    return _report(status, args, f"changes requested on post #{args.id}")


@fail_on_studio_errors
def run_withdraw(args) -> int:
    with open_workspace(args) as ws:
        status = ws.workflow.withdraw(args.id, comment=args.comment)
    return _report(status, args, f"post #{args.id} withdrawn")


@fail_on_studio_errors
def run_status(args) -> int:
    with open_workspace(args) as ws:
        status = ws.workflow.status(args.id)
    return _report(status, args)
