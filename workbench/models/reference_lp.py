"""Exact dispatch: the year's DispatchProblem as one linear program, solved by HiGHS.

This is the reference the fast heuristic (dispatch.py) is checked against. scipy is imported
inside solve_exact only, so importing this module stays cheap.

Formulation (per zone z, hour h; MW, and 1 MW for 1 h = 1 MWh = 1,000 kWh):

    variables  g[u,h]  in [unit_min, unit_available]           thermal output
               y[z,h]  in [hydro_min, hydro_max] of month[h]    hydro output
               m[z,h]  in [0, must_take]                        must-take renewables used
               d[z,h]  >= 0                                     dump of oversupply (cost 0)
               f[z,h]  in [0, flexible_demand]                  flexible load served
               s[z,h]  in [0, firm_demand]                      firm load shed
               F[h]    in [-transfer_limit, +transfer_limit]    flow south -> north (two zones only)

    balance    sum_{u in z} g + y + m - d + s - f + (F if z = north, -F if z = south) = firm_demand
    hydro      sum_{h in month k} y[z,h] = hydro_budget[z,k]     (months that have hours)
    reserve    sum_u g[u,h] <= max(sum_u unit_available - reserve_mw, sum_u unit_min)

    minimise   sum srmc[u] g + hydro_srmc sum y + voll sum s - flexible_penalty sum f

Costs enter in PKR/kWh, so the LP objective is in thousands of PKR and the dual of each balance
row (d objective / d firm_demand) is directly the marginal cost in PKR/kWh. objective_pkr adds
back the constant flexible_penalty * sum(flexible_demand) and converts to PKR, so it equals
DispatchSolution.objective_pkr(problem).
"""
from __future__ import annotations

import time
from typing import Any

import numpy as np

from workbench.models.problem import NORTH, SOUTH, DispatchProblem, DispatchSolution

_NOISE = 1e-6  # MW (and PKR/kWh): negatives smaller than this are solver noise and become 0


def _clip_noise(a: np.ndarray) -> np.ndarray:
    return np.where((a < 0) & (a > -_NOISE), 0.0, a)


