"""The brief's layout without LibreOffice (issue 12, parts 1, 3 and 4): every cell fits its row,
numbers and verdicts have cells of their own, the baseline is not scored against itself, and the
reader sees words, never codes.

The row-height estimate is in workbench/io/excel_layout.py; tests/test_excel_render.py checks the
real PDF where LibreOffice is installed.
"""
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from workbench.core.gates import permission
from workbench.core.headlines import BASELINE, KEY_NUMBERS
from workbench.core.parameters import CHOICE, CHOICE_LABELS, MONTH_SET
from workbench.core.project import Scenario, resolve
from workbench.io import excel_layout as layout
from workbench.io.excel import write_brief
from workbench.io.gates_loader import load_gates
from workbench.models.evaluate import evaluate

LONG = "Government proposal with a much longer scenario name than fits a column"


@pytest.fixture(scope="module")
def example_brief(example_session, tmp_path_factory):
    """The example project's own brief (every scenario), plus one scenario with a long name."""
    project = example_session.project.with_scenario(Scenario(LONG, "Government proposal", {"pkr_per_usd": 300.0},
                                                             notes="A long name wraps in a tall header."))
    names = [*example_session.project.names(), LONG]
    results = [evaluate(resolve(project, n, example_session.catalogue), example_session.dataset, frames=True)
               for n in names]
    path = tmp_path_factory.mktemp("layout") / "brief.xlsx"
    write_brief(str(path), project, example_session.catalogue, example_session.dataset, results)
    return load_workbook(path), results, project


def test_no_cell_of_any_sheet_would_be_cut_or_run_into_its_neighbour(example_brief):
    wb, _, _ = example_brief
    found = [p for ws in wb.worksheets for p in layout.problems(ws)]
    assert found == []


def test_the_estimate_catches_a_fixed_row_height_and_touching_cells():
    """The check fails on the old cover (a three-line paragraph in a 32-point row) and the old
    'Input hash' label running into its hash."""
    ws = Workbook().active
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 60
    ws["A1"] = "word " * 60  # 300 characters: at least 300 / 90 wide = 4 lines, over 45 pt
    ws["A1"].alignment = Alignment(wrap_text=True)
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 32
    ws["A2"] = "Input hash: Curtailable, winter-weighted"  # 40 characters in a 30-wide column
    ws["B2"] = "e49e3b38e340855b2d4219c3d52856adee5cae6c17d4b03123735d4acef220bf"
    found = layout.problems(ws)
    assert any(p.startswith("Sheet!A1: needs") for p in found)
    assert any(p.startswith("Sheet!A2:") and "wider" in p for p in found)
    layout.fit(ws)
    assert layout.problems(ws) == []
    assert ws.row_dimensions[1].height >= 4 * 11  # four lines of 11-point text at least


def test_wrapped_lines_counts_words_not_characters():
    assert layout.wrapped_lines("aaa bbb ccc", 7) == 2  # "aaa bbb" / "ccc"
    assert layout.wrapped_lines("aaa bbb ccc", 6) == 3
    assert layout.wrapped_lines("x" * 25, 10) == 3  # a long word is broken
    assert layout.wrapped_lines("one\ntwo", 40) == 2
    # LibreOffice breaks after a hyphen: "Curtailable," / "winter-" / "weighted:" / "without new" / "loads"
    assert layout.wrapped_lines("Curtailable, winter-weighted: without new loads", 12) == 5


def _header(ws, row=4):
    return [c.value for c in ws[row]]


def test_key_numbers_give_each_value_and_verdict_a_cell_and_align_headers(example_brief):
    wb, results, _ = example_brief
    ws = wb["Key numbers"]
    header = _header(ws)
    for result in results:
        col = header.index(result.name) + 1
        assert header[col] == "Verdict"  # the next column is the verdict's own
        assert ws.cell(4, col).alignment.horizontal == "right"  # over right-aligned numbers
        assert ws.cell(4, col + 1).alignment.horizontal == "center"
        for r in range(5, 5 + len(KEY_NUMBERS)):
            value, mark = ws.cell(r, col), ws.cell(r, col + 1)
            assert not isinstance(value.value, str) or value.value == "n/a"
            assert mark.value is None or mark.alignment.horizontal == "center"
    # A long scenario name wraps in a header row tall enough for it.
    long = ws.cell(4, header.index(LONG) + 1)
    assert long.alignment.wrap_text
    assert ws.row_dimensions[4].height >= 5 * 11


