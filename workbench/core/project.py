"""Scenarios and projects as immutable values: inheritance, resolution, diff and input hash.

A scenario stores only its overrides; a value is looked up in the scenario, then its parent,
up to the data set's default (as in LEAP). Large loads are inherited as a whole list: a
scenario either has its own ``large_loads`` or uses its parent's.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cached_property
from typing import Any, Iterable, Mapping

from workbench.core.errors import ScenarioError
from workbench.core.gates import Consultation, GateRecord
from workbench.core.large_load import LargeLoad, typed_loads
from workbench.core.parameters import Catalogue
from workbench.core.parties import DEFAULT_PARTIES, Party
from workbench.core.scenario_values import ScenarioValues
from workbench.core.text import safe_text
from workbench.core.uncertainty import DEFAULT, Uncertain

DATA_SET = "data set"  # origin label for values that no scenario overrides


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Offer:
    """Who proposed a locked scenario, when it was locked, and the inputs' hash at that moment."""

    proposed_by: str = ""
    locked_at: str = ""
    note: str = ""
    input_hash: str = ""


@dataclass(frozen=True)
class Scenario:
    name: str
    parent: str | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    large_loads: tuple[Mapping[str, Any], ...] | None = None  # None: inherit the parent's
    notes: str = ""
    author: str = ""
    created: str = ""
    modified: str = ""
    locked: bool = False
    offer: Offer | None = None  # only on locked scenarios; older files lock without one
    gates: Mapping[str, GateRecord] = field(default_factory=dict)  # gate id -> status; none: not started
    consultations: tuple[Consultation, ...] = ()  # in date order
    uncertainty: Mapping[str, Uncertain] = field(default_factory=dict)  # parameter -> its own distribution

    def edited(self, **changes: Any) -> "Scenario":
        """A copy with changes and a fresh modified stamp; refused when locked, except for the process
        record (lock, offer, gates, consultations), which moves on after an offer is made."""
        if self.locked and set(changes) - {"locked", "offer", "gates", "consultations"}:
            raise ScenarioError(f"'{safe_text(self.name)}' is locked as an offer: unlock it (Scenario > Unlock) "
                                f"or duplicate it to change it")
        return replace(self, modified=now_iso(), **changes)


