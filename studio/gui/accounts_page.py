"""Publishing accounts: add (secret straight into the OS keyring), test, remove.

The secret field never leaves this dialog except into :func:`studio.publish.accounts.
add_account`, which stores it in the keyring; it is cleared as soon as the dialog closes and
is never put in settings, logs or messages. When no secure keyring is usable the screen says
so and refuses to add accounts rather than keep a token anywhere else.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.errors import StudioError
from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.i18n import align_start
from studio.gui.tables import record_table


class AccountsModel(QAbstractTableModel):
    COLUMNS = ("name", "platform", "serves", "handle", "server")

    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.rows: list = []
        self.display: dict[str, str] = {}

    def refresh(self) -> None:
        from studio.publish.registry import registry

        self.display = {i.name: i.cls.DISPLAY_NAME for i in registry().adapters.values()}
        self.beginResetModel()
        self.rows = self.ws.accounts.list()
        self.endResetModel()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return [
                self.tr("Account"),
                self.tr("Service"),
                self.tr("Publishes to"),
                self.tr("Handle"),
                self.tr("Server"),
            ][section]
        return None

    def data(self, index, role=Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            if col == "platform":
                return self.display.get(a.platform, a.platform)
            return str(getattr(a, col) or "")
        if role == Qt.UserRole:
            return a
        return None


class AddAccountDialog(QDialog):
    """Service, name, server/handle/options, and the secret (hidden)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from studio.publish.registry import registry

        self.setWindowTitle(self.tr("Add a publishing account"))
        self.adapters = {i.name: i for i in registry().adapters.values()}
        form = QFormLayout()
        self.service = QComboBox()
        for name, info in sorted(self.adapters.items(), key=lambda kv: kv[1].cls.DISPLAY_NAME):
            self.service.addItem(info.cls.DISPLAY_NAME, name)
        self.service.currentIndexChanged.connect(self._service_changed)
        form.addRow(self.tr("Service"), self.service)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. maridia-bsky"))
        form.addRow(self.tr("Account name"), self.name)
        self.server = QLineEdit()
        form.addRow(self.tr("Server"), self.server)
        self.handle = QLineEdit()
        form.addRow(self.tr("Handle"), self.handle)
        self.lang = QLineEdit()
        self.lang.setPlaceholderText(self.tr("ar, fr, en…"))
        form.addRow(self.tr("Language"), self.lang)
        self.options = QPlainTextEdit()
        self.options.setPlaceholderText(self.tr("one KEY=VALUE per line, e.g. chat_id=@channel"))
        self.options.setMaximumHeight(70)
        form.addRow(self.tr("Options"), self.options)
        self.secret_label = QLabel()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.Password)
        self.secret.setObjectName("SecretField")
        form.addRow(self.secret_label, self.secret)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setObjectName("Muted")
        align_start(self.help)
        form.addRow(self.help)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._service_changed()

    def _service_changed(self) -> None:
        info = self.adapters.get(self.service.currentData())
        if info is None:
            return
        cls = info.cls
        self.secret_label.setText(cls.SECRET.label[:1].upper() + cls.SECRET.label[1:])
        signs_in = callable(getattr(cls, "sign_in", None))
        self.secret.setPlaceholderText(
            self.tr("leave empty to sign in with the browser") if signs_in else ""
        )
        self.server.setPlaceholderText(cls.DEFAULT_SERVER or self.tr("required"))
        self.help.setText(cls.SECRET.help or "")

    def values(self) -> dict[str, Any]:
        options = {}
        for line in self.options.toPlainText().splitlines():
            if "=" in line:
                k, _, v = line.partition("=")
                options[k.strip()] = v.strip()
        return {
            "platform": self.service.currentData(),
            "name": self.name.text().strip(),
            "server": self.server.text().strip() or None,
            "handle": self.handle.text().strip() or None,
            "lang": self.lang.text().strip() or None,
            "options": options,
            "secret": self.secret.text() or None,
        }

    def done(self, result: int) -> None:
        super().done(result)
        self.secret.clear()  # the secret stays in memory no longer than needed


class AccountsPage(QWidget):
    """Signals
    -------
    sig_accounts_changed()
        An account was added or removed (the composer's account choices follow).
    """

    sig_accounts_changed = Signal()

    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(self.tr("Publishing accounts"))
        title.setObjectName("PanelTitle")
        layout.addWidget(title)
        self.keyring = QLabel()
        self.keyring.setWordWrap(True)
        align_start(self.keyring)
        layout.addWidget(self.keyring)
        self.model = AccountsModel(ws, self)
        self.table = record_table(self.model)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.result = QLabel()
        self.result.setObjectName("Muted")
        self.result.setWordWrap(True)
        row.addWidget(self.result, 1)
        self.add_button = QPushButton(self.tr("Add account…"))
        self.add_button.clicked.connect(self.ask_add)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_selected)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        for b in (self.add_button, self.test_button, self.remove_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        from studio.core import secrets

        self.model.refresh()
        try:
            backend = secrets.check_available()
        except StudioError as exc:
            self.keyring.setText(str(exc))
            self.add_button.setEnabled(False)
        else:
            self.keyring.setText(
                self.tr("Secrets are kept only in the OS keyring ({backend}).").format(
                    backend=backend
                )
            )
            self.add_button.setEnabled(True)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].name if rows else None

    def ask_add(self) -> None:
        dialog = AddAccountDialog(self)
        if dialog.exec() != QDialog.Accepted:
            return
        self.add(**dialog.values())

    def add(self, **values: Any) -> ops.Op:
        """Store the account off the UI thread (a browser sign-in may take a while)."""
        from studio.publish.accounts import add_account

        ws = self.ws

        def work(_ctx):
            return add_account(ws, values.pop("platform"), values.pop("name"), **values)

        def done(record) -> None:
            self.result.setText(self.tr("Added {name}.").format(name=record.name))
            self.refresh()
            self.sig_accounts_changed.emit()

        def failed(exc: BaseException) -> None:
            self.result.setText(str(exc))

        return ops.op(work).on_success(done).on_failure(failed).owned_by(self).run()

    def test_selected(self) -> ops.Op | None:
        from studio.publish.accounts import test_account

        name = self.selected_name()
        if name is None:
            return None
        ws = self.ws
        self.result.setText(self.tr("Testing {name}…").format(name=name))

        def done(info) -> None:
            self.result.setText(
                self.tr("{name} works: signed in as {handle}.").format(
                    name=name, handle=info.handle
                )
            )

        def failed(exc: BaseException) -> None:
            self.result.setText(str(exc))

        return (
            ops.op(lambda _ctx: test_account(ws, name))
            .on_success(done)
            .on_failure(failed)
            .owned_by(self)
            .run()
        )

    def remove_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove account"),
            self.tr(
                "Remove {name} and delete its secret from the keyring? Posts already sent "
                "stay as they are."
            ).format(name=name),
        )
        if answer != QMessageBox.Yes:
            return
        try:
            self.ws.accounts.remove(name)
        except StudioError as exc:
            QMessageBox.warning(self, self.tr("Remove account"), str(exc))
        self.refresh()
        self.sig_accounts_changed.emit()
