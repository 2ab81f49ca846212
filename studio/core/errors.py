"""Errors a user can cause, each with a message that names the thing and the fix."""

from __future__ import annotations


class StudioError(Exception):
    """Base for errors shown to users as one clear sentence (no traceback)."""


class WorkspaceError(StudioError):
    """The workspace folder cannot be opened or upgraded."""


class NotFoundError(StudioError, LookupError):
    """A post, media item or other record id does not exist."""


class FormatError(StudioError, ValueError):
    """Input data (post JSON, edits) is malformed; the message names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
