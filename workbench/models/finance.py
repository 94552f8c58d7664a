"""From dispatch to money: purchase cost, uniform tariff, subsidy and circular debt (one year).

All amounts PKR, energies MWh, tariffs PKR/kWh (1 MWh = 1,000 kWh).

    revenue requirement  RR = energy + out-of-merit + capacity + large loads' network charges
                              + distribution margin + other approved costs
                              + debt-service surcharge x units billable
    uniform tariff       U  = (RR - large-load bills) / units billable at the allowed losses
    consumers pay        A  = U - TDS / units billed      (pass-through: the TDS stays fixed)
                         A  = notified average + DSS       (held: the budget takes the gap)
    subsidy                 = (U - A) x units billed
    circular-debt flow      = units lost above the allowed losses x U
                              + unpaid consumer bills + unpaid large-load bills
so that RR = collected revenue + subsidy + circular-debt flow, exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

import numpy as np
import pandas as pd

from workbench.core.dataset import DataSet
from workbench.core.scenario_values import ScenarioValues


@dataclass(frozen=True)
class Costs:
    energy: float  # fuel + variable O&M from the dispatch
    out_of_merit: float
    capacity: float
    network_large_loads: float  # transmission and market-operator charge on large loads' energy
    distribution_margin: float
    other: float

    @property
    def revenue_requirement(self) -> float:
        return (self.energy + self.out_of_merit + self.capacity + self.network_large_loads
                + self.distribution_margin + self.other)

    @property
    def purchase_cost(self) -> float:
        """Power purchase cost: what generators are paid, energy and capacity."""
        return self.energy + self.out_of_merit + self.capacity


@dataclass(frozen=True)
class Volumes:
    purchases_mwh: float  # all energy bought at the grid's delivery points (after transmission losses)
    other_purchases_mwh: float  # of which for existing consumers, through the DISCOs
    large_load_metered_mwh: float


@dataclass(frozen=True)
class Policy:
    allowed_loss: float  # fraction
    actual_loss: float
    recovery: float  # fraction of consumers' bills paid
    pass_through: bool
    tds_pkr: float  # subsidy kept fixed under pass-through
    notified_average: float  # PKR/kWh, consumers' average base tariff under the held policy
    debt_service_surcharge: float = 0.0  # PKR/kWh on consumers' units (repays circular-debt loans)


@dataclass(frozen=True)
class Settlement:
    costs: Costs
    volumes: Volumes
    large_load_billed: float
    large_load_collected: float
    debt_service: float  # PKR raised by the debt-service surcharge
    debt_service_surcharge: float  # PKR/kWh
    uniform_tariff: float  # U, PKR/kWh, including the surcharge
    consumer_average: float  # A, PKR/kWh, including the surcharge
    sales_allowed_mwh: float
    sales_actual_mwh: float
    subsidy: float
    debt_losses: float
    debt_unpaid_bills: float
    debt_unpaid_large_loads: float
    collected: float

    @property
    def revenue_requirement(self) -> float:
        return self.costs.revenue_requirement + self.debt_service

    @property
    def uniform_tariff_excl_surcharge(self) -> float:
        """Comparable with NEPRA's determined national average, which excludes the surcharge."""
        return self.uniform_tariff - self.debt_service_surcharge

    @property
    def base_average(self) -> float:
        """Consumers' average base tariff (without the surcharge): what the notified schedule sets."""
        return self.consumer_average - self.debt_service_surcharge

    @property
    def circular_debt_flow(self) -> float:
        return self.debt_losses + self.debt_unpaid_bills + self.debt_unpaid_large_loads

    @property
    def ppp(self) -> float:
        return self.costs.purchase_cost / (self.volumes.purchases_mwh * 1000)

    @property
    def ppp_capacity(self) -> float:
        return self.costs.capacity / (self.volumes.purchases_mwh * 1000)

    @property
    def ppp_energy(self) -> float:
        return (self.costs.energy + self.costs.out_of_merit) / (self.volumes.purchases_mwh * 1000)


