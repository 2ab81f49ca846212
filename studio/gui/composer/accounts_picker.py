"""Which publishing accounts a post goes out on, among those serving its platforms.

The accounts are part of the approved content (each one is a target in the content hash), so
picking them belongs in the composer, next to the platforms, and changing them after approval
voids it like any other edit. Only accounts that serve one of the post's platforms are shown;
one that no longer serves any stays listed (unticking it is the way to drop it).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from studio.core.platforms import get_platform
from studio.gui.i18n import isolate


class AccountsPicker(QWidget):
    """Signals
    -------
    sig_changed(list)
        The user ticked or unticked an account: the post's new account names, in order.
    """

    sig_changed = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.empty = QLabel()
        self.empty.setObjectName("Muted")
        self.row.addWidget(self.empty)
        self.row.addStretch(1)
        self._chosen: list[str] = []

    def set_accounts(self, records, platforms: list[str], chosen: list[str]) -> None:
        """Show the accounts serving ``platforms`` (plus any already chosen), tick ``chosen``."""
        for box in self.boxes.values():
            self.row.removeWidget(box)
            box.deleteLater()
        self.boxes = {}
        self._chosen = list(chosen)
        shown = [r for r in records if r.serves in platforms or r.name in chosen]
        for i, record in enumerate(shown):
            served = get_platform(record.serves).name if record.serves else "?"
            box = QCheckBox(f"{isolate(record.name)} → {served}")
            box.setObjectName(f"account-{record.name}")
            if record.handle:
                box.setToolTip(record.handle)
            box.setChecked(record.name in chosen)
            box.toggled.connect(self._toggled)
            self.boxes[record.name] = box
            self.row.insertWidget(i, box)
        self.empty.setVisible(not shown)
        self.empty.setText(
            self.tr("No account serves these platforms yet: add one in Settings ▸ Accounts.")
            if records
            else self.tr("No publishing accounts yet: add them in Settings ▸ Accounts.")
        )

    def chosen(self) -> list[str]:
        return list(self._chosen)

    def _toggled(self) -> None:
        ticked = [name for name, box in self.boxes.items() if box.isChecked()]
        self._chosen = [n for n in self._chosen if n in ticked] + [
            n for n in ticked if n not in self._chosen
        ]
        self.sig_changed.emit(self.chosen())

    def show_chosen(self, chosen: list[str]) -> None:
        """Reflect ``chosen`` (after undo/redo) without emitting ``sig_changed``."""
        self._chosen = list(chosen)
        for name, box in self.boxes.items():
            blocked = box.blockSignals(True)
            box.setChecked(name in chosen)
            box.blockSignals(blocked)