@dataclass(frozen=True)
class ResolvedScenario:
    """Every parameter's effective value, where it came from, and the full large-load list."""

    name: str
    values: Mapping[str, Any]
    origin: Mapping[str, str]  # parameter -> scenario name that set it, or DATA_SET
    large_loads: tuple[Mapping[str, Any], ...]
    loads_origin: str
    dataset_identity: Mapping[str, str]
    # parameter -> the distribution its studies draw from, where a scenario of the chain sets one; no
    # deterministic result reads it, so it is not part of the input hash
    uncertainty: Mapping[str, Uncertain] = field(default_factory=dict)

    @cached_property
    def input_hash(self) -> str:
        """Computed when first asked for: validating 500 scenarios of 100 loads need not hash them all."""
        return input_hash(self.values, self.large_loads, self.dataset_identity)

    @cached_property
    def study_hash(self) -> str:
        """The input hash and the scenario's own uncertain ranges: what a Monte Carlo or tornado of it
        depends on (a range edit changes no deterministic result, but does change those)."""
        ranges = {key: [u.distribution, u.low, u.high, u.group] for key, u in sorted(self.uncertainty.items())}
        text = json.dumps([self.input_hash, ranges], separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @cached_property
    def engine_values(self) -> ScenarioValues:
        """The values as the engine reads them: typed and checked, converted once when first asked for."""
        return ScenarioValues.of(self.values)

    @cached_property
    def engine_loads(self) -> tuple[LargeLoad, ...]:
        """The large loads as the engine reads them: typed and checked, converted once when first asked for."""
        return typed_loads(self.large_loads)

    def with_changes(self, values: Mapping[str, Any],
                     large_loads: tuple[Mapping[str, Any], ...] | None = None) -> "ResolvedScenario":
        """This scenario with some values, and perhaps its large loads, replaced. Its typed values are
        this one's (typed once) with only the changed ones checked: a study makes thousands of these."""
        changed = replace(self, values={**self.values, **values},
                          large_loads=self.large_loads if large_loads is None else large_loads)
        # A fresh object's cached properties are empty; these are set to what they would compute.
        changed.__dict__["engine_values"] = self.engine_values.with_changes(values)
        if large_loads is None:
            changed.__dict__["engine_loads"] = self.engine_loads
        return changed


@dataclass(frozen=True)
class DiffRow:
    key: str
    label: str
    unit: str
    a: Any
    b: Any
    a_text: str
    b_text: str


@dataclass(frozen=True)
class Project:
    scenarios: tuple[Scenario, ...]
    title: str = ""
    notes: str = ""
    dataset: Mapping[str, str] | None = None  # identity of the data set it was made with
    parties: tuple[Party, ...] = DEFAULT_PARTIES  # whose red lines each scenario is judged against

    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]

    def children(self, name: str) -> list[str]:
        """The scenarios that inherit directly from ``name``."""
        return [s.name for s in self.scenarios if s.parent == name]

    def same_content(self, other: "Project") -> bool:
        """Equal but for the scenarios' modified stamps, which every edit refreshes."""
        def unstamped(p: Project) -> Project:
            return replace(p, scenarios=tuple(replace(s, modified="") for s in p.scenarios))
        return self == other or unstamped(self) == unstamped(other)

    @cached_property
    def _by_name(self) -> dict[str, Scenario]:
        """Name -> scenario (the first of a name), built once: lookups in a long chain stay O(1)."""
        index: dict[str, Scenario] = {}
        for s in self.scenarios:
            index.setdefault(s.name, s)
        return index

    def scenario(self, name: str) -> Scenario:
        found = self._by_name.get(name)
        if found is None:
            raise ScenarioError(f"no scenario named '{safe_text(name)}'; the project has: "
                                f"{safe_text(', '.join(self.names()), 200)}")
        return found

    def chain(self, name: str) -> list[Scenario]:
        """The scenario and its ancestors, nearest first."""
        chain: list[Scenario] = []
        seen: set[str] = set()
        current: str | None = name
        while current is not None:
            if current in seen:
                raise ScenarioError(_cycle_message([s.name for s in chain], current))
            seen.add(current)
            scenario = self.scenario(current)
            chain.append(scenario)
            current = scenario.parent
        return chain

    def inheritance_problem(self) -> tuple[int, str] | None:
        """(index, message) of the first scenario, in order, whose ``chain`` fails, with the message
        ``chain`` raises; None when every chain ends at a root.

        One pass over the project: a walk up from each scenario stops at the first ancestor an
        earlier walk already proved sound, so every scenario is visited about once.
        """
        sound: set[str] = set()
        for index, start in enumerate(self.scenarios):
            path: list[str] = []
            on_path: set[str] = set()
            current: str | None = start.name
            while current is not None and current not in sound:
                if current in on_path:
                    return index, _cycle_message(path, current)
                if current not in self._by_name:
                    try:
                        self.scenario(current)  # raises, with the message chain() gives
                    except ScenarioError as exc:
                        return index, str(exc)
                on_path.add(current)
                path.append(current)
                current = self._by_name[current].parent
            sound.update(path)
        return None

    def with_scenario(self, scenario: Scenario, replacing: str | None = None) -> "Project":
        """Add a scenario, or replace the one named ``replacing`` (renames carry to children)."""
        target = replacing if replacing is not None else scenario.name
        if target != scenario.name and scenario.name in self.names():
            raise ScenarioError(f"a scenario named '{safe_text(scenario.name)}' already exists")
        if replacing is None and scenario.name in self.names():
            raise ScenarioError(f"a scenario named '{safe_text(scenario.name)}' already exists")
        out = []
        for s in self.scenarios:
            if s.name == target:
                out.append(scenario)
            else:
                out.append(replace(s, parent=scenario.name) if s.parent == target else s)
        if replacing is None:
            out.append(scenario)
        return replace(self, scenarios=tuple(out))

    def without_scenario(self, name: str) -> "Project":
        self.scenario(name)
        children = self.children(name)
        if children:
            raise ScenarioError(f"'{safe_text(name)}' is the parent of {safe_text(', '.join(children), 200)}; "
                                f"delete or re-parent them first")
        return replace(self, scenarios=tuple(s for s in self.scenarios if s.name != name))


def _cycle_message(path: list[str], again: str) -> str:
    return f"inheritance cycle: {safe_text(' -> '.join([*path, again]), 240)}"


def resolve(project: Project, name: str, catalogue: Catalogue) -> ResolvedScenario:
    chain = project.chain(name)
    values = catalogue.defaults()
    origin = {k: DATA_SET for k in values}
    for scenario in reversed(chain):  # root first, so nearer scenarios win
        for key, value in scenario.overrides.items():
            values[key] = value
            origin[key] = scenario.name
    uncertainty: dict[str, Uncertain] = {}
    for scenario in reversed(chain):
        uncertainty.update(scenario.uncertainty)
    uncertainty = _studied(uncertainty)
    loads: tuple[Mapping[str, Any], ...] = ()
    loads_origin = DATA_SET
    for scenario in chain:
        if scenario.large_loads is not None:
            loads = tuple(complete_load(load, catalogue) for load in scenario.large_loads)
            loads_origin = scenario.name
            break
    return ResolvedScenario(name, values, origin, loads, loads_origin, catalogue.dataset_identity, uncertainty)


