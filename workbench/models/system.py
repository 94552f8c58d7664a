"""One study year of the power system: plants, fuel costs and existing consumers' demand.

Everything here is a function of the scenario's resolved parameter values, the data set
and the year's position in the horizon; nothing is dispatched yet.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

import numpy as np
import pandas as pd

from workbench.core.dataset import MONTHS, DataSet
from workbench.models.problem import NORTH, SOUTH

BASE_FY = 2025  # the data set's base year: demand and hydro are FY2025 actuals
SUMMER = {"may", "jun", "jul", "aug", "sep"}
PLANT_COLUMNS = ("technology", "zone", "dispatch", "capacity_mw", "availability", "fuel_limit", "must_run",
                 "min_output_mw", "heat_rate", "fuel", "vom", "co2", "capacity_payment", "usd_indexed_share")
# Scenario parameter that sets each fuel's price, and how the price converts to PKR/kWh.
FUEL_PRICE = {"rlng": ("rlng_price_usd_per_mmbtu", "USD/MMBtu"), "imported_coal": ("coal_price_usd_per_t", "USD/t"),
              "rfo": ("rfo_price_usd_per_mmbtu", "USD/MMBtu"),
              "local_gas": ("local_gas_price_pkr_per_mmbtu", "PKR/MMBtu"),
              "thar_lignite": ("thar_fuel_cost_pkr_per_kwh", "PKR/kWh")}


@dataclass(frozen=True, eq=False)
class Calendar:
    month: np.ndarray  # (H,) 0 = July
    hour_of_day: np.ndarray  # (H,)
    day: np.ndarray  # (H,) 1..365

    @property
    def hours_per_month(self) -> np.ndarray:
        return np.bincount(self.month, minlength=12)


@lru_cache(maxsize=8)
def calendar(dataset: DataSet) -> Calendar:
    h = dataset.hourly
    month = h["month"].map({m: i for i, m in enumerate(MONTHS)}).to_numpy()
    return Calendar(month, h["hour_of_day"].to_numpy(), h["day"].to_numpy())


@lru_cache(maxsize=8)
def profiles(dataset: DataSet) -> dict[str, np.ndarray]:
    """Hourly must-take shapes by dispatch kind, and rooftop solar, as arrays (read-only)."""
    h = dataset.hourly
    month = calendar(dataset).month
    out = {"profile:wind": h["wind_cf"].to_numpy(), "profile:solar": h["solar_cf"].to_numpy(),
           "profile:bagasse": np.array(dataset.monthly("bagasse.availability"))[month],
           "rooftop": h["rooftop_cf"].to_numpy(), "demand_fy25": h["demand_fy25_mw"].to_numpy()}
    for a in out.values():
        a.flags.writeable = False
    return out


@dataclass(frozen=True, eq=False)
class Year:
    fy: int
    index: int  # 0 for the first study year
    zones: int
    plants: pd.DataFrame  # one row per plant or block, with fuel cost and SRMC
    base_demand: np.ndarray  # (Z, H) busbar MW of existing consumers
    transmission_loss: float
    distribution_loss: float


def fuel_cost_pkr_per_kwh(fuel: str, heat_rate: float, values: Mapping[str, Any], dataset: DataSet,
                          escalation: float) -> float:
    """Fuel cost of one kWh from a plant burning ``fuel`` at ``heat_rate`` Btu/kWh."""
    fx = values["pkr_per_usd"]
    if fuel == "none":
        return 0.0
    if fuel in FUEL_PRICE:
        key, unit = FUEL_PRICE[fuel]
        price = values[key]
    else:
        datum = dataset.datum(f"fuel.{fuel}.price")
        price, unit = float(datum.value), datum.unit
    price *= escalation
    if unit == "USD/MMBtu":
        return heat_rate * 1e-6 * price * fx
    if unit == "PKR/MMBtu":
        return heat_rate * 1e-6 * price
    if unit == "USD/t":
        return heat_rate * 1e-6 / dataset.number(f"fuel.{fuel}.heat_content") * price * fx
    if unit == "USD/MWh":
        return price / 1000 * fx
    if unit == "PKR/kWh":
        return price
    raise ValueError(f"fuel {fuel}: unknown price unit {unit}")


def plant_table(values: Mapping[str, Any], dataset: DataSet, fy: int, index: int) -> pd.DataFrame:
    rows = {}
    for pid in dataset.plant_ids():
        rows[pid] = {c: dataset.plant(pid, c) for c in PLANT_COLUMNS}
        rows[pid]["capacity_mw"] = values[f"plant.{pid}.capacity_mw"]
        rows[pid]["availability"] = values[f"plant.{pid}.availability"]
        rows[pid]["base_capacity_mw"] = rows[pid]["capacity_mw"]
    rows["rlng_ccgt"]["min_output_mw"] = values["rlng_take_or_pay_mw"]
    if values["include_pipeline"]:
        for project in dataset.pipeline.itertuples():
            if project.first_fy > fy:
                continue
            target = project.template if rows[project.template]["zone"] == project.zone else \
                f"{project.template}_{project.zone}"
            if target not in rows:
                rows[target] = {**rows[project.template], "zone": project.zone, "capacity_mw": 0.0,
                                "base_capacity_mw": 0.0, "capacity_payment": 0.0, "min_output_mw": 0.0}
            rows[target]["capacity_mw"] = max(0.0, rows[target]["capacity_mw"] + project.capacity_mw)
    table = pd.DataFrame.from_dict(rows, orient="index")
    for col in ("capacity_mw", "availability", "fuel_limit", "min_output_mw", "heat_rate", "vom", "co2",
                "capacity_payment", "usd_indexed_share", "base_capacity_mw"):
        table[col] = table[col].astype(float)
    table["must_run"] = table["must_run"].astype(float) > 0
    if values["zones"] == "single":
        table["zone"] = "north"
    escalation = (1 + values["fuel_escalation_pct"] / 100) ** index
    table["fuel_cost"] = [fuel_cost_pkr_per_kwh(f, hr, values, dataset, escalation)
                          for f, hr in zip(table["fuel"], table["heat_rate"])]
    table["srmc"] = table["fuel_cost"] + table["vom"]
    imported_share = [dataset.number(f"fuel.{f}.imported_share") for f in table["fuel"]]
    # USD per MWh of output spent on imported fuel.
    table["imported_fuel_usd_per_mwh"] = table["fuel_cost"] * 1000 * np.array(imported_share) / values["pkr_per_usd"]
    table["zone_index"] = np.where(table["zone"] == "south", SOUTH, NORTH)
    return table


def base_demand(values: Mapping[str, Any], dataset: DataSet, cal: Calendar, fy: int, index: int,
                zones: int) -> tuple[np.ndarray, float, float]:
    """Busbar demand of existing consumers (Z, H) MW, and the transmission and DISCO loss rates.

    FY2025 generation is taken back to the meter with FY2025 losses, grown, reduced by
    rooftop solar beyond the FY2025 level, raised by suppressed summer demand, and grossed
    up again with the scenario's losses.
    """
    lt0, ld0 = dataset.number("losses.transmission_pct") / 100, dataset.number("losses.disco_td_pct") / 100
    lt, ld = values["transmission_losses_pct"] / 100, values["disco_losses_pct"] / 100
    shapes = profiles(dataset)
    metered = shapes["demand_fy25"] * (1 - lt0) * (1 - ld0)
    metered = metered * (1 + values["demand_growth_pct"] / 100) ** (fy - BASE_FY)
    summer = np.isin(np.array(MONTHS)[cal.month], list(SUMMER))
    metered = metered * np.where(summer, 1 + values["summer_demand_uplift_pct"] / 100, 1.0)
    rooftop = values["rooftop_solar_mw"] + values["rooftop_growth_mw_per_yr"] * index
    extra_rooftop = (rooftop - dataset.number("solar.rooftop_mw_fy25")) * shapes["rooftop"]
    busbar = np.maximum(metered - extra_rooftop, 0.0) / ((1 - lt) * (1 - ld))
    if zones == 1:
        return busbar[None, :], lt, ld
    north = dataset.number("demand.north_share")
    return np.stack([busbar * north, busbar * (1 - north)]), lt, ld


def build_year(values: Mapping[str, Any], dataset: DataSet, cal: Calendar, index: int) -> Year:
    fy = int(values["study_first_fy"]) + index
    zones = 1 if values["zones"] == "single" else 2
    demand, lt, ld = base_demand(values, dataset, cal, fy, index, zones)
    return Year(fy, index, zones, plant_table(values, dataset, fy, index), demand, lt, ld)
