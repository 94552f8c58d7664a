"""Fast hour-by-hour dispatch, vectorised over the 8,760 hours.

Steps (docs/methodology.md, section 2):
1. Must-run output (nuclear, take-or-pay floors) and must-take renewables are taken first.
2. The operating reserve is held back on the most expensive units of the system merit order.
3. Reservoir hydro is water-filled against the remaining system load (hydro.py). In a month
   where supply still runs short, hydro goes first to the hours where firm load would be shed,
   then to hours where flexible load would be cut, as their prices (value of lost load, then
   the flexible-load penalty) rank above any fuel cost.
4. Thermal units fill the residual in merit order of SRMC; the marginal unit sets the hourly
   marginal cost. Beyond the usable capacity, curtailable large loads are cut first, then firm
   demand is shed (unserved energy).
5. With two zones, the copper-plate solution is kept in every hour where its shortfall or
   excess can be placed in the zones without breaking the corridor limit (the cost is then
   optimal for the zonal problem too). In the other (congested) hours the flow sits at the limit
   and each zone is re-dispatched with its own units; the reserve is then checked system-wide,
   and any deficit is met by cutting flexible load, then the importing zone's dearest output.
   Short hours where the corridor pins the shortfall away from flexible load are dispatched
   both ways and keep the cheaper answer.
6. Hydro is scheduled against the copper-plate load. In a month with a congested hour each
   zone's hydro is filled again against its own zone's load plus exports, and the month keeps
   the cheaper of the two dispatches. This is still an approximation with two zones;
   tests/test_dispatch_accuracy.py measures it against the LP. Small two-zone systems with hydro
   or a reserve are solved by the LP (``dispatch``), where that costs a few milliseconds.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from workbench.models.hydro import water_fill
from workbench.models.problem import (NORTH, SOUTH, DispatchProblem, DispatchSolution, Hours, at_hours, over_zones,
                                      set_at_hours, summed_by_hour)

TOLERANCE_MW = 1e-6
# A second answer replaces the first only if cheaper by more than this share of the cost: two answers
# that differ by rounding alone (often the same dispatch) must not be told apart by the last bit.
COST_TIE = 1e-9
# Largest LP (columns) solved instead of the fast method by default: about a week of hours with
# 20 units, which HiGHS solves in some 10-20 ms.
SMALL_LP_COLUMNS = 5_000


def constant_over_hours(a: np.ndarray) -> np.ndarray:
    """(U, 1) when every hour has the same value, so merit-order work broadcasts; else (U, H)."""
    if a.ndim == 2 and a.strides[1] == 0:  # a broadcast view: constant by construction
        return a[:, :1]
    return a[:, :1] if (a == a[:, :1]).all() else a


def held_reserve(usable: np.ndarray, order: np.ndarray, reserve_mw: float) -> np.ndarray:
    """MW of each unit's above-minimum capacity held as reserve, taken from the top of the merit order.

    ``usable`` is (U, H), or (U, 1) when capacities do not change over the year.
    """
    top_first = order[::-1]
    cap = usable[top_first]
    cum = np.cumsum(cap, axis=0)
    held_sorted = np.clip(reserve_mw - (cum - cap), 0, cap)
    held = np.empty_like(usable)
    held[top_first] = held_sorted
    return held


@dataclass(frozen=True, eq=False)
class Fleet:
    """The thermal units as a problem's hours see them. Each array is (U, 1), (Z, 1) or (1,) when the
    capacities do not change over the hours, and then serves every part of the year as well."""
    order: np.ndarray  # (U,) merit order of SRMC
    unit_min: np.ndarray  # (U, H) MW that must run
    above_min: np.ndarray  # (U, H) MW available above it
    usable: np.ndarray  # (U, H) above_min less the reserve held on the dearest units
    in_zone: list[np.ndarray]  # (U,) bool per zone
    must_run: np.ndarray  # (Z, H) MW that must run in each zone
    zone_usable: np.ndarray  # (Z, H) usable MW in each zone
    usable_total: np.ndarray  # (H,) usable MW over all units

    @property
    def constant(self) -> bool:
        return int(self.usable.shape[1]) == 1


def fleet_of(p: DispatchProblem) -> Fleet:
    """The problem's fleet: found once per dispatch, as every pass over its hours needs it."""
    order = np.argsort(p.unit_srmc, kind="stable")
    unit_min = constant_over_hours(p.unit_min)
    above_min = constant_over_hours(p.unit_available) - unit_min
    usable = above_min - held_reserve(above_min, order, p.reserve_mw)
    in_zone = [p.unit_zone == z for z in range(p.zones)]
    return Fleet(order, unit_min, above_min, usable, in_zone, np.stack([unit_min[m].sum(axis=0) for m in in_zone]),
                 np.stack([usable[m].sum(axis=0) for m in in_zone]), usable.sum(axis=0))


