"""Monte Carlo and tornado (issue 10, parts 1, 4 and 8): seeded draws, any number of workers, the
deterministic answer at zero width, breach odds equal to a count, and inputs refused by name."""
from __future__ import annotations

import json
import math
import pickle
from dataclasses import replace

import numpy as np
import pytest

from workbench.analysis.draws import Z90, draw_inputs, quantile
from workbench.analysis.montecarlo import run_monte_carlo
from workbench.analysis.tornado import run_tornado
from workbench.cli import main
from workbench.core.errors import DataSetError
from workbench.core.project import resolve
from workbench.core.uncertainty import Uncertain, UncertaintyError, check_inputs, with_width
from workbench.io.uncertainty_loader import COLUMNS, load_uncertainty
from workbench.models.evaluate import evaluate

GOV = "Government proposal"


@pytest.fixture(scope="module")
def setup(example_session):
    s = example_session
    return s, resolve(s.project, GOV, s.catalogue), load_uncertainty(s.catalogue, s.dataset)


@pytest.fixture(scope="module")
def mc_runs(setup):
    s, scenario, inputs = setup
    return {w: run_monte_carlo(scenario, s.dataset, s.catalogue, inputs, 8, seed=11, workers=w) for w in (1, 2, 4)}


# ------------------------------------------------------------------ distributions, by hand

def test_z90_written_out_is_the_normal_p90():
    from scipy.special import ndtri

    assert Z90 == float(ndtri(0.9))


def test_each_distribution_puts_its_p10_and_p90_or_bounds_where_the_file_says():
    q = np.array([0.1, 0.5, 0.9])
    normal = quantile(Uncertain("k", "shift_normal", -1.2, 1.2), 2.8, q)
    assert normal == pytest.approx([1.6, 2.8, 4.0])  # 2.8 -/+ 1.2 at the P10 and P90, 2.8 at the median
    lognormal = quantile(Uncertain("k", "factor_lognormal", 0.85, 1.2), 12.59, q)
    assert lognormal == pytest.approx([12.59 * 0.85, 12.59 * math.sqrt(0.85 * 1.2), 12.59 * 1.2])
    uniform = quantile(Uncertain("k", "factor_uniform", 0.94, 1.06), 0.85, q)
    assert uniform == pytest.approx([0.85 * 0.952, 0.85, 0.85 * 1.048])
    # Triangular from 0 to 6, most likely 0: P(X <= x) = 1 - (1 - x/6)^2, so x(q) = 6 (1 - sqrt(1 - q)).
    triangular = quantile(Uncertain("k", "shift_triangular", 0.0, 6.0), 0.0, q)
    assert triangular == pytest.approx([6 * (1 - math.sqrt(0.9)), 6 * (1 - math.sqrt(0.5)), 6 * (1 - math.sqrt(0.1))])
    both_sides = quantile(Uncertain("k", "shift_triangular", -2.0, 2.0), 10.0, q)
    assert both_sides[1] == pytest.approx(10.0) and both_sides[0] == pytest.approx(10 - 2 * (1 - math.sqrt(0.2)))


def test_draws_are_seeded_grouped_bounded_and_a_prefix_of_a_longer_run(setup):
    s, scenario, inputs = setup
    a = draw_inputs(scenario.values, inputs, s.catalogue, 50, seed=5)
    assert a.equals(draw_inputs(scenario.values, inputs, s.catalogue, 50, seed=5))
    assert not a.equals(draw_inputs(scenario.values, inputs, s.catalogue, 50, seed=6))
    assert a.equals(draw_inputs(scenario.values, inputs, s.catalogue, 200, seed=5).iloc[:50])  # draw i needs only i
    coal = [u.key for u in inputs if u.group == "outage_imported_coal"]
    factors = a[coal].to_numpy() / np.array([scenario.values[k] for k in coal])
    assert len(coal) == 4 and np.allclose(factors, factors[:, :1])  # one draw for the whole fleet
    huge = (Uncertain("pkr_per_usd", "factor_uniform", 100.0, 200.0),)
    drawn = draw_inputs(scenario.values, huge, s.catalogue, 20, seed=1)["pkr_per_usd"]
    assert drawn.max() == s.catalogue["pkr_per_usd"].maximum  # never past the catalogue's bound


