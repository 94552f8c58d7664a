"""File > New, Open, Save, Save As, Import assumptions, Export brief: files in and out, never losing work.

Saves go through the project file's atomic writer; a failed save (read-only file or folder, a
file locked by another program) says so and leaves the work in memory, still marked unsaved,
with a recovery copy written at once. The bundled example opens as a template: Save asks where
to put the copy, so the example stays as shipped.

While a project is open the window holds its lock, so no other workbench (another window, an
import from the command line) writes it behind the user's back. A project another process
holds opens read-only, after saying who holds it: Save then asks for a new name.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from workbench.core import edits
from workbench.core.errors import WorkbenchError
from workbench.core.project import Project, Scenario, now_iso
from workbench.io.project_file import EXTENSION, load_project, save_project
from workbench.io.project_lock import ProjectLock, ProjectLocked, holder
from workbench.jobs import read_assumptions_job, write_brief_job
from workbench.runner import RunOutcome
from workbench.session import EXAMPLE_PROJECT, project_warnings
from workbench.ui import ask, settings
from workbench.ui.autosave import Autosave
from workbench.ui.runs.controller import RunController
from workbench.ui.state.app_state import AppState
from workbench.ui.state.commands import ImportScenario

WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"


class FileController(QObject):
    recentChanged = Signal(list)
    readOnlyChanged = Signal(str)  # why Save asks for a new name ("" when it does not)

    def __init__(self, state: AppState, window: QWidget, runs: RunController, autosave: Autosave,
                 log: Callable[[str], None]) -> None:
        super().__init__(window)
        self.state, self.window, self.runs, self.autosave, self.log = state, window, runs, autosave, log
        self._lock: ProjectLock | None = None
        self.read_only = ""
        state.pathChanged.connect(self._hold)
        self._hold(state.path)

    def _hold(self, path: Path | None) -> None:
        """Hold the lock of the project now open (and give up the last one's)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        reason = ""
        if path is not None and path != EXAMPLE_PROJECT:
            try:
                self._lock = ProjectLock.acquire(path, "the workbench window")
            except ProjectLocked as exc:
                who = exc.holder.describe() if exc.holder else "another workbench process"
                reason = f"{path.name} is open in {who}"
                self.log(f"Opened read-only: {reason}. Save asks for a new name.")
        if reason != self.read_only:
            self.read_only = reason
            self.readOnlyChanged.emit(reason)

    def release(self) -> None:
        """The window closes: another workbench may write the project now."""
        self._hold(None)

    def folder(self) -> str:
        path = self.state.path
        return str(path.parent if path is not None and path != EXAMPLE_PROJECT else Path.home())

    # ------------------------------------------------------------------ projects

    def maybe_save(self, what: str) -> bool:
        """True when it is fine to throw the current project away (saved, discarded, or clean)."""
        if not self.state.dirty:
            return True
        answer = ask.unsaved_changes(self.window, what)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> None:
        if not self.maybe_save("starting a new project"):
            return
        stamp = now_iso()
        project = Project((Scenario("No allocation", notes="Baseline: the data set's defaults and no new large "
                                    "loads.", created=stamp, modified=stamp, large_loads=()),),
                          title="Untitled project", dataset=dict(self.state.dataset.identity))
        self.autosave.forget_current()
        self.state.load(project, None)
        self.log("New project")

    def open(self, path: Path | None = None) -> bool:
        if path is None:
            path = ask.open_path(self.window, self.folder())
            if path is None:
                return False
        if not self.maybe_save(f"opening {path.name}"):
            return False
        who = holder(path)
        if who is not None and not ask.confirm(
                self.window, "Project in use",
                f"{path.name} is open in {who.describe()}.\n\nOpen it read-only? You can look and try changes; "
                f"Save will ask for a new name, so the other copy's work is never overwritten."):
            return False
        try:
            project = load_project(path, self.state.catalogue)
        except WorkbenchError as exc:
            ask.problem(self.window, "Cannot open the project", str(exc))
            self.log(f"Not opened: {exc}")
            return False
        self.autosave.forget_current()
        self.state.load(project, path)
        self.recentChanged.emit(settings.remember_recent(path))
        self.log(f"Opened {path}")
        for warning in project_warnings(project, self.state.dataset):
            self.log(f"Warning: {warning}")
        self.autosave.offer_recovery(self.window, path)
        return True

    def open_recent(self, path: str) -> None:
        if not Path(path).is_file():
            ask.problem(self.window, "Cannot open the project", f"{path} no longer exists; it is removed from the "
                                                                 "recent files.")
            settings.forget_recent(path)
            self.recentChanged.emit(settings.recent_files())
            return
        self.open(Path(path))

    def save(self) -> bool:
        path = self.state.path
        if path is None or path == EXAMPLE_PROJECT or self.read_only:
            return self.save_as()
        return self._write(path)

    def save_as(self) -> bool:
        path = self.state.path
        name = path.name if path else f"project{EXTENSION}"
        if path is not None and self.read_only:  # the other workbench keeps its file; suggest a copy beside it
            name = f"{path.stem} (my copy){path.suffix}"
        suggested = str(Path(self.folder()) / name)
        target = ask.save_path(self.window, suggested)
        if target is None:
            return False
        if target.resolve() == EXAMPLE_PROJECT.resolve():
            ask.problem(self.window, "Cannot save here", "This is the bundled example project; save your copy "
                                                          "under another name or folder.")
            return False
        return self._write(target)

    def _write(self, path: Path) -> bool:
        try:
            save_project(self.state.project, path, dict(self.state.dataset.identity))
        except WorkbenchError as exc:
            self.autosave.write_now()  # the work is in memory only: copy it to disk before anything else goes wrong
            kept = f"a recovery copy is in {self.autosave.copy_path}" if self.autosave.copy_path else \
                "no recovery copy could be written either"
            ask.problem(self.window, "Not saved",
                        f"{exc}\n\nYour work is still open and unsaved ({kept}). Use File > Save As to save it "
                        f"under another name or in a folder you can write to.")
            self.log(f"Not saved: {exc}")
            return False
        self.autosave.forget_current()
        self.state.mark_saved(path)
        self.recentChanged.emit(settings.remember_recent(path))
        self.log(f"Saved {path}")
        return True

    # ------------------------------------------------------------------ workbooks

    def export_brief(self) -> None:
        names = [n for n in self.state.project.names() if n in self.state.selection.compared] or \
            self.state.project.names()
        stem = (self.state.path.stem if self.state.path else "project") + "-brief.xlsx"
        target = ask.save_path(self.window, str(Path(self.folder()) / stem), "Export the Excel brief",
                               WORKBOOK_FILTER, ".xlsx")
        if target is None:
            return
        ready = {n: r for n in names if (r := self.state.result(n)) is not None}

        def done(outcome: RunOutcome) -> None:
            if outcome.ok:
                self.log(f"Wrote the brief for {len(names)} scenario(s) to {outcome.value}")
            elif outcome.status != "cancelled":
                ask.problem(self.window, "Brief not written", f"{outcome.error}\n\nNothing was written; your work "
                                                              "is unchanged.")
                self.log(f"Brief not written: {outcome.error}")
        self.runs.start_job(f"Writing the brief {target.name}", write_brief_job, str(target), self.state.project,
                            names, self.state.catalogue, self.state.dataset, ready, on_done=done)

    def import_assumptions(self) -> None:
        book_path = ask.open_path(self.window, self.folder(), "Import an assumptions workbook", WORKBOOK_FILTER)
        if book_path is None:
            return
        name = ask.text(self.window, "Import assumptions", "Name of the new scenario:",
                        edits.unique_name(self.state.project, book_path.stem))
        if name is None:
            return

        def done(outcome: RunOutcome) -> None:
            if outcome.status == "cancelled":
                return
            try:
                if not outcome.ok:
                    raise WorkbenchError(outcome.error)
                from workbench.io.excel_assumptions import import_assumptions
                project = import_assumptions(self.state.project, self.state.catalogue, outcome.value, name)
            except WorkbenchError as exc:
                ask.problem(self.window, "Not imported", str(exc))
                self.log(f"Not imported: {exc}")
                return
            self.state.push(lambda: ImportScenario(self.state, project, name, book_path.name))
            self.state.set_selection(replace(self.state.selection, current=name))
            self.log(f"Imported '{name}' from {book_path} (child of '{outcome.value.base_scenario}')")
        self.runs.start_job(f"Reading {book_path.name}", read_assumptions_job, str(book_path), self.state.catalogue,
                            on_done=done)
