"""Tariff, finance and miner model: hand-worked cases, identities, monotonicity, calibration."""
from dataclasses import replace

import numpy as np
import pytest

from workbench.core.large_load import LargeLoad
from workbench.core.project import Scenario, resolve
from workbench.core.scenario_values import ScenarioValues
from workbench.docgen import DOCS, headlines_markdown
from workbench.models import miners
from workbench.models.calibration import finance_checks
from workbench.models.dispatch import dispatch
from workbench.models.economics import LoadBill, YearEconomics, economics_keys, run_economics
from workbench.models.finance import (Costs, Policy, Volumes, capacity_cost, category_tariff, settle, tariff_drivers)
from workbench.models.grid import run_grid
from workbench.models.load_tariffs import billed_pkr, hourly_price, peak_hours
from workbench.models.miners import online_share_model
from workbench.models.problem import DispatchProblem
from workbench.models.system import calendar

MINERS = {"name": "Miners", "mw": 2000.0, "load_factor": 0.95, "zone": "south", "tariff_pkr_per_kwh": 23.0}


def evaluate_case(session, overrides=None, loads=(MINERS,), parent="No allocation"):
    project = session.project.with_scenario(Scenario("t", parent, overrides or {}, large_loads=tuple(loads)))
    r = resolve(project, "t", session.catalogue)
    cal = calendar(session.dataset)
    run = run_grid(r.engine_values, r.engine_loads, session.dataset,
                   online_share=online_share_model(r.engine_values, session.dataset, cal))
    economics = run_economics(run, r.engine_loads, r.engine_values, session.dataset)
    return run, economics, r.engine_values


# ---------------------------------------------------------------- a two-plant, one-load system by hand

def two_plant_problem(load_mw):
    """One hour: plant A 100 MW at Rs 10/kWh, plant B 100 MW at Rs 20/kWh; consumers 80 MW."""
    return DispatchProblem(
        month=np.zeros(1, int), firm_demand=np.array([[80.0 + load_mw]]), flexible_demand=np.zeros((1, 1)),
        must_take=np.zeros((1, 1)), unit_names=("A", "B"), unit_zone=np.array([0, 0]),
        unit_available=np.array([[100.0], [100.0]]), unit_min=np.zeros((2, 1)), unit_srmc=np.array([10.0, 20.0]),
        hydro_budget=np.zeros((1, 12)), hydro_max=np.zeros((1, 12)), hydro_min=np.zeros((1, 12)), hydro_srmc=0.0,
        reserve_mw=0.0, transfer_limit_mw=0.0, voll=1000.0, flexible_penalty=500.0)


