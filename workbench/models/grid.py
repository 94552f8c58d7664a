"""The grid model: each study year dispatched hour by hour, without and with the new large loads.

Per year, up to three dispatches of the same system:
  0. baseline: existing consumers only (headroom "before", the surplus account, and the
     tariff model's no-allocation comparison);
  1. with the firm large loads (only when there are also flexible loads, whose rules read
     the headroom and marginal cost the firm loads leave);
  2. final: firm loads plus what each flexible load's rules allow; any remaining shortfall
     cuts flexible loads first, then sheds firm demand by the scenario's priority policy,
     over all zones unless the corridor binds (shedding.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import numpy as np

from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.errors import WorkbenchError
from workbench.core.large_load import LargeLoad
from workbench.core.scenario_values import ScenarioValues
from workbench.models import large_loads as ll
from workbench.models.dispatch import dispatch
from workbench.models.dispatch_cases import dispatch_cases
from workbench.models.feasibility import FLEXIBLE_PENALTY_SHARE, shedding_ranks_last
from workbench.models.problem import NORTH, DispatchProblem, DispatchSolution, over_zones
from workbench.models.shedding import attribute_shortfall
from workbench.models.system import Calendar, PlantTable, Year, build_year, calendar, profiles

# Online share of a price-responsive load per hour, given (load, marginal cost, year). The
# miner model provides it; without one, a price-responsive load behaves as if always online.
OnlineShare = Callable[[LargeLoad, np.ndarray, Year], np.ndarray]


@dataclass(frozen=True, eq=False)
class LoadOutcome:
    name: str
    zone: int
    flexible: bool
    requested: np.ndarray  # (H,) MW asked for before any curtailment
    served: np.ndarray  # (H,) MW served
    offered: np.ndarray  # (H,) MW the grid would have supplied: requested less the grid's own cuts
    allowed: np.ndarray | None = None  # (H,) MW a flexible load takes after its rules and its own choice
    by_rules: np.ndarray | None = None  # (H,) MW the grid's rules leave it, the customer's choice aside


@dataclass(frozen=True, eq=False)
class YearDispatch:
    year: Year
    baseline_problem: DispatchProblem
    baseline: DispatchSolution
    problem: DispatchProblem
    solution: DispatchSolution
    loads: tuple[LoadOutcome, ...]
    household_unserved: np.ndarray  # (Z, H) MW shed from existing consumers
    headroom_before: np.ndarray  # (H,) MW, system, without any large load
    headroom_after: np.ndarray  # (H,) MW, system, with the large loads as served


@dataclass(frozen=True, eq=False)
class GridRun:
    calendar: Calendar
    years: tuple[YearDispatch, ...] = field(default_factory=tuple)


def with_loads(problem: DispatchProblem, year: Year, firm: np.ndarray, flexible: np.ndarray) -> DispatchProblem:
    """The same year with large loads added: firm ones to demand, curtailable ones as flexible."""
    return replace(problem, firm_demand=year.base_demand + firm, flexible_demand=flexible)


def make_problem(year: Year, values: ScenarioValues, dataset: DataSet, cal: Calendar) -> DispatchProblem:
    """The year's dispatch problem for existing consumers only."""
    zones, hours = year.zones, len(cal.month)
    kind, zone = year.col("dispatch"), year.col("zone_index")
    capacity, availability = year.col("capacity_mw"), year.col("availability")
    thermal = year.thermal_rows
    available_mw = (capacity * availability * year.col("fuel_limit"))[thermal]
    minimum_mw = np.where(year.col("must_run")[thermal], available_mw,
                          np.minimum(year.col("min_output_mw")[thermal], available_mw))
    shapes = profiles(dataset)
    must_take = np.zeros((zones, hours))
    must_take_cost = np.zeros((zones, hours))  # PKR/kWh x MW: bagasse burns fuel, wind and sun do not
    srmc = year.col("srmc")
    for i in np.flatnonzero([k.startswith("profile:") for k in kind]):
        offered = capacity[i] * availability[i] * shapes[kind[i]]
        must_take[zone[i]] += offered
        must_take_cost[zone[i]] += offered * srmc[i]
    must_take_srmc = np.divide(must_take_cost, must_take, out=np.zeros_like(must_take), where=must_take > 0)

    hours_per_month = cal.hours_per_month
    budget, hmax, hmin = np.zeros((zones, 12)), np.zeros((zones, 12)), np.zeros((zones, 12))
    hydro_srmc = 0.0
    base_hydro_mw = dataset.number("plant.hydro.capacity_mw")
    monthly_gwh = np.array(dataset.monthly("hydro.energy_gwh"))
    for i in np.flatnonzero(kind == "hydro"):
        scale = capacity[i] / base_hydro_mw
        power = dataset.number("plant.hydro.max_output_mw") * scale * availability[i]
        energy = monthly_gwh * 1000 * values.hydrology_factor * scale
        energy = np.minimum(energy, power * hours_per_month)  # water beyond the power limit is spilled
        budget[zone[i]] += energy
        hmax[zone[i]] += power
        hmin[zone[i]] += dataset.number("plant.hydro.min_share_of_mean") * energy / hours_per_month
        hydro_srmc = float(srmc[i])
    voll = values.voll_pkr_per_kwh
    flexible_penalty = FLEXIBLE_PENALTY_SHARE * voll
    problem = shedding_ranks_last(srmc, year.plant_ids, voll, year.fy)
    if problem:  # shedding must always rank below running any plant
        raise WorkbenchError(problem)
    return DispatchProblem(
        month=cal.month, firm_demand=year.base_demand, flexible_demand=np.zeros((zones, hours)), must_take=must_take,
        unit_names=tuple(year.plant_ids[i] for i in thermal), unit_zone=zone[thermal],
        # Capacities are constant over the year: read-only views, no 8,760-column copies.
        unit_available=np.broadcast_to(available_mw[:, None], (len(available_mw), hours)),
        unit_min=np.broadcast_to(minimum_mw[:, None], (len(minimum_mw), hours)),
        unit_srmc=srmc[thermal], hydro_budget=budget, hydro_max=hmax, hydro_min=hmin,
        hydro_srmc=hydro_srmc, reserve_mw=values.operating_reserve_mw,
        transfer_limit_mw=values.transfer_limit_mw, voll=voll, flexible_penalty=flexible_penalty,
        must_take_srmc=must_take_srmc)


