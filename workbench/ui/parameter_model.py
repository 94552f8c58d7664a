"""A read-only table of one scenario's parameters: value, unit, where it comes from, source."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from workbench.core.parameters import Catalogue
from workbench.core.project import DATA_SET, ResolvedScenario

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Group", "Parameter", "Value", "Set by", "Source")


class ParameterTableModel(QAbstractTableModel):
    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self._catalogue = catalogue
        self._params = list(catalogue)
        self._resolved: ResolvedScenario | None = None

    def set_scenario(self, resolved: ResolvedScenario | None) -> None:
        self.beginResetModel()
        self._resolved = resolved
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._resolved is None else len(self._params)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._resolved is None:
            return None
        p = self._params[index.row()]
        origin = self._resolved.origin[p.key]
        if role == Qt.ItemDataRole.DisplayRole:
            return (p.group, p.label, p.format(self._resolved.values[p.key]),
                    "default" if origin == DATA_SET else origin, p.source)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.key}\n{p.help}" if p.help else p.key
        if role == Qt.ItemDataRole.FontRole and origin == self._resolved.name:
            font = QFont()
            font.setBold(True)  # overridden in this scenario
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