def test_two_plant_one_load_tariff_change_contribution_and_break_even_by_hand():
    policy = Policy(allowed_loss=0.10, actual_loss=0.20, recovery=0.90, pass_through=True, tds_pkr=0.0,
                    notified_average=25.0)
    without, with_load = two_plant_problem(0), two_plant_problem(50)
    e0 = dispatch(without).energy_cost_pkr(without)
    e1 = dispatch(with_load).energy_cost_pkr(with_load)
    # Without: A runs 80 MW -> 80 MWh x Rs 10 = Rs 800,000. With 50 MW more: A 100, B 30 ->
    # 1,000 x 1,000 + 30 x 20 x 1,000 = Rs 1,600,000; the load adds Rs 800,000 (Rs 16/kWh on average).
    assert (e0, e1) == (pytest.approx(800_000), pytest.approx(1_600_000))
    network = 2.0 * 50 * 1000  # Rs 2/kWh on 50,000 kWh
    tariff = 23.0
    billed = tariff * 50 * 1000  # Rs 1,150,000
    fixed = dict(out_of_merit=0.0, capacity=1_000_000.0, distribution_margin=200_000.0, other=0.0)
    base = settle(Costs(energy=e0, network_large_loads=0.0, **fixed), Volumes(80, 80, 0), 0.0, 0.0, policy)
    case = settle(Costs(energy=e1, network_large_loads=network, **fixed), Volumes(130, 80, 50), billed,
                  billed * 0.8, policy)
    # Baseline: RR = 800,000 + 1,000,000 + 200,000 = 2,000,000 over 80 MWh x 90% = 72,000 kWh.
    assert base.uniform_tariff == pytest.approx(2_000_000 / 72_000)  # Rs 27.78/kWh
    # The code's own measures (YearEconomics), on the two settlements and the load's bill.
    def year(collected):
        bill = LoadBill(name="L", kind="industrial", scheme="flat", metered_mwh=50.0, billed=billed,
                        collected=collected, network=network, usd_billed=0.0, online_share=1.0,
                        online_share_stressed=1.0)
        return YearEconomics(2026, base, case, (bill,), 0.0, 25.0)
    paid = year(billed)
    # Incremental energy 1,600,000 - 800,000 = 800,000. Contribution = 1,150,000 - 800,000 - 100,000
    # = 250,000; others' tariff falls by 250,000 / 72,000.
    assert paid.incremental_energy == pytest.approx(800_000)
    assert paid.contribution == pytest.approx(250_000)
    assert case.uniform_tariff - base.uniform_tariff == pytest.approx(-250_000 / 72_000)  # -Rs 3.47/kWh
    # Break-even: (800,000 + 100,000) / 50,000 kWh = Rs 18/kWh. At exactly that tariff others pay the same.
    assert paid.marginal_cost == pytest.approx(18.0)
    assert paid.break_even == pytest.approx(18.0)
    # With 80% of the bill paid: contribution 920,000 - 900,000 = 20,000; break-even 18 / 0.8 = Rs 22.5/kWh.
    partly = year(billed * 0.8)
    assert partly.contribution == pytest.approx(20_000)
    assert partly.break_even == pytest.approx(22.5)
    break_even = paid.break_even
    at_break_even = settle(Costs(energy=e1, network_large_loads=network, **fixed), Volumes(130, 80, 50),
                           break_even * 50_000, break_even * 50_000, policy)
    assert at_break_even.uniform_tariff == pytest.approx(base.uniform_tariff, abs=1e-12)
    # Circular debt: 8,000 kWh lost above the allowed level at U; 10% of consumers' bills unpaid
    # (64,000 kWh x A); 20% of the load's bill unpaid.
    u, a = case.uniform_tariff, case.consumer_average
    assert case.debt_losses == pytest.approx(8_000 * u)
    assert case.debt_unpaid_bills == pytest.approx(0.1 * 64_000 * a)
    assert case.debt_unpaid_large_loads == pytest.approx(0.2 * billed)


def test_revenue_requirement_is_collected_plus_subsidy_plus_circular_debt(example_session):
    for policy in ("pass_through", "held_at_notified"):
        for name in example_session.project.names():
            project = example_session.project.with_scenario(
                Scenario("t", name, {"tariff_policy": policy, "recovery_ratio_pct": 92.4}))
            r = resolve(project, "t", example_session.catalogue)
            run = run_grid(r.engine_values, r.engine_loads, example_session.dataset)
            for ye in run_economics(run, r.engine_loads, r.engine_values, example_session.dataset):
                for st in (ye.baseline, ye.scenario):
                    total = st.collected + st.subsidy + st.circular_debt_flow
                    assert total == pytest.approx(st.revenue_requirement, rel=1e-12), (name, policy)


def test_load_at_its_break_even_tariff_leaves_others_tariff_unchanged(example_session):
    _, economics, _ = evaluate_case(example_session)
    break_even = economics[0].break_even
    _, at_break_even, _ = evaluate_case(example_session, loads=({**MINERS, "tariff_pkr_per_kwh": break_even},))
    ye = at_break_even[0]
    assert ye.contribution == pytest.approx(0.0, abs=0.01)  # a paisa, on bills of ~Rs 300 bn
    assert ye.scenario.uniform_tariff - ye.baseline.uniform_tariff == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("flexibility", ["firm", "curtailable"])
