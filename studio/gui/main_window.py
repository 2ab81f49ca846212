"""The main window: a sidebar of screens, their stack, menus, shortcuts and the status bar.

Screens register with :meth:`MainWindow.add_page`, so later ones (Previews, Review, Calendar,
Outbox, Settings) slot into the sidebar, the View menu and Ctrl+<number> without touching the
others. The window owns what is shared: the thumbnail cache, the undo group, the notifier's
output and the first-run flow (sample showcase, then the welcome overlay).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio import __version__
from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.activity import ActivityWidget
from studio.gui.calendar_page.panel import CalendarPanel
from studio.gui.composer.panel import ComposerPanel
from studio.gui.i18n import isolate
from studio.gui.icons import icon
from studio.gui.library.panel import LibraryPanel
from studio.gui.outbox_page import OutboxPage
from studio.gui.previews.panel import PreviewsPanel
from studio.gui.review.panel import ReviewPanel
from studio.gui.settings_dialog import SettingsDialog
from studio.gui.thumbs import ThumbnailCache
from studio.gui.welcome import SETTINGS_KEY as WELCOME_KEY
from studio.gui.welcome import WelcomeOverlay


class MainWindow(QMainWindow):
    """Signals
    -------
    sig_ready()
        The workspace is shown (after the first-run sample, if one was needed).
    """

    sig_ready = Signal()

    def __init__(
        self,
        ws: Workspace,
        settings: QSettings,
        *,
        sample_full_resolution: bool = True,
        run_outbox: bool = True,
    ):
        """``run_outbox``: send due deliveries in the background while the window is open."""
        super().__init__()
        self.ws = ws
        self.settings = settings
        self.sample_full_resolution = sample_full_resolution
        self.ready = False
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("Heritage Studio"))
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(1000, 640))
        self.thumbs = ThumbnailCache(ws.cache_dir, self)
        self.undo_group = QUndoGroup(self)
        self._pages: dict[str, int] = {}
        self._page_actions: list[QAction] = []

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._build_sidebar())
        main = QVBoxLayout()
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(0)
        self.pause_banner = QPushButton()
        self.pause_banner.setObjectName("PauseBanner")
        self.pause_banner.setStyleSheet(
            "QPushButton#PauseBanner { background: #b3261e; color: white; font-weight: 600;"
            " border: none; padding: 8px 14px; text-align: left; }"
        )
        self.pause_banner.clicked.connect(lambda: self.show_page("outbox"))
        self.pause_banner.hide()
        main.addWidget(self.pause_banner)
        self.stack = QStackedWidget()
        main.addWidget(self.stack, 1)
        row.addLayout(main, 1)
        self.setCentralWidget(central)

        self.library = LibraryPanel(ws, self.thumbs, settings)
        self.composer = ComposerPanel(ws, self.thumbs, settings)
        self.undo_group.addStack(self.composer.undo_stack)
        self.undo_group.setActiveStack(self.composer.undo_stack)
        self._build_menus()
        self.add_page("library", self.tr("Library"), "library", self.library)
        self.add_page("composer", self.tr("Composer"), "composer", self.composer)
        self.previews = PreviewsPanel(ws, self.composer.editor)
        self.add_page("previews", self.tr("Previews"), "previews", self.previews)
        self.review = ReviewPanel(ws, self.composer)
        self.add_page("review", self.tr("Review"), "review", self.review)
        self.calendar = CalendarPanel(ws)
        self.calendar.sig_open_post.connect(self.open_post)
        self.add_page("calendar", self.tr("Calendar"), "calendar", self.calendar)
        self.run_outbox = run_outbox
        self.outbox = OutboxPage(ws, run_worker=False)  # sending starts once the window is ready
        self.outbox.sig_paused_changed.connect(self._show_pause)
        self.review.sig_published.connect(lambda _pid: self.show_page("outbox"))
        self.add_page("outbox", self.tr("Outbox"), "outbox", self.outbox)
        self.library.sig_media_changed.connect(self.composer.media_changed)
        self.composer.sig_open_media.connect(self.show_media)

        self.activity = ActivityWidget()
        self.statusBar().addPermanentWidget(self.activity)
        self.workspace_label = QLabel(str(ws.root))
        self.workspace_label.setObjectName("Muted")
        self.statusBar().addPermanentWidget(self.workspace_label)
        ops.notifier().sig_error.connect(self._show_error)
        ops.notifier().sig_message.connect(self._show_message)
        self.welcome = WelcomeOverlay(central)
        self.welcome.sig_dismissed.connect(lambda: settings.setValue(WELCOME_KEY, True))
        self._restore_settings()
        self._show_pause()

    # -- navigation ---------------------------------------------------------------------
    def _build_sidebar(self) -> QWidget:
        side = QWidget()
        side.setObjectName("Sidebar")
        side.setAttribute(Qt.WA_StyledBackground, True)
        side.setFixedWidth(190)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        brand = QLabel(self.tr("Heritage Studio"))
        brand.setObjectName("SidebarTitle")
        layout.addWidget(brand)
        self.nav = QListWidget()
        self.nav.setObjectName("SidebarList")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.currentRowChanged.connect(self._nav_changed)
        layout.addWidget(self.nav, 1)
        footer = QLabel(self.tr("Version {version}").format(version=__version__))
        footer.setObjectName("SidebarFooter")
        layout.addWidget(footer)
        return side

    def add_page(self, key: str, title: str, icon_name: str, widget: QWidget) -> None:
        """Add a screen to the sidebar, the stack and the View menu (Ctrl+1, Ctrl+2…)."""
        index = self.stack.addWidget(widget)
        self._pages[key] = index
        item = QListWidgetItem(icon(icon_name), title)
        item.setData(Qt.UserRole, key)
        self.nav.addItem(item)
        action = self.view_menu.addAction(title, lambda: self.show_page(key))
        action.setShortcut(QKeySequence(f"Ctrl+{len(self._pages)}"))
        self._page_actions.append(action)

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self._pages[key])
        return self.stack.currentWidget()

    def current_page(self) -> str:
        index = self.stack.currentIndex()
        return next((k for k, i in self._pages.items() if i == index), "")

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        if self.stack.currentWidget() is self.composer:
            self.composer.editor.reload_media()

    def open_post(self, post_id: int) -> None:
        self.show_page("composer").select_post(post_id)

    def _show_pause(self, paused: bool | None = None) -> None:
        """A red strip over every screen while publishing is paused (it opens the Outbox)."""
        from studio.core import outbox_control

        pause = outbox_control.paused(self.ws)
        self.pause_banner.setVisible(pause is not None)
        if pause is not None:
            self.pause_banner.setText(
                self.tr(
                    "Publishing is paused: {reason} (by {who}). Open the Outbox to resume."
                ).format(reason=isolate(pause.reason), who=isolate(pause.by))
            )

    def show_media(self, media_id: int, field: str = "") -> None:
        self.show_page("library")
        self.library.select_media(media_id, field or None)

    # -- menus and shortcuts --------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.import_action = file_menu.addAction(self.tr("&Import files…"), self.import_files)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        file_menu.addAction(self.tr("Import a &folder…"), self.import_folder)
        self.new_action = file_menu.addAction(self.tr("&New post"), self.new_post)
        self.new_action.setShortcut(QKeySequence.New)
        file_menu.addSeparator()
        self.settings_action = file_menu.addAction(self.tr("&Settings…"), self.open_settings)
        self.settings_action.setShortcuts([QKeySequence.Preferences, QKeySequence("Ctrl+,")])
        self.settings_action.setMenuRole(QAction.PreferencesRole)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence.Quit)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        find = edit_menu.addAction(self.tr("&Find…"), self.focus_search)
        find.setShortcut(QKeySequence.Find)

        self.view_menu = bar.addMenu(self.tr("&View"))
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&Welcome"), self.welcome_popup)
        help_menu.addAction(self.tr("&About Heritage Studio"), self._about)

    def import_files(self) -> None:
        self.show_page("library").open_import_dialog()

    def import_folder(self) -> None:
        self.show_page("library").open_import_dialog(folder=True)

    def new_post(self) -> None:
        self.show_page("composer").new_post()

    def focus_search(self) -> None:
        page = self.stack.currentWidget()
        if not hasattr(page, "focus_search"):
            page = self.show_page("library")
        page.focus_search()

    def open_settings(self) -> SettingsDialog:
        """Show Settings (modeless, so tests and screenshots can drive it); on OK, apply what
        can change live: the kits folder (kit lists reload) and a layout reset next start."""
        from studio.core.brandkit import list_kits

        dialog = SettingsDialog(
            self.settings, list_kits(self.ws.kit_search_path()), self, ws=self.ws
        )
        if dialog.accounts is not None:
            dialog.accounts.sig_accounts_changed.connect(self.composer.editor.reload_accounts)

        def accepted() -> None:
            dialog.prefs.apply_kits_folder()
            self.composer._load_kits()
            if dialog.reset_layout:
                self.settings.setValue("window/reset", True)
                self._reset_pending = True
            ops.notifier().message(self.tr("Settings saved."))

        dialog.accepted.connect(accepted)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def welcome_popup(self) -> None:
        self.welcome.popup()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Heritage Studio"),
            self.tr(
                "Heritage Studio {version}\nCompose, check, approve and publish heritage "
                "showcases in Arabic, French and English."
            ).format(version=__version__),
        )

    # -- status bar -----------------------------------------------------------------------
    def _show_error(self, message: str, detail: str) -> None:
        self.statusBar().showMessage("⚠ " + message, 15000)
        self.statusBar().setToolTip(detail or message)

    def _show_message(self, message: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    # -- first run ------------------------------------------------------------------------
    def start(self) -> None:
        """Show the workspace; on an empty one, prepare the sample showcase first."""
        if self.ws.is_empty():
            self._seed_sample()
        else:
            self._workspace_ready()

    def _seed_sample(self) -> None:
        from studio.sample import seed_sample

        ws, full = self.ws, self.sample_full_resolution
        self.show_page("library")
        text = self.tr(
            "Preparing the sample heritage showcase (photos, a video and three "
            "posts) so you can try the studio…"
        )
        self.library.banner.show_progress(text, cancellable=False)

        def seed(ctx):
            return seed_sample(ws, full_resolution=full, progress=lambda m: ctx.progress(0, 0, m))

        def done(report) -> None:
            self.library.banner.show_result(
                self.tr("The sample showcase is ready: {m} photos and videos, {p} posts.").format(
                    m=len(report.media), p=len(report.posts)
                )
            )
            self._workspace_ready()

        def failed(exc: BaseException) -> None:
            self.library.banner.show_result(
                self.tr("The sample showcase could not be prepared: {reason}").format(reason=exc),
                error=True,
            )
            ops.notifier().error(exc)
            self._workspace_ready()

        (
            ops.op(seed)
            .on_lane("jobs")
            .with_progress(self.tr("Preparing the sample"), cancellable=False)
            .on_success(done)
            .on_failure(failed)
            .owned_by(self)
            .run()
        )

    def _workspace_ready(self) -> None:
        self.library.reload()
        self.composer.reload_list()
        self.ready = True
        if self.run_outbox:
            self.outbox.start_worker()
        if not self.settings.value(WELCOME_KEY, False, type=bool):
            self.welcome.popup()
        self.sig_ready.emit()

    # -- state ----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._default_geometry()
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.library.restore_settings()
        self.composer.restore_settings()
        page = str(self.settings.value("window/page", "library"))
        self.show_page(page if page in self._pages else "library")

    def _default_geometry(self) -> None:
        """First run: 1360×860 centred, or the whole screen when it is barely larger."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(1360, 860)
            return
        avail = screen.availableGeometry()
        w, h = min(1360, avail.width()), min(860, avail.height())
        if avail.width() - w < 100 or avail.height() - h < 60:
            self.setGeometry(avail)
            return
        rect = QRect(0, 0, w, h)
        rect.moveCenter(avail.center())
        self.setGeometry(rect)

    def save_settings(self) -> None:
        if getattr(self, "_reset_pending", False):  # Settings ▸ Reset window layout
            self.settings.sync()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/page", self.current_page())
        self.library.save_settings()
        self.composer.save_settings()
        self.settings.sync()

    def closeEvent(self, event) -> None:
        """Save what was typed, let background work finish, remember the layout."""
        self.statusBar().showMessage(self.tr("Saving…"))
        self.composer.flush_saves()
        self.library.saver.flush_now()
        self.outbox.stop_worker()
        ops.cancel_all()
        ops.wait_all()
        self.save_settings()
        event.accept()
