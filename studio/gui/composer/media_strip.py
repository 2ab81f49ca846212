"""The post's media in publishing order, as thumbnails; drag to reorder, double-click opens one
in the Library.

A drop only reports the new order (``sig_reordered``); the editor applies it through an undoable
command and rebuilds the strip, so the strip never holds an order the post does not have.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyleOptionViewItem,
)

from studio.core.model import MediaItem, PostMedia
from studio.gui.i18n import isolate
from studio.gui.library.model import describe
from studio.gui.thumbs import ThumbnailCache

ICON = QSize(120, 90)
POSITION = Qt.UserRole + 1  # the row's index in post.media when the strip was filled


class MediaStrip(QListWidget):
    """Signals
    -------
    sig_open_media(int)
        Show this library item (double-click).
    sig_reordered(list)
        The user moved items: the post's media positions in their new order, e.g. [1, 0, 2].
    """

    sig_open_media = Signal(int)
    sig_reordered = Signal(list)

    def __init__(self, thumbs: ThumbnailCache, parent=None):
        super().__init__(parent)
        self.setObjectName("MediaStrip")
        self._thumbs = thumbs
        self._items: dict[int, MediaItem] = {}
        # ListMode, not IconMode: a drop in IconMode only repositions icons on a grid, while
        # ListMode moves model rows (rowsMoved), which is the order we publish
        self.setViewMode(QListView.ListMode)
        self.setFlow(QListView.LeftToRight)
        self.setWrapping(False)
        self.setDragDropMode(QAbstractItemView.InternalMove)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setIconSize(ICON)
        self.setSpacing(4)
        self.setFixedHeight(ICON.height() + 46)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.itemDoubleClicked.connect(self._open)
        thumbs.sig_ready.connect(self._thumb_ready)
        self.model().rowsMoved.connect(self._order_later)

    def initViewItemOption(self, option) -> None:
        """Thumbnails above their caption, as in an icon view."""
        super().initViewItemOption(option)
        option.decorationPosition = QStyleOptionViewItem.Top
        option.displayAlignment = Qt.AlignCenter

    def dropEvent(self, event) -> None:
        super().dropEvent(event)
        self._order_later()

    def _order_later(self, *_args) -> None:
        # after the view finished its own bookkeeping: the editor rebuilds the rows
        QTimer.singleShot(0, self._report_order)

    def order(self) -> list[int]:
        """The post positions of the rows as they are shown now."""
        rows = (self.item(i).data(POSITION) for i in range(self.count()))
        return [int(p) for p in rows if p is not None]

    def _report_order(self) -> None:
        order = self.order()
        if order != sorted(order):
            self.sig_reordered.emit(order)

    def set_media(self, entries: list[PostMedia], items: dict[int, MediaItem]) -> None:
        self.clear()
        self._items = dict(items)
        for position, entry in enumerate(entries, start=1):
            item = items.get(entry.media_id)
            row = QListWidgetItem()
            row.setData(Qt.UserRole, entry.media_id)
            row.setData(POSITION, position - 1)
            row.setFlags(row.flags() & ~Qt.ItemIsDropEnabled)
            if item is None:
                row.setText(self.tr("{n}. missing").format(n=position))
                row.setToolTip(self.tr("This library item no longer exists."))
            else:
                row.setText(isolate(f"{position}. {item.title or item.original_name}"))
                row.setToolTip(describe(item))
                row.setIcon(QIcon(self._thumbs.pixmap(item, 256)))
            row.setSizeHint(QSize(ICON.width() + 16, ICON.height() + 34))
            self.addItem(row)
        if not entries:
            row = QListWidgetItem(self.tr("No media yet"))
            row.setFlags(Qt.NoItemFlags)
            self.addItem(row)

    def current_position(self) -> int | None:
        row = self.currentItem()
        value = row.data(POSITION) if row is not None and row.isSelected() else None
        return None if value is None else int(value)

    def select_position(self, index: int) -> None:
        if 0 <= index < self.count():
            self.setCurrentRow(index)
            self.scrollToItem(self.item(index))
            self.setFocus(Qt.OtherFocusReason)

    def _thumb_ready(self, media_id: int) -> None:
        item = self._items.get(media_id)
        if item is None:
            return
        for row in range(self.count()):
            entry = self.item(row)
            if entry.data(Qt.UserRole) == media_id:
                entry.setIcon(QIcon(self._thumbs.pixmap(item, 256)))

    def _open(self, row: QListWidgetItem) -> None:
        media_id = row.data(Qt.UserRole)
        if media_id is not None:
            self.sig_open_media.emit(int(media_id))
