"""The pieces of the calendar: a post chip that can be dragged, and a day that accepts it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QSizePolicy, QVBoxLayout

from studio.gui.composer.states import state_colour, state_label
from studio.gui.i18n import align_start, isolate

MIME = "application/x-heritage-studio-post"
MOVABLE = frozenset({"draft", "in_review", "changes_requested", "approved", "scheduled", "failed"})


class PostChip(QLabel):
    """A post on its day: time and title, coloured by state; drag it, double-click to edit.

    Signals
    -------
    sig_open(int)
        Open the post in the composer.
    """

    sig_open = Signal(int)

    def __init__(self, row: dict, when: dt.datetime | None, parent=None):
        super().__init__(parent)
        self.row = row
        self.post_id = row["id"]
        time = when.strftime("%H:%M") + " " if when else ""
        self.setText(isolate(time + row["title"]))
        self.setObjectName("PostChip")
        self.setProperty("state", row["state"])
        colour = state_colour(row["state"])
        self.setStyleSheet(
            f"QLabel#PostChip {{ background: {colour}; color: white; border-radius: 5px; "
            "padding: 2px 6px; }"
        )
        tip = [row["title"], state_label(row["state"])]
        if row.get("campaign"):
            tip.append(row["campaign"])
        tip.append(", ".join(row.get("platforms") or []))
        self.setToolTip("\n".join(t for t in tip if t))
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self._press: QPoint | None = None
        if row["state"] in MOVABLE:
            self.setCursor(Qt.OpenHandCursor)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._press is None or self.row["state"] not in MOVABLE:
            return
        distance = (event.position().toPoint() - self._press).manhattanLength()
        if distance < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        mime = QMimeData()
        mime.setData(MIME, QByteArray(str(self.post_id).encode()))
        drag.setMimeData(mime)
        drag.setPixmap(self.grab())
        drag.exec(Qt.MoveAction)

    def mouseDoubleClickEvent(self, _event) -> None:
        self.sig_open.emit(self.post_id)


class DayCell(QFrame):
    """One day of the grid. Signals: ``sig_dropped(int post_id, date)``."""

    sig_dropped = Signal(int, object)

    def __init__(self, day: dt.date, *, in_month: bool, today: bool, parent=None):
        super().__init__(parent)
        self.day = day
        self.setObjectName("DayCell")
        self.setProperty("outside", not in_month)
        self.setProperty("today", today)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 3, 4, 3)
        layout.setSpacing(2)
        self.number = QLabel(str(day.day))
        self.number.setObjectName("DayNumber")
        align_start(self.number)
        layout.addWidget(self.number)
        self.chips: list[PostChip] = []
        layout.addStretch(1)

    def add_chip(self, chip: PostChip) -> None:
        self.layout().insertWidget(self.layout().count() - 1, chip)
        self.chips.append(chip)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
            self.setProperty("hover", True)
            self.style().polish(self)

    def dragLeaveEvent(self, _event) -> None:
        self.setProperty("hover", False)
        self.style().polish(self)

    def dropEvent(self, event) -> None:
        self.setProperty("hover", False)
        self.style().polish(self)
        data = event.mimeData().data(MIME)
        if not data:
            return
        event.acceptProposedAction()
        self.sig_dropped.emit(int(bytes(data).decode()), self.day)
