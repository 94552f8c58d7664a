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
LONGEST_MONTH_HOURS = 31 * 24


def month_slices(month: np.ndarray, months: int = 12) -> list[np.ndarray | slice]:
    """Index of the hours in each month (slices when the calendar is in order)."""
    if np.all(np.diff(month) >= 0):
        bounds = np.searchsorted(month, np.arange(months + 1))
        return [slice(int(bounds[k]), int(bounds[k + 1])) for k in range(months)]
    return [np.flatnonzero(month == k) for k in range(months)]


def water_fill(load: np.ndarray, month_index: list[np.ndarray | slice], budget: np.ndarray,
               lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Hourly hydro output (MW) meeting each month's budget (MWh) within [lo, hi] MW."""
    lo, hi, budget = np.asarray(lo, float), np.asarray(hi, float), np.asarray(budget, float)
    sizes = np.array([load[sel].size for sel in month_index])
    width = hi - lo
    target = budget - sizes * lo  # energy above the floor
    active = (sizes > 0) & (width > 0) & (target > 0) & (target < sizes * width)
    # Active months side by side, padded with -inf (contributes nothing above any level): the
    # iteration then works on one (months, hours) block. Months at a bound need no level. Every
    # row is as long as the longest calendar month, so a month's sums (and so its level, to the
    # last bit) never depend on which other months share the block (dispatch_cases.py relies on it).
    live = np.flatnonzero(active)
    n, w, goal = sizes[live], width[live], target[live]
    columns = max(int(n.max(initial=0)), LONGEST_MONTH_HOURS)
    hour = np.arange(columns) < n[:, None]  # the hours of each month, not its padding
    spans = [sel for sel in (month_index[k] for k in live.tolist()) if isinstance(sel, slice)]
    if live.size and len(spans) == live.size:  # months in calendar order: gather every row at once
        starts = np.array([sel.start for sel in spans], dtype=np.intp)
        taken = load.take(np.minimum(starts[:, None] + np.arange(columns), load.shape[0] - 1))
        x = np.where(hour, taken - lo[live][:, None], -np.inf)
    else:
        x = np.full((live.size, columns), -np.inf)
        for row, k in enumerate(live.tolist()):
            x[row, :n[row]] = load[month_index[k]] - lo[k]
    a = np.where(hour, x, np.inf).min(axis=1, initial=np.inf) - w  # every hour at its limit
    b = x.max(axis=1, initial=-np.inf)  # every hour at its floor
    # First guess: the level if no hour sat at its floor or limit; Newton corrects from there.
    theta = np.clip((np.where(hour, x, 0.0).sum(axis=1) - goal) / n, a, b)
    w2 = w[:, None]
    tolerance = RELATIVE_TOLERANCE * np.maximum(goal, 1.0)
    d = np.empty_like(x)
    for _ in range(MAX_ITERATIONS):
        np.subtract(x, theta[:, None], out=d)
        above_floor = np.clip(d, 0.0, w2, out=d)  # in place: d is not needed unclipped
        err = above_floor.sum(axis=1) - goal
        done = np.abs(err) <= tolerance
        if done.all():
            break
        a, b = np.where(err > 0, theta, a), np.where(err > 0, b, theta)
        slope = np.count_nonzero((d > 0) & (d < w2), axis=1)  # hours between floor and limit
        newton = theta + err / np.maximum(slope, 1)
        step = np.where((slope > 0) & (newton > a) & (newton < b), newton, (a + b) / 2)
        theta = np.where(done, theta, step)
    else:  # out of iterations: the release at the last level
        above_floor = np.clip(x - theta[:, None], 0.0, w2)
    if live.size == len(month_index) == len(spans) and _one_after_another(spans, load.shape[0]):
        # Every month found a level and the months fill the hours in order: the rows, padding left out.
        whole: np.ndarray = (lo[:, None] + above_floor)[hour]
        return whole
    # A month at (or beyond) a bound sits at its floor or its limit in every hour.
    at_floor = (width <= 0) | (target <= 0)
    release = np.empty(load.shape[0])
    row_of = {k: row for row, k in enumerate(live.tolist())}
    for k, sel in enumerate(month_index):
        if k in row_of:
            release[sel] = lo[k] + above_floor[row_of[k], :sizes[k]]
        elif sizes[k]:  # (a part of a year, a repaired month say, has months without hours)
            release[sel] = lo[k] if at_floor[k] else lo[k] + max(width[k], 0.0)
    return release


def _one_after_another(spans: list[slice], hours: int) -> bool:
    """Whether the months' slices run on from hour 0 to the last hour without a gap."""
    return spans[0].start == 0 and spans[-1].stop == hours and all(
        a.stop == b.start for a, b in zip(spans, spans[1:]))
