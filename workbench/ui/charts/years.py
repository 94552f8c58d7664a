"""For studies of several years: one key number by fiscal year, one line per compared scenario."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox

from workbench.core import palette
from workbench.core.headlines import KEY_NUMBERS
from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.models import chart_data
from workbench.ui.charts.base import Chart, Rows, colour
from workbench.ui.state.app_state import AppState

CHOICES = [h for h in KEY_NUMBERS if not h.label.startswith(" ")]


class YearsChart(Chart):
    title = "Key numbers by fiscal year"
    shows_compared = True

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.plot.setLabel("bottom", "Fiscal year")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.choice = QComboBox(objectName="years_key")
        for h in CHOICES:
            self.choice.addItem(f"{h.title} ({h.unit})", h.key)
        self.choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.lines: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @property
    def headline(self):  # type: ignore[no-untyped-def]
        return CHOICES[max(self.choice.currentIndex(), 0)]

    def result(self) -> ScenarioResult | None:
        """Drawn as soon as any compared scenario has results."""
        ready = [self.state.result(n) for n in self.state.selection.compared]
        return next((r for r in ready if r is not None and r.frames), None)

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        h, names = self.headline, self.state.project.names()
        self.lines = {}
        for name in selection.compared:
            r = self.state.result(name)
            if r is None or not r.frames or "years" not in r.frames:
                continue
            fy, values = chart_data.by_year(r, h.key)
            self.lines[name] = (fy, values)
            width, hue = 3 if name == selection.current else 1.5, colour(palette.scenario_colour(names, name))
            self.curve(name, fy, values, pen=pg.mkPen(hue, width=width), symbol="o", symbolSize=6, symbolBrush=hue)
        self.plot.setLabel("left", f"{h.title} ({h.unit})")
        years = sorted({int(y) for fy, _ in self.lines.values() for y in fy})
        self.plot.getAxis("bottom").setTicks([[(y, f"FY{y}") for y in years]])  # whole fiscal years only
        single = all(len(fy) == 1 for fy, _ in self.lines.values())
        note = " (one-year studies: set Study > Years in the horizon for more)" if single else ""
        self.set_title(f"{h.title} by fiscal year ({h.unit}){note}")
        self.set_legend([(name, palette.scenario_colour(names, name), "line") for name in self.lines])

    def rows(self) -> Rows:
        years = sorted({int(y) for fy, _ in self.lines.values() for y in fy})
        table = [["scenario", *[f"FY{y}" for y in years]]]
        for name, (fy, values) in self.lines.items():
            by_fy = dict(zip(fy.astype(int), values))
            table.append([name, *[float(by_fy[y]) if y in by_fy else "" for y in years]])
        return table
