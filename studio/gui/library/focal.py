"""An image preview where a click sets the focal point, the spot automatic crops keep.

The point is stored as fractions (0..1) of the width and height, so it holds for every size
and crop the renderer makes. Coordinates are those of the image, never mirrored: in an Arabic
(right-to-left) layout the picture is still the picture.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget


class FocalPreview(QWidget):
    """Signals
    -------
    sig_focal_picked(float, float)
        The user clicked the image at (x, y), fractions of width and height.
    """

    sig_focal_picked = Signal(float, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pixmap = QPixmap()
        self._focal = (0.5, 0.5)
        self.setMinimumSize(QSize(200, 150))
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.setCursor(Qt.CrossCursor)
        self.setLayoutDirection(Qt.LeftToRight)
        self.setToolTip(self.tr("Click the most important spot: crops for each platform keep it."))

    def sizeHint(self) -> QSize:
        return QSize(360, 250)

    def set_pixmap(self, pixmap: QPixmap) -> None:
        self._pixmap = pixmap
        self.update()

    def set_focal(self, x: float, y: float) -> None:
        self._focal = (x, y)
        self.update()

    def focal(self) -> tuple[float, float]:
        return self._focal

    def image_rect(self) -> QRect:
        """Where the image is drawn (letterboxed in the widget)."""
        if self._pixmap.isNull():
            return QRect()
        size = self._pixmap.size().scaled(self.size(), Qt.KeepAspectRatio)
        rect = QRect(0, 0, size.width(), size.height())
        rect.moveCenter(self.rect().center())
        return rect

    def mousePressEvent(self, event) -> None:
        rect = self.image_rect()
        pos = event.position()
        if event.button() != Qt.LeftButton or rect.isEmpty() or not QRectF(rect).contains(pos):
            return super().mousePressEvent(event)
        x = min(1.0, max(0.0, (pos.x() - rect.left()) / rect.width()))
        y = min(1.0, max(0.0, (pos.y() - rect.top()) / rect.height()))
        x, y = round(x, 3), round(y, 3)
        self.set_focal(x, y)
        self.sig_focal_picked.emit(x, y)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), self.palette().color(QPalette.AlternateBase))
        rect = self.image_rect()
        if rect.isEmpty():
            p.end()  # explicitly: a painter left to the garbage collector can outlive the paint
            return
        p.drawPixmap(rect, self._pixmap)
        centre = QPointF(
            rect.left() + self._focal[0] * rect.width(), rect.top() + self._focal[1] * rect.height()
        )
        for colour, width in ((QColor(0, 0, 0, 150), 4), (QColor("white"), 2)):
            p.setPen(QPen(colour, width))
            p.drawEllipse(centre, 14, 14)
            p.drawLine(centre + QPointF(-22, 0), centre + QPointF(-8, 0))
            p.drawLine(centre + QPointF(8, 0), centre + QPointF(22, 0))
            p.drawLine(centre + QPointF(0, -22), centre + QPointF(0, -8))
            p.drawLine(centre + QPointF(0, 8), centre + QPointF(0, 22))
        p.end()
