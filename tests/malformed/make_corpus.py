"""Regenerate the malformed project-file corpus in this folder.

Every ``NN_short_description.wbproj`` holds exactly one problem; ``expected.json`` maps each
file name to a substring that the ProjectFileError message must contain (the field path
and/or the problem). tests/test_project_file.py loads every file with load_project.

The files are committed; this script only documents and reproduces them:

    python tests/malformed/make_corpus.py

It writes a pickle (of a harmless dict) but never loads one. It removes corpus files that
are no longer listed here, so renumbering stays tidy.
"""
from __future__ import annotations

import copy
import io
import json
import pickle
import zipfile
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
FORMAT = "grid-tariff-workbench-project"


def good() -> dict[str, Any]:
    """A small valid schema-2 project; each case below breaks one thing in a copy of it."""
    return {
        "format": FORMAT,
        "schema_version": 2,
        "app_version": "0.1.0",
        "dataset": None,
        "title": "Corpus base project",
        "notes": "",
        "scenarios": [
            {"name": "Base", "parent": None, "notes": "", "author": "", "created": "2026-11-28T14:00:00+00:00",
             "modified": "2026-11-28T14:00:00+00:00", "locked": False, "overrides": {}, "large_loads": []},
            {"name": "Stress", "parent": "Base", "notes": "Dry year.", "author": "", "created": "", "modified": "",
             "locked": False, "overrides": {"hydrology_factor": 0.8, "pkr_per_usd": 330.0},
             "large_loads": [{"name": "Miners", "kind": "crypto_mining", "mw": 1000.0, "zone": "south",
                              "curtail_months": ["jun", "jul"]}]},
        ],
    }


def v3() -> dict[str, Any]:
    """The base project as schema 3, which adds the offer record of a locked scenario."""
    return {**good(), "schema_version": 3}


def v1() -> dict[str, Any]:
    """A small valid schema-1 (prototype) project."""
    return {"format": FORMAT, "schema_version": 1, "app_version": "0.0.1",
            "scenarios": [{"name": "Base", "base": None, "values": {}, "note": ""}]}


def dump(doc: Any) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def edit(change: Callable[[dict[str, Any]], None], base: Callable[[], dict[str, Any]] = good) -> bytes:
    doc = copy.deepcopy(base())
    change(doc)
    return dump(doc)


