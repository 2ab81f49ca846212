"""What each target platform will cut out of the selected photo, drawn over its thumbnail.

The frame comes from the renderer's own rules (``choose_aspect`` for the aspect and
``crop_box`` around the focal point), so the preview cannot drift from what is published; it is
painted from the cached thumbnail, never re-rendered, so it follows every choice at once.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.core.errors import StudioError
from studio.core.model import MediaItem, PostMedia
from studio.core.platforms import get_platform
from studio.media.photo_geometry import crop_box
from studio.media.render_plan import choose_aspect

CARD_SIDE = 104


def crop_frame(pixmap_size: tuple[int, int], item: MediaItem, pm: PostMedia, platform_id: str):
    """(aspect name, box in pixmap pixels) the platform will get, or (None, None) if the
    platform takes no such media (a photo on YouTube)."""
    platform = get_platform(platform_id)
    rule = platform.image if item.kind == "photo" else platform.video
    if rule is None or not rule.preferred:
        return None, None
    aspect = choose_aspect(rule, item, pm.crop.get(platform_id))
    focal = tuple(pm.focal) if pm.focal else tuple(item.focal)
    return aspect.name, crop_box(pixmap_size, aspect.size, focal)


class CropCanvas(QWidget):
    """The thumbnail, dimmed outside the platform's crop, with the crop outlined."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFixedSize(CARD_SIDE, CARD_SIDE)
        self._pixmap = QPixmap()
        self.box: tuple[float, float, float, float] | None = None

    def show_crop(self, pixmap: QPixmap, box) -> None:
        self._pixmap, self.box = pixmap, box
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#4a4d52"))
        pix = self._pixmap
        if pix.isNull() or pix.width() == 0 or pix.height() == 0:
            painter.end()
            return
        scale = min(self.width() / pix.width(), self.height() / pix.height())
        w, h = pix.width() * scale, pix.height() * scale
        x0, y0 = (self.width() - w) / 2, (self.height() - h) / 2
        painter.drawPixmap(QRectF(x0, y0, w, h), pix, QRectF(pix.rect()))
        if self.box is not None:
            bx0, by0, bx1, by1 = self.box
            crop = QRectF(x0 + bx0 * scale, y0 + by0 * scale, (bx1 - bx0) * scale,
                          (by1 - by0) * scale)  # fmt: skip
            shade = QColor(0, 0, 0, 120)
            whole = QRectF(x0, y0, w, h)
            painter.fillRect(QRectF(whole.left(), whole.top(), w, crop.top() - whole.top()), shade)
            painter.fillRect(
                QRectF(whole.left(), crop.bottom(), w, whole.bottom() - crop.bottom()), shade
            )
            painter.fillRect(
                QRectF(whole.left(), crop.top(), crop.left() - whole.left(), crop.height()), shade
            )
            painter.fillRect(
                QRectF(crop.right(), crop.top(), whole.right() - crop.right(), crop.height()),
                shade,
            )
            painter.setPen(QPen(QColor("#ffd24d"), 2))
            painter.drawRect(crop.adjusted(1, 1, -1, -1))
        painter.end()


class CropCard(QFrame):
    """One platform: its name, the framed thumbnail and the aspect choice."""

    sig_chosen = Signal(str, str)  # platform id, aspect name ("" = automatic)

    def __init__(self, platform_id: str, parent=None):
        super().__init__(parent)
        self.platform_id = platform_id
        self.setObjectName(f"crop-{platform_id}")
        self.setFrameShape(QFrame.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        self.title = QLabel(get_platform(platform_id).name)
        self.title.setAlignment(Qt.AlignHCenter)
        layout.addWidget(self.title)
        self.canvas = CropCanvas()
        layout.addWidget(self.canvas, 0, Qt.AlignHCenter)
        self.choice = QComboBox()
        self.choice.setObjectName("CropChoice")
        self.choice.activated.connect(self._activated)
        layout.addWidget(self.choice)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("CropProblem")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)

    def show_item(self, pixmap: QPixmap, item: MediaItem, pm: PostMedia) -> None:
        platform = get_platform(self.platform_id)
        rule = platform.image if item.kind == "photo" else platform.video
        blocked = self.choice.blockSignals(True)
        self.choice.clear()
        try:
            name, box = crop_frame((pixmap.width(), pixmap.height()), item, pm, self.platform_id)
            error = ""
        except StudioError as exc:
            name, box, error = pm.crop.get(self.platform_id), None, str(exc)
        auto = None
        if rule is not None and rule.preferred:
            auto = choose_aspect(rule, item, None).name
            self.choice.addItem(self.tr("Auto ({aspect})").format(aspect=auto), "")
            for aspect in rule.preferred:
                self.choice.addItem(aspect.name, aspect.name)
        chosen = pm.crop.get(self.platform_id, "")
        index = self.choice.findData(chosen)
        if index < 0 and chosen:
            self.choice.addItem(chosen, chosen)
            index = self.choice.count() - 1
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.setEnabled(auto is not None)
        self.choice.blockSignals(blocked)
        if rule is None:
            text = (
                self.tr("{platform} takes no photos here.")
                if item.kind == "photo"
                else self.tr("{platform} takes no videos here.")
            )
            error = text.format(platform=platform.name)
        self.problem.setText(error)
        self.problem.setVisible(bool(error))
        self.aspect = name
        self.canvas.show_crop(pixmap, box)
        self.canvas.setToolTip(
            self.tr("{platform} gets the {aspect} frame").format(
                platform=platform.name, aspect=name
            )
            if name
            else ""
        )

    def _activated(self, index: int) -> None:
        self.sig_chosen.emit(self.platform_id, self.choice.itemData(index) or "")


class CropPreview(QScrollArea):
    """One card per target platform for the selected item.

    Signals
    -------
    sig_crop(str, str)
        The user chose an aspect for a platform (platform id, aspect name or "" for automatic).
    """

    sig_crop = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("CropPreview")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        # no fixed height: on a short window the cards scroll instead of overlapping the editor
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setMinimumHeight(60)
        body = QWidget()
        self._row = QHBoxLayout(body)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addStretch(1)
        self.setWidget(body)
        self.cards: dict[str, CropCard] = {}

    def show_item(
        self, pixmap: QPixmap, item: MediaItem, pm: PostMedia, platforms: list[str]
    ) -> None:
        for pid in [p for p in self.cards if p not in platforms]:
            card = self.cards.pop(pid)
            self._row.removeWidget(card)
            card.hide()
            card.deleteLater()
        for i, pid in enumerate(platforms):
            card = self.cards.get(pid)
            if card is None:
                card = CropCard(pid)
                card.sig_chosen.connect(self.sig_crop)
                self.cards[pid] = card
            self._row.insertWidget(i, card)
            card.show_item(pixmap, item, pm)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), CARD_SIDE + 96)
