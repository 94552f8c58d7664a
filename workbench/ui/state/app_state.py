"""AppState: the one owner of the window's mutable state, announcing every change.

It holds the project (an immutable value), its path, the undo stack, the selection (a frozen
value) and the results cache keyed by input hash. Views read it and ask it to change; they never
call each other. Every project change arrives as a Change record on ``projectChanged``, so each
view refreshes only what concerns it and does not echo an edit it made itself.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.core.dataset import DataSet
from workbench.core.errors import ScenarioError
from workbench.core.parameters import Catalogue
from workbench.core.project import Project, ResolvedScenario, resolve
from workbench.core.results import ResultsCache, ScenarioResult
from workbench.core.selection import Selection


@dataclass(frozen=True)
class Change:
    """What one project change touched, and which view started it."""

    edited: frozenset[str] = frozenset()  # scenarios whose own content changed (names after the change)
    affected: frozenset[str] = frozenset()  # those and every scenario that inherits from them
    structure: bool = False  # scenarios added, removed, renamed, re-parented, locked or unlocked
    renamed: tuple[tuple[str, str], ...] = ()  # (old, new) in the order applied
    source: object | None = None  # the view that made the edit; None for undo, redo and opening
    replaced: bool = False  # a different project was opened: everything changed


class AppState(QObject):
    projectChanged = Signal(object)  # Change
    selectionChanged = Signal(object, object)  # old Selection, new Selection
    resultsChanged = Signal(object)  # frozenset of input hashes that now have results
    dirtyChanged = Signal(bool)
    pathChanged = Signal(object)  # Path | None
    refused = Signal(str, str)  # field, message: an edit was refused and nothing changed

    def __init__(self, dataset: DataSet, catalogue: Catalogue, project: Project, path: Path | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dataset, self.catalogue = dataset, catalogue
        self.undo_stack = QUndoStack(self)
        self.results = ResultsCache()
        self._project, self._path = project, path
        self._resolved: dict[str, ResolvedScenario] = {}
        self._selection = Selection(project.names()[0], tuple(project.names()))
        self._restored = False  # holds work restored after a crash, which no undo step explains
        self._changing = False
        self.undo_stack.cleanChanged.connect(self._on_clean)

    # ------------------------------------------------------------------ reading

    @property
    def project(self) -> Project:
        return self._project

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def selection(self) -> Selection:
        return self._selection

    @property
    def changing(self) -> bool:
        """True while a project change is being announced: views must not push edits then."""
        return self._changing

    @property
    def dirty(self) -> bool:
        return self._restored or not self.undo_stack.isClean()

    def resolved(self, name: str) -> ResolvedScenario:
        """The scenario's effective values, computed once per project value."""
        if name not in self._resolved:
            self._resolved[name] = resolve(self._project, name, self.catalogue)
        return self._resolved[name]

    def result(self, name: str) -> ScenarioResult | None:
        """The results for the scenario's current inputs, if they have been computed."""
        return self.results.get(self.resolved(name).input_hash)

    def descendants(self, names: Iterable[str]) -> set[str]:
        found = set(names)
        grew = True
        while grew:
            more = {s.name for s in self._project.scenarios if s.parent in found} - found
            found |= more
            grew = bool(more)
        return found

    def _on_clean(self, clean: bool) -> None:
        self.dirtyChanged.emit(self._restored or not clean)

    # ------------------------------------------------------------------ changing

    def push(self, make: Callable[[], QUndoCommand]) -> str:
        """Build an undo command and push it: "" when done, else why it was refused (nothing changed).

        A refusal is also announced on ``refused``, for the status bar.
        """
        try:
            command = make()
        except ScenarioError as exc:
            self.refused.emit(getattr(exc, "field", ""), str(exc))
            return str(exc)
        after = getattr(command, "after", None)
        if after is None or not after.same_content(self._project):  # else the value was already so: no step
            self.undo_stack.push(command)
        return ""

    def set_selection(self, selection: Selection) -> None:
        selection = selection.within(self._project.names())
        if selection != self._selection:
            old, self._selection = self._selection, selection
            self.selectionChanged.emit(old, selection)

    def load(self, project: Project, path: Path | None, restored: bool = False) -> None:
        """Replace the whole project (open, new, restore after a crash); clears the undo history."""
        self.undo_stack.clear()
        self._project, self._resolved, self._restored = project, {}, restored
        self._set_path(path)
        old, self._selection = self._selection, Selection(project.names()[0], tuple(project.names()),
                                                          self._selection.window)
        names = frozenset(project.names())
        self.projectChanged.emit(Change(names, names, structure=True, replaced=True))
        self.selectionChanged.emit(old, self._selection)
        self.dirtyChanged.emit(self.dirty)

    def mark_saved(self, path: Path) -> None:
        self._restored = False
        self._set_path(path)
        self.undo_stack.setClean()
        self.dirtyChanged.emit(self.dirty)

    def add_results(self, results: Iterable[ScenarioResult]) -> None:
        hashes = set()
        for result in results:
            self.results.put(result)
            hashes.add(result.input_hash)
        if hashes:
            self.resultsChanged.emit(frozenset(hashes))

    def _set_path(self, path: Path | None) -> None:
        if path != self._path:
            self._path = path
            self.pathChanged.emit(path)

    def swap(self, project: Project, change: Change, selection: Selection | None = None) -> None:
        """Called by undo commands only: make ``project`` current and announce ``change``.

        ``selection`` is what an undo or redo puts back; a new edit derives it instead (renames followed,
        new scenarios joining the comparison).
        """
        if selection is None:
            before = self._project.names()
            selection = self._selection
            for old, new in change.renamed:
                selection = selection.renamed(old, new)
            added = tuple(n for n in project.names() if n not in before)
            selection = replace(selection, compared=selection.compared + added)
        selection = selection.within(project.names())
        self._project, self._resolved = project, {}
        old_selection, self._selection = self._selection, selection
        edited = frozenset(n for n in change.edited if n in project.names())
        self._changing = True
        try:
            self.projectChanged.emit(replace(change, edited=edited, affected=frozenset(self.descendants(edited))))
            if selection != old_selection:
                self.selectionChanged.emit(old_selection, selection)
        finally:
            self._changing = False
