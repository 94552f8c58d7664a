"""The grid model on the bundled system: exactness against the LP, identities, calibration, rules."""
from dataclasses import replace

import numpy as np
import pytest

from workbench.core.dataset import MONTHS
from workbench.core.large_load import LargeLoad
from workbench.core.project import Scenario, resolve
from workbench.docgen import DOCS, calibration_markdown
from workbench.models.calibration import grid_checks
from workbench.models import large_loads as ll
from workbench.models.dispatch import dispatch
from workbench.models.grid import make_problem, run_grid
from workbench.models.grid_results import grid_frames, year_keys
from workbench.models.reference_lp import solve_exact
from workbench.models.system import build_year, calendar

FLAT_2000 = ({"name": "Miners", "mw": 2000.0, "load_factor": 0.95, "zone": "south"},)
CURTAILABLE = ({"name": "Miners", "mw": 2000.0, "load_factor": 0.95, "zone": "south", "flexibility": "curtailable",
                "curtail_below_headroom_mw": 1500.0, "curtail_window_start_hour": 18, "curtail_window_end_hour": 22,
                "curtail_window_months": ["jun", "jul", "aug"]},)


def run(example_session, overrides=None, loads=(), parent="No allocation"):
    project = example_session.project.with_scenario(Scenario("t", parent, overrides or {}, large_loads=loads))
    r = resolve(project, "t", example_session.catalogue)
    return run_grid(r.engine_values, r.engine_loads, example_session.dataset)


STRESS = {"hydrology_factor": 0.8, "summer_demand_uplift_pct": 8.0, "pkr_per_usd": 330.0}
CASES = {
    "no allocation": ({}, ()),
    "2,000 MW flat": ({}, FLAT_2000),
    "curtailable": (STRESS, CURTAILABLE),
    "two zones, congested": ({"transfer_limit_mw": 2000.0, **STRESS}, FLAT_2000),
    "single zone, stressed": ({"zones": "single", **STRESS}, FLAT_2000),
}


@pytest.fixture(scope="module")
def runs(example_session):
    return {name: run(example_session, o, loads) for name, (o, loads) in CASES.items()}


@pytest.mark.parametrize("case", list(CASES))
def test_fast_dispatch_matches_the_exact_lp_on_the_bundled_system(runs, case):
    yd = runs[case].years[0]
    exact = solve_exact(yd.problem)
    fast_cost, exact_cost = yd.solution.objective_pkr(yd.problem), exact.objective_pkr(yd.problem)
    gap = (fast_cost - exact_cost) / exact_cost
    assert -1e-7 <= gap <= 0.005, f"{case}: total cost gap {100 * gap:.5f}%"
    fast_unserved, exact_unserved = yd.solution.unserved.sum(), exact.unserved.sum()
    assert abs(fast_unserved - exact_unserved) <= max(1e-3 * exact_unserved, 1e-3), \
        f"{case}: unserved fast {fast_unserved:.1f} MWh, exact {exact_unserved:.1f} MWh"
    energy_gap = (yd.solution.energy_cost_pkr(yd.problem) - exact.energy_cost_pkr(yd.problem)) / \
        exact.energy_cost_pkr(yd.problem)
    assert abs(energy_gap) <= 0.005, f"{case}: energy cost gap {100 * energy_gap:.5f}%"


def test_cases_exercise_what_they_claim(runs):
    assert runs["no allocation"].years[0].solution.unserved.sum() == 0
    assert runs["two zones, congested"].years[0].solution.extra["congested"].sum() > 100
    stressed = runs["single zone, stressed"].years[0]
    assert stressed.solution.unserved.sum() > 0  # shortage appears in the stressed case
    curtailable = runs["curtailable"].years[0]
    assert curtailable.loads[0].served.sum() < curtailable.loads[0].requested.sum()


