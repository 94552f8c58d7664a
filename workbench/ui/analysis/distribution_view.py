"""The Monte Carlo's distribution of one headline result: a histogram with P10, P50 and P90
marked, the scenario's own (deterministic) value, and every party's red line on that result."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.core.headlines import HORIZON_NUMBERS, KEY_NUMBERS, Headline
from workbench.core.parties import thresholds
from workbench.ui.analysis.parts import heading_and_caption, still_plot
from workbench.ui.analysis.study_runner import Study
from workbench.ui.state.app_state import AppState

HEADLINES = {h.key: h for h in (*KEY_NUMBERS, *HORIZON_NUMBERS)}
BINS = 20


def histogram(values: np.ndarray, bins: int = BINS) -> tuple[np.ndarray, np.ndarray]:
    """Counts and edges; a result that does not vary is one bar of every draw."""
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-12:
        return np.array([len(values)]), np.array([lo - 0.5, lo + 0.5])
    return np.histogram(values, bins=bins, range=(lo, hi))


class DistributionView(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.study: Study | None = None
        self.choice = QComboBox(objectName="mc_result")
        self.choice.currentIndexChanged.connect(lambda _i: self.draw())
        self.widget = still_plot(260)
        self.heading, self.caption = heading_and_caption()
        row = QHBoxLayout()
        row.addWidget(QLabel("Result:"))
        row.addWidget(self.choice, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.heading)
        column.addWidget(self.widget, 1)
        column.addWidget(self.caption)
        self.draw()

    def headline(self) -> Headline | None:
        return HEADLINES.get(self.choice.currentData())

    def show_study(self, study: Study) -> None:
        self.study = study
        keep = self.choice.currentData()
        keys = [k for k in HEADLINES if k in study.result.results.columns]
        self.choice.blockSignals(True)
        self.choice.clear()
        for key in keys:
            self.choice.addItem(f"{HEADLINES[key].title} ({HEADLINES[key].unit})", key)
        self.choice.setCurrentIndex(keys.index(keep) if keep in keys else 0)
        self.choice.blockSignals(False)
        self.draw()

    def lines(self, key: str) -> list[tuple[str, float]]:
        return thresholds(self.state.project.parties, key)

    def draw(self) -> None:
        plot = self.widget.getPlotItem()
        plot.clear()
        shown = self.study is not None  # empty axes before a study are noise: the caption says what to do
        for side in ("left", "bottom"):
            plot.showAxis(side, shown)
        h = self.headline()
        if self.study is None or h is None:
            self.heading.setText("")
            plot.getAxis("bottom").setLabel("")
            plot.getAxis("left").setLabel("")
            self.caption.setText("No Monte Carlo yet: set the draws and seed above and press <b>Run Monte Carlo</b>"
                                 " to see how the current scenario's results spread over its uncertain inputs.")
            return
        every = self.study.result.results[h.key].to_numpy(dtype=float)
        values = every[np.isfinite(every)]  # a per-kWh price has none in a draw where the loads take nothing
        if not len(values):
            self.heading.setText(f"{h.title} ({h.unit})")
            self.caption.setText(f"No draw of '{self.study.scenario}' gives this a value: the new loads take no "
                                 "energy in any of them.")
            return
        counts, edges = histogram(values)
        plot.addItem(pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts, brush=pg.mkBrush("#9DC3E6"),
                                     pen=pg.mkPen("#2F5597")))
        p10, p50, p90 = np.percentile(values, (10, 50, 90))
        for label, x, style in (("P10", p10, Qt.PenStyle.DashLine), ("P50", p50, Qt.PenStyle.SolidLine),
                                ("P90", p90, Qt.PenStyle.DashLine)):
            plot.addItem(pg.InfiniteLine(x, angle=90, pen=pg.mkPen("#404040", width=2, style=style), label=label,
                                         labelOpts={"position": 0.95, "color": "#404040"}))
        for party, threshold in self.lines(h.key):
            plot.addItem(pg.InfiniteLine(threshold, angle=90, pen=pg.mkPen("#C00000", width=2),
                                         label=f"{party} red line",
                                         labelOpts={"position": 0.7, "color": "#C00000", "anchors": [(0, 0), (0, 0)]}))
        result = self.study.result
        some = "" if len(values) == len(every) else f" (has a value in {len(values):,} of them)"
        year = f" in FY{result.first_fy}, the first study year" if result.year_keys() and \
            not h.key.startswith("horizon_") else ""
        self.heading.setText(f"{h.title} ({h.unit}){year}: {len(every):,} draws of '{self.study.scenario}'{some}")
        plot.getAxis("bottom").setLabel(h.unit)
        plot.getAxis("left").setLabel("Draws")
        base = self.study.result.deterministic.get(h.key)
        self.caption.setText(
            f"P10 <b>{h.format(p10)}</b> · P50 <b>{h.format(p50)}</b> · P90 <b>{h.format(p90)}</b> {h.unit}"
            f" · mean {h.format(float(values.mean()))} · at the scenario's own values "
            f"{h.format(base) if base is not None else 'n/a'} {h.unit} · seed {self.study.result.seed}."
            + (" <span style='color:#C00000'>Red: a party's red line.</span>" if self.lines(h.key) else ""))
