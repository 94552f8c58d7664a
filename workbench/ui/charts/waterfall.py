"""How the change in the uniform tariff is made up: the engine's drivers as a waterfall, ending in the total."""
from __future__ import annotations

import textwrap

import numpy as np
import pyqtgraph as pg

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.bars import BarTips, category_axis
from workbench.ui.charts.base import Chart, Rows, colour
from workbench.ui.state.app_state import AppState

WIDTH = 0.7
UP, DOWN, TOTAL = "C00000", "548235", palette.AFTER  # a driver that raises the tariff is red


class WaterfallChart(Chart):
    title = "Why the uniform tariff changes"

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setLabel("left", "Change in the uniform tariff (PKR/kWh)")
        self.plot.showGrid(y=True, alpha=0.15)
        self.tips = BarTips(self)
        self.drivers: list[str] = []
        self.values = np.zeros(0)
        self.total = 0.0

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.plot.clear()
        self.tips.clear()
        self.drivers, self.values = chart_data.tariff_drivers(result)
        self.total = float(result.key_results["uniform_tariff_change_pkr_per_kwh"])
        ends = np.cumsum(self.values)
        starts = ends - self.values
        x = np.arange(len(self.values))
        brushes = [colour(UP if v > 0 else DOWN) for v in self.values]
        self.plot.addItem(pg.BarGraphItem(x=x, y0=starts, height=self.values, width=WIDTH, brushes=brushes,
                                          pen=pg.mkPen("w")))
        total_x = len(self.values)
        self.plot.addItem(pg.BarGraphItem(x=[total_x], y0=[0], height=[ends[-1] if len(ends) else 0], width=WIDTH,
                                          brush=colour(TOTAL)))
        for i, (v, top) in enumerate(zip(self.values, np.maximum(starts, ends))):
            self._label(i, top, f"{v:+.2f}")
        self._label(total_x, max(float(ends[-1]) if len(ends) else 0.0, 0.0), f"{self.total:+.2f}")
        labels = ["\n".join(textwrap.wrap(d, 14)) for d in self.drivers] + ["Total change"]
        category_axis(self.plot, labels)
        self.tips.add(x, starts, self.values, WIDTH, [f"{d}: {v:+,.3f} PKR/kWh" for d, v in zip(self.drivers,
                                                                                               self.values)])
        self.tips.add([total_x], [0], [self.total], WIDTH, [f"Total change: {self.total:+,.3f} PKR/kWh"])
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#7F7F7F")))
        self.set_title(f"{self.title}: {selection.current}, FY{chart_data.first_fy(result)} (PKR/kWh; "
                       f"red raises it, green lowers it)")

    def _label(self, x: float, y: float, text: str) -> None:
        label = pg.TextItem(text, color="k", anchor=(0.5, 1))
        label.setPos(x, y)
        self.plot.addItem(label)

    def rows(self) -> Rows:
        return [["driver", "pkr_per_kwh"], *([d, float(v)] for d, v in zip(self.drivers, self.values)),
                ["Total change", self.total]]
