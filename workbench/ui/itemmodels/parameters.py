"""The current scenario's parameters, grouped as the catalogue groups them, editable in place.

Each value shows where it comes from: set in this scenario (bold on amber), inherited from a
parent scenario (blue), or the data set's default. Typed text is parsed and checked by the
catalogue; a refused value changes nothing and its reason is announced on ``refused``.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from workbench.core import entry
from workbench.core.parameters import Parameter, override_text
from workbench.core.project import DATA_SET
from workbench.ui.itemmodels.current import FollowsCurrentScenario
from workbench.ui.state.app_state import AppState
from workbench.ui.state.commands import ResetOverride, SetOverride
from workbench.ui.style import DEFAULT_TEXT, INHERITED, OVERRIDDEN, PARAMETER_ROLE, bold

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Parameter", "Value", "Unit", "Set by", "Source")
LABEL, VALUE, UNIT, SET_BY, SOURCE = range(5)
GROUP = 0  # internal id of group rows; parameter rows carry their group's row + 1


def tooltip(p: Parameter, origin: str = "") -> str:
    """The parameter, who set its value, then where its default comes from (basis, confidence, quote, address)."""
    lines = [p.label, f"Key: {p.key}"]
    if origin:
        lines.append(origin)
    lines += [f"{label}: {text}" for label, text in p.provenance()]
    if entry.bounds(p):
        lines.append(f"Allowed: {entry.bounds(p)}")
    if p.help:
        lines += ["", p.help]
    return "\n".join(lines)


class ParameterModel(FollowsCurrentScenario, QAbstractItemModel):
    refused = Signal(str)  # why a typed value was not applied

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._groups: list[tuple[str, list[Parameter]]] = []
        for p in state.catalogue:
            if not self._groups or self._groups[-1][0] != p.group:
                self._groups.append((p.group, []))
            self._groups[-1][1].append(p)
        self._shown = self._snapshot()
        self.follow(state)

    def _snapshot(self) -> tuple[str | None, dict[str, Any], dict[str, str], bool]:
        """What the rows show: values, origins and the lock, so a change repaints only rows that differ."""
        if self.scenario is None:
            return None, {}, {}, False
        resolved = self._state.resolved(self.scenario)
        locked = self._state.project.scenario(self.scenario).locked
        return self.scenario, dict(resolved.values), dict(resolved.origin), locked

    def _refresh(self) -> None:
        old, self._shown = self._shown, self._snapshot()
        if old[0] != self._shown[0] or old[3] != self._shown[3]:
            changed = None  # another scenario, or locked or unlocked: every row
        else:
            changed = {k for k, v in self._shown[1].items() if v != old[1].get(k) or
                       self._shown[2][k] != old[2].get(k)}
        for g, (_, params) in enumerate(self._groups):
            parent = self.index(g, 0)
            rows = [r for r, p in enumerate(params) if changed is None or p.key in changed]
            if rows:
                self.dataChanged.emit(self.index(rows[0], VALUE, parent), self.index(rows[-1], SOURCE, parent))

    # ------------------------------------------------------------------ structure

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not 0 <= column < len(COLUMNS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, GROUP) if 0 <= row < len(self._groups) else QModelIndex()
        if parent.internalId() != GROUP or parent.column() != 0:
            return QModelIndex()
        params = self._groups[parent.row()][1]
        return self.createIndex(row, column, parent.row() + 1) if 0 <= row < len(params) else QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == GROUP and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def parameter(self, index: Index) -> Parameter | None:
        if not index.isValid() or index.internalId() == GROUP:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def index_of(self, key: str, column: int = VALUE) -> QModelIndex:
        for g, (_, params) in enumerate(self._groups):
            for row, p in enumerate(params):
                if p.key == key:
                    return self.index(row, column, self.index(g, 0))
        return QModelIndex()

    # ------------------------------------------------------------------ content

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.parameter(index)
        if p is None:
            if index.column() == 0 and role == Qt.ItemDataRole.DisplayRole:
                group, params = self._groups[index.row()]
                return f"{group} ({len(params)})"
            return bold() if role == Qt.ItemDataRole.FontRole and index.column() == 0 else None
        if role == PARAMETER_ROLE:
            return p
        if self.scenario is None:
            return None
        resolved = self._state.resolved(self.scenario)
        value, origin = resolved.values[p.key], resolved.origin[p.key]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (p.label, entry.display(p, value, unit=False), "" if p.kind not in ("number", "integer") or
                    p.unit == "FY" else p.unit, self._origin_text(origin), self._source_text(p, origin))[column]
        if role == Qt.ItemDataRole.EditRole and column == VALUE:
            return entry.edit_text(p, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if origin == DATA_SET:
                return tooltip(p, "Value set by: data set")
            notes = self._state.project.scenario(origin).notes
            return tooltip(p, f"{override_text(origin, notes)}\nData-set default: {p.format(p.default)}, from:")
        if column in (VALUE, SET_BY):
            if role == Qt.ItemDataRole.BackgroundRole and origin == self.scenario:
                return OVERRIDDEN
            if role == Qt.ItemDataRole.FontRole and origin == self.scenario:
                return bold()
            if role == Qt.ItemDataRole.ForegroundRole:
                return DEFAULT_TEXT if origin == DATA_SET else INHERITED if origin != self.scenario else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == VALUE and p.kind in ("number", "integer"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _origin_text(self, origin: str) -> str:
        if origin == DATA_SET:
            return "data set"
        return "this scenario" if origin == self.scenario else f"inherited from {origin}"

    def _source_text(self, p: Parameter, origin: str) -> str:
        if origin == DATA_SET:
            return p.source
        return f"{override_text(origin, self._state.project.scenario(origin).notes, 80)} (data-set default: " \
               f"{p.format(p.default)})"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        locked = self.scenario is not None and self._state.project.scenario(self.scenario).locked
        if index.column() == VALUE and self.parameter(index) is not None and not locked:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """``value`` is what was typed (text); it is parsed, checked and pushed as one undo step."""
        p = self.parameter(index)
        if p is None or role != Qt.ItemDataRole.EditRole or index.column() != VALUE or self.scenario is None:
            return False
        try:
            parsed = entry.parse(p, str(value))
        except ValueError as exc:
            self.refused.emit(f"{p.label}: {exc}")
            return False
        if parsed == self._state.resolved(self.scenario).values[p.key]:
            return True
        reason = self._state.push(lambda: SetOverride(self._state, self.scenario, p.key, parsed, source=self))
        if reason:
            self.refused.emit(reason)
        return not reason

    def reset(self, index: Index) -> bool:
        """Back to the inherited value; False when the value is not set in this scenario."""
        p = self.parameter(index)
        if p is None or self.scenario is None or p.key not in self._state.project.scenario(self.scenario).overrides:
            return False
        reason = self._state.push(lambda: ResetOverride(self._state, self.scenario, p.key, source=self))
        if reason:
            self.refused.emit(reason)
        return not reason
