"""One platform mockup, painted: avatar and handle, folded text, the rendered picture.

Painted with QPainter and a QTextDocument built through a cursor (no HTML), so the layout is
exact at any size, every paragraph takes its own direction (an Arabic caption above a French
one), and the "… more" fold is drawn in the client's muted link colour.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.gui.i18n import isolate
from studio.gui.previews.fold import Mockup, fold_text

CARD_WIDTH = 300
PAD = 12
AVATAR = 34
_ENTITY = re.compile(r"(?:(?<=\s)|^)[#@][\w.]+|https?://\S+")
_ACCENT = {  # each client's link colour (from their web apps' stylesheets)
    "x": "#1d9bf0",
    "instagram": "#00376b",
    "facebook": "#0866ff",
    "linkedin": "#0a66c2",
    "bluesky": "#1083fe",
    "mastodon": "#6364ff",
    "telegram": "#2481cc",
    "youtube": "#065fd4",
    "tiktok": "#ffffff",
    "threads": "#0095f6",
}


def mockup_title(mockup: Mockup, platform_name: str) -> str:
    if mockup.key == "instagram_story":
        return QCoreApplication.translate("Previews", "{platform} · Story").format(
            platform=platform_name
        )
    return platform_name


def _more_word(mockup: Mockup) -> str:
    return {
        "Show more": QCoreApplication.translate("Previews", "Show more"),
        "more": QCoreApplication.translate("Previews", "more"),
        "See more": QCoreApplication.translate("Previews", "See more"),
        "see more": QCoreApplication.translate("Previews", "see more"),
    }.get(mockup.more, mockup.more)


class MockupCard(QWidget):
    """Call :meth:`set_content` for text/identity and :meth:`set_image`/:meth:`set_error` when
    the render arrives; ``folded`` and ``shown_text`` say what a reader sees (tests read them)."""

    def __init__(self, mockup: Mockup, platform_name: str, parent=None):
        super().__init__(parent)
        self.mockup = mockup
        self.platform_name = platform_name
        self.title = mockup_title(mockup, platform_name)
        self.name = ""
        self.handle = ""
        self.avatar: QImage | None = None
        self.text = ""
        self.shown_text = ""
        self.folded = False
        self.post_title = ""
        self.media_count = 0
        self.is_video = False
        self.image: QImage | None = None
        self.placeholder: QImage | None = None
        self.error = ""
        self.busy = False
        self.setObjectName(f"mockup-{mockup.key}")
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(0)
        self.setFixedWidth(CARD_WIDTH)
        self._relayout()

    # -- content ------------------------------------------------------------------------
    def set_content(self, *, name, handle, avatar, text, title, media_count, is_video) -> None:
        self.name, self.handle, self.avatar = name, handle, avatar
        self.text, self.post_title = text, title
        self.media_count, self.is_video = media_count, is_video
        m = self.mockup
        self.shown_text, self.folded = (
            ("", bool(text)) if m.fold_chars == 0 else fold_text(text, m.fold_chars, m.fold_lines)
        )
        self._relayout()

    def set_image(self, image: QImage | None) -> None:
        self.image, self.error, self.busy = image, "", False
        self._relayout()

    def set_placeholder(self, image: QImage | None) -> None:
        self.placeholder = image
        self.update()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.update()

    def set_error(self, message: str) -> None:
        self.image, self.error, self.busy = None, message, False
        self._relayout()

    # -- geometry -----------------------------------------------------------------------
    def _inner(self) -> float:
        return CARD_WIDTH - 2 * PAD

    def _media_height(self) -> float:
        width = CARD_WIDTH - 2
        if self.mockup.layout == "story":
            return width * 16 / 9
        if self.error:
            return 90.0
        image = self.image or self.placeholder
        if self.media_count == 0:
            return 0.0
        if image is None or image.isNull() or image.width() == 0:
            return width * 0.75
        return width * image.height() / image.width()

    def _build_doc(self, colour: str, width: float) -> None:
        doc = self._doc
        doc.clear()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * (0.95 if self.mockup.layout == "story" else 1.0))
        doc.setDefaultFont(font)
        doc.setTextWidth(width)
        cursor = QTextCursor(doc)
        plain, link, muted = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        plain.setForeground(QColor(colour))
        link.setForeground(QColor(_ACCENT.get(self.mockup.platform, "#1d9bf0")))
        muted.setForeground(QColor("#c9d1d3" if self.mockup.layout == "story" else "#65676b"))
        for n, paragraph in enumerate(self.shown_text.split("\n")):
            if n:
                cursor.insertBlock()
            pos = 0
            for match in _ENTITY.finditer(paragraph):
                cursor.insertText(paragraph[pos : match.start()], plain)
                cursor.insertText(match.group(0), link)
                pos = match.end()
            cursor.insertText(paragraph[pos:], plain)
        if self.folded and self.mockup.more:
            cursor.insertText(("… " if self.shown_text else "") + _more_word(self.mockup), muted)

    def _relayout(self) -> None:
        story = self.mockup.layout == "story"
        self._build_doc("#ffffff" if story else "#0f1419", self._inner() - (40 if story else 0))
        text_h = self._doc.size().height() if self.shown_text or self.folded else 0.0
        height = 24 + self._media_height() + 2  # caption above the frame, border
        if not story:
            height += PAD + AVATAR + 8 + (text_h + 8 if text_h else 0) + PAD
            if self.mockup.layout == "video":
                height += 26
        self.setFixedHeight(round(height))

    def sizeHint(self) -> QSize:
        return QSize(CARD_WIDTH, self.height())

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        try:
            self._paint(p)
        finally:
            p.end()  # even if drawing fails: a live painter breaks the window's next paint

    def _paint(self, p: QPainter) -> None:
        p.setRenderHints(QPainter.Antialiasing | QPainter.SmoothPixmapTransform)
        p.setPen(QColor("#44545a"))
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        label = self.title + ("  ·  …" if self.busy else "")
        p.drawText(QRectF(2, 0, CARD_WIDTH - 4, 20), Qt.AlignVCenter | Qt.AlignLeading, label)
        frame = QRectF(0.5, 24.5, CARD_WIDTH - 1, self.height() - 25)
        path = QPainterPath()
        path.addRoundedRect(frame, 12, 12)
        p.fillPath(path, QColor("#000000" if self.mockup.layout == "story" else "#ffffff"))
        p.setClipPath(path)
        if self.mockup.layout == "story":
            self._paint_story(p, frame)
        else:
            self._paint_feed(p, frame)
        p.setClipping(False)
        p.setBrush(Qt.NoBrush)
        p.setPen(QPen(QColor("#d5dadc"), 1))
        p.drawPath(path)

    def _paint_header(self, p: QPainter, x: float, y: float, light: bool) -> None:
        rtl = self.layoutDirection() == Qt.RightToLeft
        ax = CARD_WIDTH - x - AVATAR if rtl else x
        circle = QPainterPath()
        circle.addEllipse(QRectF(ax, y, AVATAR, AVATAR))
        p.fillPath(circle, QColor("#e7ecee"))
        if self.avatar is not None and not self.avatar.isNull():
            p.save()
            p.setClipPath(circle, Qt.IntersectClip)
            scaled = self.avatar.scaled(
                AVATAR - 6, AVATAR - 6, Qt.KeepAspectRatio, Qt.SmoothTransformation
            )
            p.drawImage(
                QPointF(ax + (AVATAR - scaled.width()) / 2, y + (AVATAR - scaled.height()) / 2),
                scaled,
            )
            p.restore()
        tx = x + AVATAR + 8
        width = CARD_WIDTH - tx - PAD
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor("#ffffff" if light else "#0f1419"))
        align = Qt.AlignLeading | Qt.AlignVCenter
        rect = QRectF(CARD_WIDTH - tx - width if rtl else tx, y, width, AVATAR / 2)
        name = isolate(p.fontMetrics().elidedText(self.name, Qt.ElideRight, int(width)))
        p.drawText(rect, align, name)
        p.setFont(self.font())
        p.setPen(QColor("#e6e6e6" if light else "#536471"))
        handle = isolate(p.fontMetrics().elidedText(self.handle, Qt.ElideRight, int(width)))
        p.drawText(rect.translated(0, AVATAR / 2), align, handle)

    def _paint_media(self, p: QPainter, rect: QRectF) -> None:
        image = self.image if self.image is not None else self.placeholder
        if self.error:
            p.fillRect(rect, QColor("#fbeaea"))
            p.setPen(QColor("#9b2c2c"))
            p.drawText(rect.adjusted(10, 6, -10, -6), Qt.TextWordWrap | Qt.AlignCenter, self.error)
            return
        if image is None or image.isNull():
            p.fillRect(rect, QColor("#e7ecee"))
        else:
            scaled = image.scaled(
                rect.size().toSize(), Qt.KeepAspectRatioByExpanding, Qt.SmoothTransformation
            )
            dx, dy = (scaled.width() - rect.width()) / 2, (scaled.height() - rect.height()) / 2
            p.drawImage(rect, scaled, QRectF(dx, dy, rect.width(), rect.height()))
        if self.is_video:
            c = rect.center()
            p.setBrush(QColor(0, 0, 0, 140))
            p.setPen(Qt.NoPen)
            p.drawEllipse(c, 24, 24)
            p.setBrush(QColor("#ffffff"))
            p.drawPolygon(
                [
                    QPointF(c.x() - 8, c.y() - 12),
                    QPointF(c.x() - 8, c.y() + 12),
                    QPointF(c.x() + 13, c.y()),
                ]
            )
        if self.media_count > 1 and self.mockup.layout != "story":
            pill = QRectF(rect.right() - 52, rect.top() + 10, 42, 22)
            p.setBrush(QColor(0, 0, 0, 150))
            p.setPen(Qt.NoPen)
            p.drawRoundedRect(pill, 11, 11)
            p.setPen(QColor("#ffffff"))
            p.drawText(pill, Qt.AlignCenter, f"1/{self.media_count}")

    def _paint_text(self, p: QPainter, x: float, y: float) -> float:
        p.save()
        p.translate(x, y)
        self._doc.drawContents(p)
        p.restore()
        return self._doc.size().height()

    def _paint_feed(self, p: QPainter, frame: QRectF) -> None:
        y = frame.top() + PAD
        self._paint_header(p, PAD, y, light=False)
        y += AVATAR + 8
        media_h = self._media_height()
        text_first = self.mockup.platform not in ("instagram", "telegram", "youtube")
        has_text = bool(self.shown_text or self.folded)
        if text_first and has_text:
            y += self._paint_text(p, PAD, y) + 8
        if media_h:
            self._paint_media(p, QRectF(frame.left() + 0.5, y, frame.width() - 1, media_h))
            y += media_h
        if self.mockup.layout == "video":
            bold = QFont(self.font())
            bold.setBold(True)
            bold.setPointSizeF(bold.pointSizeF() * 1.1)
            p.setFont(bold)
            p.setPen(QColor("#0f0f0f"))
            title = p.fontMetrics().elidedText(self.post_title, Qt.ElideRight, int(self._inner()))
            p.drawText(
                QRectF(PAD, y + 4, self._inner(), 22), Qt.AlignLeading | Qt.AlignVCenter, title
            )
            y += 26
        if not text_first and has_text:
            self._paint_text(p, PAD, y + 8)

    def _paint_story(self, p: QPainter, frame: QRectF) -> None:
        media = QRectF(frame.left() + 0.5, frame.top(), frame.width() - 1, frame.height())
        self._paint_media(p, media)
        top = QLinearGradient(0, media.top(), 0, media.top() + 90)
        top.setColorAt(0, QColor(0, 0, 0, 120))
        top.setColorAt(1, QColor(0, 0, 0, 0))
        p.fillRect(QRectF(media.left(), media.top(), media.width(), 90), QBrush(top))
        if self.mockup.platform == "instagram":
            p.fillRect(
                QRectF(PAD, media.top() + 8, CARD_WIDTH - 2 * PAD, 2.5), QColor(255, 255, 255, 220)
            )
            self._paint_header(p, PAD, media.top() + 18, light=True)
            return
        height = self._doc.size().height()
        bottom = QLinearGradient(0, media.bottom() - height - 90, 0, media.bottom())
        bottom.setColorAt(0, QColor(0, 0, 0, 0))
        bottom.setColorAt(1, QColor(0, 0, 0, 170))
        p.fillRect(
            QRectF(media.left(), media.bottom() - height - 90, media.width(), height + 90),
            QBrush(bottom),
        )
        self._paint_header(p, PAD, media.bottom() - height - AVATAR - 22, light=True)
        self._paint_text(p, PAD, media.bottom() - height - 14)
