"""New large loads: hourly demand from MW, load factor and phasing; curtailment rules.

A large load's busbar demand is MW x load factor x phasing, grossed up for transmission
losses (and distribution losses when it is served through a DISCO); data centres draw IT load
x PUE. Curtailable loads follow their rules (ERCOT-style large flexible loads): off in chosen
months, off in a daily window (all year or in chosen months), off when the marginal cost
exceeds a strike price, and cut back so that the system keeps at least a headroom threshold.
Price-responsive loads switch by the hourly tariff against the miners' break-even price: that
behaviour belongs to the miner model, which passes the online share in through ``online_share``.
"""
from __future__ import annotations

import numpy as np

from workbench.core.dataset import in_months
from workbench.core.large_load import LargeLoad
from workbench.models.problem import NORTH, SOUTH


def is_flexible(load: LargeLoad) -> bool:
    return load.flexible


def zone_of(load: LargeLoad, zones: int) -> int:
    return SOUTH if zones == 2 and load.zone == "south" else NORTH


def phasing(load: LargeLoad, month: np.ndarray, year_index: int) -> np.ndarray:
    """Share of contracted demand in each hour: 0 before the start, then a linear ramp."""
    months_in = year_index * 12 + month - load.start_month  # 0 in the first month of supply
    ramp = load.ramp_months
    share = np.clip((months_in + 1) / (ramp + 1), 0, 1) if ramp > 0 else (months_in >= 0).astype(float)
    return np.where(months_in >= 0, share, 0.0)


def requested_mw(load: LargeLoad, month: np.ndarray, year_index: int, transmission_loss: float,
                 distribution_loss: float) -> np.ndarray:
    """Busbar MW the load asks for in each hour, before any curtailment."""
    return grid_mw(load) * load.load_factor * phasing(load, month, year_index) / \
        meter_share(load, transmission_loss, distribution_loss)


def grid_mw(load: LargeLoad) -> float:
    """MW drawn at the connection: data centres draw IT load x PUE."""
    return load.mw * (load.pue if load.kind == "ai_data_centre" else 1.0)


def meter_share(load: LargeLoad, transmission_loss: float, distribution_loss: float) -> float:
    """Share of busbar energy that reaches the load's meter."""
    return (1 - transmission_loss) * ((1 - distribution_loss) if load.connection == "distribution" else 1)


def rule_allowed(load: LargeLoad, requested: np.ndarray, month: np.ndarray, hour_of_day: np.ndarray,
                 marginal_cost: np.ndarray, headroom: np.ndarray,
                 online_share: np.ndarray | None = None) -> np.ndarray:
    """MW a flexible load may draw after its rules, given the system before it is added.

    ``headroom`` is the spare capacity (available - demand - reserve) left for this load;
    ``marginal_cost`` is the marginal cost in the load's zone without it.
    """
    allowed = requested.copy()
    if load.flexibility == "price_responsive" and online_share is not None:
        allowed = allowed * online_share
    if load.curtail_months:
        off = in_months(month, load.curtail_months)
        allowed[off] = 0.0
    start, end = load.curtail_window_start_hour, load.curtail_window_end_hour
    if start is not None and end is not None and start != end:
        window = (hour_of_day >= start) & (hour_of_day < end) if start < end else \
            (hour_of_day >= start) | (hour_of_day < end)  # a window over midnight
        if load.curtail_window_months:
            window &= in_months(month, load.curtail_window_months)
        allowed[window] = 0.0
    strike = load.curtail_above_marginal_cost_pkr_per_kwh
    if strike is not None:
        allowed[marginal_cost > strike] = 0.0
    threshold = load.curtail_below_headroom_mw
    if threshold is not None:
        allowed = np.minimum(allowed, np.maximum(headroom - threshold, 0.0))
    return allowed
