"""Pass or fail per party x the scenarios chosen for comparison, judged by the engine (core.parties.judge).

One row per party of the project, one column per compared scenario, in the key-numbers table's
order. A cell reads PASS, FAIL (lines crossed / lines judged, e.g. 1/3) or "-" where the
scenario is not scored (no new loads, or none of the party's lines apply); its tooltip names the
lines crossed with the scenario's value. Repainted when a result arrives, a red line is edited
(undo and redo too: they are project changes) or the compared scenarios change.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from workbench.core.parties import HEADLINES, Party, PartyVerdict, judge
from workbench.core.selection import Selection
from workbench.ui.itemmodels.comparison import scenario_header
from workbench.ui.state.app_state import AppState, Change
from workbench.ui.style import MUTED, RED_LINE

Index = QModelIndex | QPersistentModelIndex
FIXED = ("Party", "Red lines")
PASSED = QBrush(QColor("#C6EFCE"))  # Excel's "good" fill, beside the brief's red "bad"


def cell_word(verdict: PartyVerdict) -> str:
    if verdict.satisfied is None:
        return "-"
    return "PASS" if verdict.satisfied else f"FAIL ({len(verdict.crossed)}/{verdict.applicable})"  # fits 76 px


class PartyVerdictModel(QAbstractTableModel):
    def __init__(self, state: AppState, status: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state, self._status = state, status
        self._names: tuple[str, ...] = state.selection.compared
        self._parties: tuple[Party, ...] = state.project.parties
        state.selectionChanged.connect(self._on_selection)
        state.projectChanged.connect(self._on_project)
        state.resultsChanged.connect(lambda _hashes: self._repaint())

    @property
    def scenarios(self) -> tuple[str, ...]:
        return self._names

    def _reset(self) -> None:
        self.beginResetModel()
        self._names, self._parties = self._state.selection.compared, self._state.project.parties
        self.endResetModel()

    def _on_selection(self, old: Selection, new: Selection) -> None:
        if new.compared != self._names:
            self._reset()
        elif old.current != new.current:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def _on_project(self, _change: Change) -> None:
        # A red line edited, added or removed (or undone), a scenario renamed: rows and columns may differ.
        self._reset()

    def _repaint(self) -> None:
        if self._names and self._parties:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._parties) - 1, self.columnCount() - 1))

    def verdict(self, row: int, name: str) -> PartyVerdict | None:
        """The engine's judgement of one party on one scenario's current results; None before they exist."""
        result = self._state.result(name)
        return None if result is None else judge(self._parties[row], result.key_results)

    # ------------------------------------------------------------------ Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._parties)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIXED) + len(self._names)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        return scenario_header(section, role, FIXED, self._names, self._state.selection.current, self._status)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        party, column = self._parties[index.row()], index.column()
        if column < len(FIXED):
            if role == Qt.ItemDataRole.DisplayRole:
                return party.name if column == 0 else str(len(party.lines))
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{party.name} accepts a scenario when every line holds:\n" + \
                    "\n".join(f"  {line.text}" for line in party.lines)
            return None
        name = self._names[column - len(FIXED)]
        verdict = self.verdict(index.row(), name)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if verdict is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return {"running": "running…", "waiting": "…", "cancelled": "cancelled"}.get(self._status(name),
                                                                                            "error")
            if role == Qt.ItemDataRole.ForegroundRole:
                return MUTED
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{name}: {self._status(name)}"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_word(verdict)
        if role == Qt.ItemDataRole.BackgroundRole and verdict.satisfied is not None:
            return PASSED if verdict.satisfied else RED_LINE
        if role == Qt.ItemDataRole.ForegroundRole and verdict.satisfied is None:
            return MUTED
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(name, party, verdict)
        return None

    def _tooltip(self, name: str, party: Party, verdict: PartyVerdict) -> str:
        if verdict.satisfied is None:
            return (f"{name}: not scored for {party.name}: " +
                    ("it has no new loads (it is the comparison)" if not verdict.missing
                     else "none of its lines apply to this scenario"))
        result = self._state.result(name)
        keys = result.key_results if result is not None else {}
        head = f"{name}: {party.name} " + ("accepts it (every line holds)" if verdict.satisfied else "refuses it")
        crossed = [f"  Crossed: {line.text} (here {self._value(line.key, keys)})" for line in verdict.crossed]
        skipped = [f"  Does not apply: {HEADLINES[k].title if k in HEADLINES else k}" for k in verdict.missing]
        return "\n".join([head, *crossed, *skipped])

    @staticmethod
    def _value(key: str, keys: Any) -> str:
        value, h = keys.get(key), HEADLINES.get(key)
        if value is None:
            return "n/a"
        text = f"{h.format(value)} {h.unit}" if h else f"{value:g}"
        horizon = keys.get(f"horizon_{key}")
        return text + (f"; over the horizon {h.format(horizon) if h else horizon}" if horizon is not None else "")
