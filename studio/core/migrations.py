"""Forward-only schema migrations of the workspace database.

Rules: never edit a migration that has shipped; add a new one with the next version. Each runs
in one transaction together with the ``user_version`` bump, so a crash mid-upgrade leaves the
previous version intact. ``Database.migrate`` keeps a backup copy before upgrading.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str = ""
    func: Callable[[sqlite3.Connection], None] | None = None

    def apply(self, conn: sqlite3.Connection) -> None:
        # executescript would COMMIT our transaction first; run statements one by one instead.
        for statement in _split_sql(self.sql):
            conn.execute(statement)
        if self.func is not None:
            self.func(conn)


def _split_sql(script: str) -> list[str]:
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:80]}")
    return statements


V1_INITIAL = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('photo', 'video')),
    format TEXT NOT NULL,
    mime TEXT NOT NULL,
    ext TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    orientation INTEGER NOT NULL DEFAULT 1,
    duration REAL,
    fps REAL,
    frames INTEGER,
    video_codec TEXT,
    audio_codec TEXT,
    has_audio INTEGER NOT NULL DEFAULT 0,
    captured_at TEXT,
    has_location INTEGER NOT NULL DEFAULT 0,
    camera TEXT,
    colour_mode TEXT,
    original_name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    credit TEXT NOT NULL DEFAULT '',
    license TEXT NOT NULL DEFAULT '',
    focal_x REAL NOT NULL DEFAULT 0.5 CHECK (focal_x BETWEEN 0 AND 1),
    focal_y REAL NOT NULL DEFAULT 0.5 CHECK (focal_y BETWEEN 0 AND 1),
    imported_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE media_alt (
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (media_id, lang)
);

CREATE TABLE media_tag (
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (media_id, tag)
);

CREATE VIRTUAL TABLE media_fts USING fts5(
    title, credit, tags, alt, original_name,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    brand_kit TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'draft',
    languages TEXT NOT NULL DEFAULT '[]',
    hashtags TEXT NOT NULL DEFAULT '[]',
    schedule_at TEXT,
    campaign TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE post_platform (
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    platform TEXT NOT NULL,
    PRIMARY KEY (post_id, platform)
);

CREATE TABLE post_text (
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (post_id, lang)
);

CREATE TABLE post_override (
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (post_id, platform, lang)
);

CREATE TABLE post_media (
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE RESTRICT,
    alt TEXT NOT NULL DEFAULT '{}',
    crop TEXT NOT NULL DEFAULT '{}',
    focal_x REAL,
    focal_y REAL,
    trim_in REAL,
    trim_out REAL,
    PRIMARY KEY (post_id, position)
);

CREATE INDEX post_media_by_media ON post_media(media_id);
CREATE INDEX post_by_schedule ON post(schedule_at);
"""

V2_REVIEW = """
CREATE TABLE user (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('author', 'approver')),
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    removed_at TEXT
);

CREATE TABLE post_review (
    post_id INTEGER PRIMARY KEY REFERENCES post(id) ON DELETE CASCADE,
    round INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT,
    content TEXT,
    submitted_by TEXT,
    submitted_at TEXT
);

CREATE TABLE post_author (
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    how TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (post_id, name)
);

CREATE TABLE review_decision (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    signer TEXT NOT NULL,
    decision TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    payload TEXT NOT NULL,
    signature TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX review_decision_by_post ON review_decision(post_id, round);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    post_id INTEGER,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_post ON audit_log(post_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
"""


def _v2_workspace_id(conn: sqlite3.Connection) -> None:
    """Give the workspace its random id: signatures and keyring entries are bound to it."""
    import uuid

    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES ('workspace_id', ?)",
        (str(uuid.uuid4()),),
    )


V3_PUBLISHING = """
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    platform TEXT NOT NULL,
    serves TEXT,
    server TEXT,
    handle TEXT,
    lang TEXT,
    options TEXT NOT NULL DEFAULT '{}',
    has_secret INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    removed_at TEXT
);

CREATE TABLE post_account (
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    account TEXT NOT NULL,
    PRIMARY KEY (post_id, account)
);

CREATE TABLE delivery (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    account TEXT NOT NULL,
    platform TEXT NOT NULL,
    round INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN
        ('queued', 'sending', 'sent', 'failed', 'uncertain', 'held', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    scheduled_at TEXT,
    next_at TEXT,
    maybe_posted INTEGER NOT NULL DEFAULT 0,
    remote_id TEXT,
    url TEXT,
    error_kind TEXT,
    error TEXT,
    progress REAL,
    progress_message TEXT,
    memo TEXT NOT NULL DEFAULT '{}',
    lease_owner TEXT,
    lease_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX delivery_by_state ON delivery(state, next_at);
CREATE INDEX delivery_by_post ON delivery(post_id, round);
"""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", V1_INITIAL),
    Migration(2, "review: users, approvals, audit log", V2_REVIEW, _v2_workspace_id),
    Migration(3, "publishing: accounts, post accounts, outbox deliveries", V3_PUBLISHING),
)
