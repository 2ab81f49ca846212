"""`studio app`: open the desktop window on the workspace."""

from __future__ import annotations

from studio.cli.output import CliError


def register(sub) -> None:
    p = sub.add_parser("app", help="open the Heritage Studio window")
    p.add_argument(
        "--lang",
        choices=("ar", "fr", "en"),
        help="interface language (default: the system's, else English); "
        "ar lays the window out right to left",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        import PySide6.QtWidgets  # noqa: F401 - fail early and clearly if Qt cannot load
    except ImportError as exc:  # e.g. Qt's system libraries (libEGL, libxkbcommon) are missing
        raise CliError(f"the desktop app cannot start, Qt failed to load: {exc}") from exc
    from studio.gui import run_app

    return run_app(getattr(args, "workspace", None), args.lang)
