"""Live checks of the post being edited: per-platform counter chips and the findings list.

Both only display what the core computed (``count_text`` on ``compose_text``, and
``validate_post``); no limit or rule is known here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from studio.core.validation import SEVERITIES, Finding, summarize
from studio.gui.flow import FlowLayout
from studio.gui.i18n import align_start, isolate
from studio.gui.style import repolish

FindingRole = Qt.UserRole + 1
NEAR_LIMIT = 0.9


def severity_label(severity: str) -> str:
    return {
        "error": QCoreApplication.translate("Checks", "Error"),
        "warning": QCoreApplication.translate("Checks", "Warning"),
        "info": QCoreApplication.translate("Checks", "Note"),
    }.get(severity, severity)


def chip_state(count) -> str:
    """ "over" when the platform would refuse the text, "near" within 10% of its limit."""
    if not count.valid:
        return "over"
    return "near" if count.limit and count.length >= NEAR_LIMIT * count.limit else "ok"


class ChipBar(QWidget):
    """One chip per target platform: "X 143/280", red when the platform would refuse it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("ChipBar")
        self._layout = FlowLayout(self)
        self._chips: dict[str, QLabel] = {}
        self._hint = QLabel(self.tr("Choose target platforms to see how each one counts."))
        self._hint.setObjectName("Muted")
        self._layout.addWidget(self._hint)

    def set_counts(self, counts: list[tuple[str, str, object]]) -> None:
        """``counts``: (platform id, platform name, TextCount) in the post's platform order."""
        wanted = [pid for pid, _name, _count in counts]
        for pid in list(self._chips):
            if pid not in wanted:
                chip = self._chips.pop(pid)
                self._layout.removeWidget(chip)
                chip.deleteLater()
        for pid, name, count in counts:
            chip = self._chips.get(pid)
            if chip is None:
                chip = QLabel()
                chip.setObjectName(f"chip-{pid}")
                self._chips[pid] = chip
                self._layout.addWidget(chip)
            chip.setText(f"{name} {count.length}/{count.limit}")
            state = chip_state(count)
            if chip.property("chip") != state:
                chip.setProperty("chip", state)
                repolish(chip)
            tip = self.tr("{name} counts {length} {unit}; the limit is {limit}.").format(
                name=name, length=count.length, unit=count.unit, limit=count.limit
            )
            if count.problems:
                tip += "\n" + "\n".join(count.problems)
            chip.setToolTip(tip)
        # keep the chips in the post's platform order
        for pid in wanted:
            chip = self._chips[pid]
            self._layout.removeWidget(chip)
            self._layout.addWidget(chip)
        self._hint.setVisible(not counts)
        self._layout.invalidate()

    def chip(self, pid: str) -> QLabel | None:
        return self._chips.get(pid)


class FindingsList(QWidget):
    """Signals
    -------
    sig_activated(object)
        The user clicked a :class:`Finding`; the editor focuses the field it names.
    """

    sig_activated = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Checks"))
        align_start(title)
        title.setObjectName("SectionTitle")
        layout.addWidget(title)
        self.summary = QLabel()
        align_start(self.summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("FindingsList")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.setAlternatingRowColors(True)
        self.list.itemClicked.connect(self._activated)
        self.list.itemActivated.connect(self._activated)
        layout.addWidget(self.list, 1)
        style = self.style()
        self._icons = {
            "error": style.standardIcon(QStyle.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.SP_MessageBoxWarning),
            "info": style.standardIcon(QStyle.SP_MessageBoxInformation),
        }

    def set_findings(self, findings: list[Finding], platform_names: dict[str, str]) -> None:
        order = {s: i for i, s in enumerate(SEVERITIES)}
        ranked = sorted(findings, key=lambda f: (order.get(f.severity, 9), f.platform != "*"))
        self.list.clear()
        for finding in ranked:
            where = (
                self.tr("All platforms")
                if finding.platform == "*"
                else platform_names.get(finding.platform, finding.platform)
            )
            item = QListWidgetItem(
                self._icons.get(finding.severity), isolate(f"{where} — {finding.message}")
            )
            item.setData(FindingRole, finding)
            item.setToolTip(
                self.tr("{severity} · {code} · click to go to {field}").format(
                    severity=severity_label(finding.severity),
                    code=finding.code,
                    field=finding.field,
                )
            )
            self.list.addItem(item)
        counts = summarize(findings)
        if not counts["error"] and not counts["warning"]:
            text = self.tr("✓ Ready for every chosen platform.")
            if counts["info"]:
                text += " " + self.tr("{i} note(s) below.").format(i=counts["info"])
            self.summary.setText(text)
        else:
            self.summary.setText(
                self.tr("{e} error(s) · {w} warning(s) · {i} note(s)").format(
                    e=counts["error"], w=counts["warning"], i=counts["info"]
                )
            )

    def findings(self) -> list[Finding]:
        return [self.list.item(i).data(FindingRole) for i in range(self.list.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        finding = item.data(FindingRole)
        if finding is not None:
            self.sig_activated.emit(finding)