def _apply(target: dict[str, Any], fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if value is DELETE:
            del target[key]
        else:
            target[key] = value


def scen(i: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    """Set fields on scenario i (a value of DELETE removes the field)."""
    return lambda doc: _apply(doc["scenarios"][i], fields)


def load0(**fields: Any) -> Callable[[dict[str, Any]], None]:
    """Set fields on Stress's first large load (DELETE removes the field)."""
    return lambda doc: _apply(doc["scenarios"][1]["large_loads"][0], fields)


def top(**fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda doc: _apply(doc, fields)


DELETE = object()
GOOD_TEXT = dump(good()).decode()


def replace_once(old: str, new: str) -> bytes:
    assert GOOD_TEXT.count(old) == 1, old
    return GOOD_TEXT.replace(old, new).encode("utf-8")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("project.json", date_time=(2026, 1, 1, 0, 0, 0))  # fixed: reproducible bytes
        archive.writestr(info, dump(good()))
    return buffer.getvalue()


def cycle(doc: dict[str, Any]) -> None:
    doc["scenarios"] = [{"name": "A", "parent": "B"}, {"name": "B", "parent": "A"}]


def orphan_grandparent(doc: dict[str, Any]) -> None:
    # The first scenario's own parent exists; the missing name is the second scenario's parent.
    doc["scenarios"] = [{"name": "Child", "parent": "Middle"}, {"name": "Middle", "parent": "Ghost"}]


def duplicate_load_names(doc: dict[str, Any]) -> None:
    loads = doc["scenarios"][1]["large_loads"]
    loads.append({**loads[0], "zone": "north"})


DEEP = 100_000

# (file name without extension, contents, substring the message must contain)
CASES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "the file is empty"),
    ("whitespace_only", b"  \n\t \r\n   \n", "the file is empty"),
    ("binary_nul_bytes", b"\x00\x01\x02\x03WBPROJ\x00\x00\xff\xfe\x00" * 8, "binary data, not JSON"),
    ("not_utf8_latin1", dump(good()).replace(b"Dry year.", "Année sèche.".encode("latin-1")), "not UTF-8 text"),
    ("python_pickle", pickle.dumps({"format": FORMAT, "schema_version": 2, "scenarios": []}, protocol=4),
     "this is a Python pickle"),
    ("zip_archive", zip_bytes(), "zip archive"),
    ("trailing_comma", replace_once('"large_loads": []', '"large_loads": [],'), "not valid JSON"),
    ("truncated", dump(good())[:300], "not valid JSON"),
    ("top_level_array", dump([good()]), "the top level must be a JSON object"),
    ("missing_format", edit(top(format=DELETE)), "format: missing"),
    ("wrong_format", edit(top(format="leap-area-export")),
     "format: 'leap-area-export' is not 'grid-tariff-workbench-project'"),
    ("missing_schema_version", edit(top(schema_version=DELETE)), "schema_version: missing"),
    ("schema_version_string", edit(top(schema_version="2")), "schema_version: must be a whole number"),
    ("schema_version_true", edit(top(schema_version=True)), "schema_version: must be a whole number"),
    ("schema_version_float", edit(top(schema_version=2.5)), "schema_version: must be a whole number"),
    ("schema_version_newer", edit(top(schema_version=99)), "install a newer workbench"),
    ("schema_version_zero", edit(top(schema_version=0)), "schema_version: 0 is not a valid schema version"),
    ("duplicate_top_level_key", replace_once('"title": "Corpus base project",',
                                             '"title": "Corpus base project",\n  "title": "Second title",'),
     "title: duplicate key"),
    ("duplicate_override_key",
     replace_once('"pkr_per_usd": 330.0', '"pkr_per_usd": 330.0,\n        "pkr_per_usd": 300'),
     "pkr_per_usd: duplicate key"),
    ("nan", replace_once('"hydrology_factor": 0.8', '"hydrology_factor": NaN'), "NaN is not allowed"),
    ("infinity", replace_once('"hydrology_factor": 0.8', '"hydrology_factor": Infinity'),
     ": Infinity is not allowed"),
    ("negative_infinity", replace_once('"hydrology_factor": 0.8', '"hydrology_factor": -Infinity'),
     "-Infinity is not allowed"),
    ("scenarios_not_a_list", edit(top(scenarios={"name": "Base"})), "scenarios: must be a list of scenarios"),
    ("scenarios_empty", edit(top(scenarios=[])), "scenarios: the project has no scenarios"),
    ("too_many_scenarios", edit(top(scenarios=[{"name": f"S{i}"} for i in range(501)])),
     "scenarios: 501 scenarios; the limit is 500"),
    ("scenario_not_object", edit(lambda d: d["scenarios"].append("Stress 2")), "scenarios[2]: must be an object"),
    ("scenario_missing_name", edit(scen(1, name=DELETE)), "scenarios[1].name: missing"),
    ("scenario_empty_name", edit(scen(1, name="   ")), "scenarios[1].name: must not be empty"),
    ("scenario_name_not_text", edit(scen(1, name=42)), "scenarios[1].name: must be text, not int"),
    ("duplicate_scenario_names", edit(scen(1, name="Base")), "scenarios[1].name: 'Base' is used by two scenarios"),
    ("unknown_top_level_field", edit(top(colour="blue")), "colour: unknown field"),
    ("unknown_scenario_field_typo", edit(scen(1, overides={"pkr_per_usd": 300})),
     "scenarios[1].overides: unknown field"),
    ("overrides_not_object", edit(scen(1, overrides=[["pkr_per_usd", 300]])),
     "scenarios[1].overrides: must be an object"),
    ("unknown_parameter", edit(scen(1, overrides={"pkr_per_eur": 300})),
     "scenarios[1].overrides.pkr_per_eur: unknown parameter"),
    ("number_as_text", edit(scen(1, overrides={"pkr_per_usd": "330"})),
     "scenarios[1].overrides.pkr_per_usd: expected a number (PKR/USD), got text '330'"),
    ("boolean_as_number", edit(scen(1, overrides={"hydrology_factor": True})),
     "scenarios[1].overrides.hydrology_factor: expected a number (x FY25), got true/false"),
    ("null_value", edit(scen(1, overrides={"pkr_per_usd": None})),
     "scenarios[1].overrides.pkr_per_usd: a value is required"),
    ("below_minimum", edit(scen(1, overrides={"plant.coal_sahiwal.capacity_mw": -5})),
     "scenarios[1].overrides.plant.coal_sahiwal.capacity_mw: -5 is below the minimum 0 MW"),
    ("above_maximum", edit(scen(1, overrides={"pkr_per_usd": 5000})),
     "scenarios[1].overrides.pkr_per_usd: 5,000 is above the maximum 2,000 PKR/USD"),
    ("fraction_for_integer", edit(scen(1, overrides={"study_years": 2.5})),
     "scenarios[1].overrides.study_years: expected a whole number, got 2.5"),
    ("unknown_choice", edit(scen(1, overrides={"tariff_policy": "free_for_all"})),
     "scenarios[1].overrides.tariff_policy: 'free_for_all' is not one of: pass_through, held_at_notified"),
    ("flag_as_text", edit(scen(1, overrides={"include_pipeline": "yes"})),
     "scenarios[1].overrides.include_pipeline: expected true or false, got text 'yes'"),
    ("huge_integer_override", edit(scen(1, overrides={"pkr_per_usd": 10 ** 400})),
     "scenarios[1].overrides.pkr_per_usd: the number is too large"),
    ("integer_5000_digits", replace_once('"pkr_per_usd": 330.0', '"pkr_per_usd": ' + "7" * 5000),
     "a number in the file has too many digits"),
    ("unknown_parent", edit(scen(1, parent="Baseline")), "scenarios[1].parent: unknown parent scenario 'Baseline'"),
    ("unknown_grandparent", edit(orphan_grandparent), "scenarios[1].parent: unknown parent scenario 'Ghost'"),
    ("inheritance_cycle", edit(cycle), "scenarios[0].parent: inheritance cycle: A -> B -> A"),
    ("self_parent", edit(scen(0, parent="Base")), "scenarios[0].parent: inheritance cycle: Base -> Base"),
    ("locked_not_boolean", edit(scen(0, locked="yes")), "scenarios[0].locked: must be true or false"),
    ("bad_timestamp", edit(scen(0, created="28/11/2026 14:00")),
     "scenarios[0].created: '28/11/2026 14:00' is not an ISO 8601 date-time"),
    ("notes_too_long", edit(scen(0, notes="x" * 20_001)),
     "scenarios[0].notes: is 20,001 characters long; the limit is 20,000"),
    ("lone_surrogate_in_name", replace_once('"name": "Stress"', '"name": "Stress \\ud83d"'),
     "scenarios[1].name: holds an invalid character"),
    ("dataset_wrong_shape", edit(top(dataset={"name": "pakistan-power-fy25"})),
     "dataset: must be an object with text fields name, version and hash"),
    ("large_loads_not_list", edit(scen(1, large_loads={"name": "Miners", "mw": 1000})),
     "scenarios[1].large_loads: must be a list of large loads"),
    ("large_load_not_object", edit(scen(1, large_loads=["Miners"])),
     "scenarios[1].large_loads[0]: must be an object"),
    ("large_load_missing_mw", edit(load0(mw=DELETE)), "scenarios[1].large_loads[0].mw: missing"),
    ("large_load_negative_mw", edit(load0(mw=-100)),
     "scenarios[1].large_loads[0].mw: -100 is below the minimum 0 MW"),
    ("large_load_unknown_field", edit(load0(megawatts=1000)),
     "scenarios[1].large_loads[0].megawatts: unknown large-load field"),
    ("large_load_unknown_month", edit(load0(curtail_months=["jun", "june"])),
     "scenarios[1].large_loads[0].curtail_months: unknown month 'june'"),
    ("large_load_duplicate_names", edit(duplicate_load_names),
     "scenarios[1].large_loads[1].name: 'Miners' is used by two large loads"),
    ("deeply_nested_lists", replace_once('"large_loads": []', '"large_loads": ' + "[" * DEEP + "]" * DEEP),
     "JSON nesting is too deep"),
    ("v1_scenarios_null", edit(top(scenarios=None), base=v1), "scenarios: must be a list of scenarios"),
    ("large_load_window_without_end", edit(load0(curtail_window_start_hour=17)),
     "scenarios[1].large_loads[0].curtail_window_end_hour: a daily curtailment window needs both"),
    ("curtailable_data_centre", edit(load0(kind="ai_data_centre", flexibility="curtailable")),
     "scenarios[1].large_loads[0].flexibility: AI data centres are firm"),
    ("v1_load_negative_capacity",
     edit(scen(0, loads=[{"name": "Miners", "capacity_mw": -1, "type": "crypto_mining"}]), base=v1),
     "scenarios[0].large_loads[0].mw: -1 is below the minimum 0 MW"),
    ("large_load_blank_name", edit(load0(name=" \t ")), "scenarios[1].large_loads[0].name: must not be empty"),
    ("offer_on_unlocked_scenario", edit(scen(1, offer={"proposed_by": "Power Division"}), base=v3),
     "scenarios[1].offer: only a locked scenario records an offer"),
    ("offer_unknown_field", edit(scen(1, locked=True, offer={"proposed_by": "PD", "signed": True}), base=v3),
     "scenarios[1].offer.signed: unknown field"),
    ("offer_bad_hash", edit(scen(1, locked=True, offer={"input_hash": "<script>"}), base=v3),
     "scenarios[1].offer.input_hash: must be a hexadecimal sha256"),
]


def main() -> None:
    expected = {}
    for number, (stem, data, substring) in enumerate(CASES, start=1):
        name = f"{number:02d}_{stem}.wbproj"
        (HERE / name).write_bytes(data)
        expected[name] = substring
    for stale in HERE.glob("*.wbproj"):
        if stale.name not in expected:
            stale.unlink()
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(expected)} corpus files to {HERE}")


if __name__ == "__main__":
    main()
