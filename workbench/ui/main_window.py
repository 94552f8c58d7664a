"""The main window: assembles the views; state lives in the Session and the runner bridge."""
from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDockWidget, QHeaderView, QLabel, QListWidget, QMainWindow, QPlainTextEdit,
                               QProgressBar, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QTabWidget,
                               QToolBar)

from workbench.core.cancel import CancelToken, Progress
from workbench.core.headlines import KEY_NUMBERS
from workbench.core.project import resolve
from workbench.core.results import ScenarioResult
from workbench.models.evaluate import evaluate
from workbench.runner import RunOutcome
from workbench.session import Session
from workbench.ui.bridge import RunnerBridge
from workbench.ui.parameter_model import ParameterTableModel


def run_all(progress: Progress, cancel: CancelToken, session: Session) -> list[ScenarioResult]:
    """Worker-thread task: evaluate every scenario of the project."""
    names = session.project.names()
    results = []
    for i, name in enumerate(names):
        progress(i / len(names), f"running {name}")
        results.append(evaluate(resolve(session.project, name, session.catalogue), session.dataset, cancel=cancel))
    return results


class MainWindow(QMainWindow):
    def __init__(self, session: Session, bridge: RunnerBridge) -> None:
        super().__init__()
        self.session = session
        self.bridge = bridge
        self.results: list[ScenarioResult] = []
        self._run_id: int | None = None
        title = session.project.title or (session.path.name if session.path else "Untitled")
        self.setWindowTitle(f"{title} - Grid & Tariff Scenario Workbench")
        self.resize(1280, 800)

        self.scenarios = QListWidget()
        self.scenarios.addItems(session.project.names())
        self.notes = QPlainTextEdit(readOnly=True)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.scenarios)
        left.addWidget(self.notes)
        dock = QDockWidget("Scenarios", self)
        dock.setObjectName("scenarios_dock")
        dock.setWidget(left)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self.parameters = ParameterTableModel(session.catalogue)
        table = QTableView()
        table.setModel(self.parameters)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.loads = QTableWidget()
        self.results_view = QTableWidget()
        tabs = QTabWidget()
        tabs.addTab(table, "Assumptions")
        tabs.addTab(self.loads, "Large loads")
        tabs.addTab(self.results_view, "Results")
        self.setCentralWidget(tabs)

        toolbar = QToolBar("Run", self)
        toolbar.setObjectName("run_toolbar")
        self.run_action = toolbar.addAction("Run all scenarios", self.start_run)
        self.cancel_action = toolbar.addAction("Cancel", self.cancel_run)
        self.cancel_action.setEnabled(False)
        self.addToolBar(toolbar)
        self.progress = QProgressBar(maximumWidth=240, visible=False)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(QLabel(f"Data set: {session.dataset.label}"))
        for warning in session.warnings():
            self.statusBar().showMessage(f"Warning: {warning}")

        self.scenarios.currentTextChanged.connect(self.show_scenario)
        bridge.progress.connect(self._on_progress)
        bridge.finished.connect(self._on_finished)
        self.scenarios.setCurrentRow(0)

    def show_scenario(self, name: str) -> None:
        if not name:
            return
        resolved = resolve(self.session.project, name, self.session.catalogue)
        self.parameters.set_scenario(resolved)
        scenario = self.session.project.scenario(name)
        parent = f"Inherits from: {scenario.parent}\n\n" if scenario.parent else ""
        self.notes.setPlainText(parent + scenario.notes)
        fields = list(self.session.catalogue.load_fields.values())
        self.loads.setColumnCount(len(fields))
        self.loads.setHorizontalHeaderLabels([f"{p.label} ({p.unit})" if p.unit else p.label for p in fields])
        self.loads.setRowCount(len(resolved.large_loads))
        for row, load in enumerate(resolved.large_loads):
            for col, p in enumerate(fields):
                self.loads.setItem(row, col, QTableWidgetItem(p.format(load.get(p.key))))

    def start_run(self) -> None:
        self._run_id = self.bridge.submit(run_all, self.session, channel="run_all")
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_action.setEnabled(True)

    def cancel_run(self) -> None:
        if self._run_id is not None:
            self.bridge.runner.cancel(self._run_id)

    def _on_progress(self, run_id: int, fraction: float, message: str) -> None:
        if run_id == self._run_id:
            self.progress.setValue(int(fraction * 100))
            self.statusBar().showMessage(message)

    def _on_finished(self, outcome: RunOutcome) -> None:
        if outcome.run_id != self._run_id:
            return
        self._run_id = None
        self.progress.setVisible(False)
        self.cancel_action.setEnabled(False)
        if not outcome.ok:
            self.statusBar().showMessage(f"Run {outcome.status}: {outcome.error}")
            return
        self.results = outcome.value
        self.statusBar().showMessage(f"Ran {len(self.results)} scenarios, FY{int(self.results[0].key_results['fy'])}")
        view = self.results_view
        view.setRowCount(len(KEY_NUMBERS))
        view.setColumnCount(len(self.results) + 1)
        # Long scenario names wrap, so every scenario's column fits beside the labels.
        view.setHorizontalHeaderLabels(["Unit", *["\n".join(textwrap.wrap(r.name, 16)) for r in self.results]])
        view.setVerticalHeaderLabels([h.title for h in KEY_NUMBERS])
        for row, h in enumerate(KEY_NUMBERS):
            view.setItem(row, 0, QTableWidgetItem(h.unit))
            for col, r in enumerate(self.results, start=1):
                value = r.key_results.get(h.key)
                item = QTableWidgetItem(h.format(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if value is not None and not h.passes(value):
                    item.setBackground(QColor("#FFC7CE"))  # a red line is crossed
                    item.setToolTip(f"Red line: {h.title} {h.red_line_text}")
                view.setItem(row, col, item)
        view.resizeColumnsToContents()
