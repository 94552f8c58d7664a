"""A chart over hours of the study year: a date axis, the shared crosshair, and a label of values."""
from __future__ import annotations

import pyqtgraph as pg

from workbench.core.results import ScenarioResult
from workbench.models.chart_data import first_fy, hour_label
from workbench.ui.charts.base import Chart
from workbench.ui.charts.linking import Crosshair, HourAxis, HoverLink
from workbench.ui.state.app_state import AppState


class TimeChart(Chart):
    def __init__(self, state: AppState, hover: HoverLink) -> None:
        self.axis = HourAxis()
        super().__init__(state, pg.PlotWidget(axisItems={"bottom": self.axis}))
        self.plot.showGrid(x=True, y=True, alpha=0.15)  # a grid costs about 15 ms a paint offscreen; worth it here
        self.crosshair = Crosshair(self.plot, self._describe)
        self._fy = 2026
        hover.watch(self.plot)
        hover.hovered.connect(self.crosshair.move)

    def start(self, result: ScenarioResult) -> None:
        """Get ready for a drawing of ``result``."""
        self._fy = self.axis.fy = first_fy(result)
        self.crosshair.attach()

    def _describe(self, hour: int) -> str | None:
        if self.drawn_for is None or not self.isVisible():
            return None
        lines = self.values_at(hour)
        return None if lines is None else "\n".join([hour_label(self._fy, hour), *lines])

    def values_at(self, hour: int) -> list[str] | None:
        """Lines for the crosshair label at ``hour``; None when the hour is not on show."""
        raise NotImplementedError
