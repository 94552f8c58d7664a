"""The state-mining run step: a sovereign bitcoin reserve fed by the grid run, against selling the power.

A large load of kind ``state_mining`` is the state's own machines on the load's power. For
every study month this step takes, from the dispatch already run:
  energy   the MWh the load received at its meter;
  cost     the incremental energy cost the grid bears (scenario minus baseline dispatch, by
           month: hydro moves water between hours, never between months), shared between the
           new loads by their served MWh weighted by the hour's marginal cost, plus the
           network charge, the machines (written off straight-line over their life, renewed at
           the same price, installed as the load phases in) and operations;
  bitcoin  the fleet's share of each month's issuance (models/state_mining.py), with the block
           subsidy halving at each halving date and the rest of the network growing by a rate;
  tariff   what the same energy would bill at the load's tariff scheme (the option of selling
           it), and what a private buyer would pay of that bill.
Plain numbers and numpy; no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

import numpy as np
import pandas as pd

from workbench.core.dataset import DataSet
from workbench.core.large_load import LargeLoad
from workbench.core.scenario_values import ScenarioValues
from workbench.models import large_loads as ll
from workbench.models.grid import GridRun, YearDispatch
from workbench.models.load_tariffs import billed_pkr, hourly_price, peak_hours
from workbench.models.state_mining import ReserveOption, btc_accrued, fleet_th_s, subsidy_btc

STATE_MINING = "state_mining"
HALVINGS_AHEAD = 6  # halvings counted from the next one: 24 years, beyond any study horizon


def is_state_mining(load: LargeLoad) -> bool:
    return load.kind == STATE_MINING


@dataclass(frozen=True, eq=False)
class ReserveRun:
    months: list[date]  # first day of each study month, July of the first fiscal year onwards
    fy: np.ndarray  # fiscal year of each month
    option: ReserveOption
    price_usd: np.ndarray  # bitcoin price path used to value each month's bitcoin
    network_eh_s: np.ndarray  # the rest of the network
    subsidy: np.ndarray  # BTC per block in force
    fleet_eh_s: float  # the state's machines at full power
    mw: float
    price_fall: float  # fraction, for the fiscal exposure

    def year(self, fy: int) -> "ReserveRun":
        """The months of one fiscal year."""
        mask = self.fy == fy
        option = replace(self.option, **{f.name: getattr(self.option, f.name)[mask]
                                         for f in fields(self.option) if isinstance(getattr(self.option, f.name),
                                                                                      np.ndarray)})
        return replace(self, months=[m for m, keep in zip(self.months, mask) if keep], fy=self.fy[mask],
                       option=option, price_usd=self.price_usd[mask], network_eh_s=self.network_eh_s[mask],
                       subsidy=self.subsidy[mask])


def study_months(first_fy: int, years: int) -> list[date]:
    """July of FY-1 to June of FY, for each study year."""
    return [date(fy - 1 + (m >= 6), (m + 6) % 12 + 1, 1) for fy in range(first_fy, first_fy + years)
            for m in range(12)]


def halving_dates(dataset: DataSet) -> list[date]:
    """The next halving's month (data set) and those after it, one interval apart."""
    year, month = (int(part) for part in dataset.text("bitcoin.next_halving").split("-"))
    step = int(dataset.number("bitcoin.halving_interval_years"))
    return [date(year + k * step, month, 1) for k in range(HALVINGS_AHEAD)]


def _by_month(cal_month: np.ndarray, hourly: np.ndarray) -> np.ndarray:
    return np.bincount(cal_month, weights=hourly, minlength=12)


