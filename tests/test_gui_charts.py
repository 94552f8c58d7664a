"""Linked charts: every view follows the current scenario and the time window, with the engine's numbers.

Expected numbers come from a separate engine run of the scenario (evaluate with its tables), read
with plain pandas and numpy here, not through the chart-data module the charts use.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from tests.gui import click_scenario, wait_idle
from workbench.core.dataset import MONTHS
from workbench.core.headlines import KEY_NUMBERS
from workbench.core.project import resolve
from workbench.models.evaluate import evaluate
from workbench.ui.itemmodels.comparison import VALUE_ROLE

TABS = ("Overview", "Grid", "Tariffs", "Key numbers", "Years", "Hours")


def show_tab(window, title):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index(title))


@pytest.fixture(scope="module")
def stress(example_session):  # type: ignore[no-untyped-def]
    s = example_session
    return evaluate(resolve(s.project, "Stress", s.catalogue), s.dataset, frames=True)


def test_selecting_stress_puts_its_engine_numbers_in_every_chart(qtbot, window, stress):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Stress")
    wait_idle(qtbot, window, ["Stress"])
    views = window.views
    for title in TABS:  # hidden charts draw when their tab is shown
        show_tab(window, title)
        qtbot.wait(10)
    stress_hash = window.state.resolved("Stress").input_hash
    qtbot.waitUntil(lambda: all(chart.drawn_for == stress_hash for chart in views.charts() if chart is not views.years))
    hourly = stress.frames["hourly"].iloc[:8760]
    worst = int(hourly["headroom_after_mw"].idxmin())
    assert views.overview.series.headroom_mw[worst] == hourly["headroom_after_mw"].iat[worst]
    assert views.overview.series.demand_mw[worst] == pytest.approx(
        hourly["demand_mw"].iat[worst] + hourly["large_load_served_mw"].iat[worst])
    start, end = window.state.selection.window
    assert np.array_equal(views.dispatch.data.generation_mw["imported_coal"],
                          hourly["gen_imported_coal_mw"].to_numpy()[start:end])
    assert np.array_equal(views.headroom.data[2], hourly["headroom_after_mw"].to_numpy()[start:end])
    july_evening = hourly[(hourly["month"] == "jul") & (hourly["hour_of_day"] == 20)]["headroom_after_mw"].min()
    assert views.surplus.grid[MONTHS.index("jul"), 20] == july_evening
    assert views.surplus.grid.min() < 0  # Stress sheds: the heat-map has red cells
    monthly = stress.frames["monthly"]
    assert np.array_equal(views.monthly.energy["rlng"], monthly["gen_rlng_gwh"].to_numpy()[:12])
    assert views.duration.curves[1][0] == (hourly["demand_mw"] + hourly["large_load_served_mw"]).max()
    supply = stress.frames["new_load_supply"].set_index("technology")
    assert views.supply.table.loc["imported_coal", "summer (May-Sep)"] == supply.loc["imported_coal",
                                                                                     "summer (May-Sep)"]
    tariffs = stress.frames["category_tariffs"]
    assert views.tariffs.table["with_new_loads_pkr_per_kwh"].tolist() == tariffs["with_new_loads_pkr_per_kwh"].tolist()
    assert [views.bills.item(0, c).text() for c in (0, 4)] == ["Protected household, 200 units", "+19"]
    assert "Stress" in views.years.lines
    contribution = next(c for c in views.cards.cards if c.card.key == "large_load_contribution_pkr_bn")
    # The card shows the engine's own Stress number (negative: the red line is crossed) in its headline format.
    headline = next(h for h in KEY_NUMBERS if h.key == "large_load_contribution_pkr_bn")
    value = stress.key_results["large_load_contribution_pkr_bn"]
    assert value < 0 and contribution.value.text() == f"{headline.format(value)} {headline.unit}"
    assert "crossed" in contribution.verdict.text()


def test_the_waterfall_bars_add_up_to_the_change_in_the_uniform_tariff(qtbot, window, stress):
    click_scenario(qtbot, window, "Stress")
    show_tab(window, "Tariffs")
    wait_idle(qtbot, window, ["Stress"])
    qtbot.waitUntil(lambda: window.views.waterfall.drawn_for is not None)
    chart = window.views.waterfall
    assert chart.values.sum() == pytest.approx(stress.key_results["uniform_tariff_change_pkr_per_kwh"], abs=1e-12)
    assert chart.rows()[-1] == ["Total change", stress.key_results["uniform_tariff_change_pkr_per_kwh"]]
    assert len(chart.values) == 7


def test_moving_the_time_window_moves_the_detail_charts_and_the_hourly_table(qtbot, window):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    views = window.views
    stated = window.state.resolved("Government proposal").input_hash
    qtbot.waitUntil(lambda: views.overview.drawn_for == stated)  # a redraw puts the region where the state says
    views.overview.region.setRegion((1000, 1168))  # as a drag of the overview's time window ends
    qtbot.waitUntil(lambda: window.state.selection.window == (1000, 1168), timeout=2000)
    lo, hi = views.dispatch.plot.vb.viewRange()[0]
    assert (round(lo), round(hi)) == (1000, 1168)
    assert views.hourly_model.rowCount() == 168
    assert views.hourly_model.index(0, 0).data() == "Mon 11 Aug 2025, 16:00"  # 1,000 h = 41 days 16 h after 1 July
    show_tab(window, "Grid")
    qtbot.waitUntil(lambda: views.headroom.drawn_for is not None)
    assert tuple(round(v) for v in views.headroom.plot.vb.viewRange()[0]) == (1000, 1168)


def test_clicking_july_in_the_monthly_chart_sets_the_window_to_july(qtbot, window):
    wait_idle(qtbot, window)
    show_tab(window, "Grid")
    chart = window.views.monthly
    qtbot.waitUntil(lambda: chart.drawn_for is not None)
    qtbot.wait(50)
    scene_point = chart.plot.vb.mapViewToScene(QPointF(0, 100))  # the July bar, near its foot
    point = chart.widget.mapFromScene(scene_point)
    qtbot.mouseClick(chart.widget.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point.x(), point.y()))
    qtbot.waitUntil(lambda: window.state.selection.window == (0, 31 * 24), timeout=2000)
    chart.choose_month(MONTHS.index("jan"))  # and January: 184 days after 1 July
    assert window.state.selection.window == (184 * 24, 215 * 24)


def test_the_crosshair_follows_the_mouse_in_every_time_chart(qtbot, window):
    wait_idle(qtbot, window)
    views = window.views
    show_tab(window, "Overview")
    qtbot.waitUntil(lambda: views.dispatch.drawn_for is not None)
    views.hover.hovered.emit(30.2)
    for chart in (views.overview, views.dispatch):
        assert chart.crosshair.line.isVisible() and chart.crosshair.line.value() == 30
    text = views.dispatch.crosshair.label.textItem.toPlainText()
    assert text.startswith("Wed 02 Jul 2025, 06:00") and "Marginal cost" in text  # 30 h after 1 July 00:00
    assert not views.headroom.crosshair.line.isVisible()  # its tab is hidden: nothing to show
    views.hover.hovered.emit(-1.0)  # the mouse left the plot
    assert not views.dispatch.crosshair.line.isVisible() and not views.overview.crosshair.label.isVisible()


def test_every_chart_exports_png_and_svg_and_copies_its_data(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QApplication
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Stress")
    wait_idle(qtbot, window, ["Stress"])
    for title in TABS:
        show_tab(window, title)
        qtbot.wait(10)
        for chart in window.views.charts():
            if chart.isVisible():
                png, svg = tmp_path / f"{type(chart).__name__}.png", tmp_path / f"{type(chart).__name__}.svg"
                assert chart.export_png(png) and png.stat().st_size > 2_000, chart
                assert chart.export_svg(svg) and b"<svg" in svg.read_bytes()[:400], chart
                assert chart.title and chart.heading.text() and chart.legend_entries, chart
    window.views.dispatch.copy_data()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].startswith("hour\t") and len(lines) == 1 + 168


def test_picking_a_cell_in_the_comparison_table_makes_its_scenario_current(qtbot, window):
    wait_idle(qtbot, window)
    show_tab(window, "Key numbers")
    view = window.results.view
    view.setCurrentIndex(view.model().index(3, 2 + list(window.results.model.scenarios).index("Mixed")))
    assert window.state.selection.current == "Mixed"


def test_charts_show_that_results_are_coming_rather_than_stale_numbers(qtbot, window):
    wait_idle(qtbot, window)
    show_tab(window, "Overview")
    state = window.state
    state.set_selection(replace(state.selection, current="Mixed"))
    from workbench.ui.state.commands import SetOverride
    dispatch = window.views.dispatch
    assert dispatch.waiting.isVisible() and "Waiting for the results of 'Mixed'" in dispatch.waiting.text() \
        or dispatch.drawn_name == "Mixed"
    wait_idle(qtbot, window, ["Mixed"])
    qtbot.waitUntil(lambda: dispatch.drawn_name == "Mixed")  # charts draw a turn after the results arrive
    state.push(lambda: SetOverride(state, "Mixed", "pkr_per_usd", 333))
    assert dispatch.updating.isVisible() and dispatch.drawn_for is None
    wait_idle(qtbot, window, ["Mixed"])
    qtbot.waitUntil(lambda: dispatch.drawn_for == state.resolved("Mixed").input_hash)
    assert not dispatch.updating.isVisible()


def test_the_hourly_model_passes_the_qt_model_tester_as_the_window_moves(qtbot, qtmodeltester, window):
    wait_idle(qtbot, window)
    model = window.views.hourly_model
    qtmodeltester.check(model)
    window.state.set_selection(replace(window.state.selection, window=(24, 48)))
    assert model.rowCount() == 24
    qtmodeltester.check(model)


def test_sorting_the_comparison_table_by_a_scenario_orders_its_numbers_and_puts_n_a_last(qtbot, window):
    wait_idle(qtbot, window)
    model = window.results.model
    column = 2 + list(model.scenarios).index("No allocation")
    model.sort(column, Qt.SortOrder.DescendingOrder)
    values = [model.index(r, column).data(VALUE_ROLE) for r in range(model.rowCount())]
    shown = [v for v in values if v is not None]
    assert shown == sorted(shown, reverse=True) and values[len(shown):] == [None] * (len(values) - len(shown))
    model.sort(-1)
    assert model.headline(0).key == "household_200_units_bill_change_pkr_per_month"  # reading order again


def test_hovering_a_bar_names_its_value_and_unit(qtbot, window, stress):
    click_scenario(qtbot, window, "Stress")
    wait_idle(qtbot, window, ["Stress"])
    show_tab(window, "Grid")
    chart = window.views.monthly
    qtbot.waitUntil(lambda: chart.drawn_for is not None)
    nuclear = stress.frames["monthly"]["gen_nuclear_gwh"].iat[0]  # the bottom of July's stack
    assert chart.tips.text_at(0.0, nuclear / 2) == f"Nuclear, Jul: {nuclear:,.0f} GWh"
    assert chart.tips.text_at(0.5, nuclear / 2) is None  # between two months' bars
