"""`studio validate ID`: per-platform findings; exit 1 if any is an error."""

from __future__ import annotations

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import add_json_flag, print_json

MARK = {"error": "✗", "warning": "!", "info": "i"}


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a post against every target platform and its kit")
    p.add_argument("id", type=int)
    add_json_flag(p)
    p.set_defaults(func=run)


@fail_on_studio_errors
def run(args) -> int:
    from studio.core.validation import summarize

    with open_workspace(args) as ws:
        post, findings = ws.validate_post(args.id)
    counts = summarize(findings)
    if args.json:
        print_json(
            {
                "post": post.id,
                "valid": counts["error"] == 0,
                "summary": counts,
                "findings": [f.to_json() for f in findings],
            }
        )
    else:
        for f in findings:
            print(f"{MARK[f.severity]} {f.severity:<7} {f.platform:<9} {f.field}: {f.message}")
        print(
            f"post #{post.id}: {counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['info']} note(s)"
        )
    return 1 if counts["error"] else 0
