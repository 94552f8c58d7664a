"""The fast dispatch (workbench/models/dispatch.py, hydro.py) against cases worked out by hand.

Units: MW per hour, so 1 MW for one hour = 1 MWh = 1,000 kWh, and a cost of c PKR/kWh on
x MWh is 1,000 * c * x PKR. Every expected number below is derived in the comment next to it.
The same tiny cases are then solved by the exact LP (reference_lp.py), which must agree, and
random problems (hypothesis) check the identities every fast solution has to satisfy.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.models.dispatch import SMALL_LP_COLUMNS, dispatch, lp_columns
from workbench.models.hydro import month_slices, water_fill
from workbench.models.problem import NORTH, SOUTH, DispatchProblem, DispatchSolution

from workbench.models.reference_lp import solve_exact

from tests.problems import TOL, assert_feasible, close, make_problem







# ---------------------------------------------------------------------------------------------
# The tiny cases. Each factory is used by its hand-worked test and by the LP agreement test.
# ---------------------------------------------------------------------------------------------


def merit_case():
    # Units listed out of merit order: u0 12 PKR/kWh x 100 MW, u1 5 x 50, u2 30 x 60. voll 100.
    return make_problem([[30, 120, 250]], [(0, 12, 100, 0), (0, 5, 50, 0), (0, 30, 60, 0)],
                        must_take=[[40, 10, 0]])


def must_run_case():
    # u0 cheap 5 PKR/kWh x 100 MW, free; u1 nuclear 8 x 40 MW must-run (min = available);
    # u2 RLNG 20 x 80 MW with a 30 MW take-or-pay floor.
    return make_problem([[200, 90, 50]], [(0, 5, 100, 0), (0, 8, 40, 40), (0, 20, 80, 30)],
                        must_take=[[0, 0, 30]])


def reserve_case():
    # u0 10 x 100, u1 20 x 100, u2 40 x 50 (total 250 MW), reserve 80 MW.
    return make_problem([[120, 190, 240]], [(0, 10, 100, 0), (0, 20, 100, 0), (0, 40, 50, 0)], reserve=80)


def reserve_above_min_case():
    # u0 10 x 100 free; u1 20 x 100 with a 40 MW floor; reserve 70 MW.
    return make_problem([[150]], [(0, 10, 100, 0), (0, 20, 100, 40)], reserve=70)


HYDRO_DEMAND = [[100, 140, 60, 180]]
HYDRO_UNITS = [(0, 10, 90, 0), (0, 30, 200, 0)]  # cheap 10 x 90 MW, dear 30 x 200 MW


def hydro_interior_case():
    return make_problem(HYDRO_DEMAND, HYDRO_UNITS, hydro_budget=120, hydro_max=100, hydro_min=0, hydro_srmc=1)


def hydro_power_limit_case():
    return make_problem(HYDRO_DEMAND, HYDRO_UNITS, hydro_budget=120, hydro_max=60, hydro_min=0, hydro_srmc=1)


def hydro_floor_case():
    return make_problem(HYDRO_DEMAND, HYDRO_UNITS, hydro_budget=150, hydro_max=100, hydro_min=30, hydro_srmc=1)


def hydro_two_months_case():
    # Hours 0-1 month 0 (budget 40 MWh, max 30), hours 2-3 month 1 (budget 0, floor 0).
    return make_problem([[50, 70, 60, 60]], [(0, 10, 200, 0)], month=[0, 0, 1, 1], hydro_budget=40,
                        hydro_max=30, hydro_srmc=1)


def flexible_one_zone_case():
    # One unit 10 x 100 MW; flexible 40 MW every hour; penalty 50 < voll 100.
    return make_problem([[80, 90, 130]], [(0, 10, 100, 0)], flexible=[[40, 40, 40]])


def flexible_two_zone_case(transfer):
    # North: firm 150, no flexible load, unit 30 x 100. South: firm 50 + flexible 40, unit 10 x 100.
    return make_problem([[150], [50]], [(NORTH, 30, 100, 0), (SOUTH, 10, 100, 0)], flexible=[[0], [40]],
                        transfer=transfer)


def corridor_case():
    # North: dear 30 x 500. South: cheap 10 x 500 (only 40 MW in hour 2), dear 50 x 500. Limit 100.
    units = [(NORTH, 30, 500, 0), (SOUTH, 10, [500, 500, 40], 0), (SOUTH, 50, 500, 0)]
    return make_problem([[300, 80, 50], [100, 60, 300]], units, transfer=100)


CASES = {
    "merit": merit_case,
    "must_run": must_run_case,
    "reserve": reserve_case,
    "reserve_above_min": reserve_above_min_case,
    "hydro_interior": hydro_interior_case,
    "hydro_power_limit": hydro_power_limit_case,
    "hydro_floor": hydro_floor_case,
    "hydro_two_months": hydro_two_months_case,
    "flexible_one_zone": flexible_one_zone_case,
    "flexible_two_zone_uncongested": lambda: flexible_two_zone_case(100),
    "flexible_two_zone_room_limited": lambda: flexible_two_zone_case(30),
    "flexible_two_zone_at_limit": lambda: flexible_two_zone_case(10),
    "flexible_two_zone_congested": lambda: flexible_two_zone_case(5),
    "corridor": corridor_case,
}


# ---------------------------------------------------------------------------------------------
# 1. Merit order
# ---------------------------------------------------------------------------------------------


def test_merit_order_one_zone():
    p = merit_case()
    sol = dispatch(p)
    # h0: demand 30, must-take 40 -> residual -10: no unit runs, 10 MW of renewables spilled.
    # h1: residual 120 - 10 = 110: u1 (5) full 50, u0 (12) the other 60, u2 (30) idle.
    # h2: residual 250: u1 50 + u0 100 + u2 60 = 210 -> 40 MW shed.
    close(sol.unit_output, [[0, 60, 100], [0, 50, 50], [0, 0, 60]])
    close(sol.unserved, [[0, 0, 40]])
    close(sol.spill, [[10, 0, 0]])
    close(sol.must_take_used, [[30, 10, 0]])  # 40 offered - 10 spilled; all of it; none offered
    close(sol.hydro, [[0, 0, 0]])
    close(sol.flexible_served, [[0, 0, 0]])
    close(sol.flow_south_to_north, [0, 0, 0])
    # Marginal cost: h0 must-take covers demand -> 0; h1 last unit needed is u0 -> 12; h2 short -> voll 100.
    close(sol.marginal_cost, [[0, 12, 100]])
    # Energy: h1 50*5 + 60*12 = 250 + 720 = 970; h2 50*5 + 100*12 + 60*30 = 250 + 1,200 + 1,800 = 3,250
    # -> 4,220 MWh*PKR/kWh = 4,220,000 PKR. Objective adds 40 MWh * 100 = 4,000 -> 8,220,000 PKR.
    assert sol.energy_cost_pkr(p) == pytest.approx(4_220_000, rel=1e-12)
    assert sol.objective_pkr(p) == pytest.approx(8_220_000, rel=1e-12)


def test_marginal_unit_is_the_last_one_needed_at_an_exact_boundary():
    # Residual exactly 50 = u1's capacity: u1 is the last unit needed (full), u0 is not needed -> 5.
    # Residual 150 = u1 50 + u0 100: u0 is last (full), u2 not needed -> 12.
    p = make_problem([[50, 150]], [(0, 12, 100, 0), (0, 5, 50, 0), (0, 30, 60, 0)])
    sol = dispatch(p)
    close(sol.unit_output, [[0, 100], [50, 50], [0, 0]])
    close(sol.marginal_cost, [[5, 12]])
    close(sol.unserved, [[0, 0]])


# ---------------------------------------------------------------------------------------------
# 2. Must-run and take-or-pay
# ---------------------------------------------------------------------------------------------


def test_must_run_and_take_or_pay_are_dispatched_before_cheaper_units():
    p = must_run_case()
    sol = dispatch(p)
    # Must-run output every hour: u1 40 + u2 30 = 70 MW. Merit capacity above the minimums:
    # u0 100 (5), u1 0 (8), u2 50 (20).
    # h0: residual 200 - 70 = 130 -> u0 100, u2 30 more (60 total); price 20.
    # h1: residual 90 - 70 = 20 -> u0 20 while u1 40 and u2 30 keep running although u0 has
    #     80 MW free; price 5.
    # h2: residual 50 - 30 - 70 = -50 -> u0 0, minimums stay on; 50 MW oversupply spilled.
    close(sol.unit_output, [[100, 20, 0], [40, 40, 40], [60, 30, 30]])
    close(sol.marginal_cost, [[20, 5, 0]])
    # Renewables first: all 30 MW of must-take spilled, the other 20 MW of spill is must-run output.
    close(sol.must_take_used, [[0, 0, 0]])
    close(sol.spill, [[0, 0, 50]])
    close(sol.unserved, [[0, 0, 0]])
    # Energy: u0 120 MWh * 5 = 600; u1 120 * 8 = 960; u2 (60 + 30 + 30) = 120 * 20 = 2,400
    # -> 3,960 -> 3,960,000 PKR; nothing shed, so the objective is the same.
    assert sol.energy_cost_pkr(p) == pytest.approx(3_960_000, rel=1e-12)
    assert sol.objective_pkr(p) == pytest.approx(3_960_000, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# 3. Operating reserve
# ---------------------------------------------------------------------------------------------


def test_reserve_is_held_on_the_most_expensive_units():
    p = reserve_case()
    sol = dispatch(p)
    # Reserve 80 from the top of the merit order: u2 (40) all 50 MW, then u1 (20) 30 MW.
    # Usable: u0 100, u1 70, u2 0 -> 170 MW = 250 - 80.
    # h0: 120 -> u0 100, u1 20; price 20.
    # h1: 190 fits the 250 MW installed but not 170 -> shed 190 - 170 = 20; price voll 100.
    # h2: 240 -> shed 240 - 170 = 70.
    close(sol.unit_output, [[100, 100, 100], [20, 70, 70], [0, 0, 0]])
    close(sol.unserved, [[0, 20, 70]])
    close(sol.marginal_cost, [[20, 100, 100]])
    # Energy: h0 100*10 + 20*20 = 1,400; h1 and h2 100*10 + 70*20 = 2,400 each -> 6,200 -> 6,200,000 PKR.
    # Shed 90 MWh * 100 = 9,000 -> objective 15,200,000 PKR.
    assert sol.energy_cost_pkr(p) == pytest.approx(6_200_000, rel=1e-12)
    assert sol.objective_pkr(p) == pytest.approx(15_200_000, rel=1e-12)


def test_reserve_is_held_above_minimum_output():
    p = reserve_above_min_case()
    sol = dispatch(p)
    # Above-minimum capacity: u0 100, u1 60. Reserve 70: u1's 60, then 10 of u0 -> u0 usable 90.
    # Residual 150 - 40 (u1 floor) = 110 -> u0 90, shed 20; u1 stays at 40.
    close(sol.unit_output, [[90], [40]])
    close(sol.unserved, [[20]])
    close(sol.marginal_cost, [[100]])
    # 90*10 + 40*20 + 20*100 = 900 + 800 + 2,000 = 3,700 -> 3,700,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(3_700_000, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# 4. Hydro water-filling
# ---------------------------------------------------------------------------------------------


def test_hydro_flattens_the_residual_inside_its_limits():
    p = hydro_interior_case()
    sol = dispatch(p)
    # Demand 100/140/60/180, budget 120, max 100, floor 0. Level L with sum(max(d - L, 0)) = 120:
    # L = 100 -> 0 + 40 + 0 + 80 = 120, and 80 <= 100, so no limit binds.
    close(sol.hydro, [[0, 40, 0, 80]])
    # Residual 100/100/60/100: cheap 90/90/60/90, dear 10/10/0/10.
    close(sol.unit_output, [[90, 90, 60, 90], [10, 10, 0, 10]])
    close(sol.marginal_cost, [[30, 30, 10, 30]])
    assert sol.hydro.sum() == pytest.approx(120, abs=1e-9)
    # Cheap 330 MWh * 10 = 3,300; dear 30 * 30 = 900; hydro 120 * 1 = 120 -> 4,320,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(4_320_000, rel=1e-12)


def test_hydro_power_limit_binds():
    p = hydro_power_limit_case()
    sol = dispatch(p)
    # Max 60 now: at L = 100 the hours give 0 + 40 + 0 + min(80, 60) = 100 < 120, so the level
    # drops: L = 90 -> 10 + 50 + 0 + min(90, 60) = 120. Hour 3 sits at its 60 MW limit.
    close(sol.hydro, [[10, 50, 0, 60]])
    # Residual 90/90/60/120: cheap 90/90/60/90, dear 0/0/0/30.
    close(sol.unit_output, [[90, 90, 60, 90], [0, 0, 0, 30]])
    assert sol.hydro.sum() == pytest.approx(120, abs=1e-9)
    # Cheap 330 * 10 = 3,300; dear 30 * 30 = 900; hydro 120 -> 4,320,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(4_320_000, rel=1e-12)


def test_hydro_floor_binds():
    p = hydro_floor_case()
    sol = dispatch(p)
    # Floor 30, max 100, budget 150: hydro = clip(d - L, 30, 100). L = 120 gives
    # clip(-20) = 30, clip(20) = 30, clip(-60) = 30, clip(60) = 60 -> 150. Floor binds in hours 0-2.
    close(sol.hydro, [[30, 30, 30, 60]])
    # Residual 70/110/30/120: cheap 70/90/30/90, dear 0/20/0/30.
    close(sol.unit_output, [[70, 90, 30, 90], [0, 20, 0, 30]])
    assert sol.hydro.sum() == pytest.approx(150, abs=1e-9)
    # Cheap 280 * 10 = 2,800; dear 50 * 30 = 1,500; hydro 150 * 1 = 150 -> 4,450,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(4_450_000, rel=1e-12)


def test_hydro_budget_is_spent_in_its_own_month():
    p = hydro_two_months_case()
    sol = dispatch(p)
    # Month 0 (hours 0-1, demand 50/70, budget 40, max 30): (50 - L) + (70 - L) = 40 -> L = 40,
    # hydro 10/30 (30 = max, just fits). Month 1 has budget 0 -> no hydro.
    close(sol.hydro, [[10, 30, 0, 0]])
    close(sol.unit_output, [[40, 40, 60, 60]])
    # Unit 200 MWh * 10 = 2,000; hydro 40 * 1 = 40 -> 2,040,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(2_040_000, rel=1e-12)


def test_month_slices_in_order_and_out_of_order():
    sl = month_slices(np.array([0, 0, 1, 3, 3, 3]))
    # In order -> slices: month 0 hours 0-1, month 1 hour 2, month 2 empty, month 3 hours 3-5.
    assert all(isinstance(s, slice) for s in sl) and len(sl) == 12
    assert (sl[0], sl[1], sl[2], sl[3], sl[11]) == (slice(0, 2), slice(2, 3), slice(3, 3), slice(3, 6),
                                                    slice(6, 6))
    sl = month_slices(np.array([2, 0, 2, 0, 5, 5]))
    # Out of order -> index arrays of the hours of each month.
    assert all(isinstance(s, np.ndarray) for s in sl) and len(sl) == 12
    assert [s.tolist() for s in sl[:6]] == [[1, 3], [], [0, 2], [], [], [4, 5]]


def test_water_fill_direct_out_of_calendar_order():
    month = np.array([2, 0, 2, 0, 5, 5])
    load = np.array([5.0, 1.0, 3.0, 7.0, 2.0, 8.0])
    budget, lo, hi = np.zeros(12), np.zeros(12), np.full(12, 10.0)
    budget[0] = 4.0  # month 0: hours 1 and 3, load 1 and 7
    budget[2] = 0.0  # month 2: hours 0 and 2, zero budget (floor 0)
    budget[5], lo[5], hi[5] = 8.0, 1.0, 5.0  # month 5: hours 4 and 5, load 2 and 8
    budget[7] = 0.0  # month 7 has no hours at all
    out = water_fill(load, month_slices(month), budget, lo, hi)
    # Month 0: (7 - L) + max(1 - L, 0) = 4 -> L = 3 -> hour 1: 0, hour 3: 4.
    # Month 2: budget 0 -> 0 and 0.
    # Month 5: clip(x - L, 1, 5) summing to 8: load 8 caps at 5, so load 2 gives 3 -> L = -1
    #          (8 - (-1) = 9 -> 5). Hours 4, 5 -> 3, 5.
    close(out, [0, 0, 0, 4, 3, 5], tol=1e-12)
    # Same months listed in calendar order give the same hour-by-hour answer.
    order = np.argsort(month, kind="stable")
    out_sorted = water_fill(load[order], month_slices(month[order]), budget, lo, hi)
    close(out_sorted, out[order], tol=1e-12)


def test_water_fill_edge_cases():
    slices = month_slices(np.array([0, 0, 0, 1, 1]))
    load = np.array([10.0, 10.0, 10.0, 4.0, 9.0])
    lo, hi = np.array([0.0, 2.0] + [0.0] * 10), np.array([5.0, 6.0] + [0.0] * 10)
    # Month 0: equal loads, budget 6 -> ties split evenly: 2 each. Month 1: budget 4 = 2 hours * floor 2
    # -> both at the floor.
    budget = np.array([6.0, 4.0] + [0.0] * 10)
    close(water_fill(load, slices, budget, lo, hi), [2, 2, 2, 2, 2], tol=1e-12)
    # Month 0 budget 15 = 3 * max 5 -> all at max; month 1 budget 12 = 2 * max 6 -> all at max.
    budget = np.array([15.0, 12.0] + [0.0] * 10)
    close(water_fill(load, slices, budget, lo, hi), [5, 5, 5, 6, 6], tol=1e-12)
    # Month 0 budget 0 with floor 0 -> zeros; month 1 budget 7: clip(x - L, 2, 6) with loads 4, 9:
    # L = 4 -> clip(0) = 2 (floor), clip(5) = 5 -> 7.
    budget = np.array([0.0, 7.0] + [0.0] * 10)
    close(water_fill(load, slices, budget, lo, hi), [0, 0, 0, 2, 5], tol=1e-12)


# ---------------------------------------------------------------------------------------------
# 5. Flexible load
# ---------------------------------------------------------------------------------------------


def test_flexible_load_is_cut_before_firm_load_one_zone():
    p = flexible_one_zone_case()
    sol = dispatch(p)
    # Capacity 100. h0: 80 + 40 = 120 -> cut 20 flexible, serve 20; h1: 130 -> cut 30, serve 10;
    # h2: 170 -> all 40 flexible cut, then 130 - 100 = 30 firm shed.
    close(sol.flexible_served, [[20, 10, 0]])
    close(sol.unserved, [[0, 0, 30]])
    close(sol.unit_output, [[100, 100, 100]])
    # Price: flexible penalty 50 while only flexible load is cut, voll 100 once firm load is shed.
    close(sol.marginal_cost, [[50, 50, 100]])
    # Energy 300 * 10 = 3,000; curtailed 20 + 30 + 40 = 90 * 50 = 4,500; shed 30 * 100 = 3,000
    # -> 10,500 -> 10,500,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(10_500_000, rel=1e-12)


def test_south_flexible_load_relieves_north_when_corridor_has_room():
    p = flexible_two_zone_case(transfer=100)
    sol = dispatch(p)
    # System: 150 + 50 + 40 = 240 MW against 200 MW of units -> 40 MW short. Both units full.
    # Without cuts south exports 100 - 50 - 40 = 10 MW; the corridor has 90 MW of room, so all 40 MW
    # of the south's flexible load is cut and exported: flow 50, north 100 + 50 = 150 = its firm load.
    close(sol.unit_output, [[100], [100]])
    close(sol.flexible_served, [[0], [0]])
    close(sol.unserved, [[0], [0]])
    close(sol.flow_south_to_north, [50])
    assert not sol.extra["congested"].any()
    # North's next MW would cut another MW of flexible load -> 50. (South's price: see
    # test_uncongested_zones_share_the_flexible_penalty_price below.)
    close(sol.marginal_cost[NORTH], [50])
    # Units 100*30 + 100*10 = 4,000; curtailed 40 * 50 = 2,000 -> 6,000,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(6_000_000, rel=1e-12)


def test_south_flexible_cut_is_limited_by_corridor_room():
    p = flexible_two_zone_case(transfer=30)
    sol = dispatch(p)
    # Uncongested export 10 MW, room 30 - 10 = 20 -> only 20 MW of south flexible load is cut:
    # flow 30 (= limit), north 100 + 30 = 130 of 150 -> 20 MW firm shed; south serves 20 flexible.
    close(sol.flexible_served, [[0], [20]])
    close(sol.unserved, [[20], [0]])
    close(sol.flow_south_to_north, [30])
    close(sol.marginal_cost[NORTH], [100])
    # Units 4,000; curtailed 20 * 50 = 1,000; shed 20 * 100 = 2,000 -> 7,000,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(7_000_000, rel=1e-12)


def test_south_flexible_load_is_served_when_corridor_is_at_its_limit():
    p = flexible_two_zone_case(transfer=10)
    sol = dispatch(p)
    # The 10 MW the south exports already fills the corridor: no room, so cutting the south's
    # flexible load cannot help. North 100 + 10 = 110 of 150 -> 40 firm shed; south 100 - 10 = 90 =
    # 50 firm + 40 flexible, all served.
    close(sol.flexible_served, [[0], [40]])
    close(sol.unserved, [[40], [0]])
    close(sol.flow_south_to_north, [10])
    close(sol.marginal_cost[NORTH], [100])
    # Units 4,000; shed 40 * 100 = 4,000 -> 8,000,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(8_000_000, rel=1e-12)


def test_south_flexible_load_is_served_when_corridor_is_congested():
    p = flexible_two_zone_case(transfer=5)
    sol = dispatch(p)
    # Copper-plate export 10 > limit 5 -> congested; flow 5. North 150 - 5 = 145 on a 100 MW unit ->
    # 45 shed; south 50 + 40 + 5 = 95 on its 100 MW unit -> all served, unit at 95.
    assert sol.extra["congested"].tolist() == [True]
    close(sol.flow_south_to_north, [5])
    close(sol.unit_output, [[100], [95]])
    close(sol.flexible_served, [[0], [40]])
    close(sol.unserved, [[45], [0]])
    # North short -> voll 100; south's own unit part-loaded -> 10.
    close(sol.marginal_cost, [[100], [10]])
    # Units 100*30 + 95*10 = 3,950; shed 45 * 100 = 4,500 -> 8,450,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(8_450_000, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# 6. Two zones, binding corridor, both directions
# ---------------------------------------------------------------------------------------------


def test_two_zones_binding_corridor_both_directions():
    p = corridor_case()
    sol = dispatch(p)
    # h0: system 400 -> south cheap unit alone (400 of 500); south would export 400 - 100 = 300 > 100:
    #     congested. Flow 100; north's dear unit makes 300 - 100 = 200 (price 30); south cheap makes
    #     100 + 100 = 200 (price 10).
    # h1: system 140 -> south cheap 140, export 140 - 60 = 80 <= 100: uncongested, flow 80, one price 10.
    # h2: south cheap has only 40 MW. System 350 -> cheap 40 + north dear 310; south would import
    #     300 - 40 = 260 > 100: congested, flow -100 (north to south). North dear 50 + 100 = 150 (30);
    #     south 300 - 100 = 200 = cheap 40 + south dear 160 (price 50).
    assert sol.extra["congested"].tolist() == [True, False, True]
    close(sol.flow_south_to_north, [100, 80, -100])
    close(sol.unit_output, [[200, 0, 150], [200, 140, 40], [0, 0, 160]])
    close(sol.marginal_cost, [[30, 10, 30], [10, 10, 50]])
    close(sol.unserved, [[0, 0, 0], [0, 0, 0]])
    # h0 200*30 + 200*10 = 8,000; h1 140*10 = 1,400; h2 150*30 + 40*10 + 160*50 = 4,500 + 400 + 8,000
    # = 12,900 -> 22,300 -> 22,300,000 PKR.
    assert sol.objective_pkr(p) == pytest.approx(22_300_000, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# 7. Agreement with the exact LP on every tiny case
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_agrees_with_exact_lp(name):
    p = CASES[name]()
    fast, exact = dispatch(p), solve_exact(p)
    assert fast.objective_pkr(p) == pytest.approx(exact.extra["objective_pkr"], rel=1e-9)
    assert fast.objective_pkr(p) == pytest.approx(exact.objective_pkr(p), rel=1e-9)
    assert abs(fast.unserved.sum() - exact.unserved.sum()) <= 1e-6


# ---------------------------------------------------------------------------------------------
# Bugs found while writing these tests (expected values by hand; they fail today)
# ---------------------------------------------------------------------------------------------


def test_one_zone_hydro_with_flexible_load_varying_within_the_month():
    # One unit 10 x 100 MW; hydro budget 20 MWh, max 20; penalty 50, voll 100.
    # Firm 100/140, flexible 50/10 -> firm + flexible 150/150, so water-filling gives 10 MW each hour:
    #   h0: short 40 -> flexible cut 40; h1: short 40 -> flexible cut 10, firm shed 30 -> objective
    #   2,000 + 40*50 + 10*50 + 30*100 = 7,500,000 PKR.
    # Optimal: all 20 MW in h1, where a MW saves voll 100 instead of penalty 50:
    #   h0: 100*10 + 50*50 = 3,500; h1: 130 residual -> 100*10 + 10*50 + 20*100 = 3,500 -> 7,000,000 PKR.
    p = make_problem([[100, 140]], [(0, 10, 100, 0)], flexible=[[50, 10]], hydro_budget=20, hydro_max=20)
    assert solve_exact(p).extra["objective_pkr"] == pytest.approx(7_000_000, rel=1e-9)
    assert dispatch(p).objective_pkr(p) == pytest.approx(7_000_000, rel=1e-9)


def test_uncongested_zones_share_the_flexible_penalty_price():
    # South unit 10 x 90 MW, transfer 1,000. North firm 60 + flexible 50 = 110 -> 20 MW short, all of it
    # curtailed flexible load in the north; nothing shed anywhere, corridor (90 MW flow) not binding.
    # One more MW in either zone cuts one more MW of north flexible load -> both prices 50.
    p = make_problem([[60], [0]], [(SOUTH, 10, 90, 0)], flexible=[[50], [0]], transfer=1000)
    sol = dispatch(p)
    close(sol.unserved, [[0], [0]])
    close(sol.flexible_served, [[30], [0]])
    close(solve_exact(p).marginal_cost, [[50], [50]])
    close(sol.marginal_cost, [[50], [50]])


def test_shortfall_is_booked_in_the_zone_that_has_the_load():
    # North: firm 10, unit 10 x 100 MW. South: firm 200, no units. Transfer 1,000.
    # North serves its 10 and exports the other 90; the south sheds 200 - 90 = 110.
    # The fast dispatch books all 110 MW as shed in the north (which has only 10 MW of load) and
    # reports a flow of -200 MW while the north generates 100 MW.
    p = make_problem([[10], [200]], [(NORTH, 10, 100, 0)], transfer=1000)
    sol = dispatch(p)
    assert sol.objective_pkr(p) == pytest.approx(12_000_000, rel=1e-12)  # 100*10 + 110*100 = 12,000
    close(sol.unserved, [[0], [110]])
    close(sol.flow_south_to_north, [-90])


def test_a_short_zone_never_exports_more_than_it_produces():
    # North: firm 300, unit 10 x 100 MW. South: firm 400, unit 20 x 100 MW. Limit 200.
    # 200 MW for 700: 500 MW shed whatever the split. The south has only 100 MW to send, so the
    # flow is at most 100 and the north sheds at least 300 - 100 - 100 = 100; no zone may shed
    # more than its own load. Cost 100*10 + 100*20 + 500*100 = 53,000 -> 53,000,000 PKR.
    # (Found by the per-zone check: the south sent 200 MW north and "shed" 500 of its 400 MW.)
    p = make_problem([[300], [400]], [(NORTH, 10, 100, 0), (SOUTH, 20, 100, 0)], transfer=200)
    assert solve_exact(p).extra["objective_pkr"] == pytest.approx(53_000_000, rel=1e-9)
    sol = dispatch(p)
    assert_feasible(p, sol)
    assert sol.objective_pkr(p) == pytest.approx(53_000_000, rel=1e-9)
    close(sol.unserved, [[100], [400]])
    close(sol.flow_south_to_north, [100])


def test_congested_shortage_sheds_firm_load_while_flexible_load_is_served():
    # North: firm 10, unit 10 PKR/kWh x 100 MW. South: firm 100 + flexible 100, unit 20 x 20 MW. Limit 150.
    # Best: north serves its 10 and exports 90 (< 150); south has 20 + 90 = 110 for 100 firm -> serves
    # 10 flexible, curtails 90; nothing shed. 100*10 + 20*20 + 90*50 = 1,000 + 400 + 4,500 = 5,900
    # -> 5,900,000 PKR.
    # Fast: copper plate is 90 MW short, booked in the north, so the south "needs" 200 - 20 = 180 > 150:
    # congested, flow -150; the north must then cover 10 + 150 = 160 with 100 MW and sheds 60 (of its
    # 10 MW of load) at voll, while the south serves 70 MW of flexible load:
    # 1,400 + 60*100 + 30*50 = 8,900 -> 8,900,000 PKR.
    p = make_problem([[10], [100]], [(NORTH, 10, 100, 0), (SOUTH, 20, 20, 0)], flexible=[[0], [100]],
                     transfer=150)
    assert solve_exact(p).extra["objective_pkr"] == pytest.approx(5_900_000, rel=1e-9)
    sol = dispatch(p)
    assert sol.objective_pkr(p) == pytest.approx(5_900_000, rel=1e-9)
    close(sol.unserved, [[0], [0]])
    close(sol.flow_south_to_north, [-90])


def test_reserve_behind_a_congested_corridor():
    # North: dear 30 x 100; south: cheap 10 x 100; reserve 50 MW system-wide; corridor 0 MW.
    # North firm 90, south firm 40: 130 MW <= 200 - 50 = 150, and each zone has the units for its own
    # load, so nothing need be shed: 90*30 + 40*10 = 3,100 -> 3,100,000 PKR (the LP's answer).
    # Fast: the 50 MW reserve is held on the north unit (top of the merit order), leaving it 50 MW for
    # 90 MW of load -> 40 shed: 50*30 + 40*10 + 40*100 = 5,900 -> 5,900,000 PKR.
    p = make_problem([[90], [40]], [(NORTH, 30, 100, 0), (SOUTH, 10, 100, 0)], reserve=50, transfer=0)
    assert solve_exact(p).extra["objective_pkr"] == pytest.approx(3_100_000, rel=1e-9)
    sol = dispatch(p, exact=False)  # the fast method (dispatch alone would solve this small system by LP)
    close(sol.unserved, [[0], [0]])
    assert sol.objective_pkr(p) == pytest.approx(3_100_000, rel=1e-9)


def test_hydro_is_filled_again_against_its_own_zone_when_the_corridor_binds():
    # Corridor 0 MW. North: firm 100 both hours, cheap 10 x 60 MW, dear 30 x 200 MW, hydro 80 MWh
    # (max 80, floor 0, cost 0). South: firm 0 then 200, one unit 20 x 300 MW.
    # Against the one-bus load (100, 300) the water all goes to hour 2, where the north needs little:
    #   h1 north 60*10 + 40*30 = 1,800; h2 north 20*10 = 200, south 200*20 = 4,000 -> 6,000,000 PKR.
    # Filled again against the north's own load (100, 100): 40 MW each hour, residual 60 = the cheap unit:
    #   h1 600; h2 600 + 4,000 -> 5,200,000 PKR, the LP's optimum.
    p = make_problem([[100, 100], [0, 200]], [(NORTH, 10, 60, 0), (NORTH, 30, 200, 0), (SOUTH, 20, 300, 0)],
                     hydro_budget=[80, 0], hydro_max=[80, 0], transfer=0)
    assert solve_exact(p).objective_pkr(p) == pytest.approx(5_200_000, rel=1e-9)
    sol = dispatch(p, exact=False)
    assert_feasible(p, sol)
    close(sol.hydro, [[40, 40], [0, 0]])
    assert sol.objective_pkr(p) == pytest.approx(5_200_000, rel=1e-12)


def test_reserve_moves_to_the_other_zone_when_the_corridor_pins_a_shortfall():
    # North: firm 100 + flexible 50, unit 10 x 200 MW. South: firm 150, unit 20 x 100 MW. Corridor 50,
    # reserve 100, so thermal output is at most 300 - 100 = 200 MW of the 300 asked for: 100 MW short.
    # On the copper plate the reserve sits on the dearer south unit, which then gives nothing; the
    # south can import only 50, so it sheds 100 firm while the north serves its flexible load:
    #   200*10 + 100*100 = 12,000 -> 12,000,000 PKR.
    # Holding the reserve in the north instead: north 150 (its 100 + 50 exported), flexible 50 cut;
    # south unit 50 + 50 imported, 50 shed: 150*10 + 50*20 + 50*100 + 50*50 = 10,000 -> 10,000,000 PKR.
    p = make_problem([[100], [150]], [(NORTH, 10, 200, 0), (SOUTH, 20, 100, 0)], flexible=[[50], [0]],
                     transfer=50, reserve=100)
    assert solve_exact(p).objective_pkr(p) == pytest.approx(10_000_000, rel=1e-9)
    sol = dispatch(p, exact=False)
    assert_feasible(p, sol)
    close(sol.unit_output, [[150], [50]])
    close(sol.unserved, [[0], [50]])
    close(sol.flexible_served, [[0], [0]])
    assert sol.objective_pkr(p) == pytest.approx(10_000_000, rel=1e-12)


def test_small_two_zone_systems_with_hydro_or_reserve_are_solved_by_the_lp():
    # The corridor case with a reserve is small and hard: dispatch returns the LP's answer.
    units = [(NORTH, 30, 500, 0), (SOUTH, 10, 500, 0)]
    p = make_problem([[300], [100]], units, transfer=100, reserve=50)
    sol = dispatch(p)
    assert sol.extra["exact"] is True and sol.extra["congested"].tolist() == [True]
    assert sol.objective_pkr(p) == pytest.approx(solve_exact(p).objective_pkr(p), rel=1e-12)
    assert "exact" not in dispatch(p, exact=False).extra
    # Without hydro or reserve the fast method is exact for two zones too, so it is kept.
    assert "exact" not in dispatch(make_problem([[300], [100]], units, transfer=100)).extra
    # A study year is never small: 8,760 hours x 2 units is above the limit, so the fast method runs.
    hours = 8_760
    year = make_problem(np.full((2, hours), 100.0), units, transfer=100, reserve=50)
    assert lp_columns(year) > SMALL_LP_COLUMNS and "exact" not in dispatch(year).extra
    assert dispatch(year, exact=True).extra["exact"] is True


# ---------------------------------------------------------------------------------------------
# 8. Identities on random problems
# ---------------------------------------------------------------------------------------------

# Two-zone gap (fast - LP) / LP over 1,500 problems from the generator below (a fuller run than the
# 40 examples here), after the fixes for the cases above: largest 0.39, 90th percentile 0.016, never
# below -1e-14. Hydro is scheduled against the copper-plate load, which the LP does not assume; these
# tiny random systems are far more congested than the bundled one (gap there: 0.0002%).
# (Before the fixes the largest gap was 2.05, mostly reserve held behind a congested corridor.)
LARGEST_TWO_ZONE_GAP_SEEN = 0.39


@st.composite
def random_problems(draw, zones: int) -> DispatchProblem:
    """A random problem that passes DispatchProblem.check().

    Shapes, months and switches come from hypothesis; the numbers from a numpy generator seeded by it.
    One-zone problems keep each unit's above-minimum capacity and the flexible load constant within a
    month (unit_min may still vary by the hour), the condition under which water-filling is exact.
    """
    hours = draw(st.integers(24, 96))
    n_months = draw(st.integers(1, 3))
    first = draw(st.integers(0, 12 - n_months))
    cuts = sorted(draw(st.lists(st.integers(1, hours - 1), min_size=n_months - 1, max_size=n_months - 1,
                                unique=True)))
    month_pos = np.repeat(np.arange(n_months), np.diff([0, *cuts, hours]))
    month = first + month_pos
    n_units = draw(st.integers(2, 6))
    has_flex = draw(st.booleans())
    has_must_take = draw(st.booleans())
    has_reserve = draw(st.booleans())
    hydro_zones = draw(st.lists(st.booleans(), min_size=zones, max_size=zones))
    budget_mode = draw(st.sampled_from(["inside", "floor", "max"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def monthly(shape):  # random values constant within each month
        return rng.uniform(0, 1, (*shape, n_months))[..., month_pos]

    peak = 1000.0
    t = np.arange(hours)
    daily = 1 + 0.3 * np.sin(2 * np.pi * (t % 24 - 8) / 24)
    firm = peak / zones * daily * rng.uniform(0.6, 1.1, (zones, hours))
    solar = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    must_take = (rng.uniform(0, 1.2, (zones, 1)) * peak / zones * solar + rng.uniform(0, 100, (zones, hours))
                 if has_must_take else np.zeros((zones, hours)))
    flex_scale = rng.uniform(0, 0.3, (zones, 1)) * peak / zones
    if has_flex:
        flexible = flex_scale * (monthly((zones,)) if zones == 1 else rng.uniform(0, 1, (zones, hours)))
    else:
        flexible = np.zeros((zones, hours))

    zone = rng.integers(0, zones, n_units)
    cap = rng.uniform(0.3, 1.5, n_units)
    cap *= peak * rng.uniform(0.6, 1.6) / cap.sum()
    min_frac = np.where(rng.uniform(size=n_units) < 0.4, rng.uniform(0, 0.6, n_units), 0.0)[:, None]
    if zones == 1:
        unit_min = cap[:, None] * min_frac * rng.uniform(0.5, 1, (n_units, hours))
        available = unit_min + cap[:, None] * (1 - min_frac) * (0.5 + 0.5 * monthly((n_units,)))
    else:
        available = cap[:, None] * rng.uniform(0.5, 1, (n_units, hours))
        unit_min = available * min_frac * rng.uniform(0, 1, (n_units, hours))

    per_month = np.bincount(month, minlength=12)
    hydro_max = np.where(np.array(hydro_zones)[:, None], rng.uniform(0, 0.5, (zones, 12)) * peak / zones, 0.0)
    hydro_min = hydro_max * rng.uniform(0, 0.6, (zones, 12))
    share = {"inside": rng.uniform(0, 1, (zones, 12)), "floor": 0.0, "max": 1.0}[budget_mode]
    budget = per_month * (hydro_min + share * (hydro_max - hydro_min))

    voll = rng.uniform(120, 300)
    p = DispatchProblem(
        month=month, firm_demand=firm, flexible_demand=flexible, must_take=must_take,
        unit_names=tuple(f"u{i}" for i in range(n_units)), unit_zone=zone, unit_available=available,
        unit_min=unit_min, unit_srmc=rng.uniform(1, 60, n_units), hydro_budget=budget, hydro_max=hydro_max,
        hydro_min=hydro_min, hydro_srmc=rng.uniform(0, 5),
        reserve_mw=float(rng.uniform(0, 0.3) * cap.sum()) if has_reserve else 0.0,
        transfer_limit_mw=float(rng.choice([0.0, rng.uniform(0, 0.4 * peak)], p=[0.1, 0.9])),
        voll=voll, flexible_penalty=rng.uniform(61, voll - 1))
    p.check()
    return p


def check_identities(p: DispatchProblem, sol: DispatchSolution) -> None:
    assert_feasible(p, sol)
    flow = sol.flow_south_to_north
    # Firm load is shed only after flexible load is cut: in its own zone always; in the other zone too
    # when the hour is not congested, unless the corridor is full in the direction of the short zone.
    # (In congested shortage hours the stronger statement fails today: see
    # test_congested_shortage_sheds_firm_load_while_flexible_load_is_served.)
    short = sol.unserved > TOL
    assert (sol.flexible_served[short] <= TOL).all()
    if p.zones == 2:
        open_hours = ~sol.extra["congested"]
        at_limit = {NORTH: flow >= p.transfer_limit_mw - TOL, SOUTH: flow <= -p.transfer_limit_mw + TOL}
        for zz, other in ((NORTH, SOUTH), (SOUTH, NORTH)):
            bad = short[zz] & open_hours & (sol.flexible_served[other] > TOL) & ~at_limit[zz]
            assert not bad.any(), f"zone {zz} sheds firm load in uncongested hours {np.flatnonzero(bad)}"
    assert (sol.marginal_cost >= 0).all() and (sol.marginal_cost <= p.voll).all()


RANDOM = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RANDOM
@given(random_problems(zones=1))
def test_random_one_zone_identities_and_exactness(p):
    sol = dispatch(p)
    check_identities(p, sol)
    fast, lp = sol.objective_pkr(p), solve_exact(p).extra["objective_pkr"]
    # One bus, capacities (and flexible load) constant within each month: the fast method is exact.
    assert fast == pytest.approx(lp, rel=1e-7, abs=1e-3)


@RANDOM
@given(random_problems(zones=2))
def test_random_two_zone_identities_and_lp_lower_bound(p):
    sol = dispatch(p, exact=False)  # the fast method itself, not the LP it falls back to on small systems
    check_identities(p, sol)
    fast, lp = sol.objective_pkr(p), solve_exact(p).extra["objective_pkr"]
    # The LP is a lower bound. The fast method can cost more with two zones, but never more than the
    # largest gap seen in development (LARGEST_TWO_ZONE_GAP_SEEN): a change that makes it worse fails.
    gap = (fast - lp) / max(abs(lp), 1.0)
    assert gap >= -1e-6, f"fast {fast:.6e} below the LP optimum {lp:.6e} (gap {gap:.3e})"
    assert gap <= LARGEST_TWO_ZONE_GAP_SEEN, (f"fast {fast:.6e} is {100 * gap:.1f}% above the LP optimum "
                                              f"{lp:.6e}: worse than the {100 * LARGEST_TWO_ZONE_GAP_SEEN:.0f}% seen")


def test_hours_of_excess_alone_are_split_as_the_general_formula_splits_them():
    """_split_excess is _split_between_zones with its shortfall terms gone: on hours of excess and no
    shortfall the two must agree to the bit, flow, the south's excess and congestion alike."""
    from workbench.models.dispatch import _split_between_zones, _split_excess
    rng = np.random.default_rng(11)
    n, limit = 5000, 1500.0
    south_export = rng.normal(0, 2500, n)
    own = rng.uniform(0, 6000, (2, n)) * (rng.random((2, n)) < 0.9)  # a zone at times without own output
    excess = rng.uniform(0, 5000, n)
    demand, flexible_north = rng.uniform(5000, 20000, (2, n)), rng.uniform(0, 800, n)
    general = _split_between_zones(limit, south_export, demand, flexible_north, own, np.zeros(n), excess, False)
    south_excess, flow, congested = _split_excess(limit, south_export, own, excess)
    assert general[0].tolist() == [0.0] * n and not general[4].any()  # no shortfall placed, nothing pinned
    for a, b in ((general[1], south_excess), (general[2], flow), (general[3], congested)):
        assert a.tobytes() == b.tobytes()
    assert 0.05 < congested.mean() < 0.95  # both kinds of hour are common: the comparison says something


