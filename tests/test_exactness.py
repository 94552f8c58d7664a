"""The exact check of the whole answer (workbench/models/exactness.py): baseline and scenario as LPs.

Each expected number is recomputed here from the LP solutions themselves (solve_exact, the
shedding rule and the tariff formulas of docs/methodology.md section 3), not read from the
module under test.
"""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.project import resolve
from workbench.models.economics import run_economics
from workbench.models.exactness import EXACT_LABELS, exact_gap, exact_twin
from workbench.models.grid import run_grid
from workbench.models.miners import online_share_model
from workbench.models.reference_lp import solve_exact
from workbench.models.shedding import attribute_shortfall
from workbench.models.system import calendar

from tests.test_cli import EXAMPLE


def scenario_run(session, name):
    r = resolve(session.project, name, session.catalogue)
    cal = calendar(session.dataset)
    run = run_grid(r.engine_values, r.engine_loads, session.dataset,
                   online_share=online_share_model(r.engine_values, session.dataset, cal))
    return r, run, run_economics(run, r.engine_loads, r.engine_values, session.dataset)


@pytest.fixture(scope="module")
def stress(example_session):
    r, run, economics = scenario_run(example_session, "Stress")
    return r, run, economics, exact_gap(run, r.engine_loads, r.engine_values, example_session.dataset, economics)


def test_the_twin_is_the_lp_for_both_dispatches(stress):
    r, run, _, _ = stress
    yd = run.years[0]
    twin = exact_twin(yd, r.values["shedding_priority"])
    for problem, solution in ((yd.baseline_problem, twin.baseline), (yd.problem, twin.solution)):
        # (extra["objective_pkr"] leaves out the bagasse fuel of must-take energy: compare like with like.)
        assert solution.objective_pkr(problem) == pytest.approx(solve_exact(problem).objective_pkr(problem),
                                                                rel=1e-9)
    # The LP's hourly duals are the prices the exact tariff model bills at.
    assert np.allclose(twin.solution.marginal_cost, solve_exact(yd.problem).marginal_cost)


def test_stress_gaps_of_the_answer_recomputed_from_the_lps(stress, example_session):
    r, run, economics, gaps = stress
    yd, fast = run.years[0], economics[0]
    values = r.values
    lp0, lp1 = solve_exact(yd.baseline_problem), solve_exact(yd.problem)
    # Incremental energy cost: the LPs' energy costs with and without the loads.
    d_lp = lp1.energy_cost_pkr(yd.problem) - lp0.energy_cost_pkr(yd.baseline_problem)
    assert gaps["exact_incremental_energy_gap_pct"] == pytest.approx(
        100 * (fast.incremental_energy - d_lp) / abs(d_lp), abs=1e-9)
    # Total cost of each dispatch.
    assert gaps["exact_baseline_cost_gap_pct"] == pytest.approx(100 * (
        yd.baseline.objective_pkr(yd.baseline_problem) / lp0.objective_pkr(yd.baseline_problem) - 1), abs=1e-9)
    # Served load under the LP, by the same shedding rule: the miners (the only firm large load, one zone)
    # lose the firm shedding beyond households'; bills are flat (Rs/kWh x metered kWh), all paid.
    placed, households = attribute_shortfall(yd.problem, lp1, yd.year.base_demand, values["shedding_priority"])
    metered_kwh = 0.0
    billed = 0.0
    for load, outcome in zip(r.large_loads, yd.loads):
        assert load["flexibility"] == "firm" and load["tariff_scheme"] == "flat_pkr"
        share = outcome.requested / (yd.problem.firm_demand[outcome.zone] - yd.year.base_demand[outcome.zone])
        served = outcome.requested - (placed.unserved - households)[outcome.zone] * np.nan_to_num(share)
        kwh = float(served.sum()) * (1 - yd.year.transmission_loss) * 1000
        metered_kwh += kwh
        billed += load["tariff_pkr_per_kwh"] * kwh
    network = values["tmo_charge_pkr_per_kwh"] * metered_kwh
    contribution_lp = billed - d_lp - network
    break_even_lp = (d_lp + network) / metered_kwh
    assert gaps["exact_contribution_gap_pkr_bn"] == pytest.approx((fast.contribution - contribution_lp) / 1e9,
                                                                  abs=1e-6)
    assert gaps["exact_break_even_gap_pkr_per_kwh"] == pytest.approx(fast.break_even - break_even_lp, abs=1e-9)
    # Added shedding for existing consumers: households' shedding with the loads minus the baseline's.
    added_lp = (households.sum() - lp0.unserved.sum()) / 1000
    added_fast = (yd.household_unserved.sum() - yd.baseline.unserved.sum()) / 1000
    assert added_lp > 1  # GWh: the Stress case sheds existing consumers
    assert gaps["exact_added_shedding_gap_gwh"] == pytest.approx(added_fast - added_lp, abs=1e-9)
    # Marginal cost: the tariff model's against the LP's duals, weighted by the MW asked for.
    weight = yd.problem.firm_demand + yd.problem.flexible_demand
    mean_abs = (np.abs(yd.solution.marginal_cost - lp1.marginal_cost) * weight).sum() / weight.sum()
    assert gaps["exact_marginal_cost_mean_abs_gap_pkr_per_kwh"] == pytest.approx(mean_abs, rel=1e-9)


def test_stress_answer_is_within_half_a_percent_of_the_lps(stress):
    gaps = stress[3]
    for key in ("exact_cost_gap_pct", "exact_baseline_cost_gap_pct", "exact_incremental_energy_gap_pct",
                "exact_contribution_gap_pct", "exact_break_even_gap_pct", "exact_added_shedding_gap_pct"):
        assert abs(gaps[key]) <= 0.5, (key, gaps[key])
    assert abs(gaps["exact_break_even_gap_pkr_per_kwh"]) <= 0.05


def test_no_new_loads_no_measures_of_them(example_session):
    r, run, economics = scenario_run(example_session, "No allocation")
    gaps = exact_gap(run, r.engine_loads, r.engine_values, example_session.dataset, economics)
    assert "exact_break_even_gap_pkr_per_kwh" not in gaps
    assert gaps["exact_cost_gap_pct"] == gaps["exact_baseline_cost_gap_pct"]  # the same dispatch


@pytest.mark.slow
def test_run_exact_prints_every_gap_for_every_scenario_within_bounds(tmp_path, capsys):
    import json
    out = tmp_path / "exact.json"
    assert main(["run", EXAMPLE, "--exact", "--quiet", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    for s in json.loads(out.read_text())["scenarios"]:
        res = s["results"]
        keys = ["exact_cost_gap_pct", "exact_baseline_cost_gap_pct", "exact_added_shedding_gap_pct"]
        if "break_even_tariff_pkr_per_kwh" in res:
            keys += ["exact_incremental_energy_gap_pct", "exact_contribution_gap_pct", "exact_break_even_gap_pct"]
            assert abs(res["exact_break_even_gap_pkr_per_kwh"]) <= 0.05, s["name"]
        for key in keys:
            assert abs(res[key]) <= 0.5, (s["name"], key, res[key])
            assert EXACT_LABELS[key][0] in printed  # under its label, as the key numbers are
    assert "exact_cost_gap_pct" not in printed  # raw keys stay in the JSON
