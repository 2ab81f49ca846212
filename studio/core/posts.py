"""Posts: create, edit in small transactions (autosave), load, list.

Crash guarantee: every call that changes a post is one SQLite transaction committed with
``synchronous=FULL`` before it returns; a kill at any moment leaves each post exactly as it was
after the last call that returned. The GUI saves a field within a second of typing stopping,
so a crash loses at most the last second of typing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.errors import FormatError, NotFoundError
from studio.core.model import Post, PostMedia
from studio.core.post_format import check_lang, parse_post_fields
from studio.core.timeutil import now_iso

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

Listener = Callable[[int], None]


class PostService:
    def __init__(self, workspace: Workspace):
        self.ws = workspace
        self.db = workspace.db
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(post_id)`` after every committed change (GUI views refresh on it)."""
        self._listeners.append(listener)

    def _changed(self, post_id: int) -> None:
        for listener in list(self._listeners):
            listener(post_id)

    # -- create / edit ------------------------------------------------------------------
    def create(self, data: dict[str, Any], *, base_dir: Path | None = None) -> Post:
        fields = parse_post_fields(data, base_dir=base_dir or Path.cwd(), creating=True)
        media = self._resolve_media(fields.pop("media", []))
        now = now_iso()
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO post (title, created_at, updated_at) VALUES (?, ?, ?)",
                (fields["title"], now, now),
            )
            post_id = cur.lastrowid
            self._write(conn, post_id, fields, media, bump=False)
            self.ws.workflow.created(post_id, fields["title"])  # author + audit entry
        self._changed(post_id)
        return self.get(post_id)

    def update(self, post_id: int, data: dict[str, Any], *, base_dir: Path | None = None) -> Post:
        """Replace each field present in ``data`` (a partial post JSON)."""
        self.get(post_id)
        fields = parse_post_fields(data, base_dir=base_dir or Path.cwd(), creating=False)
        media = self._resolve_media(fields.pop("media")) if "media" in fields else None
        # editing(): refuses published posts; an edit of reviewed content voids the review
        with self.db.transaction() as conn, self.ws.workflow.editing(post_id):
            self._write(conn, post_id, fields, media, bump=True)
        self._changed(post_id)
        return self.get(post_id)

    def set_text(self, post_id: int, lang: str, text: str, *, platform: str | None = None) -> None:
        """Autosave one caption (or one platform override) in one small transaction."""
        check_lang(lang, "lang") if lang != "*" else None
        with self.db.transaction() as conn, self.ws.workflow.editing(post_id):
            self._require(conn, post_id)
            if platform is None:
                if text:
                    conn.execute(
                        "INSERT INTO post_text (post_id, lang, text) VALUES (?,?,?) "
                        "ON CONFLICT (post_id, lang) DO UPDATE SET text = excluded.text",
                        (post_id, lang, text),
                    )
                else:
                    conn.execute(
                        "DELETE FROM post_text WHERE post_id = ? AND lang = ?", (post_id, lang)
                    )
            elif text:
                conn.execute(
                    "INSERT INTO post_override (post_id, platform, lang, text) VALUES (?,?,?,?) "
                    "ON CONFLICT (post_id, platform, lang) DO UPDATE SET text = excluded.text",
                    (post_id, platform, lang, text),
                )
            else:
                conn.execute(
                    "DELETE FROM post_override WHERE post_id = ? AND platform = ? AND lang = ?",
                    (post_id, platform, lang),
                )
            self._touch(conn, post_id)
        self._changed(post_id)

    def delete(self, post_id: int) -> None:
        with self.db.transaction() as conn:
            self._require(conn, post_id)
            self.ws.workflow.deleting(post_id)  # published/scheduled refused; audited
            conn.execute("DELETE FROM post WHERE id = ?", (post_id,))
        self._changed(post_id)

    # -- read ---------------------------------------------------------------------------
    def get(self, post_id: int) -> Post:
        conn = self.db.conn
        r = conn.execute("SELECT * FROM post WHERE id = ?", (post_id,)).fetchone()
        if r is None:
            raise NotFoundError(f"no post #{post_id} in this workspace (see `studio posts`)")
        post = Post(
            id=r["id"],
            title=r["title"],
            brand_kit=r["brand_kit"],
            state=r["state"],
            languages=json.loads(r["languages"]),
            hashtags=json.loads(r["hashtags"]),
            schedule_at=r["schedule_at"],
            campaign=r["campaign"],
            revision=r["revision"],
            created_at=r["created_at"],
            updated_at=r["updated_at"],
        )
        post.platforms = [
            x[0]
            for x in conn.execute(
                "SELECT platform FROM post_platform WHERE post_id = ? ORDER BY position", (post_id,)
            )
        ]
        post.accounts = [
            x[0]
            for x in conn.execute(
                "SELECT account FROM post_account WHERE post_id = ? ORDER BY position", (post_id,)
            )
        ]
        post.text = {
            x[0]: x[1]
            for x in conn.execute(
                "SELECT lang, text FROM post_text WHERE post_id = ? ORDER BY rowid", (post_id,)
            )
        }
        for pid, lang, text in conn.execute(
            "SELECT platform, lang, text FROM post_override WHERE post_id = ? ORDER BY rowid",
            (post_id,),
        ):
            post.overrides.setdefault(pid, {})[lang] = text
        for m in conn.execute(
            "SELECT * FROM post_media WHERE post_id = ? ORDER BY position", (post_id,)
        ):
            post.media.append(
                PostMedia(
                    media_id=m["media_id"],
                    alt=json.loads(m["alt"]),
                    crop=json.loads(m["crop"]),
                    focal=(m["focal_x"], m["focal_y"]) if m["focal_x"] is not None else None,
                    trim=(m["trim_in"], m["trim_out"]) if m["trim_in"] is not None else None,
                )
            )
        return post

    def list(self) -> list[Post]:
        ids = [r[0] for r in self.db.conn.execute("SELECT id FROM post ORDER BY id")]
        return [self.get(i) for i in ids]

    def summaries(self) -> list[dict[str, Any]]:
        """Cheap listing for views: no captions or media rows."""
        rows = self.db.conn.execute(
            """SELECT p.id, p.title, p.brand_kit, p.state, p.schedule_at, p.campaign, p.updated_at,
            (SELECT group_concat(platform, ',') FROM
               (SELECT platform FROM post_platform WHERE post_id = p.id ORDER BY position))
               AS platforms,
            (SELECT COUNT(*) FROM post_media WHERE post_id = p.id) AS media_count
            FROM post p ORDER BY p.id"""
        ).fetchall()
        return [
            {
                "id": r["id"],
                "title": r["title"],
                "brand_kit": r["brand_kit"],
                "state": r["state"],
                "schedule_at": r["schedule_at"],
                "campaign": r["campaign"],
                "platforms": r["platforms"].split(",") if r["platforms"] else [],
                "media_count": r["media_count"],
                "updated_at": r["updated_at"],
            }
            for r in rows
        ]

    # -- internals ----------------------------------------------------------------------
    def _resolve_media(self, entries) -> list[PostMedia]:
        """Import media given by path (re-import of the same bytes reuses the item)."""
        resolved = []
        for index, (pm, path, media_id) in enumerate(entries):
            field = f"media[{index}]"
            if path is not None:
                report = self.ws.library.import_files([path])
                if report.rejected:
                    raise FormatError(f"{field}.path", f"{path}: {report.rejected[0].reason}")
                if not report.imported:
                    raise FormatError(f"{field}.path", f"{path}: no file to import there")
                pm.media_id = report.imported[0].item.id
            else:
                try:
                    self.ws.library.get(media_id)
                except NotFoundError:
                    raise FormatError(f"{field}.id", f"no library item #{media_id}") from None
                pm.media_id = media_id
            resolved.append(pm)
        return resolved

    def _require(self, conn, post_id: int) -> None:
        if conn.execute("SELECT 1 FROM post WHERE id = ?", (post_id,)).fetchone() is None:
            raise NotFoundError(f"no post #{post_id} in this workspace (see `studio posts`)")

    def _touch(self, conn, post_id: int) -> None:
        conn.execute(
            "UPDATE post SET revision = revision + 1, updated_at = ? WHERE id = ?",
            (now_iso(), post_id),
        )

    def _write(
        self, conn, post_id: int, fields: dict, media: list[PostMedia] | None, *, bump: bool
    ):
        simple = {
            "title": fields.get("title"),
            "brand_kit": fields.get("brand_kit"),
            "campaign": fields.get("campaign"),
        }
        for column, value in simple.items():
            if value is not None:
                conn.execute(f"UPDATE post SET {column} = ? WHERE id = ?", (value, post_id))
        if "schedule_at" in fields:
            conn.execute(
                "UPDATE post SET schedule_at = ? WHERE id = ?", (fields["schedule_at"], post_id)
            )
        if "languages" in fields:
            conn.execute(
                "UPDATE post SET languages = ? WHERE id = ?",
                (json.dumps(fields["languages"]), post_id),
            )
        if "hashtags" in fields:
            conn.execute(
                "UPDATE post SET hashtags = ? WHERE id = ?",
                (json.dumps(fields["hashtags"], ensure_ascii=False), post_id),
            )
        if "platforms" in fields:
            conn.execute("DELETE FROM post_platform WHERE post_id = ?", (post_id,))
            conn.executemany(
                "INSERT INTO post_platform (post_id, position, platform) VALUES (?,?,?)",
                [(post_id, i, p) for i, p in enumerate(fields["platforms"])],
            )
        if "accounts" in fields:
            conn.execute("DELETE FROM post_account WHERE post_id = ?", (post_id,))
            conn.executemany(
                "INSERT INTO post_account (post_id, position, account) VALUES (?,?,?)",
                [(post_id, i, a) for i, a in enumerate(fields["accounts"])],
            )
        if "text" in fields:
            conn.execute("DELETE FROM post_text WHERE post_id = ?", (post_id,))
            conn.executemany(
                "INSERT INTO post_text (post_id, lang, text) VALUES (?,?,?)",
                [(post_id, lang, t) for lang, t in fields["text"].items() if t],
            )
            if "languages" not in fields:
                conn.execute(
                    "UPDATE post SET languages = ? WHERE id = ?",
                    (json.dumps(list(fields["text"])), post_id),
                )
        if "overrides" in fields:
            conn.execute("DELETE FROM post_override WHERE post_id = ?", (post_id,))
            conn.executemany(
                "INSERT INTO post_override (post_id, platform, lang, text) VALUES (?,?,?,?)",
                [
                    (post_id, p, lang, t)
                    for p, texts in fields["overrides"].items()
                    for lang, t in texts.items()
                    if t
                ],
            )
        if media is not None:
            conn.execute("DELETE FROM post_media WHERE post_id = ?", (post_id,))
            conn.executemany(
                """INSERT INTO post_media (post_id, position, media_id, alt, crop, focal_x, focal_y,
                trim_in, trim_out) VALUES (?,?,?,?,?,?,?,?,?)""",
                [
                    (
                        post_id,
                        i,
                        m.media_id,
                        json.dumps(m.alt, ensure_ascii=False),
                        json.dumps(m.crop),
                        *(m.focal or (None, None)),
                        *(m.trim or (None, None)),
                    )
                    for i, m in enumerate(media)
                ],
            )
        if bump:
            self._touch(conn, post_id)
        else:
            conn.execute("UPDATE post SET updated_at = ? WHERE id = ?", (now_iso(), post_id))
