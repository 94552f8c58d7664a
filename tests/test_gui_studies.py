"""The Studies tab: a Monte Carlo of the current scenario runs in the background, equals the engine's,
stops on Cancel, and its breach bars equal a direct count over the draws."""
from __future__ import annotations

import numpy as np

from tests.gui import click_scenario, wait_idle
from workbench.analysis.montecarlo import run_monte_carlo
from workbench.core.parties import judge
from workbench.io.uncertainty_loader import load_uncertainty
from workbench.ui.analysis.distribution_view import histogram


def _run(qtbot, window, draws: int, seed: int):  # type: ignore[no-untyped-def]
    tab = window.studies
    window.tabs.setCurrentWidget(tab)
    tab.draws.setValue(draws)
    tab.seed.setValue(seed)
    tab.run_button.click()
    assert tab.runner.running and not tab.run_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.runner.running, timeout=60_000)
    return tab


def test_monte_carlo_in_the_window_equals_the_engine(qtbot, window):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Mixed")
    state = window.state
    name = state.selection.current
    tab = _run(qtbot, window, 12, 7)
    study = tab.runner.study
    assert study is not None and study.scenario == name and study.result.draws == 12
    direct = run_monte_carlo(state.resolved(name), state.dataset, state.catalogue,
                             load_uncertainty(state.catalogue, state.dataset), 12, 7)
    assert study.result.results.equals(direct.results)
    assert "Up to date: 12 draws" in tab.status.text()
    # The histogram counts every draw once; the caption's P50 is the draws' median.
    h = tab.distribution.headline()
    assert h is not None
    values = direct.results[h.key].to_numpy(dtype=float)
    assert histogram(values)[0].sum() == 12
    assert h.format(float(np.median(values))) in tab.distribution.caption.text()


def test_breach_bars_equal_a_direct_count(qtbot, window):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    tab = _run(qtbot, window, 10, 2)
    study = tab.runner.study
    rows = study.result.results.to_dict("records")
    parties = window.state.project.parties
    assert parties
    held = {p.name: [judge(p, r).satisfied is not False for r in rows] for p in parties}
    for p in parties:
        assert tab.breaches.odds[p.name] == 100.0 * sum(not ok for ok in held[p.name]) / len(rows)
    every = [all(held[p.name][i] for p in parties) for i in range(len(rows))]
    assert tab.breaches.odds["all parties"] == 100.0 * sum(not ok for ok in every) / len(rows)


def test_cancel_stops_the_monte_carlo_and_keeps_nothing(qtbot, window):
    wait_idle(qtbot, window)
    tab = window.studies
    window.tabs.setCurrentWidget(tab)
    tab.draws.setValue(5000)
    tab.run_button.click()
    qtbot.waitUntil(lambda: window.runs.busy, timeout=5_000)
    tab.cancel_button.click()
    qtbot.waitUntil(lambda: not tab.runner.running, timeout=10_000)
    assert tab.runner.study is None and "cancelled" in tab.status.text()
    assert tab.run_button.isEnabled() and not window.runs.busy


def test_a_study_for_another_scenario_is_marked_out_of_date(qtbot, window):
    wait_idle(qtbot, window)
    tab = _run(qtbot, window, 3, 1)
    other = [n for n in window.state.project.names() if n != tab.runner.study.scenario][0]
    click_scenario(qtbot, window, other)
    assert "as it was" in tab.status.text()


def test_a_scenario_without_new_loads_is_not_scored(qtbot, window):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "No allocation")
    tab = _run(qtbot, window, 2, 1)
    assert tab.breaches.odds == {} and "Not scored" in tab.breaches.caption.text()


