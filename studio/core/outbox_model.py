"""Delivery records, idempotency keys and lease owners: the outbox's plain data.

Kept apart from :mod:`studio.core.outbox` (which moves deliveries) so the window, the CLI
and the worker can read deliveries without pulling in the state machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

STATES = ("queued", "sending", "sent", "failed", "uncertain", "held", "cancelled")
PENDING = ("queued", "sending", "held", "uncertain")
FINAL = ("sent", "failed", "cancelled")


def iso(dt: datetime) -> str:
    """Stored times: aware UTC, milliseconds, so that text order is time order."""
    return dt.astimezone(UTC).isoformat(timespec="milliseconds")


def utcnow() -> datetime:
    return datetime.now(UTC)


def delivery_key(workspace_id: str, post_id: int, round: int, account: str, content_hash: str):
    """The idempotency key: stable for every retry of this content to this account."""
    raw = f"heritage-studio.delivery.v1\n{workspace_id}\n{post_id}\n{round}\n{account}\n"
    return hashlib.sha256((raw + content_hash).encode("utf-8")).hexdigest()


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def owner_alive(owner: str | None) -> bool:
    """False when the lease holder was a process on this host that no longer runs."""
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine: trust the lease's expiry
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Delivery:
    id: int
    post_id: int
    account: str
    platform: str
    round: int
    content_hash: str
    key: str
    state: str
    attempts: int
    scheduled_at: str | None
    next_at: str | None
    maybe_posted: bool
    remote_id: str | None
    url: str | None
    error_kind: str | None
    error: str | None
    progress: float | None
    progress_message: str | None
    memo: dict[str, Any]
    lease_owner: str | None
    lease_until: str | None
    created_at: str
    updated_at: str
    sent_at: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "post": self.post_id,
            "account": self.account,
            "platform": self.platform,
            "round": self.round,
            "state": self.state,
            "attempts": self.attempts,
            "scheduled_at": self.scheduled_at,
            "next_at": self.next_at,
            "remote_id": self.remote_id,
            "url": self.url,
            "error": {"kind": self.error_kind, "message": self.error} if self.error else None,
            "progress": self.progress,
            "progress_message": self.progress_message,
            "may_have_posted": self.maybe_posted,
            "content_hash": self.content_hash,
            "key": self.key,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "sent_at": self.sent_at,
        }


def _delivery(row) -> Delivery:
    data = dict(row)
    data["maybe_posted"] = bool(data["maybe_posted"])
    data["memo"] = json.loads(data["memo"] or "{}")
    return Delivery(**data)