# ------------------------------------------------------------------ the Monte Carlo

def test_the_same_seed_gives_the_same_numbers_on_one_two_and_four_workers(mc_runs):
    one = mc_runs[1]
    for workers in (2, 4):
        assert mc_runs[workers].results.equals(one.results), workers
        assert mc_runs[workers].drawn.equals(one.drawn)
    assert one.draws == 8 and one.results["large_load_contribution_pkr_bn"].nunique() == 8  # the draws differ


def test_every_draw_is_a_run_of_the_scenario_with_that_draws_values(setup, mc_runs):
    s, scenario, _ = setup
    one = mc_runs[1]
    row = one.drawn.iloc[3].to_dict()
    alone = evaluate(replace(scenario, values={**scenario.values, **row}), s.dataset).key_results
    for key in ("large_load_contribution_pkr_bn", "added_existing_consumers_unserved_gwh"):
        assert one.results.iloc[3][key] == alone[key]


def test_with_every_width_zero_the_monte_carlo_is_the_deterministic_answer(setup):
    s, scenario, inputs = setup
    flat = with_width(inputs, 0.0)
    assert all(not u.has_width for u in flat)
    mc = run_monte_carlo(scenario, s.dataset, s.catalogue, flat, 3, seed=2)
    table = mc.summary()
    for key in ("large_load_contribution_pkr_bn", "household_200_units_bill_change_pkr_per_month",
                "min_headroom_after_mw", "fuel_imports_usd_m"):
        assert table.loc[key, "p10"] == table.loc[key, "p90"] == pytest.approx(table.loc[key, "deterministic"])


def test_percentiles_are_ordered_and_breach_odds_are_a_count_over_the_draws(mc_runs):
    mc = mc_runs[1]
    table = mc.summary()
    assert (table["p10"] <= table["p50"]).all() and (table["p50"] <= table["p90"]).all()
    values = mc.results["added_existing_consumers_unserved_gwh"].to_numpy()
    crossed = np.round(values, 1) > 0  # the red line "must not rise", judged on the shown (1-decimal) value
    odds = mc.breaches()
    assert odds.loc["added_existing_consumers_unserved_gwh", "probability"] == crossed.mean()
    contribution = np.round(mc.results["large_load_contribution_pkr_bn"].to_numpy(), 1) < 0
    assert odds.loc["large_load_contribution_pkr_bn", "probability"] == contribution.mean()
    every = mc.results.apply(lambda r: all(h.passes(r[h.key]) for h in _red_lines(mc)), axis=1)
    assert odds.loc["all", "probability"] == every.mean()


def test_party_odds_are_a_count_of_the_draws_in_which_every_line_of_the_party_holds(mc_runs, example_session):
    from workbench.core.parties import judge
    mc = mc_runs[1]
    parties = example_session.project.parties
    odds = mc.party_odds(parties)
    rows = mc.results.to_dict("records")
    for p in parties:
        assert odds.loc[p.name, "probability"] == np.mean([judge(p, r).satisfied is not False for r in rows])
    every = np.mean([all(judge(p, r).satisfied is not False for p in parties) for r in rows])
    assert odds.loc["all parties", "probability"] == every


def _red_lines(mc):
    from workbench.core.headlines import KEY_NUMBERS
    return [h for h in KEY_NUMBERS if h.red_line and h.key in mc.results.columns]


def test_a_scenario_without_new_loads_has_no_red_lines_to_breach(example_session):
    s = example_session
    base = resolve(s.project, "No allocation", s.catalogue)
    mc = run_monte_carlo(base, s.dataset, s.catalogue, load_uncertainty(s.catalogue, s.dataset), 2, seed=1)
    assert mc.breaches().empty


def test_the_data_set_travels_to_a_worker_process_whole(example_session):
    d = example_session.dataset
    back = pickle.loads(pickle.dumps(d))
    assert back.label == d.label and dict(back.values) == dict(d.values) and back.hourly.equals(d.hourly)


# ------------------------------------------------------------------ the tornado

