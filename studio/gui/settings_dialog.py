"""File ▸ Settings: interface language, brand kits folder, what a new post starts with, and a
way back to the default window layout. Publishing accounts come with the publishing screens.

The language applies at the next start (every label is built once, translated, at creation;
rebuilding the window live would lose unsaved typing for little gain), and the dialog says so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.core.platforms import PLATFORM_IDS, get_platform
from studio.gui.i18n import UI_LANGUAGES, isolate, language_name
from studio.gui.preferences import Preferences


class SettingsDialog(QDialog):
    def __init__(self, settings: QSettings, kits: list, parent=None, *, ws=None):
        """``kits``: what ``list_kits`` found (kits and KitErrors), for the default kit;
        ``ws``: the workspace, whose publishing accounts get their own tab."""
        super().__init__(parent)
        self.settings = settings
        self.prefs = Preferences.load(settings)
        self.reset_layout = False
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("SettingsDialog")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)

        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "")
        for lang in UI_LANGUAGES:
            self.language.addItem(language_name(lang), lang)
        self.language.setCurrentIndex(max(0, self.language.findData(self.prefs.language)))
        lang_note = QLabel(self.tr("Takes effect the next time the studio starts."))
        lang_note.setObjectName("Muted")
        form.addRow(self.tr("Interface language"), self.language)
        form.addRow("", lang_note)

        row = QHBoxLayout()
        self.kits_folder = QLineEdit(self.prefs.kits_folder)
        self.kits_folder.setPlaceholderText(self.tr("Only the workspace's and the bundled kits"))
        row.addWidget(self.kits_folder, 1)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_folder)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Brand kits folder"), holder)
        self.folder_problem = QLabel()
        self.folder_problem.setObjectName("FieldError")
        self.folder_problem.setVisible(False)
        form.addRow("", self.folder_problem)

        self.default_kit = QComboBox()
        self.default_kit.addItem(self.tr("No brand kit"), "")
        for kit in kits:
            if hasattr(kit, "name_for"):
                self.default_kit.addItem(isolate(kit.name), kit.id)
        if self.prefs.default_kit and self.default_kit.findData(self.prefs.default_kit) < 0:
            self.default_kit.addItem(
                self.tr("{kit} (not found)").format(kit=self.prefs.default_kit),
                self.prefs.default_kit,
            )
        self.default_kit.setCurrentIndex(max(0, self.default_kit.findData(self.prefs.default_kit)))
        form.addRow(self.tr("New posts use the kit"), self.default_kit)

        grid = QGridLayout()
        self.platform_boxes: dict[str, QCheckBox] = {}
        for i, pid in enumerate(PLATFORM_IDS):
            box = QCheckBox(get_platform(pid).name)
            box.setChecked(pid in self.prefs.default_platforms)
            self.platform_boxes[pid] = box
            grid.addWidget(box, i // 5, i % 5)
        boxes = QWidget()
        boxes.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("New posts publish to"), boxes)

        self.reset_button = QPushButton(self.tr("Reset window layout"))
        self.reset_button.setToolTip(
            self.tr("Window size, splitters and the last screen go back to their defaults.")
        )
        self.reset_button.clicked.connect(self._reset_layout)
        form.addRow(self.tr("Window"), self.reset_button)
        self.accounts = None
        if ws is None:
            layout.addLayout(form)
        else:
            from studio.gui.accounts_page import AccountsPage

            self.tabs = QTabWidget()
            general = QWidget()
            general.setLayout(form)
            self.tabs.addTab(general, self.tr("General"))
            self.accounts = AccountsPage(ws)
            self.tabs.addTab(self.accounts, self.tr("Accounts"))
            layout.addWidget(self.tabs)

        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Brand kits folder"), self.kits_folder.text() or str(Path.home())
        )
        if folder:
            self.kits_folder.setText(folder)

    def _reset_layout(self) -> None:
        self.reset_layout = True
        self.reset_button.setEnabled(False)
        self.reset_button.setText(self.tr("The default layout returns at the next start"))

    def chosen(self) -> Preferences:
        return Preferences(
            language=self.language.currentData() or "",
            kits_folder=self.kits_folder.text().strip(),
            default_kit=self.default_kit.currentData() or "",
            default_platforms=[p for p, box in self.platform_boxes.items() if box.isChecked()],
        )

    def accept(self) -> None:
        """Refuse a kits folder that does not exist, naming it, and keep the dialog open."""
        prefs = self.chosen()
        if prefs.kits_folder and not Path(prefs.kits_folder).expanduser().is_dir():
            self.folder_problem.setText(
                self.tr(
                    "{path} is not a folder: choose an existing folder or clear the field."
                ).format(path=isolate(prefs.kits_folder))
            )
            self.folder_problem.setVisible(True)
            self.kits_folder.setFocus(Qt.OtherFocusReason)
            return
        prefs.save(self.settings)
        self.prefs = prefs
        super().accept()
