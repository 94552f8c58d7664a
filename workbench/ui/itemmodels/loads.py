"""The current scenario's large loads as a table: one row per load, one column per catalogue field."""
from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from workbench.core import entry
from workbench.core.large_load import field_applies
from workbench.core.parameters import Parameter
from workbench.ui.itemmodels.parameters import tooltip
from workbench.ui.itemmodels.current import FollowsCurrentScenario
from workbench.ui.state.app_state import AppState
from workbench.ui.state.commands import SetLoadField
from workbench.ui.style import INHERITED, NOT_USED, OVERRIDDEN, PARAMETER_ROLE

Index = QModelIndex | QPersistentModelIndex


class LoadsModel(FollowsCurrentScenario, QAbstractTableModel):
    refused = Signal(str)

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._fields: list[Parameter] = list(state.catalogue.load_fields.values())
        self._rows = self._loads()
        self._shown = self._snapshot()
        self.follow(state)

    @property
    def fields(self) -> list[Parameter]:
        return self._fields

    def inherited_from(self) -> str | None:
        """The scenario whose list this one uses, when it does not have its own."""
        if self.scenario is None:
            return None
        origin = self._state.resolved(self.scenario).loads_origin
        return None if origin == self.scenario else origin

    def _loads(self) -> tuple[Any, ...]:
        return self._state.resolved(self.scenario).large_loads if self.scenario else ()

    def _snapshot(self) -> tuple[Any, ...]:
        if self.scenario is None:
            return ()
        own = self._state.project.scenario(self.scenario)
        return self._rows, self.inherited_from(), own.large_loads, own.locked

    def _refresh(self) -> None:
        loads = self._loads()
        if len(loads) != len(self._rows):  # rows come or go: reset; otherwise repaint in place (an editor may be open)
            self.beginResetModel()
            self._rows, self._shown = loads, self._snapshot()
            self.endResetModel()
            return
        old, self._rows = self._shown, loads
        self._shown = self._snapshot()
        if loads and self._shown != old:  # an edit elsewhere leaves these loads as they were: no repaint
            self.dataChanged.emit(self.index(0, 0), self.index(len(loads) - 1, len(self._fields) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._fields):
                return None
            p = self._fields[section]
            if role == Qt.ItemDataRole.DisplayRole:  # wrapped, so a narrow column still shows its whole name
                unit = p.unit if p.kind in ("number", "integer") else ""
                return "\n".join(textwrap.wrap(p.label, 16) + ([f"({unit})"] if unit else []))
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(p)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p, load = self._fields[index.column()], self._rows[index.row()]
        value = load.get(p.key)
        if role == PARAMETER_ROLE:
            return p
        used = field_applies(p.key, load)
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.display(p, value, unit=False) if used else "not used"
        if role == Qt.ItemDataRole.EditRole:
            return entry.edit_text(p, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(p) + ("" if used else f"\nNot used by this load (its kind or tariff scheme does not read "
                                                 f"it); kept as {entry.display(p, value)}.")
        if role == Qt.ItemDataRole.ForegroundRole and (self.inherited_from() or not used):
            return NOT_USED if not used else INHERITED
        if role == Qt.ItemDataRole.BackgroundRole and not self.inherited_from() and self._own(index.row(), p.key):
            return OVERRIDDEN
        if role == Qt.ItemDataRole.TextAlignmentRole and p.kind in ("number", "integer"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _own(self, row: int, key: str) -> bool:
        """Written in the scenario's own list (not a default filled in)."""
        own = self._state.project.scenario(self.scenario).large_loads if self.scenario else None
        return bool(own) and row < len(own) and key in own[row]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.scenario is not None and not self._state.project.scenario(self.scenario).locked:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.scenario is None:
            return False
        p = self._fields[index.column()]
        try:
            parsed = entry.parse(p, str(value))
        except ValueError as exc:
            self.refused.emit(f"Large load {index.row() + 1}, {p.label}: {exc}")
            return False
        if parsed == self._rows[index.row()].get(p.key):
            return True
        row, scenario = index.row(), self.scenario
        reason = self._state.push(lambda: SetLoadField(self._state, scenario, row, p.key, parsed, source=self))
        if reason:
            self.refused.emit(f"Large load {row + 1}: {reason}")
        return not reason
