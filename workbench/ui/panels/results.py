"""Key numbers of the scenarios chosen for comparison, side by side, with crossed red lines marked; under
them each party's pass or fail for the same scenarios, in the same columns."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from workbench.ui.itemmodels.comparison import ComparisonModel
from workbench.ui.itemmodels.party_verdicts import PartyVerdictModel
from workbench.ui.state.app_state import AppState
from workbench.ui.style import NAME_ROLE

SCENARIO_WIDTH, NARROWEST = 100, 76  # px: a scenario's column, and the narrowest it gets before the view scrolls
HINT = ("Changes against each scenario's own run without the new loads. Red: a red line is crossed (hover for the "
        "rule). Pick the scenarios to compare in the Compare column of the scenario tree, or select several rows.")


PARTIES_HINT = ("<b>Accepted by each party</b> (its red lines in the Parties panel): PASS when every line holds, "
                "FAIL (lines crossed / lines judged) when one does not: hover for which, with the value.")


class PartyTable:
    """The parties' verdicts: a table as tall as its rows, so that it never hides the key numbers."""

    def __init__(self, model: PartyVerdictModel) -> None:
        self.model = model
        self.view = QTableView(objectName="party_verdicts_view")
        self.view.setModel(model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)  # one line per verdict: a narrow column elides, the tooltip has it all
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        model.modelReset.connect(self.fit_height)
        self.fit_height()

    def fit_height(self) -> None:
        rows = self.model.rowCount()
        height = self.view.horizontalHeader().sizeHint().height() + sum(
            self.view.rowHeight(r) for r in range(rows)) + 2 * self.view.frameWidth()
        self.view.setFixedHeight(min(height, 240))


class ResultsPanel(QWidget):
    def __init__(self, state: AppState, status: Callable[[str], str]) -> None:
        super().__init__()
        self.model = ComparisonModel(state, status, parent=self)
        self.view = QTableView(objectName="results_view")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(90)  # six scenarios fit beside the titles at 1366 px
        header.resizeSection(0, 255)
        header.resizeSection(1, 76)
        self.view.setWordWrap(True)
        # Row heights depend only on the wrapped key-number titles: fit them when that column's width changes,
        # not on every repaint (ResizeToContents would measure every cell whenever a result arrives).
        self.view.resizeRowsToContents()
        header.sectionResized.connect(lambda column, _old, _new: self.view.resizeRowsToContents() if column == 0
                                      else None)
        self.state = state
        state.selectionChanged.connect(lambda old, new: self.show_current() if old.current != new.current else None)
        self.model.modelReset.connect(self.fit_columns)
        self.model.modelReset.connect(self.show_current)
        self.view.viewport().installEventFilter(self)
        self.view.selectionModel().currentChanged.connect(self._picked)
        self.parties = self._party_table(state, status)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        self.parties_title = QLabel(PARTIES_HINT, wordWrap=True)
        layout.addWidget(self.parties_title)
        layout.addWidget(self.parties.view)

    def _party_table(self, state: AppState, status: Callable[[str], str]) -> "PartyTable":
        table = PartyTable(PartyVerdictModel(state, status, parent=self))
        # The same columns as the key numbers above, so a scenario's verdicts sit under its numbers.
        self.view.horizontalHeader().sectionResized.connect(
            lambda column, _old, new: table.view.horizontalHeader().resizeSection(column, new))
        table.model.modelReset.connect(self._align_parties)
        self.model.modelReset.connect(self._align_parties)
        self.view.horizontalScrollBar().valueChanged.connect(table.view.horizontalScrollBar().setValue)
        return table

    def _align_parties(self) -> None:
        table, header = self.parties, self.view.horizontalHeader()
        for column in range(table.model.columnCount()):
            table.view.horizontalHeader().resizeSection(column, header.sectionSize(column))
        table.fit_height()

    def _picked(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        """A cell in a scenario's column makes that scenario current, as a click in the tree does."""
        name = self.model.headerData(current.column(), Qt.Orientation.Horizontal, NAME_ROLE)
        if name and name != self.state.selection.current:
            self.state.set_selection(replace(self.state.selection, current=name))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Narrow the scenario columns, down to NARROWEST, so that every compared scenario shows without
        scrolling: the example's six scenarios at 100 px would push the last off a laptop's screen."""
        count = self.model.columnCount() - 2
        if count <= 0:
            return
        header = self.view.horizontalHeader()
        room = self.view.viewport().width() - header.sectionSize(0) - header.sectionSize(1)
        width = max(NARROWEST, min(SCENARIO_WIDTH, room // count))
        for column in range(2, 2 + count):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def show_current(self) -> None:
        """Scroll the current scenario's column into view (a new variant joins at the right end)."""
        names = list(self.model.scenarios)
        if self.state.selection.current in names:
            column = 2 + names.index(self.state.selection.current)
            self.view.scrollTo(self.model.index(self.view.rowAt(0) if self.view.rowAt(0) >= 0 else 0, column))
