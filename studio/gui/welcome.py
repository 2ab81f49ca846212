"""A short welcome shown over the window on first run: where things are, then out of the way.

An overlay rather than a modal dialog, so the sample showcase is visible behind it and nothing
blocks (tests and screenshots included). Dismissing it is remembered in QSettings; Help ▸
Welcome shows it again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

SETTINGS_KEY = "welcome/dismissed"


class WelcomeOverlay(QWidget):
    """Signals
    -------
    sig_dismissed()
        The user closed the welcome.
    """

    sig_dismissed = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("WelcomeOverlay")
        self.setAttribute(Qt.WA_StyledBackground, False)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignCenter)
        card = QFrame()
        card.setObjectName("WelcomeCard")
        card.setFixedWidth(520)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(10)
        title = QLabel(self.tr("Welcome to Heritage Studio"))
        title.setObjectName("WelcomeTitle")
        layout.addWidget(title)
        points = [
            self.tr(
                "<b>Library</b> holds your photos and videos with their credit, licence and "
                "alt text in Arabic, French and English. Drop files on it to import them."
            ),
            self.tr(
                "<b>Composer</b> is where you write a post once, with captions in each "
                "language, and see live how every platform counts it and what to fix."
            ),
            self.tr(
                "Everything is saved as you type. A sample heritage showcase is loaded so "
                "you can try things out; edit or delete it freely."
            ),
        ]
        for text in points:
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.RichText)
            layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.ok = QPushButton(self.tr("Get started"))
        self.ok.setObjectName("Primary")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.dismiss)
        row.addWidget(self.ok)
        layout.addLayout(row)
        outer.addWidget(card)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.hide()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.parent() and event.type() == QEvent.Resize:
            self.setGeometry(self.parent().rect())
        return False

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(11, 40, 42, 140))
        p.end()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Escape, Qt.Key_Return, Qt.Key_Enter):
            self.dismiss()
        else:
            super().keyPressEvent(event)

    def popup(self) -> None:
        self.setGeometry(self.parent().rect())
        self.raise_()
        self.show()
        self.ok.setFocus(Qt.OtherFocusReason)

    def dismiss(self) -> None:
        self.hide()
        self.sig_dismissed.emit()
