"""The one shape every check reports in: validation, the render planner and the publisher.

Why its own module: the media rules below are judged both by validation (to show the user)
and by the render planner (to refuse work it cannot do); both need the same record so a post
that validates clean is never refused later with other words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")
ALL = "*"  # the platform of a finding about the whole post


@dataclass(frozen=True)
class Finding:
    platform: str
    severity: str  # "error" | "warning" | "info"
    code: str
    message: str
    field: str
    measured: Any = None
    limit: Any = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
