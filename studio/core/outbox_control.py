"""Workspace-wide publishing switches: the crisis pause and what to do with late deliveries.

Both live in the ``settings`` table, so they hold for every process that opens the workspace
(the window and a CLI worker alike) and survive restarts; every change is audited. The pause
is read before every request a worker makes, so once ``pause`` returns nothing new starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.core.errors import StudioError
from studio.core.timeutil import now_iso
from studio.core.users import actor_name

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

PAUSE_KEY = "publish_pause"
LATE_POLICY_KEY = "late_policy"
LATE_GRACE_KEY = "late_grace_minutes"
LATE_POLICIES = ("send", "ask")
DEFAULT_LATE_GRACE_MINUTES = 15


class OutboxError(StudioError):
    """An outbox action is not possible now; the message says why and what to do."""


@dataclass(frozen=True)
class Pause:
    reason: str
    by: str
    at: str

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "by": self.by, "at": self.at}

    def banner(self) -> str:
        return (
            f"PUBLISHING PAUSED by {self.by} at {self.at}: {self.reason} "
            "(nothing is sent until `studio resume`)"
        )


def _get(ws: Workspace, key: str) -> str | None:
    row = ws.db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set(conn, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM settings WHERE key = ?", (key,))
    else:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def paused(ws: Workspace) -> Pause | None:
    raw = _get(ws, PAUSE_KEY)
    if raw is None:
        return None
    data = json.loads(raw)
    return Pause(data.get("reason", ""), data.get("by", "unknown"), data.get("at", ""))


def pause(ws: Workspace, reason: str) -> Pause:
    """Stop all sending now; in-flight requests finish or are reconciled after ``resume``."""
    from studio.core import audit

    reason = (reason or "").strip()
    if not reason:
        raise OutboxError("say why publishing stops: --reason TEXT is required")
    current = Pause(reason, actor_name(), now_iso())
    with ws.db.transaction() as conn:
        was = paused(ws)
        _set(conn, PAUSE_KEY, json.dumps(current.to_json(), ensure_ascii=False))
        audit.record(ws, "outbox.paused", detail={"reason": reason, "was_paused": was is not None})
    return current


def resume(ws: Workspace) -> Pause | None:
    """Lift the pause; returns the pause that was lifted (None if there was none)."""
    from studio.core import audit

    with ws.db.transaction() as conn:
        was = paused(ws)
        if was is None:
            return None
        _set(conn, PAUSE_KEY, None)
        audit.record(ws, "outbox.resumed", detail={"paused_since": was.at, "reason": was.reason})
    return was


def late_policy(ws: Workspace) -> str:
    """ "send": late deliveries go out when a worker starts; "ask": they wait as ``held``."""
    value = _get(ws, LATE_POLICY_KEY)
    return value if value in LATE_POLICIES else "send"


def late_grace_minutes(ws: Workspace) -> int:
    value = _get(ws, LATE_GRACE_KEY)
    return int(value) if value and value.isdigit() else DEFAULT_LATE_GRACE_MINUTES


def set_late_policy(ws: Workspace, policy: str, grace_minutes: int | None = None) -> None:
    from studio.core import audit

    if policy not in LATE_POLICIES:
        raise OutboxError(f"late policy must be one of {', '.join(LATE_POLICIES)}, not {policy!r}")
    if grace_minutes is not None and not 0 <= grace_minutes <= 7 * 24 * 60:
        raise OutboxError("--grace must be a number of minutes from 0 to 10080 (a week)")
    with ws.db.transaction() as conn:
        _set(conn, LATE_POLICY_KEY, policy)
        if grace_minutes is not None:
            _set(conn, LATE_GRACE_KEY, str(grace_minutes))
        audit.record(
            ws,
            "outbox.policy_changed",
            detail={"late_policy": policy, "late_grace_minutes": late_grace_minutes(ws)},
        )
