"""The tariff, finance and miner model on top of a grid run (docs/methodology.md, sections 3-4).

For each study year, the scenario is settled twice: without its large loads (the automatic
baseline: same assumptions, no new loads) and with them. The difference is the incremental
analysis: incremental energy cost, the loads' bills and contribution to fixed cost, the
break-even and full-cost tariffs, the change in other consumers' tariffs and bills, subsidy,
circular debt, the IMF price-gap test, dollars and miners' economics.
"""
from __future__ import annotations

import math

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.core.dataset import DataSet
from workbench.core.large_load import LargeLoad
from workbench.core.scenario_values import ScenarioValues
from workbench.models import large_loads as ll
from workbench.models import miners
from workbench.models.finance import (Costs, Settlement, Volumes, bill_changes, bill_table, capacity_cost, policy_from,
                                      price_gap, settle, tariff_drivers, tariff_table)
from workbench.models.grid import GridRun, YearDispatch
from workbench.models.load_tariffs import billed_pkr, hourly_price, peak_hours
from workbench.models.problem import DispatchProblem, DispatchSolution
from workbench.models.system import Calendar

TOLERANCE_PKR = 1.0  # a rupee: below this a price gap is rounding


@dataclass(frozen=True)
class LoadBill:
    name: str
    kind: str
    scheme: str
    metered_mwh: float
    billed: float  # PKR
    collected: float
    network: float
    usd_billed: float  # USD billed under a dollar tariff (0 otherwise)
    online_share: float  # miners: share of the fleet that covers its power cost at this tariff
    online_share_stressed: float  # ... after the hashprice falls by the stress percentage
    contracted_mw: float = 0.0  # the MW the scenario assumes (IT load for data centres)
    requested_mwh: float = 0.0  # what it asked for this year, at its meter (0 before it starts)

    @property
    def effective_tariff(self) -> float:
        return self.billed / (self.metered_mwh * 1000) if self.metered_mwh > 0 else float("nan")

    @property
    def revenue_at_risk(self) -> float:
        """Bills lost if the fleet shrinks to the share still profitable after the hashprice fall."""
        if self.kind != "crypto_mining":
            return 0.0
        if self.online_share <= 0:
            return self.billed
        return self.billed * (1 - self.online_share_stressed / self.online_share)


@dataclass(frozen=True, eq=False)
class YearEconomics:
    fy: int
    baseline: Settlement
    scenario: Settlement
    loads: tuple[LoadBill, ...]
    usd_indexed_capacity_usd: float
    notified_average: float

    @property
    def metered_mwh(self) -> float:
        return sum(b.metered_mwh for b in self.loads)

    @property
    def incremental_energy(self) -> float:
        return self.scenario.costs.energy - self.baseline.costs.energy

    @property
    def network(self) -> float:
        return sum(b.network for b in self.loads)

    @property
    def billed(self) -> float:
        return sum(b.billed for b in self.loads)

    @property
    def collected(self) -> float:
        return sum(b.collected for b in self.loads)

    @property
    def recovery(self) -> float:
        """Share of the loads' bills actually paid."""
        return self.collected / self.billed if self.billed > 0 else 1.0

    @property
    def contribution(self) -> float:
        """What the large loads pay, minus the energy cost they add and their network charges.
        Unpaid bills do not contribute: they are a hidden subsidy and go to circular debt."""
        return self.collected - self.incremental_energy - self.network

    @property
    def marginal_cost(self) -> float:
        """PKR per metered kWh of serving the loads: added energy cost and network charges."""
        return (self.incremental_energy + self.network) / (self.metered_mwh * 1000)

    @property
    def break_even(self) -> float:
        """Flat tariff (PKR/kWh billed) at which the contribution is zero, given the loads' payment record;
        NaN (shown "n/a") when they pay nothing, as no tariff then recovers the cost."""
        return self.marginal_cost / self.recovery if self.recovery > 0 else math.nan

    @property
    def full_cost(self) -> float:
        """Tariff that also recovers an average share of capacity payments per kWh bought."""
        return (self.marginal_cost + self.scenario.ppp_capacity) / self.recovery if self.recovery > 0 else math.nan

    @property
    def effective_tariff(self) -> float:
        return self.billed / (self.metered_mwh * 1000)


