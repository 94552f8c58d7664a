"""Two sheets of the brief for issue 14: the reserve option and each scenario's process.

"Reserve option": for each scenario with a state-mining load, mining into the bitcoin reserve
beside selling the same energy at the scenario's tariff, its assumptions with their sources, a
table by fiscal year and a native chart of the bitcoin mined and its cost by year.
"Process and legal status": each scenario's institutional gates and consultation log as the
project records them. Neutral words throughout: the workbench records; it gives no legal advice.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from workbench.core.gates import STATUS_LABELS, GateRecord, permission
from workbench.core.headlines import has_reserve
from workbench.core.reserve_rows import YEAR_COLUMNS, comparison_rows
from workbench.core.results import ScenarioResult
from workbench.io.excel_cells import print_setup, put
from workbench.io.gates_loader import load_gates
from workbench.models.reserve import STATE_MINING

if TYPE_CHECKING:
    from workbench.io.excel import Brief

RESERVE_SHEET, PROCESS_SHEET = "Reserve option", "Process and legal status"
# Scenario parameters and load fields the reserve reads, in the order the sheet lists them.
SCENARIO_INPUTS = ("btc_price_usd", "btc_price_growth_pct", "btc_price_fall_pct", "network_hashrate_eh_s",
                   "network_hashrate_growth_pct", "block_reward_btc", "fee_share_pct", "pkr_per_usd",
                   "tmo_charge_pkr_per_kwh")
LOAD_INPUTS = ("mw", "load_factor", "machine_efficiency_j_per_th", "machine_price_usd_per_th", "machine_life_years",
               "operations_usd_per_mwh", "tariff_pkr_per_kwh", "payment_recovery_pct")


def reserve_sheet(brief: "Brief") -> None:
    from workbench.io import excel as x  # the brief's styles (excel.py imports this module lazily)

    ws = brief.wb.create_sheet(RESERVE_SHEET)
    first = x._title(ws, "Reserve option: mine the power into the bitcoin reserve, or sell it?",
                     "For each scenario with a state-mining load: the bitcoin the state's own machines would mine "
                     "on the energy the grid serves them, what that costs, and the same energy sold at the "
                     "scenario's tariff instead. Bitcoin is valued at the price path below, not forecast.")
    ws.merge_cells("A2:I2")
    ws["A2"].alignment = x.WRAP
    mining = [r for r in brief.results if has_reserve(r.key_results)]
    row = first
    if not mining:
        none = ("No scenario in this brief mines into the reserve: give a large load the kind 'State mining (into "
                "the bitcoin reserve)' to see the option.")
        put(ws.cell(row=row, column=1), none).font = x.NOTE
    for n, result in enumerate(mining):
        if n:
            ws.row_breaks.append(Break(id=row - 1))
        row = _reserve_block(brief, ws, row, result)
    x._widths(ws, [44, 13, 15, 15, 14, 16, 16, 15, 18])
    print_setup(ws, "1:2")


def _reserve_block(brief: "Brief", ws: Worksheet, row: int, result: ScenarioResult) -> int:
    from workbench.io import excel as x

    k, name = result.key_results, result.name
    fy = brief.years[name]
    put(ws.cell(row=row, column=1), f"{name}: FY{fy}, the first study year").font = x.SUBTITLE
    x._header(ws, row + 1, ["Measure", "Unit", "Mine into the reserve", "Sell at the tariff"], right=(3, 4))
    fall = brief.resolved[name].values["btc_price_fall_pct"]
    lines = comparison_rows(k, fall)
    for i, (label, unit, mine, sell, decimals) in enumerate(lines):
        r = row + 2 + i
        put(ws.cell(row=r, column=1), label).alignment = x.WRAP
        put(ws.cell(row=r, column=2), unit)
        for col, value in ((3, mine), (4, sell)):
            cell = put(ws.cell(row=r, column=col), float("nan") if value is None else value, x.FORMATS[decimals],
                       missing_ok=True)
            cell.alignment = Alignment(horizontal="right", vertical="top")
        for c in range(1, 5):
            ws.cell(row=r, column=c).border = x.THIN
    r = row + 2 + len(lines)
    note = put(ws.cell(row=r, column=1), (
        "Both options bear the same incremental energy cost (the dispatch with the loads against the same year "
        "without them) and network charge. Selling puts the bitcoin-price risk on the buyer, whose ability to pay "
        "falls with the price; mining puts it on the budget. n/a: the measure does not apply to that option. The "
        "range of the reserve's value over the uncertain inputs, the bitcoin price among them, is what the "
        "workbench's Monte Carlo gives (P10, P50, P90)."))
    note.font, note.alignment = x.NOTE, x.WRAP
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
    _years_block(ws, r + 2, result, chart_at=f"F{row + 1}")  # the chart beside the comparison
    r += 4 + len(result.frames["reserve_years"])
    ws.row_breaks.append(Break(id=r))  # the assumptions start a page of their own
    return _inputs_block(brief, ws, r + 1, name) + 2


def _years_block(ws: Worksheet, row: int, result: ScenarioResult, chart_at: str) -> None:
    from workbench.io import excel as x

    years = result.frames["reserve_years"]
    put(ws.cell(row=row, column=1), f"{result.name}: by fiscal year (the halving of April 2028 halves the "
                                    "bitcoin mined from then on)").font = x.SUBTITLE
    x._header(ws, row + 1, [label for _, label, _ in YEAR_COLUMNS], right=range(2, len(YEAR_COLUMNS) + 1))
    for i, values in enumerate(years.to_dict("records")):
        r = row + 2 + i
        for c, (key, _, decimals) in enumerate(YEAR_COLUMNS, start=1):
            value = values[key]
            put(ws.cell(row=r, column=c), f"FY{int(value)}" if key == "fy" else float(value),
                None if key == "fy" else x.FORMATS[decimals], missing_ok=True)
    last = row + 1 + len(years)
    bars = BarChart()
    bars.title = "Bitcoin mined (BTC) and its cost (PKR bn) by year"
    bars.y_axis.title = "BTC"  # no x-axis title: LibreOffice prints a shared one twice
    bars.add_data(Reference(ws, min_col=3, min_row=row + 1, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=row + 2, max_row=last))
    bars.y_axis.majorGridlines = None
    cost = LineChart()
    cost.add_data(Reference(ws, min_col=4, min_row=row + 1, max_row=last), titles_from_data=True)
    cost.y_axis.axId, cost.y_axis.title = 200, "PKR bn"
    cost.y_axis.crosses = "max"  # the cost's axis on the right
    bars.y_axis.scaling.min = cost.y_axis.scaling.min = 0  # from zero: a cut axis made a 15% fall look like 70%
    bars.y_axis.number_format = cost.y_axis.number_format = "#,##0"  # whole BTC and PKR bn, not "50.0"
    for series in cost.series:
        series.smooth = False
    bars += cost
    bars.legend.position = "b"
    bars.height, bars.width = 8, 15
    ws.add_chart(bars, chart_at)
    put(ws.cell(row=last + 1, column=1), f"Chart data: {x._range(ws, 1, row + 1, 4, last)} (bars: bitcoin, "
                                         "left axis; line: cost, right axis)").font = x.NOTE


def _inputs_block(brief: "Brief", ws: Worksheet, row: int, name: str) -> int:
    from workbench.io import excel as x

    resolved = brief.resolved[name]
    put(ws.cell(row=row, column=1), f"{name}: the assumptions behind it").font = x.SUBTITLE
    x._header(ws, row + 1, ["Assumption", "Value", "Unit", "Source of the value", "", "", "", "", ""], right=(2,))
    ws.merge_cells(start_row=row + 1, start_column=4, end_row=row + 1, end_column=9)
    rows: list[tuple[str, Any, str, str]] = []
    for key in SCENARIO_INPUTS:
        p = brief.catalogue[key]
        origin = resolved.origin[key]
        rows.append((p.label, resolved.values[key], p.unit,
                     p.source if origin == "data set" else f"Set in scenario '{origin}'"))
    state = [load for load in resolved.large_loads if load.get("kind") == STATE_MINING]  # the editor's mappings
    for key in LOAD_INPUTS:
        f = brief.catalogue.load_fields[key]
        values = list(dict.fromkeys(load[key] for load in state))
        own = f.default is None or any(load[key] != f.default for load in state)  # else the default's source
        rows.append((f"{f.label} (each state-mining load)" if len(state) > 1 else f.label,
                     values[0] if len(values) == 1 else " / ".join(f.format(v) for v in values), f.unit,
                     "Set on the large loads" if own else f.source))
    rows.append(("Next halving, then one every", brief.dataset.text("bitcoin.next_halving"),
                 f"{brief.dataset.number('bitcoin.halving_interval_years'):g} years",
                 brief.dataset.citation(brief.dataset.datum("bitcoin.next_halving")) + " [Estimate]: "
                 + brief.dataset.datum("bitcoin.next_halving").note))
    for i, (label, value, unit, source) in enumerate(rows):
        r = row + 2 + i
        put(ws.cell(row=r, column=1), label).alignment = x.WRAP
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        put(ws.cell(row=r, column=2), value, _decimals(value) if numeric else None).alignment = \
            Alignment(horizontal="right", vertical="top")
        x._pad(put(ws.cell(row=r, column=3), unit))
        put(ws.cell(row=r, column=4), source).alignment = x.WRAP
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=9)
    return row + 1 + len(rows)


def process_sheet(brief: "Brief") -> None:
    from workbench.io import excel as x

    ws = brief.wb.create_sheet(PROCESS_SHEET)
    first = x._title(ws, "Process and legal status of each scenario",
                     "The institutional steps a scenario needs before it may go ahead, where each stands and the "
                     "consultations held, as the project's authors recorded them. The workbench records these "
                     "steps; it does not give legal advice. A gate with no record is not started.")
    ws.merge_cells("A2:G2")
    ws["A2"].alignment = x.WRAP
    gates = load_gates()
    # The gates once (reference data), then each scenario's record of them: no legal basis repeated.
    put(ws.cell(row=first, column=1), "The gates (resources/gates.csv)").font = x.SUBTITLE
    _row(ws, first + 1, ["Gate", "Body", "Legal basis", "What it requires", "Typical days"], (1, 2, 5, 6, 7),
         header=True)
    for i, gate in enumerate(gates):
        _row(ws, first + 2 + i, [gate.name, gate.body, gate.legal_basis, gate.requires, gate.typical_days],
             (1, 2, 5, 6, 7))
    row = first + 2 + len(gates) + 2
    blocks = brief.keep_together[PROCESS_SHEET] = []  # each scenario's gates and log on one page
    for name in brief.names:
        start = row
        scenario = brief.project.scenario(name)
        status = permission(scenario.gates, gates)
        put(ws.cell(row=row, column=1), f"{name}: {status.describe()}").font = x.SUBTITLE
        records = [scenario.gates.get(gate.id, GateRecord()) for gate in gates]
        if len(set(records)) == 1:  # six rows of the same "not started" say less than one line
            same = records[0]
            said = ", ".join(p for p in (f"Every gate: {STATUS_LABELS[same.status]}", same.date, same.owner) if p)
            said += f". {same.evidence.rstrip('.')}." if same.evidence else "."
            put(ws.cell(row=row + 1, column=1), said).alignment = x.WRAP
            ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=7)
            row += 2
        else:
            _row(ws, row + 1, ["Gate", "Status", "Date", "Owner", "Evidence"], (1, 2, 3, 4, 5), header=True)
            for i, (gate, record) in enumerate(zip(gates, records)):
                _row(ws, row + 2 + i, [gate.name, STATUS_LABELS[record.status], record.date or None,
                                       record.owner or None, record.evidence or None], (1, 2, 3, 4, 5))
            row += 2 + len(gates)
        log = scenario.consultations
        put(ws.cell(row=row, column=1), f"{name}: consultation log" +
            ("" if log else ": no consultation recorded")).font = x.BOLD if log else x.NOTE
        if log:
            _row(ws, row + 1, ["Date", "Who was consulted", "On what", "Outcome"], (1, 2, 5, 6), header=True)
            for i, entry in enumerate(log):
                _row(ws, row + 2 + i, [entry.date, entry.who, entry.topic, entry.outcome or None], (1, 2, 5, 6))
            row += 1 + len(log)
        blocks.append((start, row))
        row += 2
    x._widths(ws, [30, 13, 11, 22, 40, 40, 10])
    print_setup(ws, "1:2")


def _row(ws: Worksheet, r: int, values: list[Any], columns: tuple[int, ...], header: bool = False) -> None:
    """One row of the process sheet: each value from its column up to the next value's (merged)."""
    from workbench.io import excel as x

    ends = [c - 1 for c in columns[1:]] + [7]
    if header:
        x._header(ws, r, [""] * 7, right=(7,) if 7 in columns else ())
    for value, start, end in zip(values, columns, ends):
        numeric = isinstance(value, int)
        cell = put(ws.cell(row=r, column=start), value, x.FORMATS[0] if numeric else None)
        if header:
            cell.font, cell.fill = x.HEADER, x.HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom" if header else "top",
                                   horizontal="right" if start == 7 else None)
        if end > start:
            ws.merge_cells(start_row=r, start_column=start, end_row=r, end_column=end)
    if not header:
        for c in range(1, 8):
            ws.cell(row=r, column=c).border = x.THIN


def _decimals(value: float) -> str:
    """As many decimals as the value has, up to three (3.125 BTC a block, not 3.13)."""
    from workbench.io.excel import FORMATS

    shown = next((d for d in range(4) if round(value, d) == value), 3)
    return FORMATS[shown]