def test_higher_miner_tariff_never_raises_other_consumers_tariff(example_session, flexibility):
    load = {**MINERS, "flexibility": flexibility, "curtail_below_headroom_mw": 3000.0}
    changes = []
    for tariff in (10.0, 18.0, 23.0, 30.0, 45.0):
        _, economics, _ = evaluate_case(example_session, loads=({**load, "tariff_pkr_per_kwh": tariff},))
        changes.append(economics[0].scenario.uniform_tariff - economics[0].baseline.uniform_tariff)
    assert all(b <= a + 1e-12 for a, b in zip(changes, changes[1:])), changes


def test_pricing_miners_out_can_raise_others_tariffs(example_session):
    """Price-responsive miners leave when the tariff passes their break-even: what they paid above
    cost leaves with them. The monotonicity above holds for contracted loads, not for these."""
    load = {**MINERS, "flexibility": "price_responsive"}
    _, below, _ = evaluate_case(example_session, loads=({**load, "tariff_pkr_per_kwh": 23.0},))
    _, above, _ = evaluate_case(example_session, loads=({**load, "tariff_pkr_per_kwh": 45.0},))
    assert above[0].metered_mwh < below[0].metered_mwh  # at Rs 45 the whole fleet switches off
    assert above[0].metered_mwh == 0
    change = [e[0].scenario.uniform_tariff - e[0].baseline.uniform_tariff for e in (below, above)]
    assert change[1] > change[0]


def test_higher_hashprice_never_lowers_the_online_share(example_session, catalogue):
    prices = np.linspace(0.0, 0.3, 301)  # USD/kWh
    shares = []
    defaults = ScenarioValues.of(catalogue.defaults())
    for hashprice in (20.0, 30.0, 43.1, 60.0, 90.0):
        fleet = miners.fleet_break_even(replace(defaults, hashprice_source="given", hashprice_usd_per_ph_day=hashprice,
                                                fleet_efficiency_j_per_th=20.0))
        shares.append(miners.online_share(prices, fleet))
    assert all((b >= a).all() for a, b in zip(shares, shares[1:]))
    # In the model: served energy of price-responsive miners does not fall when hashprice rises.
    load = {**MINERS, "flexibility": "price_responsive"}
    served = [evaluate_case(example_session, {"hashprice_usd_per_ph_day": h}, loads=(load,))[1][0].metered_mwh
              for h in (30.0, 43.1, 60.0)]
    assert served[0] <= served[1] <= served[2]


def test_break_even_electricity_price_and_hashprice_by_hand(catalogue):
    # p* = hashprice / (24 x J/TH): $45 at 20 J/TH -> 45 / 480 = $0.09375/kWh (brief: $0.094).
    assert float(miners.break_even_usd_per_kwh(45.0, 20.0)) == pytest.approx(0.09375)
    # 144 blocks x 3.125 BTC x $104,000 / 1,100,000 PH/s = $42.545/PH/day.
    defaults = ScenarioValues.of(catalogue.defaults())
    values = replace(defaults, hashprice_source="btc_price_and_hashrate", network_hashrate_eh_s=1100.0,
                     block_reward_btc=3.125, btc_price_usd=104000.0)
    assert miners.hashprice(values) == pytest.approx(144 * 3.125 * 104000 / 1_100_000)
    # Fleet at 20 J/TH, $43.1: classes 13, 20, 28.2 J/TH break even at 0.138, 0.0898, 0.0637 $/kWh,
    # so at $0.082 (Rs 23) three quarters of the fleet is online, at $0.05 all of it, at $0.2 none.
    fleet = miners.fleet_break_even(replace(defaults, hashprice_source="given", hashprice_usd_per_ph_day=43.1,
                                            fleet_efficiency_j_per_th=20.0))
    assert list(miners.online_share(np.array([0.05, 0.082, 0.2]), fleet)) == [1.0, 0.75, 0.0]
    # Averaged over hours: a flat tariff gives its share exactly, whatever the weights; a varying one the
    # weighted mean (two hours at $0.05 weighing 1 and 3, one at $0.2 weighing 4: (1 + 3) / 8 online).
    weights = np.random.default_rng(5).uniform(0.1, 2000.0, 8760)
    assert miners.average_online_share(np.full(8760, 0.082), fleet, weights) == 0.75
    assert miners.average_online_share(np.array([0.05, 0.05, 0.2]), fleet, np.array([1.0, 3.0, 4.0])) == 0.5


