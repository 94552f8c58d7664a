"""One year's dispatch problem and its solution, as plain arrays (MW, one value per hour).

The fast dispatch (dispatch.py) and the exact linear program (reference_lp.py) both take a
DispatchProblem and return a DispatchSolution, so they can be compared number for number.

Conventions: zones are 0 = north, 1 = south (a single-zone problem has one zone); hours run
over the fiscal year (July-June, 8,760 hours, no leap day); costs are PKR; SRMC in PKR/kWh.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from workbench.models.hydro import month_slices

NORTH, SOUTH = 0, 1
ZONE_NAMES = ("north", "south")


@dataclass(frozen=True, eq=False)
class DispatchProblem:
    month: np.ndarray  # (H,) int, 0 = July ... 11 = June (12-23 for a second case laid after the first)
    firm_demand: np.ndarray  # (Z, H) MW at the busbar that must be served unless shed
    flexible_demand: np.ndarray  # (Z, H) MW of curtailable large load asked for (after its own rules)
    must_take: np.ndarray  # (Z, H) MW of wind, solar and bagasse offered; may be spilled
    unit_names: tuple[str, ...]
    unit_zone: np.ndarray  # (U,) int
    unit_available: np.ndarray  # (U, H) MW available (capacity x availability x fuel limit)
    unit_min: np.ndarray  # (U, H) MW that must run (must-run units, take-or-pay floors); <= available
    unit_srmc: np.ndarray  # (U,) PKR/kWh
    hydro_budget: np.ndarray  # (Z, M) MWh of hydro energy per month (all of it is used); M = 12 per case
    hydro_max: np.ndarray  # (Z, M) MW hydro power limit
    hydro_min: np.ndarray  # (Z, M) MW hydro floor (irrigation releases, run-of-river)
    hydro_srmc: float  # PKR/kWh (water-use charge + VOM)
    reserve_mw: float  # operating reserve held on thermal units, system-wide
    transfer_limit_mw: float  # south-north corridor limit, both directions (ignored with one zone)
    voll: float  # PKR/kWh, price of unserved firm energy
    flexible_penalty: float  # PKR/kWh, price of curtailing flexible load (< voll, > every SRMC)
    must_take_srmc: np.ndarray | None = None  # (Z, H) PKR/kWh of must-take energy (bagasse fuel); cost only

    @property
    def zones(self) -> int:
        return int(self.firm_demand.shape[0])

    @property
    def hours(self) -> int:
        return int(self.firm_demand.shape[1])

    @property
    def months(self) -> int:
        """Months with a hydro budget: 12, or 12 per case when cases are dispatched together."""
        return int(self.hydro_budget.shape[1])

    @cached_property
    def month_index(self) -> list[np.ndarray | slice]:
        """Each month's hours (slices when the calendar is in order), found once per problem."""
        return month_slices(self.month, self.months)

    def check(self) -> None:
        """Refuse inconsistent inputs loudly (a modelling bug, not a user error)."""
        z, h, m = self.zones, self.hours, self.months
        u = len(self.unit_names)
        shapes = {"flexible_demand": (self.flexible_demand, (z, h)), "must_take": (self.must_take, (z, h)),
                  "unit_available": (self.unit_available, (u, h)), "unit_min": (self.unit_min, (u, h)),
                  "hydro_budget": (self.hydro_budget, (z, m)), "hydro_max": (self.hydro_max, (z, m)),
                  "hydro_min": (self.hydro_min, (z, m))}
        for name, (arr, shape) in shapes.items():
            if arr.shape != shape:
                raise ValueError(f"{name} has shape {arr.shape}, expected {shape}")
        for name in ("firm_demand", "flexible_demand", "must_take", "unit_available", "unit_min",
                     "hydro_budget", "hydro_max", "hydro_min", "unit_srmc"):
            arr = getattr(self, name)
            if not np.isfinite(arr).all() or (arr < 0).any():
                raise ValueError(f"{name} has a negative, NaN or infinite value")
        if (self.unit_min > self.unit_available + 1e-9).any():
            raise ValueError("a unit's minimum output exceeds its availability")
        hours_per_month = np.bincount(self.month, minlength=m)
        if (self.hydro_min * hours_per_month > self.hydro_budget + 1e-6).any() or \
                (self.hydro_max * hours_per_month < self.hydro_budget - 1e-6).any():
            raise ValueError("a hydro budget lies outside its floor and power limit")


def over_zones(a: np.ndarray) -> np.ndarray:
    """(H,) the sum over the first axis of a (Z, H) array: ``a.sum(axis=0)`` to the bit, and with two
    rows one addition instead of a reduction, which on a year's hours takes about half the time."""
    total: np.ndarray = a[0] + a[1] if a.shape[0] == 2 else a.sum(axis=0)
    return total


