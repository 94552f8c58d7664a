"""The exact dispatch LP (workbench/models/reference_lp.py) against cases worked out by hand.

Units: MW per hour, so 1 MW for one hour = 1 MWh = 1,000 kWh, and a cost of c PKR/kWh on
x MWh is 1,000 * c * x PKR. Every expected number below is derived in the comment next to it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench.models.problem import NORTH, SOUTH, DispatchProblem, DispatchSolution
from workbench.models.reference_lp import solve_exact

from tests.problems import TOL, assert_feasible, close, make_problem

ROOT = Path(__file__).resolve().parents[1]
# Fiscal-year month lengths, July ... June (no leap day).
DAYS = np.array([31, 31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30])




def assert_consistent(p: DispatchProblem, sol: DispatchSolution) -> None:
    """Feasibility plus the objective identity, from the solution fields only."""
    assert_feasible(p, sol)
    assert sol.extra["objective_pkr"] == pytest.approx(sol.objective_pkr(p), rel=1e-6)
    assert sol.marginal_cost.shape == (p.zones, p.hours)


def test_module_does_not_import_scipy_at_import_time():
    code = "import sys, workbench.models.reference_lp; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_merit_order_shedding_and_prices():
    # Cheap unit 10 PKR/kWh x 100 MW, dear 20 PKR/kWh x 100 MW, demand 50/150/250, voll 100.
    p = make_problem([[50, 150, 250]], [(0, 10, 100, 0), (0, 20, 100, 0)])
    sol = solve_exact(p)
    assert_consistent(p, sol)
    # h1: cheap 50. h2: cheap 100 + dear 50. h3: both full (200), 50 MW shed.
    close(sol.unit_output, [[50, 100, 100], [0, 50, 100]])
    close(sol.unserved, [[0, 0, 50]])
    close(sol.spill, [[0, 0, 0]])
    # Cost: h1 50*10 = 500; h2 100*10 + 50*20 = 2,000; h3 100*10 + 100*20 + 50*100 = 8,000
    # -> 10,500 MWh*PKR/kWh = 10,500,000 PKR.
    assert sol.extra["objective_pkr"] == pytest.approx(10_500_000, rel=1e-9)
    assert sol.objective_pkr(p) == pytest.approx(10_500_000, rel=1e-9)
    # One more MW costs: h1 the cheap unit (10), h2 the dear unit (20), h3 shedding (voll 100).
    # Positive prices also pin down the sign convention of the balance dual.
    close(sol.marginal_cost, [[10, 20, 100]])
    assert sol.extra["status"] and sol.extra["solve_s"] >= 0


def test_hydro_shaves_the_peaks_to_a_flat_residual():
    # With one linear-cost thermal unit every spread of the hydro budget costs the same, so the flat
    # residual is not unique; a two-step merit order makes it so. Cheap 10 PKR/kWh x 30 MW, dear
    # 30 PKR/kWh x 1000 MW, demand 10/50/60, hydro budget 50 MWh, max 40, min 0, hydro_srmc 1.
    # Hydro in hour 1 would only displace the cheap unit, so it all goes to hours 2-3 (residual
    # 50 and 60). Levelling at L: (50 - L) + (60 - L) = 50 -> L = 30 = the cheap unit's capacity, so
    # the dear unit never runs. Any other split leaves one of hours 2/3 above 30 MW -> dear runs.
    p = make_problem([[10, 50, 60]], [(0, 10, 30, 0), (0, 30, 1000, 0)], hydro_budget=50, hydro_max=40,
                     hydro_srmc=1.0)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.hydro, [[0, 20, 30]])
    close(sol.unit_output, [[10, 30, 30], [0, 0, 0]])
    # Cost: cheap 70 MWh * 10 = 700, hydro 50 MWh * 1 = 50 -> 750,000 PKR.
    assert sol.extra["objective_pkr"] == pytest.approx(750_000, rel=1e-9)
    # Hour 1: cheap unit part-loaded -> 10. Hours 2-3: hydro strictly inside its limits in both, so
    # both share one price (water value + hydro_srmc), somewhere between the two steps (degenerate).
    assert sol.marginal_cost[0, 0] == pytest.approx(10)
    assert sol.marginal_cost[0, 1] == pytest.approx(sol.marginal_cost[0, 2])
    assert 10 - TOL <= sol.marginal_cost[0, 1] <= 30 + TOL

    # Same units, demand 10/50/100, budget 60: levelling would give (50-L)+(100-L)=60 -> L=45, i.e.
    # hour 3 would need 55 MW of hydro, above the 40 MW limit. So hour 3 takes 40 (its max) and
    # hour 2 takes the other 20, bringing hour 2 down to 30 MW (cheap only); hour 3 is left with
    # 100 - 40 = 60 MW = cheap 30 + dear 30. Dear is part-loaded in hour 3 -> price 30 there.
    p = make_problem([[10, 50, 100]], [(0, 10, 30, 0), (0, 30, 1000, 0)], hydro_budget=60, hydro_max=40,
                     hydro_srmc=1.0)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.hydro, [[0, 20, 40]])
    close(sol.unit_output, [[10, 30, 30], [0, 0, 30]])
    # Cost: cheap 70 * 10 = 700, dear 30 * 30 = 900, hydro 60 * 1 = 60 -> 1,660,000 PKR.
    assert sol.extra["objective_pkr"] == pytest.approx(1_660_000, rel=1e-9)
    close(sol.marginal_cost[0, [0, 2]], [10, 30])


def test_hydro_budget_outside_month_is_not_spent():
    # Hours 0-1 in month 0 (budget 20 MWh), hours 2-3 in month 1 (budget 0). One unit at 10 PKR/kWh.
    # Demand 30 every hour, hydro max 15: month 0 hydro total 20, month 1 hydro 0 -> unit runs
    # 30*4 - 20 = 100 MWh -> cost 100 * 10 = 1,000,000 PKR.
    p = make_problem([[30, 30, 30, 30]], [(0, 10, 100, 0)], month=[0, 0, 1, 1], hydro_budget=20, hydro_max=15)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.hydro[0, 2:], [0, 0])
    close(sol.hydro[0, :2].sum(), 20)
    assert sol.extra["objective_pkr"] == pytest.approx(1_000_000, rel=1e-9)


def test_reserve_forces_shedding_of_the_shortfall():
    # Units 10 and 20 PKR/kWh, 100 MW each, reserve 50 -> thermal may give at most 200 - 50 = 150 MW.
    # h1 demand 120 (< 150): cheap 100 + dear 20, no shedding, price 20.
    # h2 demand 180 (< 200 capacity but > 150): cheap 100 + dear 50, shed 180 - 150 = 30, price voll 100.
    p = make_problem([[120, 180]], [(0, 10, 100, 0), (0, 20, 100, 0)], reserve=50)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.unit_output, [[100, 100], [20, 50]])
    close(sol.unserved, [[0, 30]])
    close(sol.marginal_cost, [[20, 100]])
    # Cost: h1 100*10 + 20*20 = 1,400; h2 100*10 + 50*20 + 30*100 = 5,000 -> 6,400,000 PKR.
    assert sol.extra["objective_pkr"] == pytest.approx(6_400_000, rel=1e-9)

    # Reserve 500 > capacity: 200 - 500 < 0 < sum(unit_min) = 60, so the cap falls back to 60 MW:
    # the cheap unit runs its 60 MW floor, the dear one 0, and demand 100 sheds 40.
    p = make_problem([[100]], [(0, 10, 100, 60), (0, 20, 100, 0)], reserve=500)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.unit_output, [[60], [0]])
    close(sol.unserved, [[40]])
    # Cost: 60*10 + 40*100 = 4,600 -> 4,600,000 PKR.
    assert sol.extra["objective_pkr"] == pytest.approx(4_600_000, rel=1e-9)


def test_must_run_above_demand_is_dumped_not_shed():
    # Unit must run 80 MW (available 100, 10 PKR/kWh), 30 MW of must-take renewables, demand 50.
    # Oversupply = 80 + 30 - 50 = 60 MW; whether renewables or must-run output goes, spill totals 60.
    p = make_problem([[50]], [(0, 10, 100, 80)], must_take=[[30]])
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.unit_output, [[80]])
    close(sol.spill, [[60]])
    close(sol.unserved, [[0]])
    # Extra demand just dumps less -> marginal cost 0. Cost: 80 * 10 = 800 -> 800,000 PKR.
    close(sol.marginal_cost, [[0]])
    assert sol.extra["objective_pkr"] == pytest.approx(800_000, rel=1e-9)

    # Same with a hydro floor: hydro min 20 MW and budget 20 MWh for one hour, demand 50, no renewables.
    # Oversupply = 80 + 20 - 50 = 50 MW dumped.
    p = make_problem([[50]], [(0, 10, 100, 80)], hydro_budget=20, hydro_max=40, hydro_min=20)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.spill, [[50]])
    close(sol.hydro, [[20]])


def test_two_zones_binding_transfer_limit():
    # South: cheap 10 PKR/kWh x 500 MW. North: dear 30 PKR/kWh x 500 MW. Limit 100 MW.
    # North demand 300, south demand 100: south sends its limit of 100 MW north; north's own unit
    # makes the other 200 MW; south unit makes 100 + 100 = 200 MW.
    units = [(NORTH, 30, 500, 0), (SOUTH, 10, 500, 0)]
    p = make_problem([[300], [100]], units, transfer=100)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.flow_south_to_north, [100])
    close(sol.unit_output, [[200], [200]])
    # Prices: north's next MW comes from the dear unit (30), south's from the cheap unit (10).
    close(sol.marginal_cost, [[30], [10]])
    # Cost: 200*30 + 200*10 = 8,000 -> 8,000,000 PKR.
    assert sol.extra["objective_pkr"] == pytest.approx(8_000_000, rel=1e-9)

    # North unit only 150 MW: north gets 150 + 100 (import) = 250 of 300 -> sheds 50, price voll
    # 100, while the south (unit at 200 of 500) stays at 10.
    units = [(NORTH, 30, 150, 0), (SOUTH, 10, 500, 0)]
    p = make_problem([[300], [100]], units, transfer=100)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.flow_south_to_north, [100])
    close(sol.unit_output, [[150], [200]])
    close(sol.unserved, [[50], [0]])
    close(sol.marginal_cost, [[100], [10]])
    # Cost: 150*30 + 200*10 + 50*100 = 4,500 + 2,000 + 5,000 = 11,500 -> 11,500,000 PKR.
    assert sol.extra["objective_pkr"] == pytest.approx(11_500_000, rel=1e-9)

    # Reverse direction: cheap unit in the north, demand in the south -> flow = -limit.
    units = [(NORTH, 10, 500, 0), (SOUTH, 30, 500, 0)]
    p = make_problem([[100], [300]], units, transfer=100)
    sol = solve_exact(p)
    close(sol.flow_south_to_north, [-100])
    close(sol.marginal_cost, [[10], [30]])


def test_flexible_load_is_curtailed_before_firm_load_is_shed():
    # One unit 10 PKR/kWh x 100 MW; flexible_penalty 50 < voll 100; flexible demand 50 both hours.
    # h1 firm 80: firm served, flexible gets the remaining 20 (curtails 30); price = 50 (flexible
    #   load is the marginal user of the last MW).
    # h2 firm 120: flexible fully curtailed (50), firm sheds 120 - 100 = 20; price = voll 100.
    p = make_problem([[80, 120]], [(0, 10, 100, 0)], flexible=[[50, 50]], flexible_penalty=50, voll=100)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    close(sol.flexible_served, [[20, 0]])
    close(sol.unserved, [[0, 20]])
    close(sol.marginal_cost, [[50, 100]])
    # Cost: h1 100*10 + 30*50 = 2,500; h2 100*10 + 50*50 + 20*100 = 5,500 -> 8,000,000 PKR.
    assert sol.extra["objective_pkr"] == pytest.approx(8_000_000, rel=1e-9)


def random_problem(rng: np.random.Generator, hours: int, units: int, month: np.ndarray) -> DispatchProblem:
    """Two zones, sane magnitudes for Pakistan (MW, PKR/kWh); always passes DispatchProblem.check()."""
    t = np.arange(hours)
    daily = 1 + 0.15 * np.sin(2 * np.pi * (t % 24 - 8) / 24)
    firm = np.vstack([14_000 * daily, 7_000 * daily]) * rng.uniform(0.9, 1.1, (2, hours))
    solar = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    must_take = np.vstack([1_500 * solar, 5_000 * solar + rng.uniform(0, 1_500, hours)])
    zone = np.arange(units) % 2
    capacity = rng.uniform(0.5, 1.5, units)
    capacity *= 21_000 / capacity.sum()  # about the peak residual load, so some hours are short
    available = capacity[:, None] * rng.uniform(0.7, 1.0, (units, hours))
    minimum = np.zeros((units, hours))
    minimum[:3] = 0.3 * available[:3]  # three must-run units
    hydro_max = np.array([[7_000.0] * 12, [600.0] * 12])
    hydro_min = np.array([[1_500.0] * 12, [100.0] * 12])
    per_month = np.bincount(month, minlength=12)
    budget = per_month * (hydro_min + rng.uniform(0.3, 0.7, (2, 12)) * (hydro_max - hydro_min))
    return DispatchProblem(
        month=month, firm_demand=firm, flexible_demand=rng.uniform(300, 1_500, (2, hours)), must_take=must_take,
        unit_names=tuple(f"unit{i}" for i in range(units)), unit_zone=zone, unit_available=available,
        unit_min=minimum, unit_srmc=rng.uniform(8, 60, units), hydro_budget=budget, hydro_max=hydro_max,
        hydro_min=hydro_min, hydro_srmc=1.5, reserve_mw=1_000.0, transfer_limit_mw=2_500.0, voll=150.0,
        flexible_penalty=80.0)


def test_random_problem_closes_every_identity():
    rng = np.random.default_rng(20240701)
    month = np.repeat([0, 1], 24)
    p = random_problem(rng, 48, 5, month)
    p.check()
    sol = solve_exact(p)
    assert_consistent(p, sol)
    assert (sol.marginal_cost >= 0).all() and (sol.marginal_cost <= p.voll + TOL).all()


def test_time_limit_raises():
    rng = np.random.default_rng(7)
    p = random_problem(rng, 24 * 31, 15, np.zeros(24 * 31, dtype=int))
    with pytest.raises(RuntimeError, match="(?i)time limit"):
        solve_exact(p, time_limit_s=0.0)


def test_full_year_smoke():
    rng = np.random.default_rng(8760)
    month = np.repeat(np.arange(12), DAYS * 24)
    p = random_problem(rng, 8_760, 15, month)
    sol = solve_exact(p)
    assert_consistent(p, sol)
    # Timing is reported, not asserted (machines differ).
    assert sol.extra["status"], f"solve took {sol.extra['solve_s']:.1f} s"
    print(f"full-year LP solve: {sol.extra['solve_s']:.2f} s, objective {sol.extra['objective_pkr']:.4e} PKR")
