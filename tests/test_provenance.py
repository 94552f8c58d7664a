"""Issue 16: every default survives "where does this number come from?".

Part 1: a sourced value is stated in its quote; a derived value is its formula on quoted inputs.
Part 2: the labels and values the review found wrong.
Part 3: sources that can be followed.
Part 4: the RFO fleet split into GENCO steam and IPP engines (calibration is in tests/test_grid.py).
Part 5: provenance wherever a number is shown (tooltip, brief, docs).
"""
from __future__ import annotations

import ast
import math
import re
from urllib.parse import urlparse

import pytest

# Conversions a quote may state a value in: the value itself, a fraction as a percentage (and back),
# or the same quantity a thousand times larger or smaller (MW/GW, GWh/TWh, Rs bn/trn, USD k).
CONVERSIONS = (1, 100, 0.01, 1000, 0.001)
# Constants a formula may use without quoting them, each a unit conversion or a count.
CONSTANTS = {
    1000: "thousand (GWh per TWh, kWh per MWh, Rs bn per trn)",
    1e6: "Btu per MMBtu",
    100: "per cent",
    8760: "hours in a year",
    3412: "Btu per kWh at 100% efficiency",
    0.0036: "TJ per MWh",
    2: "a halving",
    3: "the number of months averaged",
}
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
REFERENCE = re.compile(r"\{([a-z0-9_.]+)\}")


def quoted_numbers(text: str) -> list[float]:
    return [float(m.replace(",", "")) for m in NUMBER.findall(text)]


def stated_in(value: float, text: str) -> bool:
    """True when the quote states ``value``, as it is or in one of the CONVERSIONS."""
    return any(math.isclose(q, value * k, rel_tol=1e-9, abs_tol=1e-12)
               for q in quoted_numbers(text) for k in CONVERSIONS)


def formula_parts(formula: str) -> tuple[ast.Expression, list[str]]:
    refs = REFERENCE.findall(formula)
    tree = ast.parse(REFERENCE.sub(lambda m: "ref_" + m.group(1).replace(".", "__"), formula), mode="eval")
    return tree, refs


def evaluate(tree: ast.AST, values: dict[str, float]) -> float:
    """Arithmetic only: numbers, references, + - * / ** and unary minus; anything else is refused."""
    ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
           ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a ** b}
    if isinstance(tree, ast.Expression):
        return evaluate(tree.body, values)
    if isinstance(tree, ast.Constant) and isinstance(tree.value, (int, float)):
        return float(tree.value)
    if isinstance(tree, ast.Name) and tree.id.startswith("ref_"):
        return values[tree.id[4:].replace("__", ".")]
    if isinstance(tree, ast.BinOp) and type(tree.op) in ops:
        return ops[type(tree.op)](evaluate(tree.left, values), evaluate(tree.right, values))
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.USub):
        return -evaluate(tree.operand, values)
    raise ValueError(f"not arithmetic: {ast.dump(tree)}")


def literals(tree: ast.AST) -> list[float]:
    return [float(n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant)]


