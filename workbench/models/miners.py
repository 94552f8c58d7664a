"""Bitcoin miners' economics: break-even electricity price and the share of a fleet online.

A machine of efficiency e (J/TH) earns ``hashprice`` USD per PH/s per day and draws
e kW per PH/s, i.e. 24 e kWh a day, so it covers its electricity while the price is below
p* = hashprice / (24 e) USD/kWh (docs/methodology.md, section 4). A fleet is a mix of efficiency
classes; the share online at a given hourly price is the weight of the classes whose p* is at
least that price. Hashprice is given directly or derived from the bitcoin price and the
network hashrate: 144 blocks a day x block reward x BTC price / network PH/s.

``online_share_model`` is what the grid model asks of the miners: for a price-responsive mining
load, the share of its fleet online in each hour at that hour's tariff.
"""
from __future__ import annotations


import numpy as np

from workbench.core.dataset import DataSet
from workbench.core.large_load import LargeLoad
from workbench.core.scenario_values import ScenarioValues
from workbench.models.grid import OnlineShare
from workbench.models.load_tariffs import hourly_price, peak_hours
from workbench.models.system import Calendar, Year

BLOCKS_PER_DAY = 144
# [Estimate] Fleet mix around the scenario's typical efficiency: a quarter newer machines
# (S21-class, ~0.65x), half typical, a quarter older (~1.4x, near the surveyed 28.2 J/TH).
CLASS_FACTORS = np.array([0.65, 1.0, 1.41])
CLASS_WEIGHTS = np.array([0.25, 0.5, 0.25])


def hashprice(values: ScenarioValues) -> float:
    """USD per PH/s per day: given, or from BTC price and network hashrate."""
    if values.hashprice_source == "btc_price_and_hashrate":
        network_ph = values.network_hashrate_eh_s * 1000
        return BLOCKS_PER_DAY * values.block_reward_btc * values.btc_price_usd / network_ph
    return values.hashprice_usd_per_ph_day


def break_even_usd_per_kwh(hashprice_usd_per_ph_day: float, efficiency_j_per_th: float | np.ndarray) -> np.ndarray:
    """p* = hashprice / (24 x J/TH): the electricity price at which mining just pays for power."""
    price: np.ndarray = hashprice_usd_per_ph_day / (24.0 * np.asarray(efficiency_j_per_th, dtype=float))
    return price


def fleet_break_even(values: ScenarioValues, hashprice_factor: float = 1.0) -> np.ndarray:
    """Break-even price of each efficiency class, USD/kWh."""
    return break_even_usd_per_kwh(hashprice(values) * hashprice_factor,
                                  values.fleet_efficiency_j_per_th * CLASS_FACTORS)


def online_share(price_usd_per_kwh: np.ndarray, class_break_even: np.ndarray) -> np.ndarray:
    """Share of the fleet whose break-even is at or above each hour's price (0..1)."""
    price = np.asarray(price_usd_per_kwh, dtype=float)
    # A step function of price: look each hour up on the classes sorted by break-even, where the
    # classes from the first at or above the price onwards are the ones that run.
    order = np.argsort(class_break_even, kind="stable")
    running = np.append(np.cumsum(CLASS_WEIGHTS[order][::-1])[::-1], 0.0)
    if price.size and price.min() == price.max():  # a flat tariff: one look-up serves every hour
        return np.full(price.shape, running[np.searchsorted(class_break_even[order], price.flat[0], side="left")])
    share: np.ndarray = running[np.searchsorted(class_break_even[order], price, side="left")]
    return share


def average_online_share(price_usd_per_kwh: np.ndarray, class_break_even: np.ndarray, weights: np.ndarray) -> float:
    """The fleet's online share averaged over the hours with ``weights``; at a flat tariff, the one
    share itself (exactly: a weighted mean of a constant can be off in the last bit)."""
    price = np.asarray(price_usd_per_kwh, dtype=float)
    if price.size and price.min() == price.max():
        return float(online_share(price[:1], class_break_even)[0])
    return float(np.average(online_share(price, class_break_even), weights=weights))


def online_share_model(values: ScenarioValues, dataset: DataSet, cal: Calendar) -> OnlineShare:
    """The grid model's seam: miners on a price-responsive contract run only in the hours when
    their tariff is below their break-even (other kinds of load stay on)."""
    fleet = fleet_break_even(values)
    peak = peak_hours(dataset)

    def share(load: LargeLoad, marginal_cost: np.ndarray, year: Year) -> np.ndarray:
        if load.kind != "crypto_mining":
            return np.ones_like(marginal_cost)
        price_usd = hourly_price(load, values, marginal_cost, peak) / values.pkr_per_usd
        return online_share(price_usd, fleet)
    return share
