"""The current scenario's process: where it stands at each institutional gate, and whom it was put to.

A summary line says whether the scenario is permitted. The gates table edits status (a combo of
words) and date in place; the selected gate's owner and evidence are edited below it, since the
dock is narrow. Each change is one undo step. The consultation log below adds dated entries from
a one-line form and removes the selected one. The words are neutral: the
workbench records the process, it gives no legal advice.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QScrollArea, QTableView, QVBoxLayout, QWidget)

from workbench.core.gates import Consultation, Gate, permission
from workbench.ui.editors.delegates import EDIT_TRIGGERS, CatalogueDelegate
from workbench.ui.itemmodels.gates import FIELDS, ConsultationsModel, GatesModel
from workbench.ui.panels.notices import Notice
from workbench.ui.state.app_state import AppState
from workbench.ui.state.commands import AddConsultation, RemoveConsultation


DETAIL_COLUMNS = {name: FIELDS.index(name) for name in ("owner", "evidence")}


class GatesPanel(QWidget):
    def __init__(self, state: AppState, gates: tuple[Gate, ...]) -> None:
        super().__init__()
        self.state, self.gates = state, gates
        self.summary = QLabel(objectName="gates_summary")
        self.summary.setWordWrap(True)
        self.model = GatesModel(state, gates, parent=self)
        self.view = QTableView(objectName="gates_view")
        self.view.setModel(self.model)
        self.view.setItemDelegate(CatalogueDelegate(self.view))
        self.view.setEditTriggers(EDIT_TRIGGERS)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)  # one line a gate (the full name is its tooltip), so all of them show
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the gate's name takes what is left
        for column, width in ((1, 90), (2, 84)):
            header.resizeSection(column, width)
        for column in DETAIL_COLUMNS.values():  # a narrow dock: owner and evidence are edited below the table
            self.view.setColumnHidden(column, True)
        self.notice = Notice()
        self.model.refused.connect(self.notice.show_problem)
        self.about = QLabel(objectName="gate_about")  # what the selected gate requires, and on what basis
        self.about.setWordWrap(True)
        self.detail = {name: QLineEdit(objectName=f"gate_{name}", placeholderText=hint) for name, hint in (
            ("owner", "who in government moves it"), ("evidence", "a letter, a hearing, a report: what the status "
                                                                  "rests on"))}
        for name, line in self.detail.items():
            line.editingFinished.connect(lambda n=name: self._commit_detail(n))
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        self.log = ConsultationsModel(state, parent=self)
        self.log_view = QTableView(objectName="consultations_view")
        self.log_view.setModel(self.log)
        self.log_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.log_view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.entry = {name: QLineEdit(objectName=f"consultation_{name}", placeholderText=hint) for name, hint in (
            ("date", "YYYY-MM-DD"), ("who", "who was consulted"), ("topic", "on what"), ("outcome", "outcome"))}
        self.entry["date"].setText(date.today().isoformat())
        self.add_button = QPushButton("Add to the log", clicked=self.add_consultation)
        self.remove_button = QPushButton("Remove the selected entry", clicked=self.remove_consultation)
        form = QGridLayout()  # two fields a row: the dock is narrow
        for at, name in enumerate(("date", "who", "topic", "outcome")):
            form.addWidget(self.entry[name], at // 2, at % 2)
        form.setColumnStretch(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        form.addLayout(buttons, 2, 0, 1, 2)

        # Every gate in view at once, and the log below at a useful height: on a laptop the dock is shorter
        # than both (it showed one and a half gates), so the panel scrolls rather than squeezing them.
        rows = self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(self.view.horizontalHeader().sizeHint().height() + rows * len(gates)
                                 + 2 * self.view.frameWidth())
        self.log_view.setMinimumHeight(self.log_view.horizontalHeader().sizeHint().height() + 4 * rows)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addWidget(self.view)
        layout.addWidget(self.about)
        details = QFormLayout()
        details.addRow("Owner", self.detail["owner"])
        details.addRow("Evidence", self.detail["evidence"])
        layout.addLayout(details)
        layout.addWidget(QLabel("<b>Consultation log</b>"))
        layout.addWidget(self.log_view, 1)
        layout.addLayout(form)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        state.projectChanged.connect(lambda _change: self._update())
        state.selectionChanged.connect(lambda *_: self._update())
        self._update()

    def _update(self) -> None:
        name = self.state.selection.current
        if name is None or name not in self.state.project.names():
            self.summary.setText("")
            return
        p = permission(self.state.project.scenario(name).gates, self.gates)
        style = "color:#375623" if p.permitted else "color:#9C0006"
        self.summary.setText(f"<b>{name}</b>: <span style='{style}'>{p.describe()}</span>. The workbench records "
                             f"the process; it gives no legal advice.")
        self.remove_button.setEnabled(self.log.rowCount() > 0)
        self._show_detail()

    def _selected_row(self) -> int:
        row = self.view.currentIndex().row()
        return row if row >= 0 else 0

    def _show_detail(self) -> None:
        row = self._selected_row()
        gate, record = self.gates[row], self.model.record(row)
        self.about.setText(f"<b>{gate.name}</b> ({gate.body}): {gate.requires}. Typically {gate.typical_days} days.")
        self.about.setToolTip(self.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole))
        for name, line in self.detail.items():
            if not line.hasFocus():
                line.setText(getattr(record, name))
                line.setCursorPosition(0)
            line.setToolTip(getattr(record, name))

    def _commit_detail(self, name: str) -> None:
        row = self._selected_row()
        self.model.setData(self.model.index(row, DETAIL_COLUMNS[name]), self.detail[name].text())

    def add_consultation(self) -> None:
        name = self.state.selection.current
        if name is None:
            return
        entry = Consultation(*(self.entry[k].text().strip() for k in ("date", "who", "topic", "outcome")))
        reason = self.state.push(lambda: AddConsultation(self.state, name, entry))
        if reason:
            self.notice.show_problem(reason)
            return
        self.notice.clear()
        for key in ("who", "topic", "outcome"):
            self.entry[key].clear()

    def remove_consultation(self) -> None:
        name, row = self.state.selection.current, self.log_view.currentIndex().row()
        if name is None or row < 0:
            return
        reason = self.state.push(lambda: RemoveConsultation(self.state, name, row))
        self.notice.show_problem(reason) if reason else self.notice.clear()
