"""Opening the workspace the same way for every command."""

from __future__ import annotations

from studio.cli.output import CliError
from studio.core.errors import StudioError
from studio.core.workspace import Workspace


def open_workspace(args) -> Workspace:
    try:
        return Workspace.open(getattr(args, "workspace", None))
    except StudioError as exc:
        raise CliError(str(exc)) from exc


def fail_on_studio_errors(func):
    """Turn user-caused core errors into one-line CLI errors (exit 2)."""

    def wrapper(args):
        try:
            return func(args)
        except StudioError as exc:
            raise CliError(str(exc)) from exc

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper
