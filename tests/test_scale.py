"""Scale: linear inheritance, progress and a clean stop on Ctrl+C, a cap on the work of one run.

Timings are never asserted (they flake on shared machines): linearity is checked by counting
how often each scenario's overrides are read, and the stop by what is left behind.
"""
import json

import pytest

from workbench.core.errors import ProjectFileError, ScenarioError
from workbench.core.project import DATA_SET, Project, Scenario, resolve, resolve_all
from workbench.io.project_file import FORMAT, parse_project


def chain_doc(depth, *, years=1, loads=0, every_scenario_loads=False):
    """A chain: scenario i inherits from i-1; the root sets the horizon and (optionally) the loads."""
    scenarios = []
    for i in range(depth):
        s = {"name": f"s{i}", "parent": f"s{i - 1}" if i else None,
             "overrides": {"study_years": years} if i == 0 else {"pkr_per_usd": 200.0 + i}}
        if i == 0 or every_scenario_loads:
            s["large_loads"] = [{"name": f"load {j}", "mw": 1.0} for j in range(loads)]
        scenarios.append(s)
    return {"format": FORMAT, "schema_version": 3, "scenarios": scenarios}


def write(tmp_path, doc, name="p.wbproj"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# --- 1. linear inheritance -------------------------------------------------------------------

def naive(project, name, catalogue):
    """Resolution written out by hand: walk up to the root, then apply overrides root first."""
    by_name = {s.name: s for s in project.scenarios}
    chain = []
    current = name
    while current is not None:
        chain.append(by_name[current])
        current = by_name[current].parent
    values = {p.key: p.default for p in catalogue}
    origin = {k: DATA_SET for k in values}
    for s in reversed(chain):
        for key, value in s.overrides.items():
            values[key], origin[key] = value, s.name
    owner = next((s for s in chain if s.large_loads is not None), None)
    return values, origin, owner


def small_tree():
    return Project((
        Scenario("root", None, {"pkr_per_usd": 300.0}, large_loads=({"name": "A", "mw": 100.0},)),
        Scenario("left", "root", {"hydrology_factor": 0.9}),
        Scenario("left.deep", "left", {"pkr_per_usd": 310.0, "study_years": 2},
                 large_loads=({"name": "B", "mw": 50.0, "load_factor": 0.5},)),
        Scenario("right", "root", {}, large_loads=()),
        Scenario("leaf", "left.deep", {"hydrology_factor": 1.1}),
        Scenario("orphan", None, {}),
    ))


def test_resolve_all_gives_the_values_of_a_hand_written_resolution(catalogue):
    project = small_tree()
    resolved = resolve_all(project, catalogue)
    assert [r.name for r in resolved] == project.names()
    for r in resolved:
        values, origin, owner = naive(project, r.name, catalogue)
        assert dict(r.values) == values and dict(r.origin) == origin
        assert r.loads_origin == (owner.name if owner else DATA_SET)
        own = owner.large_loads if owner else ()
        assert [load["name"] for load in r.large_loads] == [load["name"] for load in own]
        assert r == resolve(project, r.name, catalogue)  # same values, origins, loads and input hash
    leaf = resolved[project.names().index("leaf")]
    assert leaf.values["pkr_per_usd"] == 310.0 and leaf.origin["pkr_per_usd"] == "left.deep"
    assert leaf.values["hydrology_factor"] == 1.1 and leaf.loads_origin == "left.deep"
    assert leaf.large_loads[0]["load_factor"] == 0.5 and len(leaf.large_loads[0]) == len(catalogue.load_fields)


def test_resolve_all_of_a_selection_keeps_its_order(catalogue):
    project = small_tree()
    picked = resolve_all(project, catalogue, ["leaf", "root", "leaf"])
    assert [r.name for r in picked] == ["leaf", "root", "leaf"]
    assert picked[0] == resolve(project, "leaf", catalogue)


class CountingOverrides(dict):
    reads = 0

    def items(self):
        CountingOverrides.reads += 1
        return super().items()


def test_a_500_scenario_chain_validates_and_each_scenario_is_applied_once(catalogue):
    project = parse_project(json.dumps(chain_doc(500)).encode(), catalogue)
    assert len(project.scenarios) == 500
    counted = Project(tuple(Scenario(s.name, s.parent, CountingOverrides(s.overrides)) for s in project.scenarios))
    CountingOverrides.reads = 0
    resolved = resolve_all(counted, catalogue)
    assert CountingOverrides.reads == 500  # one per scenario; resolving each chain anew reads 125,250
    last = resolved[-1]
    assert last.values["pkr_per_usd"] == 200.0 + 499 and last.origin["pkr_per_usd"] == "s499"
    assert last.values["study_years"] == 1 and last.origin["study_years"] == "s0"
    assert last.input_hash == resolve(project, "s499", catalogue).input_hash


def test_cycles_and_unknown_names_fail_as_before(catalogue):
    doc = chain_doc(4)
    doc["scenarios"][0]["parent"] = "s2"  # s0 -> s2 -> s1 -> s0; s3 hangs below the cycle
    doc["scenarios"].insert(0, {"name": "fine", "parent": None})
    with pytest.raises(ProjectFileError) as err:
        parse_project(json.dumps(doc).encode(), catalogue)
    assert str(err.value).endswith("scenarios[1].parent: inheritance cycle: s0 -> s2 -> s1 -> s0")
    # a scenario that leads into a cycle names its own path first, as Project.chain does
    project = Project((Scenario("x", "a"), Scenario("a", "b"), Scenario("b", "a")))
    assert project.inheritance_problem() == (0, "inheritance cycle: x -> a -> b -> a")
    with pytest.raises(ScenarioError, match="^inheritance cycle: x -> a -> b -> a$"):
        resolve_all(project, catalogue, ["x"])
    with pytest.raises(ScenarioError, match="no scenario named 'nope'; the project has: root"):
        resolve_all(small_tree(), catalogue, ["leaf", "nope"])
