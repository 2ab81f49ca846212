"""The composer's media: the ordered strip, add/remove, and the selected item's crop or trim.

Every change is reported as the post's whole new media list (``sig_change``); the editor turns
it into one undoable command and one autosave of ``media``, so reorder, add, remove, crop and
trim all undo the same way and can never leave the list half-changed.
"""

from __future__ import annotations

from copy import deepcopy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.core.model import MediaItem, Post, PostMedia
from studio.core.workspace import Workspace
from studio.gui.composer.add_media_dialog import AddMediaDialog
from studio.gui.composer.crop_preview import CropPreview
from studio.gui.composer.media_strip import MediaStrip
from studio.gui.composer.trim_editor import TrimEditor
from studio.gui.thumbs import ThumbnailCache


class MediaSection(QWidget):
    """Signals
    -------
    sig_change(list, str)
        A new media list for the post (PostMedia copies) and the undo text describing it.
    sig_open_media(int)
        Show this library item in the Library.
    """

    sig_change = Signal(list, str)
    sig_open_media = Signal(int)

    def __init__(self, ws: Workspace, thumbs: ThumbnailCache, parent=None):
        super().__init__(parent)
        self.ws, self.thumbs = ws, thumbs
        self.post: Post | None = None
        self.items: dict[int, MediaItem] = {}
        self._selected: int | None = None  # position in post.media
        self._detail_of: tuple | None = None  # (post id, position) the tabs last showed

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.strip = MediaStrip(thumbs)
        self.strip.sig_open_media.connect(self.sig_open_media)
        self.strip.sig_reordered.connect(self.reorder)
        self.strip.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.strip)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add from Library…"))
        self.add_button.setObjectName("AddMedia")
        self.add_button.clicked.connect(self.open_add_dialog)
        buttons.addWidget(self.add_button)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("RemoveMedia")
        self.remove_button.setToolTip(self.tr("Remove the selected item from this post"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.remove_button)
        self.earlier_button = QPushButton(self.tr("Move earlier"))
        self.earlier_button.setObjectName("MoveEarlier")
        self.earlier_button.clicked.connect(lambda: self.move_selected(-1))
        buttons.addWidget(self.earlier_button)
        self.later_button = QPushButton(self.tr("Move later"))
        self.later_button.setObjectName("MoveLater")
        self.later_button.clicked.connect(lambda: self.move_selected(1))
        buttons.addWidget(self.later_button)
        self.hint = QLabel(self.tr("Or drag thumbnails."))
        self.hint.setObjectName("MediaHint")
        buttons.addWidget(self.hint, 1)
        layout.addLayout(buttons)
        self.details = QTabWidget()
        self.details.setObjectName("MediaDetails")
        self.details.setDocumentMode(True)
        self.crops = CropPreview()
        self.crops.sig_crop.connect(self.set_crop)
        self.details.addTab(self.crops, self.tr("Crop per platform"))
        self.trim = TrimEditor()
        self.trim.sig_trim.connect(self.set_trim)
        trim_area = QScrollArea()  # scrolls rather than squeezing the editor on short windows
        trim_area.setWidgetResizable(True)
        trim_area.setFrameShape(QFrame.NoFrame)
        trim_area.setMinimumHeight(60)
        trim_area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        trim_area.setWidget(self.trim)
        self.details.addTab(trim_area, self.tr("Trim"))
        layout.addWidget(self.details)
        self._show_detail()

    # -- showing ------------------------------------------------------------------------
    def show_post(self, post: Post | None, items: dict[int, MediaItem]) -> None:
        """Fill the strip again, keeping the selected position when it still exists."""
        self.post, self.items = post, dict(items)
        keep = self._selected
        blocked = self.strip.blockSignals(True)
        self.strip.set_media(post.media if post else [], self.items)
        self.strip.blockSignals(blocked)
        if post is not None and keep is not None and keep < len(post.media):
            self.strip.setCurrentRow(keep)
            self._selected = keep
        else:
            self.strip.clearSelection()
            self._selected = None
        self._show_detail()

    def select(self, position: int | None) -> None:
        if position is None:
            self.strip.clearSelection()
        else:
            self.strip.setCurrentRow(position)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self._selected = self.strip.current_position()
        self._show_detail()

    def _show_detail(self) -> None:
        post, pos = self.post, self._selected
        pm = post.media[pos] if post is not None and pos is not None else None
        item = self.items.get(pm.media_id) if pm is not None else None
        self.remove_button.setEnabled(pm is not None)
        count = len(post.media) if post is not None else 0
        self.earlier_button.setEnabled(pm is not None and pos > 0)
        self.later_button.setEnabled(pm is not None and pos < count - 1)
        self.add_button.setEnabled(post is not None)
        video = item is not None and item.kind == "video"
        self.details.setVisible(item is not None)
        self.details.setTabVisible(1, video)
        if item is None:
            return
        shown = (post.id, pos)
        if video and shown != self._detail_of:
            self.details.setCurrentIndex(1)  # a newly selected video: its trim matters most
        self._detail_of = shown
        platforms = list(post.platforms)
        pixmap = self.thumbs.pixmap(item, 256)
        self.crops.show_item(pixmap, item, pm, platforms)
        if video:
            path = self.ws.media_store.path_for(item.sha256, item.ext)
            self.trim.show_item(item, pm, platforms, path, pixmap)

    def refresh(self) -> None:
        """Platforms changed (or a thumbnail arrived): redraw the selected item's cards."""
        self._show_detail()

    # -- edits --------------------------------------------------------------------------
    def _entries(self) -> list[PostMedia]:
        return deepcopy(self.post.media) if self.post is not None else []

    def reorder(self, order: list[int]) -> None:
        entries = self._entries()
        if sorted(order) != list(range(len(entries))):
            self.show_post(self.post, self.items)  # a stale drop: show the real order again
            return
        self._selected = order.index(self._selected) if self._selected in order else None
        self.sig_change.emit([entries[i] for i in order], self.tr("Reorder media"))

    def move_selected(self, step: int) -> None:
        """The keyboard's way to reorder (the same change as a drag)."""
        pos = self._selected
        if self.post is None or pos is None or not 0 <= pos + step < len(self.post.media):
            return
        order = list(range(len(self.post.media)))
        order[pos], order[pos + step] = order[pos + step], order[pos]
        self.reorder(order)

    def open_add_dialog(self) -> None:
        if self.post is None:
            return
        dialog = AddMediaDialog(self.ws.library.list(), self.thumbs, self)
        if dialog.exec():
            self.add(dialog.chosen_ids())

    def add(self, media_ids: list[int]) -> None:
        if self.post is None or not media_ids:
            return
        entries = self._entries() + [PostMedia(media_id=mid) for mid in media_ids]
        self.items.update(self.ws.library.get_many(media_ids))
        text = self.tr("Add media")
        self._selected = len(entries) - 1
        self.sig_change.emit(entries, text)

    def remove_selected(self) -> None:
        pos = self._selected
        if self.post is None or pos is None:
            return
        entries = self._entries()
        del entries[pos]
        self._selected = min(pos, len(entries) - 1) if entries else None
        self.sig_change.emit(entries, self.tr("Remove media"))

    def set_crop(self, platform_id: str, aspect: str) -> None:
        pos = self._selected
        if self.post is None or pos is None:
            return
        entries = self._entries()
        if aspect:
            entries[pos].crop[platform_id] = aspect
        else:
            entries[pos].crop.pop(platform_id, None)
        if entries[pos].crop != self.post.media[pos].crop:
            self.sig_change.emit(entries, self.tr("Change crop"))

    def set_trim(self, trim) -> None:
        pos = self._selected
        if self.post is None or pos is None:
            return
        entries = self._entries()
        entries[pos].trim = tuple(trim) if trim else None
        if entries[pos].trim != self.post.media[pos].trim:
            self.sig_change.emit(entries, self.tr("Change trim"))
