"""The headless ``studio`` command.

Each sub-command lives in its own ``studio.cli.cmd_*`` module exposing ``register(sub)``; this
module only builds the parser, resolves the workspace and maps errors to exit codes, so every
command behaves the same way (``--json``, ``--workspace``, clear messages, no tracebacks for
errors a user can cause).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from studio import __version__
from studio.cli.output import CliError

# Order here is the order in `studio --help`.
COMMAND_MODULES = (
    "studio.cli.cmd_app",
    "studio.cli.cmd_sample",
    "studio.cli.cmd_library",
    "studio.cli.cmd_posts",
    "studio.cli.cmd_validate",
    "studio.cli.cmd_count",
    "studio.cli.cmd_kits",
    "studio.cli.cmd_render",
    "studio.cli.cmd_users",
    "studio.cli.cmd_approval",
    "studio.cli.cmd_audit",
    "studio.cli.cmd_review",
    "studio.cli.cmd_accounts",
    "studio.cli.cmd_publish",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio",
        description="Heritage Studio: compose, review, approve and publish heritage showcases.",
    )
    parser.add_argument("--version", action="version", version=f"Heritage Studio {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation (workspace, a real render, RAQM, ffmpeg, keyring, Qt, "
        "fonts) and print one line per check; exit 0 if all pass, else 1 (docs/packaging.md)",
    )
    parser.add_argument(
        "--json",
        dest="self_check_json",
        action="store_true",
        help="with --self-check: print the report as JSON (commands take their own --json)",
    )
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help="workspace folder (default: $STUDIO_WORKSPACE, else the user data folder)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="who acts: author, submitter or approver (default: $STUDIO_USER, else your login)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command still being written must not break the rest
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_check_json and not args.self_check:
        parser.error(
            "--json before a command only goes with --self-check; put it after the command"
        )
    if args.self_check and args.command:
        parser.error("--self-check runs on its own: leave out the command")
    if args.self_check:
        from studio.core.users import acting_as
        from studio.selfcheck import main as self_check

        with acting_as(args.user):
            return self_check(args.workspace, args.self_check_json)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from studio.core.errors import StudioError
    from studio.core.users import acting_as

    try:
        with acting_as(args.user):
            return int(args.func(args) or 0)
    except StudioError as exc:  # e.g. an unusable --user name
        print(f"studio: {exc}", file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # `studio ... | head`: the reader left; that is not an error
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("studio: interrupted", file=sys.stderr)
        return 130
