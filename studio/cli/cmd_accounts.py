"""`studio accounts add|list|test|remove` and `studio adapters`: where posts go out.

Secrets are read from a hidden prompt or ``--secret-stdin`` and handed straight to the OS
keyring; they are never echoed, never put in an argument (that would land in shell history
and ``ps``) and never printed, not even in ``--json``.
"""

from __future__ import annotations

import getpass
import sys

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import CliError, add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser("accounts", help="add, list, test or remove publishing accounts")
    asub = p.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)

    a = asub.add_parser("add", help="add an account; its secret goes to the OS keyring only")
    a.add_argument("platform", metavar="PLATFORM", help="adapter name (see `studio adapters`)")
    a.add_argument("name", metavar="NAME", help="your label for it, e.g. embassy-bsky")
    a.add_argument("--server", metavar="URL", help="instance/API base URL, or a folder")
    a.add_argument("--handle", metavar="H")
    a.add_argument("--lang", metavar="L", help="main language of posts from this account")
    a.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="K=V",
        help="adapter option, e.g. chat_id=@channel or platform=instagram (repeatable)",
    )
    a.add_argument(
        "--secret-stdin",
        action="store_true",
        help="read the secret from standard input instead of a hidden prompt",
    )
    add_json_flag(a)
    a.set_defaults(func=run_add)

    ls = asub.add_parser("list", help="list accounts (never their secrets)")
    ls.add_argument("--all", action="store_true", help="include removed accounts")
    add_json_flag(ls)
    ls.set_defaults(func=run_list)

    t = asub.add_parser("test", help="check the account's credentials with the platform")
    t.add_argument("name", metavar="NAME")
    add_json_flag(t)
    t.set_defaults(func=run_test)

    r = asub.add_parser("remove", help="remove an account and its keyring secret")
    r.add_argument("name", metavar="NAME")
    add_json_flag(r)
    r.set_defaults(func=run_remove)

    ad = sub.add_parser("adapters", help="list publishing adapters and any broken plugins")
    add_json_flag(ad)
    ad.set_defaults(func=run_adapters)


def _options(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise CliError(f"--option {pair!r}: write it as KEY=VALUE, e.g. chat_id=@channel")
        out[key.strip()] = value.strip()
    return out


def _read_secret(args, cls) -> str | None:
    """The secret from stdin or a hidden prompt; None to let a sign-in adapter open a browser."""
    from studio.publish.accounts import can_sign_in, needs_secret

    if not needs_secret(cls):
        return ""
    if can_sign_in(cls):
        return None  # the tokens come from the browser; see _read_client_secret
    if args.secret_stdin:
        return sys.stdin.read().strip()
    if not sys.stdin.isatty():
        raise CliError(
            f"{cls.DISPLAY_NAME} needs its {cls.SECRET.label}: type it at the hidden prompt "
            "(run in a terminal) or pipe it with --secret-stdin"
        )
    hint = f" ({cls.SECRET.help})" if cls.SECRET.help else ""
    return getpass.getpass(f"{cls.DISPLAY_NAME} {cls.SECRET.label}{hint}: ")


def _read_client_secret(args, cls) -> str | None:
    """For a browser sign-in: the app's OAuth client secret, when the adapter uses one.

    It is a secret (it ends up in the keyring bundle, never in options): piped with
    ``--secret-stdin`` or typed at a hidden prompt; "optional" ones may be left empty.
    """
    need = getattr(cls, "OAUTH_CLIENT_SECRET", "none")
    if need == "none":
        return None
    if args.secret_stdin:
        value = sys.stdin.read().strip()
    elif sys.stdin.isatty():
        skip = " (Enter to skip)" if need == "optional" else ""
        value = getpass.getpass(f"{cls.DISPLAY_NAME} app client secret{skip}: ").strip()
    else:
        value = ""
    if not value and need == "required":
        raise CliError(
            f"{cls.DISPLAY_NAME} sign-in needs your app's client secret: type it at the hidden "
            "prompt (run in a terminal) or pipe it with --secret-stdin"
        )
    return value or None


@fail_on_studio_errors
def run_add(args) -> int:
    from studio.core import secrets
    from studio.publish.accounts import add_account, needs_secret
    from studio.publish.registry import get_adapter

    cls = get_adapter(args.platform)
    options = _options(args.option)
    with open_workspace(args) as ws:
        if needs_secret(cls):
            secrets.check_available()  # refuse before asking for anything
        secret = _read_secret(args, cls)
        client_secret = None
        if secret is None:
            client_secret = _read_client_secret(args, cls)
            print(f"opening your browser to sign in to {cls.DISPLAY_NAME}…", file=sys.stderr)
        record = add_account(
            ws,
            args.platform,
            args.name,
            secret=secret,
            client_secret=client_secret,
            server=args.server,
            handle=args.handle,
            lang=args.lang,
            options=options,
        )
    if args.json:
        print_json(record.to_json())
    else:
        print(
            f"added {record.name} ({record.platform}, serves {record.serves}); its secret is "
            f"in the OS keyring. Check it with: studio accounts test {record.name}"
        )
    return 0


@fail_on_studio_errors
def run_list(args) -> int:
    with open_workspace(args) as ws:
        records = ws.accounts.list(include_removed=args.all)
    if args.json:
        print_json([r.to_json() for r in records])
        return 0
    for r in records:
        where = r.server or ""
        gone = f"  (removed {r.removed_at})" if not r.active else ""
        print(f"{r.name:<22} {r.platform:<10} -> {r.serves or '?':<10} {where}{gone}")
    if not records:
        print("no accounts yet: studio accounts add PLATFORM NAME (see studio adapters)")
    return 0


@fail_on_studio_errors
def run_test(args) -> int:
    from studio.publish.accounts import info_json, test_account

    with open_workspace(args) as ws:
        info = test_account(ws, args.name)
    if args.json:
        print_json({"name": args.name, "ok": True, **info_json(info)})
        return 0
    print(f"{args.name}: OK, posting as {info.handle}")
    if info.display_name:
        print(f"  name: {info.display_name}")
    if info.url:
        print(f"  url: {info.url}")
    for key, value in sorted(info.limits.items()):
        print(f"  {key}: {value}")
    return 0


@fail_on_studio_errors
def run_remove(args) -> int:
    with open_workspace(args) as ws:
        record = ws.accounts.remove(args.name)
    if args.json:
        print_json(record.to_json())
    else:
        print(f"removed {record.name}; its secret was deleted from the OS keyring")
    return 0


def run_adapters(args) -> int:
    from studio.publish.registry import registry

    reg = registry()
    if args.json:
        print_json(
            {
                "adapters": [reg.adapters[n].to_json() for n in reg.names()],
                "problems": [p.to_json() for p in reg.problems],
            }
        )
        return 0
    for name in reg.names():
        info = reg.adapters[name].to_json()
        caps = [k for k, v in info["capabilities"].items() if v is True]
        caps.append(f"idempotency={info['capabilities']['idempotency']}")
        secret = info["secret"]["label"] if info["secret"]["required"] else "no secret"
        print(f"{name:<18} {info['display_name']:<22} rules={info['rules'] or 'per account'}")
        print(f"{'':<18} secret: {secret}; {', '.join(caps)}")
    for problem in reg.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 0
