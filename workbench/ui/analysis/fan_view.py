"""The Monte Carlo's fan chart: for a multi-year study, the spread of one key number in each study year
(P10 to P90 shaded, P50 drawn), with every party's red line on it. It shows the result chosen for the
histogram beside it; a horizon sum is shown as its yearly values."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workbench.core.headlines import HORIZON_NUMBERS, KEY_NUMBERS
from workbench.core.parties import thresholds
from workbench.ui.analysis.parts import heading_and_caption, still_plot
from workbench.ui.analysis.study_runner import Study
from workbench.ui.state.app_state import AppState

HEADLINES = {h.key: h for h in (*KEY_NUMBERS, *HORIZON_NUMBERS)}
BAND, MEDIAN, RED = "#9DC3E6", "#2F5597", "#C00000"


def yearly_key(key: str) -> str:
    """The key whose value each year has: a horizon sum's yearly part, or the key itself."""
    return key.removeprefix("horizon_")


class FanView(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.study: Study | None = None
        self.key: str | None = None
        self.widget = still_plot(260)
        self.heading, self.caption = heading_and_caption()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.widget, 1)
        column.addWidget(self.caption)
        state.projectChanged.connect(lambda _c: self.draw())  # a red line moved
        self.draw()

    def has_years(self) -> bool:
        return self.study is not None and bool(self.study.result.year_keys())

    def show_study(self, study: Study, key: str | None) -> None:
        self.study, self.key = study, key
        self.draw()

    def show_key(self, key: str | None) -> None:
        self.key = key
        self.draw()

    def lines(self, key: str) -> list[tuple[str, float]]:
        return thresholds(self.state.project.parties, key)

    def draw(self) -> None:
        plot = self.widget.getPlotItem()
        plot.clear()
        key = yearly_key(self.key) if self.key else None
        h = HEADLINES.get(key) if key else None
        # A year in which no draw has a value (a per-kWh price where the loads take nothing) is left out.
        fan = self.study.result.fan(key).dropna() if self.study is not None and key else None
        shown = fan is not None and not fan.empty and h is not None
        for side in ("left", "bottom"):
            plot.showAxis(side, shown)
        if not shown:
            self.heading.setText("")
            self.caption.setText("No yearly values for this result." if self.has_years() else "")
            return
        assert fan is not None and h is not None and self.study is not None
        years = [float(y) for y in fan.index]
        low = pg.PlotDataItem(years, fan["p10"].to_numpy(), pen=pg.mkPen(MEDIAN, width=1, style=Qt.PenStyle.DotLine))
        high = pg.PlotDataItem(years, fan["p90"].to_numpy(), pen=pg.mkPen(MEDIAN, width=1, style=Qt.PenStyle.DotLine))
        plot.addItem(pg.FillBetweenItem(low, high, brush=pg.mkBrush(BAND)))
        plot.addItem(low)
        plot.addItem(high)
        plot.addItem(pg.PlotDataItem(years, fan["p50"].to_numpy(), pen=pg.mkPen(MEDIAN, width=3), symbol="o",
                                     symbolSize=7, symbolBrush=MEDIAN, symbolPen=MEDIAN))
        lines = self.lines(key)  # a line on the yearly key; one on a horizon sum is not a yearly threshold
        for party, threshold in lines:
            plot.addItem(pg.InfiniteLine(threshold, angle=0, pen=pg.mkPen(RED, width=2), label=f"{party} red line",
                                         labelOpts={"position": 0.08, "color": RED, "anchors": [(0, 0), (0, 0)],
                                                    "fill": pg.mkBrush("#FFFFFFCC")}))
        plot.getAxis("bottom").setTicks([[(y, f"FY{int(y)}") for y in years]])
        plot.getAxis("bottom").setLabel("Study year")
        plot.getAxis("left").setLabel(h.unit)
        plot.setXRange(years[0] - 0.3, years[-1] + 0.3, padding=0)
        # The red lines inside the picture with room for their labels, even when the band is far from them.
        lo = min([float(fan["p10"].min())] + [t for _, t in lines])
        hi = max([float(fan["p90"].max())] + [t for _, t in lines])
        room = 0.12 * (hi - lo) if hi > lo else max(abs(hi), 1.0) * 0.1
        plot.setYRange(lo - room, hi + room, padding=0)
        summed = " (the horizon's sum, year by year)" if self.key != key else ""
        self.heading.setText(f"{h.title} ({h.unit}) in each year{summed}: {self.study.result.draws:,} draws")
        last = fan.iloc[-1]
        self.caption.setText(
            f"Shaded: P10 to P90 of the draws in each year; line: P50. FY{int(fan.index[-1])}: P10 "
            f"<b>{h.format(last['p10'])}</b> · P50 <b>{h.format(last['p50'])}</b> · P90 "
            f"<b>{h.format(last['p90'])}</b> {h.unit}."
            + (f" <span style='color:{RED}'>Red: a party's red line.</span>" if lines else ""))
