"""Key numbers x the scenarios chosen for comparison, read from the results cache as it is painted.

Rows are the headline answers (core.headlines), in their reading order until the user sorts a
column (numpy argsort over that column; missing values last); the reserve option's rows follow
when a compared scenario mines into the reserve. A crossed red line is marked in
red with its rule in the tooltip. Scenarios without results yet say why (running, cancelled,
the engine's error).
"""
from __future__ import annotations

import textwrap
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.core.headlines import KEY_NUMBERS, RESERVE_NUMBERS, Headline, has_reserve
from workbench.core.selection import Selection
from workbench.ui.state.app_state import AppState, Change
from workbench.ui.style import COPY_ROLE, MUTED, NAME_ROLE, RED_LINE, bold

Index = QModelIndex | QPersistentModelIndex
FIXED = ("Key number", "Unit")
VALUE_ROLE = 0x0103  # the number behind a cell (None when there is none)


class ComparisonModel(QAbstractTableModel):
    def __init__(self, state: AppState, status: Callable[[str], str], rows: tuple[Headline, ...] = KEY_NUMBERS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state, self._status, self._base, self._rows = state, status, rows, rows
        self._order = np.arange(len(rows))
        self._names: tuple[str, ...] = state.selection.compared
        self._rows = self._wanted_rows()
        self._order = np.arange(len(self._rows))
        state.selectionChanged.connect(self._on_selection)
        state.projectChanged.connect(self._on_project)
        state.resultsChanged.connect(lambda _hashes: self.refresh_values())

    @property
    def scenarios(self) -> tuple[str, ...]:
        return self._names

    def _on_selection(self, old: Selection, new: Selection) -> None:
        if new.compared != self._names:
            self.beginResetModel()
            self._names = new.compared
            self._rows = self._wanted_rows()
            self._order = np.arange(len(self._rows))
            self.endResetModel()
        elif old.current != new.current:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def _on_project(self, change: Change) -> None:
        compared = self._state.selection.compared
        if len(compared) != len(self._names):  # another project, or scenarios added or removed: new columns
            self.beginResetModel()
            self._names = compared
            self._rows = self._wanted_rows()
            self._order = np.arange(len(self._rows))
            self.endResetModel()
            return
        if compared != self._names:  # renamed in place
            self._names = compared
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self.refresh_values()

    def _wanted_rows(self) -> tuple[Headline, ...]:
        """The base rows, and the reserve's when a compared scenario's results have them."""
        results = (self._state.result(name) for name in self._names)
        reserve = self._base is KEY_NUMBERS and any(r is not None and has_reserve(r.key_results) for r in results)
        return self._base + RESERVE_NUMBERS if reserve else self._base

    def _update_rows(self) -> bool:
        """Add or drop the reserve rows; True when the rows changed (the model was reset)."""
        wanted = self._wanted_rows()
        if wanted == self._rows:
            return False
        self.beginResetModel()
        self._rows, self._order = wanted, np.arange(len(wanted))
        self.endResetModel()
        return True

    def refresh_values(self) -> None:
        """Results or statuses changed: repaint every value cell."""
        if self._update_rows():
            return
        if self._names and self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))

    def value(self, row: int, name: str) -> float | None:
        result = self._state.result(name)
        if result is None:
            return None
        return result.key_results.get(self._rows[int(self._order[row])].key)

    def headline(self, row: int) -> Headline:
        return self._rows[int(self._order[row])]

    # ------------------------------------------------------------------ Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIXED) + len(self._names)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        return scenario_header(section, role, FIXED, self._names, self._state.selection.current, self._status)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        h, column = self.headline(index.row()), index.column()
        if column < len(FIXED):
            if role == Qt.ItemDataRole.DisplayRole:
                return h.title if column == 0 else h.unit
            if role == Qt.ItemDataRole.ToolTipRole and h.red_line:
                return f"Red line: {h.title} {h.red_line_text}"
            return None
        name = self._names[column - len(FIXED)]
        value = self.value(index.row(), name)
        if role == VALUE_ROLE:
            return value
        if role == COPY_ROLE:
            return "" if value is None else f"{h.rounded(value):.{h.decimals}f}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if value is None:
            return self._missing(name, role)
        crossed = not h.passes(value)
        if role == Qt.ItemDataRole.DisplayRole:
            return h.format(value)
        if role == Qt.ItemDataRole.BackgroundRole and crossed:
            return RED_LINE
        if role == Qt.ItemDataRole.ToolTipRole:
            rule = f"\nRed line crossed: {h.title} {h.red_line_text}" if crossed else \
                f"\nRed line held: {h.red_line_text}" if h.red_line else ""
            return f"{name}: {h.title} = {h.format(value)} {h.unit}{rule}"
        return None

    def _missing(self, name: str, role: int) -> Any:
        status = self._status(name)
        if role == Qt.ItemDataRole.DisplayRole:
            if status == "ready":
                return "n/a"  # ran, but this number does not apply (no new loads, say)
            return {"running": "running…", "waiting": "…", "cancelled": "cancelled"}.get(status, "error")
        if role == Qt.ItemDataRole.ForegroundRole:
            return MUTED
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name}: {status}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        if column < 0:  # no sort column: the reading order of the headlines
            order_, order = np.arange(len(self._rows)), Qt.SortOrder.AscendingOrder
        elif column < len(FIXED):
            keys = [(h.title if column == 0 else h.unit).lower() for h in self._rows]
            order_ = np.argsort(np.array(keys), kind="stable")
        else:
            name = self._names[column - len(FIXED)]
            result = self._state.result(name)
            values = np.array([np.nan if result is None or result.key_results.get(h.key) is None
                               else result.key_results[h.key] for h in self._rows], dtype=float)
            order_ = np.argsort(np.where(np.isnan(values), np.inf, values), kind="stable")
            if order == Qt.SortOrder.DescendingOrder:  # missing values stay last either way
                order_ = np.concatenate([order_[~np.isnan(values[order_])][::-1], order_[np.isnan(values[order_])]])
                order = Qt.SortOrder.AscendingOrder
        old, self._order = self._order, order_ if order == Qt.SortOrder.AscendingOrder else order_[::-1]
        row_of = np.empty_like(self._order)
        row_of[self._order] = np.arange(len(self._order))  # headline -> its new row
        before = self.persistentIndexList()
        self.changePersistentIndexList(before, [self.index(int(row_of[old[i.row()]]), i.column()) for i in before])
        self.layoutChanged.emit()


def scenario_header(section: int, role: int, fixed: tuple[str, ...], names: tuple[str, ...], current: str | None,
                    status: Callable[[str], str]) -> Any:
    """A header of a table with ``fixed`` columns, then one per compared scenario: its name wrapped to
    three lines, bold for the current scenario, its run status in the tooltip."""
    name = names[section - len(fixed)] if section >= len(fixed) else None
    if role == Qt.ItemDataRole.DisplayRole:
        return fixed[section] if name is None else "\n".join(textwrap.wrap(name, 14)[:3])
    if role == NAME_ROLE:
        return name
    if role == Qt.ItemDataRole.FontRole and name is not None and name == current:
        return bold()
    if role == Qt.ItemDataRole.ToolTipRole and name is not None:
        return f"{name}: {status(name)}"
    return None
