"""The current scenario's institutional gates (one row each) and its consultation log, as Qt models."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from workbench.core.gates import STATUS_LABELS, Consultation, Gate, GateRecord
from workbench.core.parameters import CHOICE, Parameter
from workbench.ui.itemmodels.current import FollowsCurrentScenario
from workbench.ui.state.app_state import AppState
from workbench.ui.state.commands import SetGate
from workbench.ui.style import PARAMETER_ROLE

Index = QModelIndex | QPersistentModelIndex
# The status column edits like a catalogue choice, so the table's delegate gives it a combo box of words.
STATUS = Parameter("status", "Status", "", "Gates", CHOICE, choices=tuple(STATUS_LABELS), default="not_started")
COLUMNS = ("Gate", "Status", "Date", "Owner", "Evidence")
FIELDS = (None, "status", "date", "owner", "evidence")  # GateRecord field edited in each column


def gate_tooltip(gate: Gate) -> str:
    days = f"{gate.typical_days} days ({gate.days_basis})"
    return (f"<b>{gate.name}</b><br>{gate.body}<br><br><b>Legal basis:</b> {gate.legal_basis}<br>"
            f"<b>Requires:</b> {gate.requires}<br><b>Typical duration:</b> {days}<br>"
            f"<b>Source:</b> {gate.source} ({gate.year}), {gate.url}")


class GatesModel(FollowsCurrentScenario, QAbstractTableModel):
    refused = Signal(str)

    def __init__(self, state: AppState, gates: tuple[Gate, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state, self.gates = state, gates
        self._records = self._current()
        self.follow(state)

    def _current(self) -> dict[str, GateRecord]:
        return dict(self._state.project.scenario(self.scenario).gates) if self.scenario else {}

    def record(self, row: int) -> GateRecord:
        return self._records.get(self.gates[row].id, GateRecord())

    def _refresh(self) -> None:
        records = self._current()
        if records != self._records:
            self._records = records
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.gates) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.gates)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        gate, record, column = self.gates[index.row()], self.record(index.row()), index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return gate_tooltip(gate) if column == 0 else (record.evidence or None) if column == 4 else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return gate.name
            value = getattr(record, FIELDS[column])
            return STATUS_LABELS[value] if column == 1 else value
        if role == PARAMETER_ROLE and column == 1:
            return STATUS
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() > 0 and self.scenario else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.scenario is None or index.column() == 0:
            return False
        field, text = FIELDS[index.column()], str(value).strip()
        if field == "status":  # the combo gives the code; typed words are accepted too
            words = {label: code for code, label in STATUS_LABELS.items()}
            text = words.get(text.lower(), text.lower().replace(" ", "_"))
        gate, scenario = self.gates[index.row()], self.scenario
        record = replace(self.record(index.row()), **{field: text})
        if record == self.record(index.row()):
            return True
        reason = self._state.push(lambda: SetGate(self._state, scenario, gate, record, self.gates, source=self))
        if reason:
            self.refused.emit(f"{gate.name}: {reason}")
        return not reason


class ConsultationsModel(FollowsCurrentScenario, QAbstractTableModel):
    """The current scenario's consultation log, oldest first; entries are added and removed, not edited."""

    HEADERS = ("Date", "Who", "On what", "Outcome")

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._entries = self._current()
        self.follow(state)

    def _current(self) -> tuple[Consultation, ...]:
        return self._state.project.scenario(self.scenario).consultations if self.scenario else ()

    def _refresh(self) -> None:
        entries = self._current()
        if entries != self._entries:
            self.beginResetModel()
            self._entries = entries
            self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._entries[index.row()]
        return (entry.date, entry.who, entry.topic, entry.outcome)[index.column()] or None