def test_tornado_bars_are_runs_at_each_inputs_p10_and_p90_widest_first(setup):
    s, scenario, inputs = setup
    key = "large_load_contribution_pkr_bn"
    tornado = run_tornado(scenario, s.dataset, s.catalogue, inputs, key)
    spans = [b.span for b in tornado.bars]
    assert spans == sorted(spans, reverse=True)
    assert len(tornado.bars) == len({u.draw_group for u in inputs})
    fx = next(b for b in tornado.bars if b.keys == ("pkr_per_usd",))
    assert fx.low_value == pytest.approx(280 * 0.98) and fx.high_value == pytest.approx(280 * 1.18)
    alone = evaluate(replace(scenario, values={**scenario.values, "pkr_per_usd": fx.high_value}), s.dataset)
    assert fx.result_at_high == alone.key_results[key]
    # The miners run firm: the hashprice changes who would be profitable, not what they pay or cost.
    hashprice = next(b for b in tornado.bars if "hashprice_usd_per_ph_day" in b.keys)  # drawn with the BTC price
    assert hashprice.result_at_low == hashprice.result_at_high == tornado.base
    assert hashprice.span == 0 and tornado.bars[-1].span == 0


# ------------------------------------------------------------------ refused inputs

@pytest.mark.parametrize("bad, field, words", [
    (Uncertain("no_such_key", "factor_uniform", 0.9, 1.1), "no_such_key", "not a parameter"),
    (Uncertain("pkr_per_usd", "factor_uniform", 1.1, 0.9), "pkr_per_usd (high)", "width is negative"),
    (Uncertain("pkr_per_usd", "gaussian", 0.9, 1.1), "pkr_per_usd (distribution)", "must be one of"),
    (Uncertain("pkr_per_usd", "factor_uniform", 0.0, 1.1), "pkr_per_usd (low)", "above 0"),
    (Uncertain("pkr_per_usd", "factor_lognormal", 1.1, 1.3), "pkr_per_usd (low)", "bracket 1"),
    (Uncertain("pkr_per_usd", "shift_normal", float("nan"), 1.0), "pkr_per_usd (low)", "finite"),
    (Uncertain("pkr_per_usd", "factor_uniform", 0.9, 1.1, basis="estimate", note=" "), "pkr_per_usd (note)",
     "reason"),
    (Uncertain("zones", "factor_uniform", 0.9, 1.1), "zones", "only a number"),
])
def test_an_invalid_input_is_refused_with_its_field_named(example_session, bad, field, words):
    with pytest.raises(UncertaintyError) as err:
        check_inputs((bad,), example_session.catalogue, where="test")
    assert err.value.field == f"test: {field}" and words in err.value.problem


def test_inputs_sharing_a_draw_need_one_distribution_and_sources_must_exist(example_session):
    a = Uncertain("pkr_per_usd", "factor_uniform", 0.9, 1.1, group="g", note="x")
    b = Uncertain("rlng_price_usd_per_mmbtu", "factor_lognormal", 0.9, 1.1, group="g", note="x")
    with pytest.raises(UncertaintyError, match="mixes factor_uniform and factor_lognormal"):
        check_inputs((a, b), example_session.catalogue)
    with pytest.raises(UncertaintyError, match="'NOPE' is not a source"):
        check_inputs((replace(a, source="NOPE"),), example_session.catalogue, source_ids={"WORKBENCH"})


def test_a_bad_uncertainty_file_is_refused_with_its_line(example_session, tmp_path):
    path = tmp_path / "u.csv"
    path.write_text(",".join(COLUMNS) + "\npkr_per_usd,factor_uniform,x,1.1,,,,WORKBENCH,estimate,why\n")
    with pytest.raises(DataSetError, match=r"u.csv:2: low and high must be numbers"):
        load_uncertainty(example_session.catalogue, example_session.dataset, path)
    path.write_text(",".join(COLUMNS) + "\npkr_per_usd,factor_uniform,1.2,1.1,,,,WORKBENCH,estimate,why\n")
    with pytest.raises(DataSetError, match=r"pkr_per_usd \(high\): the width is negative"):
        load_uncertainty(example_session.catalogue, example_session.dataset, path)


