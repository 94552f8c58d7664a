"""Red lines per party (issue 10, part 3): stored in the project file (schema 5), read from older
files with the default parties, refused by field when malformed, and judged as the brief shows."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.core.errors import ProjectFileError
from workbench.core.parties import DEFAULT_PARTIES, Party, RedLine, judge
from workbench.io.migrations import CURRENT_SCHEMA
from workbench.io.project_file import dumps, load_project, parse_project
from workbench.session import EXAMPLE_PROJECT

V4_FILE = Path(__file__).resolve().parent / "data" / "project_v4.wbproj"


def test_a_schema_4_file_reads_with_the_default_parties_and_saves_them(catalogue):
    raw = json.loads(V4_FILE.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 4 and "parties" not in raw
    project = load_project(V4_FILE, catalogue)
    assert project.parties == DEFAULT_PARTIES
    assert [p.name for p in project.parties] == ["IMF", "Power Division", "Investors"]
    doc = json.loads(dumps(project))
    assert doc["schema_version"] == CURRENT_SCHEMA == 6
    assert doc["parties"][0] == {"name": "IMF", "red_lines": [
        {"key": "imf_price_gap_marginal_pkr_bn", "op": "<=", "threshold": 0.0},
        {"key": "subsidy_change_pkr_bn", "op": "<=", "threshold": 0.0},
        {"key": "circular_debt_flow_change_pkr_bn", "op": "<=", "threshold": 0.0},
        {"key": "household_200_units_bill_change_pkr_per_month", "op": "<=", "threshold": 0.0}]}


def test_parties_round_trip_and_a_user_party_is_kept(catalogue):
    from dataclasses import replace
    project = load_project(EXAMPLE_PROJECT, catalogue)
    mine = Party("Finance Division", (RedLine("large_load_revenue_pkr_bn", ">=", 300.0),))
    edited = replace(project, parties=(*project.parties, mine))
    again = parse_project(dumps(edited), catalogue)
    assert again.parties == edited.parties and again == edited
    empty = parse_project(dumps(replace(project, parties=())), catalogue)
    assert empty.parties == ()  # every party deleted stays deleted, not the defaults again


@pytest.mark.parametrize("parties, field, words", [
    ({"IMF": []}, "parties", "must be a list"),
    ([{"name": "IMF"}], "parties[0]", "name and red_lines"),
    ([{"name": " ", "red_lines": []}], "parties[0].name", "must not be empty"),
    ([{"name": "A\u202eB", "red_lines": []}], "parties[0].name", "control or invisible"),
    ([{"name": "A", "red_lines": []}, {"name": "A", "red_lines": []}], "parties[1].name", "names two parties"),
    ([{"name": "A", "red_lines": [{"key": "x", "op": "<", "threshold": 0}]}], "parties[0].red_lines[0].op",
     "must be one of <=, >="),
    ([{"name": "A", "red_lines": [{"key": "x", "op": "<=", "threshold": "0"}]}],
     "parties[0].red_lines[0].threshold", "finite number"),
    ([{"name": "A", "red_lines": [{"key": "__import__('os')", "op": "<=", "threshold": 0}]}],
     "parties[0].red_lines[0].key", "not a result key"),
    ([{"name": "A", "red_lines": [{"key": "x", "op": "<=", "threshold": 0, "eval": 1}]}],
     "parties[0].red_lines[0]", "key, op and threshold"),
])
def test_a_malformed_party_is_refused_with_its_field(catalogue, parties, field, words):
    doc = json.loads(EXAMPLE_PROJECT.read_text(encoding="utf-8"))
    doc["parties"] = parties
    with pytest.raises(ProjectFileError) as err:
        parse_project(json.dumps(doc).encode(), catalogue)
    assert err.value.field == field and words in err.value.problem


def test_verdicts_are_judged_on_the_shown_value_and_name_the_lines_crossed():
    imf, power, investors = DEFAULT_PARTIES
    loads = {"large_load_requested_gwh": 100.0}
    fine = {**loads, "imf_price_gap_marginal_pkr_bn": 0.04, "subsidy_change_pkr_bn": 0.0,
            "circular_debt_flow_change_pkr_bn": -8.0, "household_200_units_bill_change_pkr_per_month": -58.0}
    assert judge(imf, fine).satisfied is True  # 0.04 shows as 0.0 (one decimal): no new subsidy
    worse = {**fine, "household_200_units_bill_change_pkr_per_month": 0.6}  # shows as 1 (no decimals)
    verdict = judge(imf, worse)
    assert verdict.satisfied is False and [line.key for line in verdict.crossed] == [
        "household_200_units_bill_change_pkr_per_month"]
    assert judge(imf, {**worse, "household_200_units_bill_change_pkr_per_month": 0.4}).satisfied is True
    # A baseline is not scored; a line on a key the scenario lacks does not apply.
    assert judge(imf, {"large_load_requested_gwh": 0.0}).satisfied is None
    no_miners = {**loads, "large_load_effective_tariff_pkr_per_kwh": 24.0}
    verdict = judge(investors, no_miners)
    assert verdict.satisfied is True and verdict.missing == ("miner_online_share_pct",)
    assert judge(power, loads).satisfied is None  # nothing to judge
    assert RedLine("min_headroom_after_mw", ">=", 0.0).text == "Lowest spare capacity with the new loads \u2265 0 MW"


def test_the_example_scenarios_are_judged_as_their_numbers_say(example_session):
    from workbench.core.project import resolve
    from workbench.models.evaluate import evaluate
    s = example_session
    stress = evaluate(resolve(s.project, "Stress", s.catalogue), s.dataset).key_results
    gov = evaluate(resolve(s.project, "Government proposal", s.catalogue), s.dataset).key_results
    imf, power, investors = s.project.parties
    # Stress sheds 7.7 GWh for existing consumers and its contribution is negative: Power Division says no.
    assert stress["added_existing_consumers_unserved_gwh"] > 0.05 and judge(power, stress).satisfied is False
    assert gov["added_existing_consumers_unserved_gwh"] < 0.05 and gov["min_headroom_after_mw"] > 0
    assert judge(power, gov).satisfied is True
    # Rs 23/kWh is below the investors' Rs 25 ceiling, and 75 % of the fleet is profitable there.
    assert judge(investors, gov).satisfied is (gov["miner_online_share_pct"] >= 50)


def test_a_sign_line_also_holds_over_the_whole_horizon_and_other_lines_only_in_the_first_year():
    """The state-mining example sheds nothing in FY2026 but 6.9 GWh over FY2026-FY2030: 'no added load
    shedding' must see it. A threshold other than 0 is a yearly figure, so a horizon's sum is not judged on it."""
    imf, power, investors = DEFAULT_PARTIES
    first_year = {"large_load_requested_gwh": 100.0, "added_existing_consumers_unserved_gwh": 0.0,
                  "min_headroom_after_mw": 400.0, "large_load_contribution_pkr_bn": 80.0}
    assert judge(power, first_year).satisfied is True
    later = {**first_year, "horizon_added_existing_consumers_unserved_gwh": 6.9,
             "horizon_large_load_contribution_pkr_bn": 615.0}
    verdict = judge(power, later)
    assert verdict.satisfied is False and [line.key for line in verdict.crossed] == [
        "added_existing_consumers_unserved_gwh"] and verdict.applicable == 3
    assert judge(power, {**later, "horizon_added_existing_consumers_unserved_gwh": 0.04}).satisfied is True  # 0.0
    ceiling = Party("Investors", (RedLine("large_load_revenue_pkr_bn", "<=", 400.0),))
    assert judge(ceiling, {"large_load_requested_gwh": 100.0, "large_load_revenue_pkr_bn": 380.0,
                           "horizon_large_load_revenue_pkr_bn": 1900.0}).satisfied is True


def test_the_examples_state_mining_is_refused_by_the_power_division_for_its_later_years(example_session):
    from workbench.core.project import resolve
    from workbench.models.evaluate import evaluate
    s = example_session
    k = evaluate(resolve(s.project, "State mining into the reserve", s.catalogue), s.dataset).key_results
    assert round(k["added_existing_consumers_unserved_gwh"], 1) == 0 < round(
        k["horizon_added_existing_consumers_unserved_gwh"], 1)
    power = next(p for p in s.project.parties if p.name == "Power Division")
    assert judge(power, k).satisfied is False


def test_many_rows_are_judged_at_once_exactly_as_one_row_is():
    """The deal space's odds judge (cells x draws) rows in one pass (holding_everywhere); each row must
    get every_party_holds' answer: NaN or infinite values not applying, a sign line's horizon sum,
    and values on a rounding half (2.675 to 2 places is 2.67 in Python, 2.68 by numpy's np.round)."""
    import numpy as np

    from workbench.core.parties import holding_everywhere
    from workbench.core.studies import every_party_holds
    rng = np.random.default_rng(7)
    parties = (Party("IMF", (RedLine("subsidy_change_pkr_bn", "<=", 0.0),
                             RedLine("uniform_tariff_change_pkr_per_kwh", "<=", 2.67))),
               Party("Investors", (RedLine("large_load_effective_tariff_pkr_per_kwh", "<=", 25.0),
                                   RedLine("miner_contracted_mw", ">=", 1000.0))),
               Party("Nobody", ()))
    n = 4000
    halves = np.array([0.05, -0.05, 0.15, 0.25, -0.35, 0.45, 1.05, 2.675, 2.665, 1.005, 0.125])
    table = {"subsidy_change_pkr_bn": np.where(rng.random(n) < 0.5, rng.normal(0, 0.2, n), rng.choice(halves, n)),
             "horizon_subsidy_change_pkr_bn": rng.normal(0, 1.0, n),
             "uniform_tariff_change_pkr_per_kwh": rng.choice([2.675, 2.665, 2.67, 2.6749, 3.0, -1.0], n),
             "large_load_effective_tariff_pkr_per_kwh": rng.uniform(20, 30, n),
             "miner_contracted_mw": rng.choice([0.0, 999.6, 999.4, 999.5, 1000.5, 1500.0], n)}
    for values in table.values():  # some values missing or infinite in every column
        values[rng.random(n) < 0.1] = np.nan
        values[rng.random(n) < 0.02] = np.inf
    table["large_load_requested_gwh"] = np.full(n, 15_000.0)  # rows with new loads: each is judged
    expected = [every_party_holds(parties, {k: float(v[i]) for k, v in table.items() if v[i] == v[i]})
                for i in range(n)]
    got = holding_everywhere(parties, table)
    assert got.tolist() == expected
    assert 0.05 < got.mean() < 0.95  # both answers are common, so the comparison says something
    assert round(2.675, 2) == 2.67 and not RedLine("uniform_tariff_change_pkr_per_kwh", ">=", 2.68).holds(2.675)
