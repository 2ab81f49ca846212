"""The studio's look: Fusion with a light palette and a few named styles, in one place.

Fusion draws the same on every OS, so screenshots in the docs match what users see. Widgets
that need a special look set an ``objectName`` or a dynamic property (``chip="over"``) and
this sheet styles them; no colours are hard-coded in the panels.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

TEAL = "#0f5e63"
TEAL_DARK = "#0b4548"
TERRACOTTA = "#d98b4a"
SAND = "#f4e7d3"
INK = "#1f2a2c"
ERROR = "#c0392b"
WARNING = "#b7791f"
OK = "#2f7d4f"
MUTED = "#66757a"

SEVERITY_COLOURS = {"error": ERROR, "warning": WARNING, "info": "#2b6cb0"}
STATE_COLOURS = {
    "draft": "#7a8a8f",
    "in_review": "#2b6cb0",
    "changes_requested": WARNING,
    "approved": OK,
    "scheduled": "#6b46c1",
    "published": TEAL,
    "failed": ERROR,
    "withdrawn": "#4a5568",
}

SHEET = f"""
QWidget#Sidebar {{ background: {TEAL_DARK}; }}
QListWidget#SidebarList {{
    background: transparent; border: none; color: #e8f1f1; font-size: 14px; outline: 0;
}}
QListWidget#SidebarList::item {{ padding: 10px 12px; border-radius: 8px; margin: 2px 8px; }}
QListWidget#SidebarList::item:selected {{ background: {TEAL}; color: white; }}
QListWidget#SidebarList::item:hover:!selected {{ background: rgba(255,255,255,0.08); }}
QLabel#SidebarTitle {{ color: white; font-size: 15px; font-weight: 600; padding: 16px 14px 10px 14px; }}
QLabel#SidebarFooter {{ color: #9fbcbc; font-size: 11px; padding: 10px 14px; }}

QLabel#PanelTitle {{ font-size: 18px; font-weight: 600; color: {INK}; }}
QLabel#SectionTitle {{ font-weight: 600; color: {INK}; margin-top: 6px; }}
QLabel#Muted {{ color: {MUTED}; }}
QLabel#FieldError {{ color: {ERROR}; }}
QLabel#EmptyHint {{ color: {MUTED}; font-size: 14px; }}
QWidget#PreviewBoard {{ background: #eceeed; }}
QFrame#DayCell {{ background: white; border: 1px solid #e1e4e3; border-radius: 4px; }}
QFrame#DayCell[outside="true"] {{ background: #f3f2ee; }}
QFrame#DayCell[today="true"] {{ border: 2px solid {TERRACOTTA}; }}
QFrame#DayCell[hover="true"] {{ background: #e3f0ec; border: 2px dashed {TEAL}; }}
QLabel#DayNumber {{ color: {MUTED}; font-size: 11px; }}
QFrame#DayCell[outside="true"] QLabel#DayNumber {{ color: #b3bbbd; }}
QLabel#DayName {{ color: {MUTED}; font-weight: 600; }}
QLabel#PeriodTitle {{ font-size: 16px; font-weight: 600; color: {INK}; padding: 0 10px; }}
QPushButton#Segment {{ padding: 4px 12px; }}
QPushButton#Segment:checked {{ background: {TEAL}; color: white; border: 1px solid {TEAL}; }}
QLineEdit#TitleEdit {{ font-size: 17px; font-weight: 600; padding: 4px 6px; }}

QPushButton#Primary, QToolButton#Primary {{
    background: {TEAL}; color: white; border: none; border-radius: 6px; padding: 6px 14px;
    font-weight: 600;
}}
QPushButton#Primary:hover, QToolButton#Primary:hover {{ background: {TEAL_DARK}; }}
QPushButton#Primary:disabled, QToolButton#Primary:disabled {{ background: #b8c4c5; color: #f4f6f6; }}

QFrame#Banner {{ background: {SAND}; border: 1px solid #e2cfb1; border-radius: 8px; }}
QFrame#Banner[kind="error"] {{ background: #fbeaea; border-color: #e8b4b0; }}
QFrame#Warning {{ background: #fff4e0; border: 1px solid #f0c674; border-radius: 6px; }}

QLabel[chip="ok"], QLabel[chip="near"], QLabel[chip="over"] {{
    border-radius: 10px; padding: 2px 9px; font-weight: 600;
}}
QLabel[chip="ok"] {{ background: #e3f0ec; color: {OK}; }}
QLabel[chip="near"] {{ background: #fdf0d5; color: {WARNING}; }}
QLabel[chip="over"] {{ background: {ERROR}; color: white; }}

QLabel[save="saved"] {{ color: {OK}; }}
QLabel[save="unsaved"], QLabel[save="saving"] {{ color: {WARNING}; }}
QLabel[save="failed"] {{ color: {ERROR}; font-weight: 600; }}

QFrame#WelcomeCard {{ background: white; border-radius: 14px; }}
QLabel#WelcomeTitle {{ font-size: 20px; font-weight: 600; color: {TEAL_DARK}; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyle(QStyleFactory.create("Fusion"))
    palette = app.style().standardPalette()
    palette.setColor(QPalette.Window, QColor("#f6f4ef"))
    palette.setColor(QPalette.Base, QColor("#ffffff"))
    palette.setColor(QPalette.AlternateBase, QColor("#faf8f4"))
    palette.setColor(QPalette.Highlight, QColor(TEAL))
    palette.setColor(QPalette.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.Text, QColor(INK))
    palette.setColor(QPalette.WindowText, QColor(INK))
    palette.setColor(QPalette.ButtonText, QColor(INK))
    palette.setColor(QPalette.PlaceholderText, QColor("#8d999c"))
    palette.setColor(QPalette.Link, QColor(TEAL))
    app.setPalette(palette)
    app.setStyleSheet(SHEET)


def repolish(widget) -> None:
    """Re-apply the sheet after a dynamic property (``chip``, ``save``, ``kind``) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
