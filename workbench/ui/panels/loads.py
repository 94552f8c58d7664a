"""The large-loads table of the current scenario: add, duplicate and remove rows, edit each field."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from workbench.ui.editors.delegates import EDIT_TRIGGERS, CatalogueDelegate
from workbench.ui.itemmodels.loads import LoadsModel
from workbench.ui.panels.notices import Notice, locked_text
from workbench.ui.state.app_state import AppState
from workbench.ui.state.commands import AddLoad, DuplicateLoad, InheritLoads, RemoveLoad


class LoadsPanel(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.model = LoadsModel(state, parent=self)
        self.view = QTableView(objectName="loads_view")
        self.view.setModel(self.model)
        self.view.setItemDelegate(CatalogueDelegate(self.view))
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(EDIT_TRIGGERS)
        self.view.horizontalHeader().setDefaultSectionSize(118)
        self.view.horizontalHeader().resizeSection(0, 160)  # the dock is narrow: MW shows without scrolling
        self.buttons = {
            "add": QPushButton("Add load", clicked=self.add),
            "duplicate": QPushButton("Duplicate", clicked=self.duplicate),
            "remove": QPushButton("Remove", clicked=self.remove),
            "inherit": QPushButton("Use the parent's loads", clicked=self.inherit),
        }
        self.buttons["inherit"].setToolTip("Drop this scenario's own list of loads and inherit its parent's again")
        self.notice = Notice()
        self.origin = Notice(kind="info")
        self.model.refused.connect(self.notice.show_problem)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update())
        self.model.modelReset.connect(self._update)
        state.projectChanged.connect(lambda change: self._update(change.source is self.model))
        state.selectionChanged.connect(lambda *_: self._update())

        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.origin)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        self._update()

    def _push(self, make) -> None:  # type: ignore[no-untyped-def]
        reason = self.state.push(make)
        self.notice.show_problem(reason) if reason else self.notice.clear()

    def add(self) -> None:
        name = self.state.selection.current
        if name:
            self._push(lambda: AddLoad(self.state, name))
            self.view.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 0))

    def duplicate(self) -> None:
        name, row = self.state.selection.current, self.view.currentIndex().row()
        if name and row >= 0:
            self._push(lambda: DuplicateLoad(self.state, name, row))

    def remove(self) -> None:
        name, row = self.state.selection.current, self.view.currentIndex().row()
        if name and row >= 0:
            self._push(lambda: RemoveLoad(self.state, name, row))

    def inherit(self) -> None:
        name = self.state.selection.current
        if name:
            self._push(lambda: InheritLoads(self.state, name))

    def _update(self, own_edit: bool = False) -> None:
        if own_edit:
            self.notice.clear()
        name = self.state.selection.current
        scenario = self.state.project.scenario(name) if name else None
        locked = scenario is not None and scenario.locked
        inherited = self.model.inherited_from()
        if locked:
            self.origin.show_info(locked_text(scenario))
        elif inherited:
            self.origin.show_info(f"These loads are inherited from '{inherited}'. Editing one gives '{name}' its own "
                                  f"copy of the list; 'Use the parent's loads' goes back.")
        elif scenario is not None and not self.model.rowCount():
            self.origin.show_info(f"'{name}' has no large loads. 'Add load' adds one.")
        else:
            self.origin.clear()
        has_row = self.view.currentIndex().isValid()
        self.buttons["add"].setEnabled(scenario is not None and not locked)
        self.buttons["duplicate"].setEnabled(has_row and not locked)
        self.buttons["remove"].setEnabled(has_row and not locked)
        self.buttons["inherit"].setEnabled(bool(scenario and scenario.parent and scenario.large_loads is not None
                                                and not locked))
