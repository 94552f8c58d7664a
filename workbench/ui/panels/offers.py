"""The offers ledger (core.offers): every scenario locked as an offer, earliest first, with who, when and why.

Clicking an offer makes it the current scenario, as elsewhere; two selected offers open side by side in
Compare (field by field, then result by result). Offers are made with Scenario > Lock as offer.
"""
from __future__ import annotations

from dataclasses import replace
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from workbench.ui.itemmodels.offers import OffersModel
from workbench.ui.state.app_state import AppState


class OffersPanel(QWidget):
    compareRequested = Signal(str, str)  # two scenarios, earlier offer first

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.model = OffersModel(state, parent=self)
        self.hint = QLabel(wordWrap=True)
        self.view = QTableView(objectName="offers_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(True)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.compare_button = QPushButton("Compare the two selected offers", clicked=self.compare_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.model.modelReset.connect(self._update)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.compare_button)
        self._update()

    def selected(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.entries[r].scenario for r in rows if r < len(self.model.entries)]

    def compare_selected(self) -> None:
        names = self.selected()
        if len(names) == 2:
            self.compareRequested.emit(*names)

    def _selected(self) -> None:
        names = self.selected()
        self.compare_button.setEnabled(len(names) == 2)
        if len(names) == 1:
            self.state.set_selection(replace(self.state.selection, current=names[0]))

    def _update(self) -> None:
        count = len(self.model.entries)
        self.hint.setText("No offer yet: Scenario > Lock as offer records the current scenario as one (who proposed "
                          "it, when, why)." if not count else
                          f"{count} offer(s), earliest first. Select two to compare them field by field and result "
                          "by result.")
        self._selected()