def test_verdicts_baseline_thresholds_spare_capacity_and_shedding(example_brief):
    wb, results, _ = example_brief
    ws = wb["Key numbers"]
    header = _header(ws)
    rows = {ws.cell(r, 1).value: r for r in range(5, 5 + len(KEY_NUMBERS))}
    for h in KEY_NUMBERS:
        threshold = ws.cell(rows[h.label], 3).value
        if h.red_line:
            number = h.red_line.split()[1]
            assert threshold and h.red_line_text in threshold and number in threshold, h.key
    for result in results:
        col = header.index(result.name) + 2
        baseline = not result.key_results.get("large_load_requested_gwh", 0) > 0
        for h in KEY_NUMBERS:
            mark = ws.cell(rows[h.label], col).value
            if not h.red_line or h.key not in result.key_results:
                continue
            if baseline:
                assert mark == BASELINE, (result.name, h.key)  # never "pass" against itself
                continue
            shown = round(result.key_results[h.key], h.decimals)
            holds = shown <= 0 if h.red_line == "<= 0" else shown >= 0
            assert mark == ("pass" if holds else "FAIL"), (result.name, h.key)
    stress = next(r for r in results if r.name == "Stress")
    assert stress.key_results["min_headroom_after_mw"] < 0  # the case the issue names: -1,132 MW
    assert ws.cell(rows["Lowest spare capacity with the new loads"], header.index("Stress") + 2).value == "FAIL"
    assert stress.key_results["added_existing_consumers_unserved_gwh"] > 0
    assert ws.cell(rows["Load shedding added for existing consumers"], header.index("Stress") + 2).value == "FAIL"


def test_a_firm_mining_load_mostly_unprofitable_at_its_tariff_is_flagged(example_session, tmp_path):
    """Hashprice a fifth of the default: most of the firm fleet loses money at Rs 23/kWh."""
    catalogue = example_session.catalogue
    default = catalogue["hashprice_usd_per_ph_day"].default
    project = example_session.project.with_scenario(
        Scenario("Low hashprice", "Government proposal", {"hashprice_usd_per_ph_day": default / 5}))
    results = [evaluate(resolve(project, n, catalogue), example_session.dataset, frames=True)
               for n in ("No allocation", "Government proposal", "Low hashprice", "Curtailable, winter-weighted")]
    share = {r.name: r.key_results["miner_online_share_pct"] for r in results if "miner_online_share_pct" in
             r.key_results}
    assert share["Low hashprice"] < 50 <= share["Government proposal"]
    path = tmp_path / "brief.xlsx"
    write_brief(str(path), project, catalogue, example_session.dataset, results)
    ws = load_workbook(path)["Key numbers"]
    header = _header(ws)
    row = next(r for r in range(5, ws.max_row) if ws.cell(r, 1).value == "Miners' fleet profitable at the tariff")
    assert ws.cell(row, header.index("Low hashprice") + 2).value == "FLAG"
    assert ws.cell(row, header.index("Government proposal") + 2).value is None
    assert ws.cell(row, header.index("Curtailable, winter-weighted") + 2).value is None  # not firm: no flag


def test_every_plant_is_named_in_words_not_by_its_id(example_session):
    """Labels were made from ids ("Rfo ipp engines: capacity", "Rlng ccgt"); a reader needs the
    names the sector uses, with acronyms in capitals and places capitalised."""
    from workbench.core.parameters import PLANT_NAMES, plant_name
    dataset = example_session.dataset
    assert set(dataset.plant_ids()) <= set(PLANT_NAMES)  # every bundled block has a written name
    labels = [p.label for p in example_session.catalogue if p.key.startswith("plant.")]
    assert "Furnace oil, IPP engines: capacity" in labels and "Imported coal, China Hub: availability" in labels
    for label in labels:
        words = set(label.replace(",", " ").replace(":", " ").split())
        assert not words & {"Rfo", "rfo", "Rlng", "rlng", "ipp", "genco", "ccgt", "hub", "qasim"}, label
    assert plant_name("rfo_new_block") == "RFO new block"  # a block added to the data set later


