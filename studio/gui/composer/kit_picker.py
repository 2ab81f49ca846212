"""The brand kit picker: every kit on the search path, broken ones shown but not choosable.

A post may name a kit that is not installed here (e.g. a post made on a colleague's machine);
the picker then shows that id marked as missing instead of silently switching kits, and the
findings list explains it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QSizePolicy

UNUSABLE = Qt.UserRole + 1


class KitPicker(QComboBox):
    """Signals
    -------
    sig_kit_chosen(str)
        The user picked a kit id ("" for none).
    """

    sig_kit_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("KitPicker")
        self.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)  # never squeezed: ids are read
        self._entries: list = []
        self._current = ""
        self.activated.connect(self._activated)
        self._rebuild()

    def set_kits(self, entries: list) -> None:
        """``entries`` as returned by ``list_kits``: BrandKit or KitError objects."""
        self._entries = list(entries)
        self._rebuild()

    def set_current(self, kit_id: str) -> None:
        self._current = kit_id or ""
        self._rebuild()

    def current_kit_id(self) -> str:
        return self._current

    def _rebuild(self) -> None:
        blocked = self.blockSignals(True)
        try:
            self.clear()
            self.addItem(self.tr("No brand kit"), "")
            listed = set()
            for entry in self._entries:
                if isinstance(getattr(entry, "id", None), str) and hasattr(entry, "name"):
                    self.addItem(entry.name, entry.id)
                    self.setItemData(self.count() - 1, f"{entry.id}\n{entry.path}", Qt.ToolTipRole)
                    listed.add(entry.id)
                else:  # a KitError: shown so the user knows the kit exists but cannot load
                    kit_id = getattr(entry, "kit_id", "") or "?"
                    self._add_unusable(
                        self.tr("{kit} (broken)").format(kit=kit_id), kit_id, str(entry)
                    )
                    listed.add(kit_id)
            if self._current and self._current not in listed:
                self._add_unusable(
                    self.tr("{kit} (not found)").format(kit=self._current),
                    self._current,
                    self.tr("No kit with this id is installed."),
                )
            self.setCurrentIndex(max(0, self.findData(self._current)))
        finally:
            self.blockSignals(blocked)

    def _add_unusable(self, label: str, kit_id: str, reason: str) -> None:
        self.addItem(label, kit_id)
        index = self.count() - 1
        self.setItemData(index, reason, Qt.ToolTipRole)
        self.setItemData(index, True, UNUSABLE)
        model = self.model()
        if isinstance(model, QStandardItemModel):
            model.item(index).setEnabled(False)

    def _activated(self, index: int) -> None:
        kit_id = self.itemData(index)
        if kit_id is None or kit_id == self._current or self.itemData(index, UNUSABLE):
            self.setCurrentIndex(max(0, self.findData(self._current)))
            return
        self._current = kit_id
        self.sig_kit_chosen.emit(kit_id)