def test_tariff_schemes_bill_what_they_say(example_session, catalogue):
    dataset = example_session.dataset
    peak = peak_hours(dataset)
    # Four peak hours a day, every day: 365 x 4 = 1,460.
    assert peak.sum() == 1460
    values = replace(ScenarioValues.of(catalogue.defaults()), pkr_per_usd=300.0)
    mc = np.linspace(10, 30, 8760)
    fields = {**catalogue.load_defaults(), "name": "L", "mw": 100.0, "tariff_scheme": "flat_pkr",
              "tariff_pkr_per_kwh": 23.0, "tariff_usd_per_kwh": 0.08, "tariff_adder_pkr_per_kwh": 2.0,
              "tou_peak_pkr_per_kwh": 40.0, "take_or_pay_share": 0.7}
    base = LargeLoad.of(fields)
    assert (hourly_price(replace(base, tariff_scheme="usd"), values, mc, peak) == 24.0).all()  # 0.08 x 300
    assert np.allclose(hourly_price(replace(base, tariff_scheme="marginal_plus"), values, mc, peak), mc + 2)
    tou = hourly_price(replace(base, tariff_scheme="time_of_use"), values, mc, peak)
    assert tou[peak].min() == 40.0 and tou[~peak].max() == 23.0
    metered, offered = np.full(8760, 50.0), np.full(8760, 100.0)
    # Take-or-pay: uses 438,000 MWh of the 876,000 offered; pays the 70% minimum: 613,200 MWh x Rs 23 x 1,000.
    tp = replace(base, tariff_scheme="take_or_pay")
    assert billed_pkr(tp, hourly_price(tp, values, mc, peak), metered, offered) == pytest.approx(613_200 * 23_000)
    flat = billed_pkr(base, hourly_price(base, values, mc, peak), metered, offered)
    assert flat == pytest.approx(438_000 * 23_000)


def test_dollar_tariff_revenue_moves_with_the_exchange_rate(example_session):
    usd = {**MINERS, "tariff_scheme": "usd", "tariff_usd_per_kwh": 0.082}
    keys = {}
    for fx in (280.0, 330.0):
        run, economics, values = evaluate_case(example_session, {"pkr_per_usd": fx}, loads=(usd,))
        keys[fx] = economics_keys(economics[0], values, example_session.dataset)
    assert keys[280.0]["large_load_usd_revenue_usd_m"] == pytest.approx(keys[330.0]["large_load_usd_revenue_usd_m"])
    assert keys[330.0]["large_load_revenue_pkr_bn"] / keys[280.0]["large_load_revenue_pkr_bn"] == \
        pytest.approx(330 / 280)
    assert keys[280.0]["large_load_effective_tariff_pkr_per_kwh"] == pytest.approx(0.082 * 280)


def test_capacity_payments_and_their_dollar_indexation(example_session):
    dataset = example_session.dataset
    _, economics, values = evaluate_case(example_session, {"include_pipeline": False})
    run = run_grid(values, (), dataset)
    plants = run.years[0].year.plants
    at_reference, usd = capacity_cost(plants, values, dataset)
    assert at_reference == pytest.approx(1941e9)  # NEPRA FY26 total at the reference Rs 280/USD
    # USD-indexed part, from the data set: each plant's FY25 payment x its USD share, scaled so the
    # fleet's FY25 payments (1,806.3 in the data set; NEPRA's total is 1,806.2) become 1,941, at Rs 280/USD.
    fy25 = [float(dataset.plant(p, "capacity_payment")) for p in dataset.plant_ids()]
    assert sum(fy25) == pytest.approx(1806.3)
    indexed_pkr = sum(pay * float(dataset.plant(p, "usd_indexed_share"))
                      for pay, p in zip(fy25, dataset.plant_ids())) * 1941 / 1806.3 * 1e9
    assert usd == pytest.approx(indexed_pkr / 280)
    weak_rupee, _ = capacity_cost(plants, replace(values, pkr_per_usd=330.0), dataset)
    assert weak_rupee - at_reference == pytest.approx(indexed_pkr * (330 / 280 - 1))


