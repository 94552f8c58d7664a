"""Who is shed (workbench/models/shedding.py): hand-worked two-zone hours, for each policy.

One hour, two zones. North: households 800 MW, one plant of 500 MW. South: households 200 MW
and a firm large load of 400 MW (the miners), one plant of 700 MW. Supply 1,200 MW against
1,400 MW of firm demand: 200 MW must be shed. The south, serving its own 600 MW, has 100 MW
to export. Every expected share below is computed from these numbers in the test.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from workbench.models.dispatch import dispatch
from workbench.models.problem import NORTH, SOUTH, DispatchProblem, DispatchSolution
from workbench.models.reference_lp import solve_exact
from workbench.models.shedding import attribute_shortfall, split_by_policy

from tests.problems import TOL, assert_feasible, close, make_problem
from tests.test_dispatch import random_problems

HH = np.array([[800.0], [200.0]])  # households, north and south
LOADS = np.array([[0.0], [400.0]])  # firm large loads
PLANTS = [(NORTH, 10.0, 500.0, 0.0), (SOUTH, 5.0, 700.0, 0.0)]
SHORT = 1400.0 - 1200.0  # 200 MW
EXPORT = 700.0 - 600.0  # what the south sends north if it serves its own demand in full


def hour(transfer, flexible=None, plants=PLANTS):
    return make_problem(HH + LOADS, plants, transfer=transfer, flexible=flexible, voll=100.0, flexible_penalty=50.0)


def attributed(p, policy, solver=dispatch):
    sol = solver(p)
    placed, households = attribute_shortfall(p, sol, HH, policy)
    assert_feasible(p, placed)
    assert placed.energy_cost_pkr(p) == pytest.approx(sol.energy_cost_pkr(p))  # output unchanged
    return placed, households


def expected_system_split(policy, shed):
    """(households shed, loads shed) per zone when the corridor does not bind: rule 1 by hand."""
    hh, loads = HH[:, 0], LOADS[:, 0]
    if policy == "pro_rata":
        zone = shed * (hh + loads) / (hh + loads).sum()
        return zone * hh / (hh + loads), zone * loads / (hh + loads)
    if policy == "protect_households":
        from_loads = min(shed, loads.sum())
        return (shed - from_loads) * hh / hh.sum(), from_loads * loads / loads.sum()
    from_hh = min(shed, hh.sum())
    return from_hh * hh / hh.sum(), (shed - from_hh) * loads / loads.sum()


@pytest.mark.parametrize("solver", [dispatch, solve_exact], ids=["fast", "lp"])
@pytest.mark.parametrize("policy", ["pro_rata", "protect_households", "protect_large_loads"])
def test_open_corridor_shares_one_system_wide_shortfall_by_the_policy(policy, solver):
    p = hour(transfer=4000.0)
    placed, households = attributed(p, policy, solver)
    want_hh, want_loads = expected_system_split(policy, SHORT)
    close(households[:, 0], want_hh)
    close(placed.unserved[:, 0] - households[:, 0], want_loads)
    close(placed.unserved.sum(), SHORT)
    # The flow is what the south exports after its own shedding.
    close(placed.flow_south_to_north, [EXPORT + placed.unserved[SOUTH, 0]])


def test_the_three_policies_by_hand():
    # Pro rata: households are 1,000 of 1,400 MW of firm demand: 200 x 1,000 / 1,400 = 142.86 MW,
    # north 200 x 800 / 1,400 = 114.29, south households 200 x 200 / 1,400 = 28.57, miners 57.14.
    hh, loads = expected_system_split("pro_rata", SHORT)
    close(hh, [SHORT * 800 / 1400, SHORT * 200 / 1400])
    close(loads, [0.0, SHORT * 400 / 1400])
    # Households protected: the miners' 400 MW covers the 200 MW; nobody else is shed.
    hh, loads = expected_system_split("protect_households", SHORT)
    close(hh, [0, 0])
    close(loads, [0, 200])
    # Large loads protected: households lose 200 MW pro rata, 160 north and 40 south.
    hh, loads = expected_system_split("protect_large_loads", SHORT)
    close(hh, [160, 40])
    close(loads, [0, 0])


@pytest.mark.parametrize("solver", [dispatch, solve_exact], ids=["fast", "lp"])
def test_a_binding_corridor_confines_the_shortfall(solver):
    # Limit 150 MW: the south can shed at most 150 - 100 = 50 MW (more would push its export past
    # the limit), so at least 150 MW of the 200 stays in the north.
    limit = 150.0
    cap_south = limit - EXPORT
    # Pro rata wants 85.71 MW in the south: only 50 fit. The south's 50 MW are split pro rata inside
    # the south (200 of 600 MW are households); the north's 150 MW are all households.
    placed, households = attributed(hour(limit), "pro_rata", solver)
    close(placed.unserved[:, 0], [SHORT - cap_south, cap_south])
    close(households[:, 0], [SHORT - cap_south, cap_south * 200 / 600])
    close(placed.flow_south_to_north, [limit])
    # Households protected wants all 200 MW on the miners in the south: only 50 fit there.
    placed, households = attributed(hour(limit), "protect_households", solver)
    close(households[:, 0], [SHORT - cap_south, 0.0])
    close(placed.unserved[SOUTH], [cap_south])
    # Large loads protected wants 40 MW in the south: that fits, so the corridor does not bind it.
    placed, households = attributed(hour(limit), "protect_large_loads", solver)
    close(households[:, 0], [160.0, 40.0])


@pytest.mark.parametrize("solver", [dispatch, solve_exact], ids=["fast", "lp"])
def test_curtailable_loads_are_cut_first_in_both_zones(solver):
    flexible = np.array([[100.0], [50.0]])
    # Supply 1,450 MW against 1,550: a 100 MW shortfall, less than the 150 MW of curtailable load.
    # It is cut pro rata to what each zone's curtailable load asks: 100 x 100/150 north, 100 x 50/150 south.
    plants = [(NORTH, 10.0, 750.0, 0.0), (SOUTH, 5.0, 700.0, 0.0)]
    placed, households = attributed(hour(4000.0, flexible, plants), "pro_rata", solver)
    close(placed.flexible_served[:, 0], [100 - 100 * 100 / 150, 50 - 100 * 50 / 150])
    close(placed.unserved, 0.0)
    close(households, 0.0)
    # Supply 1,200 MW against 1,550: all 150 MW of curtailable load goes, then 200 MW of firm load
    # pro rata, exactly as without it.
    placed, households = attributed(hour(4000.0, flexible), "pro_rata", solver)
    close(placed.flexible_served, 0.0)
    close(households[:, 0], expected_system_split("pro_rata", SHORT)[0])


def test_split_by_policy_within_one_zone_matches_the_old_per_zone_rule():
    shed, hh, loads = np.array([50.0, 300.0, 0.0]), np.array([[200.0, 200.0, 200.0]]), np.array([[100.0] * 3])
    close(split_by_policy(shed, hh, loads, "pro_rata")[0][0], shed * 200 / 300)
    close(split_by_policy(shed, hh, loads, "protect_households")[0][0], np.maximum(shed - 100, 0))
    close(split_by_policy(shed, hh, loads, "protect_large_loads")[0][0], np.minimum(shed, 200))
    with pytest.raises(ValueError):
        split_by_policy(shed, hh, loads, "first_come")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problems(zones=2))
def test_the_rule_keeps_every_solution_feasible_and_never_dearer(p):
    """Same output, same shortfall each hour; curtailable loads first, so the objective never rises."""
    household = p.firm_demand * 0.7
    # The fast method's answer and the LP's (which dispatch returns for a small hard system).
    for sol in (dispatch(p, exact=False), dispatch(p)):
        check_rule_on(p, sol, household)


def check_rule_on(p: DispatchProblem, sol: DispatchSolution, household: np.ndarray) -> None:
    short = (sol.unserved + p.flexible_demand - sol.flexible_served).sum(axis=0)
    for policy in ("pro_rata", "protect_households", "protect_large_loads"):
        placed, households = attribute_shortfall(p, sol, household, policy)
        assert_feasible(p, placed)
        close((placed.unserved + p.flexible_demand - placed.flexible_served).sum(axis=0), short)
        assert (households <= household + TOL).all() and (households <= placed.unserved + TOL).all()
        before = sol.objective_pkr(p)
        assert placed.objective_pkr(p) <= before + 1e-9 * max(1.0, abs(before))
