"""Who is shed: one stated rule that places an hour's shortfall in the zones and splits it by policy.

A dispatch (fast or exact) decides how much load cannot be served in each hour; where the
south-north corridor has room, *where* that shortfall sits is not decided by cost (shedding
costs the value of lost load in either zone). This module decides it by a rule, the same for
any solution, so the fast dispatch and the LP are judged on the same footing:

1. Where the corridor does not bind, the hour's shortfall S is one system-wide quantity. The
   curtailable large loads are cut first, pro rata to what each zone's curtailable loads ask
   for; the rest, R, is shared over the firm demand of all zones by the scenario's policy:
     pro rata             every zone's households and firm large loads lose R x their share of
                          the system's firm demand;
     protect_households   firm large loads lose min(R, L) pro rata to their MW, households the
                          rest pro rata to theirs;
     protect_large_loads  households lose min(R, H) pro rata to their MW, firm large loads the rest.
2. The zone's share of S is what that gives, unless it would push the flow past the corridor
   limit (or shed more than a zone consumes): then the south's shortfall is the nearest value
   the corridor allows, and each zone's shortfall is split by the same policy within the zone.

Moving shortfall between zones with every plant's output unchanged changes only the flow, so
the cost of the solution, and everything priced on it, stays the same.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from workbench.models.problem import NORTH, SOUTH, DispatchProblem, DispatchSolution, at_hours, over_zones, set_at_hours

TOLERANCE_MW = 1e-6
POLICIES = ("pro_rata", "protect_households", "protect_large_loads")


def _share(amount: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split ``amount`` (H,) over zones (Z, H) in proportion to ``weights``; nothing where they are zero."""
    total = over_zones(weights)
    share: np.ndarray = np.divide(amount * weights, total, out=np.zeros_like(weights, dtype=float), where=total > 0)
    return share


def split_by_policy(shed: np.ndarray, household: np.ndarray, firm_loads: np.ndarray,
                    policy: str) -> tuple[np.ndarray, np.ndarray]:
    """Firm MW shed (H,) shared over the zones' households and firm large loads (both (Z, H)).

    Returns (households shed, firm large loads shed), each (Z, H). With one row this is the split
    within a zone; with all zones it is the system-wide split of rule 1.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown shedding priority {policy!r}")
    if policy == "pro_rata":
        total = household + firm_loads
        zone_shed = _share(shed, total)
        hh = np.divide(zone_shed * household, total, out=np.zeros_like(zone_shed), where=total > 0)
        return hh, zone_shed - hh
    first, second = (firm_loads, household) if policy == "protect_households" else (household, firm_loads)
    from_first = np.minimum(shed, over_zones(first))
    cut_first, cut_second = _share(from_first, first), _share(shed - from_first, second)
    return (cut_second, cut_first) if policy == "protect_households" else (cut_first, cut_second)


def attribute_shortfall(problem: DispatchProblem, solution: DispatchSolution, household: np.ndarray,
                        policy: str) -> tuple[DispatchSolution, np.ndarray]:
    """The solution with its shortfall placed by the rule, and the MW shed from households (Z, H).

    ``household`` is existing consumers' demand (Z, H); the rest of ``problem.firm_demand`` is
    firm large load. Plant output, hydro and spill are unchanged; unserved load, flexible load
    served and the flow follow the rule.
    """
    flexible = problem.flexible_demand
    shortfall = solution.unserved + np.maximum(flexible - solution.flexible_served, 0.0)
    hours = np.flatnonzero(shortfall.any(axis=0))  # few or none: elsewhere there is nothing to place
    if not hours.size:  # the rule changes nothing
        return replace(solution, extra=dict(solution.extra)), np.zeros_like(shortfall)
    placed = _placed(problem, hours, at_hours(shortfall, hours), at_hours(household, hours),
                     at_hours(solution.flow_south_to_north, hours), at_hours(solution.marginal_cost, hours), policy)
    unserved, households = np.zeros_like(shortfall), np.zeros_like(shortfall)
    flexible_served, flow = flexible.copy(), solution.flow_south_to_north
    set_at_hours(unserved, hours, placed.unserved)
    set_at_hours(households, hours, placed.households)
    set_at_hours(flexible_served, hours, at_hours(flexible, hours) - placed.flexible_cut)
    if problem.zones == 2:
        flow = flow.copy()
        flow[hours] = placed.flow
    price = solution.marginal_cost
    if placed.price is not None:
        price = price.copy()
        set_at_hours(price, hours, placed.price)
    return replace(solution, unserved=unserved, flexible_served=flexible_served, flow_south_to_north=flow,
                   marginal_cost=price, extra=dict(solution.extra)), households


@dataclass(frozen=True)
class _Placed:
    """The rule's answer in the hours with a shortfall: each (Z, h), the flow (h,); price None if unchanged."""
    unserved: np.ndarray
    flexible_cut: np.ndarray
    households: np.ndarray
    flow: np.ndarray
    price: np.ndarray | None


