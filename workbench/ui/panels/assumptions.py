"""The assumptions editor: the catalogue's parameters for the current scenario, grouped and editable."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTreeView,
                               QVBoxLayout, QWidget)

from workbench.core.errors import DataSetError
from workbench.core.parameters import NUMBER, Parameter
from workbench.core.uncertainty import Uncertain, as_default
from workbench.io.uncertainty_loader import load_uncertainty
from workbench.ui.dialogs.uncertainty import RESET, USE_DEFAULT, UncertaintyDialog
from workbench.ui.editors.delegates import EDIT_TRIGGERS, CatalogueDelegate
from workbench.ui.itemmodels.parameters import LABEL, UNIT, VALUE, ParameterModel
from workbench.ui.panels.notices import Notice, locked_text
from workbench.ui.state.app_state import AppState
from workbench.ui.state.commands import SetUncertainty
from workbench.ui.style import PARAMETER_ROLE

Index = QModelIndex | QPersistentModelIndex
LEGEND = ("<span style='background:#FFF2CC'><b>&nbsp;bold on amber&nbsp;</b></span> set in this scenario &nbsp; "
          "<span style='color:#1F4E79'>blue</span> inherited from a parent scenario &nbsp; "
          "<span style='color:#404040'>grey</span> data-set default")


class ParameterFilter(QSortFilterProxyModel):
    """Keeps parameters whose label or key holds every typed word, with their group rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
        self.model = ParameterModel(state, parent=self)
        self.proxy = ParameterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Find a parameter by name or key (e.g. LNG, exchange, sahiwal)",
                                clearButtonEnabled=True, objectName="parameter_filter")
        self.filter.textChanged.connect(self._filter)
        self.reset_button = QPushButton("Reset", enabled=False)
        self.reset_button.setToolTip("Remove this scenario's own value; the parent's (or the data set's) applies again")
        self.reset_button.clicked.connect(self.reset_current)
        self.uncertainty_button = QPushButton("Uncertainty…", enabled=False, objectName="uncertainty_button")
        self.uncertainty_button.setToolTip("How this parameter is drawn in this scenario's Monte Carlo and tornado: "
                                           "the default range, or the scenario's own")
        self.uncertainty_button.clicked.connect(self.edit_uncertainty)
        self._defaults: tuple[Uncertain, ...] | None = None
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
        top.addWidget(self.uncertainty_button)
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
        self.uncertainty_button.setEnabled(name is not None and p is not None and p.kind == NUMBER)
        text = "Uncertainty…"  # the button says when the studies do not draw it from the default range
        if name is not None and p is not None and p.key in self.state.resolved(name).uncertainty:
            own = p.key in self.state.project.scenario(name).uncertainty
            text = "Uncertainty (own)…" if own else "Uncertainty (inherited)…"
        self.uncertainty_button.setText(text)

    def edit_uncertainty(self) -> None:
        """The current parameter's range in this scenario's studies: shown, and set or reset with undo."""
        p, name = self.current_parameter(), self.state.selection.current
        if p is None or name is None:
            return
        try:
            if self._defaults is None:
                self._defaults = load_uncertainty(self.state.catalogue, self.state.dataset)
        except DataSetError as exc:
            self.notice.show_problem(f"The default ranges cannot be read: {exc}")
            return
        default = next((u for u in self._defaults if u.key == p.key), None)
        own = self.state.project.scenario(name).uncertainty.get(p.key)
        ancestor = next((s.name for s in self.state.project.chain(name)[1:] if p.key in s.uncertainty), "")
        dialog = UncertaintyDialog(self, self.state.catalogue, p.key, name, default,
                                   self.state.resolved(name).uncertainty.get(p.key), own, ancestor)
        code = dialog.exec()
        answer = dialog.answer() if code == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()  # the panel owns it: without this, each opening would stay until the window closes
        if code == QDialog.DialogCode.Accepted:
            reason = self.state.push(lambda: SetUncertainty(self.state, name, p.key, answer))
        elif code == RESET:
            reason = self.state.push(lambda: SetUncertainty(self.state, name, p.key, None))
        elif code == USE_DEFAULT:
            reason = self.state.push(lambda: SetUncertainty(self.state, name, p.key, as_default(p.key)))
        else:
            return
        if reason:
            self.notice.show_problem(reason)
        else:
            self.notice.clear()