def _volumes(yd: YearDispatch, solution: DispatchSolution, with_loads: bool, metered_mwh: float) -> Volumes:
    lt = yd.year.transmission_loss
    household_shed = yd.household_unserved if with_loads else solution.unserved
    other_busbar = float(yd.year.base_demand.sum() - household_shed.sum())
    loads_busbar = sum(float(o.served.sum()) for o in yd.loads) if with_loads else 0.0
    return Volumes(purchases_mwh=(other_busbar + loads_busbar) * (1 - lt),
                   other_purchases_mwh=other_busbar * (1 - lt), large_load_metered_mwh=metered_mwh)


def _bill_loads(yd: YearDispatch, loads: tuple[LargeLoad, ...], values: ScenarioValues, dataset: DataSet,
                cal: Calendar) -> tuple[LoadBill, ...]:
    year, solution = yd.year, yd.solution
    peak = peak_hours(dataset)
    fleet_now = miners.fleet_break_even(values)
    fleet_stressed = miners.fleet_break_even(values, 1 - values.hashprice_stress_pct / 100)
    bills = []
    for load, outcome in zip(loads, yd.loads):
        share = ll.meter_share(load, year.transmission_loss, year.distribution_loss)
        metered = outcome.served * share
        contracted = outcome.requested * share
        price = hourly_price(load, values, solution.marginal_cost[outcome.zone], peak)
        billed = billed_pkr(load, price, metered, outcome.offered * share)
        price_usd = price / values.pkr_per_usd
        weights = contracted if contracted.sum() > 0 else np.ones_like(contracted)
        now, stressed = (miners.average_online_share(price_usd, fleet, weights)
                         for fleet in (fleet_now, fleet_stressed))
        bills.append(LoadBill(
            name=load.name, kind=load.kind, scheme=load.tariff_scheme, metered_mwh=float(metered.sum()),
            billed=billed, collected=billed * load.payment_recovery_pct / 100,
            network=values.tmo_charge_pkr_per_kwh * float(metered.sum()) * 1000,
            usd_billed=billed / values.pkr_per_usd if load.tariff_scheme == "usd" else 0.0,
            online_share=now, online_share_stressed=stressed, contracted_mw=load.mw,
            requested_mwh=float(contracted.sum())))
    return tuple(bills)


def year_economics(yd: YearDispatch, loads: tuple[LargeLoad, ...], values: ScenarioValues,
                   dataset: DataSet, cal: Calendar) -> YearEconomics:
    bills = _bill_loads(yd, loads, values, dataset, cal)
    capacity, usd_capacity = capacity_cost(yd.year.plant_data, values, dataset)
    policy = policy_from(values)

    def case(problem: DispatchProblem, solution: DispatchSolution, with_loads: bool) -> Settlement:
        metered = sum(b.metered_mwh for b in bills) if with_loads else 0.0
        costs = Costs(energy=solution.energy_cost_pkr(problem), out_of_merit=values.out_of_merit_cost_pkr_bn * 1e9,
                      capacity=capacity, network_large_loads=sum(b.network for b in bills) if with_loads else 0.0,
                      distribution_margin=values.distribution_margin_pkr_bn * 1e9,
                      other=values.other_approved_costs_pkr_bn * 1e9)
        billed = sum(b.billed for b in bills) if with_loads else 0.0
        collected = sum(b.collected for b in bills) if with_loads else 0.0
        return settle(costs, _volumes(yd, solution, with_loads, metered), billed, collected, policy)

    baseline = case(yd.baseline_problem, yd.baseline, with_loads=False)
    scenario = case(yd.problem, yd.solution, with_loads=True)
    return YearEconomics(yd.year.fy, baseline, scenario, bills, usd_capacity,
                         values.notified_average_tariff_pkr_per_kwh)


def run_economics(run: GridRun, loads: tuple[LargeLoad, ...], values: ScenarioValues,
                  dataset: DataSet) -> tuple[YearEconomics, ...]:
    return tuple(year_economics(yd, loads, values, dataset, run.calendar) for yd in run.years)


