"""Small dispatch problems written by hand, shared by the dispatch and LP tests."""
import numpy as np

from workbench.models.problem import NORTH, SOUTH, DispatchProblem, DispatchSolution

TOL = 1e-6


def make_problem(firm, units, *, month=None, flexible=None, must_take=None, hydro_budget=0.0, hydro_max=0.0,
                 hydro_min=0.0, hydro_srmc=0.0, reserve=0.0, transfer=0.0, voll=100.0,
                 flexible_penalty=50.0) -> DispatchProblem:
    """firm: (Z, H) MW; units: list of (zone, srmc PKR/kWh, available MW, min MW), scalars or (H,) arrays.

    Hydro arguments are per-zone scalars for month 0 (other months get budget 0, the same max/min).
    """
    firm = np.atleast_2d(np.asarray(firm, dtype=float))
    z, h = firm.shape

    def per_zone(value):
        return np.broadcast_to(np.asarray(value, dtype=float).reshape(-1, 1) if np.ndim(value) else value,
                               (z, 12)).copy()

    def per_hour(value):
        return np.broadcast_to(np.asarray(value, dtype=float), (h,))

    budget = np.zeros((z, 12))
    budget[:, 0] = np.broadcast_to(hydro_budget, (z,))
    p = DispatchProblem(
        month=np.zeros(h, dtype=int) if month is None else np.asarray(month),
        firm_demand=firm,
        flexible_demand=np.zeros((z, h)) if flexible is None else np.atleast_2d(np.asarray(flexible, float)),
        must_take=np.zeros((z, h)) if must_take is None else np.atleast_2d(np.asarray(must_take, float)),
        unit_names=tuple(f"u{i}" for i in range(len(units))),
        unit_zone=np.array([u[0] for u in units], dtype=int),
        unit_available=np.array([per_hour(u[2]) for u in units]).reshape(len(units), h),
        unit_min=np.array([per_hour(u[3]) for u in units]).reshape(len(units), h),
        unit_srmc=np.array([u[1] for u in units], dtype=float),
        hydro_budget=budget, hydro_max=per_zone(hydro_max), hydro_min=per_zone(hydro_min),
        hydro_srmc=hydro_srmc, reserve_mw=reserve, transfer_limit_mw=transfer, voll=voll,
        flexible_penalty=flexible_penalty)
    p.check()
    return p


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, float), np.asarray(expected, float), rtol=0, atol=tol)


def zone_inflow(p: DispatchProblem, sol: DispatchSolution) -> np.ndarray:
    """(Z, H) MW arriving in each zone over the corridor (positive south to north)."""
    inflow = np.zeros((p.zones, p.hours))
    if p.zones == 2:
        inflow[NORTH], inflow[SOUTH] = sol.flow_south_to_north, -sol.flow_south_to_north
    return inflow


def assert_feasible(p: DispatchProblem, sol: DispatchSolution) -> None:
    """Energy balance, bounds, hydro budgets, reserve and flow limit, from the solution fields only."""
    thermal = np.zeros((p.zones, p.hours))
    np.add.at(thermal, p.unit_zone, sol.unit_output)
    # Energy balance in every zone-hour; dump = spill beyond the must-take left unused.
    dump = sol.spill - (p.must_take - sol.must_take_used)
    supply = thermal + sol.hydro + sol.must_take_used - dump + zone_inflow(p, sol)
    load = p.firm_demand - sol.unserved + sol.flexible_served
    assert np.abs(supply - load).max() <= TOL
    assert (dump >= -TOL).all() and (sol.spill >= -TOL).all()
    assert (sol.must_take_used >= -TOL).all() and (sol.must_take_used <= p.must_take + TOL).all()
    assert (sol.flexible_served >= -TOL).all() and (sol.flexible_served <= p.flexible_demand + TOL).all()
    assert (sol.unserved >= -TOL).all() and (sol.unserved <= p.firm_demand + TOL).all()
    # Hydro inside its floor and power limit every hour; each month's budget met.
    assert (sol.hydro >= p.hydro_min[:, p.month] - TOL).all()
    assert (sol.hydro <= p.hydro_max[:, p.month] + TOL).all()
    for k in np.unique(p.month):
        close(sol.hydro[:, p.month == k].sum(axis=1), p.hydro_budget[:, k])
    # Units between their minimum and availability; thermal within the reserve cap.
    assert (sol.unit_output >= p.unit_min - TOL).all()
    assert (sol.unit_output <= p.unit_available + TOL).all()
    cap = np.maximum(p.unit_available.sum(0) - p.reserve_mw, p.unit_min.sum(0))
    assert (sol.unit_output.sum(0) <= cap + TOL).all()
    flow = sol.flow_south_to_north
    assert (np.abs(flow) <= p.transfer_limit_mw + TOL).all() if p.zones == 2 else (flow == 0).all()
