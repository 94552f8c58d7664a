"""Small random two-zone systems with hydro, a reserve and flexible load, from a fixed seed.

Shared by the property test that holds the fast dispatch to the exact LP
(tests/test_dispatch_accuracy.py) and by anyone measuring the distribution of the gap.
Magnitudes are those of a 1,000 MW system (MW, PKR/kWh); every problem passes check().
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from workbench.models.problem import DispatchProblem


def random_two_zone_system(rng: np.random.Generator) -> DispatchProblem:
    """One system: 1-4 days in 1-3 months, 2-6 units, hydro in one zone or both, reserve, flexible load."""
    zones = 2
    hours = int(rng.integers(1, 5)) * 24
    n_months = int(rng.integers(1, 4))
    first = int(rng.integers(0, 13 - n_months))
    cuts = np.sort(rng.choice(np.arange(1, hours), n_months - 1, replace=False))
    month_pos = np.repeat(np.arange(n_months), np.diff([0, *cuts, hours]))
    month = first + month_pos
    n_units = int(rng.integers(2, 7))
    hydro_zones = [[True, False], [False, True], [True, True]][int(rng.integers(0, 3))]
    budget_mode = ("inside", "floor", "max")[int(rng.choice(3, p=[0.8, 0.1, 0.1]))]

    peak = 1000.0
    t = np.arange(hours)
    daily = 1 + 0.3 * np.sin(2 * np.pi * (t % 24 - 8) / 24)
    firm = peak / zones * daily * rng.uniform(0.6, 1.1, (zones, hours))
    solar = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    must_take = (rng.uniform(0, 1.2, (zones, 1)) * peak / zones * solar + rng.uniform(0, 100, (zones, hours))
                 if rng.uniform() < 0.5 else np.zeros((zones, hours)))
    flexible = rng.uniform(0.02, 0.3, (zones, 1)) * peak / zones * rng.uniform(0, 1, (zones, hours))

    zone = rng.integers(0, zones, n_units)
    cap = rng.uniform(0.3, 1.5, n_units)
    cap *= peak * rng.uniform(0.6, 1.6) / cap.sum()
    min_frac = np.where(rng.uniform(size=n_units) < 0.4, rng.uniform(0, 0.6, n_units), 0.0)[:, None]
    available = cap[:, None] * rng.uniform(0.5, 1, (n_units, hours))
    unit_min = available * min_frac * rng.uniform(0, 1, (n_units, hours))

    per_month = np.bincount(month, minlength=12)
    hydro_max = np.where(np.array(hydro_zones)[:, None], rng.uniform(0.05, 0.5, (zones, 12)) * peak / zones, 0.0)
    hydro_min = hydro_max * rng.uniform(0, 0.6, (zones, 12))
    share = {"inside": rng.uniform(0, 1, (zones, 12)), "floor": 0.0, "max": 1.0}[budget_mode]
    budget = per_month * (hydro_min + share * (hydro_max - hydro_min))

    voll = float(rng.uniform(120, 300))
    p = DispatchProblem(
        month=month, firm_demand=firm, flexible_demand=flexible, must_take=must_take,
        unit_names=tuple(f"u{i}" for i in range(n_units)), unit_zone=zone, unit_available=available,
        unit_min=unit_min, unit_srmc=rng.uniform(1, 60, n_units), hydro_budget=budget, hydro_max=hydro_max,
        hydro_min=hydro_min, hydro_srmc=float(rng.uniform(0, 5)),
        reserve_mw=float(rng.uniform(0.02, 0.3) * cap.sum()),
        transfer_limit_mw=float(rng.choice([0.0, rng.uniform(0, 0.4 * peak)], p=[0.1, 0.9])),
        voll=voll, flexible_penalty=float(rng.uniform(61, voll - 1)))
    p.check()
    return p


def random_two_zone_systems(seed: int, count: int) -> Iterator[DispatchProblem]:
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield random_two_zone_system(rng)
