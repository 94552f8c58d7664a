"""Small dispatch problems written by hand, shared by the dispatch and LP tests."""
import numpy as np

from workbench.models.problem import DispatchProblem

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
