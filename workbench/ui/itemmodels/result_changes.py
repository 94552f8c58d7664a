"""Two scenarios' key numbers side by side with the change (core.offers.compare_results), for Compare."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.core.headlines import rows_for
from workbench.core.offers import ResultChange, compare_results, shown
from workbench.core.parties import judge, verdict_word
from workbench.ui.state.app_state import AppState

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Result", "Unit", "", "", "Change")


class ResultChangesModel(QAbstractTableModel):
    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._names = ("", "")
        self._rows: list[tuple[str, ...]] = []
        self.missing: list[str] = []  # the scenarios without results for their current inputs

    def compare(self, a: str, b: str) -> None:
        self.beginResetModel()
        self._names = (a, b)
        ra, rb = self._state.result(a), self._state.result(b)
        self.missing = [n for n, r in ((a, ra), (b, rb)) if r is None]
        self._rows = []
        if ra is not None and rb is not None:
            changes: list[ResultChange] = compare_results(ra.key_results, rb.key_results, rows_for([ra, rb]))
            self._rows = [(c.label, c.unit, shown(c.first, c.decimals), shown(c.second, c.decimals),
                           shown(c.change, c.decimals, signed=True)) for c in changes]
            self._rows += [(f"Accepted by {p.name}", "", verdict_word(judge(p, ra.key_results)),
                            verdict_word(judge(p, rb.key_results)), "") for p in self._state.project.parties]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 5:
            return (*HEADERS[:2], *self._names, HEADERS[4])[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
