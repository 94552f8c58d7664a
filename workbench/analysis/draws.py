"""Seeded draws of a scenario's uncertain inputs, made once, before any evaluation.

All draws are made here, in one process, from one generator: the values of draw i depend only
on the seed and i, so the answer is the same whether the draws are then evaluated by one worker,
two or a cluster. One uniform number per draw and per draw group is turned into each input's
value by the inverse of its distribution (the quantile function), so grouped inputs move together.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np
import pandas as pd

from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue
from workbench.core.project import ResolvedScenario
from workbench.core.uncertainty import Uncertain, check_inputs, for_scenario

# A normal's P90 is Z90 standard deviations above its median: float(scipy.special.ndtri(0.9)), written out
# (a test checks it) so that opening the window does not import scipy.special (16 MB, 0.15 s) for a study
# nobody may run; ndtri itself is imported by the quantile function, when draws are made.
Z90 = 1.2815515655446004
EDGE = 1e-12  # keeps the quantile function finite at a uniform draw of exactly 0


def quantile(u: Uncertain, base: float, q: np.ndarray) -> np.ndarray:
    """The input's value at the probabilities ``q`` (0-1), for a scenario value ``base``."""
    from scipy.special import ndtri

    q = np.clip(q, EDGE, 1 - EDGE)
    if u.distribution == "shift_normal":
        return base + (u.low + u.high) / 2 + (u.high - u.low) / (2 * Z90) * ndtri(q)
    if u.distribution == "shift_uniform":
        return base + u.low + (u.high - u.low) * q
    if u.distribution == "shift_triangular":  # from low to high, most likely no change (mode 0)
        width = u.high - u.low
        if width == 0:
            return np.full_like(q, base + u.low)
        below = -u.low / width  # the probability of a draw below no change
        return base + np.where(q < below, u.low + np.sqrt(q * width * -u.low),
                               u.high - np.sqrt((1 - q) * width * u.high))
    if u.distribution == "factor_lognormal":
        lo, hi = math.log(u.low), math.log(u.high)
        return base * np.exp((lo + hi) / 2 + (hi - lo) / (2 * Z90) * ndtri(q))
    if u.distribution == "factor_uniform":
        return base * (u.low + (u.high - u.low) * q)
    raise AssertionError(u.distribution)  # check_inputs refuses any other


def studied_inputs(defaults: tuple[Uncertain, ...], scenario: ResolvedScenario, catalogue: Catalogue,
                   dataset: DataSet) -> tuple[Uncertain, ...]:
    """The default inputs with the scenario's own distributions in their place, checked together (a
    scenario's distribution may share a draw with a default one). A scenario's own input may have
    no source: it is then the scenario author's estimate, and its note says why."""
    if not scenario.uncertainty:
        return defaults
    return check_inputs(for_scenario(defaults, scenario.uncertainty), catalogue,
                        f"scenario '{scenario.name}', uncertain inputs", {*dataset.sources, ""})


def draw_inputs(values: Mapping[str, Any], inputs: tuple[Uncertain, ...], catalogue: Catalogue, draws: int,
                seed: int) -> pd.DataFrame:
    """One row per draw, one column per uncertain parameter: the values each draw runs with,
    kept inside the catalogue's bounds (a 40% fall never makes a price negative)."""
    groups = list(dict.fromkeys(u.draw_group for u in inputs))
    uniform = np.random.default_rng(seed).random((draws, len(groups)))
    columns = {}
    for u in inputs:
        p = catalogue[u.key]
        drawn = quantile(u, float(values[u.key]), uniform[:, groups.index(u.draw_group)])
        columns[u.key] = np.clip(drawn, p.minimum if p.minimum is not None else -np.inf,
                                 p.maximum if p.maximum is not None else np.inf)
    return pd.DataFrame(columns, index=pd.RangeIndex(draws, name="draw"))
