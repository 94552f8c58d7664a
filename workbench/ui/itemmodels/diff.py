"""The field-by-field difference of two scenarios (core.project.diff, as the CLI prints it), with origins."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.core import entry
from workbench.core.parameters import Catalogue
from workbench.core.project import DATA_SET, DiffRow, ResolvedScenario, diff
from workbench.ui.state.app_state import AppState
from workbench.ui.style import OVERRIDDEN

Index = QModelIndex | QPersistentModelIndex


def origin_text(resolved: ResolvedScenario, row: DiffRow) -> str:
    origin = resolved.loads_origin if row.key.startswith("large_loads[") else resolved.origin.get(row.key, DATA_SET)
    if origin == DATA_SET:
        return "data set"
    return "set here" if origin == resolved.name else f"inherited from {origin}"


def value_texts(row: DiffRow, catalogue: Catalogue) -> tuple[str, str]:
    """Both values as the window writes them (words for choice codes); the CLI's text otherwise."""
    key = row.key.rsplit(".", 1)[-1] if row.key.startswith("large_loads[") and "]." in row.key else row.key
    p = catalogue.load_fields.get(key) if row.key.startswith("large_loads[") else \
        catalogue.parameters.get(key)
    if p is None:
        return row.a_text, row.b_text
    return entry.display(p, row.a), entry.display(p, row.b)


class DiffModel(QAbstractTableModel):
    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._rows: list[tuple[DiffRow, str, str, tuple[str, str]]] = []
        self._names = ("", "")

    def compare(self, a: str, b: str) -> None:
        self.beginResetModel()
        self._names = (a, b)
        ra, rb = self._state.resolved(a), self._state.resolved(b)
        catalogue = self._state.catalogue
        self._rows = [(row, origin_text(ra, row), origin_text(rb, row), value_texts(row, catalogue))
                      for row in diff(self._state.project, a, b, catalogue)]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 6:
            a, b = self._names
            return ("Parameter", "Unit", a, "set by", b, "set by")[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, origin_a, origin_b, (text_a, text_b) = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.label, row.unit, text_a, origin_a, text_b, origin_b)[column]
        if role == Qt.ItemDataRole.BackgroundRole and column in (2, 4):
            return OVERRIDDEN if (origin_a if column == 2 else origin_b) == "set here" else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.key
        return None
