"""The deal-space tab: the window's grid equals the engine's sweep, and a clicked cell makes a scenario
with exactly that cell's values, which one undo removes."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from tests.gui import click_scenario, type_into_cell, wait_idle
from workbench.analysis.sweep import parse_axis, run_sweep

X, Y = "load.mw:1000:2000:2", "load.tariff_pkr_per_kwh:20:30:2"


def _sweep(qtbot, window, draws: int = 0):  # type: ignore[no-untyped-def]
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    view = window.deal_space
    window.tabs.setCurrentWidget(view)
    view.x_text.setText(X)
    view.y_text.setText(Y)
    view.draws.setValue(draws)
    assert view.start() == ""
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
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
    view.x_text.setText("load.mw:0:3000:50")
    view.y_text.setText("load.tariff_pkr_per_kwh:15:35:50")
    view.draws.setValue(100)  # 2,500 cells x 100 draws: over the cap, refused before any run
    assert "250,000 runs, over the 200,000 a sweep allows" in view.start() and not view.running


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


def test_a_red_line_edit_redraws_the_outlines_without_a_sweep_and_undo_puts_them_back(qtbot, window):
    from tests.gui import type_into_cell
    from workbench.core.parties import HEADLINES

    view = _sweep(qtbot, window)
    key = view.space.result_key
    assert key == "large_load_contribution_pkr_bn"
    before = view.space.agreed.to_numpy(dtype=bool).copy()
    values = view.space.grid.to_numpy(dtype=float)
    held = sorted(values[before])
    assert len(held) >= 2 and held[0] < held[-1], "the example's sweep should agree in cells of different values"
    threshold = round((held[0] + held[-1]) / 2, 1)
    space = view.space
    # Power Division's "contribution >= 0" raised to the threshold, typed in the Parties panel.
    window.docks["parties"].raise_()
    table = window.parties.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Power Division"
               and table.item(r, 1).text() == key)
    type_into_cell(qtbot, table, table.model().index(row, 3), f"{threshold}")
    # By hand: a cell stays agreed when it was and its value, as shown, reaches the new threshold.
    d = HEADLINES[key].decimals
    expected = before & (np.round(values, d) >= threshold)
    assert 0 < expected.sum() < before.sum()
    assert view.space is space and not window.runs.busy  # no sweep ran
    assert np.array_equal(view.agreed.to_numpy(dtype=bool), expected)
    assert len(view.outlines) == int(expected.sum())
    assert view.notice.isHidden()  # the picture matches: its outlines follow the red lines
    window.state.undo_stack.undo()
    assert np.array_equal(view.agreed.to_numpy(dtype=bool), before) and len(view.outlines) == int(before.sum())


def test_an_edit_of_the_scenario_marks_the_picture_out_of_date_until_undone(qtbot, window):
    from workbench.ui.state.commands import SetOverride

    view = _sweep(qtbot, window)
    state = window.state
    assert view.notice.isHidden()
    state.push(lambda: SetOverride(state, "Government proposal", "pkr_per_usd", 333))
    assert view.notice.isVisible() and "'Government proposal' has been edited" in view.notice.text()
    assert "Sweep" in view.notice.text()
    state.undo_stack.undo()
    assert view.notice.isHidden()
    click_scenario(qtbot, window, "Mixed")
    assert view.notice.isVisible() and "not of the current scenario 'Mixed'" in view.notice.text()


def test_with_draws_a_cell_the_map_shows_each_cells_odds_and_follows_an_edited_red_line(qtbot, window, tmp_path):
    """Issue 10, part 5's option in the window: the odds shown are the engine's, cell by cell, and a red
    line edited in Parties moves them without a new sweep."""
    from workbench.io.uncertainty_loader import load_uncertainty
    assert not window.deal_space.show_choice.isEnabled()  # nothing to show before a sweep with draws
    view = _sweep(qtbot, window, draws=6)
    assert view.space.draws == 6
    assert view.show_choice.isEnabled() and "× 6 draws" in view.status.text()
    state = window.state
    direct = run_sweep(state.resolved("Government proposal"), state.dataset, state.catalogue, parse_axis(X),
                       parse_axis(Y), view.result_choice.currentData(), state.project.parties, draws=6, seed=1,
                       inputs=load_uncertainty(state.catalogue, state.dataset))
    expected = direct.odds_for(state.project.parties)
    view.show_choice.setCurrentIndex(1)
    shown = view.image.image.T  # the map's cells, y by x
    assert np.allclose(shown, 100 * expected.to_numpy())
    assert "Odds that every party's red lines hold (%)" in view.heading.text()
    assert "6 Monte Carlo draws (seed 1" in view.caption.text()
    assert f"Odds every party agrees: {100 * expected.iat[0, 0]:.0f}% of 6 draws" in view.cell_text(0, 0)
    view.grab().save(str(tmp_path / "deal_space_odds.png"))
    # A red line no cell can meet, typed in Parties: every cell's odds fall to zero, with no sweep run again.
    window.docks["parties"].raise_()
    table = window.parties.table
    key = "large_load_effective_tariff_pkr_per_kwh"
    row = next(r for r in range(table.rowCount())
               if table.item(r, 0).text() == "Investors" and table.item(r, 1).text() == key)
    type_into_cell(qtbot, table, table.model().index(row, 3), "1")  # the loads pay at most Rs 1/kWh
    qtbot.waitUntil(lambda: np.allclose(view.image.image, 0.0), timeout=5_000)
    assert view.space.draws == 6 and not view.running  # judged again on the draws kept
    window.state.undo_stack.undo()
    qtbot.waitUntil(lambda: np.allclose(view.image.image.T, 100 * expected.to_numpy()), timeout=5_000)


def test_a_zero_mw_column_is_shown_as_no_deal_and_never_outlined(qtbot, window):
    """A cell without new loads has no result, no odds and no verdict: n/a, and outside the outline even
    with red lines that every other cell meets."""
    global X
    old, X = X, "load.mw:0:2000:3"
    try:
        view = _sweep(qtbot, window)
    finally:
        X = old
    agreed = view.agreed.to_numpy(dtype=bool)
    assert not agreed[:, 0].any() and view.space.grid[0.0].isna().all()
    assert len(view.outlines) == int(agreed.sum())
    assert f"({int(agreed.sum())} of 6 cells)" in view.caption.text()