def _year_parts(yd: YearDispatch, loads: tuple[LargeLoad, ...], values: ScenarioValues,
                dataset: DataSet, cal_month: np.ndarray, peak: np.ndarray) -> dict[str, np.ndarray]:
    """One study year, by month: each state-mining load's energy, attributed energy cost, bills."""
    year, solution = yd.year, yd.solution
    added_cost = _by_month(cal_month, solution.hourly_energy_cost_pkr(yd.problem)
                           - yd.baseline.hourly_energy_cost_pkr(yd.baseline_problem))
    # Each load's claim on the month's added cost: its served MW weighted by its zone's marginal cost.
    weights = [_by_month(cal_month, o.served * solution.marginal_cost[o.zone]) for o in yd.loads]
    served = [_by_month(cal_month, o.served) for o in yd.loads]
    total_weight, total_served = sum(weights), sum(served)
    fx = values.pkr_per_usd
    parts: dict[str, list[np.ndarray]] = {k: [] for k in (
        "energy_mwh", "th", "energy_cost", "network", "machines", "operations", "billed", "collected")}
    for i, (load, outcome) in enumerate(zip(loads, yd.loads)):
        if not is_state_mining(load):
            continue
        share_h = ll.meter_share(load, year.transmission_loss, year.distribution_loss)
        metered = outcome.served * share_h
        monthly = _by_month(cal_month, metered)
        claim = np.divide(weights[i], total_weight, out=np.zeros(12), where=total_weight > 0)
        by_energy = np.divide(served[i], total_served, out=np.zeros(12), where=total_served > 0)
        claim = np.where(total_weight > 0, claim, by_energy)  # hours at zero marginal cost: by energy
        price = hourly_price(load, values, solution.marginal_cost[outcome.zone], peak)
        bill = _by_month(cal_month, price * metered) * 1000
        minimum = billed_pkr(load, price, metered, outcome.offered * share_h) - bill.sum()  # take-or-pay top-up
        offered = _by_month(cal_month, outcome.offered * share_h)
        bill = bill + minimum * (offered / offered.sum() if offered.sum() > 0 else np.full(12, 1 / 12))
        installed = ll.phasing(load, np.arange(12), year.index)  # share of the fleet bought by each month
        machines_usd = fleet_th_s(load.mw, load.machine_efficiency_j_per_th) * load.machine_price_usd_per_th
        parts["energy_mwh"].append(monthly)
        parts["th"].append(monthly / load.machine_efficiency_j_per_th)  # MWh per J/TH: hashing, up to a constant
        parts["energy_cost"].append(added_cost * claim)
        parts["network"].append(monthly * 1000 * values.tmo_charge_pkr_per_kwh)
        parts["machines"].append(installed * machines_usd / (load.machine_life_years * 12) * fx)
        parts["operations"].append(monthly * load.operations_usd_per_mwh * fx)
        parts["billed"].append(bill)
        parts["collected"].append(bill * load.payment_recovery_pct / 100)
    return {k: np.sum(v, axis=0) for k, v in parts.items()}


def reserve_run(run: GridRun, loads: tuple[LargeLoad, ...], values: ScenarioValues,
                dataset: DataSet) -> ReserveRun | None:
    """The reserve option over the study horizon, or None when the scenario has no state mining."""
    state = [load for load in loads if is_state_mining(load)]
    if not state:
        return None
    cal = run.calendar
    peak = peak_hours(dataset)
    years = [_year_parts(yd, loads, values, dataset, cal.month, peak) for yd in run.years]
    joined = {k: np.concatenate([y[k] for y in years]) for k in years[0]}
    first_fy = int(values.study_first_fy)
    months = study_months(first_fy, len(run.years))
    elapsed = np.arange(len(months)) / 12  # years since the study's first month
    network = values.network_hashrate_eh_s * (1 + values.network_hashrate_growth_pct / 100) ** elapsed
    subsidy = subsidy_btc(months, values.block_reward_btc, halving_dates(dataset))
    days = np.tile(cal.hours_per_month / 24, len(run.years))  # the dispatch's days, 365 a year
    # Fleets of different efficiency hash E/e each; at "1 J/TH" the formula takes their sum.
    btc = btc_accrued(joined["th"], months, 1.0, network, subsidy, values.fee_share_pct / 100, days)
    billed = float(joined["billed"].sum())
    option = ReserveOption(
        energy_mwh=joined["energy_mwh"], btc=btc, energy_cost_pkr=joined["energy_cost"], network_pkr=joined["network"],
        machines_pkr=joined["machines"], operations_pkr=joined["operations"], tariff_revenue_pkr=joined["billed"],
        pkr_per_usd=values.pkr_per_usd, recovery=float(joined["collected"].sum()) / billed if billed > 0 else 1.0)
    price = values.btc_price_usd * (1 + values.btc_price_growth_pct / 100) ** elapsed
    fleet = sum(fleet_th_s(load.mw, load.machine_efficiency_j_per_th) for load in state) / 1e6
    return ReserveRun(months, np.repeat(np.arange(first_fy, first_fy + len(run.years)), 12), option, price,
                      network, subsidy, fleet, sum(float(load.mw) for load in state),
                      values.btc_price_fall_pct / 100)


def _measures(rr: ReserveRun) -> dict[str, float]:
    """The reserve's numbers over the months of ``rr`` (PKR bn, USD, BTC)."""
    o = rr.option
    value = float(o.value_pkr(rr.price_usd).sum())
    cost = float(o.cost_pkr.sum())
    btc = float(o.btc.sum())
    energy = float(o.energy_mwh.sum())
    out = {"btc": btc, "cost_pkr_bn": cost / 1e9, "value_pkr_bn": value / 1e9, "net_pkr_bn": (value - cost) / 1e9,
           "tariff_contribution_pkr_bn": o.tariff_contribution_pkr / 1e9}
    if btc > 0:
        out["break_even_btc_usd"] = o.break_even_btc_usd
    if energy > 0 and o.recovery > 0:  # no tariff breaks even for a buyer who pays nothing
        out["break_even_tariff_pkr_per_kwh"] = o.break_even_tariff_pkr_per_kwh
    return out


