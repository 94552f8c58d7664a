"""Tariffs by consumer category, without and with the new loads, and the typical consumers' bills."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.bars import BarTips
from workbench.ui.charts.base import Chart, Rows, colour
from workbench.ui.state.app_state import AppState

WIDTH = 0.38


class TariffChart(Chart):
    title = "Tariff by consumer category"
    pannable = False

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setLabel("bottom", "PKR/kWh")
        self.plot.invertY(True)  # the schedule's order, top to bottom
        self.plot.showGrid(x=True, alpha=0.15)
        self.tips = BarTips(self)
        self.table = pd.DataFrame()

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.tips.clear()
        self.table = t = chart_data.category_tariffs(result)
        y = np.arange(len(t))
        for offset, column, name, hex_code in ((-WIDTH / 2, "without_new_loads_pkr_per_kwh", "Without the new loads",
                                                palette.BEFORE),
                                               (WIDTH / 2, "with_new_loads_pkr_per_kwh", "With the new loads",
                                                palette.AFTER)):
            values = t[column].to_numpy(dtype=float)
            self.bars(column, x0=np.zeros(len(y)), y=y + offset, width=values, height=WIDTH, brush=colour(hex_code),
                      pen=pg.mkPen("w", width=0.5))
        self.plot.getAxis("left").setTicks([list(enumerate(t["category"]))])
        change = t["change_pkr_per_kwh"].to_numpy(dtype=float)
        for i, (row, c) in enumerate(zip(t.itertuples(), change)):
            self.tips.bars.append((0.0, float(row.with_new_loads_pkr_per_kwh), i - WIDTH, i + WIDTH,  # x0 x1 y0 y1
                                   f"{row.category}: {row.without_new_loads_pkr_per_kwh:,.2f} -> "
                                   f"{row.with_new_loads_pkr_per_kwh:,.2f} PKR/kWh ({c:+.2f})"))
        self.set_title(f"{self.title}: {selection.current}, FY{chart_data.first_fy(result)} (PKR/kWh)")
        self.set_legend([("Without the new loads", palette.BEFORE, "fill"),
                         ("With the new loads", palette.AFTER, "fill")])

    def rows(self) -> Rows:
        columns = ["category", "notified_pkr_per_kwh", "without_new_loads_pkr_per_kwh", "with_new_loads_pkr_per_kwh",
                   "change_pkr_per_kwh"]
        return [columns, *([r[c] if c == "category" else float(r[c]) for c in columns]
                           for _, r in self.table.iterrows())] if not self.table.empty else [columns]


class BillsTable(QTableWidget):
    """Typical consumers' monthly bills without and with the new loads (PKR/month)."""

    HEADERS = ("Consumer", "kWh a month", "Without (PKR)", "With (PKR)", "Change (PKR)")

    def __init__(self, state: AppState) -> None:
        super().__init__(0, len(self.HEADERS))
        self.state = state
        self.setObjectName("bills_table")
        self.setHorizontalHeaderLabels(self.HEADERS)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(True)
        self.setMinimumHeight(150)  # the four typical consumers, whole
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        state.selectionChanged.connect(lambda old, new: self.refresh() if old.current != new.current else None)
        state.resultsChanged.connect(lambda _h: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        name = self.state.selection.current
        result = self.state.result(name) if name else None
        bills = chart_data.typical_bills(result) if result is not None and result.frames else None
        self.setRowCount(0 if bills is None else len(bills))
        for r, row in enumerate([] if bills is None else bills.itertuples()):
            cells = (row.consumer, f"{row.units_per_month:,.0f}", f"{row.bill_without_new_loads_pkr:,.0f}",
                     f"{row.bill_with_new_loads_pkr:,.0f}", f"{row.change_pkr_per_month:+,.0f}")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