# resolve_all's memo: (values, origin, the scenario whose large loads apply, uncertainty) of a scenario
_Resolving = tuple[dict[str, Any], dict[str, str], Scenario | None, dict[str, Uncertain]]


def resolve_all(project: Project, catalogue: Catalogue,
                names: Iterable[str] | None = None) -> list[ResolvedScenario]:
    """``[resolve(project, n, catalogue) for n in names]`` (default: every scenario), in linear time.

    Each scenario's values are its parent's resolved values plus its own overrides, so an
    ancestor shared by many scenarios (a 500-deep chain) is resolved once, not once per
    descendant. Unknown names and cycles raise what ``resolve`` raises for the first of them.
    """
    wanted = project.names() if names is None else list(names)
    defaults, load_defaults = catalogue.defaults(), catalogue.load_defaults()  # as complete_load() fills them
    memo: dict[str, _Resolving] = {}

    def values_of(name: str) -> _Resolving:
        """(values, origin, the scenario whose large loads apply, uncertainty) of ``name``, parents first."""
        pending: list[Scenario] = []
        seen: set[str] = set()
        current: str | None = name
        while current is not None and current not in memo:  # up to the first ancestor already resolved
            if current in seen or current not in project._by_name:
                project.chain(name)  # raises the cycle or unknown-name error resolve() raises
            seen.add(current)
            pending.append(project.scenario(current))
            current = pending[-1].parent
        for scenario in reversed(pending):  # root first, so nearer scenarios win
            if scenario.parent is None:
                values, origin, owner = dict(defaults), {k: DATA_SET for k in defaults}, None
                uncertainty: dict[str, Uncertain] = {}
            else:
                parent_values, parent_origin, owner, uncertainty = memo[scenario.parent]
                values, origin = dict(parent_values), dict(parent_origin)
            for key, value in scenario.overrides.items():
                values[key] = value
                origin[key] = scenario.name
            if scenario.uncertainty:  # shared with the parent unless the scenario sets its own
                uncertainty = {**uncertainty, **scenario.uncertainty}
            memo[scenario.name] = (values, origin, scenario if scenario.large_loads is not None else owner,
                                   uncertainty)
        return memo[name]

    out = []
    for name in wanted:
        values, origin, owner, uncertainty = values_of(name)
        loads = () if owner is None else tuple({**load_defaults, **load} for load in owner.large_loads or ())
        values = dict(values)
        out.append(ResolvedScenario(name, values, dict(origin), loads, DATA_SET if owner is None else owner.name,
                                    catalogue.dataset_identity, _studied(uncertainty)))
    return out


def _studied(uncertainty: Mapping[str, Uncertain]) -> dict[str, Uncertain]:
    """The chain's entries less those that say "as the default" (they only mask a parent's)."""
    return {key: u for key, u in uncertainty.items() if u.distribution != DEFAULT}


def complete_load(load: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """A large load with every field present, defaults filled in."""
    return {**catalogue.load_defaults(), **load}


def input_hash(values: Mapping[str, Any], loads: tuple[Mapping[str, Any], ...], dataset: Mapping[str, str]) -> str:
    """Hash of everything a run depends on: equal hashes mean equal results."""
    canonical = json.dumps({"values": values, "loads": loads, "dataset": dataset}, sort_keys=True,
                           separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def diff(project: Project, a: str, b: str, catalogue: Catalogue) -> list[DiffRow]:
    """Every parameter whose effective value differs, then large loads field by field."""
    ra, rb = resolve(project, a, catalogue), resolve(project, b, catalogue)
    rows = []
    for p in catalogue:
        va, vb = ra.values[p.key], rb.values[p.key]
        if va != vb:
            rows.append(DiffRow(p.key, p.label, p.unit, va, vb, p.format(va), p.format(vb)))
    loads_a = {load["name"]: load for load in ra.large_loads}
    loads_b = {load["name"]: load for load in rb.large_loads}
    for load_name in dict.fromkeys([*loads_a, *loads_b]):
        la, lb = loads_a.get(load_name), loads_b.get(load_name)
        prefix = f"large_loads[{load_name}]"
        if la is None or lb is None:
            mw = catalogue.load_fields["mw"]
            rows.append(DiffRow(prefix, f"Large load '{load_name}'", "MW", la and la["mw"], lb and lb["mw"],
                                mw.format(la["mw"]) if la else "absent", mw.format(lb["mw"]) if lb else "absent"))
            continue
        for key, p in catalogue.load_fields.items():
            if la.get(key) != lb.get(key):
                rows.append(DiffRow(f"{prefix}.{key}", f"Large load '{load_name}': {p.label.lower()}", p.unit,
                                    la.get(key), lb.get(key), p.format(la.get(key)), p.format(lb.get(key))))
    return rows
