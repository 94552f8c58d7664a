"""How the brief falls into pages: blocks kept whole, wide tables in bands, labels and axes a reader trusts."""
from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.test_excel_layout import example_brief  # noqa: F401 (the fixture)
from workbench.core.headlines import HORIZON_NUMBERS
from workbench.io import excel_layout as layout
from workbench.io.excel import TARIFF_BAND


def sheet_with_rows(count: int, height: float, column_width: float):
    ws = Workbook().active
    ws.column_dimensions["A"].width = column_width
    for r in range(1, count + 1):
        ws.cell(r, 1, f"row {r}")
        ws.row_dimensions[r].height = height
    return ws


def test_a_block_that_would_run_past_the_foot_of_a_page_starts_the_next():
    # One column of 100 characters: 0.75 * (7 * 100 + 5) = 528.75 pt, narrower than A4 landscape's
    # 842 - 72 * (0.75 + 0.75) = 734 pt, so nothing shrinks. A page holds 595 - 72 * (1 + 1) = 451 pt,
    # less the two title rows repeated on it (2 x 20 pt): 411 pt.
    ws = sheet_with_rows(40, 20, 100)
    assert layout.printed_scale(ws) == 1.0
    # Block A: rows 3-12 (200 pt); rows 13-14 apart (40 pt); block B: rows 15-24 (200 pt): 440 > 411, so B
    # starts a page (a break after row 14). Block C, rows 25-26, fits under B (200 + 40 <= 411).
    layout.keep_together(ws, [(3, 12), (15, 24), (25, 26)], repeated_rows=2)
    assert [b.id for b in ws.row_breaks.brk] == [14]


def test_a_wide_sheet_shrinks_so_fewer_rows_fit_a_page():
    # 200 characters: 0.75 * 1,405 = 1,053.75 pt, printed at 734 / 1,053.75 = 0.6966, so a page holds
    # 451 / 0.6966 - 40 = 607.4 pt of rows: blocks of 300 pt go two to a page (300 + 300 <= 607.4),
    # and a third starts the next page.
    ws = sheet_with_rows(60, 20, 200)
    assert layout.printed_scale(ws) == pytest.approx(734 / 1053.75)
    layout.keep_together(ws, [(3, 17), (18, 32), (33, 47)], repeated_rows=2)
    assert [b.id for b in ws.row_breaks.brk] == [32]


def test_a_block_taller_than_a_page_is_started_on_a_fresh_page_and_left_to_run_on():
    ws = sheet_with_rows(80, 20, 100)
    layout.keep_together(ws, [(3, 4), (5, 70), (71, 72)], repeated_rows=2)
    assert [b.id for b in ws.row_breaks.brk] == [4, 70]


def test_tariffs_of_many_scenarios_print_in_bands_each_with_its_header(example_brief):  # noqa: F811
    wb, results, _ = example_brief
    ws = wb["Tariffs"]
    headers = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Category"]
    bands = [results[i:i + TARIFF_BAND] for i in range(0, len(results), TARIFF_BAND)]
    assert len(results) > TARIFF_BAND and len(headers) == len(bands) == 2
    assert [b.id for b in ws.row_breaks.brk] == [headers[1] - 1]  # the second band starts a page
    for header, band in zip(headers, bands):
        assert ws.cell(header, 4 + 2 * len(band)).value is None  # no column past the band's scenarios
        for j, result in enumerate(band):
            assert ws.cell(header, 5 + 2 * j).value == f"{result.name}: with new loads"
            table = result.frames["category_tariffs"]
            table = table[table["fy"] == table["fy"].min()] if "fy" in table else table
            assert ws.cell(header + 1, 5 + 2 * j).value == pytest.approx(table["with_new_loads_pkr_per_kwh"].iloc[0])
    assert ws.print_title_rows == "$1:$3"  # the title only: each band brings its own header


def test_each_scenarios_process_record_is_kept_on_one_page(example_brief):  # noqa: F811
    wb, results, _ = example_brief
    ws = wb["Process and legal status"]
    starts = [r for r in range(1, ws.max_row + 1) if any(str(ws.cell(r, 1).value or "").startswith(f"{x.name}: ")
                                                          and ws.cell(r, 1).font.size == 12 for x in results)]
    assert len(starts) == len(results)
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks and all(b + 1 in starts for b in breaks)  # a page only ever ends just before a scenario


def test_whole_horizon_labels_keep_acronyms_and_lower_the_rest():
    titles = {h.key: h.title for h in HORIZON_NUMBERS}
    assert len(titles) == len(set(titles.values())) == len(HORIZON_NUMBERS)  # energy delivered was listed twice
    assert titles["horizon_marginal_co2_mt"] == "Whole horizon: CO2 added by the new loads"
    assert titles["horizon_imf_price_gap_marginal_pkr_bn"].startswith("Whole horizon: IMF price-gap")
    assert titles["horizon_large_load_contribution_pkr_bn"] == "Whole horizon: new loads' contribution to fixed cost"


def test_the_reserve_chart_counts_both_axes_from_zero(example_brief):  # noqa: F811
    wb, _, _ = example_brief
    (chart,) = wb["Reserve option"]._charts
    bars, line = chart._charts
    assert bars.y_axis.scaling.min == 0 and line.y_axis.scaling.min == 0


def test_a_loads_field_its_kind_or_scheme_does_not_use_reads_not_used(example_brief):  # noqa: F811
    """The sheet showed a PUE of 1.56 for every miner and Rs 23/kWh for the data centres paying in dollars."""
    from workbench.io.excel import NOT_USED
    wb, _, project = example_brief
    ws = wb["Large loads"]
    labels = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    names = {ws.cell(5, c).value: c for c in range(3, ws.max_column + 1)}

    def shown(field_label, load):
        return ws.cell(labels[field_label], names[load]).value
    # Mixed: AI data centres (kind ai_data_centre, paying USD/kWh) beside miners (flat PKR/kWh).
    assert shown("Power usage effectiveness (data centres)", "AI data centres") == 1.3
    assert shown("Power usage effectiveness (data centres)", "Miners at Sahiwal") == NOT_USED
    assert shown("Tariff in dollars", "AI data centres") == 0.1 and shown("Tariff", "AI data centres") == NOT_USED
    assert shown("Tariff", "Miners at Sahiwal") == 23 and shown("Tariff in dollars", "Miners at Sahiwal") == NOT_USED
    assert shown("Machine efficiency (state mining)", "State miners at Sahiwal") == 17.5
    assert shown("Machine efficiency (state mining)", "Miners at Sahiwal") == NOT_USED
    assert shown("Take-or-pay minimum", "Miners at Sahiwal") == NOT_USED  # a flat tariff has no minimum
    assert shown("Payment recovery", "AI data centres") == 100  # every load has a payment record