@pytest.mark.parametrize("case", list(CASES))
def test_identities_hold(runs, case):
    for yd in (runs[case].years[0],):
        for p, s in ((yd.baseline_problem, yd.baseline), (yd.problem, yd.solution)):
            thermal = np.stack([s.unit_output[p.unit_zone == z].sum(axis=0) for z in range(p.zones)])
            dump = s.spill - (p.must_take - s.must_take_used)
            inflow = np.stack([s.flow_south_to_north, -s.flow_south_to_north])[:p.zones] if p.zones == 2 else 0
            balance = thermal + s.hydro + s.must_take_used - dump + inflow - (p.firm_demand - s.unserved
                                                                               + s.flexible_served)
            assert np.abs(balance).max() < 1e-6, "hourly energy balance"
            monthly = np.stack([np.bincount(p.month, weights=s.hydro[z], minlength=12) for z in range(p.zones)])
            assert np.allclose(monthly, p.hydro_budget, atol=1e-6), "hydro budget"
            assert (s.hydro <= p.hydro_max[:, p.month] + 1e-9).all(), "hydro power limit"
            assert (s.unit_output <= p.unit_available + 1e-9).all() and (s.unit_output >= p.unit_min - 1e-9).all()
            assert (np.abs(s.flow_south_to_north) <= p.transfer_limit_mw + 1e-9).all()
            # Curtailable load in a zone is cut in full before any firm load there is shed.
            shed = s.unserved > 1e-9
            assert (s.flexible_served[shed] < 1e-6).all()


def test_calibration_reproduces_fy25(example_session):
    checks = grid_checks(example_session.dataset, example_session.catalogue)
    failed = [f"{c.quantity}: model {c.model:.1f} vs {c.published:.1f} {c.unit} ({c.tolerance})"
              for c in checks if not c.ok]
    assert failed == []
    by_name = {c.quantity: c for c in checks}
    assert abs(by_name["Generation"].model - 127159) / 127159 < 0.03


def test_calibration_doc_is_current(dataset):
    # Pinned output: regenerated by `python main.py docs`. Its quantities are tested by
    # test_calibration_reproduces_fy25 (the model against the published figures).
    assert (DOCS / "calibration.md").read_text(encoding="utf-8") == calibration_markdown(dataset), \
        "docs/calibration.md is stale: run `python main.py docs`"


def test_flat_load_energy_and_surplus_account(runs, example_session):
    yd = runs["2,000 MW flat"].years[0]
    # 2,000 MW x 0.95 at the busbar of a transmission-connected load, grossed up for 2.6%
    # transmission losses, for 8,760 hours: 2000 * 0.95 / 0.974 * 8760 / 1000 GWh.
    expected_gwh = 2000 * 0.95 / (1 - 0.026) * 8760 / 1000
    assert abs(yd.loads[0].requested.sum() / 1000 - expected_gwh) < 1e-6
    frames = grid_frames(runs["2,000 MW flat"], example_session.dataset)
    surplus = frames["surplus_account"]
    assert surplus.shape == (12, 24)
    keys = year_keys(yd)
    # Headroom before the load never falls below the load itself (min headroom > 1,951 MW),
    # so the surplus account holds the whole load, hour by hour.
    assert keys["min_headroom_before_mw"] > 2000 * 0.95 / 0.974
    assert abs(surplus.to_numpy().sum() - expected_gwh) < 1e-6
    assert abs(keys["surplus_servable_gwh"] - expected_gwh) < 1e-6


def test_surplus_account_is_limited_by_headroom(runs, example_session):
    yd = runs["single zone, stressed"].years[0]
    frames = grid_frames(runs["single zone, stressed"], example_session.dataset)
    requested = yd.loads[0].requested
    servable = np.minimum(requested, np.maximum(yd.headroom_before, 0))
    assert abs(frames["surplus_account"].to_numpy().sum() - servable.sum() / 1000) < 1e-6
    assert servable.sum() < requested.sum()  # summer evenings have less headroom than the load
    by_hour = frames["surplus_account"].loc["jul"]
    assert by_hour[20] < by_hour[4]  # July evenings are where the surplus is not


def test_curtailment_rules(runs):
    yd = runs["curtailable"].years[0]
    month, hour = yd.problem.month, np.arange(8760) % 24
    served = yd.loads[0].served
    summer = np.isin(month, [MONTHS.index(m) for m in ("jun", "jul", "aug")])
    window = summer & (hour >= 18) & (hour < 22)
    assert window.sum() == (30 + 31 + 31) * 4  # the hours looped over exist: 92 days x 18:00-21:59
    assert served[window].max() == 0.0
    assert served[~window].max() > 0
    assert served[summer & (hour == 22)].max() > 0  # the end hour is outside the window
    # Where the load runs, the system keeps at least the 1,500 MW headroom threshold.
    running = served > 1e-6
    assert (yd.headroom_after[running] >= 1500 - 1e-6).all()


