"""Cases of one system dispatched in one pass (dispatch_cases.py) get exactly the answer each gets alone."""
from dataclasses import replace

import numpy as np
import pytest

from workbench.core.project import Scenario, resolve
from workbench.models.dispatch import dispatch
from workbench.models.dispatch_cases import dispatch_cases, end_to_end, one_system, taken_apart
from workbench.models.grid import make_problem, with_loads
from workbench.models.grid_results import congestion_cost_pkr
from workbench.models.problem import DispatchSolution, summed_by_hour
from workbench.models.system import build_year, calendar

from tests.random_systems import random_two_zone_systems

FIELDS = ("unit_output", "hydro", "must_take_used", "spill", "flexible_served", "unserved", "flow_south_to_north",
          "marginal_cost")


def assert_identical(together: DispatchSolution, alone: DispatchSolution) -> None:
    for name in FIELDS:
        assert np.array_equal(getattr(together, name), getattr(alone, name)), name
    for name in ("congested", "pinned", "system_marginal_cost"):
        assert np.array_equal(together.extra[name], alone.extra[name]), name
    a, b = together.extra["congestion_pkr"], alone.extra["congestion_pkr"]
    assert (a is None) == (b is None) and (a is None or np.array_equal(a, b)), "congestion cost by hour"


def example_year(example_session, overrides):
    project = example_session.project.with_scenario(Scenario("t", "No allocation", overrides))
    values = resolve(project, "t", example_session.catalogue).engine_values
    dataset = example_session.dataset
    cal = calendar(dataset)
    year = build_year(values, dataset, cal, 0)
    return year, make_problem(year, values, dataset, cal)


@pytest.mark.parametrize("overrides", [{}, {"transfer_limit_mw": 2000.0, "hydrology_factor": 0.8}],
                         ids=["bundled", "congested and dry"])
def test_the_year_with_and_without_2000_mw_together_is_each_alone_bit_for_bit(example_session, overrides):
    year, baseline = example_year(example_session, overrides)
    firm = np.zeros_like(baseline.firm_demand)
    firm[1] = 2000.0 * 0.95  # south, where most of the miners would sit
    flexible = np.zeros_like(firm)
    flexible[0] = 500.0
    firm_only = with_loads(baseline, year, firm, np.zeros_like(firm))
    cases = [baseline, firm_only, with_loads(baseline, year, firm, flexible)]
    assert one_system(cases)
    together = dispatch_cases(cases)
    assert len(together) == 3
    assert any(s.extra["congested"].any() for s in together)  # the zone repair ran on the joint problem
    for joint, case in zip(together, cases):
        assert_identical(joint, dispatch(case))


@pytest.mark.parametrize("limit", [2500.0, 4000.0])
@pytest.mark.parametrize("reserve", [1000.0, 3000.0])
@pytest.mark.parametrize("hydrology", [0.3, 1.0])
def test_with_and_without_loads_together_keep_their_own_congestion_cost(example_session, limit, reserve, hydrology):
    """A review found a 6,000 MW south load whose case, alone uncongested, got the other case's copper
    plate when dispatched together (Rs 5 bn of congestion cost from nothing). Over corridor limits,
    reserves and dry years, each case keeps its own answer, flags and congestion cost."""
    year, baseline = example_year(example_session, {"transfer_limit_mw": limit, "operating_reserve_mw": reserve,
                                                    "hydrology_factor": hydrology})
    for south_mw in (2000.0, 6000.0):
        firm = np.zeros_like(baseline.firm_demand)
        firm[1] = south_mw
        cases = [baseline, with_loads(baseline, year, firm, np.zeros_like(firm))]
        for joint, case in zip(dispatch_cases(cases), cases):
            alone = dispatch(case)
            assert_identical(joint, alone)
            assert congestion_cost_pkr(case, joint) == congestion_cost_pkr(case, alone)
            assert (joint.extra["congestion_pkr"] is None) == (not alone.extra["congested"].any())


def test_an_hours_cost_is_summed_the_same_alone_and_among_others():
    rng = np.random.default_rng(3)
    for units in (3, 12, 60):
        mw, srmc = rng.uniform(0, 900, (units, 5)), rng.uniform(1, 60, units)
        together = summed_by_hour(mw, srmc)
        for h in range(5):
            assert summed_by_hour(mw[:, h:h + 1], srmc)[0] == together[h]  # to the last bit
        assert together == pytest.approx(mw.T @ srmc, rel=1e-12)


def test_the_joint_problem_numbers_each_cases_months_on(example_session):
    year, baseline = example_year(example_session, {})
    joint = end_to_end([baseline, baseline])
    assert joint.hours == 2 * 8760 and joint.months == 24
    assert set(np.unique(joint.month)) == set(range(24))
    assert joint.unit_available.strides[1] == 0  # constant capacities stay a view over the joint hours
    assert np.array_equal(joint.hydro_budget[:, 12:], baseline.hydro_budget)
    joint.check()


def test_random_systems_laid_end_to_end_match_the_fast_method_alone():
    """Small congested systems (tests/random_systems.py) with a second case of 15% more demand and
    other flexible load: the fast method on the two laid end to end equals it on each alone, to the
    last bit, also where the zone repair and the pinned-hour step dispatch some hours again."""
    rng = np.random.default_rng(7)
    repaired = 0
    for p in random_two_zone_systems(20261204, 200):
        other = replace(p, firm_demand=p.firm_demand * 1.15,
                        flexible_demand=p.flexible_demand * rng.uniform(0, 1.5, p.flexible_demand.shape))
        cases = [p, other]
        assert one_system(cases)
        together = taken_apart(cases, dispatch(end_to_end(cases), exact=False))
        for joint, case in zip(together, cases):
            alone = dispatch(case, exact=False)
            repaired += bool(alone.extra["congested"].any())
            for name in FIELDS:
                assert np.array_equal(getattr(joint, name), getattr(alone, name)), name
            a, b = joint.extra["congestion_pkr"], alone.extra["congestion_pkr"]
            assert (a is None) == (b is None) and (a is None or np.array_equal(a, b))
    assert repaired > 50  # the congested paths were exercised, not only the easy ones


def test_different_systems_are_dispatched_one_by_one(example_session):
    year, baseline = example_year(example_session, {})
    dearer = replace(baseline, unit_srmc=baseline.unit_srmc * 1.1)
    assert not one_system([baseline, dearer])
    for joint, case in zip(dispatch_cases([baseline, dearer]), [baseline, dearer]):
        assert_identical(joint, dispatch(case))
    small = next(iter(random_two_zone_systems(1, 1)))  # small enough for the LP: solved exactly, alone
    solutions = dispatch_cases([small, small])
    assert all(s.extra.get("exact") for s in solutions)
