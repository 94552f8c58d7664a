"""The state-mining model (issue 14, part 1, engine only), checked against numbers worked by hand."""
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from workbench.models.state_mining import (Machines, btc_accrued, days_in, fleet_th_s, reserve_option,
                                           subsidy_btc)

MACHINES = Machines(efficiency_j_per_th=20.0, price_usd_per_th=15.0, life_years=4.0, operations_usd_per_mwh=10.5)
HALVING = [date(2028, 4, 1)]


def flat(mw: float, months: list[date]) -> np.ndarray:
    return mw * 24 * days_in(months)  # MWh a month, running flat


def test_100_mw_at_20_j_per_th_earns_its_share_of_a_month_of_blocks():
    # 100 MW / 20 J/TH = 5,000,000 TH/s = 5 EH/s; with the network at 1,100 EH/s (the fleet
    # counted in it: 1,105 EH/s), the share is 5 / 1,105. A 30-day month issues 144 x 30 x 3.125
    # = 13,500 BTC of subsidy, plus 2 % in fees.
    months = [date(2026, 6, 1)]
    assert fleet_th_s(100, 20) == 5_000_000
    btc = btc_accrued(flat(100, months), months, 20.0, np.array([1100.0]), np.array([3.125]), 0.02)
    assert btc[0] == pytest.approx(5 / 1105 * 13_500 * 1.02, rel=1e-12)


def test_across_the_halving_the_daily_accrual_halves():
    months = [date(2028, 3, 1), date(2028, 4, 1)]
    subsidy = subsidy_btc(months, 3.125, HALVING)
    assert list(subsidy) == [3.125, 1.5625]
    btc = btc_accrued(flat(100, months), months, 20.0, np.array([1100.0, 1100.0]), subsidy, 0.0)
    per_day = btc / np.array([31, 30])
    assert per_day[1] == pytest.approx(per_day[0] / 2, rel=1e-12)


def option(tariff: float = 23.0):
    months = [date(2026, m, 1) for m in range(7, 13)]
    energy = flat(100, months)
    cost = energy * 1000 * 14.0  # the grid's incremental energy cost, Rs 14/kWh
    return reserve_option(energy, months, 100, MACHINES, np.full(6, 1100.0), subsidy_btc(months, 3.125, HALVING),
                          0.01, cost, network_pkr_per_mwh=1_910.0, tariff_pkr_per_kwh=tariff, pkr_per_usd=280.0)


def test_machines_are_written_off_over_their_life_and_operations_scale_with_energy():
    opt = option()
    # 5,000,000 TH/s x 15 USD/TH = 75 m USD over 48 months = 1.5625 m USD a month, at Rs 280.
    assert opt.machines_pkr == pytest.approx(np.full(6, 75e6 / 48 * 280))
    assert opt.operations_pkr == pytest.approx(opt.energy_mwh * 10.5 * 280)


def test_at_the_break_even_bitcoin_price_the_reserve_is_worth_its_cost():
    opt = option()
    price = opt.break_even_btc_usd
    assert price == pytest.approx(opt.cost_pkr.sum() / 280 / opt.btc.sum())
    assert opt.reserve_net_pkr(price) == pytest.approx(0, abs=1e-3 * opt.cost_pkr.sum())
    assert opt.reserve_net_pkr(price * 1.1) > 0 > opt.reserve_net_pkr(price * 0.9)
    # A 1 USD rise in the bitcoin price is worth the bitcoin held, in rupees.
    assert opt.reserve_net_pkr(price + 1) - opt.reserve_net_pkr(price) == pytest.approx(opt.exposure_pkr_per_usd)


def test_selling_at_the_break_even_tariff_contributes_nothing():
    opt = option()
    # Rs 14/kWh of energy plus Rs 1,910/MWh = Rs 1.91/kWh of network: Rs 15.91/kWh.
    assert opt.break_even_tariff_pkr_per_kwh == pytest.approx(15.91)
    assert option(15.91).tariff_contribution_pkr == pytest.approx(0, abs=1.0)
    assert option(23.0).tariff_contribution_pkr == pytest.approx(opt.energy_mwh.sum() * 1000 * (23 - 15.91))


def test_a_more_efficient_fleet_earns_more_bitcoin_on_the_same_energy():
    months = [date(2026, 6, 1)]
    base = btc_accrued(flat(100, months), months, 20.0, np.array([1100.0]), np.array([3.125]), 0.0)
    better = btc_accrued(flat(100, months), months, replace(MACHINES, efficiency_j_per_th=15.0).efficiency_j_per_th,
                         np.array([1100.0]), np.array([3.125]), 0.0)
    assert better[0] / base[0] == pytest.approx((100 / 15 / (1100 + 100 / 15)) / (5 / 1105))
