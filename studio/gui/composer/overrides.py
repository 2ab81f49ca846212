"""Per-platform caption overrides: a platform picker above the caption tabs.

"All platforms" shows the post's captions; choosing a platform shows that platform's own
version per language. An empty override inherits the main caption, which the editor shows as
its placeholder, so the user sees what the platform gets without copying text that would then
drift from the main caption. The override editors are :class:`CaptionTabs` too: their typing
steps go into the same ``QUndoStack`` as the captions, and undoing one brings its platform and
language back into view.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.gui.composer.captions import CaptionTabs
from studio.gui.composer.checks import chip_state
from studio.gui.i18n import align_start, isolate, language_name
from studio.gui.style import repolish

ALL = ""  # the picker's entry for the post's own captions
WHOLE = "*"  # an override replacing every language's part (studio.core.compose)


class PlatformCaptionTabs(CaptionTabs):
    """One platform's override editors: one tab per caption language, then "All languages".

    The core uses a language's override only where the post has a main caption in that
    language, so an editor with nothing to replace is read-only and says why.
    """

    def __init__(self, platform: str, stack: QUndoStack, parent=None):
        super().__init__(stack, parent)
        self.platform = platform
        self.platform_name = platform
        self.setObjectName(f"OverrideTabs-{platform}")
        self._inherited: dict[str, str] = {}

    def set_languages(self, languages: list[str], texts: dict[str, str]) -> None:
        super().set_languages([*languages, WHOLE], texts)
        whole = self.indexOf(self.editor(WHOLE))
        self.setTabText(whole, self.tr("All languages"))
        self.setTabToolTip(
            whole, self.tr("One text for this platform, in place of every language's caption")
        )
        for lang in self.languages():
            self.editor(lang).setObjectName(f"override-{self.platform}-{lang}")
            self.editor(lang).textChanged.connect(lambda lang=lang: self._show_inherited(lang))
            self._show_inherited(lang)

    def step_text(self, lang: str) -> str:
        language = self.tr("All languages") if lang == WHOLE else language_name(lang)
        return self.tr("Typing {platform}'s version in {language}").format(
            platform=self.platform_name, language=language
        )

    def set_inherited(self, lang: str, text: str) -> None:
        self._inherited[lang] = text
        for key in (lang, WHOLE):
            if self.editor(key) is not None:
                self._show_inherited(key)

    def _show_inherited(self, lang: str) -> None:
        """The placeholder is what this platform gets while the override is empty."""
        edit = self.editor(lang)
        if lang == WHOLE:
            texts = (self._inherited.get(code, "").strip() for code in self.languages())
            text = "\n\n".join(t for t in texts if t)
        else:
            text = self._inherited.get(lang, "").strip()
        edit.setReadOnly(not text and not edit.toPlainText())
        if not text:
            text = self.tr(
                "No main caption in {language}: write it under “All platforms” first."
            ).format(language=language_name(lang))
        edit.setPlaceholderText(text)


class CaptionArea(QWidget):
    """Signals
    -------
    sig_override_changed(str, str, str)
        A platform's override for a language changed by typing, reset or undo:
        (platform, lang, text); an empty text means "inherit the main caption".
    """

    sig_override_changed = Signal(str, str, str)

    def __init__(self, captions: CaptionTabs, stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.captions, self.stack = captions, stack
        self._pages: dict[str, PlatformCaptionTabs] = {}
        self._languages: list[str] = []
        self._inherited: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._counts: dict[str, object] = {}
        self._overrides: dict[str, dict[str, str]] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Version for")))
        self.picker = QComboBox()
        self.picker.setObjectName("OverridePlatform")
        self.picker.setToolTip(self.tr("Write a different caption for one platform"))
        self.picker.currentIndexChanged.connect(self._picked)
        row.addWidget(self.picker)
        row.addStretch(1)
        self.counter = QLabel()
        self.counter.setObjectName("OverrideCounter")
        row.addWidget(self.counter)
        self.reset = QPushButton(self.tr("Use the main caption"))
        self.reset.setObjectName("OverrideReset")
        self.reset.setToolTip(self.tr("Remove this platform's own text for this language"))
        self.reset.clicked.connect(self.reset_current)
        row.addWidget(self.reset)
        layout.addLayout(row)
        self.status = QLabel()  # its own line: the composer may be narrow, the text is not
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        align_start(self.status)
        layout.addWidget(self.status)
        self.pages = QStackedWidget()
        self.pages.addWidget(captions)
        layout.addWidget(self.pages, 1)
        captions.sig_shown.connect(lambda: self.show_platform(ALL))
        self._fill_picker([])

    # -- loading ------------------------------------------------------------------------
    def load(self, languages, texts, platforms, overrides, names) -> None:
        """Rebuild the override editors for a post (their undo histories start empty)."""
        self._languages, self._names = list(languages), dict(names)
        self._inherited = {lang: texts.get(lang, "") for lang in languages}
        for page in self._pages.values():
            self.pages.removeWidget(page)
            page.deleteLater()
        self._pages = {}
        self._overrides = {p: dict(v) for p, v in overrides.items()}
        self.set_platforms(platforms)
        self.show_platform(ALL)

    def set_platforms(self, platforms: list[str]) -> None:
        """The picker offers the post's target platforms (editors of others are kept)."""
        for pid in platforms:
            if pid in self._names and pid not in self._pages:
                self._add_page(pid)
        current = self.current_platform()
        self._fill_picker([p for p in platforms if p in self._names])
        self.show_platform(current if current in platforms else ALL)

    def _add_page(self, pid: str) -> None:
        page = PlatformCaptionTabs(pid, self.stack)
        page.platform_name = self._names.get(pid, pid)
        for lang, text in self._inherited.items():
            page.set_inherited(lang, text)
        page.set_languages(self._languages, self._overrides.get(pid, {}))
        page.sig_text_changed.connect(
            lambda lang, text, pid=pid: self.sig_override_changed.emit(pid, lang, text)
        )
        page.sig_text_changed.connect(self._update_controls)
        page.sig_shown.connect(lambda pid=pid: self.show_platform(pid))
        page.currentChanged.connect(self._update_controls)
        self._pages[pid] = page
        self.pages.addWidget(page)

    def _fill_picker(self, platforms: list[str]) -> None:
        blocked = self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItem(self.tr("All platforms"), ALL)
        for pid in platforms:
            self.picker.addItem(self._names[pid], pid)
        self.picker.blockSignals(blocked)

    # -- navigation ---------------------------------------------------------------------
    def current_platform(self) -> str:
        return self.picker.currentData() or ALL

    def page(self, platform: str) -> PlatformCaptionTabs | None:
        return self._pages.get(platform)

    def editor(self, platform: str, lang: str):
        page = self._pages.get(platform)
        return page.editor(lang) if page is not None else None

    def show_platform(self, platform: str) -> bool:
        index = self.picker.findData(platform)
        if index < 0:
            return False
        if self.picker.currentIndex() != index:
            self.picker.setCurrentIndex(index)  # -> _picked
        else:
            self._picked()
        return True

    def focus_override(self, platform: str, lang: str) -> bool:
        """Open one platform's editor for a language (a finding's ``overrides.x.ar``)."""
        page = self._pages.get(platform)
        if page is None or not self.show_platform(platform):
            return False
        if lang not in page.languages():
            lang = page.current_language() or page.languages()[0]
        return page.show_language(lang, focus=True)

    def _picked(self, *_args) -> None:
        pid = self.current_platform()
        page = self._pages.get(pid)
        if page is not None:
            lang = self.captions.current_language()
            self.pages.setCurrentWidget(page)
            if lang and page.current_language() != lang:
                blocked = page.blockSignals(True)
                page.setCurrentWidget(page.editor(lang))
                page.blockSignals(blocked)
        else:
            self.pages.setCurrentWidget(self.captions)
        self._update_controls()

    # -- live state ---------------------------------------------------------------------
    def set_inherited(self, lang: str, text: str) -> None:
        """The main caption changed: empty overrides show the new text as placeholder."""
        self._inherited[lang] = text
        for page in self._pages.values():
            page.set_inherited(lang, text)

    def show_counts(self, counts: list[tuple[str, str, object]]) -> None:
        self._counts = {pid: count for pid, _name, count in counts}
        self._update_controls()

    def reset_current(self) -> None:
        """Empty the shown override as one undoable step, so the main caption applies again."""
        page = self._pages.get(self.current_platform())
        edit = page.editor(page.current_language() or "") if page is not None else None
        if edit is None or not edit.toPlainText():
            return
        cursor = edit.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.removeSelectedText()
        edit.setTextCursor(cursor)

    def _update_controls(self, *_args) -> None:
        pid = self.current_platform()
        page = self._pages.get(pid)
        on_platform = page is not None
        self.counter.setVisible(on_platform)
        self.reset.setVisible(on_platform)
        if not on_platform:
            self.status.setText(self.tr("The captions every platform gets."))
            return
        lang = page.current_language() or ""
        own = bool(page.editor(lang) and page.editor(lang).toPlainText())
        self.reset.setEnabled(own)
        whole = page.editor(WHOLE) is not None and bool(page.editor(WHOLE).toPlainText())
        if whole:
            status = self.tr("{platform} gets one text for all languages.")
        elif lang == WHOLE:
            status = self.tr("{platform} uses the main captions.")
        elif own:
            status = self.tr("{platform} gets its own text in {language}.")
        else:
            status = self.tr("{platform} uses the main caption in {language}.")
        language = language_name(lang) if lang and lang != WHOLE else ""
        status = status.format(
            platform=isolate(self._names.get(pid, pid)), language=isolate(language)
        )
        self.status.setText(status)
        count = self._counts.get(pid)
        if count is None:
            self.counter.clear()
            return
        self.counter.setText(f"{self._names.get(pid, pid)} {count.length}/{count.limit}")
        state = chip_state(count)
        if self.counter.property("chip") != state:
            self.counter.setProperty("chip", state)
            repolish(self.counter)
