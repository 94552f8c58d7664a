"""The typed values the engine reads (core/large_load.py, core/scenario_values.py): built once at the
engine's door, checked, and every refusal names the load and field or the parameter."""
from dataclasses import FrozenInstanceError, fields

import pytest

from workbench.core.errors import ScenarioError
from workbench.core.large_load import LargeLoad, typed_loads
from workbench.core.parameters import LARGE_LOAD_FIELDS, SCALARS
from workbench.core.project import resolve
from workbench.core.scenario_values import ScenarioValues


def complete(catalogue, **changes):
    return {**catalogue.load_defaults(), "name": "Miners", "mw": 2000.0, **changes}


def test_the_typed_load_has_exactly_the_catalogues_fields():
    assert [f.name for f in fields(LargeLoad)] == [p.key for p in LARGE_LOAD_FIELDS]


def test_a_complete_mapping_becomes_a_frozen_typed_load(catalogue):
    load = LargeLoad.of(complete(catalogue, mw=1500, start_month=3.0, curtail_months=["jan", "dec", "jan"]))
    assert load.mw == 1500.0 and isinstance(load.mw, float)  # canonical numbers, as the catalogue validates them
    assert load.start_month == 3 and isinstance(load.start_month, int)
    assert load.curtail_months == ("dec", "jan")  # a month set in fiscal order (July first), once each, as a tuple
    assert load.flexible is False
    with pytest.raises(FrozenInstanceError):
        load.mw = 1.0  # type: ignore[misc]  # the point of the test: a frozen value refuses the write


@pytest.mark.parametrize(("changes", "words"), [
    ({"mw": -1.0}, "field 'mw': -1 is below the minimum 0 MW"),
    ({"kind": "smelter"}, "field 'kind': 'smelter' is not one of"),
    ({"load_factor": "high"}, "field 'load_factor': expected a number"),
    ({"curtail_window_start_hour": 18}, "field 'curtail_window_end_hour': a daily curtailment window needs both"),
    ({"colour": "red"}, "unknown field 'colour'"),
])
def test_a_bad_field_is_refused_with_the_load_and_field_named(catalogue, changes, words):
    with pytest.raises(ScenarioError) as caught:
        LargeLoad.of(complete(catalogue, **changes))
    assert str(caught.value).startswith("large load 'Miners': ") and words in str(caught.value)


def test_a_missing_field_is_named(catalogue):
    fields_ = complete(catalogue)
    del fields_["tariff_scheme"]
    with pytest.raises(ScenarioError, match="large load 'Miners': field 'tariff_scheme' is missing"):
        LargeLoad.of(fields_)


def test_every_example_scenario_converts_and_keeps_its_values(example_session):
    for name in example_session.project.names():
        r = resolve(example_session.project, name, example_session.catalogue)
        assert r.engine_loads is r.engine_loads  # converted once per resolved scenario
        for raw, typed in zip(r.large_loads, r.engine_loads, strict=True):
            for key, value in raw.items():
                assert getattr(typed, key) == (tuple(value) if isinstance(value, list) else value), (name, key)
        assert typed_loads(r.engine_loads) == r.engine_loads  # typed loads pass through unchanged


# ---------------------------------------------------------------- scenario values

def test_the_typed_values_have_every_scalar_parameter_and_the_plants():
    names = [f.name for f in fields(ScenarioValues)]
    assert names == [p.key for p in SCALARS] + ["plant_capacity_mw", "plant_availability"]


def test_resolved_values_become_typed_values_with_the_same_numbers(example_session):
    catalogue = example_session.catalogue
    for name in example_session.project.names():
        r = resolve(example_session.project, name, catalogue)
        typed = r.engine_values
        assert typed is r.engine_values  # converted once per resolved scenario
        for p in SCALARS:
            assert getattr(typed, p.key) == r.values[p.key], (name, p.key)
        plants = {k: v for k, v in r.values.items() if k.startswith("plant.")}
        assert len(plants) == 2 * len(typed.plant_capacity_mw) == 2 * len(typed.plant_availability)
        for pid, mw in typed.plant_capacity_mw.items():
            assert mw == r.values[f"plant.{pid}.capacity_mw"]
            assert typed.plant_availability[pid] == r.values[f"plant.{pid}.availability"]


@pytest.mark.parametrize(("key", "value", "words"), [
    ("pkr_per_usd", "300", "parameter 'pkr_per_usd': expected a number (PKR/USD), got text '300'"),
    ("study_years", 2.5, "parameter 'study_years': expected a whole number, got 2.5"),
    ("zones", "three", "parameter 'zones': 'three' is not one of: single, north_south"),
    ("include_pipeline", 1, "parameter 'include_pipeline': expected true or false"),
    ("plant.nuclear_karachi.availability", 1.5,
     "parameter 'plant.nuclear_karachi.availability': 1.5 is above the maximum 1"),
])
def test_a_bad_value_is_refused_naming_the_parameter(catalogue, key, value, words):
    with pytest.raises(ScenarioError) as caught:
        ScenarioValues.of({**catalogue.defaults(), key: value})
    assert words in str(caught.value)


def test_a_missing_parameter_is_named(catalogue):
    values = catalogue.defaults()
    del values["voll_pkr_per_kwh"]
    with pytest.raises(ScenarioError, match="parameter 'voll_pkr_per_kwh' has no value"):
        ScenarioValues.of(values)


def test_changed_values_checked_alone_equal_the_whole_mapping_checked(example_session):
    """A study's variants check only what they change (``with_changes``): the typed values must be
    what checking the whole changed mapping gives, for scalars and plants alike."""
    r = resolve(example_session.project, "Government proposal", example_session.catalogue)
    changes = {"pkr_per_usd": 310, "study_years": 3.0, "zones": "single", "hydrology_factor": 0.7,
               "plant.nuclear_karachi.availability": 0.5, "plant.rlng_ccgt.capacity_mw": 5000,
               "not_an_engine_key": "ignored"}
    for some in ({}, {"pkr_per_usd": 310}, changes):
        assert r.engine_values.with_changes(some) == ScenarioValues.of({**r.values, **some})
    typed_loads_of_r = r.engine_loads
    changed = r.with_changes({"pkr_per_usd": 310})
    assert changed.engine_values == ScenarioValues.of({**r.values, "pkr_per_usd": 310})
    assert changed.engine_values.pkr_per_usd == 310.0 and r.engine_values.pkr_per_usd != 310.0
    assert changed.engine_loads is typed_loads_of_r  # loads untouched: carried over, not typed again
    assert r.with_changes({}, ()).engine_loads == ()  # new loads are typed afresh
    assert changed.input_hash != r.input_hash


@pytest.mark.parametrize(("key", "value", "words"), [
    ("pkr_per_usd", "300", "parameter 'pkr_per_usd': expected a number (PKR/USD), got text '300'"),
    ("plant.nuclear_karachi.availability", 1.5,
     "parameter 'plant.nuclear_karachi.availability': 1.5 is above the maximum 1"),
])
def test_a_bad_changed_value_is_refused_naming_the_parameter(catalogue, key, value, words):
    with pytest.raises(ScenarioError) as caught:
        ScenarioValues.of(catalogue.defaults()).with_changes({key: value})
    assert words in str(caught.value)