def economics_keys(ye: YearEconomics, values: ScenarioValues, dataset: DataSet) -> dict[str, float]:
    b, s = ye.baseline, ye.scenario
    bills = bill_changes(dataset, b, s, ye.notified_average)
    fx = values.pkr_per_usd
    keys = {
        "capacity_cost_pkr_bn": s.costs.capacity / 1e9,
        "power_purchase_cost_pkr_bn": s.costs.purchase_cost / 1e9,
        "ppp_pkr_per_kwh": s.ppp, "ppp_capacity_pkr_per_kwh": s.ppp_capacity, "ppp_energy_pkr_per_kwh": s.ppp_energy,
        "revenue_requirement_pkr_bn": s.revenue_requirement / 1e9,
        "uniform_tariff_pkr_per_kwh": s.uniform_tariff,
        "uniform_tariff_excl_surcharge_pkr_per_kwh": s.uniform_tariff_excl_surcharge,
        "uniform_tariff_without_new_loads_pkr_per_kwh": b.uniform_tariff,
        "uniform_tariff_change_pkr_per_kwh": s.uniform_tariff - b.uniform_tariff,
        "consumer_average_tariff_pkr_per_kwh": s.consumer_average,
        "consumer_average_tariff_change_pkr_per_kwh": s.consumer_average - b.consumer_average,
        "household_200_units_bill_change_pkr_per_month": float(bills["Protected household, 200 units"]),
        "household_500_units_bill_change_pkr_per_month": float(bills["Household, 500 units"]),
        "commercial_bill_change_pkr_per_month": float(bills["Commercial shop, 1,000 units"]),
        "industrial_b3_bill_change_pkr_per_month": float(bills["Industrial B-3, 500,000 units"]),
        "subsidy_pkr_bn": s.subsidy / 1e9, "subsidy_change_pkr_bn": (s.subsidy - b.subsidy) / 1e9,
        "circular_debt_flow_pkr_bn": s.circular_debt_flow / 1e9,
        "circular_debt_flow_change_pkr_bn": (s.circular_debt_flow - b.circular_debt_flow) / 1e9,
        "large_load_metered_gwh": ye.metered_mwh / 1000,
        "large_load_revenue_pkr_bn": ye.billed / 1e9,
        "large_load_unpaid_pkr_bn": sum(x.billed - x.collected for x in ye.loads) / 1e9,
        "large_load_network_charges_pkr_bn": ye.network / 1e9,
        "usd_indexed_capacity_usd_m": ye.usd_indexed_capacity_usd / 1e6,
        "large_load_usd_revenue_usd_m": sum(x.usd_billed for x in ye.loads) / 1e6,
        "hashprice_usd_per_ph_day": miners.hashprice(values),
        "miner_break_even_usd_per_kwh": float(miners.break_even_usd_per_kwh(
            miners.hashprice(values), values.fleet_efficiency_j_per_th)),
        "miner_break_even_pkr_per_kwh": float(miners.break_even_usd_per_kwh(
            miners.hashprice(values), values.fleet_efficiency_j_per_th)) * fx,
    }
    if ye.metered_mwh > 0:  # per-kWh measures of the new loads exist only when they take energy
        gap_marginal, gap_full = price_gap(ye.marginal_cost, ye.marginal_cost + s.ppp_capacity,
                                           ye.collected / (ye.metered_mwh * 1000), ye.metered_mwh)
        keys.update({
            "large_load_effective_tariff_pkr_per_kwh": ye.effective_tariff,
            "break_even_tariff_pkr_per_kwh": ye.break_even,
            "full_cost_tariff_pkr_per_kwh": ye.full_cost,
        })
    elif any(x.requested_mwh > 0 for x in ye.loads):  # loads that asked but took nothing (miners all off)
        gap_marginal = gap_full = 0.0
    else:
        return keys
    keys.update({
        "large_load_contribution_pkr_bn": ye.contribution / 1e9,
        "imf_price_gap_marginal_pkr_bn": gap_marginal / 1e9,
        "imf_price_gap_full_cost_pkr_bn": gap_full / 1e9,
        "imf_no_new_subsidy_pass": float(gap_marginal < TOLERANCE_PKR),
        "imf_full_cost_recovery_pass": float(gap_full < TOLERANCE_PKR),
    })
    crypto = [x for x in ye.loads if x.kind == "crypto_mining" and x.requested_mwh > 0]
    if crypto:
        # the fleet's shares weighted by the energy each load took, or asked for when none took any
        weights = [x.metered_mwh for x in crypto]
        if not sum(weights) > 0:
            weights = [x.requested_mwh for x in crypto]
        total = sum(weights)
        keys.update({
            "miner_contracted_mw": sum(x.contracted_mw for x in crypto),
            "miner_online_share_pct": 100 * sum(x.online_share * w for x, w in zip(crypto, weights)) / total,
            "miner_online_share_after_hashprice_fall_pct":
                100 * sum(x.online_share_stressed * w for x, w in zip(crypto, weights)) / total,
            "miner_revenue_at_risk_pkr_bn": sum(x.revenue_at_risk for x in crypto) / 1e9,
        })
    return keys