def test_rule_windows_over_midnight_and_whole_months(example_session):
    load = ({"name": "M", "mw": 1000.0, "load_factor": 1.0, "zone": "north", "flexibility": "curtailable",
             "curtail_window_start_hour": 22, "curtail_window_end_hour": 2, "curtail_months": ["jan"]},)
    yd = run(example_session, {}, load).years[0]
    hour, month = np.arange(8760) % 24, yd.problem.month
    served = yd.loads[0].served
    assert served[np.isin(hour, [22, 23, 0, 1])].max() == 0 and served[month == MONTHS.index("jan")].max() == 0
    on = ~np.isin(hour, [22, 23, 0, 1]) & (month != MONTHS.index("jan"))
    assert np.allclose(served[on], 1000 / 0.974)  # 4 h x 365 days off, January off


def test_a_daily_window_is_off_from_its_start_hour_up_to_but_not_including_its_end_hour(catalogue):
    """rule_allowed itself, on one day: 18-22 cuts 18:00-21:59; 22-2 (over midnight) cuts 22:00-01:59."""
    hour, month = np.arange(24), np.zeros(24, int)
    load = {**catalogue.load_defaults(), "name": "M", "mw": 100.0, "flexibility": "curtailable"}
    for (start, end), off in (((18, 22), [18, 19, 20, 21]), ((22, 2), [22, 23, 0, 1])):
        typed = LargeLoad.of({**load, "curtail_window_start_hour": start, "curtail_window_end_hour": end})
        allowed = ll.rule_allowed(typed, np.full(24, 100.0), month, hour, np.zeros(24), np.full(24, 1e9))
        assert np.flatnonzero(allowed == 0).tolist() == sorted(off)
        assert (allowed[~np.isin(hour, off)] == 100.0).all()


@pytest.mark.parametrize("factor", [0.5, 0.8, 1.0])
def test_hydrology_factor_scales_the_monthly_hydro_budget(example_session, factor):
    """The budget is FY2025 monthly hydel x the factor, capped at the power limit x hours; all of it is used."""
    dataset = example_session.dataset
    r = resolve(example_session.project, "No allocation", example_session.catalogue)
    values = replace(r.engine_values, hydrology_factor=factor)
    cal = calendar(dataset)
    p = make_problem(build_year(values, dataset, cal, 0), values, dataset, cal)
    hours = np.bincount(cal.month, minlength=12)
    power = p.hydro_max.sum(axis=0)
    expected = np.minimum(np.array(dataset.monthly("hydro.energy_gwh")) * 1000 * factor, power * hours)
    assert np.allclose(p.hydro_budget.sum(axis=0), expected, rtol=1e-12)
    if factor < 1:  # a dry year has less hydro energy in every month
        assert (expected < np.array(dataset.monthly("hydro.energy_gwh")) * 1000).all()
    hydro = dispatch(p).hydro.sum(axis=0)
    assert np.allclose(np.bincount(cal.month, weights=hydro, minlength=12), expected, rtol=1e-9)


def test_phasing_start_and_ramp(example_session):
    load = ({"name": "M", "mw": 1200.0, "load_factor": 1.0, "zone": "north", "start_month": 3, "ramp_months": 2},)
    yd = run(example_session, {}, load).years[0]
    req = yd.loads[0].requested * 0.974
    month = yd.problem.month
    by_month = [req[month == k].mean() for k in range(12)]
    # Jul-Sep off, October 1/3, November 2/3, then full.
    assert np.allclose(by_month, [0, 0, 0, 400, 800] + [1200] * 7)


def test_shedding_priority(example_session):
    stressed = {"zones": "single", "summer_demand_uplift_pct": 10.0, "hydrology_factor": 0.8}
    results = {}
    for policy in ("pro_rata", "protect_households", "protect_large_loads"):
        results[policy] = run(example_session, {**stressed, "shedding_priority": policy}, FLAT_2000).years[0]
    pr = results["pro_rata"]
    unserved, firm = pr.solution.unserved[0], pr.loads[0].requested
    base = pr.year.base_demand[0]
    assert unserved.sum() > 0
    assert np.allclose(pr.household_unserved[0], unserved * base / (base + firm))
    ph = results["protect_households"]
    assert np.allclose(ph.household_unserved[0], np.maximum(ph.solution.unserved[0] - firm, 0))
    pl = results["protect_large_loads"]
    assert np.allclose(pl.loads[0].served, firm)  # the large load is never shed