Hours = np.ndarray | slice  # some hours of a problem: increasing indices, or a slice when they run on


def at_hours(a: np.ndarray, hours: Hours) -> np.ndarray:
    """``a[..., hours]``: a view for a slice; for indices numpy's ``take``, which copies the same values
    several times faster than fancy indexing along the last axis (5 against 30 us for (2, 5,000))."""
    if isinstance(hours, slice):
        return a[..., hours]
    if hours.dtype == bool:  # take would read a mask as the hours 0 and 1
        raise TypeError("at_hours takes hour indices or a slice, not a mask")
    return a.take(hours, axis=-1)


def set_at_hours(a: np.ndarray, hours: Hours, values: np.ndarray | float) -> None:
    """``a[..., hours] = values`` for a (H,) or (R, H) array, row by row for indices: a row's 1-D
    assignment is three times faster than one fancy assignment across the rows."""
    if isinstance(hours, slice) or a.ndim == 1:
        a[..., hours] = values
        return
    rows = np.broadcast_to(values, (a.shape[0], len(hours)))
    for r in range(a.shape[0]):
        a[r][hours] = rows[r]


def summed_by_hour(mw: np.ndarray, per_mwh: np.ndarray) -> np.ndarray:
    """(H,) sum over units of MW x price per MWh, unit after unit in their order. An hour's sum then
    never depends on the other hours: a matrix product rounds an hour by where it falls in BLAS's
    vector loop, and numpy sums a single hour's column pairwise."""
    total = mw[0] * per_mwh[0] if len(per_mwh) else np.zeros(mw.shape[1])
    for u in range(1, len(per_mwh)):
        total += mw[u] * per_mwh[u]
    result: np.ndarray = total
    return result


@dataclass(frozen=True, eq=False)
class DispatchSolution:
    unit_output: np.ndarray  # (U, H) MW
    hydro: np.ndarray  # (Z, H) MW
    must_take_used: np.ndarray  # (Z, H) MW of must-take energy taken (offered minus spilled)
    spill: np.ndarray  # (Z, H) MW of oversupply dumped (renewables curtailed, excess must-run)
    flexible_served: np.ndarray  # (Z, H) MW
    unserved: np.ndarray  # (Z, H) MW of firm demand shed
    flow_south_to_north: np.ndarray  # (H,) MW (zeros with one zone)
    marginal_cost: np.ndarray  # (Z, H) PKR/kWh
    extra: dict[str, Any] = field(default_factory=dict)

    def unit_mwh(self) -> np.ndarray:
        """Each unit's energy over the year, MWh (computed once)."""
        if "unit_mwh" not in self.extra:
            self.extra["unit_mwh"] = self.unit_output.sum(axis=1)
        mwh: np.ndarray = self.extra["unit_mwh"]
        return mwh

    def hourly_energy_cost_pkr(self, problem: DispatchProblem,
                               hours: slice | np.ndarray = slice(None)) -> np.ndarray:
        """(H,) fuel and variable O&M by hour (of ``hours``, or all), PKR (MW x 1 h = 1 MWh = 1,000 kWh)."""
        mwh_cost = summed_by_hour(at_hours(self.unit_output, hours), problem.unit_srmc) \
            + over_zones(at_hours(self.hydro, hours)) * problem.hydro_srmc
        if problem.must_take_srmc is not None:
            mwh_cost = mwh_cost + over_zones(at_hours(self.must_take_used, hours)
                                             * at_hours(problem.must_take_srmc, hours))
        cost: np.ndarray = 1000.0 * mwh_cost
        return cost

    def energy_cost_pkr(self, problem: DispatchProblem) -> float:
        """Fuel and variable O&M over the year, PKR: from each unit's MWh, which the results need anyway
        (kept for the problem it was asked for: the key numbers and the tariff both read it)."""
        kept = self.extra.get("energy_cost_pkr")
        if kept is not None and kept[0] is problem:
            cost: float = kept[1]
            return cost
        mwh_cost = float(self.unit_mwh() @ problem.unit_srmc) + float(self.hydro.sum()) * problem.hydro_srmc
        if problem.must_take_srmc is not None:
            mwh_cost += float((self.must_take_used * problem.must_take_srmc).sum())
        self.extra["energy_cost_pkr"] = (problem, 1000.0 * mwh_cost)
        return 1000.0 * mwh_cost

    def objective_pkr(self, problem: DispatchProblem) -> float:
        """Energy cost plus the price of shedding firm load and curtailing flexible load."""
        curtailed = float((problem.flexible_demand - self.flexible_served).sum())
        return self.energy_cost_pkr(problem) + 1000.0 * (
            problem.voll * float(self.unserved.sum()) + problem.flexible_penalty * curtailed)