def test_every_enumerated_value_has_words_and_the_brief_shows_them(example_brief, example_session):
    wb, _, project = example_brief
    catalogue = example_session.catalogue
    choices = [p for p in [*catalogue, *catalogue.load_fields.values()] if p.kind == CHOICE]
    assert {"zones", "shedding_priority", "tariff_policy", "hashprice_source", "flexibility",
            "tariff_scheme"} <= {p.key for p in choices}
    for p in choices:
        for code in p.choices:
            assert code in CHOICE_LABELS and CHOICE_LABELS[code] != code, (p.key, code)
    codes = {code for p in choices for code in p.choices}
    joined = {code for code in codes if "_" in code}  # never an English word: found anywhere in a cell
    for ws in (wb["What changed"], wb["Assumptions"]):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    words = set(cell.value.replace(",", " ").replace(".", " ").split())
                    assert cell.value not in codes and not words & joined, (ws.title, cell.coordinate, cell.value)


def test_what_changed_months_in_order_hours_without_decimals_and_words_clear_of_values(example_brief,
                                                                                     example_session):
    wb, _, _ = example_brief
    ws = wb["What changed"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    months = [r for r in rows if r[2] and "window applies in months" in r[2]]
    assert months and all(r[5] == "May-Sep" for r in months)  # May to September, one range
    hours = [r for r in rows if r[3] == "hour"]
    assert hours and all(isinstance(r[5], int) or float(r[5]).is_integer() for r in hours)
    # In words a time of day reads as one: "off -> 17:00", not "off -> 17 hour".
    assert all(r[6].endswith(f"off -> {int(r[5]):02d}:00.") for r in hours)
    for r in range(5, ws.max_row + 1):
        if ws.cell(r, 4).value == "hour":
            assert ws.cell(r, 6).number_format.startswith("#,##0;")  # a whole hour shows as "17", not "17.00"
        if ws.cell(r, 6).value is not None:
            assert ws.cell(r, 6).alignment.horizontal == "center"


def test_an_overridden_value_cites_its_scenario_not_the_default_source(example_brief, example_session):
    wb, _, project = example_brief
    ws = wb["Assumptions"]
    header = _header(ws)
    source = header.index("Source") + 1
    labels = [ws.cell(r, 2).value for r in range(5, ws.max_row + 1)]
    fx = ws.cell(5 + labels.index("Exchange rate"), source).value
    stress_note = " ".join(project.scenario("Stress").notes.split())
    assert fx.startswith("Set in scenario 'Stress': " + stress_note[:40])
    assert f"Set in scenario '{LONG}'" in fx
    assert "Default: " + example_session.catalogue["pkr_per_usd"].source in fx
    unset = ws.cell(5 + labels.index("Demand growth"), source).value
    assert unset == example_session.catalogue["demand_growth_pct"].source


def test_grid_surplus_table_totals_row_and_headers(example_brief):
    wb, _, _ = example_brief
    ws = wb["Grid"]
    totals = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "All hours"]
    assert totals and not any(ws.cell(r, 1).value == "Month" and ws.cell(r, 2).data_type == "n"
                              for r in range(1, ws.max_row + 1))
    for r in totals:
        header = r - 25
        assert ws.cell(header, 1).value == "Hour" and ws.cell(header, 2).value == "Jul"
        assert all(ws.cell(header, c).alignment.horizontal == "right" for c in range(2, 15))


def test_choice_and_month_words_are_the_catalogues(example_session):
    p = example_session.catalogue["zones"]
    assert p.format("north_south") == CHOICE_LABELS["north_south"]
    months = next(q for q in example_session.catalogue.load_fields.values() if q.kind == MONTH_SET)
    assert months.format(["jul", "aug", "sep", "may", "jun"]) == "May-Sep"