def settle(costs: Costs, volumes: Volumes, large_load_billed: float, large_load_collected: float,
           policy: Policy) -> Settlement:
    allowed = volumes.other_purchases_mwh * (1 - policy.allowed_loss)
    actual = volumes.other_purchases_mwh * (1 - policy.actual_loss)
    debt_service = policy.debt_service_surcharge * allowed * 1000
    uniform = (costs.revenue_requirement + debt_service - large_load_billed) / (allowed * 1000)
    average = uniform - policy.tds_pkr / (actual * 1000) if policy.pass_through else \
        policy.notified_average + policy.debt_service_surcharge
    billed = actual * 1000 * average
    return Settlement(
        costs, volumes, large_load_billed, large_load_collected, debt_service, policy.debt_service_surcharge,
        uniform, average, allowed, actual,
        subsidy=(uniform - average) * actual * 1000,
        debt_losses=(allowed - actual) * 1000 * uniform,
        debt_unpaid_bills=(1 - policy.recovery) * billed,
        debt_unpaid_large_loads=large_load_billed - large_load_collected,
        collected=policy.recovery * billed + large_load_collected,
    )


def policy_from(values: ScenarioValues) -> Policy:
    return Policy(allowed_loss=values.allowed_losses_pct / 100, actual_loss=values.disco_losses_pct / 100,
                  recovery=values.recovery_ratio_pct / 100, pass_through=values.tariff_policy == "pass_through",
                  tds_pkr=values.tds_pkr_bn * 1e9, notified_average=values.notified_average_tariff_pkr_per_kwh,
                  debt_service_surcharge=values.debt_service_surcharge_pkr_per_kwh)


def capacity_cost(plants: Mapping[str, Any], values: ScenarioValues, dataset: DataSet) -> tuple[float, float]:
    """Capacity payments (PKR) and their dollar-indexed part (USD).

    Each plant's FY2025 payment per MW, scaled so the data set's fleet costs the scenario's
    total at the reference exchange rate; the dollar-indexed share moves with the rupee.
    """
    per_mw = np.asarray(plants["payment_per_mw"], dtype=float)
    capacity = np.asarray(plants["capacity_mw"], dtype=float)
    usd_share = np.asarray(plants["usd_indexed_share"], dtype=float)
    reference_fx = dataset.number("finance.pkr_per_usd")
    scale = values.capacity_payments_pkr_bn / dataset_capacity_payments_bn(dataset)
    base = scale * per_mw * capacity * 1e9  # PKR at the reference exchange rate
    fx_index = 1 - usd_share + usd_share * values.pkr_per_usd / reference_fx
    return float((base * fx_index).sum()), float((base * usd_share).sum() / reference_fx)


@lru_cache(maxsize=8)  # a data set never changes: summed once, not in every year of every run
def dataset_capacity_payments_bn(dataset: DataSet) -> float:
    return sum(float(dataset.plant(p, "capacity_payment")) for p in dataset.plant_ids())


def tariff_drivers(before: Settlement, after: Settlement) -> list[tuple[str, float]]:
    """The change in uniform tariff (PKR/kWh) split into parts that add up exactly."""
    allowed_kwh = before.sales_allowed_mwh * 1000
    c0, c1 = before.costs, after.costs
    items = [
        ("Fuel and variable O&M", c1.energy - c0.energy),
        ("Out-of-merit costs", c1.out_of_merit - c0.out_of_merit),
        ("Capacity payments (incl. exchange rate)", c1.capacity - c0.capacity),
        ("Network charges of the new loads", c1.network_large_loads - c0.network_large_loads),
        ("Distribution margin and other costs",
         (c1.distribution_margin + c1.other) - (c0.distribution_margin + c0.other)),
        ("Large-load revenue", -(after.large_load_billed - before.large_load_billed)),
    ]
    drivers = [(name, amount / allowed_kwh) for name, amount in items]
    rest = c1.revenue_requirement - after.large_load_billed
    drivers.append(("Sales to other consumers (shedding, losses)",
                    rest / (after.sales_allowed_mwh * 1000) - rest / allowed_kwh))
    return drivers


# Typical monthly consumers (units a month) and how NEPRA bills them: protected households pay
# two telescopic slabs; unprotected households pay their single slab rate on all units.
TYPICAL_CONSUMERS = (
    ("Protected household, 200 units", 200, (("protected_1_100", 100), ("protected_101_200", 100))),
    ("Household, 500 units", 500, (("unprotected_401_500", 500),)),
    ("Commercial shop, 1,000 units", 1000, (("commercial", 1000),)),
    ("Industrial B-3, 500,000 units", 500_000, (("industrial_b3", 500_000),)),
)
CATEGORIES = ("lifeline_0_50", "lifeline_51_100", "protected_1_100", "protected_101_200", "unprotected_201_300",
              "unprotected_301_400", "unprotected_401_500", "unprotected_501_600", "unprotected_601_700",
              "unprotected_above_700", "commercial", "general_services", "industrial", "bulk", "agriculture")
