"""The central tabs: every chart, the key-number cards and the hourly table, built once and laid out.

Overview (cards, the year, the dispatch of the time window), Grid (spare capacity, where the
surplus is, months, duration, what serves the new loads), Tariffs (categories, bills, drivers),
Years, and Hours (the time window as a table).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from workbench.ui.charts.base import Chart
from workbench.ui.charts.dispatch import DispatchChart
from workbench.ui.charts.duration import DurationChart
from workbench.ui.charts.headroom import HeadroomChart
from workbench.ui.charts.linking import HoverLink
from workbench.ui.charts.monthly import MonthlyChart
from workbench.ui.charts.new_load_supply import NewLoadSupplyChart
from workbench.ui.charts.overview import OverviewChart
from workbench.ui.charts.surplus import SurplusChart
from workbench.ui.charts.tariffs import BillsTable, TariffChart
from workbench.ui.charts.waterfall import WaterfallChart
from workbench.ui.charts.years import YearsChart
from workbench.ui.itemmodels.hourly import HourlyModel
from workbench.ui.panels.cards import CardsPanel
from workbench.ui.state.app_state import AppState

Orientation = Qt.Orientation


def split(orientation: Qt.Orientation, *parts: tuple[QWidget, int]) -> QSplitter:
    splitter = QSplitter(orientation, childrenCollapsible=False)
    for widget, stretch in parts:
        splitter.addWidget(widget)
        splitter.setStretchFactor(splitter.count() - 1, stretch)
    return splitter


class ChartViews:
    def __init__(self, state: AppState) -> None:
        self.hover = HoverLink()
        self.cards = CardsPanel(state)
        self.overview = OverviewChart(state, self.hover)
        self.dispatch = DispatchChart(state, self.hover)
        self.headroom = HeadroomChart(state, self.hover)
        self.surplus = SurplusChart(state)
        self.monthly = MonthlyChart(state)
        self.duration = DurationChart(state)
        self.supply = NewLoadSupplyChart(state)
        self.tariffs = TariffChart(state)
        self.bills = BillsTable(state)
        self.waterfall = WaterfallChart(state)
        self.years = YearsChart(state)
        self.hourly = QTableView(objectName="hourly_view")
        self.hourly_model = HourlyModel(state, parent=self.hourly)
        self.hourly.setModel(self.hourly_model)
        self.hourly.setAlternatingRowColors(True)
        self.hourly.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.hourly.verticalHeader().setVisible(False)
        self.hourly.setWordWrap(False)
        # Columns fit their headers and values, measured on a day's rows (all of a week's cost 40 ms a switch).
        self.hourly.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.hourly.horizontalHeader().setResizeContentsPrecision(24)

    def charts(self) -> list[Chart]:
        return [self.overview, self.dispatch, self.headroom, self.surplus, self.monthly, self.duration, self.supply,
                self.tariffs, self.waterfall, self.years]

    def tabs(self) -> list[tuple[str, QWidget]]:
        overview = split(Orientation.Vertical, (self.cards, 0), (self.overview, 2), (self.dispatch, 3))
        grid = split(Orientation.Vertical,
                     (split(Orientation.Horizontal, (self.headroom, 3), (self.surplus, 2)), 1),
                     (split(Orientation.Horizontal, (self.monthly, 1), (self.duration, 1), (self.supply, 1)), 1))
        bills = QWidget()
        column = QVBoxLayout(bills)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Typical consumers' monthly bills</b> (base tariff, no taxes)"))
        column.addWidget(self.bills)
        charts = split(Orientation.Horizontal, (self.tariffs, 1), (self.waterfall, 1))
        tariffs = split(Orientation.Vertical, (charts, 4), (bills, 1))
        years = QWidget()
        rows = QVBoxLayout(years)
        rows.setContentsMargins(4, 4, 4, 4)
        rows.addWidget(self.years.choice)
        rows.addWidget(self.years, 1)
        hours = QWidget()
        table = QVBoxLayout(hours)
        table.setContentsMargins(4, 4, 4, 4)
        table.addWidget(QLabel("The hours of the time window (drag it on the Overview tab, or click a month on "
                               "the Grid tab). Select cells and copy them (Ctrl+C) into Excel."))
        table.addWidget(self.hourly, 1)
        return [("Overview", overview), ("Grid", grid), ("Tariffs", tariffs), ("Years", years), ("Hours", hours)]
