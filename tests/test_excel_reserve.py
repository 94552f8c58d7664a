"""The brief's Reserve option and Process and legal status sheets (issue 14, part 5)."""
from __future__ import annotations

import pytest

from tests.test_excel_layout import example_brief  # noqa: F401 (the fixture)
from workbench.core.gates import STATUS_LABELS, GateRecord, permission
from workbench.io.gates_loader import load_gates

MINING = "State mining into the reserve"


def rows_of(ws):
    return {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None}


def test_the_reserve_option_sets_mining_beside_selling_with_the_engines_numbers(example_brief):  # noqa: F811
    wb, results, _ = example_brief
    ws = wb["Reserve option"]
    k = next(r for r in results if r.name == MINING).key_results
    rows = rows_of(ws)
    assert f"{MINING}: FY2026, the first study year" in rows
    header = rows["Measure"]
    assert [ws.cell(header, c).value for c in range(1, 5)] == ["Measure", "Unit", "Mine into the reserve",
                                                                "Sell at the tariff"]

    def cells(label):
        r = rows[label]
        return ws.cell(r, 2).value, ws.cell(r, 3).value, ws.cell(r, 4).value

    assert cells("Bitcoin mined") == ("BTC", pytest.approx(k["reserve_btc_per_year"]), "n/a")
    assert cells("Break-even bitcoin price (value equals cost)")[1] == pytest.approx(k["reserve_break_even_btc_usd"])
    assert cells("Break-even tariff (contribution is zero)")[1:] == (
        "n/a", pytest.approx(k["reserve_break_even_tariff_pkr_per_kwh"]))
    unit, mine, sell = cells("Value less cost / contribution to fixed cost")
    assert unit == "PKR bn" and mine == pytest.approx(k["reserve_net_pkr_bn"])
    assert sell == pytest.approx(k["reserve_tariff_contribution_pkr_bn"])
    # The cost lines add up to the reserve's cost; both options bear the same energy and network cost.
    parts = ["Incremental energy cost the grid bears", "Network charges", "Machines, written off over their life",
             "Operations"]
    assert sum(cells(p)[1] for p in parts) == pytest.approx(k["reserve_cost_pkr_bn"])
    assert cells(parts[0])[1] == cells(parts[0])[2] and cells(parts[1])[1] == cells(parts[1])[2]
    # A 50 % fall in the bitcoin price halves the value; selling is not exposed to it.
    assert cells("Change in value if bitcoin falls 50%")[1:] == (pytest.approx(-k["reserve_value_pkr_bn"] / 2), 0)


def test_the_reserve_chart_is_native_and_reads_the_table_by_year(example_brief):  # noqa: F811
    wb, results, _ = example_brief
    ws = wb["Reserve option"]
    result = next(r for r in results if r.name == MINING)
    years = result.frames["reserve_years"]
    first = rows_of(ws)["Fiscal year"]
    assert [ws.cell(first + 1 + i, 1).value for i in range(5)] == [f"FY{y}" for y in range(2026, 2031)]
    btc = [ws.cell(first + 1 + i, 3).value for i in range(5)]
    assert btc == pytest.approx(list(years["btc"]))
    assert sum(btc) == pytest.approx(result.key_results["horizon_reserve_btc"])
    assert btc[3] < btc[2] < btc[1]  # FY2028 has three halved months, FY2029 twelve
    (chart,) = ws._charts
    bars, line = chart, chart._charts[1]
    assert bars.series[0].val.numRef.f == f"'Reserve option'!$C${first + 1}:$C${first + 5}"
    assert line.series[0].val.numRef.f == f"'Reserve option'!$D${first + 1}:$D${first + 5}"
    assert line.y_axis.axId == 200 and line.y_axis.crosses == "max"  # the cost on its own axis


def test_the_reserve_assumptions_carry_their_sources(example_brief):  # noqa: F811
    wb, _, _ = example_brief
    ws = wb["Reserve option"]
    rows = rows_of(ws)
    price = rows["Bitcoin price"]
    assert ws.cell(price, 2).value == 104_000 and ws.cell(price, 3).value == "USD"
    assert "Luxor" in ws.cell(price, 4).value and "(Nov-2025)" in ws.cell(price, 4).value
    machine = next(r for label, r in rows.items() if label.startswith("Machine price (state mining)"))
    assert ws.cell(machine, 2).value == 15 and "[Estimate]" in ws.cell(machine, 4).value
    assert ws.cell(rows["Next halving, then one every"], 2).value == "2028-04"


def test_the_reserve_sheet_says_so_when_no_scenario_mines(example_session, tmp_path):
    from openpyxl import load_workbook

    from workbench.core.project import resolve
    from workbench.io.excel import write_brief
    from workbench.models.evaluate import evaluate

    s = example_session
    results = [evaluate(resolve(s.project, "Government proposal", s.catalogue), s.dataset, frames=True)]
    write_brief(str(tmp_path / "b.xlsx"), s.project, s.catalogue, s.dataset, results)
    ws = load_workbook(tmp_path / "b.xlsx")["Reserve option"]
    assert ws["A4"].value.startswith("No scenario in this brief mines into the reserve")


def test_the_process_sheet_records_every_gate_and_the_log_without_advising(example_brief):  # noqa: F811
    wb, results, project = example_brief
    ws = wb["Process and legal status"]
    assert "does not give legal advice" in ws["A2"].value
    rows = rows_of(ws)
    gates = load_gates()
    for result in results:
        scenario = project.scenario(result.name)
        heading = f"{result.name}: {permission(scenario.gates, gates).describe()}"
        start = rows[heading]
        records = [scenario.gates.get(gate.id, GateRecord()) for gate in gates]
        if len(set(records)) == 1:  # all alike (the baseline, a scenario with no record): one line says it
            line = ws.cell(start + 1, 1).value
            assert line.startswith(f"Every gate: {STATUS_LABELS[records[0].status]}")
            assert records[0].evidence.rstrip(".") in line and ws.cell(start + 2, 1).value != gates[0].name
            continue
        for i, (gate, record) in enumerate(zip(gates, records)):
            r = start + 2 + i
            assert ws.cell(r, 1).value == gate.name
            assert ws.cell(r, 2).value == STATUS_LABELS[record.status]
            assert (ws.cell(r, 5).value or "") == record.evidence
    assert rows["No allocation: no gate needed"]
    assert ws.cell(rows["Stress: not yet permitted: 0 of 6 gates granted"] + 1, 1).value == "Every gate: not started."
    log = rows[f"{MINING}: consultation log"]
    assert ws.cell(log + 2, 1).value == "2026-01-20" and "illustrative" in ws.cell(log + 2, 2).value
    assert f"{MINING}: not yet permitted: 1 of 6 gates granted" in rows
    # The gates themselves are listed once, with their legal basis.
    reference = rows["The gates (resources/gates.csv)"] + 2
    assert [ws.cell(reference + i, 1).value for i in range(len(gates))] == [g.name for g in gates]
    assert ws.cell(reference, 5).value == gates[0].legal_basis and ws.cell(reference, 7).value == gates[0].typical_days


def test_the_examples_state_mining_gates_are_marked_illustrative(example_session):
    scenario = example_session.project.scenario(MINING)
    assert len(scenario.gates) == len(load_gates())
    assert all(record.evidence.startswith("Illustrative") for record in scenario.gates.values())
    assert all("illustrative" in entry.who.lower() + entry.outcome.lower() for entry in scenario.consultations)
    assert "illustrative" in scenario.notes and "halving" in scenario.notes
