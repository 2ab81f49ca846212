"""Thumbnails for views: made off the UI thread, kept on disk and in a small memory cache.

Views ask :meth:`ThumbnailCache.pixmap` while painting; it answers at once with the cached
image or a placeholder and, the first time, queues the work on the ``"render"`` lane
(:func:`studio.media.thumbnails.thumbnail` then a ``QImage`` decode, both thread-safe).
When it is ready ``sig_ready(media_id)`` fires and the view repaints that one item.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPixmap

from studio.core.model import MediaItem
from studio.gui import ops

MEMORY_ITEMS = 600


class ThumbnailCache(QObject):
    """Signals
    -------
    sig_ready(int)
        The thumbnail of this media id (at some size) is now available.
    """

    sig_ready = Signal(int)

    def __init__(self, cache_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._cache_dir = Path(cache_dir)
        self._pixmaps: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()
        self._pending: set[tuple[int, int]] = set()
        self._failed: dict[tuple[int, int], str] = {}
        self._placeholders: dict[tuple[str, int, bool], QPixmap] = {}

    def pixmap(self, item: MediaItem, size: int = 256) -> QPixmap:
        key = (item.id, size)
        found = self._pixmaps.get(key)
        if found is not None:
            self._pixmaps.move_to_end(key)
            return found
        if key in self._failed:
            return self.placeholder(item.kind, size, broken=True)
        if key not in self._pending:
            self._request(item, size)
        return self.placeholder(item.kind, size)

    def is_ready(self, media_id: int, size: int = 256) -> bool:
        return (media_id, size) in self._pixmaps

    def error(self, media_id: int, size: int = 256) -> str | None:
        return self._failed.get((media_id, size))

    def _request(self, item: MediaItem, size: int) -> None:
        from studio.media.thumbnails import thumbnail

        key = (item.id, size)
        self._pending.add(key)
        cache_dir = self._cache_dir

        def make(_ctx) -> QImage:
            path = thumbnail(item, cache_dir, size)
            image = QImage(str(path))
            if image.isNull():
                raise OSError(f"cannot decode the thumbnail {path.name}")
            return image

        def done(image: QImage) -> None:
            self._pending.discard(key)
            self._pixmaps[key] = QPixmap.fromImage(image)
            while len(self._pixmaps) > MEMORY_ITEMS:
                self._pixmaps.popitem(last=False)
            self.sig_ready.emit(item.id)

        def failed(exc: BaseException) -> None:
            self._pending.discard(key)
            self._failed[key] = str(exc)
            self.sig_ready.emit(item.id)

        ops.op(make).on_lane("render").on_success(done).on_failure(failed).owned_by(self).run()

    def placeholder(self, kind: str, size: int, *, broken: bool = False) -> QPixmap:
        """A neutral tile shown until the real thumbnail is ready (or when it cannot be made)."""
        key = (kind, size, broken)
        if key not in self._placeholders:
            self._placeholders[key] = _draw_placeholder(kind, size, broken)
        return self._placeholders[key]


def _draw_placeholder(kind: str, size: int, broken: bool) -> QPixmap:
    pix = QPixmap(QSize(size, size * 3 // 4))
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(pix.rect()).adjusted(1, 1, -1, -1), 8, 8)
    p.fillPath(path, QColor("#f3dcdc" if broken else "#e7e2d8"))
    p.setPen(QColor("#b04a43" if broken else "#a39b8c"))
    font = QFont()
    font.setPixelSize(max(12, size // 5))
    p.setFont(font)
    glyph = "!" if broken else ("▶" if kind == "video" else "▦")
    p.drawText(pix.rect(), Qt.AlignCenter, glyph)
    p.end()
    return pix