def test_every_bundled_input_has_its_source_and_unit(example_session):
    inputs = load_uncertainty(example_session.catalogue, example_session.dataset)
    assert {"demand_growth_pct", "summer_demand_uplift_pct", "hydrology_factor", "rlng_price_usd_per_mmbtu",
            "coal_price_usd_per_t", "rfo_price_usd_per_mmbtu", "pkr_per_usd", "hashprice_usd_per_ph_day"} <= \
        {u.key for u in inputs}
    assert any(u.key.endswith(".availability") for u in inputs)  # plant outages
    for u in inputs:
        assert u.source in example_session.dataset.sources and u.unit and u.year and u.note, u.key


# ------------------------------------------------------------------ the command line

def test_cli_mc_writes_percentiles_and_breach_odds(tmp_path, capsys):
    out = tmp_path / "mc.json"
    code = main(["mc", "scenarios/pakistan-2000mw.wbproj", "--scenario", GOV, "--draws", "6", "--seed", "4",
                 "--json", str(out)])
    assert code == 0
    doc = json.loads(out.read_text())
    assert doc["draws"] == 6 and doc["seed"] == 4 and doc["scenario"] == GOV
    contribution = doc["results"]["large_load_contribution_pkr_bn"]
    assert contribution["p10"] <= contribution["p50"] <= contribution["p90"]
    assert 0 <= doc["breach_probability"]["all"] <= 1
    assert set(doc["party_probability"]) == {"IMF", "Power Division", "Investors", "all parties"}
    printed = capsys.readouterr().out
    assert "New loads' contribution to fixed cost" in printed and "Probability crossed" in printed


def test_cli_refuses_bad_study_arguments_in_one_line(capsys):
    assert main(["mc", "scenarios/pakistan-2000mw.wbproj", "--scenario", GOV, "--draws", "0"]) == 2
    assert "--draws must be 1 to 100,000" in capsys.readouterr().err
    assert main(["tornado", "scenarios/pakistan-2000mw.wbproj", "--scenario", GOV, "--result", "nope"]) == 2
    assert "'nope' is not a result" in capsys.readouterr().err
    assert main(["mc", "scenarios/pakistan-2000mw.wbproj", "--scenario", "Nobody"]) == 2


# ------------------------------------------------------------------ deal space (part 5)

def test_a_cell_without_new_loads_is_never_agreed_though_no_red_line_is_crossed_there(setup):
    """0 MW is no deal: no party's line can be judged there (the result and the odds are n/a), so
    the agreed region, its count and the JSON leave the cell out, whatever the red lines say."""
    from workbench.analysis.sweep import Axis, run_sweep
    from workbench.core.parties import Party, RedLine
    s, scenario, _ = setup
    x, y = Axis("load.mw", 0.0, 2000.0, 2), Axis("load.tariff_pkr_per_kwh", 20.0, 25.0, 2)
    space = run_sweep(scenario, s.dataset, s.catalogue, x, y, "large_load_contribution_pkr_bn", s.project.parties)
    assert space.grid[0.0].isna().all()
    assert not space.agreed[0.0].any()
    # With no red lines at all, every cell with new loads is agreed and the 0 MW ones still are not.
    assert space.agreed_for(()).to_numpy().tolist() == [[False, True], [False, True]]
    lenient = (Party("Anyone", (RedLine("large_load_contribution_pkr_bn", ">=", -1e9),)),)
    assert space.agreed_for(lenient).to_numpy().tolist() == [[False, True], [False, True]]


def test_a_deal_space_cell_equals_a_separate_run_with_those_values(setup):
    from workbench.analysis.sweep import Axis, run_sweep
    from workbench.core.parties import judge
    s, scenario, _ = setup
    x, y = Axis("load.mw", 1000.0, 3000.0, 3), Axis("load.tariff_pkr_per_kwh", 20.0, 30.0, 2)
    space = run_sweep(scenario, s.dataset, s.catalogue, x, y, "large_load_contribution_pkr_bn", s.project.parties,
                      workers=2)
    assert space.grid.shape == (2, 3) and list(space.grid.columns) == [1000.0, 2000.0, 3000.0]
    # The cell at 3,000 MW and Rs 30/kWh: the example's loads (1,340 + 660 MW) scaled by 1.5, tariff 30.
    loads = tuple({**load, "mw": load["mw"] * 1.5, "tariff_pkr_per_kwh": 30.0} for load in scenario.large_loads)
    assert [load["mw"] for load in loads] == [2010.0, 990.0]
    alone = evaluate(replace(scenario, large_loads=loads), s.dataset).key_results
    # 3,000 x 1,340 / 2,000 and 1,340 x 1.5 differ in the last bit: the same run to 1e-12
    assert space.grid.loc[30.0, 3000.0] == pytest.approx(alone["large_load_contribution_pkr_bn"], rel=1e-12)
    agreed = all(judge(p, alone).satisfied is not False for p in s.project.parties)
    assert bool(space.agreed.loc[30.0, 3000.0]) is agreed
    # At 2,000 MW and Rs 20 (the proposal's MW): every party's lines hold in that run too.
    mid = space.cells[1]
    assert space.grid.loc[20.0, 2000.0] == mid["large_load_contribution_pkr_bn"]


