"""The Library screen: find, import and describe photos and videos.

Everything slow happens on a worker (searching, importing, thumbnails) and reaches the view
through :mod:`studio.gui.ops`; the panel itself only arranges widgets and calls
``Library.list``/``import_files``/``update``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.autosave import AutoSaver
from studio.gui.banner import Banner
from studio.gui.library.details import MediaDetails
from studio.gui.library.grid import MediaGrid
from studio.gui.library.model import ItemRole, LibraryModel
from studio.gui.thumbs import ThumbnailCache

MEDIA_FILTER = "*.jpg *.jpeg *.png *.heic *.heif *.webp *.tif *.tiff *.gif *.mp4 *.mov *.m4v *.webm"


class LibraryPanel(QWidget):
    """Signals
    -------
    sig_media_changed(int)
        A media item was imported or its description saved (the composer re-checks posts).
    sig_loaded()
        A search or reload finished and the grid shows its result.
    """

    sig_media_changed = Signal(int)
    sig_loaded = Signal()

    def __init__(self, ws: Workspace, thumbs: ThumbnailCache, settings: QSettings, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self._generation = 0
        self._select_after_load: int | None = None
        self._pending_field: str | None = None
        self._import_op: ops.Op | None = None
        self.saver = AutoSaver(parent=self)
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        header = QHBoxLayout()
        title = QLabel(self.tr("Library"))
        title.setObjectName("PanelTitle")
        header.addWidget(title)
        header.addSpacing(12)
        self.search = QLineEdit()
        self.search.setObjectName("LibrarySearch")
        self.search.setPlaceholderText(self.tr("Search titles, credits, tags, alt text…"))
        self.search.setClearButtonEnabled(True)
        header.addWidget(self.search, 1)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All media"), None)
        self.kind.addItem(self.tr("Photos"), "photo")
        self.kind.addItem(self.tr("Videos"), "video")
        header.addWidget(self.kind)
        self.count = QLabel()
        self.count.setObjectName("Muted")
        header.addWidget(self.count)
        self.import_button = QToolButton()
        self.import_button.setObjectName("Primary")
        self.import_button.setText(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Import photos and videos (Ctrl+I)"))
        self.import_button.setPopupMode(QToolButton.MenuButtonPopup)
        menu = QMenu(self.import_button)
        menu.addAction(self.tr("Import files…"), self.open_import_dialog)
        menu.addAction(self.tr("Import a folder…"), lambda: self.open_import_dialog(folder=True))
        self.import_button.setMenu(menu)
        self.import_button.clicked.connect(self.open_import_dialog)
        header.addWidget(self.import_button)
        layout.addLayout(header)

        self.banner = Banner()
        self.banner.sig_cancel.connect(self._cancel_import)
        layout.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("LibrarySplitter")
        self.model = LibraryModel(thumbs, self)
        self.grid = MediaGrid()
        self.grid.setModel(self.model)
        self.splitter.addWidget(self.grid)
        self.details = MediaDetails(ws.library, thumbs, self.saver)
        self.details.sig_saved.connect(self._saved)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        self.saver.sig_state.connect(self._save_state)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._search_timer.start)
        self.kind.currentIndexChanged.connect(self.reload)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._update_count)

    # -- listing ------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Query the library in the background; the newest query wins."""
        self._generation += 1
        generation = self._generation
        if select_id is not None:
            self._select_after_load = select_id
        search, kind, library = self.search.text(), self.kind.currentData(), self.ws.library

        def done(items) -> None:
            if generation != self._generation:
                return  # a newer search started while this one ran
            current = self.current_item()
            wanted = self._select_after_load or (current.id if current else None)
            self._select_after_load = None
            self.model.set_items(items)
            self.grid.empty_text = self._empty_text()
            if wanted is None or not self.select_media(wanted, reload_if_hidden=False):
                if items:  # something is always described, so the details pane is never blank
                    self.select_media(items[0].id, reload_if_hidden=False)
                else:
                    self.details.show_item(None)
            self.sig_loaded.emit()

        ops.op(lambda _ctx: library.list(search, kind=kind)).on_lane("render").on_success(
            done
        ).owned_by(self).run()

    def _empty_text(self) -> str:
        if self.search.text().strip() or self.kind.currentData():
            return self.tr("Nothing matches this search.")
        return self.tr("No media yet.\nDrop photos, videos or folders here, or click Import…")

    def _update_count(self) -> None:
        self.count.setText(self.tr("{n} items").format(n=self.model.rowCount()))

    def current_item(self):
        index = self.grid.currentIndex()
        return index.data(ItemRole) if index.isValid() else None

    def select_media(
        self, media_id: int, field: str | None = None, *, reload_if_hidden=True
    ) -> bool:
        """Select an item (clearing the search if it hides it) and focus one of its fields."""
        row = self.model.row_of(media_id)
        if row is None:
            if reload_if_hidden:
                self._select_after_load = media_id
                self._pending_field = field
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
                self.kind.blockSignals(True)
                self.kind.setCurrentIndex(0)
                self.kind.blockSignals(False)
                self.reload()
            return False
        index = self.model.index(row)
        self.grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect)
        self.grid.scrollTo(index)
        field = field or self._pending_field
        self._pending_field = None
        if field:
            self.details.focus_field(field)
        return True

    def _current_changed(self, current, _previous) -> None:
        self.saver.flush()  # the edits of the previous item go out before the next loads
        self.details.show_item(current.data(ItemRole) if current.isValid() else None)

    def _saved(self, item) -> None:
        self.model.update_item(item)
        if self.details.item is not None and self.details.item.id == item.id:
            self.details.item = item
        self.sig_media_changed.emit(item.id)

    def _save_state(self, state: str, error: str) -> None:
        if state == "failed":
            ops.notifier().message(self.tr("Not saved: {reason}").format(reason=error), 0)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()

    # -- import -------------------------------------------------------------------------
    def open_import_dialog(self, folder: bool = False) -> None:
        start = str(self.settings.value("library/last_import_dir", str(Path.home())))
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Import a folder"), start)
            paths = [chosen] if chosen else []
        else:
            paths, _ = QFileDialog.getOpenFileNames(
                self,
                self.tr("Import photos and videos"),
                start,
                self.tr("Photos and videos ({patterns})").format(patterns=MEDIA_FILTER)
                + ";;"
                + self.tr("All files (*)"),
            )
        if paths:
            self.settings.setValue("library/last_import_dir", str(Path(paths[0]).parent))
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: list[Path]) -> ops.Op:
        """Import files and folders in the background with per-file progress."""
        library = self.ws.library
        self.banner.show_progress(self.tr("Preparing the import…"))

        def work(ctx):
            return library.import_files(
                paths, progress=lambda i, n, p: ctx.progress(i, n, p.name), cancelled=ctx.cancelled
            )

        def progress(done: int, total: int, name: str) -> None:
            if name:
                self.banner.show_progress(
                    self.tr("Importing {i} of {n}: {name}").format(i=done + 1, n=total, name=name),
                    done,
                    total,
                )

        self._import_op = (
            ops.op(work)
            .on_lane("jobs")
            .with_progress(self.tr("Importing media"), on_progress=progress)
            .on_success(self._imported)
            .on_failure(self._import_failed)
            .owned_by(self)
            .run()
        )
        return self._import_op

    def _cancel_import(self) -> None:
        if self._import_op is not None:
            self._import_op.cancel()

    def _imported(self, report) -> None:
        self._import_op = None
        new = [f for f in report.imported if not f.existing]
        known = len(report.imported) - len(new)
        parts = [self.tr("Imported {n} file(s).").format(n=len(new))]
        if known:
            parts.append(self.tr("{n} already in the library.").format(n=known))
        if report.rejected:
            parts.append(self.tr("{n} could not be imported:").format(n=len(report.rejected)))
        if report.cancelled:
            parts.append(self.tr("Import cancelled."))
        details = [f"{r.source.name} — {r.reason}" for r in report.rejected]
        details += [f"{f.source.name} — {w}" for f in report.imported for w in f.warnings]
        self.banner.show_result(" ".join(parts), details)
        ops.notifier().message(" ".join(parts))
        first = report.imported[0].item.id if report.imported else None
        self.reload(select_id=first)
        for f in new:
            self.sig_media_changed.emit(f.item.id)

    def _import_failed(self, exc: BaseException) -> None:
        self._import_op = None
        self.banner.show_result(
            self.tr("The import stopped: {reason}").format(reason=exc), error=True
        )
        ops.notifier().error(exc)

    # -- drag and drop from the file manager --------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            self.grid.set_drop_hint(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.grid.set_drop_hint(False)

    def dropEvent(self, event) -> None:
        self.grid.set_drop_hint(False)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- state --------------------------------------------------------------------------
    def save_settings(self) -> None:
        self.settings.setValue("library/splitter", self.splitter.saveState())

    def restore_settings(self) -> None:
        state = self.settings.value("library/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([700, 380])
