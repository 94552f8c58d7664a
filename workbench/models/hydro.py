"""Reservoir hydro by water-filling: shave the highest net-load hours first.

Within a month, hydro output is clip(L_h - theta, lo, hi) where L_h is the load left for
hydro and thermal plants and theta is set so that the month's energy equals its budget.
For a single bus whose thermal cost is the same convex function of residual load in every
hour of the month, this is the cost-optimal schedule (KKT: the residual is flattened to the
level where the marginal thermal cost equals the water value). Exact, not iterative: theta
is found among the breakpoints of a piecewise-linear function and interpolated.
"""
from __future__ import annotations

import numpy as np


def month_slices(month: np.ndarray) -> list[np.ndarray | slice]:
    """Index of the hours in each of the 12 months (slices when the calendar is in order)."""
    if np.all(np.diff(month) >= 0):
        bounds = np.searchsorted(month, np.arange(13))
        return [slice(int(bounds[k]), int(bounds[k + 1])) for k in range(12)]
    return [np.flatnonzero(month == k) for k in range(12)]


def _energy_above(sorted_x: np.ndarray, prefix: np.ndarray, t: np.ndarray) -> np.ndarray:
    """sum(max(x - t, 0)) for each t, with x sorted ascending and prefix = cumsum(x)."""
    idx = np.searchsorted(sorted_x, t, side="right")
    count = len(sorted_x) - idx
    below = np.where(idx > 0, prefix[np.maximum(idx - 1, 0)], 0.0)
    return (prefix[-1] - below) - count * t


def water_fill(load: np.ndarray, month_index: list[np.ndarray | slice], budget: np.ndarray,
               lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Hourly hydro output (MW) meeting each month's budget (MWh) within [lo, hi] MW."""
    out = np.zeros_like(load, dtype=float)
    for k, sel in enumerate(month_index):
        x = load[sel]
        n = x.size
        if n == 0:
            continue
        width = hi[k] - lo[k]
        target = budget[k] - n * lo[k]  # energy above the floor
        if width <= 0 or target <= 0:
            out[sel] = lo[k]
            continue
        if target >= n * width:
            out[sel] = hi[k]
            continue
        xs = np.sort(x - lo[k])
        prefix = np.cumsum(xs)
        cands = np.sort(np.concatenate([xs, xs - width]))
        # phi(t) = energy between levels t and t + width: decreasing in t.
        phi = _energy_above(xs, prefix, cands) - _energy_above(xs, prefix, cands + width)
        j = int(np.searchsorted(-phi, -target, side="right"))  # cands[:j] have phi >= target
        if j == 0:
            theta = cands[0]
        elif j == len(cands):
            theta = cands[-1]
        else:
            t0, t1, p0, p1 = cands[j - 1], cands[j], phi[j - 1], phi[j]
            theta = t0 if p0 == p1 else t0 + (p0 - target) / (p0 - p1) * (t1 - t0)
        out[sel] = lo[k] + np.clip(x - lo[k] - theta, 0, width)
    return out
