"""One small undo command per kind of edit; each swaps one immutable project value for another.

A command computes its new project in its constructor through workbench.core.edits, so an
invalid edit raises there (EditRefused) and never reaches the undo stack or the project.
Undo and redo only swap values, so undo restores exactly what was there, and the results cache
(keyed by input hash) shows the old results again without a run.
"""
from __future__ import annotations

import time
from typing import Any

from PySide6.QtGui import QUndoCommand

from workbench.core import edits, party_edits
from workbench.core.gates import Consultation, Gate, GateRecord
from workbench.core.project import Project
from workbench.core.selection import Selection
from workbench.core.uncertainty import Uncertain
from workbench.ui.state.app_state import AppState, Change

MERGE_ID = 1
MERGE_WINDOW_S = 2.0  # edits to one field closer together than this are one undo step


class ProjectCommand(QUndoCommand):
    def __init__(self, state: AppState, text: str, after: Project, edited: set[str], *, structure: bool = False,
                 renamed: tuple[str, str] | None = None, merge_key: tuple[Any, ...] | None = None,
                 source: object | None = None) -> None:
        super().__init__(text)
        self.state, self.before, self.after = state, state.project, after
        self.edited, self.structure, self.renamed = frozenset(edited), structure, renamed
        self.merge_key, self.stamp, self.source = merge_key, time.monotonic(), source
        # Undo and redo put back what the user was looking at before and after the edit.
        self.selection_before: Selection = state.selection
        self.selection_after: Selection | None = None  # known once the edit has been undone

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ProjectCommand) or other.merge_key != self.merge_key or \
                other.stamp - self.stamp > MERGE_WINDOW_S:
            return False
        self.after, self.stamp = other.after, other.stamp
        self.setText(other.text())
        self.setObsolete(self.after.same_content(self.before))  # typed back to where it started: no step at all
        return True

    def redo(self) -> None:
        renamed = (self.renamed,) if self.renamed else ()
        self.state.swap(self.after, Change(self.edited, structure=self.structure, renamed=renamed,
                                           source=self.source), self.selection_after)
        self.source = None  # a later redo comes from the undo stack, not from the view

    def undo(self) -> None:
        self.selection_after = self.state.selection
        renamed = ((self.renamed[1], self.renamed[0]),) if self.renamed else ()
        edited = {self.renamed[0] if n == self.renamed[1] else n for n in self.edited} if self.renamed \
            else self.edited
        self.state.swap(self.before, Change(frozenset(edited), structure=self.structure, renamed=renamed),
                        self.selection_before)



class SetOverride(ProjectCommand):
    def __init__(self, state: AppState, scenario: str, key: str, value: Any, source: object | None = None) -> None:
        after = edits.set_override(state.project, scenario, key, value, state.catalogue)
        super().__init__(state, f"Set {state.catalogue[key].label} in '{scenario}'", after, {scenario},
                         merge_key=("override", scenario, key), source=source)


class ResetOverride(ProjectCommand):
    def __init__(self, state: AppState, scenario: str, key: str, source: object | None = None) -> None:
        after = edits.reset_override(state.project, scenario, key, state.catalogue)
        super().__init__(state, f"Reset {state.catalogue[key].label} in '{scenario}'", after, {scenario},
                         source=source)


class SetUncertainty(ProjectCommand):
    """The scenario's own distribution of a parameter for its studies, or (None) back to the inherited one."""

    def __init__(self, state: AppState, scenario: str, key: str, u: Uncertain | None) -> None:
        after = edits.set_uncertainty(state.project, scenario, key, u, state.catalogue)
        verb = "Set" if u is not None else "Reset"
        super().__init__(state, f"{verb} the uncertainty of {state.catalogue[key].label} in '{scenario}'", after,
                         {scenario})


class SetLoadField(ProjectCommand):
    def __init__(self, state: AppState, scenario: str, row: int, key: str, value: Any,
                 source: object | None = None) -> None:
        after = edits.set_load_field(state.project, scenario, row, key, value, state.catalogue)
        label = state.catalogue.load_fields[key].label.split(" (")[0].lower()
        super().__init__(state, f"Set load {row + 1} {label} in '{scenario}'", after, {scenario},
                         merge_key=("load", scenario, row, key), source=source)


class AddLoad(ProjectCommand):
    def __init__(self, state: AppState, scenario: str) -> None:
        super().__init__(state, f"Add a large load to '{scenario}'",
                         edits.add_load(state.project, scenario, state.catalogue), {scenario})


class RemoveLoad(ProjectCommand):
    def __init__(self, state: AppState, scenario: str, row: int) -> None:
        super().__init__(state, f"Remove large load {row + 1} from '{scenario}'",
                         edits.remove_load(state.project, scenario, row, state.catalogue), {scenario})


class DuplicateLoad(ProjectCommand):
    def __init__(self, state: AppState, scenario: str, row: int) -> None:
        super().__init__(state, f"Duplicate large load {row + 1} in '{scenario}'",
                         edits.duplicate_load(state.project, scenario, row, state.catalogue), {scenario})


class InheritLoads(ProjectCommand):
    def __init__(self, state: AppState, scenario: str) -> None:
        super().__init__(state, f"Use the parent's large loads in '{scenario}'",
                         edits.inherit_loads(state.project, scenario, state.catalogue), {scenario})


