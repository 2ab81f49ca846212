"""The audit trail: an append-only, hash-chained log of everything that matters for review.

Every state change, signature, voided approval, publish attempt and result, pause/resume and
account or user change is one entry. Each entry's hash is
``sha256(prev_hash + canonical_json(body))`` (``prev_hash`` as 64 lowercase hex characters, the
first entry's being 64 zeros), so altering, deleting or reordering any entry breaks every hash
after it; ``verify`` names the first entry that no longer fits. SQLite triggers refuse UPDATE and
DELETE on the table, so the app itself cannot rewrite history by mistake.

What the chain cannot show on its own: removal of the newest entries, or a full recomputation
by someone who can write the file. ``verify`` reports the head hash; keeping a copy of it
elsewhere (a ticket, an email) anchors everything before it. See docs/approval.md.

Details must never hold secrets: keys that look like one are refused.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.core.approval import canonical_json
from studio.core.timeutil import now_iso

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

GENESIS = "0" * 64
_ACTION_RE = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
_SECRET_KEY_RE = re.compile(r"secret|password|passphrase|token|private|credential", re.I)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    post_id: int | None
    detail: dict[str, Any]
    prev_hash: str
    entry_hash: str

    def body(self) -> dict[str, Any]:
        return entry_body(self.seq, self.at, self.actor, self.action, self.post_id, self.detail)

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "prev_hash": self.prev_hash, "entry_hash": self.entry_hash}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    head: str  # entry hash of the last entry that checked out
    broken_seq: int | None = None
    problem: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.count,
            "head": self.head,
            "broken_entry": self.broken_seq,
            "problem": self.problem,
        }


def entry_body(seq, at, actor, action, post_id, detail) -> dict[str, Any]:
    """The hashed part of an entry (what docs/approval.md tells offline tools to rebuild)."""
    return {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "post_id": post_id,
        "detail": detail,
    }


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_json(body)).hexdigest()


def _check_detail(detail: dict[str, Any], path: str = "detail") -> None:
    for key, value in detail.items():
        if _SECRET_KEY_RE.search(str(key)):
            raise ValueError(f"{path}.{key}: audit entries must never hold secrets")
        if isinstance(value, dict):
            _check_detail(value, f"{path}.{key}")


def record(
    ws: Workspace,
    action: str,
    post_id: int | None = None,
    detail: dict[str, Any] | None = None,
    *,
    actor: str | None = None,
) -> AuditEntry:
    """Append one entry (inside the caller's transaction if there is one) and return it.

    ``action`` is dotted lower case (``post.published``, ``outbox.paused``); ``detail`` is
    plain JSON without floats (times as ISO strings) and without secrets.
    """
    from studio.core.users import actor_name

    if not _ACTION_RE.match(action):
        raise ValueError(f"audit action {action!r} must be dotted lower case, e.g. 'post.paused'")
    detail = dict(detail or {})
    _check_detail(detail)
    actor = actor or actor_name()  # "unknown" rather than no record when the OS cannot say
    with ws.db.transaction() as conn:
        last = conn.execute(
            "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = now_iso()
        body = entry_body(seq, at, actor, action, post_id, detail)
        entry_hash = chain_hash(prev, body)  # also proves the detail is canonical-JSON-able
        conn.execute(
            "INSERT INTO audit_log (seq, at, actor, action, post_id, detail, prev_hash, "
            "entry_hash) VALUES (?,?,?,?,?,?,?,?)",
            (seq, at, actor, action, post_id, canonical_json(detail).decode(), prev, entry_hash),
        )
    return AuditEntry(seq, at, actor, action, post_id, detail, prev, entry_hash)


def entries(ws: Workspace, *, post_id: int | None = None) -> list[AuditEntry]:
    sql, params = "SELECT * FROM audit_log", ()
    if post_id is not None:
        sql, params = sql + " WHERE post_id = ?", (post_id,)
    return [_entry(r) for r in ws.db.conn.execute(sql + " ORDER BY seq", params)]


def verify(ws: Workspace) -> VerifyResult:
    """Walk the chain from the first entry; stop at the first that does not fit."""
    prev, count = GENESIS, 0
    for row in ws.db.conn.execute("SELECT * FROM audit_log ORDER BY seq"):
        expected_seq = count + 1
        label = f"entry #{row['seq']} ({row['action']} at {row['at']})"
        try:
            entry = _entry(row)
        except (ValueError, TypeError):
            return _broken(count, prev, row["seq"], f"{label}: its detail is not valid JSON")
        if entry.seq != expected_seq:
            return _broken(
                count,
                prev,
                entry.seq,
                f"{label}: expected entry #{expected_seq} here; entries were deleted or reordered",
            )
        if entry.prev_hash != prev:
            return _broken(
                count,
                prev,
                entry.seq,
                f"{label}: does not follow the entry before it; entries were deleted, "
                "inserted or reordered",
            )
        try:
            intact = chain_hash(prev, entry.body()) == entry.entry_hash and canonical_json(
                entry.detail
            ) == row["detail"].encode("utf-8")
        except (TypeError, ValueError):  # e.g. a float or a non-NFC string written in by hand
            intact = False
        if not intact:
            return _broken(count, prev, entry.seq, f"{label}: its content was altered")
        prev, count = entry.entry_hash, count + 1
    return VerifyResult(True, count, prev)


def _broken(count: int, head: str, seq: int, problem: str) -> VerifyResult:
    return VerifyResult(False, count, head, seq, problem)


def _entry(row) -> AuditEntry:
    detail = json.loads(row["detail"])
    if not isinstance(detail, dict):
        raise ValueError("detail is not an object")
    return AuditEntry(
        seq=row["seq"],
        at=row["at"],
        actor=row["actor"],
        action=row["action"],
        post_id=row["post_id"],
        detail=detail,
        prev_hash=row["prev_hash"],
        entry_hash=row["entry_hash"],
    )


class AuditLog:
    """``ws.audit``: the functions above bound to one workspace."""

    def __init__(self, workspace: Workspace):
        self.ws = workspace

    def record(self, action: str, post_id: int | None = None, detail=None, **kw) -> AuditEntry:
        return record(self.ws, action, post_id, detail, **kw)

    def entries(self, *, post_id: int | None = None) -> list[AuditEntry]:
        return entries(self.ws, post_id=post_id)

    def verify(self) -> VerifyResult:
        return verify(self.ws)
