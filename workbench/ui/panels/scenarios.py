"""The scenario tree dock: pick the current scenario, select several to compare, drag to re-parent."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QVBoxLayout, QWidget

from workbench.core.selection import Selection
from workbench.ui.itemmodels.scenario_tree import CHANGES, COMPARE, NAME, ScenarioTreeModel
from workbench.ui.state.app_state import AppState


class ScenarioPanel(QWidget):
    def __init__(self, state: AppState, context_actions: Sequence[QAction | None] = ()) -> None:
        super().__init__()
        self.state = state
        self.model = ScenarioTreeModel(state, parent=self)
        self.view = QTreeView(objectName="scenario_tree")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setUniformRowHeights(True)
        self.view.setExpandsOnDoubleClick(False)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CHANGES, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COMPARE, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self._context_actions = list(context_actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

        self._syncing = False
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.selectionModel().selectionChanged.connect(self._on_selected)
        self.model.modelReset.connect(self._after_reset)
        state.selectionChanged.connect(lambda _old, new: self._show(new))
        self._after_reset()

    def _after_reset(self) -> None:
        self.view.expandAll()
        self._show(self.state.selection)

    def _show(self, selection: Selection) -> None:
        """Make the view's current row follow the state (without echoing it back)."""
        index = self.model.index_of(selection.current) if selection.current else QModelIndex()
        if index.isValid() and self.view.currentIndex().siblingAtColumn(NAME) != index:
            self._syncing = True
            flags = QItemSelectionModel.SelectionFlag
            self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
            self.view.scrollTo(index)
            self._syncing = False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        name = self.model.name(current)
        if name and not self._syncing and name != self.state.selection.current:
            self.state.set_selection(replace(self.state.selection, current=name))

    def _on_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._syncing:
            return
        chosen = {self.model.name(i) for i in self.view.selectionModel().selectedRows(NAME)}
        if len(chosen) >= 2:  # several rows picked: compare exactly these
            compared = tuple(n for n in self.state.project.names() if n in chosen)
            self.state.set_selection(replace(self.state.selection, compared=compared))

    def _menu(self, at: QPoint) -> None:
        menu = QMenu(self)
        for action in self._context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(at))