def test_category_tariffs_keep_the_cross_subsidy_and_bills_by_hand(example_session):
    dataset = example_session.dataset
    # At the notified average, tariffs are the notified ones: 200 units = 100 x 10.54 + 100 x 13.01.
    bill = sum(units * category_tariff(dataset, c, 31.59, 31.59)
               for c, units in (("protected_1_100", 100), ("protected_101_200", 100)))
    assert bill == pytest.approx(2355.0)
    # Raise the consumers' average by Rs 1: lifeline stays, every other tariff moves in proportion
    # to its notified level, and the sales-weighted average of all categories moves by exactly Rs 1.
    from workbench.models.finance import CATEGORIES
    shares = {c: dataset.number(f"tariff.{c}.sales_share") for c in CATEGORIES}
    moved = {c: category_tariff(dataset, c, 32.59, 31.59) - category_tariff(dataset, c, 31.59, 31.59)
             for c in CATEGORIES}
    assert moved["lifeline_0_50"] == moved["lifeline_51_100"] == 0.0
    assert sum(shares[c] * moved[c] for c in CATEGORIES) / sum(shares.values()) == pytest.approx(1.0)
    assert moved["commercial"] / moved["industrial"] == pytest.approx(45.43 / 33.48)


def test_held_tariffs_turn_the_gap_into_subsidy(example_session):
    _, economics, _ = evaluate_case(example_session, {"tariff_policy": "held_at_notified", "pkr_per_usd": 330.0})
    ye = economics[0]
    # Consumers pay the notified schedule (Rs 31.59 on average) plus the Rs 3.23 debt-service surcharge.
    assert ye.scenario.base_average == ye.baseline.base_average == 31.59
    assert ye.scenario.consumer_average == pytest.approx(31.59 + 3.23)
    gap = (ye.scenario.uniform_tariff - (31.59 + 3.23)) * ye.scenario.sales_actual_mwh * 1000
    assert ye.scenario.subsidy == pytest.approx(gap)


def test_drivers_add_up_to_the_tariff_change(example_session):
    for loads in ((MINERS,), ({**MINERS, "tariff_pkr_per_kwh": 15.0},)):
        _, economics, _ = evaluate_case(example_session, {"summer_demand_uplift_pct": 8.0}, loads=loads)
        ye = economics[0]
        drivers = dict(tariff_drivers(ye.baseline, ye.scenario))
        assert sum(drivers.values()) == pytest.approx(ye.scenario.uniform_tariff - ye.baseline.uniform_tariff,
                                                      abs=1e-12)
        assert drivers["Large-load revenue"] < 0 < drivers["Fuel and variable O&M"]


def test_imf_price_gap_and_red_line(example_session):
    _, cheap, values = evaluate_case(example_session, loads=({**MINERS, "tariff_pkr_per_kwh": 12.0},))
    keys = economics_keys(cheap[0], values, example_session.dataset)
    ye = cheap[0]
    # Rs 12 is below the break-even: gap = (break-even - 12) x kWh.
    assert keys["imf_price_gap_marginal_pkr_bn"] == pytest.approx((ye.break_even - 12.0) * ye.metered_mwh / 1e6)
    assert keys["imf_no_new_subsidy_pass"] == 0.0
    assert keys["imf_price_gap_full_cost_pkr_bn"] > keys["imf_price_gap_marginal_pkr_bn"]
    assert keys["large_load_contribution_pkr_bn"] == pytest.approx(-keys["imf_price_gap_marginal_pkr_bn"])