PROTECTED_LIFELINE = {"lifeline_0_50", "lifeline_51_100"}
CATEGORY_LABELS = {"lifeline_0_50": "Lifeline, up to 50 units", "lifeline_51_100": "Lifeline, 51-100 units",
                   "protected_1_100": "Protected, 1-100 units", "protected_101_200": "Protected, 101-200 units",
                   "unprotected_201_300": "Residential, 201-300 units",
                   "unprotected_301_400": "Residential, 301-400 units",
                   "unprotected_401_500": "Residential, 401-500 units",
                   "unprotected_501_600": "Residential, 501-600 units",
                   "unprotected_601_700": "Residential, 601-700 units",
                   "unprotected_above_700": "Residential, above 700 units", "commercial": "Commercial",
                   "general_services": "General services", "industrial": "Industrial (average)", "bulk": "Bulk",
                   "agriculture": "Agriculture"}


def category_tariff(dataset: DataSet, category: str, base_average: float, notified_average: float) -> float:
    """A category's base tariff when consumers' average base tariff is ``base_average``.

    Lifeline tariffs stay at their notified level; every other tariff moves in proportion to its
    notified level (the cross-subsidy structure is kept), scaled so that the sales-weighted
    average of all categories moves exactly as much as the consumers' average.
    """
    notified = dataset.number(f"tariff.{category}.base_tariff")
    if category in PROTECTED_LIFELINE:
        return notified
    return notified * (1 + (base_average - notified_average) / _movable_average(dataset))


@lru_cache(maxsize=8)  # a data set never changes (frozen, hashed by identity); a run asks ten times
def _movable_average(dataset: DataSet) -> float:
    """Sales-weighted notified tariff of the categories that move, over all sales (PKR/kWh)."""
    shares = {c: dataset.number(f"tariff.{c}.sales_share") for c in CATEGORIES}
    return sum(shares[c] * dataset.number(f"tariff.{c}.base_tariff")
               for c in CATEGORIES if c not in PROTECTED_LIFELINE) / sum(shares.values())


def monthly_bill(dataset: DataSet, slabs: tuple[tuple[str, int], ...], base_average: float,
                 notified_average: float) -> float:
    return sum(units * category_tariff(dataset, c, base_average, notified_average) for c, units in slabs)


def tariff_table(dataset: DataSet, before: Settlement, after: Settlement, notified_average: float) -> pd.DataFrame:
    rows = []
    for c in CATEGORIES:
        rows.append({"category": CATEGORY_LABELS[c],
                     "sales_share_pct": dataset.number(f"tariff.{c}.sales_share"),
                     "notified_pkr_per_kwh": dataset.number(f"tariff.{c}.base_tariff"),
                     "without_new_loads_pkr_per_kwh": category_tariff(dataset, c, before.base_average,
                                                                      notified_average),
                     "with_new_loads_pkr_per_kwh": category_tariff(dataset, c, after.base_average,
                                                                   notified_average)})
    frame = pd.DataFrame(rows)
    frame["change_pkr_per_kwh"] = frame["with_new_loads_pkr_per_kwh"] - frame["without_new_loads_pkr_per_kwh"]
    return frame


def bill_changes(dataset: DataSet, before: Settlement, after: Settlement, notified_average: float) -> dict[str, float]:
    """Change in each typical consumer's monthly bill, PKR."""
    return {name: monthly_bill(dataset, slabs, after.base_average, notified_average)
            - monthly_bill(dataset, slabs, before.base_average, notified_average)
            for name, _, slabs in TYPICAL_CONSUMERS}


def bill_table(dataset: DataSet, before: Settlement, after: Settlement, notified_average: float) -> pd.DataFrame:
    rows = []
    for name, units, slabs in TYPICAL_CONSUMERS:
        b0 = monthly_bill(dataset, slabs, before.base_average, notified_average)
        b1 = monthly_bill(dataset, slabs, after.base_average, notified_average)
        rows.append({"consumer": name, "units_per_month": units, "bill_without_new_loads_pkr": b0,
                     "bill_with_new_loads_pkr": b1, "change_pkr_per_month": b1 - b0})
    return pd.DataFrame(rows)


def price_gap(marginal_cost: float, full_cost: float, collected_tariff: float,
              metered_mwh: float) -> tuple[float, float]:
    """IMF price-gap subsidy: (cost-recovery price - tariff actually collected) x kWh when
    positive, PKR; at marginal cost (energy and network) and at full cost (plus capacity)."""
    kwh = metered_mwh * 1000
    return max(marginal_cost - collected_tariff, 0.0) * kwh, max(full_cost - collected_tariff, 0.0) * kwh


