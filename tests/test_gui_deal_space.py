"""The deal-space tab: the window's grid equals the engine's sweep, and a clicked cell makes a scenario
with exactly that cell's values, which one undo removes."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from tests.gui import click_scenario, wait_idle
from workbench.analysis.sweep import parse_axis, run_sweep

X, Y = "load.mw:1000:2000:2", "load.tariff_pkr_per_kwh:20:30:2"


def _sweep(qtbot, window):  # type: ignore[no-untyped-def]
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    view = window.deal_space
    window.tabs.setCurrentWidget(view)
    view.x_text.setText(X)
    view.y_text.setText(Y)
    assert view.start() == ""
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    assert view.space is not None, view.status.text()
    return view


def test_the_grid_equals_the_engine_and_outlines_the_agreed_cells(qtbot, window):
    view = _sweep(qtbot, window)
    state = window.state
    direct = run_sweep(state.resolved("Government proposal"), state.dataset, state.catalogue, parse_axis(X),
                       parse_axis(Y), view.result_choice.currentData(), state.project.parties)
    assert view.space.grid.equals(direct.grid) and view.space.agreed.equals(direct.agreed)
    assert len(view.outlines) == int(direct.agreed.to_numpy().sum())
    assert "1,000" in view.cell_text(0, 0) or "1000" in view.cell_text(0, 0)


def test_a_clicked_cell_makes_a_scenario_with_its_values_and_undo_removes_it(qtbot, window):
    view = _sweep(qtbot, window)
    state = window.state
    before = state.project.names()
    plot = view.widget.getPlotItem()
    # Click the centre of the cell at 2,000 MW and 30 PKR/kWh (column 1, row 1) as a user would.
    scene = plot.vb.mapViewToScene(QPointF(2000.0, 30.0))
    qtbot.mouseClick(view.widget.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.widget.mapFromScene(scene))
    added = [n for n in state.project.names() if n not in before]
    assert len(added) == 1, view.status.text()
    made = state.resolved(added[0])
    assert state.project.scenario(added[0]).parent == "Government proposal"
    assert sum(float(x["mw"]) for x in made.large_loads) == pytest.approx(2000.0, abs=1e-9)
    assert {float(x["tariff_pkr_per_kwh"]) for x in made.large_loads} == {30.0}
    parent_loads = state.resolved("Government proposal").large_loads
    total = sum(float(x["mw"]) for x in parent_loads)
    for mine, theirs in zip(made.large_loads, parent_loads):  # split in the parent's proportions
        assert float(mine["mw"]) == pytest.approx(2000.0 * float(theirs["mw"]) / total)
    state.undo_stack.undo()
    assert state.project.names() == before


def test_a_bad_axis_is_refused_naming_it(qtbot, window):
    wait_idle(qtbot, window)
    view = window.deal_space
    view.x_text.setText("load.mw:3000")
    assert view.start() != "" and "load.mw:3000" in view.status.text() and not view.running


def test_the_headroom_preset_sweeps_and_a_cell_makes_the_loads_curtailable(qtbot, window):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    view = window.deal_space
    window.tabs.setCurrentWidget(view)
    view._use_preset(view.preset.findText("MW × curtailment headroom"))
    assert view.y_text.text().startswith("load.curtail_below_headroom_mw:") and view.preset.currentIndex() == 0
    view.x_text.setText("load.mw:1000:2000:2")
    view.y_text.setText("load.curtail_below_headroom_mw:0:4000:2")
    assert view.start() == ""
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    assert view.space is not None, view.status.text()
    before = window.state.project.names()
    assert view.make_scenario(1, 1) == ""  # 2,000 MW, curtailed below 4,000 MW of spare capacity
    [made] = [n for n in window.state.project.names() if n not in before]
    loads = window.state.resolved(made).large_loads
    assert {x["flexibility"] for x in loads} == {"curtailable"}
    assert {float(x["curtail_below_headroom_mw"]) for x in loads} == {4000.0}
    assert "Curtailed" in view.axis_label("load.curtail_below_headroom_mw") or \
        "curtailed" in view.axis_label("load.curtail_below_headroom_mw")