def test_two_zones_report_flows_congestion_and_cost(runs, example_session):
    keys = year_keys(runs["two zones, congested"].years[0])
    assert keys["congested_hours"] > 0 and keys["congestion_cost_pkr_bn"] > 0
    single = year_keys(runs["single zone, stressed"].years[0])
    assert single["congested_hours"] == 0 and single["congestion_cost_pkr_bn"] == 0
    assert (runs["single zone, stressed"].years[0].solution.flow_south_to_north == 0).all()


@pytest.mark.parametrize("limit", [4600.0, 4800.0])
def test_congestion_costs_no_more_than_the_congested_hours_themselves(example_session, limit):
    """Hours the corridor does not bind cost the same with an unlimited one, so the congestion cost of a
    year lies between zero and what its congested hours cost in all (before the copper plate priced
    bagasse fuel, three congested hours at 4,600 MW cost the year's whole Rs 5 bn of bagasse)."""
    from workbench.models.dispatch import hourly_objective
    yd = run(example_session, {"transfer_limit_mw": limit}).years[0]
    p, s = yd.problem, yd.solution
    keys = year_keys(yd)
    congested = s.extra["congested"]
    assert keys["congested_hours"] == congested.sum()
    if not congested.any():
        assert keys["congestion_cost_pkr_bn"] == 0 and s.extra["congestion_pkr"] is None
        return
    assert congested.sum() < 24  # a limit just above most hours' flow: a handful of congested hours
    cost_of_those_hours = hourly_objective(p, s)[congested].sum()
    assert -1e-6 <= keys["congestion_cost_pkr_bn"] * 1e9 <= cost_of_those_hours


def test_multi_year_horizon(example_session):
    ten = run(example_session, {"study_years": 10}, FLAT_2000)
    assert [yd.year.fy for yd in ten.years] == list(range(2026, 2036))
    hydro = [float(yd.year.plants.loc["hydro", "capacity_mw"]) for yd in ten.years]
    # Pipeline: Mohmand 800 (FY27), small KP hydro 497 (FY28), Dasu 2,160 (FY29), Azad Pattan 700 (FY31).
    assert hydro[:6] == [11372, 12172, 12669, 14829, 14829, 15529]
    frames = grid_frames(ten, example_session.dataset)
    assert sorted(frames["annual"]["fy"]) == list(range(2026, 2036))
    assert len(frames["hourly"]) == 10 * 8760
    month = frames["hourly"]["month"]
    assert set(month) == set(MONTHS)
    # Every cached result holds this column: twelve shared strings, not a new str object an hour.
    assert len({id(name) for name in month.array}) == 12
    demand = frames["annual"]["demand_gwh"].to_numpy()
    assert (np.diff(demand) != 0).all()  # growth net of rooftop solar changes every year


def test_marginal_emissions_of_a_coal_served_load(runs):
    keys = year_keys(runs["2,000 MW flat"].years[0])
    # Served mostly by imported coal (0.91 t/MWh) and some Thar/RLNG: between 0.7 and 1.0.
    assert 0.7 < keys["marginal_co2_t_per_generated_mwh"] < 1.0
    assert keys["average_co2_t_per_mwh"] < keys["marginal_co2_t_per_generated_mwh"]


def test_a_fiscal_year_looks_the_same_whatever_year_the_study_starts(example_session):
    """Demand grows from FY2025 data; prices and rooftop solar are FY2026 levels that escalate and
    grow from FY2026: FY2028 must not depend on whether it is a study's first or third year."""
    common = {"fuel_escalation_pct": 5.0, "include_pipeline": False, "rooftop_growth_mw_per_yr": 1500.0}
    third = run(example_session, {**common, "study_first_fy": 2026, "study_years": 3}).years[2]
    first = run(example_session, {**common, "study_first_fy": 2028, "study_years": 1}).years[0]
    assert third.year.fy == first.year.fy == 2028
    assert np.allclose(third.year.base_demand, first.year.base_demand)
    assert np.allclose(third.year.plants["srmc"], first.year.plants["srmc"])
    assert third.solution.energy_cost_pkr(third.problem) == pytest.approx(first.solution.energy_cost_pkr(first.problem))


