"""The reserve option through a run (issue 14, part 1): a state-mining load in a scenario, evaluated.

Every expected number is worked by hand from the scenario's inputs (the fleet's share of the
network, the blocks of a month, the machines' write-off), or is the tariff model's own figure
for the same load, computed independently by models/economics.py.
"""
from __future__ import annotations

import json

import pytest

from workbench.core.edits import EditRefused, set_load_field
from workbench.core.project import Project, Scenario, resolve
from workbench.models.evaluate import evaluate

NETWORK_EH_S, EFFICIENCY = 1100.0, 20.0  # 100 MW / 20 J/TH = 5,000,000 TH/s = 5 EH/s
STATE = {"name": "State miners", "kind": "state_mining", "mw": 100.0, "load_factor": 1.0, "zone": "south",
         "machine_efficiency_j_per_th": EFFICIENCY, "machine_price_usd_per_th": 15.0, "machine_life_years": 4.0,
         "operations_usd_per_mwh": 10.5, "tariff_pkr_per_kwh": 23.0}


def run(catalogue, dataset, load=None, frames=False, **overrides):
    values = {"network_hashrate_eh_s": NETWORK_EH_S, "network_hashrate_growth_pct": 0.0, "fee_share_pct": 2.0,
              "btc_price_growth_pct": 0.0, **overrides}
    project = Project((Scenario("S", overrides=values, large_loads=(load or STATE,)),))
    return evaluate(resolve(project, "S", catalogue), dataset, frames=frames)


def test_a_100_mw_fleet_earns_its_share_of_a_year_of_blocks(catalogue, dataset):
    k = run(catalogue, dataset).key_results
    assert k["reserve_energy_gwh"] == pytest.approx(100 * 8760 / 1000)  # served in full: 100 MW all year
    # 5 EH/s of 1,105 EH/s (the rest of the network plus the fleet), 144 blocks a day for 365 days,
    # 3.125 BTC of subsidy plus 2 % in fees: 5/1105 x 164,250 x 1.02 = 758.07 BTC.
    assert k["reserve_fleet_eh_s"] == pytest.approx(5.0)
    assert k["reserve_btc_per_year"] == pytest.approx(5 / 1105 * 144 * 365 * 3.125 * 1.02, rel=1e-9)
    assert k["reserve_btc_per_year"] == pytest.approx(758.07, abs=0.01)


def test_the_cost_is_the_grids_added_energy_cost_plus_network_machines_and_operations(catalogue, dataset):
    r = run(catalogue, dataset, frames=True)
    k = r.key_results
    fx = resolve(Project((Scenario("S", large_loads=(STATE,)),)), "S", catalogue).values["pkr_per_usd"]
    finance = r.frames["finance"].set_index("case")
    added = finance.at["with new loads", "energy_cost_pkr_bn"] - finance.at["without new loads", "energy_cost_pkr_bn"]
    assert k["reserve_energy_cost_pkr_bn"] == pytest.approx(added, rel=1e-9)  # the only new load bears it all
    assert k["reserve_network_pkr_bn"] == pytest.approx(876_000 * 1000 * 1.91 / 1e9)  # Rs 1.91/kWh
    # 5,000,000 TH/s x 15 USD/TH = 75 m USD over 48 months: 18.75 m USD a year.
    assert k["reserve_machines_pkr_bn"] == pytest.approx(18.75e6 * fx / 1e9)
    assert k["reserve_operations_pkr_bn"] == pytest.approx(876_000 * 10.5 * fx / 1e9)
    assert k["reserve_cost_pkr_bn"] == pytest.approx(added + 876_000 * 1910 / 1e9 + (18.75e6 + 876_000 * 10.5) * fx
                                                     / 1e9)


def test_across_the_halving_the_monthly_accrual_halves(catalogue, dataset):
    # FY2028 runs Jul 2027 to Jun 2028; the subsidy halves in April 2028. Fees aside, the network
    # flat and the fleet served in full, each day of April earns half a day of March.
    r = run(catalogue, dataset, frames=True, study_first_fy=2028, fee_share_pct=0.0)
    months = r.frames["reserve_monthly"].set_index("month")
    days = [31, 31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30]  # Jul-Jun of the dispatch's 365-day year
    assert list(months["energy_gwh"]) == pytest.approx([100 * 24 * d / 1000 for d in days])
    per_day = months["btc"] / (months["energy_gwh"] * 1000 / 100 / 24)  # energy / 100 MW / 24 h = days
    assert per_day["Apr 2028"] == pytest.approx(per_day["Mar 2028"] / 2, rel=1e-9)
    assert per_day["Jun 2028"] == pytest.approx(per_day["Jul 2027"] / 2, rel=1e-9)
    assert per_day["Mar 2028"] == pytest.approx(5 / 1105 * 144 * 3.125, rel=1e-9)
    assert list(months["subsidy_btc"]) == [3.125] * 9 + [1.5625] * 3


def test_at_the_break_even_bitcoin_price_the_reserve_is_worth_its_cost(catalogue, dataset):
    k = run(catalogue, dataset).key_results
    price = k["reserve_break_even_btc_usd"]
    assert price == pytest.approx(k["reserve_cost_usd_m"] * 1e6 / k["reserve_btc_per_year"])
    at_break_even = run(catalogue, dataset, btc_price_usd=price).key_results
    assert at_break_even["reserve_value_pkr_bn"] == pytest.approx(at_break_even["reserve_cost_pkr_bn"], rel=1e-9)
    assert at_break_even["reserve_net_pkr_bn"] == pytest.approx(0, abs=1e-9)
    # A 50 % price fall halves the value: the net position falls by half the cost.
    assert at_break_even["reserve_net_after_price_fall_pkr_bn"] == pytest.approx(-k["reserve_cost_pkr_bn"] / 2)


