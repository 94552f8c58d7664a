"""The example's "Government proposal, miners follow hashprice" (issue 11, part 5): what a price-responsive fleet
takes at the flat tariff, worked by hand from the miner formulas, and the scenario's note quoting the model."""
import pytest

from workbench.core.headlines import KEY_NUMBERS
from workbench.core.project import resolve
from workbench.models.evaluate import evaluate

FOLLOW = "Government proposal, miners follow hashprice"


@pytest.fixture(scope="module")
def pair(example_session):
    project, catalogue, dataset = example_session.project, example_session.catalogue, example_session.dataset
    return {name: (resolve(project, name, catalogue), evaluate(resolve(project, name, catalogue), dataset))
            for name in ("Government proposal", FOLLOW)}


def test_the_scenario_is_the_proposal_with_price_responsive_miners(example_session, pair):
    firm, follow = pair["Government proposal"][0], pair[FOLLOW][0]
    assert example_session.project.scenario(FOLLOW).parent == "Government proposal"
    assert dict(follow.values) == dict(firm.values)
    assert [{**load, "flexibility": "firm"} for load in follow.large_loads] == [dict(load) for load in firm.large_loads]
    assert {load.flexibility for load in follow.engine_loads} == {"price_responsive"}


def test_at_a_flat_tariff_the_fleet_share_that_covers_its_power_cost_takes_its_energy(pair):
    firm_r, firm = pair["Government proposal"]
    follow_r, follow = pair[FOLLOW]
    v = follow_r.engine_values
    # Break-even p* = hashprice / (24 x J/TH) for the three classes (0.65x, 1x, 1.41x the typical 20 J/TH):
    # USD 43.1 -> 0.138, 0.0898, 0.0637 USD/kWh; the flat Rs 23 at Rs 280/USD is 0.0821, so the newer quarter
    # and the typical half run, the older quarter does not: 75% of the fleet, in every hour.
    price_usd = 23.0 / v.pkr_per_usd
    share = sum(weight for factor, weight in ((0.65, 0.25), (1.0, 0.5), (1.41, 0.25))
                if v.hashprice_usd_per_ph_day / (24 * v.fleet_efficiency_j_per_th * factor) >= price_usd)
    assert share == 0.75
    k0, k1 = firm.key_results, follow.key_results
    # Nobody is shed in either case, so the fleet takes exactly that share of the firm proposal's energy.
    assert k0["added_existing_consumers_unserved_gwh"] == k1["added_existing_consumers_unserved_gwh"] == 0
    assert k1["large_load_metered_gwh"] == pytest.approx(share * k0["large_load_metered_gwh"], rel=1e-12)
    assert k1["large_load_revenue_pkr_bn"] == pytest.approx(share * k0["large_load_revenue_pkr_bn"], rel=1e-12)
    assert k1["miner_online_share_pct"] == k0["miner_online_share_pct"] == 100 * share
    # Less energy sold at a tariff above its marginal cost: less contribution and a smaller bill cut.
    assert 0 < k1["large_load_contribution_pkr_bn"] < k0["large_load_contribution_pkr_bn"]
    assert k0["household_200_units_bill_change_pkr_per_month"] < k1["household_200_units_bill_change_pkr_per_month"] < 0


def test_the_note_quotes_the_models_figures(example_session, pair):
    # Pinned text: the note's figures as the model gives them; the quantities are tested above.
    note = example_session.project.scenario(FOLLOW).notes
    k0, k1 = pair["Government proposal"][1].key_results, pair[FOLLOW][1].key_results
    gwh, bn = "large_load_metered_gwh", "large_load_contribution_pkr_bn"
    bill = "household_200_units_bill_change_pkr_per_month"
    assert k1["miner_online_share_pct"] == 75  # "three quarters" in the note
    for text in (f"from {k0[gwh]:,.0f} to {k1[gwh]:,.0f} GWh", f"from Rs {k0[bn]:.0f} bn to Rs {k1[bn]:.0f} bn",
                 f"from Rs {-k0[bill]:.0f} to Rs {-k1[bill]:.0f} a month", "three quarters",
                 f"USD {k1['hashprice_usd_per_ph_day']:.1f}/PH/day"):
        assert text in note, text


def test_the_key_numbers_put_the_fleet_share_next_to_the_mw_assumed(example_session, pair):
    keys = [h.key for h in KEY_NUMBERS]
    assert keys.index("miner_online_share_pct") == keys.index("miner_contracted_mw") + 1
    for name, (resolved, result) in pair.items():
        mining = sum(load["mw"] for load in resolved.large_loads if load["kind"] == "crypto_mining")
        assert mining == 1340 + 660  # Port Qasim and China Hub, and Sahiwal, in the example file
        assert result.key_results["miner_contracted_mw"] == mining, name
