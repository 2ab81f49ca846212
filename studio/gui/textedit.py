"""Plain-text editors for one language: right to left for Arabic, direction per paragraph.

Captions mix scripts: an Arabic caption may hold a French quote or a link on its own line.
The document's default text direction is ``LayoutDirectionAuto``, so Qt picks each paragraph's
direction from its first strong character, as the platforms do (``dir="auto"``). The widget's
own direction follows the language, so the scroll bar and the placeholder of an Arabic editor
sit on the right even before anything is typed.

Why ``QTextEdit`` in plain-text mode and not ``QPlainTextEdit``: the plain-text layout applies
one alignment to the whole document, so the last line of an Arabic paragraph is pushed to the
left (measured with Qt 6.12). The rich-text layout aligns each paragraph by its own direction.
Rich text is refused (``acceptRichText(False)``): pasting from a web page gives plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QTextEdit

from studio.gui.i18n import is_rtl


class LanguageEdit(QTextEdit):
    def __init__(self, lang: str, parent=None):
        super().__init__(parent)
        self.lang = lang
        self.setObjectName(f"edit-{lang}")
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setLayoutDirection(Qt.RightToLeft if is_rtl(lang) else Qt.LeftToRight)
        self._auto_direction()

    def _auto_direction(self) -> None:
        option = self.document().defaultTextOption()
        if option.textDirection() != Qt.LayoutDirectionAuto:
            option.setTextDirection(Qt.LayoutDirectionAuto)
            self.document().setDefaultTextOption(option)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.LayoutDirectionChange:
            self._auto_direction()  # keep per-paragraph direction whatever Qt resets

    def set_text_quietly(self, text: str) -> None:
        """Replace the text without emitting change signals (loading is not editing)."""
        blocked = self.blockSignals(True)
        try:
            self.setPlainText(text)
        finally:
            self.blockSignals(blocked)
