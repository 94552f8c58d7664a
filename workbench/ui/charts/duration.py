"""Load-duration curve: every hour's demand, highest first, without and with the new loads."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.base import Chart, Rows, colour
from workbench.ui.state.app_state import AppState


class DurationChart(Chart):
    title = "Load-duration curve"

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setLabel("left", "Demand (MW)")
        self.plot.setLabel("bottom", "Hours at or above (of 8,760)")
        self.plot.setClipToView(True)
        self.plot.setDownsampling(auto=True, mode="peak")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.curves: tuple[np.ndarray, np.ndarray] | None = None

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.curves = without, with_loads = chart_data.duration_curves(result)
        hours = np.arange(1, len(without) + 1)
        self.curve("with_loads", hours, with_loads, pen=pg.mkPen(colour(palette.NEW_LOADS), width=2))
        self.curve("without", hours, without, pen=pg.mkPen(colour(palette.DEMAND), width=1.5))
        self.set_title(f"{self.title}: {selection.current}, FY{chart_data.first_fy(result)} (MW)")
        self.set_legend([("With the new loads", palette.NEW_LOADS, "line"), ("Without them", palette.DEMAND, "line")])

    def rows(self) -> Rows:
        header = ["hours_at_or_above", "demand_without_new_loads_mw", "demand_with_new_loads_mw"]
        if self.curves is None:
            return [header]
        without, with_loads = self.curves
        return [header, *([i + 1, float(a), float(b)] for i, (a, b) in enumerate(zip(without, with_loads)))]
