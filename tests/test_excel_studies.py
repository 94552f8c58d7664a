"""The brief's study sheets (issue 10, part 9): Uncertainty, Tornado and Deal space.

Every number is read back from the saved workbook and checked against a separate computation in
the test: percentiles and counts over the draws of a Monte Carlo run here, and single runs of the
scenario with the values the sheet names (a tornado end, a deal-space cell).
"""
from __future__ import annotations

import hashlib
import shutil
import statistics
import subprocess
from dataclasses import replace

import numpy as np
import pytest
from openpyxl import load_workbook

from tests import pdf_check
from workbench.analysis.brief_studies import run_brief_studies
from workbench.analysis.montecarlo import run_monte_carlo
from workbench.cli import main
from workbench.core.parties import judge
from workbench.core.project import resolve
from workbench.core.studies import Axis
from workbench.io import excel_layout as layout
from workbench.io.dataset_loader import resources_dir
from workbench.io.excel import write_brief
from workbench.io.uncertainty_loader import load_uncertainty, uncertainty_file
from workbench.models.evaluate import evaluate

GOV, BASE, STRESS = "Government proposal", "No allocation", "Stress"
KEY = "large_load_contribution_pkr_bn"
LABEL = "New loads' contribution to fixed cost"
DRAWS, SEED = 12, 7
X, Y = Axis("load.mw", 1000.0, 3000.0, 3), Axis("load.tariff_pkr_per_kwh", 20.0, 30.0, 3)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def brief(example_session, tmp_path_factory):
    s = example_session
    names = [BASE, GOV, STRESS]
    scenarios = [resolve(s.project, n, s.catalogue) for n in names]
    results = [evaluate(sc, s.dataset, frames=True) for sc in scenarios]
    inputs = load_uncertainty(s.catalogue, s.dataset)
    studies = run_brief_studies(scenarios, [r.key_results for r in results], s.dataset, s.catalogue, inputs,
                                uncertainty_file(), s.project.parties, DRAWS, SEED, KEY, X, Y, deal_draws=DRAWS)
    path = tmp_path_factory.mktemp("studies") / "brief.xlsx"
    write_brief(str(path), s.project, s.catalogue, s.dataset, results, studies)
    return load_workbook(path), path, {n: sc for n, sc in zip(names, scenarios)}, inputs


def _find(ws, text, column=1, start=1):
    for row in range(start, ws.max_row + 1):
        value = ws.cell(row=row, column=column).value
        if isinstance(value, str) and value.startswith(text):
            return row
    raise AssertionError(f"{text!r} not in column {column} of {ws.title}")


def test_the_study_sheets_follow_the_charts_and_only_when_asked_for(brief, example_session, tmp_path):
    wb, _, scenarios, _ = brief
    titles = wb.sheetnames
    assert titles[titles.index("Charts") + 1:titles.index("Charts") + 4] == ["Uncertainty", "Tornado", "Deal space"]
    s = example_session
    plain = tmp_path / "plain.xlsx"
    write_brief(str(plain), s.project, s.catalogue, s.dataset, [evaluate(scenarios[GOV], s.dataset, frames=True)])
    book = load_workbook(plain)
    assert "Uncertainty" not in book.sheetnames and "Deal space" not in book.sheetnames
    stamp = book["Scenarios"]
    assert stamp.cell(row=_find(stamp, "Random seed"), column=2).value == "none: the model is deterministic"


