"""The Outbox screen: every delivery with its state and result, and the crisis pause.

The window runs one :class:`studio.publish.worker.Worker` in a background thread for as long
as it is open, so approved posts go out (and scheduled ones at their time) without a command.
The worker's callbacks arrive on its own thread; :class:`_WorkerBridge` re-emits them as Qt
signals so the table only ever changes on the UI thread.

"Pause all publishing" is deliberately big and red and asks only for a reason: in a crisis an
attaché must be able to stop everything in two clicks. The pause lives in the workspace (the
CLI and a second window obey it too) and a banner stays up until someone resumes.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QObject,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core import outbox_control
from studio.core.errors import StudioError
from studio.core.outbox import Delivery
from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.i18n import align_start, isolate
from studio.gui.tables import record_table

# State -> (background colour, label). Labels are translated in OutboxModel.state_label.
STATE_COLOURS = {
    "queued": "#e8eef7",
    "sending": "#fff4d6",
    "sent": "#dff3e4",
    "failed": "#fbe0de",
    "uncertain": "#fde9c8",
    "held": "#efe6f7",
    "cancelled": "#eeeeee",
}


class OutboxModel(QAbstractTableModel):
    COLUMNS = ("id", "post", "account", "platform", "state", "attempts", "when", "result")

    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.rows: list[Delivery] = []
        self.titles: dict[int, str] = {}

    def headers(self) -> list[str]:
        return [
            self.tr("#"),
            self.tr("Post"),
            self.tr("Account"),
            self.tr("Platform"),
            self.tr("State"),
            self.tr("Attempts"),
            self.tr("Scheduled / next try"),
            self.tr("Result"),
        ]

    def state_label(self, state: str) -> str:
        return {
            "queued": self.tr("Queued"),
            "sending": self.tr("Sending"),
            "sent": self.tr("Sent"),
            "failed": self.tr("Failed"),
            "uncertain": self.tr("Needs checking"),
            "held": self.tr("Held (late)"),
            "cancelled": self.tr("Cancelled"),
        }.get(state, state)

    def refresh(self) -> None:
        rows = list(reversed(self.ws.outbox.list()))
        ids = {d.post_id for d in rows} - set(self.titles)
        for pid in ids:
            try:
                self.titles[pid] = self.ws.posts.get(pid).title
            except StudioError:
                self.titles[pid] = f"#{pid}"
        if [(d.id, d.updated_at, d.progress) for d in rows] == [
            (d.id, d.updated_at, d.progress) for d in self.rows
        ]:
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def update_progress(self, delivery_id: int, fraction: float, message: str) -> None:
        for r, d in enumerate(self.rows):
            if d.id == delivery_id:
                from dataclasses import replace

                self.rows[r] = replace(d, progress=fraction, progress_message=message)
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.COLUMNS) - 1))
                return

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index, role=Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            return self._text(d, col)
        if role == Qt.BackgroundRole and col == "state":
            return QBrush(QColor(STATE_COLOURS.get(d.state, "#ffffff")))
        if role == Qt.ToolTipRole and col == "result":
            return d.error or d.url or ""
        if role == Qt.UserRole:
            return d
        return None

    def _text(self, d: Delivery, col: str) -> str:
        if col == "id":
            return str(d.id)
        if col == "post":
            return self.titles.get(d.post_id, f"#{d.post_id}")
        if col == "account":
            return d.account
        if col == "platform":
            return d.platform
        if col == "state":
            label = self.state_label(d.state)
            if d.state == "sending" and d.progress is not None:
                label += f" {round(d.progress * 100)}%"
            return label
        if col == "attempts":
            return str(d.attempts)
        if col == "when":
            return _short_time(d.next_at if d.state == "queued" and d.next_at else d.scheduled_at)
        if col == "result":
            if d.state == "sent":
                return d.url or d.remote_id or self.tr("sent")
            if d.error:
                return d.error
            return d.progress_message or ""
        return ""


def _short_time(value: str | None) -> str:
    if not value:
        return ""
    from studio.core.timeutil import parse_iso

    try:
        return parse_iso(value).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError):
        return value


class _WorkerBridge(QObject):
    sig_state = Signal(object)
    sig_progress = Signal(int, float, str)
    sig_stopped = Signal()


class OutboxPage(QWidget):
    """Signals
    -------
    sig_paused_changed(bool)
        Publishing was paused or resumed, here or elsewhere (another window, the CLI); seen
        within the 2 s refresh. The window shows a banner over every screen.
    """

    sig_paused_changed = Signal(bool)

    def __init__(self, ws: Workspace, *, run_worker: bool = True, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("OutboxPage")
        self.setStyleSheet(
            "QFrame#PauseBanner { background: #b3261e; border-radius: 8px; }"
            "QFrame#PauseBanner QLabel { color: white; font-weight: 600; }"
            "QPushButton#PauseAll { background: #b3261e; color: white; font-weight: 600;"
            " padding: 8px 16px; border-radius: 6px; }"
            "QPushButton#PauseAll:hover { background: #8c1d18; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)

        head = QHBoxLayout()
        title = QLabel(self.tr("Outbox"))
        title.setObjectName("PanelTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.pause_button = QPushButton(self.tr("Pause all publishing"))
        self.pause_button.setObjectName("PauseAll")
        self.pause_button.setToolTip(
            self.tr("Stops every delivery at once, here and in every other window or command")
        )
        self.pause_button.clicked.connect(self.ask_pause)
        head.addWidget(self.pause_button)
        layout.addLayout(head)

        self.banner = QFrame()
        self.banner.setObjectName("PauseBanner")
        row = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        align_start(self.banner_text)
        row.addWidget(self.banner_text, 1)
        self.resume_button = QPushButton(self.tr("Resume publishing"))
        self.resume_button.clicked.connect(self.ask_resume)
        row.addWidget(self.resume_button)
        layout.addWidget(self.banner)

        self.model = OutboxModel(ws, self)
        self.table = record_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.doubleClicked.connect(self.open_link)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("Muted")
        actions.addWidget(self.status, 1)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.clicked.connect(self.retry)
        self.release_button = QPushButton(self.tr("Send now"))
        self.release_button.setToolTip(self.tr("A late delivery held for confirmation goes out"))
        self.release_button.clicked.connect(self.release)
        self.posted_button = QPushButton(self.tr("It was posted…"))
        self.posted_button.clicked.connect(self.resolve_posted)
        self.not_posted_button = QPushButton(self.tr("It was not posted"))
        self.not_posted_button.clicked.connect(self.resolve_not_posted)
        self.open_button = QPushButton(self.tr("Open post"))
        self.open_button.clicked.connect(self.open_link)
        for b in (
            self.retry_button,
            self.release_button,
            self.posted_button,
            self.not_posted_button,
            self.open_button,
        ):
            actions.addWidget(b)
        layout.addLayout(actions)

        self.bridge = _WorkerBridge(self)
        self.bridge.sig_state.connect(lambda _d: self.refresh())
        self.bridge.sig_progress.connect(self.model.update_progress)
        self.worker = None
        self._thread: threading.Thread | None = None
        self._paused: bool | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(2000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()
        if run_worker:
            self.start_worker()

    # -- the background worker ----------------------------------------------------------
    def start_worker(self) -> None:
        """Send due deliveries in a background thread while the window is open."""
        if self._thread is not None and self._thread.is_alive():
            return
        from studio.publish.worker import Worker

        self.worker = Worker(
            self.ws,
            on_state=self.bridge.sig_state.emit,
            on_progress=self.bridge.sig_progress.emit,
        )
        worker = self.worker

        def run() -> None:
            try:
                worker.run()
            except Exception as exc:  # reported, never silent: the outbox stops sending
                ops.notifier().sig_error.emit(
                    self.tr("The outbox stopped sending: {error}").format(error=exc), repr(exc)
                )
            finally:
                self.bridge.sig_stopped.emit()

        self._thread = threading.Thread(target=run, name="studio-outbox", daemon=True)
        self._thread.start()

    def stop_worker(self, timeout: float = 10.0) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    # -- reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected()
        before = [d.id for d in self.model.rows]
        self.model.refresh()
        if [d.id for d in self.model.rows] != before:
            self.table.resizeColumnsToContents()  # the last column still stretches
        if selected is not None:
            for r, d in enumerate(self.model.rows):
                if d.id == selected.id:
                    self.table.selectRow(r)
        pause = outbox_control.paused(self.ws)
        if self._paused is not None and self._paused != (pause is not None):
            self.sig_paused_changed.emit(pause is not None)
        self._paused = pause is not None
        self.banner.setVisible(pause is not None)
        self.pause_button.setEnabled(pause is None)
        if pause is not None:
            self.banner_text.setText(
                self.tr("Publishing is paused by {who} since {when}: {reason}").format(
                    who=isolate(pause.by),
                    when=isolate(_short_time(pause.at)),
                    reason=isolate(pause.reason),
                )
            )
        counts: dict[str, int] = {}
        for d in self.model.rows:
            counts[d.state] = counts.get(d.state, 0) + 1
        self.status.setText(
            "  ·  ".join(f"{self.model.state_label(s)}: {n}" for s, n in sorted(counts.items()))
        )
        self._update_buttons()

    def selected(self) -> Delivery | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self, *_args) -> None:
        d = self.selected()
        state = d.state if d else ""
        self.retry_button.setEnabled(state in ("failed", "cancelled"))
        self.release_button.setEnabled(state == "held")
        self.posted_button.setEnabled(state == "uncertain")
        self.not_posted_button.setEnabled(state == "uncertain")
        self.open_button.setEnabled(bool(d and d.url))

    # -- actions ----------------------------------------------------------------------------
    def ask_pause(self) -> None:
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Pause all publishing"),
            self.tr(
                "Nothing will be sent, from any window or command, until someone resumes.\n"
                "Why are you pausing? (kept in the audit trail)"
            ),
            QLineEdit.Normal,
        )
        if ok:
            self.pause(reason)

    def pause(self, reason: str) -> bool:
        try:
            outbox_control.pause(self.ws, reason)
        except StudioError as exc:
            QMessageBox.warning(self, self.tr("Pause all publishing"), str(exc))
            return False
        self.refresh()
        return True

    def ask_resume(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Resume publishing"),
            self.tr("Deliveries that are due will start going out again. Resume?"),
        )
        if answer == QMessageBox.Yes:
            self.resume()

    def resume(self) -> None:
        outbox_control.resume(self.ws)
        self.refresh()

    def _act(self, fn) -> None:
        d = self.selected()
        if d is None:
            return
        try:
            fn(d)
        except StudioError as exc:
            QMessageBox.warning(self, self.tr("Outbox"), str(exc))
        self.refresh()

    def retry(self) -> None:
        self._act(lambda d: self.ws.outbox.retry(d.id))

    def release(self) -> None:
        self._act(lambda d: self.ws.outbox.release(d.id))

    def resolve_posted(self) -> None:
        d = self.selected()
        if d is None:
            return
        url, ok = QInputDialog.getText(
            self,
            self.tr("It was posted"),
            self.tr("Link to the post you found on {account} (optional):").format(
                account=d.account
            ),
        )
        if ok:
            self._act(lambda d: self.ws.outbox.resolve(d.id, posted_url=url or None, posted=True))

    def resolve_not_posted(self) -> None:
        self._act(lambda d: self.ws.outbox.resolve(d.id, posted_url=None, posted=False))

    def open_link(self, *_args) -> None:
        d = self.selected()
        if d is not None and d.url:
            QDesktopServices.openUrl(QUrl(d.url))

    def closeEvent(self, event) -> None:
        self.stop_worker()
        super().closeEvent(event)
