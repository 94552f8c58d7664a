"""Every edit a user can make to a project, as a pure function: old project in, new project out.

Each function validates its input with the parameter catalogue (the same checks the project
file loader makes) and raises EditRefused with a message that names the field and the reason,
so nothing invalid ever reaches a project. The window wraps each in an undo command; the
command line and tests call them directly.

A locked scenario is a record of an offer: it refuses edits, and no edit elsewhere may change
what it resolves to. When an edit to an ancestor would change a locked scenario's inputs, the
locked scenario is first pinned to the values it had (they become its own overrides), so it
stays exactly as it was offered.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from workbench.core.errors import ScenarioError
from workbench.core.gates import (MAX_CONSULTATIONS, Consultation, Gate, GateRecord, RecordError, check_consultation,
                                  check_record)
from workbench.core.parameters import Catalogue, Parameter, load_problem
from workbench.core.project import Offer, Project, Scenario, complete_load, now_iso, resolve
from workbench.core.text import has_unsafe, safe_text
from workbench.core.uncertainty import DEFAULT, Uncertain, UncertaintyError, as_default, check_inputs

MAX_NAME = 120
MAX_NOTES = 20_000
MAX_LOADS = 100


class EditRefused(ScenarioError):
    """An edit that would make the project invalid; ``field`` names what was refused."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def checked_value(p: Parameter, value: Any) -> Any:
    """The value in canonical form, or EditRefused naming the parameter and its bound."""
    try:
        return p.validate(value)
    except (ValueError, OverflowError) as exc:
        raise EditRefused(f"{p.label}: {exc}", p.key) from None


def checked_name(project: Project, given: Any, replacing: str | None = None) -> str:
    if not isinstance(given, str) or not given.strip():
        raise EditRefused("a scenario needs a name", "name")
    name = given.strip()
    if len(name) > MAX_NAME:
        raise EditRefused(f"a scenario name is at most {MAX_NAME} characters", "name")
    if has_unsafe(name):
        raise EditRefused("a scenario name cannot hold control or invisible formatting characters", "name")
    if name != replacing and name in project.names():
        raise EditRefused(f"a scenario named '{safe_text(name)}' already exists; choose another name", "name")
    return name


def unique_name(project: Project, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)``...: the first name the project does not use yet."""
    names, candidate, n = set(project.names()), wanted[:MAX_NAME], 2
    while candidate in names:
        suffix = f" ({n})"
        candidate, n = wanted[:MAX_NAME - len(suffix)] + suffix, n + 1
    return candidate


# ----------------------------------------------------------------------------- values

def set_override(project: Project, name: str, key: str, value: Any, catalogue: Catalogue) -> Project:
    value = checked_value(catalogue[key], value)
    scenario = project.scenario(name)
    return _update(project, scenario.edited(overrides={**scenario.overrides, key: value}), catalogue)


def reset_override(project: Project, name: str, key: str, catalogue: Catalogue) -> Project:
    """Back to the inherited value (the parent's, or the data set's)."""
    scenario = project.scenario(name)
    if key not in scenario.overrides:
        return project
    overrides = {k: v for k, v in scenario.overrides.items() if k != key}
    return _update(project, scenario.edited(overrides=overrides), catalogue)


def set_uncertainty(project: Project, name: str, key: str, u: Uncertain | None, catalogue: Catalogue) -> Project:
    """The scenario's own distribution of a parameter, or (None) back to its parent's or the default's."""
    scenario = project.scenario(name)
    own = {k: v for k, v in scenario.uncertainty.items() if k != key}
    if u is not None:
        if u.key != key:
            raise EditRefused(f"the distribution is of '{safe_text(u.key)}', not of '{safe_text(key)}'", "key")
        try:
            if u.distribution != DEFAULT:
                check_inputs((u,), catalogue, "uncertainty")
            elif u.key not in catalogue:
                raise UncertaintyError(f"uncertainty: {u.key}", "is not a parameter of the catalogue")
        except UncertaintyError as exc:
            raise EditRefused(exc.problem, exc.part or "key") from None
        own[key] = u
    elif key not in scenario.uncertainty:
        return project
    return _update(project, scenario.edited(uncertainty=own), catalogue)


def set_notes(project: Project, name: str, notes: str, catalogue: Catalogue) -> Project:
    if not isinstance(notes, str) or len(notes) > MAX_NOTES:
        raise EditRefused(f"notes are text of at most {MAX_NOTES:,} characters", "notes")
    return _update(project, project.scenario(name).edited(notes=notes), catalogue)


# ----------------------------------------------------------------------------- large loads

def own_loads(project: Project, name: str, catalogue: Catalogue) -> tuple[dict[str, Any], ...]:
    """The scenario's large loads as it would store them: its own, or a copy of the inherited list."""
    scenario = project.scenario(name)
    if scenario.large_loads is not None:
        return tuple(dict(load) for load in scenario.large_loads)
    return tuple(dict(load) for load in resolve(project, name, catalogue).large_loads)


