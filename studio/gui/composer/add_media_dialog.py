"""Pick library items to add to a post: thumbnails, a search box, several at once."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from studio.core.model import MediaItem
from studio.gui.i18n import isolate
from studio.gui.library.model import describe
from studio.gui.thumbs import ThumbnailCache


class AddMediaDialog(QDialog):
    """The items the post does not use yet come first; items it uses can be added again."""

    def __init__(self, items: list[MediaItem], thumbs: ThumbnailCache, parent=None):
        super().__init__(parent)
        self.setObjectName("AddMediaDialog")
        self.setWindowTitle(self.tr("Add from Library"))
        self.resize(640, 460)
        self._thumbs = thumbs
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by title or file name"))
        self.search.textChanged.connect(self._filter)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setObjectName("AddMediaList")
        self.list.setViewMode(QListView.IconMode)
        self.list.setResizeMode(QListView.Adjust)
        self.list.setMovement(QListView.Static)
        self.list.setIconSize(QSize(120, 90))
        self.list.setGridSize(QSize(140, 126))
        self.list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.list.itemDoubleClicked.connect(lambda _row: self.accept())
        for item in items:
            row = QListWidgetItem(QIcon(thumbs.pixmap(item, 256)), isolate(_name(item)))
            row.setData(Qt.UserRole, item.id)
            row.setToolTip(describe(item))
            self.list.addItem(row)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setText(self.tr("Add"))
        self.ok_button.setEnabled(False)
        self.list.itemSelectionChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.list.selectedItems()))
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def select_ids(self, ids: list[int]) -> None:
        for i in range(self.list.count()):
            row = self.list.item(i)
            row.setSelected(row.data(Qt.UserRole) in ids)

    def chosen_ids(self) -> list[int]:
        """In the library's order, which is the order the user sees."""
        return [
            int(self.list.item(i).data(Qt.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).isSelected()
        ]

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for i in range(self.list.count()):
            row = self.list.item(i)
            row.setHidden(bool(needle) and needle not in row.text().casefold())


def _name(item: MediaItem) -> str:
    return item.title or item.original_name
