"""Hour by hour in the time window: generation by technology (stacked), the new loads, shedding, and the
system marginal cost on a second axis."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from workbench.core import palette
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.base import Rows, colour
from workbench.ui.charts.linking import HoverLink
from workbench.ui.charts.time_chart import TimeChart
from workbench.ui.state.app_state import AppState


class DispatchChart(TimeChart):
    title = "Dispatch in the time window"
    follows_window = True

    def __init__(self, state: AppState, hover: HoverLink) -> None:
        super().__init__(state, hover)
        self.plot.setLabel("left", "Generation and demand (MW)")
        self.cost = pg.ViewBox()  # marginal cost has its own scale, on the right
        self.plot.showAxis("right")
        self.plot.scene().addItem(self.cost)
        self.cost.setZValue(10)  # above the filled stack of the main view
        self.plot.getAxis("right").linkToView(self.cost)
        self.plot.getAxis("right").setLabel("Marginal cost (PKR/kWh)")
        self.cost.setXLink(self.plot)
        self.plot.vb.sigResized.connect(lambda: self.cost.setGeometry(self.plot.vb.sceneBoundingRect()))
        self.data: chart_data.Dispatch | None = None

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        self.start(result)
        self.data = d = chart_data.dispatch(result, selection.window)
        x = np.append(d.hours, d.hours[-1] + 1)  # step edges: each hour is a block
        layers = [(palette.TECHNOLOGY_LABELS[t], palette.TECHNOLOGY_COLOURS[t], mw)
                  for t, mw in d.generation_mw.items()]
        layers.append(("Load shedding", palette.SHEDDING, d.shedding_mw))
        tops = np.cumsum([mw for _, _, mw in layers], axis=0)
        # Each layer is its top edge filled down to zero, drawn from the top layer down, so every lower
        # layer paints over the one above it: a stack with one fill per layer.
        for depth, ((name, hex_code, _), top) in enumerate(zip(layers, tops)):
            fill = self.curve(f"layer:{name}", x, top, stepMode="center", fillLevel=0, brush=colour(hex_code, 210),
                              pen=pg.mkPen(colour(hex_code), width=0.5))
            fill.setZValue(-depth)  # lower layers in front, so each fill shows only its own band
        self.curve("demand", x, d.demand_mw, stepMode="center", pen=pg.mkPen(colour(palette.DEMAND), width=1.5))
        self.curve("with_loads", x, d.demand_mw + d.new_loads_mw, stepMode="center",
                   pen=pg.mkPen(colour(palette.NEW_LOADS), width=2))
        cost = self.item("cost", pg.PlotDataItem, view=self.cost)
        cost.setData(x, d.marginal_cost_pkr_per_kwh, stepMode="center",
                     pen=pg.mkPen(colour(palette.MARGINAL_COST), width=1.8, style=Qt.PenStyle.DashLine))
        self.plot.setXRange(*selection.window, padding=0)
        # Ranges set here, not left to auto-range: auto-range settles over several paints, each one a full redraw.
        peak = max(float(tops[-1].max()), float((d.demand_mw + d.new_loads_mw).max()), 1.0)
        self.plot.setYRange(0, peak * 1.05, padding=0)
        top = float(np.nanmax(d.marginal_cost_pkr_per_kwh)) if len(d.hours) else 1.0
        self.cost.setYRange(0, max(top, 1.0) * 1.1, padding=0)  # from zero: a low cost must not read as none
        self.set_title(f"{self.title}: {selection.current}, FY{self._fy} (MW; marginal cost in PKR/kWh)")
        self.set_legend([(name, hex_code, "fill") for name, hex_code, _ in layers] +
                        [("Existing consumers' demand", palette.DEMAND, "line"),
                         ("With the new loads (served)", palette.NEW_LOADS, "line"),
                         ("Marginal cost (right axis)", palette.MARGINAL_COST, "dash")])

    def values_at(self, hour: int) -> list[str] | None:
        d = self.data
        if d is None or not d.hours[0] <= hour <= d.hours[-1]:
            return None
        i = hour - int(d.hours[0])
        lines = [f"{palette.TECHNOLOGY_LABELS[t]} {mw[i]:,.0f} MW" for t, mw in d.generation_mw.items() if mw[i] > 0.5]
        lines += [f"New loads {d.new_loads_mw[i]:,.0f} MW", f"Shedding {d.shedding_mw[i]:,.0f} MW",
                  f"Marginal cost {d.marginal_cost_pkr_per_kwh[i]:,.2f} PKR/kWh"]
        return lines

    def rows(self) -> Rows:
        d = self.data
        if d is None:
            return [["hour"]]
        names = [f"{palette.TECHNOLOGY_LABELS[t]} (MW)" for t in d.generation_mw]
        header = ["hour", *names, "Load shedding (MW)", "Existing demand (MW)", "New loads served (MW)",
                  "Marginal cost (PKR/kWh)"]
        body = [[int(h), *[float(mw[i]) for mw in d.generation_mw.values()], float(d.shedding_mw[i]),
                 float(d.demand_mw[i]), float(d.new_loads_mw[i]), float(d.marginal_cost_pkr_per_kwh[i])]
                for i, h in enumerate(d.hours)]
        return [header, *body]
