"""How post states are named and coloured in every view (the states themselves are core's)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.gui.style import STATE_COLOURS


def state_label(state: str) -> str:
    labels = {
        "draft": QCoreApplication.translate("PostState", "Draft"),
        "in_review": QCoreApplication.translate("PostState", "In review"),
        "changes_requested": QCoreApplication.translate("PostState", "Changes requested"),
        "approved": QCoreApplication.translate("PostState", "Approved"),
        "scheduled": QCoreApplication.translate("PostState", "Scheduled"),
        "published": QCoreApplication.translate("PostState", "Published"),
        "failed": QCoreApplication.translate("PostState", "Failed"),
        "withdrawn": QCoreApplication.translate("PostState", "Withdrawn"),
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
