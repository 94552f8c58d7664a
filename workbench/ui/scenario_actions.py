"""The Scenario menu: new from, duplicate, rename, delete, lock and unlock, compare, run, cancel.

Each action works on the current scenario and pushes one undo command; what a command refuses
is said in a message box and the messages panel, never silently.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from workbench.core import edits
from workbench.ui import ask
from workbench.ui.dialogs.compare import CompareDialog
from workbench.ui.runs.controller import RunController
from workbench.ui.state import commands
from workbench.ui.state.app_state import AppState


class ScenarioActions(QObject):
    def __init__(self, state: AppState, runs: RunController, window: QWidget, log: Callable[[str], None]) -> None:
        super().__init__(window)
        self.state, self.runs, self.window, self.log = state, runs, window, log
        self.compare_dialog: CompareDialog | None = None
        make = self._action
        self.new_from = make("new_from", "New from…", self.create_child, "Ctrl+Shift+N",
                             "A new scenario that inherits everything from the current one")
        self.duplicate = make("duplicate", "Duplicate", self.duplicate_current, "Ctrl+D",
                              "A copy of the current scenario beside it, with the same parent and values")
        self.rename = make("rename", "Rename…", self.rename_current, "Ctrl+Shift+R")
        self.delete = make("delete", "Delete…", self.delete_current, "Ctrl+Del")
        self.lock = make("lock", "Lock as offer…", self.lock_current, "",
                         "Record the current scenario as an offer: who proposed it, when, and a note")
        self.unlock = make("unlock", "Unlock", self.unlock_current)
        self.compare = make("compare", "Compare…", self.compare_current, "Ctrl+K",
                            "Every value two scenarios set differently")
        self.run = make("run", "Run", self.run_current, "F5", "Run the current scenario now")
        self.run_all = make("run_all", "Run all", runs.run_all, "Shift+F5", "Run every scenario in the project")
        self.cancel = make("cancel", "Cancel runs", runs.cancel, "Ctrl+.", "Stop the runs in progress")
        state.selectionChanged.connect(lambda *_: self.update())
        state.projectChanged.connect(lambda _change: self.update())
        runs.activityChanged.connect(lambda: self.cancel.setEnabled(runs.busy))
        self.update()

    def _action(self, name: str, text: str, slot: Callable[[], object], shortcut: str = "", tip: str = "") -> QAction:
        action = QAction(text, self.window, objectName=f"action_{name}")
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{text.rstrip('…')}: {tip}")
        return action

    def all(self) -> list[QAction | None]:
        return [self.new_from, self.duplicate, self.rename, self.delete, None, self.lock, self.unlock, None,
                self.compare, None, self.run, self.run_all, self.cancel]

    def update(self) -> None:
        name = self.state.selection.current
        scenario = self.state.project.scenario(name) if name else None
        locked = bool(scenario and scenario.locked)
        for action in (self.rename, self.delete, self.lock):
            action.setEnabled(scenario is not None and not locked)
        self.unlock.setEnabled(locked)
        self.compare.setEnabled(len(self.state.project.scenarios) > 1)

    def _push(self, make: Callable[[], object], select: str | None = None) -> bool:
        reason = self.state.push(make)  # type: ignore[arg-type]
        if reason:
            ask.problem(self.window, "Not done", reason)
            self.log(f"Refused: {reason}")
            return False
        if select is not None:
            self.state.set_selection(replace(self.state.selection, current=select))
        return True

    def create_child(self) -> None:
        parent = self.state.selection.current
        name = ask.text(self.window, "New scenario", f"Name of the new scenario (it inherits from '{parent}'):",
                        edits.unique_name(self.state.project, f"{parent}: variant"))
        if name is not None:
            self._push(lambda: commands.NewScenario(self.state, name, parent), select=name.strip())

    def duplicate_current(self) -> None:
        source = self.state.selection.current
        if source is None:
            return
        name = edits.unique_name(self.state.project, f"{source} (copy)")
        self._push(lambda: commands.DuplicateScenario(self.state, source, name), select=name)

    def rename_current(self) -> None:
        old = self.state.selection.current
        new = ask.text(self.window, "Rename scenario", "New name:", old or "")
        if old and new is not None and new.strip() != old:
            self._push(lambda: commands.RenameScenario(self.state, old, new))

    def delete_current(self) -> None:
        name = self.state.selection.current
        if name is None:
            return
        kids = self.state.project.children(name)
        parent = self.state.project.scenario(name).parent
        move = False
        if kids:
            move = ask.move_children(self.window, name, kids, f"'{parent}'" if parent else "the top level")
            if not move:
                return
        elif not ask.confirm(self.window, "Delete scenario", f"Delete '{name}'? (Edit > Undo brings it back.)"):
            return
        self._push(lambda: commands.DeleteScenario(self.state, name, move_children=move))

    def lock_current(self) -> None:
        name = self.state.selection.current
        answer = ask.offer(self.window, name) if name else None
        if name and answer is not None:
            if self._push(lambda: commands.LockScenario(self.state, name, *answer)):
                self.log(f"Locked '{name}' as an offer")

    def unlock_current(self) -> None:
        name = self.state.selection.current
        if name:
            self._push(lambda: commands.UnlockScenario(self.state, name))

    def compare_current(self) -> None:
        selection, names = self.state.selection, self.state.project.names()
        a = selection.current or names[0]
        others = [n for n in selection.compared if n != a] or [n for n in names if n != a]
        parent = self.state.project.scenario(a).parent
        b = parent if parent else others[0]
        self.compare_pair(a, b)

    def compare_pair(self, a: str, b: str) -> None:
        if self.compare_dialog is None:  # one dialog, reused: a closed one must not keep diffing every edit
            self.compare_dialog = CompareDialog(self.window, self.state, a, b)
        self.compare_dialog.show_pair(a, b)

    def run_current(self) -> None:
        if self.state.selection.current:
            self.runs.run([self.state.selection.current])
