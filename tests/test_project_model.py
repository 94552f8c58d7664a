"""Scenario inheritance, resolution, diff and the parameter catalogue."""
import math

import pytest

from workbench.core.errors import ScenarioError
from workbench.core.parameters import SCALARS
from workbench.core.project import DATA_SET, Project, Scenario, diff, resolve


def project_abc():
    return Project((
        Scenario("A", None, {"pkr_per_usd": 300.0}),
        Scenario("B", "A", {"hydrology_factor": 0.8},
                 large_loads=({"name": "Miners", "mw": 1000.0},)),
        Scenario("C", "B", {"pkr_per_usd": 330.0}),
    ))


def test_catalogue_defaults_come_from_the_data_set(catalogue, dataset):
    assert catalogue["pkr_per_usd"].default == 280.0
    assert catalogue["pkr_per_usd"].unit == "PKR/USD"
    assert "Pakbanker" in catalogue["pkr_per_usd"].source and "[Estimate]" in catalogue["pkr_per_usd"].source
    assert catalogue["plant.coal_sahiwal.capacity_mw"].default == 1320.0
    assert catalogue["rlng_price_usd_per_mmbtu"].default == dataset.number("fuel.rlng.price")
    assert catalogue.load_fields["tariff_pkr_per_kwh"].default == 23.0


def test_every_parameter_has_label_unit_group_and_valid_default(catalogue):
    for p in catalogue:
        assert p.label and p.group and p.source, p.key
        assert p.validate(p.default) == p.default, p.key
    assert len({p.key for p in SCALARS}) == len(SCALARS)


def test_validation_messages_name_the_problem(catalogue):
    p = catalogue["plant.coal_sahiwal.capacity_mw"]
    with pytest.raises(ValueError, match="below the minimum 0 MW"):
        p.validate(-5)
    with pytest.raises(ValueError, match="expected a number"):
        p.validate(True)  # a JSON true is not a number
    with pytest.raises(ValueError, match="NaN"):
        p.validate(math.nan)
    with pytest.raises(ValueError, match="not one of"):
        catalogue["zones"].validate("three")
    with pytest.raises(ValueError, match="unknown month 'june'"):
        catalogue.load_fields["curtail_months"].validate(["june"])
    assert catalogue["study_first_fy"].validate(2027.0) == 2027


def test_inheritance_nearest_scenario_wins(catalogue):
    r = resolve(project_abc(), "C", catalogue)
    assert r.values["pkr_per_usd"] == 330.0 and r.origin["pkr_per_usd"] == "C"
    assert r.values["hydrology_factor"] == 0.8 and r.origin["hydrology_factor"] == "B"
    assert r.values["demand_growth_pct"] == 2.8 and r.origin["demand_growth_pct"] == DATA_SET
    assert r.loads_origin == "B" and r.large_loads[0]["mw"] == 1000.0
    assert r.large_loads[0]["tariff_pkr_per_kwh"] == 23.0  # load defaults filled in


def test_input_hash_changes_with_any_input(catalogue):
    p = project_abc()
    h = {n: resolve(p, n, catalogue).input_hash for n in "ABC"}
    assert len(set(h.values())) == 3
    same = Project((Scenario("X", None, {"pkr_per_usd": 300.0}),))
    assert resolve(same, "X", catalogue).input_hash == h["A"]  # names and notes do not matter


def test_cycle_and_unknown_names_are_errors():
    p = Project((Scenario("A", "B"), Scenario("B", "A")))
    with pytest.raises(ScenarioError, match="cycle"):
        p.chain("A")
    with pytest.raises(ScenarioError, match="no scenario named 'Z'"):
        project_abc().scenario("Z")


def test_diff_lists_each_differing_parameter_with_both_values_and_units(catalogue):
    rows = diff(project_abc(), "A", "C", catalogue)
    by_key = {r.key: r for r in rows}
    assert set(by_key) == {"pkr_per_usd", "hydrology_factor", "large_loads[Miners]"}
    assert (by_key["pkr_per_usd"].a, by_key["pkr_per_usd"].b) == (300.0, 330.0)
    assert by_key["pkr_per_usd"].a_text == "300 PKR/USD"
    assert by_key["large_loads[Miners]"].a_text == "absent" and by_key["large_loads[Miners]"].b_text == "1,000 MW"
    assert diff(project_abc(), "C", "C", catalogue) == []


def test_diff_of_loads_is_field_by_field(catalogue):
    p = Project((Scenario("A", None, large_loads=({"name": "M", "mw": 100.0},)),
                 Scenario("B", "A", large_loads=({"name": "M", "mw": 100.0, "flexibility": "curtailable"},))))
    rows = diff(p, "A", "B", catalogue)
    assert [(r.key, r.a, r.b) for r in rows] == [("large_loads[M].flexibility", "firm", "curtailable")]


def test_locked_scenario_refuses_edits_and_rename_carries_to_children():
    p = project_abc()
    locked = p.scenario("A").edited(locked=True)
    with pytest.raises(ScenarioError, match="locked"):
        locked.edited(notes="changed")
    renamed = p.with_scenario(p.scenario("A").edited(name="A2"), replacing="A")
    assert renamed.scenario("B").parent == "A2"
    with pytest.raises(ScenarioError, match="parent of"):
        p.without_scenario("B")
