"""The Composer screen: the list of posts, the editor of the selected one and its checks."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.autosave import AutoSaver
from studio.gui.composer.editor import PostEditor
from studio.gui.composer.post_list import IdRole, PostFilter, PostListModel, PostListView
from studio.gui.thumbs import ThumbnailCache


class _PostEvents(QObject):
    """Carries ``PostService`` change callbacks (from any thread) to the UI thread."""

    sig_changed = Signal(int)


class ComposerPanel(QWidget):
    """Signals
    -------
    sig_open_media(int, str)
        Show a library item and focus a field of it (forwarded from the editor).
    """

    sig_open_media = Signal(int, str)

    def __init__(self, ws: Workspace, thumbs: ThumbnailCache, settings: QSettings, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.saver = AutoSaver(parent=self)
        self.undo_stack = QUndoStack(self)
        self._events = _PostEvents(self)
        self._events.sig_changed.connect(self._post_changed)
        events = self._events

        def notify(post_id: int) -> None:  # called on whichever thread committed the change
            if isValid(events):
                events.sig_changed.emit(post_id)

        ws.posts.subscribe(notify)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("ComposerSplitter")
        layout.addWidget(self.splitter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        header = QHBoxLayout()
        title = QLabel(self.tr("Posts"))
        title.setObjectName("PanelTitle")
        header.addWidget(title, 1)
        self.new_button = QPushButton(self.tr("New post"))
        self.new_button.setObjectName("Primary")
        self.new_button.setToolTip(self.tr("Create a post (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_post)
        header.addWidget(self.new_button)
        left_layout.addLayout(header)
        self.filter = QLineEdit()
        self.filter.setObjectName("PostFilter")
        self.filter.setPlaceholderText(self.tr("Filter posts by title…"))
        self.filter.setClearButtonEnabled(True)
        left_layout.addWidget(self.filter)
        self.model = PostListModel(self)
        self.proxy = PostFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list = PostListView()
        self.list.setModel(self.proxy)
        left_layout.addWidget(self.list, 1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.splitter.addWidget(left)

        self.editor = PostEditor(ws, thumbs, self.saver, self.undo_stack)
        self.editor.sig_open_media.connect(self.sig_open_media)
        # The editor grows with overrides, crop cards and the trim player: on a small laptop
        # screen it scrolls rather than squeezing its fields.
        self.editor_scroll = QScrollArea()
        self.editor_scroll.setWidgetResizable(True)
        self.editor_scroll.setFrameShape(QFrame.NoFrame)
        self.editor_scroll.setWidget(self.editor)
        self.splitter.addWidget(self.editor_scroll)
        self.splitter.addWidget(self.editor.findings)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setCollapsible(1, False)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(100)
        self._refresh_timer.timeout.connect(self.reload_list)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self._load_kits()

    # -- posts --------------------------------------------------------------------------
    def reload_list(self, select_id: int | None = None) -> None:
        rows = self.ws.posts.summaries()
        keep = (
            select_id
            if select_id is not None
            else (self.editor.post.id if self.editor.post is not None else None)
        )
        self.model.set_rows(rows)
        if keep is not None and self.select_post(keep):
            pass  # the post being edited stays selected (and is not reloaded)
        elif not self.list.currentIndex().isValid() and self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        current = self.editor.post
        if current is not None:
            for row in rows:
                if row["id"] == current.id and row["state"] != current.state:
                    current.state = row["state"]
                    self.editor.set_state(row["state"])

    def select_post(self, post_id: int) -> bool:
        row = self.model.row_of(post_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row))
        if not index.isValid():  # hidden by the filter
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row))
        self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect)
        self.list.scrollTo(index)
        return True

    def new_post(self) -> None:
        from studio.gui.preferences import Preferences

        prefs = Preferences.load(self.settings)  # Settings ▸ what a new post starts with
        fields = {"title": self.tr("Untitled post"), "platforms": prefs.default_platforms}
        if prefs.default_kit:
            fields["brand_kit"] = prefs.default_kit
        post = self.ws.posts.create({**fields, "text": {}})
        self.reload_list(select_id=post.id)
        self.editor.title.setFocus(Qt.ShortcutFocusReason)
        self.editor.title.selectAll()
        ops.notifier().message(self.tr("New post created."))

    def _current_changed(self, current, _previous) -> None:
        post_id = current.data(IdRole) if current.isValid() else None
        if self.editor.post is None or self.editor.post.id != post_id:
            self.editor.load(post_id)

    def _post_changed(self, _post_id: int) -> None:
        self._refresh_timer.start()

    def media_changed(self, media_id: int) -> None:
        post = self.editor.post
        if post is not None and any(m.media_id == media_id for m in post.media):
            self.editor.reload_media()

    def _load_kits(self) -> None:
        from studio.core.brandkit import list_kits
        from studio.core.textcount import warm_up

        search_path = self.ws.kit_search_path()
        ops.op(lambda _ctx: list_kits(search_path)).on_lane("render").on_success(
            self.editor.set_kits
        ).owned_by(self).run()
        ops.op(lambda _ctx: warm_up()).on_lane("render").run()

    # -- window integration ---------------------------------------------------------------
    def focus_search(self) -> None:
        self.filter.setFocus(Qt.ShortcutFocusReason)
        self.filter.selectAll()

    def flush_saves(self) -> None:
        """Write every pending edit now (window close)."""
        self.saver.flush_now()

    def save_settings(self) -> None:
        self.settings.setValue("composer/splitter", self.splitter.saveState())

    def restore_settings(self) -> None:
        state = self.settings.value("composer/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([260, 640, 340])
