"""Which technologies serve the new loads, by season: the extra generation each one runs for them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.bars import BarTips, category_axis, stack_bottoms
from workbench.ui.charts.base import Chart, Rows, colour
from workbench.ui.state.app_state import AppState

WIDTH = 0.6


class NewLoadSupplyChart(Chart):
    title = "What serves the new loads"
    pannable = False

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setLabel("left", "Extra generation (GWh)")
        self.tips = BarTips(self)
        self.table = pd.DataFrame()

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.tips.clear()
        self.table = table = chart_data.new_load_supply(result)
        seasons = list(table.columns)
        category_axis(self.plot, [s.replace(" (", "\n(") for s in seasons])
        x = np.arange(len(seasons))
        layers = [table.loc[t].to_numpy(dtype=float) for t in table.index]
        for tech, gwh, bottom in zip(table.index, layers, stack_bottoms(layers)):
            label = palette.TECHNOLOGY_LABELS.get(tech, tech)
            self.bars(tech, x=x, y0=bottom, height=gwh, width=WIDTH, pen=pg.mkPen("w", width=0.5),
                      brush=colour(palette.TECHNOLOGY_COLOURS.get(tech, "7F7F7F")))
            self.tips.add(x, bottom, gwh, WIDTH, [f"{label}, {s}: {v:,.0f} GWh" for s, v in zip(seasons, gwh)])
        note = "" if layers else " (no new loads)"
        self.set_legend([(palette.TECHNOLOGY_LABELS.get(t, t), palette.TECHNOLOGY_COLOURS.get(t, "7F7F7F"), "fill")
                         for t in table.index])
        self.set_title(f"{self.title}, by season: {selection.current}, FY{chart_data.first_fy(result)}{note}")

    def rows(self) -> Rows:
        return [["technology", *[f"{c} (GWh)" for c in self.table.columns]],
                *([palette.TECHNOLOGY_LABELS.get(t, t), *[float(v) for v in self.table.loc[t]]]
                  for t in self.table.index)]
