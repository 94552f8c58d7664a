"""Pass or fail per party in the Key numbers tab: each cell is a direct comparison of the scenario's results
with the party's thresholds, and follows a typed red line, its undo and redo."""
from __future__ import annotations

from tests.gui import type_into_cell, wait_idle
from workbench.core.parties import HEADLINES
from workbench.ui.itemmodels.party_verdicts import FIXED


def _by_hand(party, keys) -> str:  # type: ignore[no-untyped-def]
    """PASS/FAIL/- from the thresholds directly: each value rounded as shown, compared with <= or >=, and a
    zero threshold also on the horizon sum when the study has one (the rule written in core/parties)."""
    crossed, applied = 0, 0
    for line in party.lines:
        value = keys.get(line.key)
        if value is None or value != value:
            continue
        applied += 1
        judged = [value] + ([keys[f"horizon_{line.key}"]] if line.threshold == 0 and
                            keys.get(f"horizon_{line.key}") is not None else [])
        d = HEADLINES[line.key].decimals
        ok = all((round(v, d) <= line.threshold) if line.op == "<=" else (round(v, d) >= line.threshold)
                 for v in judged)
        crossed += not ok
    if applied == 0:
        return "-"
    return "PASS" if crossed == 0 else f"FAIL ({crossed}/{applied})"


def _cells(window) -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    model = window.results.parties.model
    return {(window.state.project.parties[r].name, name): model.index(r, len(FIXED) + c).data()
            for r in range(model.rowCount()) for c, name in enumerate(model.scenarios)}


def _expected(window) -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    out = {}
    for name in window.results.parties.model.scenarios:
        keys = window.state.result(name).key_results
        for p in window.state.project.parties:
            out[(p.name, name)] = "-" if _baseline(keys) else _by_hand(p, keys)
    return out


def _baseline(keys) -> bool:  # type: ignore[no-untyped-def]
    from workbench.core.headlines import is_baseline
    return is_baseline(dict(keys))


def test_every_compared_scenario_shows_pass_or_fail_per_party(qtbot, window):
    window.tabs.setCurrentWidget(window.results)
    wait_idle(qtbot, window)
    cells = _cells(window)
    assert len(cells) == len(window.state.project.parties) * len(window.results.parties.model.scenarios) > 0
    assert cells == _expected(window)
    words = set(cells.values())
    assert "PASS" in words and any(w.startswith("FAIL") for w in words)  # the example has both
    # A failing cell's tooltip names the crossed line with the value.
    model = window.results.parties.model
    r, c = next((r, c) for r in range(model.rowCount()) for c in range(len(model.scenarios))
                if str(model.index(r, len(FIXED) + c).data()).startswith("FAIL"))
    verdict = model.verdict(r, model.scenarios[c])
    tip = model.index(r, len(FIXED) + c).data(0x03)  # ToolTipRole
    assert all(line.text in tip for line in verdict.crossed)


def test_a_typed_red_line_and_its_undo_change_the_verdicts(qtbot, window):
    window.tabs.setCurrentWidget(window.results)
    wait_idle(qtbot, window)
    before = _cells(window)
    window.docks["parties"].raise_()
    table = window.parties.table
    key = "large_load_effective_tariff_pkr_per_kwh"
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Investors"
               and table.item(r, 1).text() == key)
    # A tariff cap of 0 PKR/kWh: every scenario with new loads pays more, so Investors fail everywhere scored.
    type_into_cell(qtbot, table, table.model().index(row, 3), "0")
    after = _cells(window)
    assert after == _expected(window) and after != before
    assert all(after[("Investors", n)] != "PASS" for n in window.results.parties.model.scenarios)
    window.state.undo_stack.undo()
    assert _cells(window) == before
    window.state.undo_stack.redo()
    assert _cells(window) == after