def solve_exact(problem: DispatchProblem, *, time_limit_s: float = 300) -> DispatchSolution:
    """Solve the dispatch LP to optimality; raise RuntimeError with HiGHS's message otherwise."""
    from scipy import sparse
    from scipy.optimize import linprog

    problem.check()
    Z, H, U = problem.zones, problem.hours, len(problem.unit_names)
    month = np.asarray(problem.month, dtype=np.int64)
    unit_zone = np.asarray(problem.unit_zone, dtype=np.int64)
    if Z not in (1, 2) or month.shape != (H,) or unit_zone.shape != (U,) or problem.unit_srmc.shape != (U,):
        raise ValueError("zones must be 1 or 2, month must be (H,), unit_zone and unit_srmc (U,)")
    if U and (unit_zone.min() < 0 or unit_zone.max() >= Z):
        raise ValueError("a unit sits in a zone the problem does not have")
    if H and (month.min() < 0 or month.max() > 11):
        raise ValueError("month values must lie in 0..11")

    # Column layout: g (U*H), then y, m, d, f, s (Z*H each), then F (H, two zones only).
    zh = Z * H
    off_y = U * H
    off_m, off_d, off_f, off_s = off_y + zh, off_y + 2 * zh, off_y + 3 * zh, off_y + 4 * zh
    off_flow = off_y + 5 * zh
    n = off_flow + (H if Z == 2 else 0)
    hrs = np.arange(H)
    zh_idx = np.arange(zh)

    cost = np.zeros(n)
    cost[:off_y] = np.repeat(np.asarray(problem.unit_srmc, dtype=float), H)
    cost[off_y:off_m] = problem.hydro_srmc
    cost[off_f:off_s] = -problem.flexible_penalty
    cost[off_s:off_flow] = problem.voll

    lower, upper = np.zeros(n), np.zeros(n)
    lower[:off_y] = problem.unit_min.ravel()
    upper[:off_y] = np.maximum(problem.unit_available, problem.unit_min).ravel()
    lower[off_y:off_m] = problem.hydro_min[:, month].ravel()
    upper[off_y:off_m] = problem.hydro_max[:, month].ravel()
    upper[off_m:off_d] = problem.must_take.ravel()
    upper[off_d:off_f] = np.inf
    upper[off_f:off_s] = problem.flexible_demand.ravel()
    upper[off_s:off_flow] = problem.firm_demand.ravel()
    lower[off_flow:], upper[off_flow:] = -problem.transfer_limit_mw, problem.transfer_limit_mw

    # Equality rows: Z*H energy balances (row z*H + h), then one hydro budget per zone and used month.
    used_months = np.flatnonzero(np.bincount(month, minlength=12))
    month_pos = np.full(12, -1)
    month_pos[used_months] = np.arange(len(used_months))
    rows = [unit_zone.repeat(H) * H + np.tile(hrs, U)]
    cols = [np.arange(U * H)]
    vals = [np.ones(U * H)]
    for offset, sign in ((off_y, 1.0), (off_m, 1.0), (off_d, -1.0), (off_s, 1.0), (off_f, -1.0)):
        rows.append(zh_idx)
        cols.append(offset + zh_idx)
        vals.append(np.full(zh, sign))
    if Z == 2:
        rows += [NORTH * H + hrs, SOUTH * H + hrs]
        cols += [off_flow + hrs, off_flow + hrs]
        vals += [np.ones(H), -np.ones(H)]
    rows.append(zh + (np.arange(Z)[:, None] * len(used_months) + month_pos[month][None, :]).ravel())
    cols.append(off_y + zh_idx)
    vals.append(np.ones(zh))
    hours_per_month = np.bincount(month, minlength=12)[used_months]
    budget = np.clip(problem.hydro_budget[:, used_months],  # check() allows 1e-6 of slack; remove it
                     problem.hydro_min[:, used_months] * hours_per_month,
                     problem.hydro_max[:, used_months] * hours_per_month)
    n_eq = zh + Z * len(used_months)
    a_eq = sparse.coo_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                            shape=(n_eq, n)).tocsr()
    b_eq = np.concatenate([problem.firm_demand.ravel(), budget.ravel()]).astype(float)

    a_ub = b_ub = None
    if U:
        a_ub = sparse.coo_array((np.ones(U * H), (np.tile(hrs, U), np.arange(U * H))), shape=(H, n)).tocsr()
        b_ub = np.maximum(problem.unit_available.sum(axis=0) - problem.reserve_mw, problem.unit_min.sum(axis=0))

    start = time.perf_counter()
    # scipy-stubs types A_ub/A_eq as dense arrays and bounds as a sequence of pairs; HiGHS takes sparse
    # matrices and an (n, 2) array of bounds (scipy's linprog documentation), which keeps a year's LP small.
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,  # type: ignore[call-overload]
                  bounds=np.column_stack([lower, upper]), method="highs", options={"time_limit": float(time_limit_s)})
    solve_s = time.perf_counter() - start
    if res.status != 0:
        raise RuntimeError(f"HiGHS did not solve the dispatch LP to optimality: {res.message}")

    x = res.x
    must_take_used = _clip_noise(x[off_m:off_d].reshape(Z, H))
    dump = _clip_noise(x[off_d:off_f].reshape(Z, H))
    extra: dict[str, Any] = {
        "objective_pkr": 1000.0 * (float(res.fun) + problem.flexible_penalty * float(problem.flexible_demand.sum())),
        "solve_s": solve_s,
        "status": str(res.message),
    }
    return DispatchSolution(
        unit_output=_clip_noise(x[:off_y].reshape(U, H)),
        hydro=_clip_noise(x[off_y:off_m].reshape(Z, H)),
        must_take_used=must_take_used,
        spill=_clip_noise(problem.must_take - must_take_used + dump),
        flexible_served=_clip_noise(x[off_f:off_s].reshape(Z, H)),
        unserved=_clip_noise(x[off_s:off_flow].reshape(Z, H)),
        flow_south_to_north=x[off_flow:].copy() if Z == 2 else np.zeros(H),
        marginal_cost=_clip_noise(np.asarray(res.eqlin.marginals[:zh]).reshape(Z, H)),
        extra=extra,
    )
