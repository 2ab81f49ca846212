"""Caption editors, one tab per language, sharing one undo history.

Each tab's ``QTextDocument`` keeps its own fine-grained undo steps (it merges typing into
words); :class:`CaptionTabs` mirrors every step into the composer's ``QUndoStack`` through
``undoCommandAdded``, so Ctrl+Z walks back across languages in the order things were typed,
and switches to the tab being undone. The editors route their own undo keys to that stack so
the two histories never diverge.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QTabWidget

from studio.gui.i18n import is_rtl, language_name
from studio.gui.textedit import LanguageEdit


class CaptionEdit(LanguageEdit):
    """A caption editor whose undo/redo keys and menu entries drive the shared stack."""

    def __init__(self, lang: str, stack: QUndoStack, parent=None):
        super().__init__(lang, parent)
        self.stack = stack
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)  # captions are read closely, Arabic too
        self.setFont(font)
        self.setPlaceholderText(
            self.tr("Caption in {language}…").format(language=language_name(lang))
        )

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and (
            event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.Undo):
            self.stack.undo()
        elif event.matches(QKeySequence.Redo) or (
            event.key() == Qt.Key_Z and event.modifiers() == (Qt.ControlModifier | Qt.ShiftModifier)
        ):
            self.stack.redo()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        for action in menu.actions():
            name = action.objectName()
            if name in ("edit-undo", "edit-redo"):
                action.triggered.disconnect()
                action.triggered.connect(
                    self.stack.undo if name == "edit-undo" else self.stack.redo
                )
                action.setEnabled(
                    self.stack.canUndo() if name == "edit-undo" else self.stack.canRedo()
                )
        menu.exec(event.globalPos())
        menu.deleteLater()


class _DocumentStep(QUndoCommand):
    """One undo step of one caption document, replayed through that document."""

    def __init__(self, tabs: CaptionTabs, lang: str):
        super().__init__(tabs.step_text(lang))
        self._tabs, self._lang, self._pushed = tabs, lang, True

    def redo(self) -> None:
        if self._pushed:  # the edit already happened in the document when it was recorded
            self._pushed = False
            return
        self._replay(redo=True)

    def undo(self) -> None:
        self._replay(redo=False)

    def _replay(self, *, redo: bool) -> None:
        edit = self._tabs.editor(self._lang)
        if edit is None:
            return
        self._tabs.show_language(self._lang)
        cursor = edit.textCursor()
        if redo:
            edit.document().redo(cursor)
        else:
            edit.document().undo(cursor)
        edit.setTextCursor(cursor)


class CaptionTabs(QTabWidget):
    """Signals
    -------
    sig_text_changed(str, str)
        The caption in a language changed by typing or undo: (lang, text).
    sig_shown()
        A language is being brought into view (undo, a finding): whoever holds these tabs
        shows them first.
    """

    sig_text_changed = Signal(str, str)
    sig_shown = Signal()

    def __init__(self, stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.setObjectName("CaptionTabs")
        self.stack = stack
        self._editors: dict[str, CaptionEdit] = {}

    def set_languages(self, languages: list[str], texts: dict[str, str]) -> None:
        """Rebuild the tabs for a post (loading clears each document's undo history)."""
        current = self.current_language()
        self.clear()
        for edit in self._editors.values():
            edit.deleteLater()
        self._editors = {}
        for lang in languages:
            edit = CaptionEdit(lang, self.stack)
            edit.set_text_quietly(texts.get(lang, ""))
            edit.textChanged.connect(lambda lang=lang: self._changed(lang))
            edit.document().undoCommandAdded.connect(lambda lang=lang: self._recorded(lang))
            self._editors[lang] = edit
            index = self.addTab(edit, language_name(lang))
            self.setTabToolTip(index, self.tr("Right to left") if is_rtl(lang) else "")
        if current in self._editors:
            self.show_language(current)

    def step_text(self, lang: str) -> str:
        """The undo step's name in Edit ▸ Undo and the history."""
        language = language_name(lang)
        return QCoreApplication.translate("Composer", "Typing in {language}").format(
            language=language
        )

    def editor(self, lang: str) -> CaptionEdit | None:
        return self._editors.get(lang)

    def languages(self) -> list[str]:
        return list(self._editors)

    def current_language(self) -> str | None:
        widget = self.currentWidget()
        return widget.lang if isinstance(widget, CaptionEdit) else None

    def show_language(self, lang: str, *, focus: bool = False) -> bool:
        edit = self._editors.get(lang)
        if edit is None:
            return False
        self.sig_shown.emit()
        self.setCurrentWidget(edit)
        if focus:
            edit.setFocus(Qt.OtherFocusReason)
        return True

    def _recorded(self, lang: str) -> None:
        self.stack.push(_DocumentStep(self, lang))

    def _changed(self, lang: str) -> None:
        self.sig_text_changed.emit(lang, self._editors[lang].toPlainText())