def headroom(problem: DispatchProblem, solution: DispatchSolution, demand: np.ndarray) -> np.ndarray:
    """System spare capacity (H,) MW: what could still run, minus demand asked for, minus reserve."""
    available = problem.unit_available
    # Constant over the year: one column's sum (cumsum adds in the same order as the sum over hours).
    units = np.cumsum(available[:, 0])[-1] if available.strides[1] == 0 and len(available) else available.sum(axis=0)
    capability = units + over_zones(problem.must_take) + over_zones(solution.hydro)
    spare: np.ndarray = capability - over_zones(demand) - problem.reserve_mw
    return spare


def load_outcomes(loads: tuple[LoadOutcome, ...], problem: DispatchProblem, solution: DispatchSolution,
                  household: np.ndarray) -> tuple[LoadOutcome, ...]:
    """Each load's MW served and offered in ``solution`` (the fast one or the LP's), given who was shed.

    Flexible loads share their zone's flexible MW served in proportion to what each took; firm
    loads share their zone's firm shedding (beyond households') in proportion to what each asked.
    """
    hours = problem.hours
    firm = np.zeros((problem.zones, hours))
    for o in loads:
        if not o.flexible:
            firm[o.zone] += o.requested
    flexible = problem.flexible_demand
    firm_shed = solution.unserved - household
    outcomes = []
    for o in loads:
        z, r = o.zone, o.requested
        if o.flexible:
            a = r if o.allowed is None else o.allowed
            rules = a if o.by_rules is None else o.by_rules
            share = np.divide(a, flexible[z], out=np.zeros(hours), where=flexible[z] > 0)
            served = solution.flexible_served[z] * share
            # Emergency cuts hit what the grid offered in the same proportion as what was taken.
            kept = np.divide(served, a, out=np.ones(hours), where=a > 0)
            offered = rules * kept
        else:
            share = np.divide(r, firm[z], out=np.zeros(hours), where=firm[z] > 0)
            served = r - firm_shed[z] * share
            offered = served
        outcomes.append(replace(o, served=served, offered=offered))
    return tuple(outcomes)


