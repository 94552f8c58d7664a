"""The scenarios as a tree under their parents: lock mark, own-changes badge, compare box, drag to re-parent."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from workbench.core.selection import Selection
from workbench.io.dataset_loader import resources_dir
from workbench.ui.panels.notices import locked_text
from workbench.ui.state.app_state import AppState, Change
from workbench.ui.state.commands import Reparent
from workbench.ui.style import MUTED, NAME_ROLE, bold

Index = QModelIndex | QPersistentModelIndex
MIME = "application/x-workbench-scenario"
COLUMNS = ("Scenario", "Changes", "Compare")
NAME, CHANGES, COMPARE = range(3)


class ScenarioTreeModel(QAbstractItemModel):
    """Node ids are positions in the project's scenario list plus one; 0 is the invisible root."""

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._lock_icon = QIcon(str(resources_dir() / "icons" / "lock.svg"))
        self._rebuild()
        state.projectChanged.connect(self._on_project)
        state.selectionChanged.connect(self._on_selection)

    def _rebuild(self) -> None:
        scenarios = self._state.project.scenarios
        self._names = [s.name for s in scenarios]
        ids = {s.name: i + 1 for i, s in enumerate(scenarios)}
        self._parent_of = {i + 1: ids.get(s.parent, 0) if s.parent else 0 for i, s in enumerate(scenarios)}
        self._children: dict[int, list[int]] = {0: []}
        for node in range(1, len(scenarios) + 1):
            self._children.setdefault(node, [])
            self._children.setdefault(self._parent_of[node], []).append(node)
        self._changes: dict[str, tuple[int, bool]] = {}

    def _on_project(self, change: Change) -> None:
        if change.structure or change.replaced:
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()
            return
        old, self._changes = self._changes, {}
        for name in change.affected:  # repaint a badge only when it reads differently now
            index = self.index_of(name, CHANGES)
            if index.isValid() and old.get(name) != self.own_changes(name):
                self.dataChanged.emit(index, index)

    def _on_selection(self, old: Selection, new: Selection) -> None:
        for name in (set(old.compared) ^ set(new.compared)) | ({old.current, new.current} - {None}):
            index = self.index_of(name)
            if index.isValid():
                self.dataChanged.emit(index, index.siblingAtColumn(COMPARE))

    # ------------------------------------------------------------------ structure

    def index_of(self, name: str, column: int = NAME) -> QModelIndex:
        if name not in self._names:
            return QModelIndex()
        node = self._names.index(name) + 1
        return self.createIndex(self._children[self._parent_of[node]].index(node), column, node)

    def name(self, index: Index) -> str | None:
        return self._names[index.internalId() - 1] if index.isValid() else None

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        node = parent.internalId() if parent.isValid() else 0
        if parent.isValid() and parent.column() != NAME:
            return QModelIndex()
        kids = self._children.get(node, [])
        if not (0 <= row < len(kids) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._parent_of[index.internalId()]
        if up == 0:
            return QModelIndex()
        return self.createIndex(self._children[self._parent_of[up]].index(up), NAME, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != NAME:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else 0, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return ("Scenarios under the scenario they inherit from; drag one onto another to change its parent",
                    "How many values (and whether the large loads) differ from the parent",
                    "Shown side by side in the results")[section]
        return None

    # ------------------------------------------------------------------ content

    def own_changes(self, name: str) -> tuple[int, bool]:
        """Values that differ from what the parent resolves to, and whether the large loads do."""
        if name not in self._changes:
            state, scenario = self._state, self._state.project.scenario(name)
            loads = state.resolved(name).large_loads
            theirs = state.resolved(scenario.parent).large_loads if scenario.parent else ()
            self._changes[name] = (len(self.changed_labels(name)), loads != theirs)
        return self._changes[name]

    def changed_labels(self, name: str) -> list[str]:
        """The parameters whose value differs from the parent's (or the data set's, at the top)."""
        state, scenario = self._state, self._state.project.scenario(name)
        mine = state.resolved(name).values
        theirs = state.resolved(scenario.parent).values if scenario.parent else state.catalogue.defaults()
        return [state.catalogue[k].label for k in mine if mine[k] != theirs[k]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        name = self._names[index.internalId() - 1]
        column = index.column()
        if role == NAME_ROLE:
            return name
        scenario = self._state.project.scenario(name)
        if column == NAME:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return name
            if role == Qt.ItemDataRole.DecorationRole and scenario.locked:
                return self._lock_icon
            if role == Qt.ItemDataRole.FontRole and name == self._state.selection.current:
                return bold()
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(name)
        elif column == CHANGES:
            values, loads = self.own_changes(name)
            if role == Qt.ItemDataRole.DisplayRole:
                return ", ".join(([f"{values} value{'s' if values > 1 else ''}"] if values else []) +
                                 (["loads"] if loads else [])) or "-"
            if role == Qt.ItemDataRole.ToolTipRole:
                against = f"'{scenario.parent}'" if scenario.parent else "the data set"
                which = "".join(f"\n  {label}" for label in self.changed_labels(name))
                return f"{values} value(s) differ from {against}:{which}" + ("\nand its large loads" if loads else "")
            if role == Qt.ItemDataRole.ForegroundRole and not (values or loads):
                return MUTED
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif column == COMPARE and role == Qt.ItemDataRole.CheckStateRole:
            compared = name in self._state.selection.compared
            return Qt.CheckState.Checked if compared else Qt.CheckState.Unchecked
        return None

    def _tooltip(self, name: str) -> str:
        scenario = self._state.project.scenario(name)
        lines = [name, f"Inherits from: {scenario.parent}" if scenario.parent else "Top level (inherits the data set)"]
        if scenario.locked:
            lines.append(locked_text(scenario))
        if scenario.notes:
            lines += ["", scenario.notes[:400] + ("..." if len(scenario.notes) > 400 else "")]
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if index.column() == COMPARE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COMPARE or role != Qt.ItemDataRole.CheckStateRole:
            return False
        name, selection = self._names[index.internalId() - 1], self._state.selection
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        wanted = set(selection.compared) | {name} if checked else set(selection.compared) - {name}
        compared = tuple(n for n in self._names if n in wanted)
        self._state.set_selection(replace(selection, compared=compared))
        return True

    # ------------------------------------------------------------------ drag to re-parent

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        names = [self.name(i) for i in indexes if i.isValid() and i.column() == NAME]
        data.setData(MIME, "\n".join(n for n in names if n).encode("utf-8"))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return data.hasFormat(MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not data.hasFormat(MIME):
            return False
        target = self.name(parent)
        for name in bytes(data.data(MIME).data()).decode("utf-8").split("\n"):
            if name in self._names and name != target:
                self._state.push(lambda n=name: Reparent(self._state, n, target))
        return False  # the project change rebuilds the tree; the view must not remove rows itself
