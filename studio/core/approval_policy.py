"""How many distinct approvers a post needs before it may be published.

The stricter of the post's brand kit and the workspace setting wins, so an organisation can
raise the bar for everything and a kit can raise it further for its own posts. Changing the
setting is a manager's act and is audited (``policy.changed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


def required_approvals(ws: Workspace, brand_kit: str) -> int:
    """The stricter of the post's brand kit and the workspace setting (at least 1)."""
    kit, _error = ws.load_kit(brand_kit) if brand_kit else (None, None)
    row = ws.db.conn.execute(
        "SELECT value FROM settings WHERE key = 'approvals_required'"
    ).fetchone()
    setting = int(row[0]) if row else 1
    return max(1, setting, kit.approvals_required if kit else 1)


def set_required_approvals(ws: Workspace, count: int) -> None:
    """Workspace-wide minimum of distinct approvers; a brand kit may ask for more."""
    from studio.core import audit
    from studio.core.users import UserError

    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10:
        raise UserError(f"approvals required must be a whole number from 1 to 10, not {count!r}")
    ws.users._require_manager("change how many approvals are required")
    with ws.db.transaction() as conn:
        old = conn.execute("SELECT value FROM settings WHERE key = 'approvals_required'").fetchone()
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('approvals_required', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(count),),
        )
        audit.record(
            ws, "policy.changed", detail={"approvals_required": count, "was": old and old[0]}
        )
