"""The editor of one post: title, kit, platforms, captions, live counts and checks, media.

The editor keeps the post in memory and re-runs the core's pure checks on it 150 ms after each
change (``validate_post``, and ``count_text`` on ``compose_text`` for the chips), so what the
user sees is what the platform will count, before anything is saved. Each change is also handed
to the :class:`~studio.gui.autosave.AutoSaver`, which writes that one field through
``PostService`` within a second of typing stopping.
"""

from __future__ import annotations

from copy import deepcopy

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from studio.core.compose import compose_text
from studio.core.model import Post
from studio.core.platforms import PLATFORM_IDS, get_platform
from studio.core.textcount import count_text
from studio.core.validation import validate_post
from studio.core.workspace import Workspace
from studio.gui.autosave import FAILED, SAVED, SAVING, UNSAVED, AutoSaver
from studio.gui.composer.accounts_picker import AccountsPicker
from studio.gui.composer.captions import CaptionTabs
from studio.gui.composer.checks import ChipBar, FindingsList
from studio.gui.composer.kit_picker import KitPicker
from studio.gui.composer.media_section import MediaSection
from studio.gui.composer.overrides import CaptionArea
from studio.gui.composer.states import badge_sheet, state_label
from studio.gui.i18n import CAPTION_LANGUAGES, align_start
from studio.gui.style import repolish
from studio.gui.thumbs import ThumbnailCache

VALIDATE_DELAY_MS = 150


class _FieldChange(QUndoCommand):
    """An undoable change of a non-text field (platforms, brand kit)."""

    def __init__(self, editor: PostEditor, field: str, old, new, text: str):
        super().__init__(text)
        self._editor, self._field, self._old, self._new = editor, field, old, new

    def redo(self) -> None:
        self._editor._apply(self._field, self._new)

    def undo(self) -> None:
        self._editor._apply(self._field, self._old)


