"""Energy by technology in each month (stacked bars); clicking a month sets the time window to it."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyqtgraph as pg

from workbench.core import palette
from workbench.core.dataset import MONTHS
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.bars import BarTips, category_axis, stack_bottoms
from workbench.ui.charts.base import Chart, Rows, colour
from workbench.ui.state.app_state import AppState

MONTH_LABELS = [m.capitalize() for m in MONTHS]
WIDTH = 0.75


class MonthlyChart(Chart):
    title = "Generation by technology, month by month"
    pannable = False

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setLabel("left", "GWh")
        self.plot.setLabel("bottom", "Month (click one to see its hours)")
        small = pg.QtGui.QFont()
        small.setPointSize(7)
        self.plot.getAxis("bottom").setStyle(tickFont=small)
        category_axis(self.plot, MONTH_LABELS)
        self.tips = BarTips(self)
        self.energy: dict[str, np.ndarray] = {}
        self._result: ScenarioResult | None = None
        self.plot.scene().sigMouseClicked.connect(self._clicked)

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.tips.clear()
        self._result = result
        self.energy = chart_data.monthly_energy(result)
        x = np.arange(12)
        layers = list(self.energy.values())
        for (tech, gwh), bottom in zip(self.energy.items(), stack_bottoms(layers)):
            hex_code, label = palette.TECHNOLOGY_COLOURS[tech], palette.TECHNOLOGY_LABELS[tech]
            self.bars(tech, x=x, y0=bottom, height=gwh, width=WIDTH, brush=colour(hex_code),
                      pen=pg.mkPen("w", width=0.5))
            self.tips.add(x, bottom, gwh, WIDTH, [f"{label}, {m}: {v:,.0f} GWh" for m, v in zip(MONTH_LABELS, gwh)])
        self.set_title(f"{self.title}: {selection.current}, FY{chart_data.first_fy(result)} (GWh)")
        self.set_legend([(palette.TECHNOLOGY_LABELS[t], palette.TECHNOLOGY_COLOURS[t], "fill") for t in self.energy])

    def _clicked(self, event: pg.GraphicsScene.mouseEvents.MouseClickEvent) -> None:
        if self._result is None or not self.plot.sceneBoundingRect().contains(event.scenePos()):
            return
        month = int(round(self.plot.vb.mapSceneToView(event.scenePos()).x()))
        if 0 <= month < 12:
            self.choose_month(month)

    def choose_month(self, month: int) -> None:
        """Set the shared time window to a month (0 = July)."""
        if self._result is not None:
            window = chart_data.month_window(self._result, month)
            self.state.set_selection(replace(self.state.selection, window=window))

    def rows(self) -> Rows:
        header = ["month", *[f"{palette.TECHNOLOGY_LABELS[t]} (GWh)" for t in self.energy]]
        return [header, *([m, *[float(v[i]) for v in self.energy.values()]] for i, m in enumerate(MONTH_LABELS))]
