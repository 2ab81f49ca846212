"""The Calendar: posts on their days, month and week, campaign filter, drag to reschedule."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from studio.core.users import acting_as
from studio.gui.calendar_page.cells import MIME
from studio.gui.calendar_page.panel import moved_schedule

DEC_7, DEC_9, DEC_10 = dt.date(2026, 12, 7), dt.date(2026, 12, 9), dt.date(2026, 12, 10)


def _calendar(window):
    calendar = window.show_page("calendar")
    calendar.go_to(DEC_7)
    return calendar


def _drop(cell, post_id: int) -> None:
    """What the drag of a chip delivers to a day: a real QDropEvent with the post's id (handed
    to the handler: offscreen Qt routes drops only from a running drag manager)."""
    mime = QMimeData()
    mime.setData(MIME, QByteArray(str(post_id).encode()))
    event = QDropEvent(QPointF(10, 10), Qt.MoveAction, mime, Qt.LeftButton, Qt.NoModifier)
    cell.dragEnterEvent(event)
    cell.dropEvent(event)
    assert event.isAccepted()


def _post_id(ws, prefix):
    return next(r["id"] for r in ws.posts.summaries() if r["title"].startswith(prefix))


def test_moved_schedule_keeps_time_and_offset():
    assert moved_schedule("2026-12-07T09:30:00+01:00", DEC_10) == "2026-12-10T09:30:00+01:00"
    fresh = dt.datetime.fromisoformat(moved_schedule(None, DEC_10))
    assert (fresh.date(), fresh.hour, fresh.minute) == (DEC_10, 10, 0) and fresh.tzinfo


def test_month_week_and_campaign_filter(open_window, seeded_dir):
    window = open_window(seeded_dir)
    calendar = _calendar(window)
    assert len(calendar.cells) == 42 and "2026" in calendar.period.text()
    assert [c.row["title"] for c in calendar.chips_on(DEC_7)] == ["Zellige of the Old Medina"]
    assert calendar.chips_on(DEC_7)[0].text().startswith("\u206809:30 ")
    assert [c.row["title"] for c in calendar.chips_on(DEC_9)] == ["A mosaic floor comes to life"]
    assert any(c.row["title"].startswith("Arches") for c in calendar.unscheduled)
    chip = calendar.chips_on(DEC_7)[0]
    assert "Draft" in chip.toolTip() and "Heritage Week 2026" in chip.toolTip()

    calendar.week_button.click()
    assert len(calendar.cells) == 7 and DEC_7 in calendar.cells
    calendar.next_button.click()
    assert DEC_7 not in calendar.cells and DEC_7 + dt.timedelta(days=7) in calendar.cells
    calendar.month_button.click()

    calendar.campaign.setCurrentIndex(calendar.campaign.findData("Heritage Week 2026"))
    assert not calendar.unscheduled  # Arches has no campaign
    assert calendar.chips_on(DEC_7) and calendar.chips_on(DEC_9)
    calendar.campaign.setCurrentIndex(0)
    assert calendar.unscheduled


def test_dragging_a_draft_reschedules_it(open_window, seeded_dir, idle, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or 0)
    window = open_window(seeded_dir)
    calendar = _calendar(window)
    post_id = _post_id(window.ws, "Zellige")
    _drop(calendar.cells[DEC_10], post_id)
    idle()
    assert not asked  # a draft has no approval to lose
    assert window.ws.posts.get(post_id).schedule_at == "2026-12-10T09:30:00+01:00"
    assert [c.post_id for c in calendar.chips_on(DEC_10)] == [post_id]
    assert not calendar.chips_on(DEC_7)


def test_moving_a_post_in_review_asks_and_sends_it_back_to_draft(
    open_window, team_dir, idle, monkeypatch
):
    window = open_window(team_dir)
    post_id = _post_id(window.ws, "Zellige")
    with acting_as("omar"):
        window.ws.workflow.submit(post_id)
    calendar = _calendar(window)
    asked = []
    answer = {"value": QMessageBox.Cancel}

    def question(_parent, title, text, *_args):
        asked.append((title, text))
        return answer["value"]

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setenv("STUDIO_USER", "omar")
    _drop(calendar.cells[DEC_10], post_id)
    idle()
    assert len(asked) == 1 and "back to Draft" in asked[0][1] and "In review" in asked[0][1]
    post = window.ws.posts.get(post_id)
    assert post.state == "in_review" and post.schedule_at.startswith("2026-12-07")

    answer["value"] = QMessageBox.Yes
    _drop(calendar.cells[DEC_10], post_id)
    idle()
    post = window.ws.posts.get(post_id)
    assert post.schedule_at == "2026-12-10T09:30:00+01:00"
    assert post.state == "draft"  # the approvers signed the old date
    assert calendar.chips_on(DEC_10)[0].row["state"] == "draft"
