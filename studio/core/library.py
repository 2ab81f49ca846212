"""The media library: import originals, describe them (credit, rights, alt text), find them.

Import is a batch that never stops on a bad file: each file is probed, copied into the
content-addressed store and recorded in its own transaction, so a crash mid-batch keeps what
was imported and a rejected file costs only its own line in the report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.errors import FormatError, NotFoundError
from studio.core.model import MediaItem
from studio.core.timeutil import now_iso

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

ProgressFn = Callable[[int, int, Path], None]


@dataclass
class ImportedFile:
    source: Path
    item: MediaItem
    existing: bool  # the same bytes were already in the library
    warnings: tuple[str, ...] = ()


@dataclass
class RejectedFile:
    source: Path
    reason: str


@dataclass
class ImportReport:
    imported: list[ImportedFile] = field(default_factory=list)
    rejected: list[RejectedFile] = field(default_factory=list)
    cancelled: bool = False

    def to_json(self) -> dict:
        return {
            "imported": [
                {
                    "path": str(f.source),
                    "id": f.item.id,
                    "existing": f.existing,
                    "kind": f.item.kind,
                    "sha256": f.item.sha256,
                    "warnings": list(f.warnings),
                }
                for f in self.imported
            ],
            "rejected": [{"path": str(r.source), "reason": r.reason} for r in self.rejected],
            "cancelled": self.cancelled,
        }


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and folders walked in name order (hidden entries skipped)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file():
                    yield child
        else:
            yield path


class Library:
    def __init__(self, workspace: Workspace):
        self.ws = workspace
        self.db = workspace.db

    # -- import -------------------------------------------------------------------------
    def import_files(
        self,
        paths: Sequence[Path],
        *,
        credit: str | None = None,
        license: str | None = None,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        from studio.media.probe import MediaRejected, probe

        files = list(expand_paths(paths))
        report = ImportReport()
        for index, path in enumerate(files):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(index, len(files), path)
            if not path.exists() and not path.is_symlink():
                report.rejected.append(RejectedFile(path, "no such file"))
                continue
            try:
                info = probe(path)
                item, existing = self._store(path, info, credit=credit, license=license)
            except MediaRejected as exc:
                report.rejected.append(RejectedFile(path, str(exc)))
                continue
            except OSError as exc:
                report.rejected.append(
                    RejectedFile(path, f"cannot read the file: {exc.strerror or exc}")
                )
                continue
            report.imported.append(ImportedFile(path, item, existing, tuple(info.warnings)))
        if progress is not None and not report.cancelled:
            progress(len(files), len(files), Path())
        return report

    def _store(self, path: Path, info, *, credit, license) -> tuple[MediaItem, bool]:
        ext = {"jpeg": "jpg", "heif": "heic"}.get(info.format, info.format)
        sha, _stored = self.ws.media_store.add(path, ext)
        row = self.db.conn.execute("SELECT id FROM media WHERE sha256 = ?", (sha,)).fetchone()
        if row is not None:
            return self.get(row["id"]), True
        now = now_iso()
        with self.db.transaction() as conn:
            try:
                cur = conn.execute(
                    """INSERT INTO media (sha256, kind, format, mime, ext, bytes, width, height,
                    orientation, duration, fps, frames, video_codec, audio_codec, has_audio,
                    captured_at, has_location, camera, colour_mode, original_name, title, credit,
                    license, imported_at, updated_at)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (
                        sha,
                        info.kind,
                        info.format,
                        info.mime,
                        ext,
                        path.stat().st_size,
                        info.width,
                        info.height,
                        info.orientation,
                        info.duration,
                        info.fps,
                        info.frames,
                        info.video_codec,
                        info.audio_codec,
                        int(info.has_audio),
                        info.captured_at,
                        int(info.has_location),
                        info.camera,
                        info.colour_mode,
                        path.name,
                        path.stem.replace("_", " ").replace("-", " "),
                        credit or "",
                        license or "",
                        now,
                        now,
                    ),
                )
            except sqlite3.IntegrityError:  # another process imported the same bytes just now
                row = conn.execute("SELECT id FROM media WHERE sha256 = ?", (sha,)).fetchone()
                return self.get(row["id"]), True
            media_id = cur.lastrowid
            self._reindex(conn, media_id)
        return self.get(media_id), False

    # -- read ---------------------------------------------------------------------------
    def get(self, media_id: int) -> MediaItem:
        items = self.get_many([media_id])
        if media_id not in items:
            raise NotFoundError(f"no media item #{media_id} in this workspace's library")
        return items[media_id]

    def get_many(self, ids: Iterable[int]) -> dict[int, MediaItem]:
        ids = list(dict.fromkeys(int(i) for i in ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return self._load(f"WHERE m.id IN ({marks})", ids)

    def list(self, search: str | None = None, *, kind: str | None = None) -> list[MediaItem]:
        where, params = [], []
        if search and search.strip():
            where.append("m.id IN (SELECT rowid FROM media_fts WHERE media_fts MATCH ?)")
            params.append(fts_query(search))
        if kind:
            where.append("m.kind = ?")
            params.append(kind)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return list(self._load(clause, params).values())

    def count(self) -> int:
        return self.db.conn.execute("SELECT COUNT(*) FROM media").fetchone()[0]

    def _load(self, clause: str, params: Sequence) -> dict[int, MediaItem]:
        conn = self.db.conn
        rows = conn.execute(f"SELECT * FROM media m {clause} ORDER BY m.id", params).fetchall()
        items: dict[int, MediaItem] = {}
        for r in rows:
            items[r["id"]] = MediaItem(
                id=r["id"],
                sha256=r["sha256"],
                kind=r["kind"],
                format=r["format"],
                mime=r["mime"],
                ext=r["ext"],
                bytes=r["bytes"],
                width=r["width"],
                height=r["height"],
                path=self.ws.media_store.path_for(r["sha256"], r["ext"]),
                original_name=r["original_name"],
                orientation=r["orientation"],
                duration=r["duration"],
                fps=r["fps"],
                frames=r["frames"],
                video_codec=r["video_codec"],
                audio_codec=r["audio_codec"],
                has_audio=bool(r["has_audio"]),
                captured_at=r["captured_at"],
                has_location=bool(r["has_location"]),
                camera=r["camera"],
                colour_mode=r["colour_mode"],
                title=r["title"],
                credit=r["credit"],
                license=r["license"],
                focal=(r["focal_x"], r["focal_y"]),
                imported_at=r["imported_at"],
                updated_at=r["updated_at"],
            )
        if items:
            marks = ",".join("?" * len(items))
            keys = list(items)
            for r in conn.execute(
                f"SELECT media_id, lang, text FROM media_alt WHERE media_id IN ({marks}) "
                "ORDER BY rowid",
                keys,
            ):
                items[r[0]].alt[r[1]] = r[2]
            for r in conn.execute(
                f"SELECT media_id, tag FROM media_tag WHERE media_id IN ({marks}) ORDER BY rowid",
                keys,
            ):
                items[r[0]].tags.append(r[1])
        return items

    # -- edit ---------------------------------------------------------------------------
    def update(
        self,
        media_id: int,
        *,
        title: str | None = None,
        credit: str | None = None,
        license: str | None = None,
        alt: dict[str, str] | None = None,
        tags: Sequence[str] | None = None,
        focal: tuple[float, float] | None = None,
    ) -> MediaItem:
        """Change the description of an item; ``alt`` merges per language ("" removes one)."""
        self.get(media_id)
        sets, params = [], []
        for column, value in (("title", title), ("credit", credit), ("license", license)):
            if value is not None:
                if not isinstance(value, str):
                    raise FormatError(column, "must be text")
                sets.append(f"{column} = ?")
                params.append(value.strip())
        if focal is not None:
            fx, fy = _focal(focal, "focal")
            sets += ["focal_x = ?", "focal_y = ?"]
            params += [fx, fy]
        with self.db.transaction() as conn:
            sets.append("updated_at = ?")
            params.append(now_iso())
            conn.execute(f"UPDATE media SET {', '.join(sets)} WHERE id = ?", (*params, media_id))
            for lang, text in (alt or {}).items():
                if not isinstance(text, str):
                    raise FormatError(f"alt.{lang}", "must be text")
                if text.strip():
                    conn.execute(
                        "INSERT INTO media_alt (media_id, lang, text) VALUES (?,?,?) "
                        "ON CONFLICT (media_id, lang) DO UPDATE SET text = excluded.text",
                        (media_id, lang, text.strip()),
                    )
                else:
                    conn.execute(
                        "DELETE FROM media_alt WHERE media_id = ? AND lang = ?", (media_id, lang)
                    )
            if tags is not None:
                conn.execute("DELETE FROM media_tag WHERE media_id = ?", (media_id,))
                for tag in dict.fromkeys(t.strip() for t in tags if t and t.strip()):
                    conn.execute(
                        "INSERT INTO media_tag (media_id, tag) VALUES (?,?)", (media_id, tag)
                    )
            self._reindex(conn, media_id)
        return self.get(media_id)

    def _reindex(self, conn: sqlite3.Connection, media_id: int) -> None:
        r = conn.execute(
            "SELECT title, credit, original_name FROM media WHERE id = ?", (media_id,)
        ).fetchone()
        tags = " ".join(
            t[0] for t in conn.execute("SELECT tag FROM media_tag WHERE media_id = ?", (media_id,))
        )
        alt = " ".join(
            t[0] for t in conn.execute("SELECT text FROM media_alt WHERE media_id = ?", (media_id,))
        )
        conn.execute("DELETE FROM media_fts WHERE rowid = ?", (media_id,))
        conn.execute(
            "INSERT INTO media_fts (rowid, title, credit, tags, alt, original_name) "
            "VALUES (?,?,?,?,?,?)",
            (media_id, r["title"], r["credit"], tags, alt, r["original_name"]),
        )


def _focal(value, field_name: str) -> tuple[float, float]:
    try:
        fx, fy = (float(v) for v in value)
    except (TypeError, ValueError):
        raise FormatError(field_name, "must be two numbers [x, y] between 0 and 1") from None
    if not (0 <= fx <= 1 and 0 <= fy <= 1):
        raise FormatError(field_name, f"[{fx}, {fy}] is outside the image; use values from 0 to 1")
    return fx, fy


def fts_query(text: str) -> str:
    """Turn what a user types into a safe FTS5 query: every word must match, as a prefix."""
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    return " ".join(f'"{w}"*' for w in words) or '""'
