"""The workspace database: one SQLite file in WAL mode with forward-only migrations.

Why these settings:
- WAL lets the GUI read while a CLI or worker writes, and a killed process never corrupts it.
- ``synchronous=FULL`` makes every committed edit durable even across power loss; commits are
  small (one field of autosave), so the fsync cost is a few milliseconds.
- Autocommit mode (``isolation_level=None``) with explicit ``BEGIN IMMEDIATE`` transactions, so
  a write takes the lock up front instead of failing half-way with SQLITE_BUSY.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from studio.core.errors import WorkspaceError
from studio.core.migrations import MIGRATIONS, Migration

BUSY_TIMEOUT_MS = 10_000


def _configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise WorkspaceError(f"the workspace database could not switch to WAL mode (got {mode!r})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


class Database:
    """Connections per thread to one SQLite file, plus transactions and migrations."""

    def __init__(self, path: Path, migrations: Sequence[Migration] = MIGRATIONS):
        self.path = Path(path)
        self._migrations = tuple(migrations)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.migrate()

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                _configure(conn)
            except sqlite3.DatabaseError as exc:
                raise WorkspaceError(
                    f"{self.path} is not a readable Heritage Studio database ({exc}); "
                    "restore it from a backup or open another workspace"
                ) from exc
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        conn = self.conn
        if conn.in_transaction:  # nested use joins the outer transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> list[int]:
        """Apply pending migrations in order, each in its own transaction; return those applied.

        Before the first migration of an existing database a backup copy is written beside it,
        so an upgrade that goes wrong can always be undone by hand.
        """
        latest = self._migrations[-1].version if self._migrations else 0
        current = self.schema_version
        if current > latest:
            raise WorkspaceError(
                f"{self.path} was written by a newer Heritage Studio (schema {current}, this "
                f"version knows up to {latest}); update the app to open this workspace"
            )
        pending = [m for m in self._migrations if m.version > current]
        if pending and current > 0:
            self.backup(self.path.with_name(f"{self.path.name}.before-v{pending[0].version}"))
        applied = []
        for migration in pending:
            with self.transaction() as conn:
                migration.apply(conn)
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            applied.append(migration.version)
        return applied

    def backup(self, target: Path) -> Path:
        tmp = target.with_name(target.name + ".tmp")
        dest = sqlite3.connect(tmp)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        shutil.move(tmp, target)
        return target

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._all.clear()
        self._local = threading.local()
