"""The window's Reserve tab (issue 14, part 4): the reserve option of the current scenario.

Expected numbers come from a separate engine run of the scenario, read with plain pandas here.
"""
from __future__ import annotations

import pytest

from tests.gui import click_scenario, wait_idle
from workbench.core.project import resolve
from workbench.models.evaluate import evaluate

MINING = "State mining into the reserve"


def show_tab(window, title):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index(title))


@pytest.fixture(scope="module")
def mining(example_session):  # type: ignore[no-untyped-def]
    s = example_session
    return evaluate(resolve(s.project, MINING, s.catalogue), s.dataset, frames=True)


def cell(table, row_label, column):  # type: ignore[no-untyped-def]
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    return table.item(rows[row_label], column).text()


def test_the_reserve_tab_shows_the_engines_reserve_for_the_current_scenario(qtbot, window, mining):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, MINING)
    show_tab(window, "Reserve")
    wait_idle(qtbot, window, [MINING])
    panel = window.reserve
    k = mining.key_results
    qtbot.waitUntil(lambda: panel.comparison.rowCount() > 0, timeout=5000)
    assert MINING in panel.heading.text() and "2,000 MW" in panel.heading.text()
    assert cell(panel.comparison, "Bitcoin mined", 2) == f"{k['reserve_btc_per_year']:,.0f}"
    assert cell(panel.comparison, "Bitcoin mined", 3) == "n/a"  # selling mines nothing
    assert cell(panel.comparison, "Break-even bitcoin price (value equals cost)", 2) == \
        f"{k['reserve_break_even_btc_usd']:,.0f}"
    assert cell(panel.comparison, "Value less cost / contribution to fixed cost", 3) == \
        f"{k['reserve_tariff_contribution_pkr_bn']:,.1f}"
    years = mining.frames["reserve_years"]
    assert [panel.years.item(r, 0).text() for r in range(panel.years.rowCount())] == \
        [f"FY{y}" for y in years["fy"]]
    assert panel.years.item(4, 2).text() == f"{years['btc'].iloc[4]:,.0f}"  # FY2030, after the halving
    # The chart draws the same years, cost and value; the bitcoin mined labels each year.
    rows = panel.chart.rows()
    assert rows[0] == ["fy", "btc", "cost_pkr_bn", "value_pkr_bn", "tariff_contribution_pkr_bn"]
    assert [r[3] for r in rows[1:]] == pytest.approx(list(years["value_pkr_bn"]))
    assert panel.chart._items["btc0"].toPlainText() == f"{years['btc'].iloc[0]:,.0f}\nBTC"
    assert window.grab().save("/tmp/reserve.png")  # the whole window at 1366 x 768, looked at


def test_a_scenario_without_state_mining_says_how_to_get_one(qtbot, window):
    wait_idle(qtbot, window)
    show_tab(window, "Reserve")
    click_scenario(qtbot, window, "Government proposal")
    wait_idle(qtbot, window, ["Government proposal"])
    panel = window.reserve
    qtbot.waitUntil(lambda: "has no state-mining load" in panel.absent.text(), timeout=5000)
    assert panel.absent.isVisible() and "'Government proposal'" in panel.absent.text()


def test_the_state_mining_inputs_are_in_the_editors(qtbot, window):
    click_scenario(qtbot, window, MINING)
    for key in ("fee_share_pct", "network_hashrate_growth_pct", "btc_price_growth_pct", "btc_price_fall_pct"):
        assert window.assumptions.source_index(key).isValid(), key
    labels = [f.label for f in window.loads.model.fields]  # the large-load table's columns
    assert "Machine efficiency (state mining)" in labels and "Machine price (state mining)" in labels
