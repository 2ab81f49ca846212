"""An inline banner above a panel's content: progress of a long job, then its outcome.

Used instead of modal dialogs so the user can keep working while the sample is prepared or an
import runs, and so a list of rejected files stays on screen until read and dismissed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from studio.gui.i18n import align_start, isolate
from studio.gui.style import repolish


class Banner(QFrame):
    """Signals
    -------
    sig_cancel()
        The user asked to stop the job the banner shows.
    """

    sig_cancel = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("Banner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        top = QHBoxLayout()
        self.message = QLabel()
        align_start(self.message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        top.addWidget(self.message, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.sig_cancel)
        top.addWidget(self.cancel_button)
        self.close_button = QPushButton(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        layout.addWidget(self.progress)
        self.details = QListWidget()
        self.details.setMaximumHeight(120)
        self.details.setTextElideMode(Qt.ElideMiddle)
        layout.addWidget(self.details)
        self.hide()

    def show_progress(self, text: str, done: int = 0, total: int = 0, *, cancellable=True) -> None:
        self._kind("info")
        self.message.setText(text)
        self.progress.setRange(0, total)  # total 0: a busy indicator
        self.progress.setValue(done)
        self.progress.show()
        self.details.hide()
        self.cancel_button.setVisible(cancellable)
        self.close_button.hide()
        self.show()

    def show_result(self, text: str, details: list[str] = (), *, error: bool = False) -> None:
        self._kind("error" if error or details else "info")
        self.message.setText(text)
        self.progress.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.details.clear()
        self.details.addItems([isolate(d) for d in details])
        self.details.setVisible(bool(details))
        self.show()

    def _kind(self, kind: str) -> None:
        if self.property("kind") != kind:
            self.setProperty("kind", kind)
            repolish(self)
