"""Project edits (core.edits): each one validated, locked scenarios never change, old schemas load."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.core import edits
from workbench.core.edits import EditRefused
from workbench.core.errors import ScenarioError
from workbench.core.project import DATA_SET, Project, Scenario, resolve
from workbench.io.project_file import dumps, load_project, parse_project

V2_FILE = Path(__file__).resolve().parent / "data" / "project_v2.wbproj"


def family() -> Project:
    return Project((
        Scenario("Base", None, {}, large_loads=()),
        Scenario("Offer", "Base", {"pkr_per_usd": 300.0},
                 large_loads=({"name": "Miners", "mw": 2000.0, "zone": "south"},)),
        Scenario("Counter", "Offer", {"hydrology_factor": 0.8}),
    ))


def test_set_and_reset_an_override(catalogue):
    p = edits.set_override(family(), "Counter", "pkr_per_usd", 330, catalogue)
    assert p.scenario("Counter").overrides == {"hydrology_factor": 0.8, "pkr_per_usd": 330.0}
    assert resolve(p, "Counter", catalogue).origin["pkr_per_usd"] == "Counter"
    back = edits.reset_override(p, "Counter", "pkr_per_usd", catalogue)
    assert resolve(back, "Counter", catalogue).values["pkr_per_usd"] == 300.0  # the parent's again
    assert resolve(back, "Counter", catalogue).origin["pkr_per_usd"] == "Offer"
    base = edits.reset_override(family(), "Offer", "pkr_per_usd", catalogue)
    assert resolve(base, "Offer", catalogue).origin["pkr_per_usd"] == DATA_SET


def test_out_of_bounds_value_is_refused_with_the_bound_and_the_project_is_unchanged(catalogue):
    p = family()
    with pytest.raises(EditRefused, match="Exchange rate: 20 is below the minimum 50 PKR/USD") as caught:
        edits.set_override(p, "Counter", "pkr_per_usd", 20, catalogue)
    assert caught.value.field == "pkr_per_usd"
    with pytest.raises(EditRefused, match="above the maximum 20,000 MW"):
        edits.set_load_field(p, "Offer", 0, "mw", 25_000, catalogue)
    with pytest.raises(EditRefused, match="NaN"):
        edits.set_override(p, "Counter", "hydrology_factor", float("nan"), catalogue)
    assert p == family()  # immutable values: nothing was touched


def test_editing_an_inherited_load_copies_the_list_into_the_scenario(catalogue):
    p = edits.set_load_field(family(), "Counter", 0, "mw", 1000, catalogue)
    own = p.scenario("Counter").large_loads
    assert own is not None and own[0]["mw"] == 1000.0 and own[0]["zone"] == "south"
    assert p.scenario("Offer").large_loads[0]["mw"] == 2000.0  # the parent keeps its own
    back = edits.inherit_loads(p, "Counter", catalogue)
    assert resolve(back, "Counter", catalogue).large_loads[0]["mw"] == 2000.0


def test_load_rows_add_duplicate_remove_and_cross_field_checks(catalogue):
    p = edits.add_load(family(), "Offer", catalogue)
    names = [load["name"] for load in p.scenario("Offer").large_loads]
    assert names == ["Miners", "New load 1"]
    p = edits.duplicate_load(p, "Offer", 0, catalogue)
    assert [load["name"] for load in p.scenario("Offer").large_loads] == ["Miners", "Miners (2)", "New load 1"]
    with pytest.raises(EditRefused, match="already named 'Miners'"):
        edits.set_load_field(p, "Offer", 1, "name", "Miners", catalogue)
    with pytest.raises(EditRefused, match="both its start and its end hour"):
        edits.set_load_field(p, "Offer", 0, "curtail_window_start_hour", 17, catalogue)
    p = edits.set_load_field(p, "Offer", 0, "kind", "ai_data_centre", catalogue)
    with pytest.raises(EditRefused, match="AI data centres are firm"):
        edits.set_load_field(p, "Offer", 0, "flexibility", "curtailable", catalogue)
    p = edits.remove_load(p, "Offer", 1, catalogue)
    assert [load["name"] for load in p.scenario("Offer").large_loads] == ["Miners", "New load 1"]
    with pytest.raises(EditRefused, match="no large load number 5"):
        edits.remove_load(p, "Offer", 4, catalogue)


def test_new_duplicate_rename_reparent_delete(catalogue):
    p = edits.new_scenario(family(), "Child", "Offer", catalogue)
    assert resolve(p, "Child", catalogue).values["pkr_per_usd"] == 300.0 and p.scenario("Child").overrides == {}
    p = edits.duplicate_scenario(p, "Counter", "Counter copy", catalogue)
    copy = p.scenario("Counter copy")
    assert (copy.parent, dict(copy.overrides)) == ("Offer", {"hydrology_factor": 0.8})
    p = edits.rename_scenario(p, "Offer", "Government offer", catalogue)
    assert p.scenario("Counter").parent == "Government offer" and p.scenario("Child").parent == "Government offer"
    with pytest.raises(EditRefused, match="already exists"):
        edits.rename_scenario(p, "Counter", "Base", catalogue)
    with pytest.raises(EditRefused, match="inherits from 'Government offer'"):
        edits.reparent(p, "Government offer", "Counter", catalogue)
    p = edits.reparent(p, "Counter", "Base", catalogue)
    assert resolve(p, "Counter", catalogue).values["pkr_per_usd"] == catalogue["pkr_per_usd"].default
    with pytest.raises(EditRefused, match="is the parent of Child, Counter copy"):
        edits.delete_scenario(p, "Government offer", catalogue)
    moved = edits.delete_scenario(p, "Government offer", catalogue, reparent_children=True)
    assert moved.scenario("Child").parent == "Base" and "Government offer" not in moved.names()
    with pytest.raises(EditRefused, match="at least one scenario"):
        edits.delete_scenario(Project((Scenario("Only"),)), "Only", catalogue)


def test_names_are_checked(catalogue):
    for bad, reason in (("", "needs a name"), ("  ", "needs a name"), ("x" * 121, "at most 120"),
                        ("bell\x07", "control or invisible"), ("right\u202eto left", "control or invisible")):
        with pytest.raises(EditRefused, match=reason):
            edits.new_scenario(family(), bad, None, catalogue)
    assert edits.unique_name(family(), "Offer") == "Offer (2)"


def test_locked_scenario_refuses_edits_and_says_how_to_unlock(catalogue):
    p = edits.lock(family(), "Offer", catalogue, "Power Division", "Tabled on 2 December",
                   when="2026-12-02T10:00:00+00:00")
    offer = p.scenario("Offer").offer
    assert (offer.proposed_by, offer.locked_at, offer.note) == ("Power Division", "2026-12-02T10:00:00+00:00",
                                                               "Tabled on 2 December")
    assert offer.input_hash == resolve(family(), "Offer", catalogue).input_hash
    for edit in (lambda: edits.set_override(p, "Offer", "pkr_per_usd", 310, catalogue),
                 lambda: edits.set_load_field(p, "Offer", 0, "mw", 1000, catalogue),
                 lambda: edits.rename_scenario(p, "Offer", "Renamed", catalogue),
                 lambda: edits.set_notes(p, "Offer", "changed", catalogue),
                 lambda: edits.delete_scenario(p, "Offer", catalogue)):
        with pytest.raises(ScenarioError, match="locked as an offer: unlock it"):
            edit()
    unlocked = edits.unlock(p, "Offer")
    assert not unlocked.scenario("Offer").locked and unlocked.scenario("Offer").offer is None
    assert edits.set_override(unlocked, "Offer", "pkr_per_usd", 310, catalogue).scenario("Offer").overrides[
        "pkr_per_usd"] == 310.0


def test_an_edit_to_an_ancestor_never_changes_a_locked_scenario(catalogue):
    p = edits.lock(family(), "Counter", catalogue, "IMF", "")
    locked_hash = resolve(p, "Counter", catalogue).input_hash
    p = edits.set_override(p, "Offer", "pkr_per_usd", 350, catalogue)       # Counter inherited 300
    p = edits.set_override(p, "Base", "demand_growth_pct", 5.0, catalogue)  # and the data set's growth
    p = edits.set_load_field(p, "Offer", 0, "mw", 500, catalogue)           # and the Offer's loads
    assert resolve(p, "Offer", catalogue).values["pkr_per_usd"] == 350.0
    counter = resolve(p, "Counter", catalogue)
    assert counter.values["pkr_per_usd"] == 300.0 and counter.values["demand_growth_pct"] == 2.8
    assert counter.large_loads[0]["mw"] == 2000.0
    assert counter.input_hash == locked_hash == p.scenario("Counter").offer.input_hash


def test_offer_round_trips_through_the_file(catalogue):
    p = edits.lock(family(), "Offer", catalogue, "Power Division — Islamabad", "Note\nwith two lines")
    again = parse_project(dumps(p), catalogue)
    assert again.scenario("Offer").offer == p.scenario("Offer").offer and again.scenario("Offer").locked
    assert again.scenario("Base").offer is None


def test_frozen_schema_2_file_loads_and_saves_as_the_current_schema(catalogue):
    project = load_project(V2_FILE, catalogue)
    assert project.names() == ["No allocation", "Government proposal", "Curtailable, winter-weighted", "Mixed",
                               "Stress"]
    locked = project.scenario("Curtailable, winter-weighted")
    assert locked.locked and locked.offer is None  # schema 2 locked without an offer record
    assert resolve(project, "Stress", catalogue).values["pkr_per_usd"] == 330.0
    doc = json.loads(dumps(project))
    assert doc["schema_version"] == 6
    assert [s["offer"] for s in doc["scenarios"]] == [None] * 5
