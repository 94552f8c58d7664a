"""Tidy frames and headline numbers from a grid run (units in column and key names).

Energy: MW for one hour is one MWh; GWh = sum(MW) / 1,000. Costs: PKR bn. CO2: Mt.
Headline keys describe the first study year; the annual frame has every year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.cancel import CancelToken
from workbench.core.dataset import MONTHS, DataSet
from workbench.models.grid import GridRun, YearDispatch
from workbench.models.problem import ZONE_NAMES, DispatchProblem, DispatchSolution
from workbench.models.system import SUMMER as SUMMER_MONTHS
from workbench.models.system import profiles

SUMMER, WINTER, SHOULDER = "summer (May-Sep)", "winter (Nov-Feb)", "spring/autumn (Mar, Apr, Oct)"
SEASON = np.array([SUMMER if m in SUMMER_MONTHS else
                   WINTER if m in ("nov", "dec", "jan", "feb") else SHOULDER for m in MONTHS])
# The hourly frame's month column points at these twelve strings: from a numpy string array pandas would
# make 8,760 str objects a year (0.44 MB of every cached result); the values and dtype are the same.
MONTH_NAMES = np.array(MONTHS, dtype=object)


def technology_output(yd: YearDispatch, dataset: DataSet, problem: DispatchProblem,
                      solution: DispatchSolution) -> dict[str, np.ndarray]:
    """Hourly MW by technology (hydro, nuclear, rlng, ..., wind, solar, bagasse); computed once per solution."""
    if "technology_mw" in solution.extra:
        cached: dict[str, np.ndarray] = solution.extra["technology_mw"]
        return cached
    year = yd.year
    technology, kind = year.col("technology"), year.col("dispatch")
    out: dict[str, np.ndarray] = {}
    thermal_technology = technology[year.thermal_rows]  # the problem's units, in order
    for tech in dict.fromkeys(thermal_technology):
        out[tech] = solution.unit_output[thermal_technology == tech].sum(axis=0)
    out["hydro"] = solution.hydro.sum(axis=0)
    # Must-take energy actually taken, split across the technologies that offered it.
    taken_share = np.divide(solution.must_take_used, problem.must_take, out=np.zeros_like(problem.must_take),
                            where=problem.must_take > 0)
    shapes = profiles(dataset)
    offered_mw = year.col("capacity_mw") * year.col("availability")
    for i in np.flatnonzero(np.char.startswith(kind.astype(str), "profile:")):
        taken = offered_mw[i] * shapes[kind[i]] * taken_share[year.col("zone_index")[i]]
        out[technology[i]] = out.get(technology[i], 0) + taken
    solution.extra["technology_mw"] = out
    return out


def costs(yd: YearDispatch, problem: DispatchProblem, solution: DispatchSolution) -> dict[str, float]:
    year = yd.year
    rows = year.thermal_rows  # the problem's units, in order
    mwh = solution.unit_mwh()
    dumped = solution.spill - (problem.must_take - solution.must_take_used)  # excess must-run output
    return {
        "energy_cost_pkr_bn": solution.energy_cost_pkr(problem) / 1e9,
        "fuel_imports_usd_m": float(mwh @ year.col("imported_fuel_usd_per_mwh")[rows]) / 1e6,
        "co2_mt": float(mwh @ year.col("co2")[rows]) / 1e6,
        "generation_gwh": float(mwh.sum() + solution.hydro.sum() + solution.must_take_used.sum()
                                - dumped.sum()) / 1000,
    }


def congestion_cost_pkr(problem: DispatchProblem, solution: DispatchSolution) -> float:
    """Extra cost caused by the corridor limit, against the same hours with an unlimited corridor."""
    congestion = solution.extra.get("congestion_pkr")  # by hour, from the fast dispatch (dispatch.py)
    return 0.0 if congestion is None else float(congestion.sum())


def load_totals(yd: YearDispatch) -> tuple[np.ndarray, np.ndarray]:
    """Hourly MW of all large loads: asked for and served."""
    hours = yd.problem.hours
    requested = sum((outcome.requested for outcome in yd.loads), np.zeros(hours))
    served = sum((outcome.served for outcome in yd.loads), np.zeros(hours))
    return requested, served


def surplus_account(yd: YearDispatch, month: np.ndarray, hour_of_day: np.ndarray) -> pd.DataFrame:
    """GWh of the new loads that existing plants could serve without shedding anyone,
    by month (rows) and hour of day (columns): min(asked for, headroom without them)."""
    requested, _ = load_totals(yd)
    servable = np.minimum(requested, np.maximum(yd.headroom_before, 0.0))
    table = np.zeros((12, 24))
    np.add.at(table, (month, hour_of_day), servable / 1000)
    return pd.DataFrame(table, index=pd.Index(MONTHS, name="month"), columns=pd.Index(range(24), name="hour"))


def hourly_frame(yd: YearDispatch, dataset: DataSet, month: np.ndarray, hour_of_day: np.ndarray) -> pd.DataFrame:
    p, s = yd.problem, yd.solution
    requested, served = load_totals(yd)
    columns = {
        "fy": np.full(p.hours, yd.year.fy), "month": MONTH_NAMES[month], "hour_of_day": hour_of_day,
        "demand_mw": yd.year.base_demand.sum(axis=0),
        "large_load_requested_mw": requested, "large_load_served_mw": served,
        "large_load_curtailed_mw": requested - served,
        "unserved_mw": s.unserved.sum(axis=0), "household_unserved_mw": yd.household_unserved.sum(axis=0),
        "marginal_cost_north_pkr_per_kwh": s.marginal_cost[0],
        "marginal_cost_south_pkr_per_kwh": s.marginal_cost[-1],
        "marginal_cost_before_pkr_per_kwh": yd.baseline.marginal_cost[0],
        "headroom_before_mw": yd.headroom_before, "headroom_after_mw": yd.headroom_after,
        "flow_south_north_mw": s.flow_south_to_north, "congested": s.extra["congested"],
        "spill_mw": s.spill.sum(axis=0),
    }
    for tech, mw in technology_output(yd, dataset, p, s).items():
        columns[f"gen_{tech}_mw"] = mw
    dumped = s.spill - (p.must_take - s.must_take_used)
    for z, zone in enumerate(ZONE_NAMES[:p.zones]):
        columns[f"gen_{zone}_total_mw"] = (s.unit_output[p.unit_zone == z].sum(axis=0) + s.hydro[z]
                                          + s.must_take_used[z] - dumped[z])
    rows = yd.year.thermal_rows
    columns["energy_cost_pkr"] = s.hourly_energy_cost_pkr(p)
    columns["fuel_imports_usd"] = s.unit_output.T @ yd.year.col("imported_fuel_usd_per_mwh")[rows]
    columns["co2_t"] = s.unit_output.T @ yd.year.col("co2")[rows]
    return pd.DataFrame(columns)


def monthly_frame(hourly: pd.DataFrame) -> pd.DataFrame:
    energy = [c for c in hourly.columns if c.endswith("_mw") and not c.startswith(("headroom", "flow"))]
    grouped = hourly.groupby(["fy", "month"], sort=False)
    out = grouped[energy].sum() / 1000
    out.columns = [c.removesuffix("_mw") + "_gwh" for c in energy]
    money = grouped[["energy_cost_pkr", "fuel_imports_usd", "co2_t"]].sum()
    out["energy_cost_pkr_bn"] = money["energy_cost_pkr"] / 1e9
    out["fuel_imports_usd_m"] = money["fuel_imports_usd"] / 1e6
    out["co2_mt"] = money["co2_t"] / 1e6
    out["min_headroom_before_mw"] = grouped["headroom_before_mw"].min()
    out["min_headroom_after_mw"] = grouped["headroom_after_mw"].min()
    out["shedding_hours"] = grouped["unserved_mw"].agg(lambda x: int((x > 0).sum()))
    out["congested_hours"] = grouped["congested"].sum()
    return out.reset_index()


def technology_frame(yd: YearDispatch, dataset: DataSet) -> pd.DataFrame:
    """Per technology for one year: capacity, energy with and without the loads, CF, costs, USD, CO2."""
    year, hours = yd.year, yd.problem.hours
    technology = year.col("technology")
    thermal_technology = technology[year.thermal_rows]  # the problem's units, in order
    after = technology_output(yd, dataset, yd.problem, yd.solution)
    before = technology_output(yd, dataset, yd.baseline_problem, yd.baseline)
    rows = []
    for tech in dict.fromkeys(technology):
        members, units = technology == tech, thermal_technology == tech
        thermal = year.thermal_rows[units]
        mwh = yd.solution.unit_mwh()[units]
        capacity = float(year.col("capacity_mw")[members].sum())
        energy = float(after.get(tech, np.zeros(1)).sum()) / 1000
        rows.append({
            "fy": year.fy, "technology": tech, "capacity_mw": capacity, "energy_gwh": energy,
            "energy_without_new_loads_gwh": float(before.get(tech, np.zeros(1)).sum()) / 1000,
            "capacity_factor_pct": 100 * energy * 1000 / (capacity * hours) if capacity else 0.0,
            # Non-thermal technologies pay fuel per kWh too (hydel water-use charge, bagasse).
            "fuel_cost_pkr_bn": float(mwh @ year.col("fuel_cost")[thermal]) / 1e6 if units.any()
            else energy * float(year.col("fuel_cost")[members].mean()) / 1e3,
            "imported_fuel_usd_m": float(mwh @ year.col("imported_fuel_usd_per_mwh")[thermal]) / 1e6,
            "co2_mt": float(mwh @ year.col("co2")[thermal]) / 1e6,
            "srmc_pkr_per_kwh": float(year.col("srmc")[thermal if units.any() else members].mean()),
        })
    frame = pd.DataFrame(rows)
    total = frame["energy_gwh"].sum()
    frame["share_pct"] = 100 * frame["energy_gwh"] / total if total else 0.0
    return frame


def new_load_supply(yd: YearDispatch, dataset: DataSet, month: np.ndarray) -> pd.DataFrame:
    """Which technologies serve the new loads, by season: GWh with minus GWh without."""
    after = technology_output(yd, dataset, yd.problem, yd.solution)
    before = technology_output(yd, dataset, yd.baseline_problem, yd.baseline)
    season = SEASON[month]
    rows = {}
    for tech in after:
        delta = after[tech] - before.get(tech, 0)
        rows[tech] = {s: float(delta[season == s].sum()) / 1000 for s in (SUMMER, SHOULDER, WINTER)}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "technology"
    frame["year_gwh"] = frame.sum(axis=1)
    return frame.reset_index()


def year_keys(yd: YearDispatch) -> dict[str, float]:
    p, s, p0, s0 = yd.problem, yd.solution, yd.baseline_problem, yd.baseline
    after, without = costs(yd, p, s), costs(yd, p0, s0)
    requested, served = load_totals(yd)
    technology = yd.year.col("technology")
    coal_idx = np.flatnonzero(technology[yd.year.thermal_rows] == "imported_coal")
    coal_capacity = yd.year.col("capacity_mw")[technology == "imported_coal"].sum()
    added_gwh = after["generation_gwh"] - without["generation_gwh"]
    unserved = s.unserved.sum(axis=0)
    keys = {
        "fy": float(yd.year.fy),
        "generation_gwh": after["generation_gwh"],
        "demand_gwh": float(yd.year.base_demand.sum()) / 1000,
        "unserved_energy_gwh": float(unserved.sum()) / 1000,
        "unserved_energy_without_new_loads_gwh": float(s0.unserved.sum()) / 1000,
        "added_unserved_energy_gwh": float(unserved.sum() - s0.unserved.sum()) / 1000,
        # Existing consumers (households, industry, ...) as against the new loads' own interruptions.
        "existing_consumers_unserved_gwh": float(yd.household_unserved.sum()) / 1000,
        "added_existing_consumers_unserved_gwh": float(yd.household_unserved.sum() - s0.unserved.sum()) / 1000,
        "shedding_hours": float((unserved > 0).sum()),
        "max_shedding_mw": float(unserved.max()),
        "energy_cost_pkr_bn": after["energy_cost_pkr_bn"],
        "energy_cost_without_new_loads_pkr_bn": without["energy_cost_pkr_bn"],
        "incremental_energy_cost_pkr_bn": after["energy_cost_pkr_bn"] - without["energy_cost_pkr_bn"],
        "large_load_requested_gwh": float(requested.sum()) / 1000,
        "large_load_served_gwh": float(served.sum()) / 1000,
        "large_load_curtailed_gwh": float((requested - served).sum()) / 1000,
        "fuel_imports_usd_m": after["fuel_imports_usd_m"],
        "incremental_fuel_imports_usd_m": after["fuel_imports_usd_m"] - without["fuel_imports_usd_m"],
        "co2_mt": after["co2_mt"],
        "marginal_co2_mt": after["co2_mt"] - without["co2_mt"],
        "marginal_co2_t_per_generated_mwh": (after["co2_mt"] - without["co2_mt"]) * 1000 / added_gwh
        if added_gwh > 1e-9 else 0.0,
        "average_co2_t_per_mwh": after["co2_mt"] * 1000 / after["generation_gwh"],
        "imported_coal_capacity_factor_pct": 100 * float(s.unit_mwh()[coal_idx].sum()) / (coal_capacity * p.hours)
        if coal_capacity else 0.0,
        "min_headroom_before_mw": float(yd.headroom_before.min()),
        "min_headroom_after_mw": float(yd.headroom_after.min()),
        "hours_headroom_below_zero": float((yd.headroom_after < 0).sum()),
        "congested_hours": float(s.extra["congested"].sum()),
        "congestion_cost_pkr_bn": congestion_cost_pkr(p, s) / 1e9,
        "average_marginal_cost_pkr_per_kwh": float((s.marginal_cost * p.firm_demand).sum() / p.firm_demand.sum()),
        "surplus_servable_gwh": float(np.minimum(requested, np.maximum(yd.headroom_before, 0)).sum()) / 1000,
    }
    return keys


def grid_frames(run: GridRun, dataset: DataSet, annual: list[dict[str, float]] | None = None,
                cancel: CancelToken | None = None) -> dict[str, pd.DataFrame]:
    """Tidy tables of a run; ``annual`` is each year's ``year_keys`` when the caller has them already."""
    cal = run.calendar
    parts = []
    for yd in run.years:  # a long horizon takes a while: stay cancellable year by year
        if cancel is not None:
            cancel.raise_if_cancelled()
        parts.append(hourly_frame(yd, dataset, cal.month, cal.hour_of_day))
    hourly = pd.concat(parts, ignore_index=True)
    del parts  # a year's frames are as big as the hourly one: they go before the other tables are built
    first = run.years[0]
    return {
        "hourly": hourly,
        "monthly": monthly_frame(hourly),
        "technology": pd.concat([technology_frame(yd, dataset) for yd in run.years], ignore_index=True),
        "annual": pd.DataFrame([year_keys(yd) for yd in run.years] if annual is None else annual),
        "surplus_account": surplus_account(first, cal.month, cal.hour_of_day),
        "new_load_supply": new_load_supply(first, dataset, cal.month),
        "plants": first.year.plants.reset_index(names="plant"),
    }
