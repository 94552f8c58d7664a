"""Breach odds per party: the share of the Monte Carlo's draws in which each party's red lines all
hold, and in which every party is satisfied at once; the bars are the complement, the odds of a breach."""
from __future__ import annotations

import textwrap

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workbench.ui.analysis.parts import heading_and_caption, still_plot
from workbench.ui.analysis.study_runner import Study
from workbench.ui.state.app_state import AppState


def breach_odds(study: Study, state: AppState) -> dict[str, float]:
    """Party (and "all parties") -> share of draws in which a red line is crossed, in %."""
    table = study.result.party_odds(state.project.parties)
    return {name: 100.0 * (1.0 - float(p)) for name, p in table["probability"].items()}


class BreachView(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.study: Study | None = None
        self.odds: dict[str, float] = {}
        self.widget = still_plot(220)
        self.heading, self.caption = heading_and_caption()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.widget, 1)
        column.addWidget(self.caption)
        state.projectChanged.connect(lambda _c: self.draw())  # the parties' red lines were edited
        self.draw()

    def show_study(self, study: Study) -> None:
        self.study = study
        self.draw()

    def draw(self) -> None:
        plot = self.widget.getPlotItem()
        plot.clear()
        shown = self.study is not None  # empty axes before a study are noise: the caption says what to do
        for side in ("left", "bottom"):
            plot.showAxis(side, shown)
        if self.study is None:
            self.odds = {}
            self.heading.setText("")
            plot.getAxis("left").setLabel("")
            self.caption.setText("Breach odds per party appear here after a Monte Carlo.")
            return
        self.odds = breach_odds(self.study, self.state)
        if not self.odds:
            self.heading.setText("")
            plot.getAxis("left").setLabel("")
            self.caption.setText("Not scored: the scenario has no new loads, or the project has no parties "
                                 "(add red lines in the Parties panel).")
            return
        names = list(self.odds)
        values = [self.odds[n] for n in names]
        brushes = [pg.mkBrush("#7F7F7F" if n == "all parties" else "#C00000") for n in names]
        plot.addItem(pg.BarGraphItem(x=list(range(len(names))), height=values, width=0.6, brushes=brushes))
        for i, v in enumerate(values):
            text = pg.TextItem(f"{v:.0f}%", anchor=(0.5, 1.0), color="#000000")
            text.setPos(i, v)
            plot.addItem(text)
        # two lines at most, so that names like "Power Division" do not run into their neighbours
        labels = ["\n".join(textwrap.wrap("Any party" if n == "all parties" else n, 12)[:2]) for n in names]
        axis = plot.getAxis("bottom")
        axis.setTicks([list(enumerate(labels))])
        lines = max(label.count("\n") + 1 for label in labels)
        # room for both lines of a wrapped name; None: pyqtgraph's own height for one
        axis.setHeight(QFontMetrics(axis.font()).lineSpacing() * lines + 16 if lines > 1 else None)
        plot.getAxis("left").setLabel("Draws with a breach (%)")
        plot.setYRange(0, 105, padding=0)
        plot.setXRange(-0.6, len(names) - 0.4, padding=0)
        self.heading.setText(f"Odds of a breach per party ({self.study.result.draws:,} draws)")
        self.caption.setText("Each bar: the share of draws in which at least one of that party's red lines is "
                             "crossed. <b>Any party</b>: draws in which some party is not satisfied (100% minus "
                             f"the odds that all parties are: {100 - self.odds['all parties']:.0f}%).")