def set_load_field(project: Project, name: str, index: int, key: str, value: Any,
                   catalogue: Catalogue) -> Project:
    loads = own_loads(project, name, catalogue)
    _check_index(loads, index)
    value = checked_value(catalogue.load_fields[key], value)
    if key == "name":
        value = value.strip()
        if any(i != index and load["name"] == value for i, load in enumerate(loads)):
            raise EditRefused(f"another large load is already named '{safe_text(value)}'", key)
    load = {**loads[index], key: value}
    problem = load_problem(complete_load(load, catalogue))
    if problem is not None:
        field = catalogue.load_fields[problem[0]].label
        raise EditRefused(f"{field}: {problem[1]}", problem[0])
    return _set_loads(project, name, loads[:index] + (load,) + loads[index + 1:], catalogue)


def add_load(project: Project, name: str, catalogue: Catalogue, mw: float = 100.0) -> Project:
    loads = own_loads(project, name, catalogue)
    if len(loads) >= MAX_LOADS:
        raise EditRefused(f"a scenario holds at most {MAX_LOADS} large loads", "large_loads")
    taken, n = {load["name"] for load in loads}, 1
    while f"New load {n}" in taken:
        n += 1
    return _set_loads(project, name, (*loads, {"name": f"New load {n}", "mw": float(mw)}), catalogue)


def remove_load(project: Project, name: str, index: int, catalogue: Catalogue) -> Project:
    loads = own_loads(project, name, catalogue)
    _check_index(loads, index)
    return _set_loads(project, name, loads[:index] + loads[index + 1:], catalogue)


def duplicate_load(project: Project, name: str, index: int, catalogue: Catalogue) -> Project:
    loads = own_loads(project, name, catalogue)
    _check_index(loads, index)
    if len(loads) >= MAX_LOADS:
        raise EditRefused(f"a scenario holds at most {MAX_LOADS} large loads", "large_loads")
    taken, n = {load["name"] for load in loads}, 2
    base = loads[index]["name"][:MAX_NAME - 5]
    while f"{base} ({n})" in taken:
        n += 1
    copy = {**loads[index], "name": f"{base} ({n})"}
    return _set_loads(project, name, loads[:index + 1] + (copy,) + loads[index + 1:], catalogue)


def inherit_loads(project: Project, name: str, catalogue: Catalogue) -> Project:
    """Drop the scenario's own list and use its parent's again."""
    scenario = project.scenario(name)
    if scenario.parent is None:
        raise EditRefused(f"'{safe_text(name)}' has no parent to inherit large loads from", "large_loads")
    return _update(project, scenario.edited(large_loads=None), catalogue)


def _set_loads(project: Project, name: str, loads: tuple[dict[str, Any], ...], catalogue: Catalogue) -> Project:
    return _update(project, project.scenario(name).edited(large_loads=loads), catalogue)


def _check_index(loads: tuple[Mapping[str, Any], ...], index: int) -> None:
    if not 0 <= index < len(loads):
        raise EditRefused(f"there is no large load number {index + 1}", "large_loads")


# ----------------------------------------------------------------------------- scenarios

def new_scenario(project: Project, name: str, parent: str | None, catalogue: Catalogue) -> Project:
    """An empty child of ``parent``: it inherits everything until something is overridden."""
    name = checked_name(project, name)
    if parent is not None:
        project.scenario(parent)
    stamp = now_iso()
    return _guarded(project, project.with_scenario(Scenario(name, parent, created=stamp, modified=stamp)), catalogue)


def duplicate_scenario(project: Project, source: str, name: str, catalogue: Catalogue) -> Project:
    """A sibling with the same parent, overrides, loads and notes; never locked."""
    name = checked_name(project, name)
    original = project.scenario(source)
    stamp = now_iso()
    copy = replace(original, name=name, locked=False, offer=None, created=stamp, modified=stamp)
    return _guarded(project, project.with_scenario(copy), catalogue)


def rename_scenario(project: Project, old: str, new: str, catalogue: Catalogue) -> Project:
    """Rename; children follow (their parent is renamed with it)."""
    new = checked_name(project, new, replacing=old)
    if new == old:
        return project
    return _guarded(project, project.with_scenario(project.scenario(old).edited(name=new), replacing=old), catalogue)


def reparent(project: Project, name: str, parent: str | None, catalogue: Catalogue) -> Project:
    scenario = project.scenario(name)
    if parent == scenario.parent:
        return project
    if parent is not None:
        if parent == name or name in [s.name for s in project.chain(parent)]:
            raise EditRefused(f"'{safe_text(parent)}' inherits from '{safe_text(name)}', so it cannot become "
                              f"its parent", "parent")
    return _update(project, scenario.edited(parent=parent), catalogue)