def _expected_sentence(result, loads, fy):
    """The cover's sentence, recomputed here from the scenario's key numbers and loads."""
    k = result.key_results
    if not k.get("large_load_requested_gwh", 0) > 0:
        return "No new loads: the comparison for every other scenario."
    mw = sum(ld["mw"] * (ld.get("pue") or 1 if ld["kind"] == "ai_data_centre" else 1) for ld in loads)
    firm = {ld["flexibility"] == "firm" for ld in loads}
    how = " firm" if firm == {True} else " curtailable" if firm == {False} else ""
    tariff = k["large_load_effective_tariff_pkr_per_kwh"]
    tariff_text = f"{tariff:.0f}" if round(tariff, 2) == round(tariff) else f"{tariff:.2f}"
    text = f"{mw:,.0f} MW{how} at Rs {tariff_text}/kWh: "
    shed = round(k["added_existing_consumers_unserved_gwh"], 1)
    text += (f"{shed:.1f} GWh of added load shedding for existing consumers over {k['shedding_hours']:.0f} hours"
             if shed > 0 else "no added load shedding for existing consumers") + f" on FY{fy} demand"
    over_study = round(k.get("horizon_added_existing_consumers_unserved_gwh", 0), 1)
    if over_study > shed:  # later years of a multi-year study shed
        whole = f"{over_study:.1f} GWh over the whole study"
        text += f", but {whole}" if shed == 0 else f" ({whole})"
    if k["min_headroom_after_mw"] < -0.5:
        text += f", and spare capacity falls to {round(k['min_headroom_after_mw']):,} MW at the tightest hour"
    c = round(k["large_load_contribution_pkr_bn"])
    bill = round(k["household_200_units_bill_change_pkr_per_month"])
    text += (f"; the new loads pay Rs {c} bn above the cost of serving them" if c >= 0 else
             f"; the new loads pay Rs {-c} bn less than the cost of serving them")
    link = ", so" if (c >= 0) == (bill <= 0) else ", yet"
    text += (f"{link} a 200-unit household pays Rs {abs(bill)} a month {'less' if bill < 0 else 'more'}" if bill
             else ", and a 200-unit household's bill does not change")
    text += (f"; USD {round(k['incremental_fuel_imports_usd_m']):,} m more imported fuel; "
             f"{k['marginal_co2_mt']:.1f} Mt more CO2.")
    if "reserve_btc_per_year" in k:  # state mining (issue 14): the reserve option follows
        net, sold = round(k["reserve_net_pkr_bn"]), round(k["reserve_tariff_contribution_pkr_bn"])
        where = "worth about its cost" if net == 0 else f"Rs {abs(net)} bn {'above' if net > 0 else 'below'} its cost"
        text += (f" Mined by the state instead of sold: {k['reserve_btc_per_year']:,.0f} BTC in the year for Rs "
                 f"{k['reserve_cost_pkr_bn']:.0f} bn, worth its cost at USD "
                 f"{k['reserve_break_even_btc_usd']:,.0f}/BTC; "
                 f"at USD {k['reserve_btc_price_usd']:,.0f} it is {where}, against Rs {abs(sold)} bn "
                 f"{'from' if sold >= 0 else 'lost by'} selling the power.")
    return text


def test_the_cover_answers_first_with_sentences_equal_to_the_key_numbers(example_brief, example_session):
    wb, results, project = example_brief
    ws = wb["Cover"]
    assert ws["A4"].value == "The answer, scenario by scenario"
    shown = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(5, 5 + len(results))}
    for result in results:
        resolved = resolve(project, result.name, example_session.catalogue)
        expected = _expected_sentence(result, resolved.large_loads, int(result.key_results["fy"]))
        gates = permission(project.scenario(result.name).gates, load_gates())
        if not gates.permitted:  # the process follows the numbers (issue 14)
            expected += f" Process: not yet permitted: {gates.granted} of {gates.total} gates granted."
        assert shown[result.name] == expected
    gov = shown["Government proposal"]
    assert gov.startswith("2,000 MW firm at Rs 23/kWh: no added load shedding")  # the example
    by_name = {r.name: r.key_results for r in results}
    saving = -round(by_name["Government proposal"]["household_200_units_bill_change_pkr_per_month"])
    assert saving > 0 and f"household pays Rs {saving} a month less" in gov
    assert "on FY2026 demand, but " in shown["State mining into the reserve"]  # its later years shed
    spare = round(by_name["Stress"]["min_headroom_after_mw"])
    assert spare < 0 and f"spare capacity falls to {spare:,} MW" in shown["Stress"]
