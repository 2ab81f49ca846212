"""The library grid: a QListView in icon mode with a tile delegate and an empty-state hint.

The delegate paints each tile itself (thumbnail letterboxed in a fixed frame, elided title,
badges for video duration and location metadata) so tiles line up whatever the aspect ratio,
and the view stays fast with thousands of items (``uniformItemSizes``).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from studio.gui.i18n import isolate
from studio.gui.library.model import ItemRole
from studio.gui.style import TEAL, TERRACOTTA

TILE = QSize(196, 186)
THUMB_BOX = QSize(180, 135)


class TileDelegate(QStyledItemDelegate):
    def sizeHint(self, option, index) -> QSize:
        return TILE

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index) -> None:
        item = index.data(ItemRole)
        if item is None:
            return
        p.save()
        p.setRenderHint(QPainter.Antialiasing)
        cell = QRectF(option.rect).adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.State_Selected)
        hover = bool(option.state & QStyle.State_MouseOver)
        frame = QPainterPath()
        frame.addRoundedRect(cell, 10, 10)
        p.fillPath(frame, QColor("#e6f0ef") if selected else QColor("#ffffff"))
        p.setPen(QColor(TEAL) if selected else QColor("#d8d2c6" if hover else "#e8e3da"))
        p.drawPath(frame)

        box = QRect(0, 0, THUMB_BOX.width(), THUMB_BOX.height())
        box.moveCenter(QRect(cell.toRect()).center())
        box.moveTop(int(cell.top()) + 6)
        pix = index.data(Qt.DecorationRole)
        if pix is not None and not pix.isNull():
            scaled = pix.size().scaled(box.size(), Qt.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            clip = QPainterPath()
            clip.addRoundedRect(QRectF(target), 6, 6)
            p.setClipPath(clip)
            p.drawPixmap(target, pix)
            p.setClipping(False)
            if item.kind == "video" and item.duration:
                seconds = self.tr("{n:.0f} s").format(n=item.duration)
                self._badge(p, target, isolate(f"▶ {seconds}"), Qt.AlignBottom | Qt.AlignRight)
            if item.has_location:
                self._pin(p, target)

        text_rect = QRect(int(cell.left()) + 8, box.bottom() + 6, int(cell.width()) - 16, 20)
        fm = QFontMetrics(option.font)
        title = fm.elidedText(index.data(Qt.DisplayRole) or "", Qt.ElideRight, text_rect.width())
        p.setPen(option.palette.color(QPalette.Text))
        p.drawText(text_rect, Qt.AlignHCenter | Qt.AlignVCenter, isolate(title))
        p.restore()

    def _pin(self, p: QPainter, target: QRect) -> None:
        """A map-pin badge: this file carries GPS metadata (see the details panel)."""
        badge = QRectF(target.left() + 4, target.top() + 4, 20, 20)
        path = QPainterPath()
        path.addRoundedRect(badge, 5, 5)
        p.fillPath(path, QColor(TERRACOTTA))
        cx, top = badge.center().x(), badge.top() + 4
        pin = QPainterPath()
        pin.moveTo(cx, badge.bottom() - 3)
        pin.cubicTo(cx - 7, top + 7, cx - 5, top - 1, cx, top)
        pin.cubicTo(cx + 5, top - 1, cx + 7, top + 7, cx, badge.bottom() - 3)
        p.fillPath(pin, QColor("white"))
        p.setBrush(QColor(TERRACOTTA))
        p.setPen(Qt.NoPen)
        p.drawEllipse(QRectF(cx - 2, top + 2.5, 4, 4))

    def _badge(self, p: QPainter, target: QRect, text: str, where, colour=None) -> None:
        fm = p.fontMetrics()
        w, h = fm.horizontalAdvance(text) + 10, fm.height() + 2
        x = target.right() - w - 4 if where & Qt.AlignRight else target.left() + 4
        y = target.bottom() - h - 4 if where & Qt.AlignBottom else target.top() + 4
        rect = QRectF(x, y, w, h)
        path = QPainterPath()
        path.addRoundedRect(rect, 4, 4)
        p.fillPath(path, colour or QColor(0, 0, 0, 160))
        p.setPen(QColor("white"))
        p.drawText(rect, Qt.AlignCenter, text)


class MediaGrid(QListView):
    """The grid, with a centred hint when there is nothing to show."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setViewMode(QListView.IconMode)
        self.setResizeMode(QListView.Adjust)
        self.setMovement(QListView.Static)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QListView.ExtendedSelection)
        self.setSpacing(2)
        self.setMouseTracking(True)
        self.setItemDelegate(TileDelegate(self))
        self.setGridSize(TILE)
        self.setVerticalScrollMode(QListView.ScrollPerPixel)
        self.empty_text = ""
        self._drop_hint = False

    def set_drop_hint(self, on: bool) -> None:
        """Outline the grid while files are dragged over the panel."""
        self._drop_hint = on
        self.viewport().update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._drop_hint:
            p = QPainter(self.viewport())
            p.setRenderHint(QPainter.Antialiasing)
            p.fillRect(self.viewport().rect(), QColor(15, 94, 99, 28))
            pen = QPen(QColor(TEAL), 3, Qt.DashLine)
            p.setPen(pen)
            p.drawRoundedRect(QRectF(self.viewport().rect()).adjusted(4, 4, -4, -4), 12, 12)
            p.drawText(
                self.viewport().rect(), Qt.AlignCenter, self.tr("Drop to import into the library")
            )
            p.end()
            return
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            p = QPainter(self.viewport())
            p.setPen(self.palette().color(QPalette.PlaceholderText))
            rect = self.viewport().rect().adjusted(40, 40, -40, -40)
            p.drawText(rect, Qt.AlignCenter | Qt.TextWordWrap, self.empty_text)
            p.end()
