"""Spare capacity in the time window before and after the new loads; below zero, someone is shed."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.base import Rows, colour
from workbench.ui.charts.linking import HoverLink
from workbench.ui.charts.time_chart import TimeChart
from workbench.ui.state.app_state import AppState


class HeadroomChart(TimeChart):
    title = "Spare capacity before and after the new loads"
    follows_window = True
    def __init__(self, state: AppState, hover: HoverLink) -> None:
        super().__init__(state, hover)
        self.plot.setLabel("left", "Spare capacity after the reserve (MW)")
        self.data: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.start(result)
        self.data = hours, before, after = chart_data.headroom(result, selection.window)
        x = np.append(hours, hours[-1] + 1)
        self.curve("before", x, before, stepMode="center", pen=pg.mkPen(colour(palette.BEFORE), width=2))
        self.curve("after", x, after, stepMode="center", pen=pg.mkPen(colour(palette.AFTER), width=2))
        reserve = self.state.resolved(selection.current).values["operating_reserve_mw"]
        zero = self.item("zero", lambda: pg.InfiniteLine(
            pos=0, angle=0, pen=pg.mkPen(colour(palette.SHEDDING), width=1.5), label="",
            labelOpts={"position": 0.02, "color": "#" + palette.SHEDDING, "anchors": [(0, 1), (0, 1)]}))
        zero.label.setFormat(f"0 = demand met with the {reserve:,.0f} MW reserve kept; below it, load is shed")
        self.plot.setXRange(*selection.window, padding=0)
        low, high = min(float(before.min()), float(after.min()), 0.0), max(float(before.max()), 1.0)
        self.plot.setYRange(low - 0.05 * (high - low), high * 1.05, padding=0)
        self.set_title(f"{self.title}: {selection.current}, FY{self._fy} (MW)")
        self.set_legend([("Without the new loads", palette.BEFORE, "line"),
                         ("With the new loads", palette.AFTER, "line"),
                         ("Zero: below it, load is shed", palette.SHEDDING, "line")])

    def values_at(self, hour: int) -> list[str] | None:
        if self.data is None:
            return None
        hours, before, after = self.data
        if not hours[0] <= hour <= hours[-1]:
            return None
        i = hour - int(hours[0])
        return [f"Without the new loads {before[i]:,.0f} MW", f"With them {after[i]:,.0f} MW"]

    def rows(self) -> Rows:
        header = ["hour", "spare_without_new_loads_mw", "spare_with_new_loads_mw"]
        if self.data is None:
            return [header]
        hours, before, after = self.data
        return [header, *([int(h), float(b), float(a)] for h, b, a in zip(hours, before, after))]