def test_data_centre_draws_it_load_times_pue(example_session):
    dc = {"name": "AI", "kind": "ai_data_centre", "mw": 385.0, "pue": 1.3, "load_factor": 0.88, "zone": "north"}
    run, _, _ = evaluate_case(example_session, loads=(dc,))
    # 385 MW of IT x 1.3 x 0.88 / (1 - 0.026) at the busbar, every hour.
    assert run.years[0].loads[0].requested[0] == pytest.approx(385 * 1.3 * 0.88 / 0.974)


def test_finance_calibration(example_session):
    checks = finance_checks(example_session.dataset, example_session.catalogue)
    assert [c.quantity for c in checks if not c.ok] == []


def test_headline_table_is_current(dataset):
    # Pinned output: regenerated by `python main.py docs`. The quantities in it are tested directly by
    # test_headline_measures_follow_from_the_two_dispatches and the hand-worked and identity tests above.
    assert (DOCS / "headlines.md").read_text(encoding="utf-8") == headlines_markdown(dataset), \
        "docs/headlines.md is stale: run `python main.py docs`"


def test_headline_measures_follow_from_the_two_dispatches(example_session):
    """Contribution and break-even of a scenario, recomputed from the dispatches and bills, not the doc."""
    run, economics, values = evaluate_case(example_session)
    yd, ye = run.years[0], economics[0]
    d_energy = yd.solution.energy_cost_pkr(yd.problem) - yd.baseline.energy_cost_pkr(yd.baseline_problem)
    metered_kwh = float((yd.loads[0].served * (1 - yd.year.transmission_loss)).sum()) * 1000
    network = values.tmo_charge_pkr_per_kwh * metered_kwh
    billed = 23.0 * metered_kwh  # a flat tariff of Rs 23/kWh on metered energy (transmission-connected)
    collected = billed  # payment recovery defaults to 100%
    keys = economics_keys(ye, values, example_session.dataset)
    assert ye.billed == pytest.approx(billed, rel=1e-9)
    assert keys["large_load_contribution_pkr_bn"] == pytest.approx((collected - d_energy - network) / 1e9, rel=1e-9)
    assert keys["break_even_tariff_pkr_per_kwh"] == pytest.approx(
        (d_energy + network) / metered_kwh / (collected / billed), rel=1e-9)


def test_debt_service_surcharge_is_in_the_revenue_requirement(example_session):
    tariffs = {}
    for dss in (3.23, 20.0):
        _, economics, _ = evaluate_case(example_session, {"debt_service_surcharge_pkr_per_kwh": dss})
        st = economics[0].scenario
        assert st.uniform_tariff - st.uniform_tariff_excl_surcharge == pytest.approx(dss)
        assert st.debt_service == pytest.approx(dss * st.sales_allowed_mwh * 1000)
        tariffs[dss] = st.uniform_tariff
    assert tariffs[20.0] - tariffs[3.23] == pytest.approx(20.0 - 3.23)


def test_unpaid_bills_do_not_count_as_contribution(example_session):
    _, paid, values = evaluate_case(example_session)
    _, half, _ = evaluate_case(example_session, loads=({**MINERS, "payment_recovery_pct": 50.0},))
    full, part = paid[0], half[0]
    # Same dispatch and bills; half of the bills are paid, so the contribution loses half the bill.
    assert part.billed == pytest.approx(full.billed)
    assert part.contribution == pytest.approx(full.contribution - 0.5 * full.billed)
    assert part.break_even == pytest.approx(2 * full.break_even)  # twice the tariff to collect the cost
    keys = economics_keys(part, values, example_session.dataset)
    assert keys["imf_no_new_subsidy_pass"] == 0.0  # Rs 11.5 collected per kWh is below the cost
    assert keys["imf_price_gap_marginal_pkr_bn"] == pytest.approx(-part.contribution / 1e9)
    assert part.scenario.debt_unpaid_large_loads == pytest.approx(0.5 * full.billed)