def economics_frames(years: tuple[YearEconomics, ...], dataset: DataSet) -> dict[str, pd.DataFrame]:
    finance_rows, load_rows, driver_rows, tariffs, bills = [], [], [], [], []
    for ye in years:
        for case, st in (("without new loads", ye.baseline), ("with new loads", ye.scenario)):
            c = st.costs
            finance_rows.append({
                "fy": ye.fy, "case": case, "energy_cost_pkr_bn": c.energy / 1e9,
                "out_of_merit_cost_pkr_bn": c.out_of_merit / 1e9, "capacity_cost_pkr_bn": c.capacity / 1e9,
                "network_charges_large_loads_pkr_bn": c.network_large_loads / 1e9,
                "distribution_margin_pkr_bn": c.distribution_margin / 1e9, "other_costs_pkr_bn": c.other / 1e9,
                "debt_service_surcharge_pkr_bn": st.debt_service / 1e9,
                "revenue_requirement_pkr_bn": st.revenue_requirement / 1e9,
                "purchases_gwh": st.volumes.purchases_mwh / 1000,
                "sales_billed_gwh": st.sales_actual_mwh / 1000, "sales_allowed_gwh": st.sales_allowed_mwh / 1000,
                "ppp_pkr_per_kwh": st.ppp, "ppp_capacity_pkr_per_kwh": st.ppp_capacity,
                "ppp_energy_pkr_per_kwh": st.ppp_energy, "uniform_tariff_pkr_per_kwh": st.uniform_tariff,
                "consumer_average_tariff_pkr_per_kwh": st.consumer_average,
                "large_load_revenue_pkr_bn": st.large_load_billed / 1e9,
                "collected_revenue_pkr_bn": st.collected / 1e9, "subsidy_pkr_bn": st.subsidy / 1e9,
                "circular_debt_losses_pkr_bn": st.debt_losses / 1e9,
                "circular_debt_unpaid_bills_pkr_bn": st.debt_unpaid_bills / 1e9,
                "circular_debt_unpaid_large_loads_pkr_bn": st.debt_unpaid_large_loads / 1e9,
                "circular_debt_flow_pkr_bn": st.circular_debt_flow / 1e9,
            })
        for x in ye.loads:
            load_rows.append({"fy": ye.fy, "load": x.name, "kind": x.kind, "tariff_scheme": x.scheme,
                              "metered_gwh": x.metered_mwh / 1000, "bill_pkr_bn": x.billed / 1e9,
                              "collected_pkr_bn": x.collected / 1e9,
                              "effective_tariff_pkr_per_kwh": x.effective_tariff,
                              "network_charges_pkr_bn": x.network / 1e9,
                              "miner_online_share_pct": 100 * x.online_share if x.kind == "crypto_mining" else np.nan,
                              "revenue_at_risk_pkr_bn": x.revenue_at_risk / 1e9})
        for name, value in tariff_drivers(ye.baseline, ye.scenario):
            driver_rows.append({"fy": ye.fy, "driver": name, "pkr_per_kwh": value})
        tariffs.append(tariff_table(dataset, ye.baseline, ye.scenario, ye.notified_average).assign(fy=ye.fy))
        bills.append(bill_table(dataset, ye.baseline, ye.scenario, ye.notified_average).assign(fy=ye.fy))
    return {"finance": pd.DataFrame(finance_rows), "large_load_bills": pd.DataFrame(load_rows),
            "tariff_drivers": pd.DataFrame(driver_rows), "category_tariffs": pd.concat(tariffs, ignore_index=True),
            "typical_bills": pd.concat(bills, ignore_index=True)}