def dispatch_year(values: ScenarioValues, dataset: DataSet, cal: Calendar, loads: tuple[LargeLoad, ...],
                  index: int, online_share: OnlineShare | None = None, table: PlantTable | None = None) -> YearDispatch:
    year = build_year(values, dataset, cal, index, table)
    zones, hours = year.zones, len(cal.month)
    zero = np.zeros((zones, hours))
    problem0 = make_problem(year, values, dataset, cal)
    policy = values.shedding_priority
    requested = [ll.requested_mw(load, cal.month, index, year.transmission_loss, year.distribution_loss)
                 for load in loads]
    zone = [ll.zone_of(load, zones) for load in loads]
    firm = zero.copy()
    for load, r, z in zip(loads, requested, zone):
        if not ll.is_flexible(load):
            firm[z] += r
    flexible_loads = any(ll.is_flexible(load) for load in loads)
    # The year without the new loads and with the firm ones are dispatched together (dispatch_cases.py);
    # the firm case is the answer itself unless flexible loads then take what it leaves.
    problem1 = with_loads(problem0, year, firm, zero) if firm.any() else problem0
    together = dispatch_cases([problem0] if problem1 is problem0 else [problem0, problem1])
    raw0 = together[0]
    firm_case = together[1] if len(together) > 1 else None  # the year with the firm loads, as dispatched
    # Where a shortfall sits, and who bears it, follows one rule (shedding.py), the same for the LP.
    solution0, _ = attribute_shortfall(problem0, raw0, year.base_demand, policy)
    before = headroom(problem0, solution0, problem0.firm_demand)

    flexible = zero.copy()
    allowed = list(requested)  # what each load takes: after rules and, for miners, their own choice
    by_rules = list(requested)  # what the grid's rules leave: the customer's choice aside
    if flexible_loads:
        solution1 = firm_case if firm_case is not None else solution0
        room = headroom(problem1, solution1, problem1.firm_demand)
        for i, load in enumerate(loads):
            if ll.is_flexible(load):
                share = online_share(load, solution1.marginal_cost[zone[i]], year) if online_share else None
                allowed[i] = ll.rule_allowed(load, requested[i], cal.month, cal.hour_of_day,
                                             solution1.marginal_cost[zone[i]], room, share)
                by_rules[i] = allowed[i] if share is None else ll.rule_allowed(
                    load, requested[i], cal.month, cal.hour_of_day, solution1.marginal_cost[zone[i]], room)
                room = room - allowed[i]  # loads later in the list see what earlier ones took
                flexible[zone[i]] += allowed[i]
    if loads:
        problem = with_loads(problem0, year, firm, flexible)
        raw = firm_case if firm_case is not None and not flexible_loads else dispatch(problem)
        solution, household = attribute_shortfall(problem, raw, year.base_demand, policy)
    else:
        problem, solution, household = problem0, solution0, solution0.unserved
    asked = tuple(LoadOutcome(load.name, z, ll.is_flexible(load), r, r, r, a, rules)
                  for load, r, a, rules, z in zip(loads, requested, allowed, by_rules, zone))
    outcomes = load_outcomes(asked, problem, solution, household)
    after = headroom(problem, solution, problem.firm_demand + problem.flexible_demand)
    return YearDispatch(year, problem0, solution0, problem, solution, outcomes, household, before, after)


def run_grid(values: ScenarioValues, loads: tuple[LargeLoad, ...], dataset: DataSet,
             progress: Progress | None = None, cancel: CancelToken | None = None,
             online_share: OnlineShare | None = None, tables: Mapping[int, PlantTable] | None = None) -> GridRun:
    """Every study year dispatched; ``tables``: their plant tables by fiscal year, when made already."""
    cal = calendar(dataset)
    years = []
    n = int(values.study_years)
    for index in range(n):
        if cancel is not None:
            cancel.raise_if_cancelled()
        fy = int(values.study_first_fy) + index
        if progress is not None:
            progress(index / n, f"dispatching FY{fy}")
        years.append(dispatch_year(values, dataset, cal, loads, index, online_share,
                                   None if tables is None else tables[fy]))
    return GridRun(cal, tuple(years))


__all__ = ["GridRun", "YearDispatch", "LoadOutcome", "run_grid", "dispatch_year", "make_problem", "headroom",
           "load_outcomes", "NORTH"]