def test_red_line_on_shedding_counts_existing_consumers_not_the_new_loads(example_session):
    from workbench.models.evaluate import evaluate
    stress = {"summer_demand_uplift_pct": 8.0, "hydrology_factor": 0.8}
    keys = {}
    for policy in ("pro_rata", "protect_households"):
        project = example_session.project.with_scenario(
            Scenario("t", "No allocation", {**stress, "shedding_priority": policy}, large_loads=(MINERS,)))
        keys[policy] = evaluate(resolve(project, "t", example_session.catalogue), example_session.dataset).key_results
    assert keys["pro_rata"]["added_unserved_energy_gwh"] > 0
    # Protecting households: the miners absorb all the added shedding, existing consumers none.
    protected = keys["protect_households"]
    assert protected["added_existing_consumers_unserved_gwh"] == pytest.approx(0.0, abs=1e-9)
    assert protected["added_unserved_energy_gwh"] == pytest.approx(keys["pro_rata"]["added_unserved_energy_gwh"])
    assert keys["pro_rata"]["added_existing_consumers_unserved_gwh"] > 0


def test_energy_and_co2_of_the_new_loads_are_counted_at_their_meters(example_session):
    from workbench.models.evaluate import evaluate
    load = {"name": "DISCO-connected", "mw": 1000.0, "load_factor": 1.0, "zone": "north",
            "connection": "distribution"}
    project = example_session.project.with_scenario(Scenario("t", "No allocation", {}, large_loads=(load,)))
    keys = evaluate(resolve(project, "t", example_session.catalogue), example_session.dataset).key_results
    # 1,000 MW for 8,760 hours at the meter; the busbar supplies more, grossed up for both losses.
    assert keys["large_load_metered_gwh"] == pytest.approx(8760.0)
    assert keys["large_load_served_gwh"] == pytest.approx(8760.0 / (0.974 * (1 - 0.1755)))
    assert keys["marginal_co2_t_per_mwh"] == pytest.approx(keys["marginal_co2_mt"] * 1e6 / 8760e3)
    assert keys["marginal_co2_t_per_mwh"] > keys["marginal_co2_t_per_generated_mwh"]


def test_take_or_pay_bills_what_the_customer_declined_not_what_the_grid_cut(example_session):
    tp = {**MINERS, "tariff_scheme": "take_or_pay", "take_or_pay_share": 1.0}
    # Curtailed by the grid's own rule: billed only for what it received.
    _, curtailed, _ = evaluate_case(example_session, {"summer_demand_uplift_pct": 6.0},
                                    loads=({**tp, "flexibility": "curtailable", "curtail_below_headroom_mw": 4000.0},))
    bill = curtailed[0].loads[0]
    assert bill.metered_mwh < 2000 * 0.95 * 8760  # the rule did cut it
    assert bill.billed == pytest.approx(23.0 * bill.metered_mwh * 1000)
    # Price-responsive miners that switch themselves off at Rs 45 pay the full minimum anyway.
    _, declined, _ = evaluate_case(example_session, loads=({**tp, "flexibility": "price_responsive",
                                                             "tariff_pkr_per_kwh": 45.0},))
    bill = declined[0].loads[0]
    assert bill.metered_mwh == 0.0
    assert bill.billed == pytest.approx(45.0 * 2000 * 0.95 * 8760 * 1000)  # MW x LF x hours, at the meter


def test_multi_year_headlines_add_whole_horizon_sums(example_session):
    from workbench.models.evaluate import evaluate
    late = ({**MINERS, "start_month": 12},)  # supplied from the second year only
    project = example_session.project.with_scenario(
        Scenario("t", "No allocation", {"study_years": 2}, large_loads=late))
    result = evaluate(resolve(project, "t", example_session.catalogue), example_session.dataset, frames=True)
    keys = result.key_results
    assert "large_load_contribution_pkr_bn" not in keys  # nothing delivered in the first year
    bills = result.frames["large_load_bills"]
    assert keys["horizon_large_load_metered_gwh"] == pytest.approx(bills["metered_gwh"].sum())
    assert keys["horizon_large_load_metered_gwh"] == pytest.approx(2000 * 0.95 * 8760 / 1000, rel=1e-9)
    assert keys["horizon_large_load_revenue_pkr_bn"] == pytest.approx(bills["bill_pkr_bn"].sum())
    assert keys["horizon_large_load_contribution_pkr_bn"] > 0