def test_monthly_table_adds_up_to_the_headline_year(runs, example_session):
    # The brief's Grid sheet (months) and the headline (year) must tell one story: each monthly
    # total sums to the year's figure, bagasse's fuel and hydro's water charge included.
    yd = runs["2,000 MW flat"].years[0]
    keys = year_keys(yd)
    frames = grid_frames(runs["2,000 MW flat"], example_session.dataset)
    monthly = frames["monthly"]
    assert keys["energy_cost_pkr_bn"] > 0
    assert monthly["energy_cost_pkr_bn"].sum() == pytest.approx(keys["energy_cost_pkr_bn"], rel=1e-9)
    assert monthly["fuel_imports_usd_m"].sum() == pytest.approx(keys["fuel_imports_usd_m"], rel=1e-9)
    assert monthly["co2_mt"].sum() == pytest.approx(keys["co2_mt"], rel=1e-9)
    # The bagasse term is real money: without it the months would fall short of the year.
    p, s = yd.problem, yd.solution
    bagasse_bn = 1000 * float((s.must_take_used * p.must_take_srmc).sum()) / 1e9
    assert bagasse_bn > 1


def test_tables_are_built_only_when_asked_and_change_no_number(example_session):
    from workbench.models.evaluate import evaluate
    scenario = resolve(example_session.project, "Government proposal", example_session.catalogue)
    keys_only = evaluate(scenario, example_session.dataset)
    with_tables = evaluate(scenario, example_session.dataset, frames=True)
    assert keys_only.frames == {}
    assert keys_only.key_results == with_tables.key_results
    # The annual table reuses the year's keys: its first row is the headline year.
    first = with_tables.frames["annual"].iloc[0]
    assert first["energy_cost_pkr_bn"] == with_tables.key_results["energy_cost_pkr_bn"]
    assert first["fy"] == with_tables.key_results["fy"]



def test_stress_households_shed_match_the_lp_under_the_same_rule(example_session):
    """The example's Stress scenario: added shedding for existing consumers within 2% of the LP's."""
    from workbench.models.shedding import attribute_shortfall

    r = resolve(example_session.project, "Stress", example_session.catalogue)
    yd = run_grid(r.engine_values, r.engine_loads, example_session.dataset).years[0]
    lp, lp_households = attribute_shortfall(yd.problem, solve_exact(yd.problem), yd.year.base_demand,
                                            r.values["shedding_priority"])
    fast_added = yd.household_unserved.sum() - yd.baseline.unserved.sum()
    lp_added = lp_households.sum() - solve_exact(yd.baseline_problem).unserved.sum()
    assert lp_added > 1000  # MWh: the case sheds existing consumers
    assert abs(fast_added - lp_added) <= 0.02 * lp_added
    # Pro rata with an open corridor: households bear their share of firm demand in every short hour.
    short = yd.solution.unserved.sum(axis=0) > 1e-6
    open_hours = short & (np.abs(yd.solution.flow_south_to_north) < r.values["transfer_limit_mw"] - 1e-6)
    share = yd.year.base_demand.sum(axis=0) / yd.problem.firm_demand.sum(axis=0)
    assert np.allclose(yd.household_unserved.sum(axis=0)[open_hours],
                       (yd.solution.unserved.sum(axis=0) * share)[open_hours])


PLANT_COLUMNS_SCRIPT = """
from workbench.session import open_session
from workbench.core.project import resolve
from workbench.models.system import build_year, calendar
s = open_session()
r = resolve(s.project, "Government proposal", s.catalogue)
print(",".join(build_year(r.engine_values, s.dataset, calendar(s.dataset), 0).plants.columns))
"""


def test_plant_table_columns_do_not_depend_on_the_process_string_hashing():
    # The plant table goes into every run's frames: its column order must be the same in every process.
    import os
    import subprocess
    import sys
    orders = {subprocess.run([sys.executable, "-c", PLANT_COLUMNS_SCRIPT], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "2")}
    assert len(orders) == 1
    assert next(iter(orders)).startswith("technology,zone,dispatch,fuel,capacity_mw,availability,")