def test_tornado_equals_the_engine_and_a_clicked_bar_focuses_its_parameter(qtbot, window):
    from workbench.analysis.tornado import run_tornado
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    view = window.tornado
    window.tabs.setCurrentWidget(view)
    view.start()
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    state = window.state
    direct = run_tornado(state.resolved("Government proposal"), state.dataset, state.catalogue,
                         load_uncertainty(state.catalogue, state.dataset), view.result_choice.currentData())
    assert view.tornado == direct
    spans = [b.span for b in view.bars()]
    assert spans == sorted(spans, reverse=True)
    plot = view.widget.getPlotItem()
    top = len(view.bars()) - 1  # the widest bar is drawn at the top
    from PySide6.QtCore import QPointF, Qt
    scene = plot.vb.mapViewToScene(QPointF(direct.base, float(top)))
    qtbot.mouseClick(view.widget.viewport(), Qt.MouseButton.LeftButton, pos=view.widget.mapFromScene(scene))
    assert window.assumptions.current_parameter().key == view.bars()[0].keys[0]


def test_a_multi_year_study_shows_a_fan_chart_of_the_histograms_result_with_its_red_lines(qtbot, window):
    import pyqtgraph as pg
    from dataclasses import replace
    from workbench.models.evaluate import evaluate

    wait_idle(qtbot, window)
    name = "State mining into the reserve"  # five study years
    click_scenario(qtbot, window, name)
    tab = _run(qtbot, window, 6, 3)
    study = tab.runner.study
    assert study is not None and tab.fan.isVisible()
    state = window.state
    scenario = state.resolved(name)
    key = "household_200_units_bill_change_pkr_per_month"
    tab.distribution.choice.setCurrentIndex(tab.distribution.choice.findData(key))
    assert tab.fan.key == key  # the fan follows the histogram's choice
    # Each draw run alone, with its years table: the P50 line is the median of those, year by year.
    per_year = np.array([evaluate(replace(scenario, values={**scenario.values, **row}), state.dataset,
                                  frames=True).frames["years"][key].to_numpy(dtype=float)
                         for row in study.result.drawn.to_dict("records")])
    curves = [i for i in tab.fan.widget.getPlotItem().items if isinstance(i, pg.PlotDataItem)]
    median = [c for c in curves if c.opts["symbol"] == "o"]
    assert len(median) == 1
    xs, ys = median[0].getData()
    first = int(scenario.values["study_first_fy"])
    assert list(xs) == [float(first + i) for i in range(per_year.shape[1])]
    assert np.allclose(ys, np.median(per_year, axis=0))
    thresholds = sorted(line.threshold for p in state.project.parties for line in p.lines if line.key == key)
    drawn = sorted(i.value() for i in tab.fan.widget.getPlotItem().items
                   if isinstance(i, pg.InfiniteLine) and i.angle == 0)
    assert thresholds and drawn == thresholds
    # A one-year study has no years: the fan is hidden.
    click_scenario(qtbot, window, "Government proposal")
    _run(qtbot, window, 2, 1)
    assert not tab.fan.isVisible()


def test_an_edited_scenario_marks_the_tornado_out_of_date_until_undone(qtbot, window):
    from workbench.ui.state.commands import SetOverride

    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    view = window.tornado
    window.tabs.setCurrentWidget(view)
    view.start()
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    assert view.tornado is not None and view.notice.isHidden()
    state = window.state
    state.push(lambda: SetOverride(state, "Government proposal", "pkr_per_usd", 333))
    assert view.notice.isVisible() and "'Government proposal' has been edited" in view.notice.text()
    state.undo_stack.undo()
    assert view.notice.isHidden()


def test_a_range_edit_marks_the_tornado_out_of_date_though_no_result_changes(qtbot, window):
    from workbench.core.uncertainty import Uncertain
    from workbench.ui.state.commands import SetUncertainty

    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    view = window.tornado
    window.tabs.setCurrentWidget(view)
    view.start()
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    state = window.state
    before = state.resolved("Government proposal").input_hash
    wide = Uncertain("pkr_per_usd", "factor_lognormal", 0.9, 1.3, note="a wider rupee")
    assert state.push(lambda: SetUncertainty(state, "Government proposal", "pkr_per_usd", wide)) == ""
    assert state.resolved("Government proposal").input_hash == before  # no deterministic input moved
    assert view.notice.isVisible() and "has been edited" in view.notice.text()
    state.undo_stack.undo()
    assert view.notice.isHidden()