def fleet_for(sub: DispatchProblem, fleet: Fleet) -> Fleet:
    """``fleet`` (of the whole problem) for part of its hours: the same when constant over them."""
    return fleet if fleet.constant else fleet_of(sub)


def rows_summed(a: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(H,) ``a[rows].sum(axis=0)`` (``rows`` a bool mask) to the bit, as numpy adds the rows one after
    another, but without first copying them out of ``a``: half the time on a year's hours."""
    taken = np.flatnonzero(rows)
    if not taken.size:
        return np.zeros(a.shape[1])
    total: np.ndarray = a[taken[0]].copy()
    for r in taken[1:]:
        total += a[r]
    return total


def merit_fill(residual: np.ndarray, capacity: np.ndarray, order: np.ndarray, srmc: np.ndarray,
               voll: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fill ``residual`` (H,) MW with units in merit order.

    Returns the output of each unit (U, H), the shortfall and the excess (H,) and the
    marginal cost (H,): SRMC of the last unit needed, 0 when nothing thermal is needed,
    ``voll`` when capacity runs out.
    """
    cap = capacity[order]
    cum = np.cumsum(cap, axis=0)  # (U, H) or (U, 1): broadcasting does the rest
    below = np.empty_like(cum)  # capacity of the cheaper units, in the units' own order
    below[order] = cum - cap
    output = np.subtract(residual, below)  # (U, H)
    np.clip(output, 0.0, capacity, out=output)  # in place, one pass (maximum then minimum take twice as long)
    total = cum[-1] if len(order) else np.zeros_like(residual)
    shortfall = residual - total
    shortfall[shortfall < TOLERANCE_MW] = 0.0  # none, or rounding rather than load shedding
    excess = np.maximum(-residual, 0)
    if not len(order):
        marginal = np.zeros_like(residual)
    elif cum.shape[1] == 1:  # one supply curve for every hour: look the residual up on it
        rank = np.searchsorted(cum[:, 0], residual - 1e-9, side="left")
        marginal = srmc[order][np.minimum(rank, len(order) - 1)]
    else:  # first unit whose cumulative capacity reaches the residual
        marginal_rank = np.minimum((cum < residual - 1e-9).sum(axis=0), len(order) - 1)
        marginal = srmc[order][marginal_rank]
    marginal = np.where(residual <= 1e-9, 0.0, np.where(shortfall > 1e-9, voll, marginal))
    return output, shortfall, excess, marginal


def fill_zone_hydro(p: DispatchProblem, z: int, slices: list[np.ndarray | slice], net: np.ndarray,
                    firm_net: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Zone ``z``'s hydro (H,): water-filled against ``net`` MW, lexicographic in short months.

    ``net`` and ``firm_net`` are the load hydro faces (H,) with and without flexible load,
    ``capacity`` the thermal MW that can serve it beside hydro.
    """
    budget, lo, hi = p.hydro_budget[z], p.hydro_min[z], p.hydro_max[z]
    y = water_fill(net, slices, budget, lo, hi)
    short_hours = np.flatnonzero(net - y - capacity > TOLERANCE_MW)  # few or none: a year is rarely short
    for k in np.unique(p.month[short_hours]):
        sel = slices[k]
        # Short month: firm deficits first (value of lost load), then flexible ones.
        q, cap = firm_net[sel], capacity[sel]
        first = np.clip(q - cap, lo[k], hi[k])
        if first.sum() >= budget[k]:
            y[sel] = water_fill(q, [slice(0, q.size)], budget[k:k + 1], lo[k:k + 1], hi[k:k + 1])
            continue
        flexible_gap = np.clip(net[sel] - cap - first, 0, hi[k] - first)
        left = budget[k] - first.sum()
        if flexible_gap.sum() >= left:
            y[sel] = first + flexible_gap * (left / flexible_gap.sum())
    return y


def schedule_hydro(p: DispatchProblem, demand: np.ndarray, firm: np.ndarray, fixed: np.ndarray,
                   capacity: np.ndarray) -> np.ndarray:
    """Hydro output (Z, H): water-filling against system load; lexicographic in short months.

    ``demand`` and ``firm`` are system MW (H,) with and without flexible load, ``fixed`` the
    must-run plus must-take MW, ``capacity`` the usable thermal MW above minimum output.
    """
    slices = p.month_index
    hydro = np.zeros((p.zones, p.hours))
    for z in range(p.zones):
        if p.hydro_budget[z].sum() <= 0:
            continue
        others = over_zones(hydro)
        hydro[z] = fill_zone_hydro(p, z, slices, demand - fixed - others, firm - fixed - others, capacity)
    return hydro


def _reduce_from_top(output: np.ndarray, srmc: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """Cut ``amount`` (H,) MW from the dearest running units of ``output`` (U, H), in place.

    Returns the MW that could not be cut (when the units produce less than the amount)."""
    left = amount.copy()
    for u in np.argsort(-srmc, kind="stable"):
        cut = np.minimum(output[u], left)
        output[u] -= cut
        left -= cut
    return left


def dispatch(problem: DispatchProblem, *, exact: bool | None = None) -> DispatchSolution:
    """The year's dispatch: the fast method, or the exact LP where that is asked for or cheap.

    ``exact=True`` solves the LP; ``exact=False`` never does; ``None`` (the default) solves it
    only for a two-zone system with hydro or a reserve (the case the fast method can get wrong,
    see the module docstring) whose LP has at most ``SMALL_LP_COLUMNS`` columns. A study year
    (8,760 hours) is never that small, so the engine's runs always use the fast method.
    """
    if exact or (exact is None and solved_exactly(problem)):
        return exact_dispatch(problem)
    fleet = fleet_of(problem)
    solution = _dispatch_given_hydro(problem, None, fleet)
    if problem.zones == 2 and solution.extra["congested"].any():
        solution = _rescheduled_by_zone(problem, solution, fleet)
    solution = _pinned_hours_apart(problem, solution, fleet)
    if solution.extra["congestion_pkr"] is not None and not solution.extra["congested"].any():
        # No hour is left congested, so there is no congestion to cost (dispatch_cases applies the same rule).
        solution.extra["congestion_pkr"] = None
    return solution


def solved_exactly(p: DispatchProblem) -> bool:
    """Whether ``dispatch`` (exact=None) solves the LP: a small two-zone system with hydro or a reserve."""
    hard = p.zones == 2 and (p.reserve_mw > 0 or p.hydro_budget.sum() > 0)
    return hard and lp_columns(p) <= SMALL_LP_COLUMNS


def _pinned_hours_apart(p: DispatchProblem, solution: DispatchSolution, fleet: Fleet) -> DispatchSolution:
    """Short hours where the corridor pins the shortfall away from flexible load, dispatched both ways.

    On the copper plate the reserve sits on the dearest units wherever they are; with the flow at
    its limit, holding it in the other zone can let flexible load be cut instead of firm load
    shed. Such hours are dispatched again zone by zone (reserve checked system-wide) and each keeps
    the cheaper answer: with the hydro schedule fixed the hours are independent.
    """
    hours = np.flatnonzero(solution.extra["pinned"])
    if not hours.size or p.reserve_mw <= 0:
        return solution
    sub = hours_of(p, hours)
    apart = _dispatch_given_hydro(sub, at_hours(solution.hydro, hours), fleet_for(sub, fleet), apart_when_pinned=True)
    new, old = hourly_objective(sub, apart), hourly_objective(p, solution, hours)
    better = new < old - COST_TIE * np.maximum(np.abs(old), 1.0)
    if not better.any():
        return solution
    return spliced(p, solution, apart, hours[better], np.flatnonzero(better))


def lp_columns(p: DispatchProblem) -> int:
    """Columns of the exact LP (reference_lp.py): units, five per zone and the flow, each hour."""
    return p.hours * (len(p.unit_names) + 5 * p.zones + (1 if p.zones == 2 else 0))


def exact_dispatch(p: DispatchProblem) -> DispatchSolution:
    """The LP's solution with the fields the fast one carries; congested: the flow at its limit
    and the zones' prices apart."""
    from workbench.models.reference_lp import solve_exact  # scipy only when asked for

    solution = solve_exact(p)
    limit = p.transfer_limit_mw
    congested = np.zeros(p.hours, dtype=bool)
    if p.zones == 2:
        apart = np.abs(solution.marginal_cost[NORTH] - solution.marginal_cost[SOUTH]) > TOLERANCE_MW
        congested = apart & (np.abs(solution.flow_south_to_north) >= limit - TOLERANCE_MW)
    solution.extra.update(congested=congested, pinned=np.zeros(p.hours, dtype=bool), exact=True,
                          congestion_pkr=None, system_marginal_cost=solution.marginal_cost.max(axis=0))
    return solution


def _rescheduled_by_zone(p: DispatchProblem, first: DispatchSolution, fleet: Fleet) -> DispatchSolution:
    """Repair of a congested dispatch: each zone's hydro re-filled against its own load and exports.

    In a month with a congested hour the copper-plate water-filling shaves peaks the zone's hydro
    cannot reach over a full corridor. Where that leaves the month's water values unequal
    (``water_value_broken``), the hydro is filled again against the load its zone
    actually served in the first dispatch: own demand net of must-take and must-run, plus what
    the corridor carried out (less what it brought in). The system is dispatched again with that
    schedule, which is kept only if it costs less. On the bundled Stress case this takes the gap
    to the LP from 0.013% to under 0.0001%.
    """
    if p.hydro_budget.sum() <= 0:
        return first
    congested_months = np.zeros(p.months, dtype=bool)
    congested_months[p.month[first.extra["congested"]]] = True
    months = water_value_broken(p, first, among=congested_months)
    if not months.any():
        return first
    # Only the repaired months are filled and dispatched again; each keeps the cheaper answer.
    hours_again = hour_span(np.flatnonzero(months[p.month]))
    sub = hours_of(p, hours_again)
    sub_fleet = fleet_for(sub, fleet)
    flow = at_hours(first.flow_south_to_north, hours_again)
    inflow = np.stack([flow, -flow])
    slices = sub.month_index
    hydro = at_hours(first.hydro, hours_again).copy()  # refilled below: never ``first``'s own hours
    for z in range(p.zones):
        if p.hydro_budget[z].sum() <= 0:
            continue
        own = sub.must_take[z] + sub_fleet.must_run[z] + inflow[z]
        capacity = np.broadcast_to(sub_fleet.zone_usable[z], (sub.hours,))
        hydro[z] = fill_zone_hydro(sub, z, slices, sub.firm_demand[z] + sub.flexible_demand[z] - own,
                                   sub.firm_demand[z] - own, capacity)
    second = _dispatch_given_hydro(sub, hydro, sub_fleet)
    old, new = hourly_objective(p, first, hours_again), hourly_objective(sub, second)
    saving = np.bincount(sub.month, weights=old - new, minlength=p.months)
    better = saving > COST_TIE * np.maximum(np.bincount(sub.month, weights=np.abs(old), minlength=p.months), 1.0)
    keep = better[sub.month]
    if keep.all():
        return spliced(p, first, second, hours_again, slice(None))
    if not keep.any():
        return first
    return spliced(p, first, second, np.arange(p.hours)[hours_again][keep], np.flatnonzero(keep))


def water_value_broken(p: DispatchProblem, s: DispatchSolution, among: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    """(months,) bool: which of the months ``among`` (bool, per month) have some zone's hydro breaking
    the optimality condition at ``s``'s prices.

    Spending a month's water optimally means one water value per zone and month: every hour
    with hydro strictly inside its limits has that price, hours at the floor a price no higher,
    hours at the power limit no lower. A month that meets this needs no repair.
    """
    broken = np.zeros(p.months, dtype=bool)
    hours = hour_span(np.flatnonzero(among[p.month]))  # only these months' hours are looked at
    month = at_hours(p.month, hours)
    ordered = bool(np.all(np.diff(month) >= 0))
    starts = np.searchsorted(month, np.arange(p.months))
    present = np.bincount(month, minlength=p.months) > 0
    for z in range(p.zones):
        if p.hydro_budget[z].sum() <= 0:
            continue
        y, price = at_hours(s.hydro[z], hours), at_hours(s.marginal_cost[z], hours)
        lo, hi = p.hydro_min[z].take(month), p.hydro_max[z].take(month)
        inside = (y > lo + TOLERANCE_MW) & (y < hi - TOLERANCE_MW)
        at_floor, at_limit = ~inside & (y <= lo + TOLERANCE_MW), ~inside & (y >= hi - TOLERANCE_MW)

        def extreme(ufunc: np.ufunc, mask: np.ndarray, start: float) -> np.ndarray:
            values = np.where(mask, price, start)
            out = np.full(p.months, start)
            if ordered:  # months in calendar order: one reduction per month, no scatter
                out[present] = ufunc.reduceat(values, starts[present])
            else:
                ufunc.at(out, month, values)
            return out
        top, bottom = extreme(np.maximum, inside, -np.inf), extreme(np.minimum, inside, np.inf)
        floor_top, limit_bottom = extreme(np.maximum, at_floor, -np.inf), extreme(np.minimum, at_limit, np.inf)
        broken |= (top - bottom > tol) | (floor_top > np.minimum(bottom, limit_bottom) + tol) \
            | (limit_bottom < np.maximum(top, floor_top) - tol)
    repair: np.ndarray = broken & among
    return repair


def hour_span(hours: np.ndarray) -> slice | np.ndarray:
    """Increasing hours as a slice when they run on without a gap (one month, say): reading and
    writing them then takes views, not copies."""
    if hours.size and int(hours[-1]) - int(hours[0]) == hours.size - 1:
        return slice(int(hours[0]), int(hours[-1]) + 1)
    return hours


def hours_of(p: DispatchProblem, hours: Hours) -> DispatchProblem:
    """The same system over the given hours only (their hydro budgets are not re-checked)."""
    month = at_hours(p.month, hours)

    def cut(a: np.ndarray) -> np.ndarray:
        if a.strides[1] == 0:  # constant over the year: a view, not a copy
            return np.broadcast_to(a[:, :1], (a.shape[0], month.size))
        return at_hours(a, hours)
    return replace(p, month=month, firm_demand=cut(p.firm_demand), flexible_demand=cut(p.flexible_demand),
                   must_take=cut(p.must_take), unit_available=cut(p.unit_available), unit_min=cut(p.unit_min),
                   must_take_srmc=None if p.must_take_srmc is None else cut(p.must_take_srmc))


def spliced(p: DispatchProblem, first: DispatchSolution, second: DispatchSolution, into: np.ndarray | slice,
            taken: np.ndarray | slice) -> DispatchSolution:
    """``first`` with its hours ``into`` replaced by hours ``taken`` of ``second`` (a sub-problem's answer).

    ``first`` is a fresh answer of this module's, owned by the caller: it is changed in place."""
    a, b = first.extra, second.extra
    if a["congestion_pkr"] is None and b["congestion_pkr"] is not None:
        a["congestion_pkr"] = np.zeros(p.hours)  # no congested hour yet: none costs anything
    for name in ("unit_output", "hydro", "must_take_used", "spill", "flexible_served", "unserved",
                 "flow_south_to_north", "marginal_cost"):
        set_at_hours(getattr(first, name), into, at_hours(getattr(second, name), taken))
    for name in ("congested", "pinned", "system_marginal_cost"):
        a[name][into] = at_hours(b[name], taken)
    a.pop("unit_mwh", None)
    a.pop("energy_cost_pkr", None)
    if a["congestion_pkr"] is not None:
        a["congestion_pkr"][into] = 0.0 if b["congestion_pkr"] is None else at_hours(b["congestion_pkr"], taken)
    return first


def _dispatch_given_hydro(problem: DispatchProblem, hydro: np.ndarray | None, fleet: Fleet,
                          apart_when_pinned: bool = False) -> DispatchSolution:
    """The fast dispatch with the hydro schedule given, or (None) water-filled against the system load.

    ``apart_when_pinned``: dispatch zone by zone the short hours whose shortfall the corridor
    keeps from the flexible load that could take it (extra["pinned"] lists them otherwise).
    """
    p = problem
    zones, hours = p.zones, p.hours
    order, above_min, usable, in_zone = fleet.order, fleet.above_min, fleet.usable, fleet.in_zone
    must_run = fleet.must_run  # (Z, 1) or (Z, H): every use below broadcasts it
    demand = p.firm_demand + p.flexible_demand
    fixed = over_zones(p.must_take + must_run)
    capacity = np.broadcast_to(fleet.usable_total, (hours,))
    if hydro is None:
        hydro = schedule_hydro(p, over_zones(demand), over_zones(p.firm_demand), fixed, capacity)
    residual = demand - p.must_take - must_run - hydro  # (Z, H) left for merit-order units

    system_residual = over_zones(residual)
    output, system_short, system_excess, system_mc = merit_fill(system_residual, usable, order, p.unit_srmc, p.voll)
    copper_plate: np.ndarray | None = None  # cost by hour with an unlimited corridor, if it ever binds
    shortfall, excess = np.zeros((zones, hours)), np.zeros((zones, hours))
    flow = np.zeros(hours)
    congested, pinned = np.zeros(hours, dtype=bool), np.zeros(hours, dtype=bool)
    marginal = np.repeat(system_mc[None, :], zones, axis=0)
    if zones == 1:
        shortfall[0], excess[0] = system_short, system_excess
    else:
        south_short, south_excess, flow, congested, pinned = _place_in_zones(
            p, rows_summed(output, in_zone[SOUTH]) - residual[SOUTH], demand, must_run, hydro,
            system_short, system_excess, apart_when_pinned)
        shortfall[:] = [system_short - south_short, south_short]
        excess[:] = [system_excess - south_excess, south_excess]
        if congested.any():
            hours_apart = np.flatnonzero(congested)  # the copper plate's cost there, before they are redone
            copper_plate = copper_plate_hourly(p, hours_apart, merit_order_cost(
                system_residual[hours_apart], usable, order, p.unit_srmc, at_hours(output, hours_apart)), hydro,
                system_short)
            _redispatch_congested(p, congested, flow, residual, above_min, in_zone, output, shortfall, excess,
                                  marginal)

    flexible_cut = np.minimum(shortfall, p.flexible_demand)
    unserved = shortfall - flexible_cut
    # Price of an uncongested hour is the system's (``marginal`` holds it there, as it was made from
    # system_mc); in a short hour it is the value of what is cut.
    short = np.flatnonzero(shortfall.any(axis=0))  # few hours: elsewhere nothing is cut
    if short.size:
        cut, lost = flexible_cut[:, short], unserved[:, short]
        system_price = np.where(over_zones(lost) > TOLERANCE_MW, p.voll,
                                np.where(over_zones(cut) > TOLERANCE_MW, p.flexible_penalty, system_mc[short]))
        zone_price = np.where(lost > TOLERANCE_MW, p.voll,
                              np.where(cut > TOLERANCE_MW, p.flexible_penalty, marginal[:, short]))
        marginal[:, short] = np.where(congested[short], zone_price, system_price)
    spilled_renewables = np.minimum(excess, p.must_take)
    extra: dict[str, Any] = {"congested": congested, "pinned": pinned, "system_marginal_cost": system_mc,
                             "congestion_pkr": None}
    output += p.unit_min  # in place: merit_fill returned a fresh array
    solution = DispatchSolution(
        unit_output=output,
        hydro=hydro,
        must_take_used=p.must_take - spilled_renewables,
        spill=excess,
        flexible_served=p.flexible_demand - flexible_cut,
        unserved=unserved,
        flow_south_to_north=flow,
        marginal_cost=marginal,
        extra=extra,
    )
    if copper_plate is not None:
        # Congestion cost by hour: what a congested hour costs, less what it would with an unlimited
        # corridor (the copper plate's thermal, hydro and shedding, and its must-take fuel, bagasse, as
        # dispatched: the corridor leaves that as it is). An hour the corridor does not bind costs nothing.
        copper = copper_plate
        if p.must_take_srmc is not None:
            copper = copper + 1000.0 * over_zones(at_hours(solution.must_take_used, hours_apart)
                                                  * at_hours(p.must_take_srmc, hours_apart))
        congestion = np.zeros(hours)
        congestion[hours_apart] = hourly_objective(p, solution, hours_apart) - copper
        extra["congestion_pkr"] = congestion
    return solution


def _place_in_zones(p: DispatchProblem, south_export: np.ndarray, demand: np.ndarray, must_run: np.ndarray,
                    hydro: np.ndarray, short: np.ndarray, excess: np.ndarray,
                    apart_when_pinned: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split the copper plate's shortfall and excess between the zones within the corridor limit.

    ``south_export`` is what the south would send north if it served its own demand in full and
    dumped nothing. Returns the south's shortfall and excess, the flow and the congested hours
    (where no split keeps the flow within the limit), and the hours kept on the copper plate where
    the corridor pinned the shortfall away from flexible load (``apart_when_pinned`` dispatches
    those zone by zone instead).
    """
    limit = p.transfer_limit_mw
    # Most hours are neither short nor in excess: the corridor then carries the south's export, and is
    # congested where that exceeds the limit (what the split below reduces to there, to the bit).
    south_short, south_excess = np.zeros(p.hours), np.zeros(p.hours)
    flow = np.clip(south_export, -limit, limit)
    congested = np.maximum(south_export - limit, 0.0) > np.minimum(south_export + limit, 0.0) + TOLERANCE_MW
    pinned = np.zeros(p.hours, dtype=bool)

    def own_at(hours: np.ndarray) -> np.ndarray:  # each zone's MW from outside the merit order, in those hours
        fixed = at_hours(p.must_take, hours) + (must_run if must_run.shape[1] == 1 else at_hours(must_run, hours))
        own: np.ndarray = fixed + at_hours(hydro, hours)
        return own
    hours = np.flatnonzero(short > 0)
    if hours.size:
        split = _split_between_zones(limit, south_export[hours], at_hours(demand, hours),
                                     at_hours(p.flexible_demand[NORTH], hours), own_at(hours), short[hours],
                                     excess[hours], apart_when_pinned)
        for whole, part in zip((south_short, south_excess, flow, congested, pinned), split):
            whole[hours] = part
    hours = np.flatnonzero(excess > 0)  # never short as well: the excess alone is placed
    if hours.size:
        south_excess[hours], flow[hours], congested[hours] = _split_excess(limit, at_hours(south_export, hours),
                                                                          own_at(hours), at_hours(excess, hours))
    return south_short, south_excess, flow, congested, pinned


def _split_between_zones(limit: float, south_export: np.ndarray, demand: np.ndarray, flexible_north: np.ndarray,
                         own: np.ndarray, short: np.ndarray, excess: np.ndarray,
                         apart_when_pinned: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``_place_in_zones`` in short hours and hours of excess; ``own`` is each zone's MW from outside the
    merit order (must-take, must-run, hydro)."""
    # Shortfall: the south takes what the north's flexible load cannot absorb, within bounds.
    lo = np.maximum(np.maximum(short - demand[NORTH], -limit - south_export), 0.0)
    hi = np.minimum(np.minimum(short, demand[SOUTH]), limit - south_export)
    ideal = short - flexible_north
    south_short = np.clip(ideal, lo, hi)
    # The corridor moved the shortfall away from where flexible load could take it: the flow is at
    # its limit and where the reserve is held decides who is shed, so the zones are dispatched apart.
    pinned = (short > TOLERANCE_MW) & ((ideal < -limit - south_export - TOLERANCE_MW)
                                       | (ideal > limit - south_export + TOLERANCE_MW))
    fits_short = (lo <= hi + TOLERANCE_MW) & ~(pinned & apart_when_pinned)
    # Excess: dumped where it arises, within what each zone produces outside the merit order.
    lo_e = np.maximum(np.maximum(excess - own[NORTH], south_export - limit), 0.0)
    hi_e = np.minimum(np.minimum(excess, own[SOUTH]), south_export + limit)
    south_excess = np.clip(np.minimum(excess, own[SOUTH]), lo_e, hi_e)
    fits_excess = lo_e <= hi_e + TOLERANCE_MW
    # A copper-plate hour is short or in excess, never both; each box assumes the other is zero,
    # so only the one that applies decides (with neither, both reduce to |south_export| <= limit).
    congested = ~np.where(short > TOLERANCE_MW, fits_short, fits_excess)
    south_short = np.where(congested, 0.0, np.maximum(south_short, 0.0))
    south_excess = np.where(congested, 0.0, np.maximum(south_excess, 0.0))
    wanted = south_export + np.clip(short - flexible_north, 0, None) - np.minimum(excess, own[SOUTH])
    flow = np.where(congested, np.clip(wanted, -limit, limit), south_export + south_short - south_excess)
    return south_short, south_excess, np.clip(flow, -limit, limit), congested, pinned & ~congested


def _split_excess(limit: float, south_export: np.ndarray, own: np.ndarray,
                  excess: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_split_between_zones`` in hours of excess without shortfall (a solar noon in surplus, say),
    where its shortfall terms vanish: the south's excess, the flow and the congested hours."""
    lo_e = np.maximum(np.maximum(excess - own[NORTH], south_export - limit), 0.0)
    south_own = np.minimum(excess, own[SOUTH])
    hi_e = np.minimum(south_own, south_export + limit)
    congested = ~(lo_e <= hi_e + TOLERANCE_MW)
    south_excess = np.where(congested, 0.0, np.maximum(np.clip(south_own, lo_e, hi_e), 0.0))
    flow = np.where(congested, np.clip(south_export - south_own, -limit, limit), south_export - south_excess)
    return south_excess, np.clip(flow, -limit, limit), congested


def _redispatch_congested(p: DispatchProblem, congested: np.ndarray, flow: np.ndarray, residual: np.ndarray,
                          above_min: np.ndarray, in_zone: list[np.ndarray], output: np.ndarray,
                          shortfall: np.ndarray, excess: np.ndarray, marginal: np.ndarray) -> None:
    """Congested hours: flow at the limit, each zone on its own units, reserve checked system-wide."""
    cols = np.flatnonzero(congested)
    f = flow.take(cols)
    zone_residual = at_hours(residual, cols) + np.stack([-f, f])
    for z in (NORTH, SOUTH):
        units = np.flatnonzero(in_zone[z])
        cap = above_min[units] if above_min.shape[1] == 1 else at_hours(above_min[units], cols)
        out, shortfall[z][cols], excess[z][cols], marginal[z][cols] = merit_fill(
            zone_residual[z], cap, np.argsort(p.unit_srmc[units], kind="stable"), p.unit_srmc[units], p.voll)
        for row, u in zip(out, units):  # a row at a time: three times faster than one np.ix_ assignment
            output[u][cols] = row
    # A zone cannot shed more than it consumes: a shortfall beyond its own demand is export it
    # cannot produce, so the flow carries that much less and the importing zone is short of it.
    demand = at_hours(p.firm_demand, cols) + at_hours(p.flexible_demand, cols)
    overshoot = np.maximum(at_hours(shortfall, cols) - demand, 0.0)
    if overshoot.max(initial=0.0) > 0.0:
        shortfall[:, cols] += overshoot[::-1] - overshoot
        flow[cols] += overshoot[NORTH] - overshoot[SOUTH]
        f = flow[cols]
    # System-wide reserve: thermal output above minimum may not exceed what leaves the reserve free.
    total_above_min = above_min.sum(axis=0)  # (1,) when constant: broadcasts over the congested hours
    if total_above_min.size > 1:
        total_above_min = total_above_min[cols]
    deficit = np.maximum(at_hours(output, cols).sum(axis=0) - np.maximum(total_above_min - p.reserve_mw, 0.0), 0.0)
    if deficit.max(initial=0.0) <= TOLERANCE_MW:
        return
    importer = np.where(f > 0, NORTH, SOUTH)
    exporter = 1 - importer
    # 1. Cut flexible load still served, in either zone: its units then produce less.
    for zone_of_cut in (importer, exporter):
        served_flexible = np.maximum(p.flexible_demand[zone_of_cut, cols] - shortfall[zone_of_cut, cols], 0.0)
        cut = np.minimum(deficit, served_flexible)
        for z in (NORTH, SOUTH):
            here = (zone_of_cut == z) & (cut > 0)
            if here.any():
                units = np.flatnonzero(in_zone[z])
                block = output[np.ix_(units, cols[here])]
                left = _reduce_from_top(block, p.unit_srmc[units], cut[here])
                output[np.ix_(units, cols[here])] = block
                shortfall[z, cols[here]] += cut[here] - left
                deficit[here] -= cut[here] - left
    # 2. Shed firm load, in the importing zone first (its units are the dearest to back down),
    #    then in the exporting zone; each zone sheds what its own units stop producing, so the
    #    flow stays where it is.
    for source in (importer, exporter):
        for z in (NORTH, SOUTH):
            here = (source == z) & (deficit > TOLERANCE_MW)
            if not here.any():
                continue
            units = np.flatnonzero(in_zone[z])
            served = p.firm_demand[z, cols[here]] + p.flexible_demand[z, cols[here]] - shortfall[z, cols[here]]
            block = output[np.ix_(units, cols[here])]
            wanted = np.minimum(deficit[here], np.maximum(served, 0.0))
            left = _reduce_from_top(block, p.unit_srmc[units], wanted)
            output[np.ix_(units, cols[here])] = block
            shortfall[z, cols[here]] += wanted - left
            deficit[here] -= wanted - left
    # 3. Left only when the exporter's output is mostly export: it backs down further, the flow
    #    falls by as much, and the importer sheds that.
    for z in (NORTH, SOUTH):
        here = (exporter == z) & (deficit > TOLERANCE_MW)
        if not here.any():
            continue
        units = np.flatnonzero(in_zone[z])
        block = output[np.ix_(units, cols[here])]
        wanted = np.minimum(deficit[here], np.abs(flow[cols[here]]))
        done = wanted - _reduce_from_top(block, p.unit_srmc[units], wanted)
        output[np.ix_(units, cols[here])] = block
        flow[cols[here]] -= np.sign(f[here]) * done
        shortfall[importer[here], cols[here]] += done


def merit_order_cost(residual: np.ndarray, capacity: np.ndarray, order: np.ndarray, srmc: np.ndarray,
                     output: np.ndarray) -> np.ndarray:
    """MW x PKR/kWh by hour of ``merit_fill``'s ``output`` for ``residual``: read off the supply curve
    when capacities are constant over the hours (one lookup an hour instead of a sum over units)."""
    if capacity.shape[1] != 1:
        return summed_by_hour(output, srmc)
    cap = capacity[order, 0]
    megawatts = np.concatenate([[0.0], np.cumsum(cap)])
    cost: np.ndarray = np.interp(residual, megawatts, np.concatenate([[0.0], np.cumsum(cap * srmc[order])]))
    return cost


def copper_plate_hourly(p: DispatchProblem, hours: np.ndarray, output_cost: np.ndarray, hydro: np.ndarray,
                        shortfall: np.ndarray) -> np.ndarray:
    """Cost PKR of each of ``hours`` with an unlimited corridor (same hydro): the basis of congestion cost.

    ``output_cost`` is the copper-plate thermal cost above minimum output in those hours, MW x PKR/kWh;
    ``hydro`` and ``shortfall`` are the copper plate's over all hours."""
    short = shortfall.take(hours)
    flexible_cut = np.minimum(short, over_zones(at_hours(p.flexible_demand, hours)))
    unit_min = constant_over_hours(p.unit_min)
    minimum = unit_min if unit_min.shape[1] == 1 else at_hours(unit_min, hours)
    thermal = output_cost + summed_by_hour(minimum, p.unit_srmc)
    cost: np.ndarray = 1000.0 * (thermal + over_zones(at_hours(hydro, hours)) * p.hydro_srmc
                                 + p.voll * (short - flexible_cut) + p.flexible_penalty * flexible_cut)
    return cost


def hourly_objective(p: DispatchProblem, s: DispatchSolution, hours: Hours | None = None) -> np.ndarray:
    """PKR by hour (of ``hours``, or all): energy cost plus the price of what is shed and curtailed."""
    h = slice(None) if hours is None else hours
    cut = over_zones(at_hours(p.flexible_demand, h) - at_hours(s.flexible_served, h))
    cost: np.ndarray = s.hourly_energy_cost_pkr(p, h) + 1000.0 * (p.voll * over_zones(at_hours(s.unserved, h))
                                                                  + p.flexible_penalty * cut)
    return cost
