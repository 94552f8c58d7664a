"""The parties' red lines as one table (party, result key, operator, threshold, unit), editable with undo.

Each typed cell is one undo command (SetRedLine, AddRedLine, RemoveRedLine); a refused value
(an unknown key, a threshold that is not a number) leaves the project as it was, the table shows
the old value again and the reason is written under the table. The table is rebuilt from the
project after every change, so undo and redo show exactly what the project holds.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)
from PySide6.QtCore import Qt, QTimer

from workbench.core import party_edits
from workbench.core.parties import HEADLINES
from workbench.core.text import number_text
from workbench.ui.state.app_state import AppState, Change
from workbench.ui.state.commands import AddRedLine, RemoveRedLine, SetRedLine

COLUMNS = ("Party", "Result key", "Operator", "Threshold", "Unit")
NEW_LINE = ("New party", "large_load_contribution_pkr_bn", ">=", 0.0)


class PartiesPanel(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.table = QTableWidget(0, len(COLUMNS), objectName="parties_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setToolTip("Type over a cell to change a red line. Result key: a key number's key (see 'run "
                              "--keys'); operator <= or >=; the threshold in the unit shown.")
        self.add_button = QPushButton("Add red line", objectName="parties_add")
        self.remove_button = QPushButton("Remove", objectName="parties_remove")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color:#C00000;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(2, 2, 2, 2)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        column.addWidget(self.message)
        self._filling = False
        self.table.itemChanged.connect(self._edited)
        state.projectChanged.connect(self._on_project)
        self.fill()

    def fill(self) -> None:
        self._filling = True
        try:
            lines = party_edits.rows(self.state.project)
            self.table.setRowCount(len(lines))
            for r, (party, line) in enumerate(lines):
                h = HEADLINES.get(line.key)
                unit = QTableWidgetItem(h.unit if h else "")
                unit.setFlags(unit.flags() & ~Qt.ItemFlag.ItemIsEditable)
                unit.setToolTip(line.text)
                key = QTableWidgetItem(line.key)
                key.setToolTip(line.text)
                for c, item in enumerate((QTableWidgetItem(party), key,
                                          QTableWidgetItem(line.op), QTableWidgetItem(number_text(line.threshold)),
                                          unit)):
                    self.table.setItem(r, c, item)
            self.table.resizeColumnsToContents()
            # A laptop's dock is narrow: long keys are cut (their label is the tooltip) so the operator,
            # threshold and unit stay in view.
            for c, most in ((0, 100), (1, 140), (2, 60)):
                self.table.setColumnWidth(c, min(self.table.columnWidth(c), most))
        finally:
            self._filling = False

    def _on_project(self, change: Change) -> None:
        if change.source is not self or change.replaced:
            self.fill()

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.state.changing:
            return
        r = item.row()
        cells = [self.table.item(r, c).text() for c in range(4)]
        why = self.state.push(lambda: SetRedLine(self.state, r, *cells, source=self))
        self.message.setText(f"Not changed: {why}" if why else "")
        # A refused value goes back, an accepted one may regroup the rows: refilled after this slot returns,
        # not inside it (refilling replaces the item whose signal is being delivered).
        QTimer.singleShot(0, self, self.fill)

    def add(self) -> str:
        row = self.table.currentRow()
        lines = party_edits.rows(self.state.project)
        party = lines[row][0] if 0 <= row < len(lines) else NEW_LINE[0]
        why = self.state.push(lambda: AddRedLine(self.state, party, *NEW_LINE[1:]))
        self.message.setText(f"Not added: {why}" if why else "")
        return why

    def remove(self) -> str:
        row = self.table.currentRow()
        if row < 0:
            self.message.setText("Select a red line to remove")
            return "no selection"
        why = self.state.push(lambda: RemoveRedLine(self.state, row))
        self.message.setText(f"Not removed: {why}" if why else "")
        return why
