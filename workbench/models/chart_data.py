"""What each chart of the window shows, read from a run's result frames (no Qt, no copies of the year).

Every chart shows the first study year, hour by hour from 1 July. A time window is an hour range
[start, end) of that year; functions that take one return only its hours. Energy is in GWh, power
in MW, money in PKR: the units the result frames carry.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from workbench.core.dataset import HOURS_PER_YEAR, MONTHS
from workbench.core.palette import TECHNOLOGIES
from workbench.core.results import ScenarioResult

Window = tuple[int, int]


def first_year(result: ScenarioResult) -> pd.DataFrame:
    """The first study year's 8,760 hourly rows (a slice, not a copy)."""
    return result.frames["hourly"].iloc[:HOURS_PER_YEAR]


def year_start(fy: int) -> datetime:
    """FY2026 starts on 1 July 2025."""
    return datetime(fy - 1, 7, 1)


def hour_label(fy: int, hour: int, with_time: bool = True) -> str:
    moment = year_start(fy) + timedelta(hours=int(hour))
    return f"{moment:%a %d %b %Y}, {moment:%H}:00" if with_time else f"{moment:%d %b}"


def first_fy(result: ScenarioResult) -> int:
    return int(result.frames["hourly"]["fy"].to_numpy()[0])


@dataclass(frozen=True)
class Overview:
    demand_mw: np.ndarray  # existing consumers and the new loads as served
    available_mw: np.ndarray  # what could run (without the new loads), before the reserve
    headroom_mw: np.ndarray  # available minus demand minus the reserve, with the new loads


def overview(result: ScenarioResult, reserve_mw: float) -> Overview:
    hourly = first_year(result)
    demand = hourly["demand_mw"].to_numpy()
    return Overview(demand + hourly["large_load_served_mw"].to_numpy(),
                    hourly["headroom_before_mw"].to_numpy() + demand + reserve_mw,
                    hourly["headroom_after_mw"].to_numpy())


@dataclass(frozen=True)
class Dispatch:
    hours: np.ndarray
    generation_mw: dict[str, np.ndarray]  # technology -> MW, in stacking order, technologies that ran
    demand_mw: np.ndarray  # existing consumers
    new_loads_mw: np.ndarray  # served to the new loads
    shedding_mw: np.ndarray
    marginal_cost_pkr_per_kwh: np.ndarray  # the north zone's (where most demand is)


def dispatch(result: ScenarioResult, window: Window) -> Dispatch:
    start, end = window
    hourly = first_year(result).iloc[start:end]
    generation = {t: hourly[f"gen_{t}_mw"].to_numpy() for t in TECHNOLOGIES if f"gen_{t}_mw" in hourly}
    return Dispatch(np.arange(start, end), {t: mw for t, mw in generation.items() if mw.max() > 0.5},
                    hourly["demand_mw"].to_numpy(), hourly["large_load_served_mw"].to_numpy(),
                    hourly["unserved_mw"].to_numpy(), hourly["marginal_cost_north_pkr_per_kwh"].to_numpy())


def headroom(result: ScenarioResult, window: Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hours, spare capacity without and with the new loads (MW, after the reserve)."""
    start, end = window
    hourly = first_year(result).iloc[start:end]
    return np.arange(start, end), hourly["headroom_before_mw"].to_numpy(), hourly["headroom_after_mw"].to_numpy()


def surplus_grid(result: ScenarioResult) -> np.ndarray:
    """Lowest spare capacity with the new loads (MW), 12 months (July first) x 24 hours of the day."""
    hourly = first_year(result)  # months are codes ("jul"): the grid's rows follow MONTHS
    lowest = hourly.groupby(["month", "hour_of_day"])["headroom_after_mw"].min()
    return lowest.unstack("hour_of_day").reindex(index=list(MONTHS), columns=range(24)).to_numpy(dtype=float)


def monthly_energy(result: ScenarioResult) -> dict[str, np.ndarray]:
    """Technology -> GWh by month (July first), first study year, technologies that ran."""
    monthly = result.frames["monthly"].iloc[:12]
    out = {t: monthly[f"gen_{t}_gwh"].to_numpy() for t in TECHNOLOGIES if f"gen_{t}_gwh" in monthly}
    return {t: gwh for t, gwh in out.items() if gwh.sum() > 0.5}


def month_window(result: ScenarioResult, month: int) -> Window:
    """The hour range of a month (0 = July) of the first study year."""
    hours = np.flatnonzero(first_year(result)["month"].to_numpy() == MONTHS[month])
    return int(hours[0]), int(hours[-1]) + 1


def duration_curves(result: ScenarioResult) -> tuple[np.ndarray, np.ndarray]:
    """Demand sorted from the highest hour down, without and with the new loads (MW)."""
    hourly = first_year(result)
    demand = hourly["demand_mw"].to_numpy()
    return np.sort(demand)[::-1], np.sort(demand + hourly["large_load_served_mw"].to_numpy())[::-1]


def new_load_supply(result: ScenarioResult) -> pd.DataFrame:
    """GWh each technology adds to serve the new loads, by season (rows: technologies that add any)."""
    frame = result.frames["new_load_supply"].set_index("technology")
    seasons = [c for c in frame.columns if c != "year_gwh"]
    return frame.loc[frame["year_gwh"].abs() > 0.5, seasons]


def category_tariffs(result: ScenarioResult) -> pd.DataFrame:
    fy = first_fy(result)
    frame = result.frames["category_tariffs"]
    return frame[frame["fy"] == fy]


def typical_bills(result: ScenarioResult) -> pd.DataFrame:
    fy = first_fy(result)
    frame = result.frames["typical_bills"]
    return frame[frame["fy"] == fy]


def tariff_drivers(result: ScenarioResult) -> tuple[list[str], np.ndarray]:
    """The engine's decomposition of the uniform tariff change (PKR/kWh): the bars add up to the change."""
    fy = first_fy(result)
    frame = result.frames["tariff_drivers"]
    frame = frame[frame["fy"] == fy]
    return frame["driver"].tolist(), frame["pkr_per_kwh"].to_numpy()


def by_year(result: ScenarioResult, key: str) -> tuple[np.ndarray, np.ndarray]:
    """A key number for every fiscal year of the study."""
    years = result.frames["years"]
    return years["fy"].to_numpy(), years[key].to_numpy(dtype=float) if key in years else np.full(len(years), np.nan)