def test_a_zones_output_summed_row_by_row_is_numpys_sum_to_the_bit():
    from workbench.models.dispatch import rows_summed
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 1000, (12, 8760))
    for k in range(13):
        rows = np.zeros(12, dtype=bool)
        rows[rng.choice(12, k, replace=False)] = True
        assert rows_summed(a, rows).tobytes() == a[rows].sum(axis=0).tobytes()


def test_at_hours_reads_and_writes_what_fancy_indexing_does():
    # take and row-by-row assignment stand in for a[..., hours] on the dispatch's hot paths: the same
    # values, in the same order and layout, for index arrays and slices, one row or several.
    from workbench.models.problem import at_hours, set_at_hours
    rng = np.random.default_rng(11)
    for shape in ((50,), (2, 50), (12, 50)):
        a = rng.uniform(-5, 5, shape)
        for hours in (np.sort(rng.choice(50, 17, replace=False)), np.array([], dtype=np.intp), slice(10, 30)):
            got = at_hours(a, hours)
            assert got.tobytes() == a[..., hours].tobytes() and got.shape == a[..., hours].shape
            values = rng.uniform(size=a[..., hours].shape)
            expected, b = a.copy(), a.copy()
            expected[..., hours] = values
            set_at_hours(b, hours, values)
            assert b.tobytes() == expected.tobytes()
            b, expected = a.copy(), a.copy()
            expected[..., hours] = 7.0
            set_at_hours(b, hours, 7.0)  # a scalar fills every row
            assert b.tobytes() == expected.tobytes()
    view = np.zeros((2, 50))
    at_hours(view, slice(0, 5))[:] = 1.0  # a slice is a view: what the dispatch's splicing relies on
    assert view[:, :5].all() and not view[:, 5:].any()
    with pytest.raises(TypeError, match="not a mask"):
        at_hours(view, view[0] > 0)