def test_the_percentiles_are_those_of_a_separate_monte_carlo(brief, example_session):
    wb, _, scenarios, inputs = brief
    s = example_session
    mc = run_monte_carlo(scenarios[GOV], s.dataset, s.catalogue, inputs, DRAWS, SEED)
    values = mc.results[KEY].to_numpy()
    ws = wb["Uncertainty"]
    block = _find(ws, f"{GOV}, FY")
    row = _find(ws, LABEL, start=block)
    assert ws.cell(row=row, column=2).value == "PKR bn"
    # The workbook keeps 16 significant digits: equal to the last of them.
    assert [ws.cell(row=row, column=c).value for c in range(3, 8)] == pytest.approx([
        np.percentile(values, 10), np.percentile(values, 50), np.percentile(values, 90), values.mean(),
        evaluate(scenarios[GOV], s.dataset).key_results[KEY]], rel=1e-15)
    assert ws.cell(row=row, column=4).number_format.startswith("#,##0.0")  # shown to the key number's decimal
    with pytest.raises(AssertionError):  # the scenario without new loads has no block
        _find(ws, f"{BASE}, FY")


def test_each_red_lines_breach_odds_and_all_parties_are_direct_counts(brief, example_session):
    wb, _, scenarios, inputs = brief
    s = example_session
    draws = run_monte_carlo(scenarios[STRESS], s.dataset, s.catalogue, inputs, DRAWS, SEED).results
    ws = wb["Uncertainty"]
    block = _find(ws, f"{STRESS}, FY")
    checked = 0
    for party in s.project.parties:
        for line in party.lines:
            row = next(r for r in range(block, ws.max_row + 1) if ws.cell(row=r, column=9).value == line.text
                       and ws.cell(row=r, column=10).value == party.name)
            crossed = [line.key in d and np.isfinite(d[line.key]) and not line.holds(d[line.key])
                       for d in draws.to_dict("records")]
            assert ws.cell(row=row, column=11).value == pytest.approx(np.mean(crossed), rel=1e-15), line.text
            assert ws.cell(row=row, column=11).number_format == "0%"
            checked += 1
    assert checked == sum(len(p.lines) for p in s.project.parties) >= 9
    every = np.mean([all(judge(p, d).satisfied is not False for p in s.project.parties)
                     for d in draws.to_dict("records")])
    row = _find(ws, "All parties satisfied at once", column=9, start=block)
    assert ws.cell(row=row, column=11).value == pytest.approx(every, rel=1e-15)


def test_the_stamp_names_the_seed_the_draws_and_the_hash_of_the_inputs_file(brief):
    ws = brief[0]["Scenarios"]
    assert ws.cell(row=_find(ws, "Random seed"), column=2).value.startswith(f"{SEED} (Monte Carlo")
    assert ws.cell(row=_find(ws, "Monte Carlo draws"), column=2).value.startswith(f"{DRAWS} per scenario")
    digest = hashlib.sha256((resources_dir() / "uncertainty.csv").read_bytes()).hexdigest()
    assert ws.cell(row=_find(ws, "Uncertain inputs: uncertainty.csv"), column=2).value == digest


def test_a_tornado_bar_is_a_run_with_that_input_at_its_p10_and_p90_and_the_chart_draws_them(brief, example_session):
    wb, _, scenarios, _ = brief
    s = example_session
    ws = wb["Tornado"]
    block = _find(ws, f"{GOV}: base ")
    base = evaluate(scenarios[GOV], s.dataset).key_results[KEY]
    assert f"base {base:,.1f} PKR bn" in ws.cell(row=block, column=1).value
    header, first = block + 1, block + 2
    last = _find(ws, "Chart data", start=first) - 1
    assert ws.cell(row=first, column=1).value == "Exchange rate (PKR/USD)"  # moves it most, on the example
    for column, end in ((2, 4), (3, 5)):  # the input's value at P10 (P90) and the result there
        value = ws.cell(row=first, column=column).value
        alone = evaluate(replace(scenarios[GOV], values={**scenarios[GOV].values, "pkr_per_usd": value}),
                         s.dataset).key_results[KEY]
        assert ws.cell(row=first, column=end).value == pytest.approx(alone, abs=1e-9)
        assert ws.cell(row=first, column=end + 2).value == pytest.approx(alone - base, abs=1e-9)
    spans = [abs(ws.cell(row=r, column=7).value - ws.cell(row=r, column=6).value) for r in range(first, last + 1)]
    assert spans == sorted(spans, reverse=True) and spans[-1] == 0.0  # network hashrate: no effect on it
    charts = [c for c in ws._charts if c.anchor._from.row == header - 1]
    assert len(charts) == 1
    chart = charts[0]
    assert chart.type == "bar" and len(chart.series) == 2
    refs = [(ser.tx.strRef.f, ser.val.numRef.f, (ser.cat.numRef or ser.cat.strRef).f) for ser in chart.series]
    # the two changes (P10, then P90) over the inputs' names, with the column headers as the series' names
    assert [tuple(r.replace("$", "") for r in ref) for ref in refs] == [
        (f"'Tornado'!{c}{header}", f"'Tornado'!{c}{first}:{c}{last}", f"'Tornado'!A{first}:A{last}") for c in "FG"]
    assert len(ws._charts) == 2  # one per scenario with new loads