def test_firm_loads_share_one_dispatch_across_tariffs_and_get_the_same_numbers(setup, monkeypatch):
    """A flat tariff never moves a firm load's dispatch: the sweep dispatches each MW once, whatever
    the order of the rows, and every cell equals a run of its own to the last bit."""
    import workbench.analysis.pool as pool
    s, scenario, _ = setup
    rows = [{"load.tariff_pkr_per_kwh": t, "load.mw": mw} for t in (20.0, 25.0, 30.0) for mw in (1000.0, 2000.0)]
    alone = [pool.evaluate_rows(scenario, s.dataset, [row])[0] for row in rows]
    dispatched = []
    real = pool.scenario_grid
    monkeypatch.setattr(pool, "scenario_grid", lambda sc, *a, **k: dispatched.append(sc) or real(sc, *a, **k))
    assert pool.evaluate_many(scenario, s.dataset, rows) == alone
    assert len(dispatched) == 2  # one per MW, not six
    # A tariff that a load's dispatch reads (a miner that follows its price) is never shared.
    hashprice = resolve(s.project, "Government proposal, miners follow hashprice", s.catalogue)
    assert any(load.flexible for load in hashprice.engine_loads)
    dispatched.clear()
    pool.evaluate_many(hashprice, s.dataset, rows[:4])
    assert len(dispatched) == 4
    def inputs(of, row):
        return pool.grid_inputs(of, row)
    assert inputs(scenario, rows[0]) == inputs(scenario, rows[2]) != inputs(hashprice, rows[0])
    # Given the variant already made, the same answer.
    assert all(pool.grid_inputs(of, row, pool.variant(of, row)) == inputs(of, row)
               for of in (scenario, hashprice) for row in rows)


def test_a_cells_odds_are_a_monte_carlo_of_that_cell_counted_party_by_party(setup):
    """Issue 10, part 5 (optional): the probability that every party agrees, cell by cell. A cell's
    odds must be what a Monte Carlo of that cell's scenario gives with the same draws, and follow
    the red lines when they are edited, as the agreed region does."""
    from workbench.analysis.sweep import Axis, run_sweep
    from workbench.analysis.variants import variant
    from workbench.core.parties import Party, RedLine, judge
    s, scenario, inputs = setup
    x, y = Axis("load.mw", 1000.0, 2000.0, 2), Axis("load.tariff_pkr_per_kwh", 20.0, 30.0, 2)
    parties = s.project.parties
    space = run_sweep(scenario, s.dataset, s.catalogue, x, y, "large_load_contribution_pkr_bn", parties,
                      workers=2, draws=6, seed=5, inputs=inputs)
    assert space.draws == 6 and space.seed == 5 and space.draw_results.shape[:2] == (4, 6)
    odds = space.odds_for(parties)
    assert odds.shape == (2, 2) and list(odds.columns) == [1000.0, 2000.0]
    for tariff in y.values:
        for mw in x.values:
            cell = variant(scenario, {"load.tariff_pkr_per_kwh": tariff, "load.mw": mw})
            mc = run_monte_carlo(cell, s.dataset, s.catalogue, inputs, 6, seed=5)
            held = [all(judge(p, r).satisfied is not False for p in parties) for r in mc.records()]
            assert odds.loc[tariff, mw] == pytest.approx(np.mean(held), abs=1e-12)
            assert odds.loc[tariff, mw] == pytest.approx(mc.party_odds(parties).loc["all parties", "probability"])
    assert set(odds.to_numpy().ravel()) != {odds.to_numpy()[0, 0]}  # the cells differ: a test that can fail
    # An edited red line is judged again on the draws kept, without running them again.
    strict = (Party("Strict", (RedLine("large_load_contribution_pkr_bn", ">=", 1e6),)),)
    assert (space.odds_for(strict).to_numpy() == 0.0).all()
    assert (space.odds_for(()).to_numpy() == 1.0).all()