def test_value_of_lost_load_must_rank_above_every_plant(example_session):
    from workbench.core.errors import WorkbenchError
    with pytest.raises(WorkbenchError, match="value of lost load .* rfo_genco_steam"):
        evaluate_case(example_session, {"rfo_price_usd_per_mmbtu": 80.0})


def test_bagasse_fuel_is_in_the_energy_cost(example_session):
    from workbench.models.grid_results import technology_output
    run, _, _ = evaluate_case(example_session, loads=())
    yd = run.years[0]
    p, s = yd.problem, yd.solution
    thermal_and_hydro = (s.unit_output.sum(axis=1) @ p.unit_srmc + s.hydro.sum() * p.hydro_srmc) * 1000
    bagasse_mwh = technology_output(yd, example_session.dataset, p, s)["bagasse"].sum()
    assert bagasse_mwh > 0
    # Rs 6.5 fuel + Rs 0.5 VOM per kWh (data set).
    assert s.energy_cost_pkr(p) - thermal_and_hydro == pytest.approx(bagasse_mwh * 1000 * 7.0, rel=1e-9)


def test_red_lines_are_judged_at_the_precision_shown():
    from workbench.core.headlines import Headline
    bill = Headline("k", "Bill change", "PKR/month", 0, "<= 0")
    contribution = Headline("c", "Contribution", "PKR bn", 1, ">= 0")
    plain = Headline("p", "Imported fuel", "USD m", 0)
    # 0.4 PKR/month shows as "0": not a rise a reader could see; 0.6 shows as "1" and fails.
    assert bill.passes(0.4) and not bill.passes(0.6) and bill.passes(-58)
    assert bill.format(-0.3) == "0" and bill.rounded(-0.3) == 0.0 and bill.rounded(-0.6) == -0.6
    # -0.04 bn shows as "0.0" and passes; -0.06 shows as "-0.1" and fails.
    assert contribution.passes(-0.04) and not contribution.passes(-0.06)
    assert plain.passes(1e9) and plain.passes(-1e9)  # no red line, nothing to fail


def test_loads_that_pay_nothing_give_no_break_even_and_lose_their_whole_bill(example_session, tmp_path, capsys):
    """payment_recovery_pct = 0 crashed the run (ZeroDivisionError in the break-even)."""
    import json
    import math

    from workbench.cli import main
    from workbench.core import edits
    from workbench.core.project import resolve
    from workbench.io.project_file import dumps
    from workbench.models.evaluate import evaluate
    s, name = example_session, "Government proposal"
    unpaid = s.project
    for i in range(len(resolve(s.project, name, s.catalogue).large_loads)):
        unpaid = edits.set_load_field(unpaid, name, i, "payment_recovery_pct", 0.0, s.catalogue)
    paid = evaluate(resolve(s.project, name, s.catalogue), s.dataset).key_results
    k = evaluate(resolve(unpaid, name, s.catalogue), s.dataset).key_results
    assert math.isnan(k["break_even_tariff_pkr_per_kwh"]) and math.isnan(k["full_cost_tariff_pkr_per_kwh"])
    # Paid in full, the loads' bill is collected; paid not at all, the contribution is short by that whole bill.
    assert paid["large_load_contribution_pkr_bn"] - k["large_load_contribution_pkr_bn"] == pytest.approx(
        paid["large_load_revenue_pkr_bn"], rel=1e-9)
    path, out = tmp_path / "unpaid.wbproj", tmp_path / "unpaid.json"
    path.write_bytes(dumps(unpaid))
    assert main(["run", str(path), "--scenario", name, "--json", str(out), "--xlsx", str(tmp_path / "b.xlsx")]) == 0
    printed = capsys.readouterr().out
    assert next(line for line in printed.splitlines() if line.startswith("Break-even tariff")).split()[-1] == "n/a"
    assert json.loads(out.read_text())["scenarios"][0]["results"]["break_even_tariff_pkr_per_kwh"] is None
