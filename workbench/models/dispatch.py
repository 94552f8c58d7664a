"""Fast hour-by-hour dispatch, vectorised over the 8,760 hours.

Steps (DESIGN.md section 3.1):
1. Must-run output (nuclear, take-or-pay RLNG floors) and must-take renewables are taken first.
2. The operating reserve is held back on the most expensive units of the system merit order.
3. Reservoir hydro is water-filled against the remaining system load (hydro.py).
4. Thermal units fill the residual in merit order of SRMC; the marginal unit sets the
   hourly marginal cost. Beyond the usable capacity, curtailable large loads are cut first,
   then firm demand is shed (unserved energy).
5. With two zones, the copper-plate solution's south-north flow is clipped to the transfer
   limit and each zone is re-dispatched with its own units for that flow. For a given hydro
   schedule this is exact: cost is convex in the flow, so the clipped unconstrained optimum
   is optimal. Hydro is scheduled against the copper-plate load, so in congested hours it is
   an approximation; tests measure the gap against the exact LP.
"""
from __future__ import annotations

import numpy as np

from workbench.models.hydro import month_slices, water_fill
from workbench.models.problem import NORTH, SOUTH, DispatchProblem, DispatchSolution

TOLERANCE_MW = 1e-6


def constant_over_hours(a: np.ndarray) -> np.ndarray:
    """(U, 1) when every hour has the same value, so merit-order work broadcasts; else (U, H)."""
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


def merit_fill(residual: np.ndarray, capacity: np.ndarray, order: np.ndarray, srmc: np.ndarray,
               voll: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fill ``residual`` (H,) MW with units in merit order.

    Returns the output of each unit (U, H), the shortfall and the excess (H,) and the
    marginal cost (H,): SRMC of the last unit needed, 0 when nothing thermal is needed,
    ``voll`` when capacity runs out.
    """
    cap = capacity[order]
    cum = np.cumsum(cap, axis=0)  # (U, H) or (U, 1): broadcasting does the rest
    sorted_out = np.clip(residual - (cum - cap), 0, cap)
    output = np.empty_like(sorted_out)
    output[order] = sorted_out
    total = cum[-1] if len(order) else np.zeros_like(residual)
    shortfall = np.maximum(residual - total, 0)
    shortfall[shortfall < TOLERANCE_MW] = 0.0  # rounding, not load shedding
    excess = np.maximum(-residual, 0)
    if len(order):
        # First unit whose cumulative capacity reaches the residual.
        marginal_rank = np.minimum((cum < residual - 1e-9).sum(axis=0), len(order) - 1)
        marginal = srmc[order][marginal_rank]
    else:
        marginal = np.zeros_like(residual)
    marginal = np.where(residual <= 1e-9, 0.0, np.where(shortfall > 1e-9, voll, marginal))
    return output, shortfall, excess, marginal


def dispatch(problem: DispatchProblem) -> DispatchSolution:
    p = problem
    zones, hours = p.zones, p.hours
    order = np.argsort(p.unit_srmc, kind="stable")
    above_min = constant_over_hours(p.unit_available - p.unit_min)
    usable = above_min - held_reserve(above_min, order, p.reserve_mw)
    in_zone = [p.unit_zone == z for z in range(zones)]
    must_run = np.stack([p.unit_min[m].sum(axis=0) for m in in_zone])  # (Z, H)
    demand = p.firm_demand + p.flexible_demand

    # Hydro against the system's load net of renewables and must-run output.
    net = (demand - p.must_take - must_run).sum(axis=0)
    slices = month_slices(p.month)
    hydro = np.zeros((zones, hours))
    for z in range(zones):
        if p.hydro_budget[z].sum() > 0:
            hydro[z] = water_fill(net - hydro.sum(axis=0), slices, p.hydro_budget[z], p.hydro_min[z], p.hydro_max[z])
    residual = demand - p.must_take - must_run - hydro  # (Z, H) left for merit-order units

    system_out, system_short, system_excess, system_mc = merit_fill(residual.sum(axis=0), usable, order,
                                                                     p.unit_srmc, p.voll)
    # Copper plate: any shortfall or excess sits in zone 0. It stays there when the corridor
    # is not binding: south then runs exactly its copper-plate units.
    output = system_out
    shortfall, excess = np.zeros((zones, hours)), np.zeros((zones, hours))
    shortfall[NORTH], excess[NORTH] = system_short, system_excess
    marginal = np.repeat(system_mc[None, :], zones, axis=0)
    flow = np.zeros(hours)
    congested = np.zeros(hours, dtype=bool)
    if zones == 2:
        # South's export if it ran its copper-plate units and served its own demand in full.
        unconstrained = system_out[in_zone[SOUTH]].sum(axis=0) - residual[SOUTH]
        flow = np.clip(unconstrained, -p.transfer_limit_mw, p.transfer_limit_mw)
        congested = np.abs(unconstrained) > p.transfer_limit_mw + TOLERANCE_MW
        if congested.any():
            output = output.copy()
            cols = np.flatnonzero(congested)
            zone_residual = residual[:, cols] + np.stack([-flow[cols], flow[cols]])
            for z in range(zones):
                units = np.flatnonzero(in_zone[z])
                zone_cap = usable[units] if usable.shape[1] == 1 else usable[units][:, cols]
                out, shortfall[z, cols], excess[z, cols], marginal[z, cols] = merit_fill(
                    zone_residual[z], zone_cap, np.argsort(p.unit_srmc[units], kind="stable"),
                    p.unit_srmc[units], p.voll)
                output[np.ix_(units, cols)] = out

    flexible_cut = np.minimum(shortfall, p.flexible_demand)
    unserved = shortfall - flexible_cut
    if zones == 2:
        # Uncongested shortfall hours: cutting south's flexible load frees south's units to
        # export north, as far as the corridor has room; only then is firm load shed.
        room = np.where(congested, 0.0, np.maximum(p.transfer_limit_mw - flow, 0.0))
        south_cut = np.minimum(np.minimum(unserved[NORTH], p.flexible_demand[SOUTH] - flexible_cut[SOUTH]), room)
        flexible_cut[SOUTH] += south_cut
        unserved[NORTH] -= south_cut
        flow = flow + south_cut
    marginal = np.where((shortfall > 1e-9) & (unserved <= 1e-9), p.flexible_penalty, marginal)
    spilled_renewables = np.minimum(excess, p.must_take)
    extra = {"congested": congested, "system_marginal_cost": system_mc,
             "copper_plate_objective_pkr": copper_plate_objective(p, system_out, hydro, system_short)
             if congested.any() else None}
    return DispatchSolution(
        unit_output=output + p.unit_min,
        hydro=hydro,
        must_take_used=p.must_take - spilled_renewables,
        spill=excess,
        flexible_served=p.flexible_demand - flexible_cut,
        unserved=unserved,
        flow_south_to_north=flow,
        marginal_cost=marginal,
        extra=extra,
    )


def copper_plate_objective(p: DispatchProblem, output: np.ndarray, hydro: np.ndarray, shortfall: np.ndarray) -> float:
    """Cost of the same hours with an unlimited corridor (same hydro): the basis of congestion cost."""
    flexible_cut = np.minimum(shortfall, p.flexible_demand.sum(axis=0))
    thermal = float((output.sum(axis=1) + p.unit_min.sum(axis=1)) @ p.unit_srmc)
    return 1000.0 * (thermal + float(hydro.sum()) * p.hydro_srmc + p.voll * float((shortfall - flexible_cut).sum())
                     + p.flexible_penalty * float(flexible_cut.sum()))
