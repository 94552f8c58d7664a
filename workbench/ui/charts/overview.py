"""The year at a glance: 8,760 hours of demand, available supply and headroom, and the draggable time window."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyqtgraph as pg

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.base import Rows, colour
from workbench.ui.charts.linking import HoverLink, throttled
from workbench.ui.charts.time_chart import TimeChart
from workbench.ui.state.app_state import AppState


class OverviewChart(TimeChart):
    title = "The year: demand, available supply and spare capacity"

    def __init__(self, state: AppState, hover: HoverLink) -> None:
        super().__init__(state, hover)
        self.plot.setLabel("left", "MW")
        self.widget.setMinimumHeight(150)  # axis, dates and axis title whole on a 768-pixel screen
        self.plot.showGrid(x=False, y=False)  # a glance at the year, panned often: no grid to repaint
        self.plot.setClipToView(True)
        self.plot.setDownsampling(auto=True, mode="peak")
        self.region = pg.LinearRegionItem(values=state.selection.window, bounds=(0, 8760),
                                          brush=colour("FFC000", 50), hoverBrush=colour("FFC000", 80))
        self.region.setZValue(10)
        self.region.setToolTip("The time window: drag it, or its edges, to choose the hours every detail chart "
                               "and the hourly table show")
        self._proxy = throttled(self.region.sigRegionChanged, 20, self._dragged, self)
        self.series: chart_data.Overview | None = None

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.start(result)
        reserve = self.state.resolved(selection.current).values["operating_reserve_mw"]
        self.series = s = chart_data.overview(result, reserve)
        hours = np.arange(len(s.demand_mw))
        for values, key, hex_code in ((s.available_mw, "available", palette.BEFORE),
                                      (s.demand_mw, "demand", palette.DEMAND),
                                      (s.headroom_mw, "headroom", palette.AFTER)):
            self.curve(key, hours, values, pen=pg.mkPen(colour(hex_code), width=1), antialias=False)  # 8,760 points:
            # antialiasing a line that dense costs more than it shows
        self.item("zero", lambda: pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(colour(palette.SHEDDING), width=1)))
        self.item("region", lambda: self.region)
        self.set_title(f"{self.title}: {selection.current}, FY{self._fy} (MW)")
        self.set_legend([("Available supply", palette.BEFORE, "line"),
                         ("Demand with the new loads", palette.DEMAND, "line"),
                         ("Spare capacity after the reserve", palette.AFTER, "line"),
                         ("Zero spare capacity: load is shed below it", palette.SHEDDING, "line"),
                         ("Time window (drag it)", "FFC000", "fill")])
        self.plot.setXRange(0, len(hours), padding=0)
        low, high = min(float(s.headroom_mw.min()), 0.0), float(max(s.available_mw.max(), s.demand_mw.max()))
        self.plot.setYRange(low - 0.03 * (high - low), high * 1.03, padding=0)  # no auto-range: one paint
        self._show_window(selection)

    def _on_selection(self, old: Selection, new: Selection) -> None:
        super()._on_selection(old, new)
        if old.window != new.window:
            self._show_window(new)

    def _show_window(self, selection: Selection) -> None:
        self.region.blockSignals(True)
        self.region.setRegion(selection.window)
        self.region.blockSignals(False)

    def _dragged(self, _args: object) -> None:
        lo, hi = self.region.getRegion()
        window = (int(round(lo)), int(round(hi)))
        if window != self.state.selection.window:
            self.state.set_selection(replace(self.state.selection, window=window))

    def values_at(self, hour: int) -> list[str] | None:
        s = self.series
        if s is None or not 0 <= hour < len(s.demand_mw):
            return None
        return [f"Available {s.available_mw[hour]:,.0f} MW", f"Demand {s.demand_mw[hour]:,.0f} MW",
                f"Spare {s.headroom_mw[hour]:,.0f} MW"]

    def rows(self) -> Rows:
        s = self.series
        if s is None:
            return [["hour", "available_mw", "demand_with_new_loads_mw", "spare_capacity_mw"]]
        return [["hour", "available_mw", "demand_with_new_loads_mw", "spare_capacity_mw"],
                *([h, float(a), float(d), float(r)] for h, (a, d, r) in
                  enumerate(zip(s.available_mw, s.demand_mw, s.headroom_mw)))]
