"""The approval history: every signed decision of the post, judged now (valid, void, invalid)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from studio.gui.i18n import isolate
from studio.gui.style import ERROR, MUTED, OK


def decision_label(decision: str) -> str:
    return {
        "submit": QCoreApplication.translate("Review", "Submitted"),
        "approve": QCoreApplication.translate("Review", "Approved"),
        "request_changes": QCoreApplication.translate("Review", "Changes requested"),
    }.get(decision, decision)


def validity_label(status: str) -> str:
    return {
        "valid": QCoreApplication.translate("Review", "Valid"),
        "void": QCoreApplication.translate("Review", "Superseded"),
        "invalid": QCoreApplication.translate("Review", "Invalid"),
    }.get(status, status)


_VALIDITY_COLOURS = {"valid": OK, "void": MUTED, "invalid": ERROR}


class HistoryTree(QTreeWidget):
    """Newest first; the reason a decision no longer counts is its tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("ReviewHistory")
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setHeaderLabels(
            [
                self.tr("Decision"),
                self.tr("Who"),
                self.tr("When"),
                self.tr("Round"),
                self.tr("Counts?"),
                self.tr("Comment"),
            ]
        )
        for column, width in enumerate((150, 110, 150, 60, 110)):
            self.setColumnWidth(column, width)

    def set_decisions(self, decisions: list[dict]) -> None:
        self.clear()
        for d in sorted(decisions, key=lambda d: (d.get("signed_at") or "", d.get("id") or 0))[
            ::-1
        ]:
            item = QTreeWidgetItem(
                [
                    decision_label(d.get("decision", "")),
                    isolate(d.get("signer", "")),
                    (d.get("signed_at") or "").replace("T", " ")[:16],
                    str(d.get("round", "")),
                    validity_label(d.get("status", "")),
                    isolate((d.get("comment") or "").replace("\n", " ")),
                ]
            )
            colour = _VALIDITY_COLOURS.get(d.get("status", ""))
            if colour:
                item.setForeground(4, QBrush(QColor(colour)))
            if d.get("reason"):
                item.setToolTip(4, d["reason"])
            item.setToolTip(5, d.get("comment") or "")
            item.setData(0, Qt.UserRole, d)
            self.addTopLevelItem(item)

    def decisions(self) -> list[dict]:
        return [self.topLevelItem(i).data(0, Qt.UserRole) for i in range(self.topLevelItemCount())]
