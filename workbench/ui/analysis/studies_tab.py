"""The Studies tab: the Monte Carlo's controls (draws, seed, Run) over its views: the histogram of a chosen
result, under it the fan chart of that result per year (a multi-year study only), and the breach odds.

The study follows the current scenario: choosing another one, or editing this one, marks the
answer on show as out of date (it is not re-run by itself: a study takes seconds to minutes).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget

from workbench.core.selection import Selection
from workbench.ui import settings
from workbench.ui.analysis.breach_view import BreachView
from workbench.ui.analysis.distribution_view import DistributionView
from workbench.ui.analysis.fan_view import FanView
from workbench.ui.analysis.study_runner import DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS, Study, StudyRunner
from workbench.ui.runs.controller import RunController
from workbench.ui.state.app_state import AppState


class StudiesTab(QWidget):
    def __init__(self, state: AppState, runs: RunController) -> None:
        super().__init__()
        self.state, self.runs = state, runs
        self.runner = StudyRunner(state, runs, self)
        self.draws = QSpinBox(objectName="mc_draws", minimum=1, maximum=MAX_DRAWS, value=DEFAULT_DRAWS,
                              singleStep=100, suffix=" draws")
        self.seed = QSpinBox(objectName="mc_seed", minimum=0, maximum=2_147_483_647, value=DEFAULT_SEED)
        self.run_button = QPushButton("Run Monte Carlo", objectName="mc_run")
        self.run_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel", objectName="mc_cancel", enabled=False)
        self.cancel_button.clicked.connect(runs.cancel)
        self.status = QLabel(wordWrap=True)
        self.status.setStyleSheet("color:#595959;")
        row = QHBoxLayout()
        for widget in (QLabel("Monte Carlo of the current scenario:"), self.draws, QLabel("seed"), self.seed,
                       self.run_button, self.cancel_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.distribution = DistributionView(state)
        self.fan = FanView(state)
        self.fan.setVisible(False)  # a one-year study has no years to fan out
        self.distribution.choice.currentIndexChanged.connect(lambda _i: self.fan.show_key(
            self.distribution.choice.currentData()))
        self.breaches = BreachView(state)
        left = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        left.addWidget(self.distribution)
        left.addWidget(self.fan)
        split = QSplitter(Qt.Orientation.Horizontal, childrenCollapsible=False)
        split.addWidget(left)
        split.addWidget(self.breaches)
        split.setSizes([600, 400])
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.status)  # its own line: a failure's reason must read whole, not squeezed beside Cancel
        column.addWidget(split, 1)
        self.runner.finished.connect(self._finished)
        self.runner.stopped.connect(self._stopped)
        state.selectionChanged.connect(self._on_selection)
        state.projectChanged.connect(lambda _c: self._mark())
        self._mark()

    def start(self) -> None:
        why = self.runner.start(self.draws.value(), self.seed.value())
        if why:
            self.status.setText(why)
            return
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(f"Running {self.draws.value():,} draws of '{self.state.selection.current}' on "
                            f"{settings.study_backend().describe()} (Edit > Preferences)… progress in the status bar")

    def _finished(self, study: Study) -> None:
        self._idle()
        self.distribution.show_study(study)
        self.fan.show_study(study, self.distribution.choice.currentData())
        self.fan.setVisible(self.fan.has_years())
        self.breaches.show_study(study)
        self._mark()

    def _stopped(self, why: str) -> None:
        self._idle()
        self.status.setText("Monte Carlo cancelled: nothing changed." if why == "cancelled"
                            else f"Monte Carlo failed: {why}")

    def _idle(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _on_selection(self, old: Selection, new: Selection) -> None:
        if old.current != new.current:
            self._mark()

    def _mark(self) -> None:
        """Say whether the study on show is for the current scenario's current inputs."""
        if self.runner.running:
            return
        study, name = self.runner.study, self.state.selection.current
        if study is None:
            self.status.setText("")
        elif name not in self.state.project.names() or study.scenario != name or \
                self.state.resolved(name).study_hash != study.study_hash:
            self.status.setText(f"Showing the study of '{study.scenario}' as it was; press Run Monte Carlo for "
                                f"'{name}' as it is now.")
        else:
            self.status.setText(f"Up to date: {study.result.draws:,} draws of '{name}', seed {study.result.seed}.")