def reserve_keys(rr: ReserveRun) -> dict[str, float]:
    """Key results: the first study year (as every headline), and sums over a longer horizon."""
    first = rr.year(int(rr.fy[0]))
    o = first.option
    m = _measures(first)
    value = m["value_pkr_bn"]
    energy_kwh = float(o.energy_mwh.sum()) * 1000
    keys = {
        "reserve_state_mining_mw": rr.mw, "reserve_fleet_eh_s": rr.fleet_eh_s,
        "reserve_energy_gwh": energy_kwh / 1e6, "reserve_btc_per_year": m["btc"],
        "reserve_energy_cost_pkr_bn": float(o.energy_cost_pkr.sum()) / 1e9,
        "reserve_network_pkr_bn": float(o.network_pkr.sum()) / 1e9,
        "reserve_machines_pkr_bn": float(o.machines_pkr.sum()) / 1e9,
        "reserve_operations_pkr_bn": float(o.operations_pkr.sum()) / 1e9,
        "reserve_cost_pkr_bn": m["cost_pkr_bn"], "reserve_cost_usd_m": m["cost_pkr_bn"] * 1e3 / o.pkr_per_usd,
        "reserve_value_pkr_bn": value, "reserve_net_pkr_bn": m["net_pkr_bn"],
        "reserve_value_change_after_price_fall_pkr_bn": -rr.price_fall * value,
        "reserve_net_after_price_fall_pkr_bn": m["net_pkr_bn"] - rr.price_fall * value,
        "reserve_tariff_revenue_pkr_bn": float(o.tariff_revenue_pkr.sum()) * o.recovery / 1e9,
        "reserve_tariff_contribution_pkr_bn": m["tariff_contribution_pkr_bn"],
        "reserve_mining_advantage_pkr_bn": m["net_pkr_bn"] - m["tariff_contribution_pkr_bn"],
    }
    if m["btc"] > 0:
        keys["reserve_break_even_btc_usd"] = m["break_even_btc_usd"]
        keys["reserve_btc_price_usd"] = value * 1e9 / o.pkr_per_usd / m["btc"]  # the path's average, BTC-weighted
    if energy_kwh > 0:
        keys["reserve_tariff_pkr_per_kwh"] = float(o.tariff_revenue_pkr.sum()) / energy_kwh
    if "break_even_tariff_pkr_per_kwh" in m:
        keys["reserve_break_even_tariff_pkr_per_kwh"] = m["break_even_tariff_pkr_per_kwh"]
    if len(set(rr.fy)) > 1:
        whole = _measures(rr)
        keys.update({f"horizon_reserve_{k}": v for k, v in whole.items() if k != "break_even_tariff_pkr_per_kwh"})
    return keys


def reserve_frames(rr: ReserveRun) -> dict[str, pd.DataFrame]:
    """By month and by fiscal year: bitcoin, costs, value and the tariff option (PKR bn, USD, BTC)."""
    o = rr.option
    monthly = pd.DataFrame({
        "month": [m.strftime("%b %Y") for m in rr.months], "fy": rr.fy, "energy_gwh": o.energy_mwh / 1000,
        "network_eh_s": rr.network_eh_s, "subsidy_btc": rr.subsidy, "btc": o.btc, "btc_price_usd": rr.price_usd,
        "energy_cost_pkr_bn": o.energy_cost_pkr / 1e9, "network_pkr_bn": o.network_pkr / 1e9,
        "machines_pkr_bn": o.machines_pkr / 1e9, "operations_pkr_bn": o.operations_pkr / 1e9,
        "cost_pkr_bn": o.cost_pkr / 1e9, "value_pkr_bn": o.value_pkr(rr.price_usd) / 1e9,
        "tariff_revenue_pkr_bn": o.tariff_revenue_pkr * o.recovery / 1e9})
    rows = []
    for fy in dict.fromkeys(int(y) for y in rr.fy):
        part = rr.year(fy)
        m = _measures(part)
        rows.append({"fy": fy, "energy_gwh": float(part.option.energy_mwh.sum()) / 1000, "btc": m["btc"],
                     "cost_pkr_bn": m["cost_pkr_bn"], "cost_usd_m": m["cost_pkr_bn"] * 1e3 / o.pkr_per_usd,
                     "value_pkr_bn": m["value_pkr_bn"], "net_pkr_bn": m["net_pkr_bn"],
                     "net_after_price_fall_pkr_bn": m["net_pkr_bn"] - rr.price_fall * m["value_pkr_bn"],
                     "break_even_btc_usd": m.get("break_even_btc_usd", np.nan),
                     "tariff_contribution_pkr_bn": m["tariff_contribution_pkr_bn"],
                     "break_even_tariff_pkr_per_kwh": m.get("break_even_tariff_pkr_per_kwh", np.nan)})
    return {"reserve_monthly": monthly, "reserve_years": pd.DataFrame(rows)}
