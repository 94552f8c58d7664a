"""The reserve option by fiscal year: what mining costs against what its bitcoin is worth (PKR bn).

Grouped bars per fiscal year, cost beside value at the chosen bitcoin price path, and a line for
the contribution of selling the same energy at the tariff instead; the bitcoin mined labels each
year. Only for a scenario with a state-mining load (frame reserve_years).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.ui.charts.base import Chart, Rows, colour
from workbench.ui.state.app_state import AppState

COST, VALUE, SOLD = "7F7F7F", "F7931A", "1F77B4"  # grey, bitcoin orange, the tariff option's blue
WIDTH = 0.36


class ReserveChart(Chart):
    title = "Reserve option by fiscal year"
    pannable = False

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setLabel("left", "PKR bn")
        self.plot.setLabel("bottom", "Fiscal year")
        self.plot.showGrid(y=True, alpha=0.15)
        self.table: list[dict] = []

    def result(self) -> ScenarioResult | None:
        result = super().result()
        return result if result is not None and "reserve_years" in result.frames else None

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        years = result.frames["reserve_years"]
        self.table = years.to_dict("records")
        fy = years["fy"].to_numpy(dtype=float)
        self.bars("cost", x=fy - WIDTH / 2, height=years["cost_pkr_bn"].to_numpy(), width=WIDTH,
                  brush=colour(COST), pen=pg.mkPen("w", width=0.5))
        self.bars("value", x=fy + WIDTH / 2, height=years["value_pkr_bn"].to_numpy(), width=WIDTH,
                  brush=colour(VALUE), pen=pg.mkPen("w", width=0.5))
        self.curve("sold", fy, years["tariff_contribution_pkr_bn"].to_numpy(), pen=pg.mkPen(colour(SOLD), width=2),
                   symbol="o", symbolSize=6, symbolBrush=colour(SOLD))
        top = float(np.nanmax(years[["cost_pkr_bn", "value_pkr_bn"]].to_numpy()))
        for i, row in enumerate(self.table):
            self.text(f"btc{i}", f"{row['btc']:,.0f}\nBTC", row["fy"], top * 1.12, (0.5, 1.0))  # narrow charts
        for i in range(len(self.table), 40):  # labels of a longer study drawn before
            if f"btc{i}" in self._items:
                self._items[f"btc{i}"].setVisible(False)
        self.plot.setYRange(min(0.0, float(np.nanmin(years["tariff_contribution_pkr_bn"]))), top * 1.2)
        self.plot.setXRange(fy.min() - 0.7, fy.max() + 0.7, padding=0)
        self.plot.getAxis("bottom").setTicks([[(int(y), f"FY{int(y)}") for y in fy]])
        self.set_title(f"{selection.current}: the reserve's cost and value by fiscal year (PKR bn)")
        self.set_legend([("Cost of mining (energy, network, machines, operations)", COST, "fill"),
                         ("Value of the bitcoin mined, at the price path", VALUE, "fill"),
                         ("Selling the same energy at the tariff: contribution", SOLD, "line")])

    def rows(self) -> Rows:
        keys = ("fy", "btc", "cost_pkr_bn", "value_pkr_bn", "tariff_contribution_pkr_bn")
        return [list(keys)] + [[row[k] for k in keys] for row in self.table]
