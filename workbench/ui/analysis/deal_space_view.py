"""Deal space: a heat-map of one result over two swept inputs of the current scenario, the cells
where every party's red lines hold outlined, the values under the mouse, and a click on a cell
making a new scenario with that cell's two values (one undo step).

The axes are typed as the command line takes them (PARAM:LO:HI:N); the sweep runs in the
background on the run controller's job channel, with its progress and Cancel. The outlines follow the
red lines as they are (judged again on the cells' kept results when one is edited or undone); an
edit of the scenario itself marks the picture out of date until it is swept again. With draws a
cell, each cell is also a Monte Carlo of its own, and the map can show the odds that every party
agrees there instead of the result.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import (QComboBox, QGraphicsRectItem, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QToolTip, QVBoxLayout, QWidget)

from workbench.analysis.sweep import MAX_CELL_DRAWS, DealSpace, check_draws, parse_axis
from workbench.analysis.variants import LOAD_FIELDS, LOAD_KEYS, variant
from workbench.core.edits import unique_name
from workbench.core.errors import WorkbenchError
from workbench.core.headlines import KEY_NUMBERS
from workbench.core.parties import Party
from workbench.core.studies import LOAD_AXES
from workbench.runner import RunOutcome
from workbench.ui.analysis.parts import heading_and_caption, out_of_date, stale_notice, still_plot
from workbench.ui import settings
from workbench.ui.analysis.study_runner import first_line, sweep_job
from workbench.ui.charts.linking import throttled
from workbench.ui.runs.controller import RunController
from workbench.ui.state.app_state import AppState
from workbench.ui.state.commands import ScenarioFromValues

DEFAULT_X, DEFAULT_Y = "load.mw:500:3000:6", "load.tariff_pkr_per_kwh:15:35:5"
# The two sweeps users ask for first: what to allocate at what price, and how much spare capacity
# the loads must leave before they are curtailed.
PRESETS = {"MW × tariff": (DEFAULT_X, DEFAULT_Y),
           "MW × curtailment headroom": (DEFAULT_X, "load.curtail_below_headroom_mw:0:4000:5")}
DEFAULT_RESULT = "large_load_contribution_pkr_bn"
HEADLINES = {h.key: h for h in KEY_NUMBERS}



class DealSpaceView(QWidget):
    def __init__(self, state: AppState, runs: RunController) -> None:
        super().__init__()
        self.state, self.runs = state, runs
        self.space: DealSpace | None = None
        self.made_for: tuple[str, str] | None = None  # the scenario and input hash the sweep was run on
        self.agreed: pd.DataFrame | None = None  # the outlined cells under the red lines as they are now
        self._odds: tuple[DealSpace, tuple[Party, ...], pd.DataFrame | None] | None = None  # see odds()
        self.running = False
        self.x_text = QLineEdit(DEFAULT_X, objectName="deal_x", minimumWidth=140)
        self.y_text = QLineEdit(DEFAULT_Y, objectName="deal_y", minimumWidth=170)
        for edit in (self.x_text, self.y_text):
            edit.setToolTip("PARAM:LO:HI:N — a catalogue key, load.mw (the loads' total MW, split in their "
                            "proportions), load.tariff_pkr_per_kwh or load.curtail_below_headroom_mw (every "
                            "load curtailed when spare capacity is below it); N steps from LO to HI")
        self.preset = QComboBox(objectName="deal_preset")
        self.preset.addItem("Preset…")
        self.preset.addItems(list(PRESETS))
        self.preset.setToolTip("Fill x and y with a common sweep: MW × tariff, or MW × curtailment headroom")
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset.setMinimumContentsLength(6)  # the row must fit a laptop's width
        self.preset.activated.connect(self._use_preset)
        self.result_choice = QComboBox(objectName="deal_result")
        self.result_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.result_choice.setMinimumContentsLength(24)  # long labels must not widen the window past a laptop's
        for h in KEY_NUMBERS:
            self.result_choice.addItem(f"{h.title} ({h.unit})", h.key)
        self.result_choice.setCurrentIndex(self.result_choice.findData(DEFAULT_RESULT))
        self.draws = QSpinBox(objectName="deal_draws", minimum=0, maximum=MAX_CELL_DRAWS, singleStep=10)
        self.draws.setSpecialValueText("none")
        self.draws.setToolTip("Monte Carlo draws in every cell (the same draws in each), for the odds that every "
                              "party's red lines hold there; none: the cells at the scenario's own values only")
        self.show_choice = QComboBox(objectName="deal_show")
        self.show_choice.addItems(["Result", "Odds every party agrees"])
        self.show_choice.setToolTip("Colour the cells by the result, or by the share of draws in which every "
                                    "party's red lines hold (a sweep with draws)")
        self.show_choice.setEnabled(False)
        self.show_choice.currentIndexChanged.connect(lambda _i: self.draw())
        self.run_button = QPushButton("Sweep", objectName="deal_run")
        self.run_button.clicked.connect(self.start)
        self.status = QLabel(wordWrap=True)
        self.status.setStyleSheet("color:#595959;")
        top = QHBoxLayout()
        top.addWidget(self.preset)
        for label, widget in (("x:", self.x_text), ("y:", self.y_text), ("Result:", self.result_choice)):
            top.addWidget(QLabel(label))
            top.addWidget(widget, 2 if isinstance(widget, QLineEdit) else 3)
        top.addWidget(self.run_button)
        odds_row = QHBoxLayout()
        odds_row.addWidget(QLabel("Draws a cell:"))
        odds_row.addWidget(self.draws)
        odds_row.addWidget(QLabel("Show:"))
        odds_row.addWidget(self.show_choice)
        odds_row.addStretch(1)
        self.heading, self.caption = heading_and_caption()
        self.widget = still_plot(260)
        self.image = pg.ImageItem()
        self.bar: pg.ColorBarItem | None = None
        self.outlines: list[QGraphicsRectItem] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 8, 4)
        column.addLayout(top)
        column.addLayout(odds_row)
        column.addWidget(self.status)
        self.notice = stale_notice()
        column.addWidget(self.notice)
        column.addWidget(self.heading)
        column.addWidget(self.widget, 1)
        column.addWidget(self.caption)
        scene = self.widget.getPlotItem().scene()
        self._hover = throttled(scene.sigMouseMoved, 30, lambda e: self._moved(e[0]), self)
        scene.sigMouseClicked.connect(self._clicked)
        state.projectChanged.connect(self._on_project)
        state.selectionChanged.connect(lambda _old, _new: self.mark())
        self.draw()

    # ------------------------------------------------------------------ running

    def start(self) -> str:
        """Sweep the current scenario; "" when started, else why not (also shown)."""
        name = self.state.selection.current
        draws = self.draws.value()
        try:
            x, y = parse_axis(self.x_text.text().strip()), parse_axis(self.y_text.text().strip())
            check_draws(x, y, draws)
        except WorkbenchError as exc:
            self.status.setText(f"Not swept: {exc}")
            return str(exc)
        key = self.result_choice.currentData()
        resolved = self.state.resolved(name)
        self.running = True
        self.run_button.setEnabled(False)
        runs = f" × {draws:,} draws" if draws else ""
        self.status.setText(f"Sweeping {x.steps} × {y.steps} cells{runs} of '{name}'… (progress in the status bar)")

        def done(outcome: RunOutcome) -> None:
            self.running = False
            self.run_button.setEnabled(True)
            if outcome.ok:
                self.space, self.made_for = outcome.value, (name, resolved.input_hash)
                self.status.setText(f"{x.steps * y.steps} cells of '{name}'{runs}. Click a cell to make it a "
                                    "scenario.")
                self.show_choice.setEnabled(bool(draws))
                if not draws:
                    self.show_choice.setCurrentIndex(0)
                self.draw()
                self.mark()
            else:
                self.status.setText("Sweep cancelled: nothing changed." if outcome.status == "cancelled"
                                    else f"Not swept: {first_line(outcome.error)}")
        self.runs.start_job(f"Deal space of {name}", sweep_job, resolved, self.state.dataset,
                            self.state.catalogue, x, y, key, self.state.project.parties, settings.study_backend(),
                            draws, on_done=done)
        return ""

    # ------------------------------------------------------------------ drawing

    def axis_unit(self, key: str) -> str:
        return LOAD_AXES[key][1] if key in LOAD_AXES else self.state.catalogue[key].unit

    def axis_label(self, key: str) -> str:
        if key in LOAD_AXES:
            label, unit = LOAD_AXES[key]
        else:
            p = self.state.catalogue[key]
            label, unit = p.label, p.unit
        return f"{label} ({unit})" if unit else label

    def _on_project(self, _change: object) -> None:
        """A red line edited (or undone) moves the outlines at once, from the cells' results kept; any other
        edit of the scenario only marks the picture out of date."""
        if self.space is None:
            return
        parties = self.state.project.parties
        odds_moved = self.show_choice.currentIndex() == 1 and self._odds is not None and self._odds[1] != parties
        if odds_moved or not self.space.agreed_for(parties).equals(self.agreed):
            self.draw()
        self.mark()

    def mark(self) -> None:
        why = out_of_date(self.state, self.made_for, "Sweep") if self.space is not None else ""
        self.notice.setText(why)
        self.notice.setVisible(bool(why))

    def draw(self) -> None:
        plot = self.widget.getPlotItem()
        plot.clear()
        self.outlines = []
        shown = self.space is not None
        for side in ("left", "bottom"):
            plot.showAxis(side, shown)
        if self.space is None:
            self.heading.setText("")
            self.caption.setText("No deal space yet: choose the two inputs (PARAM:LO:HI:N) and a result, and press "
                                 "<b>Sweep</b>. Cells where every party's red lines hold are outlined; clicking a "
                                 "cell makes a new scenario with its values (Edit > Undo removes it).")
            return
        s = self.space
        xs, ys = s.x.values, s.y.values
        dx, dy = (xs[1] - xs[0]), (ys[1] - ys[0])
        odds = self.odds()
        grid = s.grid.to_numpy(dtype=float) if odds is None else 100 * odds.to_numpy(dtype=float)
        self.image.setImage(grid.T, autoLevels=False)  # ImageItem's first axis is x
        finite = grid[np.isfinite(grid)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        # A diverging map centred on zero when the values straddle it, so white always reads "zero"; the
        # odds on a fixed 0-100% scale, so a colour means the same chance in every sweep.
        top = max(abs(lo), abs(hi), 1e-9)
        levels = (0.0, 100.0) if odds is not None else (-top, top) if lo < 0 < hi else \
            (lo, hi if hi - lo > 1e-12 else lo + 1)
        self.image.setLevels(levels)
        self.image.setColorMap(pg.colormap.get("viridis" if odds is not None else "CET-D1A"))
        self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * len(xs), dy * len(ys)))
        plot.addItem(self.image)
        self.agreed = s.agreed_for(self.state.project.parties)  # the red lines as they are now, not at the sweep
        agreed = self.agreed.to_numpy(dtype=bool)
        for j, yv in enumerate(ys):
            for i, xv in enumerate(xs):
                if agreed[j, i]:
                    box = QGraphicsRectItem(QRectF(xv - dx / 2, yv - dy / 2, dx, dy))
                    box.setPen(pg.mkPen("#000000", width=3))
                    plot.addItem(box)
                    self.outlines.append(box)
        h = HEADLINES.get(s.result_key)
        if len(xs) * len(ys) <= 150:  # each cell's value written in it, while it fits
            for j, yv in enumerate(ys):
                for i, xv in enumerate(xs):
                    value = grid[j, i]
                    label = "n/a" if not np.isfinite(value) else f"{value:.0f}%" if odds is not None else \
                        (h.format(value) if h else f"{value:.3g}")
                    dark = np.isfinite(value) and (value < 50 if odds is not None else
                                                   abs(value) > 0.6 * max(abs(levels[0]), abs(levels[1])))
                    text = pg.TextItem(label, anchor=(0.5, 0.5), color="#FFFFFF" if dark else "#000000")
                    text.setPos(float(xv), float(yv))
                    plot.addItem(text)
        plot.getAxis("bottom").setLabel(self.axis_label(s.x.key))
        plot.getAxis("left").setLabel(self.axis_label(s.y.key))
        plot.getAxis("bottom").setTicks([[(float(v), f"{v:,.4g}") for v in xs]])
        plot.getAxis("left").setTicks([[(float(v), f"{v:,.4g}") for v in ys]])
        plot.setRange(xRange=(xs[0] - dx / 2, xs[-1] + dx / 2), yRange=(ys[0] - dy / 2, ys[-1] + dy / 2), padding=0)
        title, unit = (h.title, h.unit) if h else (s.result_key, "")
        if odds is not None:
            self.heading.setText(f"Odds that every party's red lines hold (%) over the deal space of '{s.scenario}'")
            self.caption.setText(
                f"Each cell: the share of {s.draws:,} Monte Carlo draws (seed {s.seed}, the same draws in every cell) "
                "in which every party's red lines, as now in Parties, hold; from dark (0%) to yellow (100%), about "
                f"±{100 / np.sqrt(s.draws):.0f} points 19 times in 20. <b>Outlined</b>: they hold at the "
                f"scenario's own values ({int(agreed.sum())} of {agreed.size} cells). n/a: no new loads.")
            return
        self.heading.setText(f"{title} ({unit}) over the deal space of '{s.scenario}'")
        scale = ", red above zero, blue below" if lo < 0 < hi else f", from {lo:,.1f} (blue) to {hi:,.1f} (red)"
        self.caption.setText(
            f"Each cell: {title} in {unit}{scale}. <b>Outlined</b>: every party's red lines (as now in Parties) hold "
            f"({int(agreed.sum())} of {agreed.size} cells). Hover for a cell's values; click one to make it a new "
            "scenario under the current one.")

    def odds(self, shown_only: bool = True) -> pd.DataFrame | None:
        """Each cell's odds that every party agrees under the red lines as they are now (when shown, or
        always); judged once per sweep and set of red lines, as a large sweep holds many draws."""
        if self.space is None or (shown_only and self.show_choice.currentIndex() != 1):
            return None
        parties = self.state.project.parties
        if self._odds is None or self._odds[0] is not self.space or self._odds[1] != parties:
            self._odds = (self.space, parties, self.space.odds_for(parties))
        return self._odds[2]

    # ------------------------------------------------------------------ the mouse

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        """(row of y, column of x) of the cell under a point in the plot's coordinates."""
        if self.space is None:
            return None
        xs, ys = self.space.x.values, self.space.y.values
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        i, j = int(np.floor((point.x() - xs[0]) / dx + 0.5)), int(np.floor((point.y() - ys[0]) / dy + 0.5))
        return (j, i) if 0 <= i < len(xs) and 0 <= j < len(ys) else None

    def cell_text(self, j: int, i: int) -> str:
        s = self.space
        assert s is not None
        h = HEADLINES.get(s.result_key)
        value = float(s.grid.iat[j, i])
        shown = (h.format(value) + " " + h.unit) if h else f"{value:g}"
        odds = self.odds(shown_only=False)
        chance = "" if odds is None or not np.isfinite(odds.iat[j, i]) else \
            f"\nOdds every party agrees: {100 * odds.iat[j, i]:.0f}% of {s.draws:,} draws"
        return (f"{self.axis_label(s.x.key)}: {s.x.values[i]:,.4g}\n{self.axis_label(s.y.key)}: {s.y.values[j]:,.4g}\n"
                f"{h.title if h else s.result_key}: {shown}\n"
                + ("Every party's red lines hold" if self.agreed is not None and self.agreed.iat[j, i]
                   else "Some party's red line is crossed") + chance)

    def _moved(self, scene_point: QPointF) -> None:
        plot = self.widget.getPlotItem()
        cell = self.cell_at(plot.vb.mapSceneToView(scene_point)) if plot.sceneBoundingRect().contains(
            scene_point) else None
        if cell is None:
            QToolTip.hideText()
            return
        QToolTip.showText(self.widget.mapToGlobal(self.widget.mapFromScene(scene_point)), self.cell_text(*cell),
                          self.widget)

    def _clicked(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cell = self.cell_at(self.widget.getPlotItem().vb.mapSceneToView(event.scenePos()))
        if cell is not None:
            self.make_scenario(*cell)

    def _use_preset(self, index: int) -> None:
        if index > 0:
            self.x_text.setText(PRESETS[self.preset.itemText(index)][0])
            self.y_text.setText(PRESETS[self.preset.itemText(index)][1])
        self.preset.setCurrentIndex(0)

    def make_scenario(self, j: int, i: int) -> str:
        """A new child of the swept scenario with cell (j, i)'s two values; "" when made, else why not."""
        s = self.space
        assert s is not None
        if s.scenario not in self.state.project.names():
            self.status.setText(f"'{s.scenario}' is no longer in the project: sweep again.")
            return "gone"
        row = {s.x.key: float(s.x.values[i]), s.y.key: float(s.y.values[j])}
        values = {k: v for k, v in row.items() if k not in LOAD_KEYS}
        fields = tuple(f for k in LOAD_KEYS if k in row for f in LOAD_FIELDS[k])
        loads = variant(self.state.resolved(s.scenario), row).large_loads if fields else None
        at = ", ".join(f"{v:.4g} {self.axis_unit(k)}".rstrip() for k, v in row.items())
        name = unique_name(self.state.project, f"{s.scenario} at {at}"[:100])
        why = self.state.push(lambda: ScenarioFromValues(self.state, s.scenario, name, values,
                                                         tuple(dict(x) for x in loads) if loads else None, fields))
        self.status.setText(f"Not made: {why}" if why else f"Made scenario '{name}' (Edit > Undo removes it).")
        return why