def _placed(problem: DispatchProblem, hours: np.ndarray, shortfall: np.ndarray, household: np.ndarray,
            flow: np.ndarray, price: np.ndarray, policy: str) -> _Placed:
    """``attribute_shortfall`` in the given hours, of which ``shortfall`` and the rest are the columns."""
    firm_demand, flexible = at_hours(problem.firm_demand, hours), at_hours(problem.flexible_demand, hours)
    firm_loads = np.maximum(firm_demand - household, 0.0)
    moved = np.zeros(len(hours))  # MW of shortfall moved to the south: none with one zone
    if problem.zones == 2:
        total = over_zones(shortfall)
        demand = firm_demand + flexible
        # Rule 1: the system-wide target for each zone.
        cut = np.minimum(total, over_zones(flexible))
        hh, lost = split_by_policy(total - cut, household, firm_loads, policy)
        target_south = _share(cut, flexible)[SOUTH] + hh[SOUTH] + lost[SOUTH]
        # Rule 2: within what the corridor allows, output unchanged. ``export`` is what the south
        # would send north if it served all its own demand.
        limit = problem.transfer_limit_mw
        export = flow - shortfall[SOUTH]
        lo = np.maximum.reduce([np.zeros_like(total), total - demand[NORTH], -limit - export])
        hi = np.minimum.reduce([total, demand[SOUTH], limit - export])
        feasible = lo <= hi + TOLERANCE_MW  # always, for a feasible solution; else keep its placement
        south = np.where(feasible, np.clip(target_south, lo, np.maximum(hi, lo)), shortfall[SOUTH])
        south = np.where(total > TOLERANCE_MW, south, shortfall[SOUTH])
        moved = south - shortfall[SOUTH]
        shortfall = np.empty_like(shortfall)
        shortfall[NORTH], shortfall[SOUTH] = total - south, south
        flow = export + south
    flexible_cut = np.minimum(shortfall, flexible)
    unserved = np.maximum(shortfall - flexible_cut, 0.0)
    households = np.zeros_like(unserved)
    for z in range(problem.zones):  # each zone's firm shortfall split by the policy within the zone
        households[z] = split_by_policy(unserved[z], household[z:z + 1], firm_loads[z:z + 1], policy)[0][0]
    new_price = None
    changed = np.abs(moved) > TOLERANCE_MW
    if changed.any():  # a zone that now cuts load is priced at what it cuts
        new_price = price.copy()
        new_price[:, changed] = np.maximum(price[:, changed], np.where(
            unserved[:, changed] > TOLERANCE_MW, problem.voll,
            np.where(flexible_cut[:, changed] > TOLERANCE_MW, problem.flexible_penalty, 0.0)))
    return _Placed(unserved, flexible_cut, households, flow, new_price)
