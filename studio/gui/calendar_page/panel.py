"""The Calendar screen: posts on the days they are scheduled, month or week, by campaign.

Dragging a post to another day keeps its time of day and UTC offset and changes only the date,
through ``ws.posts.update`` like any other edit. The schedule is part of the content an
approver signs (``studio.core.approval`` hashes ``schedule_at``), so moving a post that is in
review, approved, scheduled or failed sends it back to draft; the screen asks first and says
so. Published posts stay where they went out.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.workflow import REVIEWED_STATES
from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.calendar_page.cells import DayCell, PostChip
from studio.gui.composer.states import state_colour, state_label
from studio.gui.i18n import align_start

LEGEND_STATES = ("draft", "in_review", "approved", "scheduled", "published", "failed")


def parse_when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def moved_schedule(old: str | None, day: dt.date) -> str:
    """``old`` on ``day`` (same time and offset); unscheduled posts go at 10:00 local time."""
    when = parse_when(old)
    if when is None:
        return dt.datetime.combine(day, dt.time(10, 0)).astimezone().isoformat()
    return when.replace(year=day.year, month=day.month, day=day.day).isoformat()


class CalendarPanel(QWidget):
    """Signals
    -------
    sig_open_post(int)
        Show a post in the composer (double-click on it).
    """

    sig_open_post = Signal(int)

    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.mode = "month"
        self.anchor = dt.date.today()
        self.rows: dict[int, dict] = {}
        self.cells: dict[dt.date, DayCell] = {}
        self.unscheduled: list[PostChip] = []
        self._shown_once = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Calendar"))
        heading.setObjectName("PanelTitle")
        top.addWidget(heading)
        top.addSpacing(12)
        self.prev_button = QToolButton()
        self.prev_button.setArrowType(Qt.LeftArrow)
        self.prev_button.setToolTip(self.tr("Previous"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.clicked.connect(lambda: self.go_to(dt.date.today()))
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.RightArrow)
        self.next_button.setToolTip(self.tr("Next"))
        self.next_button.clicked.connect(lambda: self.step(1))
        if self.layoutDirection() == Qt.RightToLeft or QApplication.isRightToLeft():
            self.prev_button.setArrowType(Qt.RightArrow)  # "back" points right in Arabic
            self.next_button.setArrowType(Qt.LeftArrow)
        for w in (self.prev_button, self.today_button, self.next_button):
            top.addWidget(w)
        self.period = QLabel()
        self.period.setObjectName("PeriodTitle")
        top.addWidget(self.period, 1)
        self.month_button = QPushButton(self.tr("Month"))
        self.week_button = QPushButton(self.tr("Week"))
        group = QButtonGroup(self)
        for button, mode in ((self.month_button, "month"), (self.week_button, "week")):
            button.setCheckable(True)
            button.setObjectName("Segment")
            group.addButton(button)
            button.clicked.connect(lambda _on, mode=mode: self.set_mode(mode))
            top.addWidget(button)
        self.month_button.setChecked(True)
        top.addSpacing(12)
        self.campaign = QComboBox()
        self.campaign.setObjectName("CampaignFilter")
        self.campaign.setMinimumWidth(180)
        self.campaign.currentIndexChanged.connect(lambda _i: self.rebuild())
        top.addWidget(self.campaign)
        layout.addLayout(top)

        legend = QHBoxLayout()
        for state in LEGEND_STATES:
            swatch = QLabel(state_label(state))
            swatch.setStyleSheet(
                f"background: {state_colour(state)}; color: white; border-radius: 5px; "
                "padding: 1px 7px;"
            )
            legend.addWidget(swatch)
        legend.addStretch(1)
        self.hint = QLabel(self.tr("Drag a post to another day to reschedule it."))
        self.hint.setObjectName("Muted")
        legend.addWidget(self.hint)
        layout.addLayout(legend)

        body = QHBoxLayout()
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setSpacing(3)
        self.grid.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.grid_holder, 1)
        side = QVBoxLayout()
        title = QLabel(self.tr("Not scheduled"))
        title.setObjectName("SectionTitle")
        align_start(title)
        side.addWidget(title)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFixedWidth(220)
        self.side_holder = QWidget()
        self.side_list = QVBoxLayout(self.side_holder)
        self.side_list.setContentsMargins(2, 2, 2, 2)
        self.side_list.addStretch(1)
        scroll.setWidget(self.side_holder)
        side.addWidget(scroll, 1)
        body.addLayout(side)
        layout.addLayout(body, 1)

    # -- data ---------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload()
        if not self._shown_once:
            self._shown_once = True
            self._jump_to_next_post()

    def _jump_to_next_post(self) -> None:
        """First visit: when nothing is scheduled in this period but something is later, open
        on the month of the next scheduled post rather than on an empty page."""
        current = [
            cell
            for day, cell in self.cells.items()
            if self.mode == "week" or day.month == self.anchor.month
        ]
        if any(cell.chips for cell in current):
            return
        today = dt.date.today()
        upcoming = sorted(
            when.date()
            for r in self.visible_rows()
            if (when := parse_when(r["schedule_at"])) is not None and when.date() >= today
        )
        if upcoming:
            self.go_to(upcoming[0])

    def reload(self) -> None:
        rows = {r["id"]: r for r in self.ws.posts.summaries()}
        if rows == self.rows and self.cells:
            return  # nothing moved since the last visit: keep the widgets (a rebuild is ~40 ms)
        self.rows = rows
        campaigns = sorted({r["campaign"] for r in self.rows.values() if r["campaign"]})
        current = self.campaign.currentData()
        blocked = self.campaign.blockSignals(True)
        self.campaign.clear()
        self.campaign.addItem(self.tr("All campaigns"), None)
        for name in campaigns:
            self.campaign.addItem(name, name)
        index = self.campaign.findData(current) if current else 0
        self.campaign.setCurrentIndex(max(0, index))
        self.campaign.blockSignals(blocked)
        self.rebuild()

    def visible_rows(self) -> list[dict]:
        chosen = self.campaign.currentData()
        return [r for r in self.rows.values() if not chosen or r["campaign"] == chosen]

    # -- navigation ---------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode = mode
        (self.month_button if mode == "month" else self.week_button).setChecked(True)
        self.rebuild()

    def go_to(self, day: dt.date) -> None:
        self.anchor = day
        self.rebuild()

    def step(self, direction: int) -> None:
        if self.mode == "week":
            self.anchor += dt.timedelta(days=7 * direction)
        else:
            month = self.anchor.month - 1 + direction
            self.anchor = dt.date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self.rebuild()

    def days(self) -> list[dt.date]:
        """The days on screen: whole weeks, starting on the locale's first day of the week."""
        first_weekday = QLocale().firstDayOfWeek().value  # Qt: Monday = 1 … Sunday = 7
        start = self.anchor if self.mode == "week" else self.anchor.replace(day=1)
        start -= dt.timedelta(days=(start.isoweekday() - first_weekday) % 7)
        count = 7 if self.mode == "week" else 42
        return [start + dt.timedelta(days=i) for i in range(count)]

    # -- drawing ------------------------------------------------------------------------------
    def rebuild(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # gone now, not at the next idle moment
                item.widget().deleteLater()
        self.cells = {}
        locale = QLocale()
        days = self.days()
        if self.mode == "month":
            self.period.setText(
                f"{locale.standaloneMonthName(self.anchor.month)} {self.anchor.year}"
            )
        else:
            fmt = locale.dateFormat(QLocale.ShortFormat)
            self.period.setText(
                f"{locale.toString(days[0], fmt)} – {locale.toString(days[-1], fmt)}"
            )
        for col, day in enumerate(days[:7]):
            name = QLabel(locale.dayName(day.isoweekday(), QLocale.ShortFormat))
            name.setObjectName("DayName")
            name.setAlignment(Qt.AlignCenter)
            self.grid.addWidget(name, 0, col)
        today = dt.date.today()
        for i, day in enumerate(days):
            in_month = self.mode == "week" or day.month == self.anchor.month
            cell = DayCell(day, in_month=in_month, today=day == today)
            cell.sig_dropped.connect(self.reschedule)
            self.cells[day] = cell
            self.grid.addWidget(cell, 1 + i // 7, i % 7)
        for row in range(1, 1 + len(days) // 7):
            self.grid.setRowStretch(row, 1)
        for col in range(7):
            self.grid.setColumnStretch(col, 1)

        for chip in self.unscheduled:
            chip.hide()
            self.side_list.removeWidget(chip)
            chip.deleteLater()
        self.unscheduled = []
        placed = []
        for row in self.visible_rows():
            when = parse_when(row["schedule_at"])
            if when is None:
                if row["state"] != "published":
                    chip = PostChip(row, None)
                    chip.sig_open.connect(self.sig_open_post)
                    self.side_list.insertWidget(self.side_list.count() - 1, chip)
                    self.unscheduled.append(chip)
                continue
            placed.append((when, row))
        for when, row in sorted(placed, key=lambda p: p[0]):
            cell = self.cells.get(when.date())
            if cell is not None:
                chip = PostChip(row, when)
                chip.sig_open.connect(self.sig_open_post)
                cell.add_chip(chip)

    def chips_on(self, day: dt.date) -> list[PostChip]:
        cell = self.cells.get(day)
        return list(cell.chips) if cell is not None else []

    # -- rescheduling -------------------------------------------------------------------------
    def reschedule(self, post_id: int, day: dt.date) -> None:
        row = self.rows.get(post_id)
        if row is None:
            return
        if row["state"] == "published":
            ops.notifier().message(self.tr("A published post stays on the day it went out."))
            return
        new = moved_schedule(row["schedule_at"], day)
        if parse_when(row["schedule_at"]) and parse_when(row["schedule_at"]).date() == day:
            return
        if row["state"] in REVIEWED_STATES:
            answer = QMessageBox.question(
                self,
                self.tr("Reschedule a reviewed post?"),
                self.tr(
                    "“{title}” is {state}. Its date is part of what the approvers signed, so "
                    "moving it to {day} sends it back to Draft: it must be submitted and "
                    "approved again before it can be published.\n\nMove it anyway?"
                ).format(
                    title=row["title"],
                    state=state_label(row["state"]),
                    day=QLocale().toString(day, QLocale.LongFormat),
                ),
                QMessageBox.Yes | QMessageBox.Cancel,
                QMessageBox.Cancel,
            )
            if answer != QMessageBox.Yes:
                return
        ws = self.ws

        def done(_post) -> None:
            self.reload()
            ops.notifier().message(
                self.tr("“{title}” moved to {day}.").format(
                    title=row["title"], day=QLocale().toString(day, QLocale.ShortFormat)
                )
            )

        (
            ops.op(lambda _ctx: ws.posts.update(post_id, {"schedule_at": new}))
            .on_lane("db")
            .on_success(done)
            .owned_by(self)
            .run()
        )
