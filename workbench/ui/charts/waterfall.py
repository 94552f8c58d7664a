"""How the change in the uniform tariff is made up: the engine's drivers as a waterfall, ending in the total.

Drivers run top to bottom, each bar starting where the previous one ended, so the last bar, the
total, is their sum (the engine's decomposition adds up exactly).
"""
from __future__ import annotations

import textwrap

import numpy as np
import pyqtgraph as pg

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.bars import BarTips
from workbench.ui.charts.base import Chart, Rows, colour
from workbench.ui.state.app_state import AppState

HEIGHT = 0.65
UP, DOWN, TOTAL = "C00000", "548235", palette.AFTER  # a driver that raises the tariff is red


class WaterfallChart(Chart):
    title = "Why the uniform tariff changes"
    pannable = False

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setLabel("bottom", "Change in the uniform tariff (PKR/kWh)")
        self.plot.invertY(True)
        self.plot.showGrid(x=True, alpha=0.15)
        self.tips = BarTips(self)
        self.drivers: list[str] = []
        self.values = np.zeros(0)
        self.total = 0.0

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.tips.clear()
        self.drivers, self.values = chart_data.tariff_drivers(result)
        self.total = float(result.key_results["uniform_tariff_change_pkr_per_kwh"])
        ends = np.cumsum(self.values)
        starts = ends - self.values
        y = np.arange(len(self.values))
        self.bars("drivers", x0=starts, y=y, width=self.values, height=HEIGHT, pen=pg.mkPen("w"),
                  brushes=[colour(UP if v > 0 else DOWN) for v in self.values])
        total_y = len(self.values)
        self.bars("total", x0=[0], y=[total_y], width=[self.total], height=HEIGHT, brush=colour(TOTAL))
        rights = [*np.maximum(starts, ends), max(self.total, 0.0)]
        for i, (v, right) in enumerate(zip([*self.values, self.total], rights)):
            self.text(f"label:{i}", f"{v:+.2f}", right, i, anchor=(0, 0.5))
        self.item("zero", lambda: pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen("#7F7F7F")))
        labels = ["\n".join(textwrap.wrap(d, 24)) for d in [*self.drivers, "Total change"]]
        self.plot.getAxis("left").setTicks([list(enumerate(labels))])
        for i, (d, lo, v) in enumerate(zip(self.drivers, starts, self.values)):
            self.tips.bars.append((min(lo, lo + v), max(lo, lo + v), i - HEIGHT / 2, i + HEIGHT / 2,
                                   f"{d}: {v:+,.3f} PKR/kWh"))
        self.tips.bars.append((min(0, self.total), max(0, self.total), total_y - HEIGHT / 2, total_y + HEIGHT / 2,
                               f"Total change: {self.total:+,.3f} PKR/kWh"))
        span = max(float(np.abs(np.concatenate([starts, ends, [self.total]])).max()), 0.1)
        self.plot.setXRange(min(0, float(np.min(np.concatenate([starts, ends])))) - 0.05 * span,
                            float(np.max(np.concatenate([starts, ends, [0]]))) + 0.3 * span)
        self.set_title(f"{self.title}: {selection.current}, FY{chart_data.first_fy(result)} (PKR/kWh)")
        self.set_legend([("Raises the tariff", UP, "fill"), ("Lowers it", DOWN, "fill"),
                         ("Total change", TOTAL, "fill")])

    def rows(self) -> Rows:
        return [["driver", "pkr_per_kwh"], *([d, float(v)] for d, v in zip(self.drivers, self.values)),
                ["Total change", self.total]]
