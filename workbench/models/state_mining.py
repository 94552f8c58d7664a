"""Mining into a sovereign bitcoin reserve, against selling the same energy at a tariff.

A state entity runs machines of efficiency e (J/TH) on the energy the grid serves them. Each
joule buys 1/e TH of hashing, so E MWh of served energy is E x 3.6e9 / e TH. The network does
H EH/s (with the state's fleet in it), i.e. H x 1e6 TH/s x seconds of hashing a month, and pays
144 blocks a day x (block subsidy + fees). The state's bitcoin in a month is its share of that
month's hashing times that month's issuance:

    BTC = (E x 3.6e9 / e) / (H x 1e6 x seconds + E x 3.6e9 / e) x 144 x days x subsidy x (1 + fee share)

The subsidy halves at each halving date (every 210,000 blocks; the next after April 2024 is
expected in April 2028). The reserve's cost is what the grid really bears for the energy (the
incremental energy cost from the dispatch, passed in) plus network charges, the machines
(bought once and written off straight-line over their life) and operations. Its break-even
bitcoin price makes the value of the bitcoin accrued equal that cost. Selling the same energy
at a tariff instead earns tariff x energy, and its contribution is that revenue less the same
energy and network cost; the break-even tariff makes it zero.

Plain functions over numpy arrays of months; no Qt, no data-set lookups (the caller passes values).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

BLOCKS_PER_DAY = 144
JOULES_PER_MWH = 3.6e9


@dataclass(frozen=True)
class Machines:
    efficiency_j_per_th: float
    price_usd_per_th: float  # installed cost of hashing capacity
    life_years: float
    operations_usd_per_mwh: float  # staff, cooling, hosting: everything but the electricity


def subsidy_btc(months: list[date], subsidy_now: float, halvings: list[date]) -> np.ndarray:
    """The block subsidy in force in each month: halved once for every halving date on or before it."""
    return np.array([subsidy_now / 2 ** sum(h <= m for h in halvings) for m in months])


def days_in(months: list[date]) -> np.ndarray:
    out = []
    for m in months:
        following = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        out.append((following - date(m.year, m.month, 1)).days)
    return np.array(out, dtype=float)


def btc_accrued(energy_mwh: np.ndarray, months: list[date], efficiency_j_per_th: float,
                network_eh_s: np.ndarray, subsidy: np.ndarray, fee_share: float,
                days: np.ndarray | None = None) -> np.ndarray:
    """Bitcoin earned each month by the state's fleet (the formula in the module docstring).

    ``days`` overrides the calendar's days in each month: the dispatch's year has 365 days, so a
    run passes its own (a leap February would otherwise count a day the grid never served)."""
    days = days_in(months) if days is None else np.asarray(days, dtype=float)
    seconds = days * 86_400
    own_th = np.asarray(energy_mwh, dtype=float) * JOULES_PER_MWH / efficiency_j_per_th  # TH hashed
    network_th = np.asarray(network_eh_s, dtype=float) * 1e6 * seconds
    issued = BLOCKS_PER_DAY * days * np.asarray(subsidy, dtype=float) * (1 + fee_share)
    btc: np.ndarray = own_th / (network_th + own_th) * issued
    return btc


def fleet_th_s(mw: float, efficiency_j_per_th: float) -> float:
    """Hashing capacity of machines drawing ``mw`` at full power, TH/s."""
    return mw * 1e6 / efficiency_j_per_th


@dataclass(frozen=True)
class ReserveOption:
    energy_mwh: np.ndarray  # served to the fleet, per month
    btc: np.ndarray  # per month
    energy_cost_pkr: np.ndarray  # incremental energy cost the grid bears, per month
    network_pkr: np.ndarray
    machines_pkr: np.ndarray  # write-off of the machines, per month
    operations_pkr: np.ndarray
    tariff_revenue_pkr: np.ndarray  # the same energy sold at the tariff instead (billed)
    pkr_per_usd: float
    recovery: float = 1.0  # share of the tariff bills a private buyer would actually pay

    @property
    def cost_pkr(self) -> np.ndarray:
        total: np.ndarray = self.energy_cost_pkr + self.network_pkr + self.machines_pkr + self.operations_pkr
        return total

    @property
    def break_even_btc_usd(self) -> float:
        """The bitcoin price at which the reserve's value equals its whole cost."""
        return float(self.cost_pkr.sum() / self.pkr_per_usd / self.btc.sum())

    def value_pkr(self, btc_usd: float | np.ndarray) -> np.ndarray:
        """What the bitcoin accrued each month is worth at a price (or a price path), PKR."""
        value: np.ndarray = self.btc * np.asarray(btc_usd, dtype=float) * self.pkr_per_usd
        return value

    def reserve_net_pkr(self, btc_usd: float | np.ndarray) -> float:
        return float((self.value_pkr(btc_usd) - self.cost_pkr).sum())

    @property
    def tariff_contribution_pkr(self) -> float:
        """Selling instead: revenue paid less the energy and network cost of serving the same energy."""
        return float((self.tariff_revenue_pkr * self.recovery - self.energy_cost_pkr - self.network_pkr).sum())

    @property
    def break_even_tariff_pkr_per_kwh(self) -> float:
        """The tariff at which selling the energy just covers its energy and network cost (as billed)."""
        return float((self.energy_cost_pkr.sum() + self.network_pkr.sum()) / (self.energy_mwh.sum() * 1000)
                     / self.recovery)

    @property
    def exposure_pkr_per_usd(self) -> float:
        """Fiscal exposure: PKR gained or lost on the reserve per USD change in the bitcoin price."""
        return float(self.btc.sum() * self.pkr_per_usd)


def reserve_option(energy_mwh: np.ndarray, months: list[date], mw: float, machines: Machines,
                   network_eh_s: np.ndarray, subsidy: np.ndarray, fee_share: float,
                   energy_cost_pkr: np.ndarray, network_pkr_per_mwh: float, tariff_pkr_per_kwh: float,
                   pkr_per_usd: float) -> ReserveOption:
    energy = np.asarray(energy_mwh, dtype=float)
    months_per_life = machines.life_years * 12
    machines_usd = fleet_th_s(mw, machines.efficiency_j_per_th) * machines.price_usd_per_th
    return ReserveOption(
        energy_mwh=energy,
        btc=btc_accrued(energy, months, machines.efficiency_j_per_th, network_eh_s, subsidy, fee_share),
        energy_cost_pkr=np.asarray(energy_cost_pkr, dtype=float),
        network_pkr=energy * network_pkr_per_mwh,
        machines_pkr=np.full(len(months), machines_usd / months_per_life * pkr_per_usd),
        operations_pkr=energy * machines.operations_usd_per_mwh * pkr_per_usd,
        tariff_revenue_pkr=energy * 1000 * tariff_pkr_per_kwh,
        pkr_per_usd=pkr_per_usd)
