"""The offers ledger as a table (core.offers.ledger): when, which scenario, who, whether it stands, why."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.core.offers import LedgerEntry, ledger
from workbench.ui.state.app_state import AppState

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Locked at (UTC)", "Scenario", "Proposed by", "Standing", "Note")


class OffersModel(QAbstractTableModel):
    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.entries: list[LedgerEntry] = []
        state.projectChanged.connect(lambda _change: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.entries = ledger(self._state.project, self._state.catalogue)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 5:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        e = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            when = e.locked_at.replace("T", " ").removesuffix("+00:00") or "-"
            return (when, e.scenario, e.proposed_by or "-", e.standing, e.note)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and e.unchanged is False:
            return Qt.GlobalColor.darkRed  # its numbers are no longer those put on the table
        return None
