"""The list of posts: title, state badge and a one-line summary, filterable by title.

Rows come from ``PostService.summaries()`` (no captions or media rows), refreshed when the
service reports a change, so the list stays cheap with hundreds of posts.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate

from studio.gui.composer.states import state_colour, state_label
from studio.gui.i18n import isolate

SummaryRole = Qt.UserRole + 1
IdRole = Qt.UserRole + 2


class PostListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.DisplayRole:
            return row["title"]
        if role == SummaryRole:
            return row
        if role == IdRole:
            return row["id"]
        if role == Qt.ToolTipRole:
            return f"#{row['id']} · {state_label(row['state'])}"
        return None

    def set_rows(self, rows: list[dict]) -> None:
        """Replace the rows, keeping rows that did not change (selection survives)."""
        if [r["id"] for r in rows] == [r["id"] for r in self._rows]:
            self._rows = list(rows)
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, post_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r["id"] == post_id:
                return i
        return None


class PostFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.setFilterRole(Qt.DisplayRole)


class PostDelegate(QStyledItemDelegate):
    """Two lines: the title, then a state pill and "5 platforms · 3 media · campaign"."""

    def sizeHint(self, option, index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(220, fm.height() * 2 + 22)

    def paint(self, p: QPainter, option, index) -> None:
        row = index.data(SummaryRole)
        if row is None:
            return
        p.save()
        p.setRenderHint(QPainter.Antialiasing)
        rect = QRectF(option.rect).adjusted(4, 2, -4, -2)
        if option.state & QStyle.State_Selected:
            path = QPainterPath()
            path.addRoundedRect(rect, 8, 8)
            p.fillPath(path, QColor("#e0eeec"))
        rtl = option.direction == Qt.RightToLeft
        align = Qt.AlignRight if rtl else Qt.AlignLeft
        fm = QFontMetrics(option.font)
        bold = QFont(option.font)
        bold.setWeight(QFont.DemiBold)
        inner = rect.adjusted(10, 6, -10, -6)
        title_rect = QRectF(inner.left(), inner.top(), inner.width(), fm.height())
        p.setFont(bold)
        p.setPen(option.palette.color(QPalette.Text))
        title = QFontMetrics(bold).elidedText(row["title"], Qt.ElideRight, int(inner.width()))
        p.drawText(title_rect, align | Qt.AlignVCenter, isolate(title))

        p.setFont(option.font)
        label = state_label(row["state"])
        pill_w = fm.horizontalAdvance(label) + 14
        y = title_rect.bottom() + 4
        pill = QRectF(inner.right() - pill_w if rtl else inner.left(), y, pill_w, fm.height() + 2)
        path = QPainterPath()
        path.addRoundedRect(pill, (fm.height() + 2) / 2, (fm.height() + 2) / 2)
        p.fillPath(path, QColor(state_colour(row["state"])))
        p.setPen(QColor("white"))
        p.drawText(pill, Qt.AlignCenter, label)

        meta = [
            self.tr("{n} platform(s)").format(n=len(row["platforms"])),
            self.tr("{n} media").format(n=row["media_count"]),
        ]
        if row.get("campaign"):
            meta.append(row["campaign"])
        text_rect = QRectF(inner.left(), y, inner.width() - pill_w - 8, fm.height() + 2)
        if not rtl:
            text_rect.moveLeft(pill.right() + 8)
        p.setPen(QColor("#66757a"))
        p.drawText(
            text_rect,
            align | Qt.AlignVCenter,
            isolate(fm.elidedText(" · ".join(meta), Qt.ElideRight, int(text_rect.width()))),
        )
        p.restore()


class PostListView(QListView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("PostList")
        self.setItemDelegate(PostDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QListView.SingleSelection)
        self.setMouseTracking(True)
