"""Tornado: how far each uncertain input, moved alone to its P10 and its P90, moves a chosen result of
the current scenario; bars sorted widest first, the scenario's own value marked. Clicking a bar
selects its parameter in the Assumptions editor."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.analysis.tornado import Tornado
from workbench.core.headlines import KEY_NUMBERS
from workbench.runner import RunOutcome
from workbench.ui.analysis.parts import heading_and_caption, out_of_date, stale_notice, still_plot
from workbench.ui import settings
from workbench.ui.analysis.study_runner import first_line, tornado_job
from workbench.ui.runs.controller import RunController
from workbench.ui.state.app_state import AppState

HEADLINES = {h.key: h for h in KEY_NUMBERS}
DEFAULT_RESULT = "large_load_contribution_pkr_bn"


class TornadoView(QWidget):
    def __init__(self, state: AppState, runs: RunController, focus: Callable[[str], None]) -> None:
        super().__init__()
        self.state, self.runs, self.focus = state, runs, focus
        self.tornado: Tornado | None = None
        self.made_for: tuple[str, str] | None = None  # the scenario and study hash it was run on
        self.running = False
        self.result_choice = QComboBox(objectName="tornado_result")
        for h in KEY_NUMBERS:
            self.result_choice.addItem(f"{h.title} ({h.unit})", h.key)
        self.result_choice.setCurrentIndex(self.result_choice.findData(DEFAULT_RESULT))
        self.run_button = QPushButton("Run tornado", objectName="tornado_run")
        self.run_button.clicked.connect(self.start)
        self.status = QLabel(wordWrap=True)
        self.status.setStyleSheet("color:#595959;")
        top = QHBoxLayout()
        top.addWidget(QLabel("Result:"))
        top.addWidget(self.result_choice, 1)
        top.addWidget(self.run_button)
        self.heading, self.caption = heading_and_caption()
        self.widget = still_plot(0)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 8, 4)
        column.addLayout(top)
        column.addWidget(self.status)
        self.notice = stale_notice()
        column.addWidget(self.notice)
        column.addWidget(self.heading)
        column.addWidget(self.widget, 1)
        column.addWidget(self.caption)
        self.widget.getPlotItem().scene().sigMouseClicked.connect(self._clicked)
        state.projectChanged.connect(lambda _c: self.mark())
        state.selectionChanged.connect(lambda _old, _new: self.mark())
        self.draw()

    def start(self) -> None:
        name, key = self.state.selection.current, self.result_choice.currentData()
        resolved = self.state.resolved(name)
        self.running = True
        self.run_button.setEnabled(False)
        self.status.setText(f"Moving each uncertain input of '{name}'… (progress in the status bar)")

        def done(outcome: RunOutcome) -> None:
            self.running = False
            self.run_button.setEnabled(True)
            if outcome.ok:
                self.tornado, self.made_for = outcome.value, (name, resolved.study_hash)
                self.status.setText(f"Tornado of '{name}'. Click a bar to find its input in Assumptions.")
                self.draw()
                self.mark()
            else:
                self.status.setText("Tornado cancelled." if outcome.status == "cancelled"
                                    else f"No tornado: {first_line(outcome.error)}")
        self.runs.start_job(f"Tornado of {name}", tornado_job, resolved, self.state.dataset,
                            self.state.catalogue, key, settings.study_backend(), on_done=done)

    def mark(self) -> None:
        why = out_of_date(self.state, self.made_for, "Run tornado", ranges=True) if self.tornado is not None else ""
        self.notice.setText(why)
        self.notice.setVisible(bool(why))

    def bars(self) -> list:  # type: ignore[type-arg]
        """The bars drawn, top (widest) first; those with no finite effect are left out."""
        t = self.tornado
        return [b for b in t.bars if np.isfinite(b.result_at_low) and np.isfinite(b.result_at_high)] if t else []

    def draw(self) -> None:
        plot = self.widget.getPlotItem()
        plot.clear()
        t = self.tornado
        for side in ("left", "bottom"):
            plot.showAxis(side, t is not None)
        if t is None:
            self.heading.setText("")
            self.caption.setText("No tornado yet: choose a result and press <b>Run tornado</b> to see which "
                                 "uncertain input of the current scenario moves it most.")
            return
        h = HEADLINES.get(t.result_key)
        unit = h.unit if h else ""
        bars = self.bars()
        n = len(bars)
        for i, b in enumerate(bars):
            y = n - 1 - i  # widest at the top
            for end, colour in ((b.result_at_low, "#9DC3E6"), (b.result_at_high, "#F4B183")):
                lo, hi = sorted((t.base, end))
                plot.addItem(pg.BarGraphItem(x0=[lo], x1=[hi], y=[y], height=0.6, brush=pg.mkBrush(colour),
                                             pen=pg.mkPen("#404040")))
        plot.addItem(pg.InfiniteLine(t.base, angle=90, pen=pg.mkPen("#000000", width=2), label="base",
                                     labelOpts={"position": 0.03, "color": "#000000"}))
        plot.getAxis("left").setTicks([[(n - 1 - i, b.label[:40]) for i, b in enumerate(bars)]])
        plot.getAxis("bottom").setLabel(unit)
        plot.setYRange(-0.6, n - 0.4, padding=0)
        title = h.title if h else t.result_key
        self.heading.setText(f"{title} ({unit}): each input alone at its P10 and P90, '{t.scenario}'")
        self.caption.setText(f"<span style='color:#9DC3E6'>■</span> the input at its P10, "
                             f"<span style='color:#F4B183'>■</span> at its P90; the black line is the scenario's own "
                             f"value ({h.format(t.base) if h else t.base} {unit}). Widest (most effect) at the top.")

    def _clicked(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.tornado is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.widget.getPlotItem().vb.mapSceneToView(event.scenePos())
        bars = self.bars()
        i = len(bars) - 1 - int(round(point.y()))
        if 0 <= i < len(bars) and abs(point.y() - round(point.y())) <= 0.3:
            self.focus(bars[i].keys[0])