def test_a_sweep_without_draws_has_no_odds_and_a_bad_draw_count_is_refused(setup):
    from workbench.analysis.sweep import Axis, run_sweep
    s, scenario, inputs = setup
    x, y = Axis("load.mw", 1000.0, 2000.0, 2), Axis("load.tariff_pkr_per_kwh", 20.0, 30.0, 2)
    space = run_sweep(scenario, s.dataset, s.catalogue, x, y, "large_load_contribution_pkr_bn", s.project.parties)
    assert space.odds_for(s.project.parties) is None and space.draws == 0
    # A cell without new loads has no red line to hold: no odds (n/a), as it has no result to show.
    zero = run_sweep(scenario, s.dataset, s.catalogue, Axis("load.mw", 0.0, 1000.0, 2), y,
                     "large_load_contribution_pkr_bn", s.project.parties, draws=2, inputs=inputs)
    odds = zero.odds_for(s.project.parties)
    assert odds[0.0].isna().all() and zero.grid[0.0].isna().all() and odds[1000.0].notna().all()
    with pytest.raises(UncertaintyError, match="draws: must be 0 to 1,000 a cell"):
        run_sweep(scenario, s.dataset, s.catalogue, x, y, "large_load_contribution_pkr_bn", s.project.parties,
                  draws=-1, inputs=inputs)


@pytest.mark.parametrize("x, words", [
    ("load.mw:0:3000:1", "N must be 2 to 50"),
    ("load.mw:3000:0:4", "LO < HI"),
    ("nope:0:1:3", "neither a catalogue parameter"),
    ("zones:0:1:3", "only a number"),
    ("load.mw:0:x:3", "must be numbers"),
    ("load.mw", "PARAM:LO:HI:N"),
])
def test_a_bad_sweep_axis_is_refused_with_its_key(setup, x, words):
    from workbench.analysis.sweep import Axis, parse_axis, run_sweep
    s, scenario, _ = setup
    with pytest.raises(UncertaintyError, match=words):
        run_sweep(scenario, s.dataset, s.catalogue, parse_axis(x), Axis("pkr_per_usd", 250.0, 300.0, 2),
                  "large_load_contribution_pkr_bn", s.project.parties)


