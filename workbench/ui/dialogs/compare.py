"""Scenario > Compare...: every value two scenarios set differently, with units and where each comes from,
then their key numbers side by side with the change (field by field, then result by result)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QSplitter,
                               QTableView, QVBoxLayout, QWidget)

from workbench.ui.itemmodels.diff import DiffModel
from workbench.ui.itemmodels.result_changes import ResultChangesModel
from workbench.ui.state.app_state import AppState


class CompareDialog(QDialog):
    def __init__(self, parent: QWidget | None, state: AppState, a: str, b: str) -> None:
        super().__init__(parent, windowTitle="Compare scenarios")
        self.state = state
        self.model = DiffModel(state, parent=self)
        self.first, self.second = QComboBox(), QComboBox()
        for combo, name in ((self.first, a), (self.second, b)):
            combo.addItems(state.project.names())
            combo.setCurrentText(name)
            combo.currentTextChanged.connect(self._update)
        self.summary = QLabel()
        self.view = QTableView(objectName="diff_view")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Compare"))
        pick.addWidget(self.first, 1)
        pick.addWidget(QLabel("with"))
        pick.addWidget(self.second, 1)
        self.results = ResultChangesModel(state, parent=self)
        self.results_summary = QLabel(wordWrap=True)
        self.results_view = QTableView(objectName="result_changes_view")
        self.results_view.setModel(self.results)
        self.results_view.setAlternatingRowColors(True)
        self.results_view.verticalHeader().setVisible(False)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.results_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        fields, results = QWidget(), QWidget()
        top = QVBoxLayout(fields)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary)
        top.addWidget(self.view, 1)
        bottom = QVBoxLayout(results)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.results_summary)
        bottom.addWidget(self.results_view, 1)
        split = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        split.addWidget(fields)
        split.addWidget(results)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(split, 1)
        state.projectChanged.connect(lambda _change: self._update() if self.isVisible() else None)
        state.resultsChanged.connect(lambda _hashes: self._update() if self.isVisible() else None)
        self.resize(980, 720)
        self._update()

    def show_pair(self, a: str, b: str) -> None:
        self._update()  # the scenarios may have changed while the dialog was closed
        for combo, name in ((self.first, a), (self.second, b)):
            combo.setCurrentText(name)
        self._update()
        self.show()
        self.raise_()

    def _update(self) -> None:
        names = self.state.project.names()
        for combo in (self.first, self.second):
            if [combo.itemText(i) for i in range(combo.count())] != names:  # scenarios renamed, added or deleted
                keep = combo.currentText()
                combo.blockSignals(True)
                combo.clear()
                combo.addItems(names)
                combo.setCurrentText(keep if keep in names else names[0])
                combo.blockSignals(False)
        a, b = self.first.currentText(), self.second.currentText()
        self.model.compare(a, b)
        count = self.model.rowCount()
        self.summary.setText(f"'{a}' and '{b}' use the same value for every parameter and large load." if not count
                             else f"{count} value(s) differ. Amber: set in that scenario itself.")
        self.results.compare(a, b)
        missing = self.results.missing
        self.results_summary.setText(
            f"<b>Key numbers</b>: run {' and '.join(repr(n) for n in missing)} (Scenario > Run, or Run all) to "
            "compare results." if missing else
            "<b>Key numbers</b>, first study year: the change is the second minus the first, as shown.")
