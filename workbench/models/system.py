"""One study year of the power system: plants, fuel costs and existing consumers' demand.

Everything here is a function of the scenario's resolved parameter values, the data set
and the year's position in the horizon; nothing is dispatched yet.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Mapping

import numpy as np
import pandas as pd

from workbench.core.dataset import MONTHS, DataSet, in_months
from workbench.core.scenario_values import ScenarioValues
from workbench.models.problem import NORTH, SOUTH

BASE_FY = 2025  # the data set's base year: demand and hydro are FY2025 actuals
# Fuel prices and rooftop solar in the scenario are as at the start of FY2026 (the data's latest
# quotes); escalation and rooftop growth count from there, whatever year a study starts in.
PRICE_FY = 2026
SUMMER = {"may", "jun", "jul", "aug", "sep"}
NUMERIC_COLUMNS = {"capacity_mw", "availability", "fuel_limit", "must_run", "min_output_mw", "heat_rate", "vom", "co2",
                   "capacity_payment", "usd_indexed_share", "base_capacity_mw", "payment_per_mw"}
PLANT_COLUMNS = ("technology", "zone", "dispatch", "capacity_mw", "availability", "fuel_limit", "must_run",
                 "min_output_mw", "heat_rate", "fuel", "vom", "co2", "capacity_payment", "usd_indexed_share")


def scenario_fuel_price(values: ScenarioValues, fuel: str) -> tuple[float, str] | None:
    """The scenario's price of a fuel and its unit (which says how it converts to PKR/kWh); None when the
    data set's price applies (fuels without a scenario parameter)."""
    prices = {"rlng": (values.rlng_price_usd_per_mmbtu, "USD/MMBtu"),
              "imported_coal": (values.coal_price_usd_per_t, "USD/t"),
              "rfo": (values.rfo_price_usd_per_mmbtu, "USD/MMBtu"),
              "local_gas": (values.local_gas_price_pkr_per_mmbtu, "PKR/MMBtu"),
              "thar_lignite": (values.thar_fuel_cost_pkr_per_kwh, "PKR/kWh")}
    return prices.get(fuel)


@dataclass(frozen=True, eq=False)
class Calendar:
    month: np.ndarray  # (H,) 0 = July
    hour_of_day: np.ndarray  # (H,)
    day: np.ndarray  # (H,) 1..365
    summer: np.ndarray  # (H,) bool, May-September

    @property
    def hours_per_month(self) -> np.ndarray:
        return np.bincount(self.month, minlength=12)


@lru_cache(maxsize=8)
def calendar(dataset: DataSet) -> Calendar:
    h = dataset.hourly
    month = h["month"].map({m: i for i, m in enumerate(MONTHS)}).to_numpy()
    summer = in_months(month, SUMMER)
    return Calendar(month, h["hour_of_day"].to_numpy(), h["day"].to_numpy(), summer)


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
    plant_ids: tuple[str, ...]
    plant_data: Mapping[str, np.ndarray]  # one array per attribute, one entry per plant or block
    thermal_rows: np.ndarray  # positions of the merit-order units, in dispatch order
    base_demand: np.ndarray  # (Z, H) busbar MW of existing consumers
    transmission_loss: float
    distribution_loss: float

    def col(self, name: str) -> np.ndarray:
        """One plant attribute for every plant (the per-year hot path reads these, not the frame)."""
        return self.plant_data[name]

    @cached_property
    def plants(self) -> pd.DataFrame:
        """The plant table as a frame, for reports (built on first use)."""
        return pd.DataFrame(dict(self.plant_data), index=list(self.plant_ids))


def fuel_cost_pkr_per_kwh(fuel: str, heat_rate: Any, values: ScenarioValues, dataset: DataSet,
                          escalation: float) -> Any:
    """Fuel cost of one kWh from a plant burning ``fuel`` at ``heat_rate`` Btu/kWh (a float, or an array
    of the plants burning it: the same arithmetic, element by element)."""
    fx = values.pkr_per_usd
    if fuel == "none":
        return 0.0
    own = scenario_fuel_price(values, fuel)
    if own is not None:
        price, unit = own
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


@lru_cache(maxsize=8)
def _plant_defaults(dataset: DataSet) -> tuple[dict[str, dict[str, Any]], tuple[tuple[Any, ...], ...]]:
    """The data set's plant attributes and pipeline, read once (the data set is immutable)."""
    # Attributes are text (technology, zone, fuel) or numbers, column by column.
    plants: dict[str, dict[str, Any]] = {pid: {c: dataset.plant(pid, c) for c in PLANT_COLUMNS}
                                         for pid in dataset.plant_ids()}
    for attrs in plants.values():  # FY2025 capacity payment per MW of the data set's capacity
        attrs["payment_per_mw"] = attrs["capacity_payment"] / attrs["capacity_mw"] if attrs["capacity_mw"] else 0.0
    pipeline = tuple(dataset.pipeline[["template", "zone", "capacity_mw", "first_fy"]].itertuples(index=False))
    return plants, pipeline


PlantTable = tuple[tuple[str, ...], dict[str, np.ndarray]]


def study_plant_tables(values: ScenarioValues, dataset: DataSet) -> dict[int, PlantTable]:
    """Every study year's plant table, by fiscal year: made once, for the feasibility check and the run."""
    first = int(values.study_first_fy)
    return {fy: plant_table(values, dataset, fy) for fy in range(first, first + int(values.study_years))}


