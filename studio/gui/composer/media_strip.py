"""The post's media in publishing order, as thumbnails; double-click opens one in the Library."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

from studio.core.model import MediaItem, PostMedia
from studio.gui.i18n import isolate
from studio.gui.library.model import describe
from studio.gui.thumbs import ThumbnailCache

ICON = QSize(120, 90)


class MediaStrip(QListWidget):
    """Signals
    -------
    sig_open_media(int)
        Show this library item (double-click).
    """

    sig_open_media = Signal(int)

    def __init__(self, thumbs: ThumbnailCache, parent=None):
        super().__init__(parent)
        self.setObjectName("MediaStrip")
        self._thumbs = thumbs
        self._items: dict[int, MediaItem] = {}
        self.setViewMode(QListView.IconMode)
        self.setFlow(QListView.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Static)
        self.setIconSize(ICON)
        self.setSpacing(4)
        self.setFixedHeight(ICON.height() + 46)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.itemDoubleClicked.connect(self._open)
        thumbs.sig_ready.connect(self._thumb_ready)

    def set_media(self, entries: list[PostMedia], items: dict[int, MediaItem]) -> None:
        self.clear()
        self._items = dict(items)
        for position, entry in enumerate(entries, start=1):
            item = items.get(entry.media_id)
            row = QListWidgetItem()
            row.setData(Qt.UserRole, entry.media_id)
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