class PostEditor(QWidget):
    """Signals
    -------
    sig_open_media(int, str)
        Show a library item and focus one of its fields ("alt.ar", "credit" or "").
    sig_checked()
        Counts and findings were refreshed for the current in-memory post.
    sig_edited()
        The in-memory post changed (an edit, undo/redo, another post or its media loaded);
        emitted at once, before the checks' delay, so previews can start rendering.
    """

    sig_open_media = Signal(int, str)
    sig_checked = Signal()
    sig_edited = Signal()

    def __init__(
        self,
        ws: Workspace,
        thumbs: ThumbnailCache,
        saver: AutoSaver,
        stack: QUndoStack,
        parent=None,
    ):
        super().__init__(parent)
        self.ws, self.saver, self.stack = ws, saver, stack
        self.post: Post | None = None
        self.media: dict = {}
        self.kit, self.kit_error = None, None
        self.names = {pid: get_platform(pid).name for pid in PLATFORM_IDS}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        top = QHBoxLayout()
        self.title = QLineEdit()
        self.title.setObjectName("TitleEdit")
        self.title.setPlaceholderText(self.tr("Post title"))
        top.addWidget(self.title, 1)
        self.state = QLabel()
        top.addWidget(self.state)
        self.save_label = QLabel()
        self.save_label.setObjectName("SaveState")
        top.addWidget(self.save_label)
        layout.addLayout(top)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Brand kit")))
        self.kit_picker = KitPicker()
        row.addWidget(self.kit_picker)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Hashtags")))
        self.hashtags = QLineEdit()
        self.hashtags.setObjectName("HashtagsEdit")
        self.hashtags.setPlaceholderText(self.tr("#HeritageWeek #Mosaic"))
        row.addWidget(self.hashtags, 1)
        layout.addLayout(row)

        layout.addWidget(self._section(self.tr("Publish to")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        self.platform_boxes: dict[str, QCheckBox] = {}
        for i, pid in enumerate(PLATFORM_IDS):
            box = QCheckBox(self.names[pid])
            box.setObjectName(f"platform-{pid}")
            box.toggled.connect(lambda _on, pid=pid: self._platform_toggled(pid))
            self.platform_boxes[pid] = box
            grid.addWidget(box, i // 5, i % 5)
        layout.addLayout(grid)
        self.accounts = AccountsPicker()
        self.accounts.sig_changed.connect(self._accounts_chosen)
        layout.addWidget(self.accounts)

        layout.addWidget(self._section(self.tr("Caption")))
        self.captions = CaptionTabs(stack)
        self.captions.sig_text_changed.connect(self._caption_changed)
        self.caption_area = CaptionArea(self.captions, stack)
        self.caption_area.sig_override_changed.connect(self._override_changed)
        layout.addWidget(self.caption_area, 1)
        self.chips = ChipBar()
        layout.addWidget(self.chips)

        layout.addWidget(self._section(self.tr("Media")))
        self.media_section = MediaSection(ws, thumbs)
        self.media_section.sig_open_media.connect(lambda mid: self.sig_open_media.emit(mid, ""))
        self.media_section.sig_change.connect(self._media_chosen)
        self.strip = self.media_section.strip
        layout.addWidget(self.media_section)

        self.findings = FindingsList()  # placed by the panel, driven from here
        self.findings.sig_activated.connect(lambda f: self.focus_field(f.field))

        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self.check_now)
        self.title.textEdited.connect(self._title_edited)
        self.hashtags.textEdited.connect(self._hashtags_edited)
        self.kit_picker.sig_kit_chosen.connect(self._kit_chosen)
        saver.sig_state.connect(self._show_save_state)
        self._show_save_state(saver.state, "")
        self.setEnabled(False)

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        align_start(label)
        label.setObjectName("SectionTitle")
        return label

    # -- loading ------------------------------------------------------------------------
    def load(self, post_id: int | None) -> None:
        """Show a stored post (pending saves of the previous one go out first)."""
        self.saver.flush()
        self.stack.clear()
        if post_id is None:
            self.post = None
            self.setEnabled(False)
            self.sig_edited.emit()
            return
        post = self.ws.posts.get(post_id)
        self.post = post
        self.media = self.ws.library.get_many(m.media_id for m in post.media)
        self.kit, self.kit_error = self.ws.load_kit(post.brand_kit)
        self.title.setText(post.title)
        self.set_state(post.state)
        self.kit_picker.set_current(post.brand_kit)
        self.hashtags.setText(" ".join(post.hashtags))
        for pid, box in self.platform_boxes.items():
            blocked = box.blockSignals(True)
            box.setChecked(pid in post.platforms)
            box.blockSignals(blocked)
        self.reload_accounts()
        languages = list(dict.fromkeys([*post.ordered_languages, *CAPTION_LANGUAGES]))
        self.captions.set_languages(languages, post.text)
        self.captions.setCurrentIndex(0)
        self.caption_area.load(languages, post.text, post.platforms, post.overrides, self.names)
        self.media_section.show_post(post, self.media)
        self.setEnabled(True)
        self.check_now()
        self.sig_edited.emit()

    def reload_media(self) -> None:
        """Library edits (alt text, credit) change the checks: re-read the post's media."""
        if self.post is not None:
            self.media = self.ws.library.get_many(m.media_id for m in self.post.media)
            self.media_section.show_post(self.post, self.media)
            self.check_now()
            self.sig_edited.emit()

    def set_kits(self, entries: list) -> None:
        self.kit_picker.set_kits(entries)

    def _show_save_state(self, state: str, error: str) -> None:
        text = {
            SAVED: self.tr("✓ Saved"),
            UNSAVED: self.tr("● Unsaved changes"),
            SAVING: self.tr("Saving…"),
            FAILED: self.tr("Not saved"),
        }[state]
        self.save_label.setText(text)
        self.save_label.setToolTip(error)
        self.save_label.setProperty("save", state)
        repolish(self.save_label)

    def set_state(self, state: str) -> None:
        self.state.setText(state_label(state))
        self.state.setStyleSheet(badge_sheet(state))

    # -- live checks --------------------------------------------------------------------
    def check_now(self) -> None:
        self._validate_timer.stop()
        post = self.post
        if post is None:
            return
        counts = [
            (pid, self.names[pid], count_text(pid, compose_text(post, pid, self.kit)))
            for pid in post.platforms
            if pid in self.names
        ]
        self.chips.set_counts(counts)
        self.caption_area.show_counts(counts)
        findings = validate_post(post, self.media, self.kit, kit_error=self.kit_error)
        self.findings.set_findings(findings, self.names)
        self.sig_checked.emit()

    def _changed(self) -> None:
        self._validate_timer.start()
        self.sig_edited.emit()

    # -- edits --------------------------------------------------------------------------
    def _caption_changed(self, lang: str, text: str) -> None:
        post = self.post
        if post is None:
            return
        if text:
            post.text[lang] = text
        else:
            post.text.pop(lang, None)
        posts, pid = self.ws.posts, post.id
        self.saver.schedule(("text", pid, lang), lambda: posts.set_text(pid, lang, text))
        self.caption_area.set_inherited(lang, text)
        self._changed()

    def _override_changed(self, platform: str, lang: str, text: str) -> None:
        """An empty override is removed: the platform inherits the main caption again."""
        post = self.post
        if post is None:
            return
        texts = post.overrides.setdefault(platform, {})
        if text:
            texts[lang] = text
        else:
            texts.pop(lang, None)
        if not texts:
            post.overrides.pop(platform, None)
        overrides = deepcopy(post.overrides)
        posts, pid = self.ws.posts, post.id
        self.saver.schedule(("overrides", pid), lambda: posts.update(pid, {"overrides": overrides}))
        self._changed()

    def _title_edited(self, text: str) -> None:
        if self.post is None:
            return
        self.post.title = text
        posts, pid = self.ws.posts, self.post.id
        self.saver.schedule(("title", pid), lambda: posts.update(pid, {"title": text}))
        self._changed()

    def _hashtags_edited(self, text: str) -> None:
        if self.post is None:
            return
        tags = [t if t.startswith("#") else "#" + t for t in text.replace(",", " ").split()]
        self.post.hashtags = list(dict.fromkeys(tags))
        posts, pid = self.ws.posts, self.post.id
        self.saver.schedule(("hashtags", pid), lambda: posts.update(pid, {"hashtags": tags}))
        self._changed()

    def _platform_toggled(self, pid: str) -> None:
        if self.post is None:
            return
        old = list(self.post.platforms)
        new = [p for p in PLATFORM_IDS if self.platform_boxes[p].isChecked()]
        # keep the post's own order for platforms it had; append new ones
        new = [p for p in old if p in new] + [p for p in new if p not in old]
        on = pid in new
        text = (self.tr("Add {platform}") if on else self.tr("Remove {platform}")).format(
            platform=self.names[pid]
        )
        self.stack.push(_FieldChange(self, "platforms", old, new, text))

    def reload_accounts(self) -> None:
        """The account choices for this post's platforms (after Settings changed accounts)."""
        if self.post is None:
            return
        records = self.ws.accounts.list()
        self.accounts.set_accounts(records, self.post.platforms, self.post.accounts)

    def _accounts_chosen(self, names: list) -> None:
        if self.post is None:
            return
        self.stack.push(
            _FieldChange(
                self, "accounts", list(self.post.accounts), list(names), self.tr("Change accounts")
            )
        )

    def _kit_chosen(self, kit_id: str) -> None:
        if self.post is None:
            return
        self.stack.push(
            _FieldChange(
                self, "brand_kit", self.post.brand_kit, kit_id, self.tr("Change brand kit")
            )
        )

    def _media_chosen(self, entries: list, text: str) -> None:
        if self.post is not None:
            old = deepcopy(self.post.media)
            self.stack.push(_FieldChange(self, "media", old, deepcopy(entries), text))

    def _apply(self, field: str, value) -> None:
        """Set a field in memory and on screen, and schedule its save (undo/redo use this)."""
        post = self.post
        if post is None:
            return
        posts, pid = self.ws.posts, post.id
        if field == "platforms":
            post.platforms = list(value)
            for p, box in self.platform_boxes.items():
                blocked = box.blockSignals(True)
                box.setChecked(p in post.platforms)
                box.blockSignals(blocked)
            platforms = list(value)
            self.saver.schedule(
                ("platforms", pid), lambda: posts.update(pid, {"platforms": platforms})
            )
            self.reload_accounts()
            self.caption_area.set_platforms(post.platforms)
            self.media_section.refresh()
        elif field == "accounts":
            post.accounts = list(value)
            self.accounts.show_chosen(post.accounts)
            accounts = list(value)
            self.saver.schedule(
                ("accounts", pid), lambda: posts.update(pid, {"accounts": accounts})
            )
        elif field == "brand_kit":
            post.brand_kit = value
            self.kit, self.kit_error = self.ws.load_kit(value)
            self.kit_picker.set_current(value)
            self.saver.schedule(("brand_kit", pid), lambda: posts.update(pid, {"brand_kit": value}))
        elif field == "media":
            self._apply_media(deepcopy(value))
        self.check_now()
        self.sig_edited.emit()

    def _apply_media(self, entries: list) -> None:
        post = self.post
        post.media = entries
        self.media = self.ws.library.get_many(m.media_id for m in entries)
        self.media_section.show_post(post, self.media)
        posts, pid, data = self.ws.posts, post.id, [m.to_json() for m in entries]
        self.saver.schedule(("media", pid), lambda: posts.update(pid, {"media": data}))

    # -- navigation from findings -------------------------------------------------------
    def focus_field(self, field: str) -> bool:
        """Bring the editor a finding names into view and focus it; False if none matches."""
        post = self.post
        if post is None:
            return False
        head, _, rest = field.partition(".")
        if field == "title":
            self.title.setFocus(Qt.OtherFocusReason)
            self.title.selectAll()
        elif field == "brand_kit":
            self.kit_picker.setFocus(Qt.OtherFocusReason)
        elif field == "hashtags":
            self.hashtags.setFocus(Qt.OtherFocusReason)
        elif field == "platforms":
            next(iter(self.platform_boxes.values())).setFocus(Qt.OtherFocusReason)
        elif head == "overrides" and self.caption_area.focus_override(*rest.partition(".")[::2]):
            pass
        elif head in ("text", "overrides"):
            lang = rest.split(".")[-1] if rest else ""
            if lang not in self.captions.languages():
                lang = (post.ordered_languages or self.captions.languages())[0]
            self.captions.show_language(lang, focus=True)
        elif head.startswith("media"):
            return self._focus_media(field)
        else:
            return False
        return True

    def _focus_media(self, field: str) -> bool:
        post = self.post
        head, _, rest = field.partition(".")
        if "[" not in head:
            self.strip.setFocus(Qt.OtherFocusReason)
            return True
        index = int(head[head.index("[") + 1 : head.index("]")])
        if not 0 <= index < len(post.media):
            return False
        if rest.startswith("alt.") or rest == "credit":
            self.sig_open_media.emit(post.media[index].media_id, rest)
        else:
            self.strip.select_position(index)
        return True

    def snapshot(self) -> Post | None:
        """A copy of the in-memory post (what the checks currently describe)."""
        return deepcopy(self.post)
