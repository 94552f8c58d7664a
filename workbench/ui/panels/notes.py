"""The current scenario's notes: what it represents and why. Typing pauses become one undo step."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from workbench.ui.panels.notices import Notice
from workbench.ui.state.app_state import AppState, Change
from workbench.ui.state.commands import SetNotes

COMMIT_AFTER_MS = 800


class NotesPanel(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.editor = QPlainTextEdit(objectName="notes_editor")
        self.editor.setPlaceholderText("What this scenario represents, where its numbers come from, who asked for it")
        self.notice = Notice()
        self._timer = QTimer(self, singleShot=True, interval=COMMIT_AFTER_MS, timeout=self.commit)
        self.editor.textChanged.connect(self._typed)
        self._loading = False
        self._shown: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.editor, 1)
        state.projectChanged.connect(self._on_project)
        state.selectionChanged.connect(lambda old, new: self._load() if old.current != new.current else None)
        self._load()

    def _typed(self) -> None:
        if not self._loading:
            self._timer.start()

    def commit(self) -> None:
        """Push what was typed: after a pause, before an undo or redo, and before another scenario is shown.

        Inside a project change (an undo that moved the selection, say) nothing may be pushed, so the text
        is pushed on the next turn of the event loop, for the scenario it was typed for.
        """
        if not self._timer.isActive():
            return
        self._timer.stop()
        name, text = self._shown, self.editor.toPlainText()
        if self.state.changing:
            QTimer.singleShot(0, self, lambda: self._push(name, text))
        else:
            self._push(name, text)

    def _push(self, name: str | None, text: str) -> None:
        if name is None or name not in self.state.project.names() or text == self.state.project.scenario(name).notes:
            return
        reason = self.state.push(lambda: SetNotes(self.state, name, text, source=self))
        self.notice.show_problem(reason) if reason else self.notice.clear()

    def _on_project(self, change: Change) -> None:
        if change.source is not self and (change.replaced or change.structure or self._shown in change.edited):
            self._load()

    def _load(self) -> None:
        self.commit()
        name = self.state.selection.current
        self._shown = name
        scenario = self.state.project.scenario(name) if name else None
        text = scenario.notes if scenario else ""
        if text != self.editor.toPlainText():
            self._loading = True
            self.editor.setPlainText(text)
            self._loading = False
        self.editor.setReadOnly(scenario is None or scenario.locked)
        parent = f", inherits from '{scenario.parent}'" if scenario and scenario.parent else ""
        author = f"; by {scenario.author}" if scenario and scenario.author else ""
        self.heading.setText(f"<b>{name}</b>{parent}{author}" if scenario else "")
