"""The read-only, row-selecting table the Outbox and Accounts screens list records in."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def record_table(model) -> QTableView:
    """One row per record, one selected at a time, never edited in place."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table