def plant_table(values: ScenarioValues, dataset: DataSet, fy: int) -> PlantTable:
    """Plant ids and their attributes for one fiscal year: overrides, pipeline, fuel costs, SRMC."""
    defaults, pipeline = _plant_defaults(dataset)
    rows = {}
    for pid, attrs in defaults.items():
        capacity = values.plant_capacity_mw.get(pid, attrs["capacity_mw"])
        rows[pid] = {**attrs, "capacity_mw": capacity, "base_capacity_mw": capacity,
                     "availability": values.plant_availability.get(pid, attrs["availability"])}
    rows["rlng_ccgt"]["min_output_mw"] = values.rlng_take_or_pay_mw
    if values.include_pipeline:
        for template, zone, capacity, first_fy in pipeline:
            if first_fy > fy:
                continue
            target = template if rows[template]["zone"] == zone else f"{template}_{zone}"
            if target not in rows:  # same technology in the other zone: a block of its own
                rows[target] = {**rows[template], "zone": zone, "capacity_mw": 0.0, "base_capacity_mw": 0.0,
                                "capacity_payment": 0.0, "min_output_mw": 0.0}
            rows[target]["capacity_mw"] = max(0.0, rows[target]["capacity_mw"] + capacity)
    columns = {c: [r[c] for r in rows.values()] for c in (*PLANT_COLUMNS, "base_capacity_mw", "payment_per_mw")}
    # In the columns' own order, not the set's (which changes with each process's string hashing).
    numeric = {c: np.array(v, dtype=float) for c, v in columns.items() if c in NUMERIC_COLUMNS}
    zone = ["north"] * len(rows) if values.zones == "single" else columns["zone"]
    escalation = (1 + values.fuel_escalation_pct / 100) ** max(fy - PRICE_FY, 0)
    fuel = np.array(columns["fuel"], dtype=object)
    fuel_cost, imported_share = np.zeros(len(rows)), np.zeros(len(rows))
    for f in dict.fromkeys(columns["fuel"]):  # each fuel's price and unit looked up once
        burning = fuel == f
        fuel_cost[burning] = fuel_cost_pkr_per_kwh(f, numeric["heat_rate"][burning], values, dataset, escalation)
        imported_share[burning] = dataset.number(f"fuel.{f}.imported_share")
    return tuple(rows), {
        **{c: np.array(columns[c], dtype=object) for c in PLANT_COLUMNS if c not in NUMERIC_COLUMNS}, **numeric,
        "zone": np.array(zone, dtype=object), "must_run": numeric["must_run"] > 0, "fuel_cost": fuel_cost,
        "srmc": fuel_cost + numeric["vom"],
        # USD per MWh of output spent on imported fuel.
        "imported_fuel_usd_per_mwh": fuel_cost * 1000 * imported_share / values.pkr_per_usd,
        "zone_index": np.where(np.array(zone) == "south", SOUTH, NORTH),
    }


def base_demand(values: ScenarioValues, dataset: DataSet, cal: Calendar, fy: int,
                zones: int) -> tuple[np.ndarray, float, float]:
    """Busbar demand of existing consumers (Z, H) MW, and the transmission and DISCO loss rates.

    FY2025 generation is taken back to the meter with FY2025 losses, grown, reduced by
    rooftop solar beyond the FY2025 level, raised by suppressed summer demand, and grossed
    up again with the scenario's losses.
    """
    lt0, ld0 = dataset.number("losses.transmission_pct") / 100, dataset.number("losses.disco_td_pct") / 100
    lt, ld = values.transmission_losses_pct / 100, values.disco_losses_pct / 100
    shapes = profiles(dataset)
    metered = shapes["demand_fy25"] * (1 - lt0) * (1 - ld0)
    metered = metered * (1 + values.demand_growth_pct / 100) ** (fy - BASE_FY)
    metered = metered * np.where(cal.summer, 1 + values.summer_demand_uplift_pct / 100, 1.0)
    rooftop = values.rooftop_solar_mw + values.rooftop_growth_mw_per_yr * max(fy - PRICE_FY, 0)
    extra_rooftop = (rooftop - dataset.number("solar.rooftop_mw_fy25")) * shapes["rooftop"]
    busbar = np.maximum(metered - extra_rooftop, 0.0) / ((1 - lt) * (1 - ld))
    if zones == 1:
        return busbar[None, :], lt, ld
    north = dataset.number("demand.north_share")
    return np.stack([busbar * north, busbar * (1 - north)]), lt, ld


def build_year(values: ScenarioValues, dataset: DataSet, cal: Calendar, index: int,
               table: PlantTable | None = None) -> Year:
    """Study year ``index``; ``table``: its plant table, when the caller has made it already."""
    fy = int(values.study_first_fy) + index
    zones = 1 if values.zones == "single" else 2
    demand, lt, ld = base_demand(values, dataset, cal, fy, zones)
    ids, data = plant_table(values, dataset, fy) if table is None else table
    thermal_rows = np.flatnonzero(data["dispatch"] == "thermal")
    return Year(fy, index, zones, ids, data, thermal_rows, demand, lt, ld)
