"""Reservoir hydro by water-filling: shave the highest net-load hours first.

Within a month, hydro output is clip(L_h - theta, lo, hi) where L_h is the load left for
hydro and thermal plants and theta is set so that the month's energy equals its budget.
For a single bus whose thermal cost is the same convex function of residual load in every
hour of the month, this is the cost-optimal schedule (KKT: the residual is flattened to the
level where the marginal thermal cost equals the water value).

theta is found for all months at once by a safeguarded Newton iteration: the energy above a
level is piecewise linear in the level, so Newton lands exactly once it is on the right
piece, and bisection keeps it inside a shrinking bracket until then.
"""
from __future__ import annotations

import numpy as np

RELATIVE_TOLERANCE = 1e-13  # of the month's energy above the floor
MAX_ITERATIONS = 200


def month_slices(month: np.ndarray) -> list[np.ndarray | slice]:
    """Index of the hours in each of the 12 months (slices when the calendar is in order)."""
    if np.all(np.diff(month) >= 0):
        bounds = np.searchsorted(month, np.arange(13))
        return [slice(int(bounds[k]), int(bounds[k + 1])) for k in range(12)]
    return [np.flatnonzero(month == k) for k in range(12)]


def water_fill(load: np.ndarray, month_index: list[np.ndarray | slice], budget: np.ndarray,
               lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Hourly hydro output (MW) meeting each month's budget (MWh) within [lo, hi] MW."""
    months = len(month_index)
    lo, hi, budget = np.asarray(lo, float), np.asarray(hi, float), np.asarray(budget, float)
    sizes = np.array([load[sel].size for sel in month_index])
    width = hi - lo
    target = budget - sizes * lo  # energy above the floor
    # Months side by side, padded with -inf (contributes nothing above any level).
    x = np.full((months, max(int(sizes.max(initial=0)), 1)), -np.inf)
    for k, sel in enumerate(month_index):
        x[k, :sizes[k]] = load[sel] - lo[k]
    active = (sizes > 0) & (width > 0) & (target > 0) & (target < sizes * width)
    safe = np.where(np.isfinite(x), x, np.nan)
    a = np.where(active, np.nanmin(safe, axis=1, initial=np.inf) - width, 0.0)  # all at the limit
    b = np.where(active, np.nanmax(safe, axis=1, initial=-np.inf), 0.0)  # all at the floor
    # First guess: the level if no hour sat at its floor or limit; Newton corrects from there.
    mean = np.where(active, np.nansum(safe, axis=1) / np.maximum(sizes, 1), 0.0)
    theta = np.clip(mean - target / np.maximum(sizes, 1), a, b)
    w = width[:, None]
    tolerance = RELATIVE_TOLERANCE * np.maximum(target, 1.0)
    for _ in range(MAX_ITERATIONS):
        d = x - theta[:, None]
        err = np.clip(d, 0, w).sum(axis=1) - target
        done = ~active | (np.abs(err) <= tolerance)
        if done.all():
            break
        a, b = np.where(err > 0, theta, a), np.where(err > 0, b, theta)
        slope = ((d > 0) & (d < w)).sum(axis=1)  # hours between floor and limit
        newton = theta + err / np.maximum(slope, 1)
        step = np.where((slope > 0) & (newton > a) & (newton < b), newton, (a + b) / 2)
        theta = np.where(done, theta, step)
    # Each hour's month, to finish all months in one vectorised step.
    month = np.empty(load.shape[0], dtype=np.intp)
    for k, sel in enumerate(month_index):
        month[sel] = k
    at_floor = ~active & ((width <= 0) | (target <= 0))  # the budget sits at (or beyond) a bound
    level = np.where(active, theta, np.where(at_floor, np.inf, -np.inf))[month]
    release: np.ndarray = lo[month] + np.clip(load - lo[month] - level, 0, np.maximum(width, 0)[month])
    return release
