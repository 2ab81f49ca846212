"""`studio user add|list|role|remove`: the people of a workspace and their signing keys."""

from __future__ import annotations

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import add_json_flag, print_json
from studio.core.users import ROLES


def register(sub) -> None:
    p = sub.add_parser("user", help="add, list or change the people who author and approve")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    a = usub.add_parser(
        "add", help="add a person and make their signing key (kept in this computer's keyring)"
    )
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument(
        "--public-key",
        metavar="B64",
        help="register a key made on another computer (`studio keys init NAME` there); no "
        "private key is made here",
    )
    add_json_flag(a)
    a.set_defaults(func=run_add)

    ls = usub.add_parser("list", help="list people, their roles and key fingerprints")
    ls.add_argument("--all", action="store_true", help="include removed people")
    add_json_flag(ls)
    ls.set_defaults(func=run_list)

    r = usub.add_parser("role", help="change a person's role (their past signatures re-judged)")
    r.add_argument("name")
    r.add_argument("role", choices=ROLES)
    add_json_flag(r)
    r.set_defaults(func=run_role)

    d = usub.add_parser("remove", help="remove a person; their signatures stop counting")
    d.add_argument("name")
    add_json_flag(d)
    d.set_defaults(func=run_remove)


def _show(user, args, message: str) -> int:
    if args.json:
        print_json(user.to_json())
    else:
        print(message)
    return 0


@fail_on_studio_errors
def run_add(args) -> int:
    with open_workspace(args) as ws:
        user = ws.users.add(args.name, args.role, public_key=args.public_key)
    where = " (registered; the private key stays on their computer)" if args.public_key else ""
    return _show(
        user, args, f"added {user.name} ({user.role}), signing key {user.fingerprint}{where}"
    )


@fail_on_studio_errors
def run_role(args) -> int:
    with open_workspace(args) as ws:
        user = ws.users.set_role(args.name, args.role)
    return _show(user, args, f"{user.name} is now {user.role}")


@fail_on_studio_errors
def run_remove(args) -> int:
    with open_workspace(args) as ws:
        user = ws.users.remove(args.name)
    return _show(user, args, f"removed {user.name}; their signatures no longer count")


@fail_on_studio_errors
def run_list(args) -> int:
    with open_workspace(args) as ws:
        users = ws.users.list(include_removed=args.all)
    if args.json:
        print_json([u.to_json() for u in users])
        return 0
    for u in users:
        gone = f"  (removed {u.removed_at})" if not u.active else ""
        print(f"{u.name:<20} {u.role:<9} {u.fingerprint}{gone}")
    if not users:
        print("no people yet: studio user add NAME --role author|approver")
    return 0
