"""Several cases of one system (the year without and with the new loads) dispatched in one pass.

Given the hydro schedule every hour is dispatched on its own, and each month's water is spent
within that month, so cases that differ only in what is asked for can be laid end to end as one
problem whose months are numbered on (12-23 for the second case). Each case then gets the answer
``dispatch`` gives it alone, while the fixed cost of a pass (a few hundred numpy calls, the zone
repair of a congested month) is paid once instead of once per case.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from workbench.models.dispatch import dispatch, solved_exactly
from workbench.models.problem import DispatchProblem, DispatchSolution

_SAME = ("unit_names", "unit_srmc", "hydro_srmc", "reserve_mw", "transfer_limit_mw", "voll", "flexible_penalty")
_BY_HOUR = ("firm_demand", "flexible_demand", "must_take")
_BY_MONTH = ("hydro_budget", "hydro_max", "hydro_min")
_SOLVED = ("unit_output", "hydro", "must_take_used", "spill", "flexible_served", "unserved", "marginal_cost")


def dispatch_cases(problems: Sequence[DispatchProblem]) -> list[DispatchSolution]:
    """Each problem's dispatch, as ``dispatch`` would give it, in one pass where they share a system."""
    if len(problems) < 2 or not one_system(problems) or any(solved_exactly(p) for p in problems):
        return [dispatch(p) for p in problems]
    return taken_apart(problems, dispatch(end_to_end(problems), exact=False))


def one_system(problems: Sequence[DispatchProblem]) -> bool:
    """Same units (capacities hour by hour), prices and corridor, over the twelve months of a year each."""
    first = problems[0]
    for p in problems:
        if p.months != 12 or p.zones != first.zones or (p.must_take_srmc is None) != (first.must_take_srmc is None):
            return False
        if not all(_same(getattr(p, name), getattr(first, name)) for name in (*_SAME, "unit_zone")):
            return False
        if not all(_same_by_hour(getattr(p, name), getattr(first, name)) for name in ("unit_available", "unit_min")):
            return False
    return True


def _same(a: Any, b: Any) -> bool:
    return a is b or bool(np.array_equal(a, b))  # cases of one year share their arrays: no comparison


def _same_by_hour(a: np.ndarray, b: np.ndarray) -> bool:
    if a is b:
        return True
    if a.strides[1] == 0 and b.strides[1] == 0:  # constant over the year: one column says it all
        return a.shape == b.shape and np.array_equal(a[:, 0], b[:, 0])
    return np.array_equal(a, b)


def end_to_end(problems: Sequence[DispatchProblem]) -> DispatchProblem:
    """The cases as one problem: hours one after another, months 0-11 for the first, 12-23 for the next."""
    first = problems[0]
    hours = sum(p.hours for p in problems)

    def units(name: str) -> np.ndarray:
        a: np.ndarray = getattr(first, name)
        if a.strides[1] == 0:  # constant over the year: still a view, so merit order works on one column
            return np.broadcast_to(a[:, :1], (a.shape[0], hours))
        return np.concatenate([getattr(p, name) for p in problems], axis=1)
    by_hour = {name: np.concatenate([getattr(p, name) for p in problems], axis=1) for name in _BY_HOUR}
    by_month = {name: np.concatenate([getattr(p, name) for p in problems], axis=1) for name in _BY_MONTH}
    srmc = None if first.must_take_srmc is None else np.concatenate([p.must_take_srmc for p in problems], axis=1)
    return DispatchProblem(
        month=np.concatenate([p.month + 12 * k for k, p in enumerate(problems)]), **by_hour, **by_month,
        unit_names=first.unit_names, unit_zone=first.unit_zone, unit_available=units("unit_available"),
        unit_min=units("unit_min"), unit_srmc=first.unit_srmc, hydro_srmc=first.hydro_srmc,
        reserve_mw=first.reserve_mw, transfer_limit_mw=first.transfer_limit_mw, voll=first.voll,
        flexible_penalty=first.flexible_penalty, must_take_srmc=srmc)


def taken_apart(problems: Sequence[DispatchProblem], together: DispatchSolution) -> list[DispatchSolution]:
    """Each case's hours of the joint answer (views, not copies), with its own flags and copper plate."""
    out, start = [], 0
    extra = together.extra
    for p in problems:
        hours = slice(start, start + p.hours)
        start += p.hours
        congested = extra["congested"][hours]
        # As alone: a case with no congested hour has no congestion to cost.
        congestion = None if extra["congestion_pkr"] is None or not congested.any() else extra["congestion_pkr"][hours]
        out.append(DispatchSolution(
            **{name: getattr(together, name)[..., hours] for name in _SOLVED},
            flow_south_to_north=together.flow_south_to_north[hours],
            extra={"congested": congested, "pinned": extra["pinned"][hours],
                   "system_marginal_cost": extra["system_marginal_cost"][hours], "congestion_pkr": congestion}))
    return out
