"""The reserve option of the current scenario: mining into the bitcoin reserve against selling the power.

Top: the comparison in the first study year (core.reserve_rows, as the brief's Reserve option
sheet has it); then the table by fiscal year and the chart. It follows the current scenario and
its results like the other views; a scenario without a state-mining load says how to get one.
The range of the reserve's value over the uncertain inputs comes from the Monte Carlo (analysis/).
"""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QStackedLayout, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.core.headlines import has_reserve
from workbench.core.reserve_rows import YEAR_COLUMNS, comparison_rows
from workbench.core.selection import Selection
from workbench.ui.charts.reserve import ReserveChart
from workbench.ui.state.app_state import AppState, Change

NONE = ("'{name}' has no state-mining load. Give a large load the kind 'State mining (into the bitcoin reserve)' "
        "on the Large loads dock to compare mining into the reserve with selling the same power at its tariff.")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _table(name: str, headings: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings), objectName=name)
    table.setHorizontalHeaderLabels(headings)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)  # compact rows
    return table


def _number(value: float | None, decimals: int) -> QTableWidgetItem:
    if value is None or not math.isfinite(value):
        text = "n/a"  # the measure does not apply to that option
    else:
        text = f"{0.0 if round(value, decimals) == 0 else value:,.{decimals}f}"  # never "-0.0"
    item = QTableWidgetItem(text)
    item.setTextAlignment(RIGHT)
    return item


class ReservePanel(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.heading = QLabel(objectName="reserve_heading", wordWrap=True)
        self.comparison = _table("reserve_comparison", ["Measure", "Unit", "Mine (reserve)", "Sell (tariff)"])
        self.years = _table("reserve_years", [heading for _, heading, _ in YEAR_COLUMNS])
        self.chart = ReserveChart(state)
        self.note = QLabel("Both options bear the same incremental energy cost and network charge. Selling puts the "
                           "bitcoin-price risk on the buyer; mining puts it on the budget. The range of the reserve's "
                           "value over the uncertain inputs, the bitcoin price among them (P10, P50, P90), "
                           "comes from a Monte Carlo of this scenario: python main.py mc.", wordWrap=True)
        self.note.setStyleSheet("color:#595959;")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.comparison, 1)
        column.addWidget(self.note)
        top = QSplitter(Qt.Orientation.Horizontal, childrenCollapsible=False)
        top.addWidget(left)
        top.addWidget(self.chart)
        top.setStretchFactor(0, 3)  # the comparison's words take more room than the chart needs
        top.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        split.addWidget(top)
        split.addWidget(self.years)  # by year, the whole width: nine columns
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.absent = QLabel(objectName="reserve_absent", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(split)
        self._stack.addWidget(self.absent)
        state.selectionChanged.connect(self._on_selection)
        state.resultsChanged.connect(lambda _hashes: self.refresh())
        state.projectChanged.connect(self._on_project)
        self.refresh()

    def _on_selection(self, old: Selection, new: Selection) -> None:
        if old.current != new.current:
            self.refresh()

    def _on_project(self, change: Change) -> None:
        if change.structure or change.replaced or self.state.selection.current in change.affected:
            self.refresh()

    def refresh(self) -> None:
        name = self.state.selection.current
        result = self.state.result(name) if name else None
        if result is None:
            self.absent.setText(f"Waiting for the results of '{name}'…" if name else "No scenario selected.")
            self._stack.setCurrentWidget(self.absent)
            return
        k = result.key_results
        if not has_reserve(k):
            self.absent.setText(NONE.format(name=name))
            self._stack.setCurrentWidget(self.absent)
            return
        self._stack.setCurrentIndex(0)
        rows = comparison_rows(k, self.state.resolved(name).values["btc_price_fall_pct"])
        self.comparison.setRowCount(len(rows))
        for r, (label, unit, mine, sell, decimals) in enumerate(rows):
            self.comparison.setItem(r, 0, QTableWidgetItem(label))
            self.comparison.setItem(r, 1, QTableWidgetItem(unit))
            self.comparison.setItem(r, 2, _number(mine, decimals))
            self.comparison.setItem(r, 3, _number(sell, decimals))
        # The comparison whole, its words unclipped; the chart takes the rest of the width.
        self.comparison.setMinimumWidth(self.comparison.horizontalHeader().length() + 2 * self.comparison.frameWidth()
                                        + self.comparison.verticalScrollBar().sizeHint().width())
        years = result.frames.get("reserve_years")
        records = [] if years is None else years.to_dict("records")
        self.years.setRowCount(len(records))
        for r, row in enumerate(records):
            for c, (key, _, decimals) in enumerate(YEAR_COLUMNS):
                self.years.setItem(r, c, QTableWidgetItem(f"FY{int(row[key])}") if key == "fy"
                                   else _number(float(row[key]), decimals))
        # Every year in view: the header, the rows and the scroll bar (at most eight rows, then it scrolls).
        rows_height = self.years.verticalHeader().defaultSectionSize() * min(max(len(records), 1), 8)
        self.years.setMinimumHeight(self.years.horizontalHeader().height() + rows_height +
                                    self.years.horizontalScrollBar().sizeHint().height() + 4)
        self.heading.setText(f"<b>{name}</b>: {k['reserve_state_mining_mw']:,.0f} MW of state mining, "
                             f"FY{int(k['fy'])} (the first study year)")
