"""The assumptions editor: the catalogue's parameters for the current scenario, grouped and editable."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTreeView,
                               QVBoxLayout, QWidget)

from workbench.core.parameters import Parameter
from workbench.ui.editors.delegates import EDIT_TRIGGERS, CatalogueDelegate
from workbench.ui.itemmodels.parameters import LABEL, UNIT, VALUE, ParameterModel
from workbench.ui.panels.notices import Notice, locked_text
from workbench.ui.state.app_state import AppState
from workbench.ui.style import PARAMETER_ROLE

Index = QModelIndex | QPersistentModelIndex
LEGEND = ("<span style='background:#FFF2CC'><b>&nbsp;bold on amber&nbsp;</b></span> set in this scenario &nbsp; "
          "<span style='color:#1F4E79'>blue</span> inherited from a parent scenario &nbsp; "
          "<span style='color:#404040'>grey</span> data-set default")


class ParameterFilter(QSortFilterProxyModel):
    """Keeps parameters whose label or key holds every typed word, with their group rows."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)  # rows pass the filter by their name: only typing changes that

    def set_words(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        p: Parameter | None = self.sourceModel().index(row, 0, parent).data(PARAMETER_ROLE)
        if p is None:
            return not self._words  # a group shows when one of its parameters does (recursive filtering)
        haystack = f"{p.label} {p.key} {p.group}".lower()
        return all(word in haystack for word in self._words)


class AssumptionsPanel(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.model = ParameterModel(state)
        self.proxy = ParameterFilter()
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Find a parameter by name or key (e.g. LNG, exchange, sahiwal)",
                                clearButtonEnabled=True, objectName="parameter_filter")
        self.filter.textChanged.connect(self._filter)
        self.reset_button = QPushButton("Reset", enabled=False)
        self.reset_button.setToolTip("Remove this scenario's own value; the parent's (or the data set's) applies again")
        self.reset_button.clicked.connect(self.reset_current)
        self.view = QTreeView(objectName="parameter_view")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(CatalogueDelegate(self.view))
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(EDIT_TRIGGERS)
        header = self.view.header()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LABEL, 210)
        header.resizeSection(VALUE, 92)
        header.resizeSection(UNIT, 66)
        header.setStretchLastSection(True)
        self.view.expandAll()
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_reset())
        self.notice = Notice()
        self.lock_notice = Notice(kind="info")
        self.model.refused.connect(self.notice.show_problem)
        state.projectChanged.connect(lambda change: self._after_change(change.source is self.model))
        state.selectionChanged.connect(lambda *_: self._after_change(False))

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        layout.addWidget(legend)
        layout.addWidget(self.lock_notice)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        self._after_change(False)

    def _filter(self, text: str) -> None:
        self.proxy.set_words(text)
        self.view.expandAll()

    def source_index(self, key: str, column: int = VALUE) -> QModelIndex:
        """The view's index of a parameter's cell (for tests and for 'go to' from other views)."""
        return self.proxy.mapFromSource(self.model.index_of(key, column))

    def current_parameter(self) -> Parameter | None:
        return self.model.parameter(self.proxy.mapToSource(self.view.currentIndex()))

    def reset_current(self) -> None:
        if self.model.reset(self.proxy.mapToSource(self.view.currentIndex())):
            self.notice.clear()

    def _after_change(self, own_edit: bool) -> None:
        if own_edit:
            self.notice.clear()  # the value was accepted
        name = self.state.selection.current
        scenario = self.state.project.scenario(name) if name else None
        self.lock_notice.show_info(locked_text(scenario) if scenario is not None and scenario.locked else "")
        self._update_reset()

    def _update_reset(self) -> None:
        p, name = self.current_parameter(), self.state.selection.current
        own = name is not None and p is not None and p.key in self.state.project.scenario(name).overrides
        self.reset_button.setEnabled(bool(own) and not self.state.project.scenario(name).locked)