def test_a_deal_space_cell_equals_a_separate_run_and_the_agreed_cells_are_marked(brief, example_session):
    wb, _, scenarios, _ = brief
    s = example_session
    ws = wb["Deal space"]
    header = _find(ws, "Tariff of the new loads (PKR/kWh)")
    assert ws.cell(row=header - 1, column=2).value == "Total contracted MW of the new loads (MW) \u2192"
    assert [ws.cell(row=header, column=c).value for c in range(2, 5)] == [1000.0, 2000.0, 3000.0]
    assert [ws.cell(row=header + k, column=1).value for k in (1, 2, 3)] == [20.0, 25.0, 30.0]
    gov = scenarios[GOV]
    marked = 0
    for k, tariff in enumerate((20.0, 25.0, 30.0)):
        for j, mw in enumerate((1000.0, 2000.0, 3000.0)):
            total = sum(load["mw"] for load in gov.large_loads)
            loads = tuple({**load, "mw": mw * load["mw"] / total, "tariff_pkr_per_kwh": tariff}
                          for load in gov.large_loads)
            alone = evaluate(replace(gov, large_loads=loads), s.dataset).key_results
            cell = ws.cell(row=header + 1 + k, column=2 + j)
            assert cell.value == pytest.approx(alone[KEY], rel=1e-12), (tariff, mw)
            agreed = all(judge(p, alone).satisfied is not False for p in s.project.parties)
            assert ("\u2713" in cell.number_format) is agreed and (cell.border.left.style == "medium") is agreed
            marked += agreed
    assert 0 < marked < 9  # the example has both kinds of cell in this grid
    assert ws.cell(row=_find(ws, "\u2713 agreed in"), column=1).value.startswith(f"\u2713 agreed in {marked} of 9")
    rule_range = [str(r.sqref) for r in ws.conditional_formatting][0]  # then the odds' (test below)
    assert rule_range == f"B{header + 1}:D{header + 3}"


def test_the_deal_space_odds_are_the_studys_cell_by_cell_with_their_draws_and_seed(brief, example_session):
    wb, path, scenarios, inputs = brief
    ws = wb["Deal space"]
    title = _find(ws, "Probability that every party's red lines hold")
    assert ws.cell(row=title, column=1).value.startswith(f"Probability that every party's red lines hold: {DRAWS} "
                                                         f"Monte Carlo draws in each cell, seed {SEED}")
    assert [ws.cell(row=title + 2, column=c).value for c in range(2, 5)] == [1000.0, 2000.0, 3000.0]
    # Each cell: a Monte Carlo of that cell (the engine's tests check that), here the one at 2,000 MW and Rs 20.
    from workbench.analysis.variants import variant
    s = example_session
    cell = variant(scenarios[GOV], {"load.mw": 2000.0, "load.tariff_pkr_per_kwh": 20.0})
    mc = run_monte_carlo(cell, s.dataset, s.catalogue, inputs, DRAWS, SEED)
    held = np.mean([all(judge(p, r).satisfied is not False for p in s.project.parties) for r in mc.records()])
    assert ws.cell(row=title + 3, column=3).value == pytest.approx(held)
    assert ws.cell(row=title + 3, column=3).number_format == "0%"
    values = [ws.cell(row=title + 3 + i, column=2 + j).value for i in range(3) for j in range(3)]
    assert all(0.0 <= v <= 1.0 for v in values) and len(set(values)) > 1
    assert f"\u00b1{100 / DRAWS ** 0.5:.0f} points" in ws.cell(row=title + 7, column=1).value
    assert len(ws.conditional_formatting) == 2  # the result's colours and the odds' fixed 0-100% scale
    stamp = wb["Scenarios"]
    assert _find(stamp, "Deal-space draws") and stamp.cell(row=_find(stamp, "Deal-space draws"), column=2).value == \
        f"{DRAWS} in each of its 9 cells, seed {SEED}"


