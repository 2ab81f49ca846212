"""A workspace: one folder holding the database, the media store, caches and user kits.

Everything but publishing works offline from this folder; copying the folder (with the app
closed) copies the whole studio.
"""

from __future__ import annotations

import os
from pathlib import Path

from studio.core.db import Database
from studio.core.errors import WorkspaceError
from studio.core.mediastore import MediaStore

APP_NAME = "HeritageStudio"
DB_NAME = "studio.sqlite3"


def default_workspace_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "workspace"


def resolve_workspace_dir(explicit: str | os.PathLike | None = None) -> Path:
    """``--workspace`` wins, then ``$STUDIO_WORKSPACE``, then the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("STUDIO_WORKSPACE")
    if env:
        return Path(env).expanduser()
    return default_workspace_dir()


class Workspace:
    def __init__(self, root: Path):
        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(f"cannot create the workspace folder {self.root}: {exc}") from exc
        if not os.access(self.root, os.W_OK):
            raise WorkspaceError(f"the workspace folder {self.root} is not writable")
        self.db = Database(self.root / DB_NAME)
        self.media_store = MediaStore(self.root / "media")
        self.cache_dir = self.root / "cache"
        self.cache_dir.mkdir(exist_ok=True)
        self.kits_dir = self.root / "brand_kits"
        self._library = None
        self._posts = None
        self._kit_cache: dict = {}
        self._users = None
        self._workflow = None
        self._audit = None
        self._accounts = None
        self._outbox = None

    @classmethod
    def open(cls, explicit: str | os.PathLike | None = None) -> Workspace:
        return cls(resolve_workspace_dir(explicit))

    @property
    def library(self):
        if self._library is None:
            from studio.core.library import Library

            self._library = Library(self)
        return self._library

    @property
    def posts(self):
        if self._posts is None:
            from studio.core.posts import PostService

            self._posts = PostService(self)
        return self._posts

    @property
    def users(self):
        if self._users is None:
            from studio.core.users import UserService

            self._users = UserService(self)
        return self._users

    @property
    def workflow(self):
        if self._workflow is None:
            from studio.core.workflow import WorkflowService

            self._workflow = WorkflowService(self)
        return self._workflow

    @property
    def audit(self):
        if self._audit is None:
            from studio.core.audit import AuditLog

            self._audit = AuditLog(self)
        return self._audit

    @property
    def accounts(self):
        if self._accounts is None:
            from studio.core.accounts import AccountService

            self._accounts = AccountService(self)
        return self._accounts

    @property
    def outbox(self):
        if self._outbox is None:
            from studio.core.outbox import Outbox

            self._outbox = Outbox(self)
        return self._outbox

    @property
    def workspace_id(self) -> str:
        """Random id made at creation; signatures and keyring entries are bound to it."""
        row = self.db.conn.execute(
            "SELECT value FROM settings WHERE key = 'workspace_id'"
        ).fetchone()
        if row is None:
            raise WorkspaceError(f"{self.root} has no workspace id; restore it from a backup")
        return row[0]

    def kit_search_path(self) -> list[Path]:
        from studio.core.brandkit import kit_search_path

        return kit_search_path(self.root)

    def load_kit(self, kit_id: str):
        """The brand kit ``kit_id`` from this workspace's kit search path.

        Returns ``(kit, None)`` or ``(None, message)``: a missing or broken kit is a validation
        finding, not a crash. Kits are cached until their kit.toml changes.
        """
        from studio.core.brandkit import KitError, KitNotFoundError, find_kit

        if not kit_id:
            return None, None
        search = self.kit_search_path()
        stamp = tuple(_mtime(d / kit_id / "kit.toml") for d in search)
        cached = self._kit_cache.get(kit_id)
        if cached is not None and cached[0] == stamp:
            return cached[1], cached[2]
        try:
            result = find_kit(kit_id, search), None
        except (KitError, KitNotFoundError) as exc:
            result = None, str(exc)
        self._kit_cache[kit_id] = (stamp, *result)
        return result

    def validate_post(self, post_id: int):
        """Load a stored post with its media and kit, and validate it."""
        from studio.core.validation import validate_post

        post = self.posts.get(post_id)
        media = self.library.get_many(m.media_id for m in post.media)
        kit, kit_error = self.load_kit(post.brand_kit)
        return post, validate_post(post, media, kit, kit_error=kit_error)

    def is_empty(self) -> bool:
        row = self.db.conn.execute(
            "SELECT (SELECT COUNT(*) FROM media) + (SELECT COUNT(*) FROM post)"
        ).fetchone()
        return row[0] == 0

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
