"""The hours of the time window as a table: demand, each technology, shedding, marginal cost, spare capacity.

Cells are read from the result's numpy columns as they are painted; moving the window only changes
which rows are on show.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.state.app_state import AppState
from workbench.ui.style import COPY_ROLE

Index = QModelIndex | QPersistentModelIndex


class HourlyModel(QAbstractTableModel):
    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._columns: list[tuple[str, np.ndarray, int]] = []  # header, values, decimals
        self._window = state.selection.window
        self._fy = 2026
        self._hash: str | None = None
        state.selectionChanged.connect(self._on_selection)
        state.resultsChanged.connect(lambda _h: self._load())
        self._load()

    @property
    def window(self) -> tuple[int, int]:
        return self._window

    def _on_selection(self, old: Selection, new: Selection) -> None:
        if old.current != new.current:
            self._load()
        elif old.window != new.window:
            self.beginResetModel()
            self._window = new.window
            self.endResetModel()

    def _load(self) -> None:
        name = self._state.selection.current
        result = self._state.result(name) if name else None
        result = result if result is not None and result.frames else None
        if result is not None and result.input_hash == self._hash and self._window == self._state.selection.window:
            return
        self.beginResetModel()
        self._window = self._state.selection.window
        self._hash = result.input_hash if result is not None else None
        self._columns = [] if result is None else self._columns_of(result)
        self.endResetModel()

    def _columns_of(self, result: ScenarioResult) -> list[tuple[str, np.ndarray, int]]:
        hourly = chart_data.first_year(result)
        self._fy = chart_data.first_fy(result)
        columns = [("Demand (MW)", hourly["demand_mw"].to_numpy(), 0),
                   ("New loads served (MW)", hourly["large_load_served_mw"].to_numpy(), 0)]
        columns += [(f"{palette.TECHNOLOGY_LABELS[t]} (MW)", hourly[f"gen_{t}_mw"].to_numpy(), 0)
                    for t in palette.TECHNOLOGIES if f"gen_{t}_mw" in hourly and hourly[f"gen_{t}_mw"].max() > 0.5]
        columns += [("Load shedding (MW)", hourly["unserved_mw"].to_numpy(), 0),
                    ("Marginal cost, north (PKR/kWh)", hourly["marginal_cost_north_pkr_per_kwh"].to_numpy(), 2),
                    ("Spare capacity (MW)", hourly["headroom_after_mw"].to_numpy(), 0)]
        return columns

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._columns else self._window[1] - self._window[0]

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._columns else 1 + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return "Date and hour"
        return self._columns[section - 1][0] if 0 < section <= len(self._columns) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hour = self._window[0] + index.row()
        if index.column() == 0:
            return chart_data.hour_label(self._fy, hour) if role in (Qt.ItemDataRole.DisplayRole, COPY_ROLE) \
                else None
        _, values, decimals = self._columns[index.column() - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{values[hour]:,.{decimals}f}"
        if role == COPY_ROLE:
            return f"{values[hour]:.{decimals}f}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
