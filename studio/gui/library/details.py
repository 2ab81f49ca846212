"""The details of one library item: what is needed to publish it responsibly.

Title, credit, licence, alt text in each caption language and tags, saved as you type through
``Library.update`` (debounced, on the write lane); the focal point is picked by clicking the
preview. A visible warning says when the original carries location metadata, which press staff
must know before sharing a file outside the studio.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.core.model import MediaItem
from studio.gui.autosave import AutoSaver
from studio.gui.i18n import CAPTION_LANGUAGES, align_start, isolate, language_name
from studio.gui.library.focal import FocalPreview
from studio.gui.library.model import describe
from studio.gui.textedit import LanguageEdit
from studio.gui.thumbs import ThumbnailCache

PREVIEW_SIZE = 768
LICENCES = ("All rights reserved", "CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC0 1.0")


class MediaDetails(QScrollArea):
    """Signals
    -------
    sig_saved(object)
        The updated :class:`MediaItem` after a save reached the database.
    """

    sig_saved = Signal(object)

    def __init__(self, library, thumbs: ThumbnailCache, saver: AutoSaver, parent=None):
        super().__init__(parent)
        self._library = library
        self._thumbs = thumbs
        self._saver = saver
        self.item: MediaItem | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setMinimumWidth(320)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 12)
        self.empty = QLabel(self.tr("Select a photo or video to describe it."))
        self.empty.setObjectName("Muted")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

        self.content = QWidget()
        form_box = QVBoxLayout(self.content)
        form_box.setContentsMargins(0, 0, 0, 0)
        self.preview = FocalPreview()
        self.preview.sig_focal_picked.connect(self._focal_picked)
        form_box.addWidget(self.preview)
        hint = QLabel(self.tr("Click the picture to set its focal point."))
        align_start(hint)
        hint.setObjectName("Muted")
        form_box.addWidget(hint)
        self.facts = QLabel()
        align_start(self.facts)
        self.facts.setObjectName("Muted")
        self.facts.setWordWrap(True)
        form_box.addWidget(self.facts)

        self.location_warning = QFrame()
        self.location_warning.setObjectName("Warning")
        warn_layout = QHBoxLayout(self.location_warning)
        warn_text = QLabel(
            self.tr(
                "⚠ This file contains location (GPS) metadata. The studio removes it from "
                "published files, but the original in the library keeps it: do not share the "
                "original outside the studio."
            )
        )
        warn_text.setWordWrap(True)
        align_start(warn_text)
        warn_layout.addWidget(warn_text)
        form_box.addWidget(self.location_warning)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.title = QLineEdit()
        self.credit = QLineEdit()
        self.credit.setPlaceholderText(self.tr("Photographer / institution"))
        self.licence = QComboBox()
        self.licence.setEditable(True)
        self.licence.addItems(LICENCES)  # values published with the photo: not translated
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Comma-separated, e.g. mosaic, medina"))
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Credit"), self.credit)
        form.addRow(self.tr("Licence"), self.licence)
        form.addRow(self.tr("Tags"), self.tags)
        form_box.addLayout(form)

        alt_title = QLabel(self.tr("Alt text (describe the image for people who cannot see it)"))
        alt_title.setObjectName("SectionTitle")
        alt_title.setWordWrap(True)
        align_start(alt_title)
        form_box.addWidget(alt_title)
        self.alt: dict[str, LanguageEdit] = {}
        for lang in CAPTION_LANGUAGES:
            name = QLabel(language_name(lang))
            align_start(name)
            form_box.addWidget(name)
            edit = LanguageEdit(lang)
            edit.setFixedHeight(64)
            edit.setPlaceholderText(
                self.tr("Alt text in {language}").format(language=language_name(lang))
            )
            edit.textChanged.connect(self._edited)
            self.alt[lang] = edit
            form_box.addWidget(edit)
        form_box.addStretch(1)
        layout.addWidget(self.content)
        self.setWidget(body)

        self.title.textEdited.connect(self._edited)
        self.credit.textEdited.connect(self._edited)
        self.licence.editTextChanged.connect(self._edited)
        self.tags.textEdited.connect(self._edited)
        thumbs.sig_ready.connect(self._thumb_ready)
        self.show_item(None)

    # -- loading ------------------------------------------------------------------------
    def show_item(self, item: MediaItem | None) -> None:
        self.item = item
        self.empty.setVisible(item is None)
        self.content.setVisible(item is not None)
        if item is None:
            return
        self._loading = True
        try:
            self.title.setText(item.title)
            self.credit.setText(item.credit)
            self.licence.setEditText(item.license)
            self.tags.setText(", ".join(item.tags))
            for lang, edit in self.alt.items():
                edit.set_text_quietly(item.alt.get(lang, ""))
        finally:
            self._loading = False
        self.facts.setText(self._facts(item))
        self.location_warning.setVisible(item.has_location)
        self.preview.set_focal(*item.focal)
        self.preview.set_pixmap(self._thumbs.pixmap(item, PREVIEW_SIZE))

    def _facts(self, item: MediaItem) -> str:
        lines = [describe(item), item.original_name]
        if item.captured_at:
            lines.append(self.tr("Captured {when}").format(when=isolate(item.captured_at)))
        if item.camera:
            lines.append(item.camera)
        return "\n".join(lines)

    def _thumb_ready(self, media_id: int) -> None:
        if self.item is not None and media_id == self.item.id:
            self.preview.set_pixmap(self._thumbs.pixmap(self.item, PREVIEW_SIZE))

    def focus_field(self, field: str) -> None:
        """Focus the editor a finding names: ``alt.ar``, ``credit``, ``title``…"""
        if field.startswith("alt."):
            target = self.alt.get(field.split(".", 1)[1])
        else:
            target = {
                "credit": self.credit,
                "title": self.title,
                "license": self.licence,
                "tags": self.tags,
            }.get(field)
        if target is not None:
            self.ensureWidgetVisible(target)
            target.setFocus(Qt.OtherFocusReason)

    # -- saving -------------------------------------------------------------------------
    def _edited(self, *_args) -> None:
        if getattr(self, "_loading", False) or self.item is None:
            return
        media_id = self.item.id
        values = {
            "title": self.title.text(),
            "credit": self.credit.text(),
            "license": self.licence.currentText(),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
            "alt": {lang: edit.toPlainText() for lang, edit in self.alt.items()},
        }
        library = self._library
        self._saver.schedule(
            ("media", media_id), lambda: library.update(media_id, **values), self.sig_saved.emit
        )

    def _focal_picked(self, x: float, y: float) -> None:
        if self.item is None:
            return
        media_id, library = self.item.id, self._library
        self._saver.schedule(
            ("focal", media_id), lambda: library.update(media_id, focal=(x, y)), self.sig_saved.emit
        )
        self._saver.flush()
