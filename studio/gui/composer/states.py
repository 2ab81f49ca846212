"""How post states are named and coloured in every view (the states themselves are core's)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.gui.style import STATE_COLOURS


def state_label(state: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "draft": tr("PostState", "Draft"),
        "in_review": tr("PostState", "In review"),
        "changes_requested": tr("PostState", "Changes requested"),
        "approved": tr("PostState", "Approved"),
        "scheduled": tr("PostState", "Scheduled"),
        "published": tr("PostState", "Published"),
        "failed": tr("PostState", "Failed"),
        "withdrawn": tr("PostState", "Withdrawn"),
    }
    return labels.get(state, state)


def state_colour(state: str) -> str:
    return STATE_COLOURS.get(state, "#7a8a8f")


def badge_sheet(state: str) -> str:
    """A pill for a QLabel showing a state."""
    return (
        f"background: {state_colour(state)}; color: white; border-radius: 9px; "
        "padding: 1px 9px; font-weight: 600;"
    )
