"""Where the surplus is: the lowest spare capacity with the new loads, month x hour of the day."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.core.dataset import MONTHS
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.bars import BarTips
from workbench.ui.charts.base import Chart, Rows
from workbench.ui.state.app_state import AppState

# Red where load is shed (below zero), white near zero, green where spare capacity is ample. A fixed scale
# that saturates at 3,000 MW, so a thin margin (a few hundred MW) stands out instead of looking ample.
SCALE_MW = 3000.0
COLOURS = pg.ColorMap([0.0, 0.5, 1.0], [(192, 0, 0), (255, 255, 255), (84, 130, 53)])


class SurplusChart(Chart):
    title = "Lowest spare capacity with the new loads"
    pannable = False

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setLabel("bottom", "Hour of the day")
        self.plot.setLabel("left", "Month")
        self.plot.getAxis("left").setTicks([[(m + 0.5, name.capitalize()) for m, name in enumerate(MONTHS)]])
        self.plot.getAxis("bottom").setTicks([[(h + 0.5, str(h)) for h in range(0, 24, 3)]])
        self.plot.invertY(True)  # July at the top, as a calendar reads
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.bar = pg.ColorBarItem(values=(-SCALE_MW, SCALE_MW), colorMap=COLOURS, label="Spare capacity (MW)",
                                   interactive=False)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.tips = BarTips(self)
        self.grid = np.full((12, 24), np.nan)

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.grid = chart_data.surplus_grid(result)
        self.image.setImage(self.grid.T, autoLevels=False)  # ImageItem is column-major: x = hour, y = month
        self.image.setRect(0, 0, 24, 12)
        self.bar.setLevels((-SCALE_MW, SCALE_MW))
        self.tips.clear()
        for m, month in enumerate(MONTHS):
            self.tips.add(np.arange(24) + 0.5, np.full(24, m), np.ones(24), 1.0,
                          [f"{month.capitalize()}, {h}:00-{h + 1}:00: lowest spare capacity {v:,.0f} MW"
                           for h, v in enumerate(self.grid[m])])
        self.set_title(f"{self.title}: {selection.current}, FY{chart_data.first_fy(result)} (MW; hover for values)")
        self.set_legend([("Load shed (below zero)", "C00000", "fill"), ("Near zero", "F2DCDB", "fill"),
                         ("3,000 MW or more spare", "548235", "fill")])

    def rows(self) -> Rows:
        return [["month", *[f"{h}:00" for h in range(24)]],
                *([m.capitalize(), *[float(v) for v in self.grid[i]]] for i, m in enumerate(MONTHS))]
