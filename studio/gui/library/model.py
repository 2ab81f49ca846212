"""The library as a Qt list model: one row per media item, thumbnails from the shared cache."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from studio.core.model import MediaItem
from studio.gui.thumbs import ThumbnailCache

ItemRole = Qt.UserRole + 1
IdRole = Qt.UserRole + 2
THUMB_SIZE = 256


def describe(item: MediaItem) -> str:
    """One line of facts: kind, pixels, duration — the tooltip and the details header."""
    kind = (
        QCoreApplication.translate("Library", "Video")
        if item.kind == "video"
        else QCoreApplication.translate("Library", "Photo")
    )
    parts = [kind, f"{item.width}×{item.height}"]
    if item.duration:
        parts.append(
            QCoreApplication.translate("Library", "{seconds:.1f} s").format(seconds=item.duration)
        )
    parts.append(item.format.upper())
    parts.append(_size(item.bytes))
    return " · ".join(parts)


def _size(n: int) -> str:
    if n >= 1_000_000:
        return QCoreApplication.translate("Library", "{n:.1f} MB").format(n=n / 1e6)
    return QCoreApplication.translate("Library", "{n:.0f} KB").format(n=max(1, n / 1e3))


class LibraryModel(QAbstractListModel):
    def __init__(self, thumbs: ThumbnailCache, parent=None):
        super().__init__(parent)
        self._items: list[MediaItem] = []
        self._rows: dict[int, int] = {}
        self._thumbs = thumbs
        thumbs.sig_ready.connect(self._thumb_ready)

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.DisplayRole:
            return item.title or item.original_name
        if role == Qt.DecorationRole:
            return self._thumbs.pixmap(item, THUMB_SIZE)
        if role == Qt.ToolTipRole:
            lines = [item.title or item.original_name, describe(item)]
            if item.credit:
                lines.append(item.credit)
            return "\n".join(lines)
        if role == ItemRole:
            return item
        if role == IdRole:
            return item.id
        return None

    # -- updates ------------------------------------------------------------------------
    def set_items(self, items: list[MediaItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._rows = {item.id: row for row, item in enumerate(self._items)}
        self.endResetModel()

    def update_item(self, item: MediaItem) -> None:
        row = self._rows.get(item.id)
        if row is not None:
            self._items[row] = item
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def items(self) -> list[MediaItem]:
        return list(self._items)

    def row_of(self, media_id: int) -> int | None:
        return self._rows.get(media_id)

    def _thumb_ready(self, media_id: int) -> None:
        row = self._rows.get(media_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.DecorationRole])
