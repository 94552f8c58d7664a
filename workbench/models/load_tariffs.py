"""What a large load pays, hour by hour, under its tariff scheme.

Schemes (docs/methodology.md, section 3):
  flat_pkr       a flat PKR/kWh;
  usd            a USD/kWh price, paid in rupees at the scenario's exchange rate;
  marginal_plus  the hour's marginal cost in the load's zone plus an adder;
  time_of_use    the peak price in NEPRA's four evening peak hours, the flat price otherwise;
  take_or_pay    the flat price on what it uses, but never less than the minimum share of
                 the energy the grid offered it (energy the grid itself cut is not billed).
Bills are on metered energy (after the losses of the load's connection).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from workbench.core.dataset import DataSet, in_months
from workbench.core.large_load import LargeLoad
from workbench.core.scenario_values import ScenarioValues
from workbench.models.system import calendar

WINTER_TOU = {"nov", "dec", "jan", "feb", "mar"}


@lru_cache(maxsize=8)  # the same for every run on a data set (frozen, hashed by identity): read-only
def peak_hours(dataset: DataSet) -> np.ndarray:
    """NEPRA's time-of-use peak in each hour of the data set's year: four evening hours, an hour earlier in winter."""
    cal = calendar(dataset)
    winter = in_months(cal.month, WINTER_TOU)
    out = np.zeros(cal.month.shape, dtype=bool)
    for season, mask in (("summer", ~winter), ("winter", winter)):
        start = dataset.number(f"tariff.tou_peak_start_hour.{season}")
        end = dataset.number(f"tariff.tou_peak_end_hour.{season}")
        out |= mask & (cal.hour_of_day >= start) & (cal.hour_of_day < end)
    out.flags.writeable = False
    return out


def hourly_price(load: LargeLoad, values: ScenarioValues, marginal_cost: np.ndarray,
                 peak: np.ndarray) -> np.ndarray:
    """PKR/kWh the load pays in each hour (before any take-or-pay minimum)."""
    scheme = load.tariff_scheme
    hours = marginal_cost.shape[0]
    if scheme == "usd":
        return np.full(hours, load.tariff_usd_per_kwh * values.pkr_per_usd)
    if scheme == "marginal_plus":
        return marginal_cost + load.tariff_adder_pkr_per_kwh
    if scheme == "time_of_use":
        return np.where(peak, load.tou_peak_pkr_per_kwh, load.tariff_pkr_per_kwh)
    return np.full(hours, load.tariff_pkr_per_kwh)  # flat_pkr and take_or_pay


def billed_pkr(load: LargeLoad, price: np.ndarray, metered_mwh: np.ndarray,
               offered_mwh: np.ndarray) -> float:
    """The year's bill: price x metered energy, with the take-or-pay minimum where it applies.

    ``offered_mwh`` is what the grid offered at the meter: the minimum applies to that, so a load
    pays for energy it chose not to take, never for energy the grid withheld."""
    energy_bill = float(price @ metered_mwh) * 1000
    if load.tariff_scheme != "take_or_pay":
        return energy_bill
    minimum_mwh = load.take_or_pay_share * float(offered_mwh.sum())
    shortfall_mwh = max(minimum_mwh - float(metered_mwh.sum()), 0.0)
    return energy_bill + shortfall_mwh * 1000 * load.tariff_pkr_per_kwh
