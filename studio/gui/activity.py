"""The status bar's view of background work: the running op's label, progress and Cancel.

Every op built ``with_progress`` announces itself through the notifier; this widget follows
the oldest still running, so a long import stays visible whichever screen is shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget
from shiboken6 import isValid

from studio.gui import ops


class ActivityWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton()
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.clicked.connect(self._cancel)
        for widget in (self.label, self.bar, self.cancel):
            layout.addWidget(widget)
        self._ops: list[ops.Op] = []
        ops.notifier().sig_activity.connect(self.track)
        self.hide()

    def track(self, op: ops.Op) -> None:
        if not isValid(self):
            return
        self._ops.append(op)

        def alive(fn):  # the op may outlive this widget (window closed while it runs)
            return lambda *args: fn(*args) if isValid(self) else None

        op.sig.progressed.connect(alive(lambda d, t, _text: self._progress(op, d, t)))
        op.sig.finished.connect(alive(lambda _r: self._done(op)))
        op.sig.failed.connect(alive(lambda _e: self._done(op)))
        self._show()

    def _progress(self, op: ops.Op, done: int, total: int) -> None:
        if self._ops and self._ops[0] is op:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _done(self, op: ops.Op) -> None:
        if op in self._ops:
            self._ops.remove(op)
        self._show()

    def _show(self) -> None:
        if not self._ops:
            self.hide()
            return
        op = self._ops[0]
        more = len(self._ops) - 1
        self.label.setText(op.label + (self.tr(" (+{n} more)").format(n=more) if more else ""))
        self.bar.setRange(0, 0)
        self.cancel.setVisible(op.cancellable)
        self.show()

    def _cancel(self) -> None:
        if self._ops:
            self._ops[0].cancel()
