"""`studio sample`: seed the workspace with the sample heritage showcase."""

from __future__ import annotations

import sys

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser("sample", help="add the sample heritage showcase to the workspace")
    p.add_argument(
        "--small",
        action="store_true",
        help="generate reduced-resolution photos (faster; for tests and demos)",
    )
    add_json_flag(p)
    p.set_defaults(func=run)


@fail_on_studio_errors
def run(args) -> int:
    from studio.sample import seed_sample

    with open_workspace(args) as ws:
        say = (lambda m: None) if args.json else (lambda m: print(m, file=sys.stderr))
        report = seed_sample(ws, full_resolution=not args.small, progress=say)
        if args.json:
            print_json({**report.to_json(), "workspace": str(ws.root)})
            return 0
        print(f"workspace: {ws.root}")
        if not report.created:
            print("the sample showcase is already in this workspace")
        for _key, media_id in report.media.items():
            item = ws.library.get(media_id)
            print(f"media #{media_id}: {item.title} ({item.kind}, {item.width}×{item.height})")
        for post_id in report.posts:
            post = ws.posts.get(post_id)
            print(f"post #{post_id}: {post.title} -> {', '.join(post.platforms)}")
        print("next: studio posts, studio validate ID, studio library")
    return 0
