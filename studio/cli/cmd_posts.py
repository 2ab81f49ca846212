"""`studio post create|show|edit|delete` and `studio posts`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import CliError, add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser("posts", help="list posts")
    add_json_flag(p)
    p.set_defaults(func=run_list)

    p = sub.add_parser("post", help="create, show or edit a post (see docs/post-format.md)")
    psub = p.add_subparsers(dest="post_command", metavar="ACTION", required=True)
    c = psub.add_parser("create", help="create a post from JSON; prints the new id")
    c.add_argument("--from", dest="source", required=True, metavar="FILE", help="JSON file or -")
    add_json_flag(c)
    c.set_defaults(func=run_create)
    s = psub.add_parser("show", help="show a post")
    s.add_argument("id", type=int)
    add_json_flag(s)
    s.set_defaults(func=run_show)
    e = psub.add_parser("edit", help="replace the fields present in a JSON file")
    e.add_argument("id", type=int)
    e.add_argument("--from", dest="source", required=True, metavar="FILE", help="JSON file or -")
    add_json_flag(e)
    e.set_defaults(func=run_edit)
    d = psub.add_parser("delete", help="delete a draft post")
    d.add_argument("id", type=int)
    d.set_defaults(func=run_delete)


def read_json(source: str) -> tuple[dict, Path]:
    try:
        if source == "-":
            return json.load(sys.stdin), Path.cwd()
        path = Path(source)
        with open(path, encoding="utf-8") as fh:
            return json.load(fh), path.resolve().parent
    except FileNotFoundError:
        raise CliError(f"{source}: no such file") from None
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{source}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except UnicodeDecodeError:
        raise CliError(f"{source}: not UTF-8 text") from None


@fail_on_studio_errors
def run_create(args) -> int:
    data, base = read_json(args.source)
    with open_workspace(args) as ws:
        post = ws.posts.create(data, base_dir=base)
    if args.json:
        print_json(post.to_json())
    else:
        print(post.id)
    return 0


@fail_on_studio_errors
def run_edit(args) -> int:
    data, base = read_json(args.source)
    with open_workspace(args) as ws:
        post = ws.posts.update(args.id, data, base_dir=base)
    if args.json:
        print_json(post.to_json())
    else:
        print(f"post #{post.id} saved (revision {post.revision})")
    return 0


@fail_on_studio_errors
def run_show(args) -> int:
    with open_workspace(args) as ws:
        post = ws.posts.get(args.id)
        if args.json:
            print_json(post.to_json())
            return 0
        from studio.core.compose import compose_text

        kit, _ = ws.load_kit(post.brand_kit)
        print(f"#{post.id} {post.title}  [{post.state}, revision {post.revision}]")
        print(f"kit: {post.brand_kit or '—'}   platforms: {', '.join(post.platforms) or '—'}")
        if post.schedule_at:
            print(f"scheduled: {post.schedule_at}")
        media = ws.library.get_many(m.media_id for m in post.media)
        for i, pm in enumerate(post.media):
            item = media.get(pm.media_id)
            name = item.title if item else "(missing)"
            print(f"media[{i}]: #{pm.media_id} {name}")
        for pid in post.platforms:
            print(f"\n--- {pid} ---")
            print(compose_text(post, pid, kit))
    return 0


@fail_on_studio_errors
def run_delete(args) -> int:
    with open_workspace(args) as ws:
        ws.posts.delete(args.id)
    print(f"post #{args.id} deleted")
    return 0


@fail_on_studio_errors
def run_list(args) -> int:
    with open_workspace(args) as ws:
        rows = ws.posts.summaries()
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        when = f"  {r['schedule_at']}" if r["schedule_at"] else ""
        print(
            f"#{r['id']:<4} {r['state']:<10} {r['title']}  ({', '.join(r['platforms'])}; "
            f"{r['media_count']} media){when}"
        )
    if not rows:
        print("no posts yet: studio post create --from post.json")
    return 0