class NewScenario(ProjectCommand):
    def __init__(self, state: AppState, name: str, parent: str | None) -> None:
        after = edits.new_scenario(state.project, name, parent, state.catalogue)
        super().__init__(state, f"New scenario '{name.strip()}'", after, {name.strip()}, structure=True)


class DuplicateScenario(ProjectCommand):
    def __init__(self, state: AppState, source_name: str, name: str) -> None:
        after = edits.duplicate_scenario(state.project, source_name, name, state.catalogue)
        super().__init__(state, f"Duplicate '{source_name}'", after, {name.strip()}, structure=True)


class RenameScenario(ProjectCommand):
    def __init__(self, state: AppState, old: str, new: str) -> None:
        after = edits.rename_scenario(state.project, old, new, state.catalogue)
        super().__init__(state, f"Rename '{old}' to '{new.strip()}'", after, {new.strip()}, structure=True,
                         renamed=(old, new.strip()))


class Reparent(ProjectCommand):
    def __init__(self, state: AppState, name: str, parent: str | None) -> None:
        after = edits.reparent(state.project, name, parent, state.catalogue)
        where = f"under '{parent}'" if parent else "to the top level"
        super().__init__(state, f"Move '{name}' {where}", after, {name}, structure=True)


class DeleteScenario(ProjectCommand):
    def __init__(self, state: AppState, name: str, move_children: bool = False) -> None:
        moved = set(state.project.children(name)) if move_children else set()
        after = edits.delete_scenario(state.project, name, state.catalogue, reparent_children=move_children)
        super().__init__(state, f"Delete '{name}'", after, moved, structure=True)


class SetNotes(ProjectCommand):
    def __init__(self, state: AppState, name: str, notes: str, source: object | None = None) -> None:
        after = edits.set_notes(state.project, name, notes, state.catalogue)
        super().__init__(state, f"Edit the notes of '{name}'", after, {name}, merge_key=("notes", name),
                         source=source)


class LockScenario(ProjectCommand):
    def __init__(self, state: AppState, name: str, proposed_by: str, note: str) -> None:
        after = edits.lock(state.project, name, state.catalogue, proposed_by, note)
        super().__init__(state, f"Lock '{name}' as an offer", after, {name}, structure=True)


class UnlockScenario(ProjectCommand):
    def __init__(self, state: AppState, name: str) -> None:
        super().__init__(state, f"Unlock '{name}'", edits.unlock(state.project, name), {name}, structure=True)


class ImportScenario(ProjectCommand):
    def __init__(self, state: AppState, after: Project, name: str, workbook: str) -> None:
        super().__init__(state, f"Import '{name}' from {workbook}", after, {name}, structure=True)


class SetGate(ProjectCommand):
    def __init__(self, state: AppState, scenario: str, gate: Gate, record: GateRecord, gates: tuple[Gate, ...],
                 source: object | None = None) -> None:
        after = edits.set_gate(state.project, scenario, gate.id, record, gates)
        super().__init__(state, f"Set '{gate.name}' for '{scenario}'", after, {scenario},
                         merge_key=("gate", scenario, gate.id), source=source)


class AddConsultation(ProjectCommand):
    def __init__(self, state: AppState, scenario: str, entry: Consultation) -> None:
        after = edits.add_consultation(state.project, scenario, entry)
        super().__init__(state, f"Log the consultation of {entry.who} for '{scenario}'", after, {scenario})


class RemoveConsultation(ProjectCommand):
    def __init__(self, state: AppState, scenario: str, index: int) -> None:
        after = edits.remove_consultation(state.project, scenario, index)
        super().__init__(state, f"Remove a consultation entry of '{scenario}'", after, {scenario})


class ScenarioFromValues(ProjectCommand):
    """A new child of ``parent`` with some inputs set (a deal-space cell): catalogue keys become its
    overrides; ``loads`` (when given) become its own large loads, field by field, each checked."""

    def __init__(self, state: AppState, parent: str, name: str, values: dict[str, Any],
                 loads: tuple[dict[str, Any], ...] | None, fields: tuple[str, ...]) -> None:
        after = edits.new_scenario(state.project, name, parent, state.catalogue)
        name = name.strip()
        for key, value in values.items():
            after = edits.set_override(after, name, key, value, state.catalogue)
        for row, load in enumerate(loads or ()):
            for key in fields:
                after = edits.set_load_field(after, name, row, key, load[key], state.catalogue)
        super().__init__(state, f"New scenario '{name}' from the deal space", after, {name}, structure=True)


class SetRedLine(ProjectCommand):
    def __init__(self, state: AppState, index: int, party: str, key: str, op: str, threshold: object,
                 source: object | None = None) -> None:
        after = party_edits.set_line(state.project, index, party, key, op, threshold)
        super().__init__(state, f"Edit a red line of {party.strip()}", after, set(), source=source)


class AddRedLine(ProjectCommand):
    def __init__(self, state: AppState, party: str, key: str, op: str, threshold: object) -> None:
        after = party_edits.add_line(state.project, party, key, op, threshold)
        super().__init__(state, f"Add a red line to {party.strip()}", after, set())


class RemoveRedLine(ProjectCommand):
    def __init__(self, state: AppState, index: int) -> None:
        party = party_edits.rows(state.project)[index][0] if 0 <= index < len(party_edits.rows(state.project)) else ""
        super().__init__(state, f"Remove a red line of {party}", party_edits.remove_line(state.project, index), set())