def test_no_cell_of_a_study_sheet_would_be_cut_or_run_into_its_neighbour(brief):
    wb = brief[0]
    assert [p for name in ("Uncertainty", "Tornado", "Deal space") for p in layout.problems(wb[name])] == []


def test_cli_run_writes_the_study_sheets_with_mc_draws(tmp_path, capsys):
    out = tmp_path / "brief.xlsx"
    assert main(["run", "scenarios/pakistan-2000mw.wbproj", "--scenario", GOV, "--xlsx", str(out), "--mc-draws", "4",
                 "--seed", "2", "--deal-x", "load.mw:1000:2000:2", "--deal-y", "load.tariff_pkr_per_kwh:20:25:2",
                 "--quiet"]) == 0
    wb = load_workbook(out)
    assert {"Uncertainty", "Tornado", "Deal space"} <= set(wb.sheetnames)
    assert wb["Uncertainty"].cell(row=4, column=1).value.startswith(f"{GOV}, FY2026: 4 draws, seed 2")
    capsys.readouterr()
    for args, words in ((["--mc-draws", "5"], "give --xlsx OUT.xlsx too"),
                        (["--xlsx", str(tmp_path / "b.xlsx"), "--seed", "3"], "--seed is for the brief's studies"),
                        (["--xlsx", str(tmp_path / "b.xlsx"), "--mc-draws", "0"], "--mc-draws must be 1 to"),
                        (["--xlsx", str(tmp_path / "b.xlsx"), "--mc-draws", "2", "--study-result", "nope"],
                         "'nope' is not a result"),
                        (["--xlsx", str(tmp_path / "b.xlsx"), "--mc-draws", "2", "--deal-draws", "-1"],
                         "draws: must be 0 to 1,000 a cell, not -1"),
                        (["--deal-draws", "3"], "--deal-draws is for the brief's studies")):
        assert main(["run", "scenarios/pakistan-2000mw.wbproj", "--scenario", GOV, *args, "--quiet"]) == 2
        err = capsys.readouterr().err
        assert words in err and len(err.strip().splitlines()) == 1, err


# ---------------------------------------------------------------------------- printed

@pytest.fixture(scope="module")
def rendered(brief, tmp_path_factory):
    if not SOFFICE or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) and pdftotext are not installed")
    _, path, _, _ = brief
    out = tmp_path_factory.mktemp("studies-render")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=240)
    return pdf_check.read(str(out / "brief.pdf"))


def test_each_scenario_study_prints_on_one_readable_page(rendered):
    pages, words = rendered
    sheets = [pdf_check.sheet_of(lines) for lines in pages]
    # Two scenarios with new loads: a page each of Uncertainty and Tornado; the deal space on one page.
    assert [sheets.count(s) for s in ("Uncertainty", "Tornado", "Deal space")] == [2, 2, 1]
    for i, sheet in enumerate(sheets):
        if sheet in ("Uncertainty", "Tornado", "Deal space"):
            assert statistics.median(w.y1 - w.y0 for w in words[i]) >= 6.0, (i + 1, sheet)
            assert pdf_check.overlaps(pages[i]) == [], (i + 1, sheet)
            assert pdf_check.glued(words[i]) == [], (i + 1, sheet)
