"""The Previews screen: how the composer's current post will look on each of its platforms.

It follows the composer's in-memory post (unsaved edits included). Text and identity update on
the UI thread as soon as an edit lands (composing the text is microseconds); pictures are
re-planned on the UI thread and re-rendered on the ``render`` lane only when the plan changed
(a caption edit never re-renders, a title or kit change may). Each request carries a token:
a result that arrives after a newer request for the same card is dropped, and the older work
is cancelled, so fast typing never shows a stale picture last. Hidden, the screen does nothing
and catches up when shown.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from studio.core.compose import compose_text
from studio.core.errors import StudioError
from studio.core.platforms import get_platform
from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.flow import FlowLayout
from studio.gui.i18n import align_start, isolate
from studio.gui.previews.card import MockupCard
from studio.gui.previews.fold import Mockup, mockups_for
from studio.gui.previews.jobs import plan_preview, render_preview
from studio.media.jobs import RenderCancelled

DEBOUNCE_MS = 60  # coalesces a burst of keystrokes; the render itself is the rest of ~300 ms


class PreviewsPanel(QWidget):
    def __init__(self, ws: Workspace, editor, parent=None):
        super().__init__(parent)
        self.ws, self.editor = ws, editor
        self.cards: dict[str, MockupCard] = {}
        self._jobs: dict[str, object] = {}  # card key -> the job its picture shows or awaits
        self._tokens: dict[str, int] = {}
        self._ops: dict[str, ops.Op] = {}
        self._token = 0
        self._avatars: dict[str, QImage] = {}
        self._dirty = True
        self._edit_started: float | None = None
        self.dropped = 0  # stale results thrown away (tests and the latency bench read it)
        self.last_latency_ms: float | None = None  # edit -> every picture current

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        top = QHBoxLayout()
        self.heading = QLabel(self.tr("Previews"))
        self.heading.setObjectName("PanelTitle")
        top.addWidget(self.heading)
        self.post_label = QLabel()
        self.post_label.setObjectName("Muted")
        top.addWidget(self.post_label, 1)
        self.status = QLabel()
        self.status.setObjectName("Muted")
        top.addWidget(self.status)
        layout.addLayout(top)
        self.empty = QLabel(self.tr("Choose a post in the Composer to preview it here."))
        self.empty.setObjectName("EmptyHint")
        self.empty.setAlignment(Qt.AlignCenter)
        layout.addWidget(self.empty, 1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.NoFrame)
        holder = QWidget()
        holder.setObjectName("PreviewBoard")
        self.flow = FlowLayout(holder, spacing=18)
        self.scroll.setWidget(holder)
        layout.addWidget(self.scroll, 1)
        align_start(self.post_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh_now)
        editor.sig_edited.connect(self.schedule)

    # -- scheduling -------------------------------------------------------------------------
    def schedule(self) -> None:
        if self._edit_started is None:
            self._edit_started = time.perf_counter()
        if not self.isVisible():
            self._dirty = True
            return
        self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh_now()

    def refresh_now(self) -> None:
        self._timer.stop()
        self._dirty = False
        post = self.editor.snapshot()
        if post is None:
            self._set_cards([])
            self.empty.setVisible(True)
            self.scroll.setVisible(False)
            self.post_label.clear()
            return
        self.empty.setVisible(False)
        self.scroll.setVisible(True)
        self.post_label.setText(isolate(post.title))
        mockups = mockups_for(post.platforms)
        self._set_cards(mockups)
        if not mockups:
            self.status.setText(self.tr("Choose platforms in the Composer to see their previews."))
        kit, media = self.editor.kit, dict(self.editor.media)
        lang = (post.ordered_languages or [kit.primary_language if kit else "en"])[0]
        first = media.get(post.media[0].media_id) if post.media else None
        for mockup in mockups:
            card = self.cards[mockup.key]
            card.set_content(
                name=kit.name_for(lang) if kit else self.tr("Your account"),
                handle=(kit.handle_for(mockup.platform) if kit else None) or "",
                avatar=self._avatar(kit),
                text=compose_text(post, mockup.platform, kit),
                title=post.title,
                media_count=len(post.media),
                is_video=first is not None and first.kind == "video",
            )
            try:
                job = plan_preview(post, media, kit, mockup)
            except StudioError as exc:
                self._jobs[mockup.key] = None
                card.set_error(str(exc))
                continue
            if job is None:
                self._jobs[mockup.key] = None
                card.set_image(None)
            elif job != self._jobs.get(mockup.key):
                self._jobs[mockup.key] = job
                self._render(mockup, job)
        self._check_done()

    # -- cards ------------------------------------------------------------------------------
    def _set_cards(self, mockups: list[Mockup]) -> None:
        wanted = [m.key for m in mockups]
        if wanted == list(self.cards):
            return
        for key, card in list(self.cards.items()):
            if key not in wanted:
                self.flow.removeWidget(card)
                card.deleteLater()
                del self.cards[key]
                self._jobs.pop(key, None)
                self._cancel(key)
        for mockup in mockups:
            if mockup.key not in self.cards:
                card = MockupCard(mockup, get_platform(mockup.platform).name)
                self.cards[mockup.key] = card
        for key in wanted:  # re-add in the fixed order
            self.flow.removeWidget(self.cards[key])
            self.flow.addWidget(self.cards[key])

    def _avatar(self, kit) -> QImage | None:
        if kit is None:
            return None
        path = kit.logos.get("primary") or next(iter(kit.logos.values()), None)
        if path is None:
            return None
        key = str(path)
        if key not in self._avatars:
            self._avatars[key] = QImage(key)
        return self._avatars[key]

    # -- rendering --------------------------------------------------------------------------
    def _cancel(self, key: str) -> None:
        running = self._ops.pop(key, None)
        if running is not None:
            running.cancel()

    def _render(self, mockup: Mockup, job) -> None:
        self._cancel(mockup.key)
        self._token += 1
        token = self._token
        self._tokens[mockup.key] = token
        card = self.cards[mockup.key]
        card.set_busy(True)
        cache_dir = self.ws.cache_dir

        def render(ctx) -> QImage:
            return render_preview(job, cache_dir, ctx.cancelled)

        def done(image: QImage) -> None:
            if self._tokens.get(mockup.key) != token or mockup.key not in self.cards:
                self.dropped += 1
                return
            self._ops.pop(mockup.key, None)
            card.set_image(image)
            self._check_done()

        def failed(exc: BaseException) -> None:
            if self._tokens.get(mockup.key) != token or mockup.key not in self.cards:
                self.dropped += 1
                return
            self._ops.pop(mockup.key, None)
            if isinstance(exc, StudioError):
                card.set_error(str(exc))
            elif not isinstance(exc, RenderCancelled):
                card.set_error(self.tr("The preview could not be rendered."))
                ops.notifier().error(exc)
            self._check_done()

        self._ops[mockup.key] = (
            ops.op(render)
            .on_lane("render")
            .on_success(done)
            .on_failure(failed)
            .owned_by(self)
            .run()
        )

    def busy(self) -> bool:
        """Work is due: an edit waiting out the debounce, or renders in flight."""
        return bool(self._ops) or self._timer.isActive()

    def _check_done(self) -> None:
        if self.busy():
            self.status.setText(self.tr("Rendering {n} preview(s)…").format(n=len(self._ops)))
            return
        if self._edit_started is not None:
            self.last_latency_ms = (time.perf_counter() - self._edit_started) * 1000
            self._edit_started = None
        if self.cards:
            self.status.setText(self.tr("Up to date"))