def test_cli_sweep_writes_the_grid_and_the_agreed_region(tmp_path):
    out = tmp_path / "deal.json"
    assert main(["sweep", "scenarios/pakistan-2000mw.wbproj", "--scenario", GOV, "--x", "load.mw:1000:2000:2",
                 "--y", "load.tariff_pkr_per_kwh:20:25:2", "--result", "large_load_contribution_pkr_bn",
                 "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["x"] == {"key": "load.mw", "values": [1000.0, 2000.0]} and len(doc["grid"]) == 2
    assert doc["agreed"] == [[True, True], [True, True]]  # Rs 20-25 and 1,000-2,000 MW: everyone agrees
    assert main(["sweep", "scenarios/pakistan-2000mw.wbproj", "--scenario", "No allocation", "--x",
                 "load.mw:0:1:2", "--y", "pkr_per_usd:250:300:2", "--result", "x"]) == 2


def test_cli_sweep_with_draws_writes_each_cells_odds_and_prints_them(tmp_path, capsys):
    out = tmp_path / "deal.json"
    assert main(["sweep", "scenarios/pakistan-2000mw.wbproj", "--scenario", GOV, "--x", "load.mw:1000:2000:2",
                 "--y", "load.tariff_pkr_per_kwh:20:30:2", "--result", "large_load_contribution_pkr_bn",
                 "--draws", "6", "--seed", "5", "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["draws"] == 6 and doc["seed"] == 5
    # The same cells, draws and seed as the engine test above, whose odds a Monte Carlo of each cell confirms.
    assert doc["agreed_probability"] == [[0.5, pytest.approx(1 / 6)], [0.0, 0.0]]
    printed = capsys.readouterr().out
    assert "Probability that every party's red lines hold, over 6 draws a cell (seed 5)" in printed
    assert "50%" in printed and "17%" in printed
    assert main(["sweep", "scenarios/pakistan-2000mw.wbproj", "--scenario", GOV, "--x", "load.mw:0:3000:50",
                 "--y", "load.tariff_pkr_per_kwh:15:35:50", "--result", "large_load_contribution_pkr_bn",
                 "--draws", "100"]) == 2
    assert "2500 cells x 100 draws is 250,000 runs, over the 200,000 a sweep allows" in capsys.readouterr().err


def test_the_summary_of_a_key_some_draws_lack_is_over_the_draws_that_have_it():
    """A per-kWh price has no value in a draw where the new loads take no energy: its percentiles and
    mean are over the other draws, and it says how many; a key no draw has is NaN."""
    import pandas as pd

    from workbench.core.studies import MonteCarloResult

    tariff = [23.0, np.nan, 21.0, 25.0, np.nan, 22.0]
    results = pd.DataFrame({"tariff": tariff, "gwh": [5.0, 0.0, 3.0, 4.0, 0.0, 2.0], "never": [np.nan] * 6})
    mc = MonteCarloResult("s", 1, (), pd.DataFrame(index=results.index), results, {"tariff": 23.0})
    table = mc.summary()
    have = [23.0, 21.0, 25.0, 22.0]
    # numpy's default percentile of 4 sorted values 21, 22, 23, 25: P10 at rank 0.3, P90 at rank 2.7
    assert table.at["tariff", "p10"] == pytest.approx(21 + 0.3 * 1)
    assert table.at["tariff", "p50"] == pytest.approx(22.5)
    assert table.at["tariff", "p90"] == pytest.approx(23 + 0.7 * 2)
    assert table.at["tariff", "mean"] == pytest.approx(sum(have) / 4)
    assert table.at["tariff", "draws"] == 4 and table.at["gwh", "draws"] == 6
    assert table.at["gwh", "p50"] == pytest.approx(2.5)
    assert math.isnan(table.at["never", "p50"]) and table.at["never", "draws"] == 0


def test_loads_that_take_no_energy_still_have_a_contribution_and_no_price_gap(example_session):
    """Price-following miners all off (hashprice far below their break-even): they sell nothing, so
    the price gap is 0 and the contribution is what they add to costs (nothing: the dispatch is the
    baseline's); their contracted MW is still the scenario's; per-kWh prices do not exist."""
    s = example_session
    follow = resolve(s.project, "Government proposal, miners follow hashprice", s.catalogue)
    broke = replace(follow, values={**follow.values, "hashprice_usd_per_ph_day": 5.0})
    keys = evaluate(broke, s.dataset).key_results
    assert keys["large_load_metered_gwh"] == 0
    assert keys["large_load_contribution_pkr_bn"] == pytest.approx(0.0, abs=1e-9)
    assert keys["imf_price_gap_marginal_pkr_bn"] == 0 and keys["imf_no_new_subsidy_pass"] == 1
    assert keys["miner_contracted_mw"] == sum(load["mw"] for load in follow.large_loads
                                              if load["kind"] == "crypto_mining")
    assert keys["miner_online_share_pct"] == 0
    for per_kwh in ("large_load_effective_tariff_pkr_per_kwh", "break_even_tariff_pkr_per_kwh"):
        assert per_kwh not in keys


def test_the_curtailment_headroom_axis_makes_the_loads_curtailable_and_equals_a_separate_run(example_session):
    """load.curtail_below_headroom_mw (issue 10 part 5, 'MW x curtailment headroom threshold'): each load
    but an AI data centre is curtailed below that spare capacity, a firm one made curtailable; a cell is
    the same run as the scenario with those fields set by hand; a higher threshold never serves more."""
    from workbench.analysis.sweep import Axis, run_sweep
    from workbench.analysis.variants import variant

    s = example_session
    mixed = resolve(s.project, "Mixed", s.catalogue)
    kinds = [load["kind"] for load in mixed.large_loads]
    assert "ai_data_centre" in kinds and "crypto_mining" in kinds
    moved = variant(mixed, {"load.curtail_below_headroom_mw": 3000.0}).large_loads
    for before, after in zip(mixed.large_loads, moved):
        if before["kind"] == "ai_data_centre":
            assert after == before  # firm by rule
        else:
            assert after["curtail_below_headroom_mw"] == 3000.0 and after["flexibility"] != "firm"
    gov = resolve(s.project, "Government proposal", s.catalogue)
    x, y = Axis("load.mw", 1000.0, 2000.0, 2), Axis("load.curtail_below_headroom_mw", 0.0, 6000.0, 3)
    space = run_sweep(gov, s.dataset, s.catalogue, x, y, "large_load_served_gwh", s.project.parties)
    by_hand = tuple({**load, "flexibility": "curtailable", "curtail_below_headroom_mw": 6000.0}
                    for load in gov.large_loads)
    alone = evaluate(replace(gov, large_loads=by_hand), s.dataset).key_results
    assert space.grid.loc[6000.0, 2000.0] == pytest.approx(alone["large_load_served_gwh"], rel=1e-12)
    served = space.grid[2000.0].to_numpy()
    assert np.all(np.diff(served) <= 1e-9) and served[-1] < served[0] - 100  # GWh: the rule bites at 6,000 MW


# ------------------------------------------------------------------ the fan chart's years

def test_a_multi_year_monte_carlo_keeps_every_years_value_and_its_fan_is_a_count_over_the_draws(example_session):
    s = example_session
    scenario = resolve(s.project, "State mining into the reserve", s.catalogue)  # a five-year study
    years = int(scenario.values["study_years"])
    assert years > 1
    inputs = load_uncertainty(s.catalogue, s.dataset)
    key = "large_load_contribution_pkr_bn"
    one = run_monte_carlo(scenario, s.dataset, s.catalogue, inputs, 7, seed=4)
    two = run_monte_carlo(scenario, s.dataset, s.catalogue, inputs, 7, seed=4, workers=2)
    assert one.years.equals(two.years)  # the same years on any number of workers
    # Each draw's years, run alone with its tables built: the value in the "years" table of that run.
    direct = np.array([evaluate(replace(scenario, values={**scenario.values, **row}), s.dataset, frames=True)
                       .frames["years"][key].to_numpy(dtype=float) for row in one.drawn.to_dict("records")])
    assert direct.shape == (7, years)
    assert np.array_equal(one.years[key].sort_index(axis=1).to_numpy(), direct)
    assert np.array_equal(direct[:, 0], one.results[key].to_numpy())  # the headline is the first year
    assert np.allclose(direct.sum(axis=1), one.results[f"horizon_{key}"].to_numpy())  # the horizon is their sum
    fan = one.fan(key)
    first = int(scenario.values["study_first_fy"])
    assert list(fan.index) == list(range(first, first + years))
    for i in range(years):
        col = np.sort(direct[:, i])  # 7 draws: the median is the 4th, P10 and P90 interpolate (numpy's rule)
        assert fan["p50"].iloc[i] == col[3]
        assert fan["p10"].iloc[i] == pytest.approx(col[0] + 0.6 * (col[1] - col[0]))
        assert fan["p90"].iloc[i] == pytest.approx(col[5] + 0.4 * (col[6] - col[5]))
        assert fan["p10"].iloc[i] <= fan["p50"].iloc[i] <= fan["p90"].iloc[i]


def test_a_one_year_monte_carlo_keeps_no_years(mc_runs):
    assert mc_runs[1].years.empty and mc_runs[1].fan("large_load_contribution_pkr_bn").empty


def test_a_pool_worker_collects_cycles_though_the_window_turned_that_off(dataset):
    # The window runs the collector on its GUI thread only (ui/collector.py); a forked worker inherits the
    # setting but has no such thread, so it starts with automatic collection back on.
    import gc
    from concurrent.futures import ProcessPoolExecutor

    from workbench.analysis import pool

    gc.disable()
    try:
        with ProcessPoolExecutor(1, mp_context=pool._context(), initializer=pool._start_worker,
                                 initargs=(dataset,)) as workers:
            assert workers.submit(gc.isenabled).result()
    finally:
        gc.enable()