def delete_scenario(project: Project, name: str, catalogue: Catalogue, reparent_children: bool = False) -> Project:
    """Remove a scenario; its children are refused, or moved to its parent when asked."""
    scenario = project.scenario(name)
    if scenario.locked:
        raise EditRefused(f"'{safe_text(name)}' is locked as an offer: unlock it (Scenario > Unlock) "
                          f"before deleting it")
    kids = project.children(name)
    if kids and not reparent_children:
        raise EditRefused(f"'{safe_text(name)}' is the parent of {safe_text(', '.join(kids), 200)}; delete them "
                          f"first, or move them to {'its parent' if scenario.parent else 'the top level'}")
    if len(project.scenarios) == 1:
        raise EditRefused("a project keeps at least one scenario")
    moved = replace(project, scenarios=tuple(replace(s, parent=scenario.parent) if s.parent == name else s
                                             for s in project.scenarios))
    return _guarded(project, moved.without_scenario(name), catalogue)


def lock(project: Project, name: str, catalogue: Catalogue, proposed_by: str, note: str,
         when: str | None = None) -> Project:
    """Lock as a record of an offer: who proposed it, when, a note, and the inputs' hash then."""
    scenario = project.scenario(name)
    if scenario.locked:
        raise EditRefused(f"'{safe_text(name)}' is already locked")
    for text, field, limit in ((proposed_by, "proposed_by", MAX_NAME), (note, "note", MAX_NOTES)):
        if not isinstance(text, str) or len(text) > limit:
            raise EditRefused(f"{field.replace('_', ' ')} is text of at most {limit:,} characters", field)
    offer = Offer(proposed_by.strip(), when or now_iso(), note, resolve(project, name, catalogue).input_hash)
    return project.with_scenario(scenario.edited(locked=True, offer=offer), replacing=name)


def unlock(project: Project, name: str) -> Project:
    scenario = project.scenario(name)
    if not scenario.locked:
        return project
    return project.with_scenario(scenario.edited(locked=False, offer=None), replacing=name)


# ----------------------------------------------------------------------------- the locked-scenario guard

# ----------------------------------------------------------------------------- gates and consultations
# The process record changes no input, so it needs no pinning of locked scenarios, and a locked
# offer's record moves on (an approval granted after the offer was made).

def set_gate(project: Project, name: str, gate_id: str, record: GateRecord, gates: tuple[Gate, ...]) -> Project:
    """The scenario's status at one gate; a record equal to "not started" with nothing noted is dropped."""
    if gate_id not in {g.id for g in gates}:
        raise EditRefused(f"unknown gate '{safe_text(gate_id)}'; the gates are: {', '.join(g.id for g in gates)}",
                          "gates")
    _checked(check_record, record)
    scenario = project.scenario(name)
    records = {**scenario.gates, gate_id: record}
    if record == GateRecord():
        del records[gate_id]
    return project.with_scenario(scenario.edited(gates=records), replacing=name)


def add_consultation(project: Project, name: str, entry: Consultation) -> Project:
    """A dated entry in the scenario's consultation log, kept in date order."""
    _checked(check_consultation, entry)
    scenario = project.scenario(name)
    if len(scenario.consultations) >= MAX_CONSULTATIONS:
        raise EditRefused(f"a scenario keeps at most {MAX_CONSULTATIONS} consultation entries", "consultations")
    log = tuple(sorted((*scenario.consultations, entry), key=lambda e: e.date))
    return project.with_scenario(scenario.edited(consultations=log), replacing=name)


def remove_consultation(project: Project, name: str, index: int) -> Project:
    scenario = project.scenario(name)
    if not 0 <= index < len(scenario.consultations):
        raise EditRefused(f"'{safe_text(name)}' has no consultation entry {index + 1}", "consultations")
    log = scenario.consultations[:index] + scenario.consultations[index + 1:]
    return project.with_scenario(scenario.edited(consultations=log), replacing=name)


def _checked(check: Any, item: Any) -> None:
    try:
        check(item)
    except RecordError as exc:
        raise EditRefused(str(exc), exc.field) from None


def _update(project: Project, scenario: Scenario, catalogue: Catalogue) -> Project:
    return _guarded(project, project.with_scenario(scenario, replacing=scenario.name), catalogue)


def _guarded(before: Project, after: Project, catalogue: Catalogue) -> Project:
    """``after``, with every locked scenario whose inputs the edit would change pinned to its old values."""
    for name in after.names():
        after.chain(name)  # an unknown parent or a cycle fails here, before anything is kept
    for scenario in before.scenarios:
        if not scenario.locked or scenario.name not in after.names():
            continue
        old, new = resolve(before, scenario.name, catalogue), resolve(after, scenario.name, catalogue)
        if new.input_hash != old.input_hash:
            pinned = replace(after.scenario(scenario.name), overrides=dict(old.values),
                             large_loads=tuple(dict(load) for load in old.large_loads))
            after = after.with_scenario(pinned, replacing=scenario.name)
        if new.uncertainty != old.uncertainty:  # its studies too stay as they were offered
            gone = {key: as_default(key) for key in new.uncertainty if key not in old.uncertainty}
            pinned = replace(after.scenario(scenario.name), uncertainty={**gone, **old.uncertainty})
            after = after.with_scenario(pinned, replacing=scenario.name)
    return after

