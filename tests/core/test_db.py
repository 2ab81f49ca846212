"""Workspace database: WAL, migrations forward only, backups, refusal of newer schemas."""

from __future__ import annotations

import sqlite3

import pytest

from studio.core.db import Database
from studio.core.errors import WorkspaceError
from studio.core.migrations import MIGRATIONS, Migration
from studio.core.workspace import Workspace


def test_new_workspace_is_wal_with_foreign_keys_and_latest_schema(tmp_path):
    ws = Workspace(tmp_path / "ws")
    conn = ws.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert ws.db.schema_version == MIGRATIONS[-1].version
    ws.close()


def test_migrations_apply_in_order_and_keep_a_backup(tmp_path):
    path = tmp_path / "studio.sqlite3"
    v1 = (Migration(1, "one", "CREATE TABLE a (x INTEGER);"),)
    db = Database(path, v1)
    with db.transaction() as conn:
        conn.execute("INSERT INTO a VALUES (41)")
    db.close()

    def fill(conn):
        conn.execute("UPDATE a SET x = x + 1")

    v2 = (*v1, Migration(2, "two", "ALTER TABLE a ADD COLUMN y TEXT;", func=fill))
    db = Database(path, v2)
    assert db.schema_version == 2
    assert db.conn.execute("SELECT x, y FROM a").fetchone()[:] == (42, None)
    backup = path.with_name("studio.sqlite3.before-v2")
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT x FROM a").fetchone()[0] == 41
    old.close()
    assert db.migrate() == []  # idempotent
    db.close()


def test_failed_migration_rolls_back_and_keeps_previous_version(tmp_path):
    path = tmp_path / "studio.sqlite3"
    v1 = (Migration(1, "one", "CREATE TABLE a (x INTEGER);"),)
    Database(path, v1).close()

    def boom(conn):
        raise RuntimeError("disk full, say")

    bad = (*v1, Migration(2, "bad", "CREATE TABLE b (y INTEGER);", func=boom))
    with pytest.raises(RuntimeError):
        Database(path, bad)
    db = Database(path, v1)
    assert db.schema_version == 1
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "b" not in tables
    db.close()


def test_newer_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "studio.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(WorkspaceError, match="newer Heritage Studio"):
        Database(path)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "studio.sqlite3").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(WorkspaceError, match="not a readable Heritage Studio database"):
        Workspace(tmp_path / "ws")


def test_transaction_rolls_back_on_error(workspace):
    with pytest.raises(ValueError), workspace.db.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('a', 'b')")
        raise ValueError
    assert workspace.db.conn.execute("SELECT COUNT(*) FROM settings WHERE key = 'a'").fetchone()[0] == 0
