"""A scenario's own uncertain inputs (issue 10, part 1: "a scenario can override them"), schema 6.

The project file gives a scenario its own distribution of a parameter; it replaces the default
row of resources/uncertainty.csv for that scenario and those that inherit from it. Checked here:
the file round trip and the refusals (each naming the field), the inheritance, the studies
drawing from the scenario's rows (a zero-width row pins the parameter at the scenario's value in
every draw while the other inputs draw exactly as before), and the brief listing them.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from workbench.analysis.montecarlo import run_monte_carlo
from workbench.analysis.tornado import run_tornado
from workbench.core.errors import ProjectFileError
from workbench.core.project import Scenario, resolve, resolve_all
from workbench.core.uncertainty import Uncertain, UncertaintyError, describe, for_scenario
from workbench.io.migrations import CURRENT_SCHEMA
from workbench.io.project_file import dumps, load_project
from workbench.io.uncertainty_loader import load_uncertainty

V5_FILE = Path(__file__).resolve().parent / "data" / "project_v5.wbproj"
HASH = "hashprice_usd_per_ph_day"
BTC = "btc_price_usd"
GOV = "Government proposal"
FOLLOW = "Government proposal, miners follow hashprice"


def _document(uncertainty: object) -> dict:
    return {"format": "grid-tariff-workbench-project", "schema_version": CURRENT_SCHEMA, "title": "t",
            "scenarios": [{"name": "A", "uncertainty": uncertainty}, {"name": "B", "parent": "A"}]}


def _load(tmp_path: Path, catalogue, uncertainty: object):
    path = tmp_path / "p.wbproj"
    path.write_text(json.dumps(_document(uncertainty)), encoding="utf-8")
    return load_project(path, catalogue)


WIDE = {"distribution": "factor_lognormal", "low": 0.5, "high": 1.5, "note": "a judgement"}


def test_a_scenario_distribution_survives_a_save_and_its_child_inherits_it(tmp_path, example_session):
    cat = example_session.catalogue
    project = _load(tmp_path, cat, {HASH: WIDE})
    own = project.scenario("A").uncertainty[HASH]
    assert (own.distribution, own.low, own.high, own.note, own.basis) == ("factor_lognormal", 0.5, 1.5,
                                                                          "a judgement", "estimate")
    again = tmp_path / "again.wbproj"
    again.write_bytes(dumps(project))
    assert load_project(again, cat).scenario("A").uncertainty == project.scenario("A").uncertainty
    assert json.loads(again.read_text())["schema_version"] == 6
    assert resolve(project, "B", cat).uncertainty == {HASH: own}  # inherited, as values are
    assert [r.uncertainty for r in resolve_all(project, cat)] == [{HASH: own}, {HASH: own}]


def test_a_nearer_scenario_wins_per_parameter(example_session):
    cat = example_session.catalogue
    a = Uncertain(HASH, "factor_lognormal", 0.5, 1.5, note="parent")
    b = Uncertain(HASH, "factor_lognormal", 0.8, 1.2, note="child")
    growth = Uncertain("demand_growth_pct", "shift_normal", -2, 2, note="parent's growth")
    project = example_session.project.with_scenario(Scenario("P", uncertainty={HASH: a, growth.key: growth}))
    project = project.with_scenario(Scenario("C", parent="P", uncertainty={HASH: b}))
    expected = {HASH: b, growth.key: growth}
    assert resolve(project, "C", cat).uncertainty == expected
    assert resolve_all(project, cat, ["C"])[0].uncertainty == expected
    assert resolve(project, GOV, cat).uncertainty == {}  # no other scenario is touched


@pytest.mark.parametrize(("uncertainty", "field", "words"), [
    ([1, 2], "scenarios[0].uncertainty", "must be an object"),
    ({"no_such_parameter": WIDE}, "scenarios[0].uncertainty.no_such_parameter", "not a parameter"),
    ({HASH: {**WIDE, "low": 1.6}}, f"scenarios[0].uncertainty.{HASH}.high", "width is negative"),
    ({HASH: {**WIDE, "low": "half"}}, f"scenarios[0].uncertainty.{HASH}.low", "finite number"),
    ({HASH: {**WIDE, "high": True}}, f"scenarios[0].uncertainty.{HASH}.high", "finite number"),
    ({HASH: {k: v for k, v in WIDE.items() if k != "note"}}, f"scenarios[0].uncertainty.{HASH}.note", "reason"),
    ({HASH: {k: v for k, v in WIDE.items() if k != "high"}}, f"scenarios[0].uncertainty.{HASH}.high", "missing"),
    ({HASH: {**WIDE, "distribution": "cauchy"}}, f"scenarios[0].uncertainty.{HASH}.distribution", "one of"),
    ({HASH: {**WIDE, "weight": 2}}, f"scenarios[0].uncertainty.{HASH}.weight", "unknown field"),
    ({HASH: {**WIDE, "low": 0.0}}, f"scenarios[0].uncertainty.{HASH}.low", "above 0"),
    ({HASH: "wide"}, f"scenarios[0].uncertainty.{HASH}", "must be an object"),
])
def test_a_bad_scenario_distribution_is_refused_with_its_field(tmp_path, example_session, uncertainty, field,
                                                               words):
    with pytest.raises(ProjectFileError) as caught:
        _load(tmp_path, example_session.catalogue, uncertainty)
    assert field in str(caught.value) and words in str(caught.value)


def test_the_frozen_schema_5_example_loads_with_no_scenario_distributions(example_session):
    assert json.loads(V5_FILE.read_text())["schema_version"] == 5
    project = load_project(V5_FILE, example_session.catalogue)
    assert FOLLOW in project.names()
    assert all(not s.uncertainty for s in project.scenarios)


def test_for_scenario_replaces_in_place_keeps_the_group_and_appends_new_inputs():
    hashprice = Uncertain(HASH, "factor_lognormal", 0.6, 1.4, group="bitcoin_price", unit="x the hashprice")
    btc = Uncertain(BTC, "factor_lognormal", 0.6, 1.4, group="bitcoin_price")
    growth = Uncertain("demand_growth_pct", "shift_normal", -1.2, 1.2, unit="percentage points")
    own_hash = Uncertain(HASH, "factor_lognormal", 0.5, 1.5, note="wider")
    own_growth = Uncertain("demand_growth_pct", "shift_uniform", -3, 3, note="as a shift")
    new = Uncertain("pkr_per_usd", "factor_uniform", 1.0, 1.1, note="new")
    merged = for_scenario((hashprice, btc, growth), {HASH: own_hash, "demand_growth_pct": own_growth,
                                                     "pkr_per_usd": new})
    assert [u.key for u in merged] == [HASH, BTC, "demand_growth_pct", "pkr_per_usd"]
    assert merged[0] == replace(own_hash, group="bitcoin_price", unit="x the hashprice")
    assert merged[1] is btc
    assert merged[2] == replace(own_growth, unit="percentage points")  # a shift for a shift keeps the unit
    assert merged[3] is new
    assert for_scenario((growth,), {}) == (growth,)


def test_describe_says_the_shape_and_its_ends():
    u = Uncertain(HASH, "factor_lognormal", 0.5, 1.5, unit="x the hashprice", note="why")
    assert describe(u, "Hashprice") == "Hashprice: lognormal factor, P10 0.5 and P90 1.5 x the hashprice (why)"
    assert describe(replace(u, distribution="factor_uniform", note=""), "H") == \
        "H: uniform factor, from 0.5 to 1.5 x the hashprice"


@pytest.fixture(scope="module")
def pinned(example_session):
    """The scenario whose miners follow the hashprice, and a child that pins the hashprice (zero width)."""
    s = example_session
    inputs = load_uncertainty(s.catalogue, s.dataset)
    fixed = Uncertain(HASH, "factor_lognormal", 1.0, 1.0, note="pinned for the test")
    project = s.project.with_scenario(Scenario("Pinned", parent=FOLLOW, uncertainty={HASH: fixed}))
    return resolve(project, FOLLOW, s.catalogue), resolve(project, "Pinned", s.catalogue), inputs


def test_a_zero_width_own_row_pins_its_parameter_and_leaves_every_other_draw_alone(pinned, example_session):
    s = example_session
    gov, pin, inputs = pinned
    a = run_monte_carlo(gov, s.dataset, s.catalogue, inputs, 8, 3)
    b = run_monte_carlo(pin, s.dataset, s.catalogue, inputs, 8, 3)
    assert a.drawn[HASH].std() > 0
    assert np.all(b.drawn[HASH] == gov.values[HASH])  # every draw at the scenario's own hashprice
    others = [c for c in a.drawn.columns if c != HASH]
    assert (a.drawn[others] == b.drawn[others]).all().all()  # bitcoin's price keeps its draw of the group
    assert [u.key for u in b.inputs] == [u.key for u in inputs]
    assert next(u for u in b.inputs if u.key == HASH).low == 1.0


def test_a_zero_width_own_row_gives_a_tornado_bar_of_zero(pinned, example_session):
    s = example_session
    follow, pin, inputs = pinned
    only = tuple(u for u in inputs if u.key in (HASH, "demand_growth_pct"))  # the hashprice alone in its group

    def bar(scenario):
        return next(b for b in run_tornado(scenario, s.dataset, s.catalogue, only, "large_load_served_gwh").bars
                    if b.keys == (HASH,))
    moving, still = bar(follow), bar(pin)
    assert moving.result_at_high - moving.result_at_low > 100  # GWh: the miners follow the hashprice
    assert still.result_at_low == still.result_at_high


def test_a_scenario_row_that_splits_a_draw_group_is_refused_at_the_study_naming_the_scenario(example_session):
    s = example_session
    inputs = load_uncertainty(s.catalogue, s.dataset)
    uniform = Uncertain(HASH, "factor_uniform", 0.5, 1.5, note="uniform, but bitcoin's price is lognormal")
    project = s.project.with_scenario(Scenario("Split", parent=GOV, uncertainty={HASH: uniform}))
    with pytest.raises(UncertaintyError) as caught:
        run_monte_carlo(resolve(project, "Split", s.catalogue), s.dataset, s.catalogue, inputs, 2, 1)
    assert "scenario 'Split'" in str(caught.value) and "group 'bitcoin_price' mixes" in str(caught.value)


def test_a_scenario_row_with_an_unknown_source_is_refused_at_the_study(example_session):
    s = example_session
    inputs = load_uncertainty(s.catalogue, s.dataset)
    sourced = Uncertain(HASH, "factor_lognormal", 0.5, 1.5, source="NOT_A_SOURCE", basis="sourced")
    project = s.project.with_scenario(Scenario("Cited", parent=GOV, uncertainty={HASH: sourced}))
    with pytest.raises(UncertaintyError, match="'NOT_A_SOURCE' is not a source"):
        run_monte_carlo(resolve(project, "Cited", s.catalogue), s.dataset, s.catalogue, inputs, 2, 1)


def test_the_example_scenario_that_follows_hashprice_is_studied_over_its_wider_range(example_session):
    s = example_session
    follow = resolve(s.project, FOLLOW, s.catalogue)
    assert follow.uncertainty[HASH].low == 0.5 and follow.uncertainty[HASH].high == 1.5
    inputs = load_uncertainty(s.catalogue, s.dataset)
    mc = run_monte_carlo(follow, s.dataset, s.catalogue, inputs, 4, 11)
    default = next(u for u in inputs if u.key == HASH)
    # hashprice and bitcoin's price share one normal draw z: log(factor) = centre + spread * z, and the
    # spread of a lognormal given by its P10 and P90 is proportional to log(P90 / P10)
    ratio = np.log(1.5 / 0.5) / np.log(1.4 / 0.6)
    base = follow.values[HASH]
    drawn = np.log(mc.drawn[HASH] / base)
    centre_wide, centre_default = np.log(0.5 * 1.5) / 2, np.log(default.low * default.high) / 2
    np.testing.assert_allclose(drawn - centre_wide,
                               ratio * (np.log(mc.drawn[BTC] / follow.values[BTC]) - centre_default), rtol=1e-9)


def test_the_brief_lists_a_scenarios_own_distribution_under_it(example_session, tmp_path):
    from workbench.cli import main

    out = tmp_path / "brief.xlsx"
    assert main(["run", str(Path(__file__).resolve().parents[1] / "scenarios" / "pakistan-2000mw.wbproj"),
                 "--scenario", GOV, "--scenario", FOLLOW, "--xlsx", str(out), "--mc-draws", "4"]) == 0
    ws = load_workbook(out)["Uncertainty"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    intro = [t for t in texts if t.startswith("Drawn as this scenario sets them")]
    assert len(intro) == 1  # only the scenario with its own rows
    label = example_session.catalogue[HASH].label
    assert any(t.startswith(f"{label}: lognormal factor, P10 0.5 and P90 1.5") for t in texts)


# ------------------------------------------------------------------------------ editing, with undo

def test_set_uncertainty_sets_resets_refuses_and_keeps_a_locked_child_as_offered(example_session):
    from workbench.core import edits

    s, cat = example_session, example_session.catalogue
    wide = Uncertain(HASH, "factor_lognormal", 0.4, 1.6, note="why")
    project = edits.set_uncertainty(s.project, GOV, HASH, wide, cat)
    assert project.scenario(GOV).uncertainty == {HASH: wide}
    assert edits.set_uncertainty(project, GOV, HASH, None, cat).scenario(GOV).uncertainty == {}
    assert edits.set_uncertainty(s.project, GOV, HASH, None, cat) is s.project  # nothing to reset
    with pytest.raises(edits.EditRefused) as caught:
        edits.set_uncertainty(s.project, GOV, HASH, replace(wide, low=2.0), cat)
    assert caught.value.field == "high" and "negative" in str(caught.value)
    with pytest.raises(edits.EditRefused) as caught:
        edits.set_uncertainty(s.project, GOV, HASH, replace(wide, note=""), cat)
    assert caught.value.field == "note"
    # a locked child that inherits the parent's range keeps it when the parent's changes
    locked = edits.lock(s.project, FOLLOW, cat, "Economic team", "tabled")
    before = resolve(locked, FOLLOW, cat).uncertainty
    with pytest.raises(Exception, match="locked"):
        edits.set_uncertainty(locked, FOLLOW, HASH, wide, cat)
    gov_growth = Uncertain("demand_growth_pct", "shift_normal", -3, 3, note="wider growth")
    after = edits.set_uncertainty(locked, GOV, "demand_growth_pct", gov_growth, cat)
    assert resolve(after, GOV, cat).uncertainty["demand_growth_pct"] == gov_growth
    assert resolve(after, FOLLOW, cat).uncertainty == before  # pinned: its studies stay as offered
    assert after.scenario(FOLLOW).uncertainty["demand_growth_pct"].distribution == "default"  # the mask
    defaults = load_uncertainty(cat, s.dataset)
    assert for_scenario(defaults, resolve(after, FOLLOW, cat).uncertainty) == \
        for_scenario(defaults, resolve(locked, FOLLOW, cat).uncertainty)


def test_a_default_entry_undoes_a_parents_range_and_survives_a_save(tmp_path, example_session):
    cat = example_session.catalogue
    doc = _document({HASH: WIDE})
    doc["scenarios"][1]["uncertainty"] = {HASH: {"distribution": "default"}}
    doc["scenarios"].append({"name": "C", "parent": "B"})
    path = tmp_path / "p.wbproj"
    path.write_text(json.dumps(doc), encoding="utf-8")
    project = load_project(path, cat)
    assert HASH in resolve(project, "A", cat).uncertainty
    assert resolve(project, "B", cat).uncertainty == {} == resolve(project, "C", cat).uncertainty
    assert [r.uncertainty for r in resolve_all(project, cat)] == [{HASH: project.scenario("A").uncertainty[HASH]},
                                                                  {}, {}]
    again = tmp_path / "again.wbproj"
    again.write_bytes(dumps(project))
    assert json.loads(again.read_text())["scenarios"][1]["uncertainty"] == {HASH: {"distribution": "default"}}
    doc["scenarios"][1]["uncertainty"] = {HASH: {"distribution": "default", "low": 1}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ProjectFileError, match=r"scenarios\[1\]\.uncertainty\.hashprice_usd_per_ph_day\.low"):
        load_project(path, cat)


def test_the_assumptions_editor_sets_a_range_with_undo_and_saves_it(qtbot, window, project_file, monkeypatch):

    from tests.gui import wait_idle
    from workbench.ui.dialogs import uncertainty as dialog_module

    wait_idle(qtbot, window)
    state = window.state
    state.set_selection(replace(state.selection, current=GOV))
    window.focus_parameter(HASH)
    panel = window.assumptions
    assert panel.uncertainty_button.isEnabled()
    shown = []

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        shown.append(dialog)
        dialog.shape.setCurrentIndex(dialog.shape.findData("factor_uniform"))
        dialog.low.setValue(0.7)
        dialog.high.setValue(1.3)
        dialog.note.setPlainText("a flat range, for the test")
        dialog._save()
        return dialog.result()
    monkeypatch.setattr(dialog_module.UncertaintyDialog, "exec", fill)
    depth = state.undo_stack.count()
    panel.edit_uncertainty()
    assert shown[0].low_label.text() == "Lowest (x the value)"
    own = state.project.scenario(GOV).uncertainty[HASH]
    assert (own.distribution, own.low, own.high, own.note) == ("factor_uniform", 0.7, 1.3, "a flat range, for the test")
    assert state.undo_stack.count() == depth + 1
    state.undo_stack.undo()
    assert HASH not in state.project.scenario(GOV).uncertainty
    state.undo_stack.redo()
    window.files.save()
    assert load_project(project_file, state.catalogue).scenario(GOV).uncertainty[HASH] == own


def test_the_dialog_keeps_a_bad_range_open_with_the_reason(qtbot, example_session):
    from workbench.ui.dialogs.uncertainty import UncertaintyDialog

    cat = example_session.catalogue
    default = next(u for u in load_uncertainty(cat, example_session.dataset) if u.key == HASH)
    dialog = UncertaintyDialog(None, cat, HASH, GOV, default, None, own=None)
    qtbot.addWidget(dialog)
    assert not dialog.reset.isEnabled()  # nothing of its own to reset
    dialog.low.setValue(1.2)
    dialog.high.setValue(0.9)
    dialog.note.setPlainText("reversed")
    dialog._save()
    assert dialog.result() == 0 and "negative" in dialog.problem.text() and dialog.problem.text().startswith("high")


def test_a_child_can_go_back_to_the_default_range_in_one_undoable_step(qtbot, window, monkeypatch):
    from tests.gui import wait_idle
    from workbench.ui.dialogs import uncertainty as dialog_module
    from workbench.ui.state.commands import NewScenario

    wait_idle(qtbot, window)
    state = window.state
    assert state.push(lambda: NewScenario(state, "Child", FOLLOW)) == ""
    state.set_selection(replace(state.selection, current="Child"))
    window.focus_parameter(HASH)
    seen = []

    def choose_default(dialog) -> int:  # type: ignore[no-untyped-def]
        seen.append((dialog.reset.text(), dialog.use_default.isEnabled()))
        return dialog_module.USE_DEFAULT
    monkeypatch.setattr(dialog_module.UncertaintyDialog, "exec", choose_default)
    assert HASH in state.resolved("Child").uncertainty  # inherited from its parent
    window.assumptions.edit_uncertainty()
    assert seen == [(f"Use the range of '{FOLLOW}'", True)]
    assert HASH not in state.resolved("Child").uncertainty  # the default row applies again
    assert state.project.scenario("Child").uncertainty[HASH].distribution == "default"
    state.undo_stack.undo()
    assert HASH in state.resolved("Child").uncertainty


def test_the_study_hash_follows_the_ranges_and_the_inputs_the_input_hash_only_the_inputs(example_session):
    cat = example_session.catalogue
    gov = resolve(example_session.project, GOV, cat)
    project = example_session.project.with_scenario(
        replace(example_session.project.scenario(GOV), uncertainty={HASH: Uncertain(HASH, "factor_lognormal", 0.5,
                                                                                     1.5, note="n")}),
        replacing=GOV)
    ranged = resolve(project, GOV, cat)
    assert ranged.input_hash == gov.input_hash and ranged.study_hash != gov.study_hash
    noted = replace(ranged, uncertainty={HASH: replace(ranged.uncertainty[HASH], note="another reason")})
    assert noted.study_hash == ranged.study_hash  # a note changes no draw
    dearer = replace(gov, values={**gov.values, "pkr_per_usd": 300.0})
    assert dearer.study_hash != gov.study_hash


def test_the_button_says_when_the_studies_draw_a_parameter_from_a_scenarios_range(qtbot, window):
    from tests.gui import wait_idle
    from workbench.ui.state.commands import NewScenario

    wait_idle(qtbot, window)
    state, button = window.state, window.assumptions.uncertainty_button
    assert state.push(lambda: NewScenario(state, "Child", FOLLOW)) == ""
    for name, text in ((FOLLOW, "Uncertainty (own)…"), ("Child", "Uncertainty (inherited)…"),
                       (GOV, "Uncertainty…")):
        state.set_selection(replace(state.selection, current=name))
        window.focus_parameter(HASH)
        assert button.text() == text, name