def rounding(text: str) -> float:
    """Half a unit in the last decimal the data file writes."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals


def raw_values() -> dict[str, str]:
    import csv
    from workbench.io.dataset_loader import resources_dir
    with open(resources_dir() / "data" / "values.csv", encoding="utf-8") as f:
        return {r["key"]: r["value"] for r in csv.DictReader(f)}


# ---------------------------------------------------------------- part 1: quotes and formulas

def test_part1_every_sourced_number_is_stated_in_its_quote(dataset):
    missing = [f"{d.key} = {d.value} {d.unit}: {d.quote!r}" for d in dataset.values.values()
               if d.basis == "sourced" and isinstance(d.value, float) and not stated_in(d.value, d.quote)]
    assert missing == []
    assert all(d.quote.strip() for d in dataset.values.values() if d.basis == "sourced")


def test_part1_every_derived_value_is_its_formula_on_quoted_inputs(dataset):
    numbers = {k: d.value for k, d in dataset.values.items() if isinstance(d.value, float)}
    raw = raw_values()
    problems = []
    derived = [d for d in dataset.values.values() if d.basis == "derived"]
    for d in derived:
        tree, refs = formula_parts(d.formula)
        unknown = [r for r in refs if r not in numbers]
        if unknown:
            problems.append(f"{d.key}: refers to unknown values {unknown}")
            continue
        result = evaluate(tree, numbers)
        if abs(result - d.value) > max(rounding(raw[d.key]), 0.005 * abs(result)):
            problems.append(f"{d.key}: formula gives {result:.6g}, the data set has {d.value}")
        unquoted = [x for x in literals(tree) if x not in CONSTANTS and not stated_in(x, d.quote)]
        if unquoted:
            problems.append(f"{d.key}: inputs {unquoted} are not in its quote")
    assert problems == []
    assert len(derived) >= 50  # the check is not vacuous


def test_part1_the_check_catches_a_number_its_quote_does_not_state():
    assert stated_in(1320, "Sahiwal/Hub/Port Qasim 1,320 MW each")
    assert stated_in(0.244, "Hydel 24.4%") and stated_in(1941, "capacity Rs 1.941 trn (63%)")
    assert not stated_in(1845, "wind ~1,800 MW") and not stated_in(150, "~100–200")
    tree, refs = formula_parts("0.244 * {a.b}")
    assert refs == ["a.b"] and evaluate(tree, {"a.b": 46605}) == pytest.approx(11371.62)
    with pytest.raises(ValueError):
        evaluate(formula_parts("__import__('os')")[0], {})


def test_part1_the_loader_refuses_rows_without_their_provenance(tmp_path):
    import shutil
    from workbench.core.errors import DataSetError
    from workbench.io.dataset_loader import read_dataset, resources_dir
    cases = {
        "quote": ('high,sourced,,"Aug-24 | 13,180 | 17,715 | 1.24 | 5,362 (40.7%) | Augaf",', "high,sourced,,,"),
        "formula": ("3530 - {plant.nuclear_chashma.capacity_mw}", ""),
        "reason": ('low,estimate,"official winter demand is 12,000-13,000 MW (2025); the evening peak is taken '
                   'slightly above it",,', "low,estimate,,,"),
    }
    for problem, (old, new) in cases.items():
        copy = tmp_path / problem
        shutil.copytree(resources_dir(), copy)
        values = copy / "data" / "values.csv"
        text = values.read_text(encoding="utf-8")
        assert old in text, problem
        values.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(DataSetError, match=problem):
            read_dataset(copy)


# ---------------------------------------------------------------- part 2: labels and values

@pytest.mark.parametrize("key", [
    "plant.wind.capacity_mw", "plant.solar_utility.capacity_mw", "plant.iran_import.capacity_mw",
    "plant.coal_jamshoro.capacity_mw", "plant.coal_jamshoro.technology", "plant.bagasse.technology",
    "fuel.thar_lignite.price", "fuel.nuclear.price", "plant.iran_import.availability"])
def test_part2_estimates_are_labelled_estimates_with_a_reason(dataset, key):
    d = dataset.datum(key)
    assert d.basis == "estimate" and len(d.note) > 30, key


def test_part2_sums_and_conversions_are_derived(dataset):
    assert dataset.datum("plant.thar_coal.capacity_mw").basis == "derived"
    assert dataset.number("plant.thar_coal.capacity_mw") == 2640 + 660 + 150
    assert dataset.datum("plant.hydro.capacity_mw").basis == "derived"
    assert abs(dataset.number("plant.hydro.capacity_mw") - 0.244 * 46605) < 0.5
    iran = dataset.datum("fuel.iran_power.price")
    assert iran.basis == "derived" and iran.year == "Nov-2023"
    assert iran.value == pytest.approx(27.15 / 280 * 1000, abs=0.05)
    reward = dataset.datum("bitcoin.block_reward_btc")
    assert reward.source != "WORKBENCH" and reward.value == 50 / 16


def test_part2_values_kept_apart_from_the_data_brief_say_so(dataset):
    for plant in ("nuclear_chashma", "nuclear_karachi"):
        d = dataset.datum(f"plant.{plant}.availability")
        assert d.value == pytest.approx(22456 / (3530 * 8.76), abs=0.005)  # FY25 output / (MW x hours)
        assert d.source == "TOPLINE_FY25" and "0.85" in d.note and "calibration" in d.note
    assert dataset.number("plant.thar_coal.availability") == 0.80  # the data brief's default
    assert "0.8" in dataset.datum("plant.iran_import.availability").note  # the data brief's default, and why not
    assert dataset.datum("datacentre.load_factor").source == "WORKBENCH"
    assert dataset.datum("plant.iran_import.must_run").source == "WORKBENCH"
    assert "23%" in dataset.datum("grid.transfer_limit_south_north_mw").note
    from workbench.docgen import DOCS
    text = (DOCS / "calibration.md").read_text(encoding="utf-8")
    assert "0.85" in text and "nuclear" in text.lower()


# ---------------------------------------------------------------- part 3: sources

def test_part3_every_source_can_be_followed_and_is_used(dataset):
    used = {sid for d in dataset.values.values() for sid in d.source.split(";")}
    used |= set(dataset.pipeline.source)
    assert set(dataset.sources) == used, "a source is listed but never cited"
    from workbench.io.dataset_loader import resources_dir
    workbench_doc = re.search(r"docs/[\w./-]+\.md", dataset.sources["WORKBENCH"].locator).group(0)
    assert (resources_dir().parent / workbench_doc).is_file()  # modelling choices are documented here
    for s in dataset.sources.values():
        if s.id == "WORKBENCH":
            continue
        url = urlparse(s.url.split(" ")[0]) if s.url else None
        followable = url is not None and url.scheme in ("http", "https") and bool(url.path.strip("/") or url.query)
        located = bool(re.search(r"\b(19|20)\d\d\b", s.locator))  # a document with its date
        assert followable or located, s.id


def test_a_note_citing_the_data_brief_can_be_followed(dataset):
    """89 notes said "the brief", which a reader of the Excel brief took for the workbook in their
    hands and could not find anyway. They now say "the data brief", bundled with the data set,
    and every place that shows the notes says where it is."""
    from workbench.core.dataset import DATA_BRIEF_NOTE
    from workbench.io.dataset_loader import resources_dir
    texts = [text for d in dataset.values.values() for text in (d.note, d.quote)]
    texts += [text for s in dataset.sources.values() for text in (s.citation, s.locator)]
    cited = [t for t in texts if "brief" in t]
    assert len(cited) >= 80 and all(re.search(r"\bbrief", t.replace("data brief", "")) is None for t in cited)
    bundled = re.search(r"resources/[\w./-]+\.md", DATA_BRIEF_NOTE).group(0)
    assert (resources_dir().parent / bundled).is_file()
    from workbench.docgen import DOCS
    assert DATA_BRIEF_NOTE in (DOCS / "data.md").read_text(encoding="utf-8")


def test_part3_the_workbench_source_is_only_for_modelling_choices_with_reasons(dataset):
    for d in dataset.values.values():
        if d.source == "WORKBENCH":
            assert d.basis == "estimate" and d.note.strip(), d.key


# ---------------------------------------------------------------- part 4: the RFO split

def test_part4_rfo_fleet_is_split_into_steam_and_engines(dataset):
    assert "rfo_hsd" not in dataset.plant_ids()
    steam, engines = "rfo_genco_steam", "rfo_ipp_engines"
    assert dataset.plant(steam, "capacity_mw") + dataset.plant(engines, "capacity_mw") == 5100
    assert dataset.plant(steam, "technology") == dataset.plant(engines, "technology") == "rfo"
    # Heat rate = 3,412 Btu/kWh / efficiency: steam ~33%, engines ~42% (brief).
    assert abs(dataset.plant(steam, "heat_rate") - 3412 / 0.33) < 5
    assert abs(dataset.plant(engines, "heat_rate") - 3412 / 0.42) < 5
    # CO2 = 77.4 t/TJ (IPCC 2006, residual fuel oil) x 0.0036 TJ/MWh / efficiency.
    assert dataset.plant(steam, "co2") == pytest.approx(77.4 * 0.0036 / 0.33, abs=0.005)  # 0.84
    assert dataset.plant(engines, "co2") == pytest.approx(77.4 * 0.0036 / 0.42, abs=0.005)  # 0.66
    assert dataset.plant(steam, "capacity_payment") + dataset.plant(engines, "capacity_payment") == \
        pytest.approx(29.9)
    assert set(dataset.pipeline.template) <= set(dataset.plant_ids())


def test_part4_steam_costs_more_to_run_than_engines(dataset, catalogue):
    from workbench.models.system import fuel_cost_pkr_per_kwh
    values = catalogue.defaults()
    cost = {p: fuel_cost_pkr_per_kwh("rfo", float(dataset.plant(p, "heat_rate")), values, dataset, 1.0)
            for p in ("rfo_genco_steam", "rfo_ipp_engines")}
    # Same oil, so fuel cost scales with heat rate: engines reproduce AHL's FY25 mean of Rs 29.37/kWh.
    assert cost["rfo_ipp_engines"] == pytest.approx((30.44 + 28.77 + 28.89) / 3, abs=0.05)
    assert cost["rfo_genco_steam"] == pytest.approx(cost["rfo_ipp_engines"] * 10340 / 8120, rel=1e-9)


def test_part4_imported_coal_price_is_delivered_usd_per_tonne_that_reproduces_ahl(dataset):
    d = dataset.datum("fuel.imported_coal.price")
    assert d.unit == "USD/t" and d.basis == "derived" and "CPPA-G" in d.note
    rs_per_kwh = 8980e-6 / 21.83 * d.value * 280  # t/kWh x USD/t x Rs/USD
    assert rs_per_kwh == pytest.approx(15.16, abs=0.05)  # AHL, Jun 2025


def test_part4_a_project_that_set_the_old_rfo_fleet_still_loads(catalogue, tmp_path):
    import json
    from workbench.io.project_file import load_project
    from workbench.session import EXAMPLE_PROJECT
    doc = json.loads(EXAMPLE_PROJECT.read_text(encoding="utf-8"))
    doc["scenarios"][0]["overrides"] = {"plant.rfo_hsd.capacity_mw": 4000.0, "plant.rfo_hsd.availability": 0.5}
    path = tmp_path / "old.wbproj"
    path.write_text(json.dumps(doc), encoding="utf-8")
    overrides = load_project(path, catalogue).scenarios[0].overrides
    # 4,000 MW shared as the defaults are (2,500 steam : 2,600 engines); the availability applies to both.
    assert overrides["plant.rfo_genco_steam.capacity_mw"] == pytest.approx(4000 * 2500 / 5100)
    assert overrides["plant.rfo_ipp_engines.capacity_mw"] == pytest.approx(4000 * 2600 / 5100)
    assert overrides["plant.rfo_genco_steam.availability"] == overrides["plant.rfo_ipp_engines.availability"] == 0.5
    assert not any("rfo_hsd" in k for k in overrides)


# ---------------------------------------------------------------- part 5: provenance where numbers are shown

def test_part5_the_window_tooltip_shows_basis_confidence_quote_and_address(qtbot, window):
    from PySide6.QtCore import Qt
    from tests.gui import click_scenario
    click_scenario(qtbot, window, "Stress")
    panel = window.assumptions
    tip = panel.source_index("demand_growth_pct").data(Qt.ItemDataRole.ToolTipRole)
    for line in ("Value set by: data set", "Basis: sourced", "Confidence: medium",
                 "Quote: \u201cNEPRA FY26 demand growth assumption | +2.8%\u201d",
                 "Address: NEPRA's FY2025-26 demand growth assumption"):
        assert line in tip, line
    derived = panel.source_index("plant.thar_coal.capacity_mw").data(Qt.ItemDataRole.ToolTipRole)
    assert "Basis: derived" in derived and "Formula: 2640 + 660 + 150" in derived
    estimate = panel.source_index("plant.rfo_genco_steam.capacity_mw").data(Qt.ItemDataRole.ToolTipRole)
    assert "Basis: estimate" in estimate and "Reason: the data brief gives 5,100 MW" in estimate
    override = panel.source_index("pkr_per_usd").data(Qt.ItemDataRole.ToolTipRole)
    note = " ".join(window.state.project.scenario("Stress").notes.split())
    assert f"Set in scenario 'Stress': {note[:60]}" in override
    assert "Data-set default: 280 PKR/USD" in override and "Basis: estimate" in override


def test_part5_data_docs_show_quotes_formulas_and_addresses(dataset):
    from workbench.docgen import DOCS
    text = (DOCS / "data.md").read_text(encoding="utf-8")
    counts = {b: sum(d.basis == b for d in dataset.values.values()) for b in ("sourced", "derived", "estimate")}
    assert f"{counts['sourced']} sourced, {counts['derived']} derived and {counts['estimate']} estimates" in text
    assert "\u201cRecord generation served \\| 25,516 MW (21 Aug 2023)" in text  # "|" escaped in a table
    assert "`2640 + 660 + 150`" in text
    assert "https://www.ipcc-nggip.iges.or.jp/" in text
    assert "/work/" not in text and "shared/" not in text  # the repository explains itself


def test_part4_in_the_stress_case_steam_runs_only_when_the_engines_are_full(example_session):
    from workbench.core.project import resolve
    from workbench.models.grid import run_grid
    dataset = example_session.dataset
    r = resolve(example_session.project, "Stress", example_session.catalogue)
    yd = run_grid(r.values, r.large_loads, dataset).years[0]
    ids = [yd.year.plant_ids[i] for i in yd.year.thermal_rows]
    steam = yd.solution.unit_output[ids.index("rfo_genco_steam")]
    engines = yd.solution.unit_output[ids.index("rfo_ipp_engines")]
    full = 2600 * 0.6  # the engines' capacity x availability (no fuel limit)
    assert engines.max() == pytest.approx(full)
    assert steam.sum() > 0  # a bad year needs the dearer steam units in some hours
    assert (engines[steam > 1e-6] >= full - 1e-6).all()  # merit order: engines first
    assert steam.sum() < engines.sum()


def test_part5_the_assumptions_workbook_carries_the_provenance_of_each_default(example_session, tmp_path):
    import openpyxl
    from workbench.io.excel_assumptions import write_template
    path = tmp_path / "a.xlsx"
    write_template(example_session.project, "Stress", example_session.catalogue, example_session.dataset, path)
    ws = openpyxl.load_workbook(path)["Assumptions"]
    keys = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    text = ws.cell(keys["plant.thar_coal.capacity_mw"], 7).value
    assert "Basis: derived" in text and "Formula: 2640 + 660 + 150" in text and "Quote: \u201cThar mine-mouth" in text
    assert "Confidence: medium" in text and "Address: https://dunyanews.tv/" in text