def test_selling_at_the_break_even_tariff_contributes_nothing(catalogue, dataset):
    k = run(catalogue, dataset).key_results
    tariff = k["reserve_break_even_tariff_pkr_per_kwh"]
    # The same energy's energy and network cost per kWh: the run's own cost, by hand.
    assert tariff == pytest.approx((k["reserve_energy_cost_pkr_bn"] + k["reserve_network_pkr_bn"]) * 1e9
                                   / (k["reserve_energy_gwh"] * 1e6))
    sold = run(catalogue, dataset, load={**STATE, "tariff_pkr_per_kwh": tariff}).key_results
    assert sold["reserve_tariff_contribution_pkr_bn"] == pytest.approx(0, abs=1e-6)
    # The tariff model agrees: the load's contribution to fixed cost is zero too, and its break-even is the same.
    assert sold["large_load_contribution_pkr_bn"] == pytest.approx(0, abs=1e-6)
    assert sold["break_even_tariff_pkr_per_kwh"] == pytest.approx(tariff)
    # At Rs 23/kWh, selling contributes (23 - break-even) on every kWh.
    assert k["reserve_tariff_contribution_pkr_bn"] == pytest.approx((23 - tariff) * 876e6 / 1e9)


def test_two_state_fleets_share_the_network_as_one(catalogue, dataset):
    halves = ({**STATE, "name": "North", "mw": 50.0, "zone": "north"}, {**STATE, "name": "South", "mw": 50.0})
    project = Project((Scenario("S", overrides={"network_hashrate_eh_s": NETWORK_EH_S,
                                                "network_hashrate_growth_pct": 0.0, "fee_share_pct": 2.0},
                                large_loads=halves),))
    k = evaluate(resolve(project, "S", catalogue), dataset).key_results
    assert k["reserve_btc_per_year"] == pytest.approx(5 / 1105 * 144 * 365 * 3.125 * 1.02, rel=1e-9)


def test_a_scenario_without_state_mining_has_no_reserve_numbers(catalogue, dataset):
    k = run(catalogue, dataset, load={**STATE, "kind": "crypto_mining"}).key_results
    assert not [key for key in k if "reserve" in key]


def test_state_mining_cannot_be_price_responsive(catalogue):
    with pytest.raises(EditRefused, match="[Ff]lexibility"):
        set_load_field(Project((Scenario("S", large_loads=(STATE,)),)), "S", 0, "flexibility", "price_responsive",
                       catalogue)


def test_run_json_carries_the_reserve_keys_only_for_the_state_mining_scenario(tmp_path, capsys):
    from workbench.cli import main
    from workbench.session import EXAMPLE_PROJECT

    out = tmp_path / "run.json"
    assert main(["run", str(EXAMPLE_PROJECT), "--scenario", "State mining into the reserve", "--scenario",
                 "Government proposal", "--json", str(out), "--quiet"]) == 0
    scenarios = {s["name"]: s["results"] for s in json.loads(out.read_text())["scenarios"]}
    mining = scenarios["State mining into the reserve"]
    for key in ("reserve_btc_per_year", "reserve_cost_pkr_bn", "reserve_break_even_btc_usd"):
        assert mining[key] > 0
        assert key not in scenarios["Government proposal"]
    report = capsys.readouterr().out
    assert "Reserve: break-even bitcoin price" in report and "USD/BTC" in report


def test_a_fleet_the_grid_never_serves_gives_no_break_even_and_no_infinite_numbers(catalogue, dataset):
    import math

    idle = run(catalogue, dataset, load={**STATE, "curtail_months": ["jul", "aug", "sep", "oct", "nov", "dec", "jan",
                                                                      "feb", "mar", "apr", "may", "jun"],
                                         "flexibility": "curtailable"}).key_results
    assert idle["reserve_btc_per_year"] == 0 and "reserve_break_even_btc_usd" not in idle
    # The machines are still bought: an idle fleet costs its write-off.
    assert idle["reserve_cost_pkr_bn"] == pytest.approx(idle["reserve_machines_pkr_bn"])
    assert idle["reserve_machines_pkr_bn"] > 0
    assert "reserve_break_even_tariff_pkr_per_kwh" not in idle
    assert all(math.isfinite(v) for v in idle.values())


def test_the_monte_carlo_values_each_draws_bitcoin_at_that_draws_price(example_session):
    # The bitcoin price and the hashprice share one draw (resources/uncertainty.csv); each draw's reserve
    # is valued at its own price, so the P10-P90 of the value spans the price's.
    from workbench.analysis.montecarlo import run_monte_carlo
    from workbench.io.uncertainty_loader import load_uncertainty

    s = example_session
    scenario = resolve(s.project, "State mining into the reserve", s.catalogue)
    inputs = load_uncertainty(s.catalogue, s.dataset)
    mc = run_monte_carlo(scenario, s.dataset, s.catalogue, inputs, 4, seed=7)
    drawn, results = mc.drawn, mc.results
    base = scenario.values
    assert list(results["reserve_btc_price_usd"]) == pytest.approx(list(drawn["btc_price_usd"]))  # flat path
    assert list(drawn["btc_price_usd"] / base["btc_price_usd"]) == pytest.approx(
        list(drawn["hashprice_usd_per_ph_day"] / base["hashprice_usd_per_ph_day"]))
    value = results["reserve_value_pkr_bn"]
    assert list(value) == pytest.approx(list(results["reserve_btc_per_year"] * drawn["btc_price_usd"]
                                             * drawn["pkr_per_usd"] / 1e9))
    summary = mc.summary()
    assert summary.loc["reserve_value_pkr_bn", "p10"] < summary.loc["reserve_value_pkr_bn", "p90"]
