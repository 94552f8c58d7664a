"""Runs a Monte Carlo of the current scenario in the background and keeps the last answer.

The study goes through the run controller's job channel, so it shares the status bar's progress
and the Cancel action with every other run; its outcome arrives on the GUI thread (a queued signal
through the bridge) and only then is stored and announced. The answer remembers the scenario and
the input hash it was made for, so a view can tell when it is out of date.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from workbench.analysis.backend import StudyBackend
from workbench.analysis.montecarlo import MonteCarloResult, run_monte_carlo
from workbench.analysis.sweep import Axis, DealSpace, run_sweep
from workbench.analysis.tornado import Tornado, run_tornado
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue
from workbench.core.parties import Party
from workbench.core.project import ResolvedScenario
from workbench.io.uncertainty_loader import load_uncertainty
from workbench.runner import RunOutcome
from workbench.ui import settings
from workbench.ui.runs.controller import RunController
from workbench.ui.state.app_state import AppState

DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS = 200, 1, 20_000


@dataclass(frozen=True)
class Study:
    scenario: str
    study_hash: str  # the scenario's inputs and its uncertain ranges when it ran
    result: MonteCarloResult


def monte_carlo_job(progress: Progress, cancel: CancelToken, scenario: ResolvedScenario, dataset: DataSet,
                    catalogue: Catalogue, draws: int, seed: int, backend: StudyBackend = StudyBackend()
                    ) -> MonteCarloResult:
    """The worker thread's part: no Qt, only the engine (and the cluster, when the setting names one)."""
    inputs = load_uncertainty(catalogue, dataset)
    with backend.open() as (workers, executor):
        return run_monte_carlo(scenario, dataset, catalogue, inputs, draws, seed, workers, progress, cancel,
                               executor)


class StudyRunner(QObject):
    finished = Signal(object)  # Study
    stopped = Signal(str)  # why the study has no answer: "cancelled" or the engine's error

    def __init__(self, state: AppState, runs: RunController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state, self.runs = state, runs
        self.study: Study | None = None
        self.running = False

    def start(self, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> str:
        """Start a Monte Carlo of the current scenario; "" when started, else why not."""
        if not 1 <= draws <= MAX_DRAWS:
            return f"Draws must be 1 to {MAX_DRAWS:,}, not {draws}"
        name = self.state.selection.current
        if not name:
            return "Choose a scenario first"
        resolved = self.state.resolved(name)
        backend = settings.study_backend()
        self.running = True

        def done(outcome: RunOutcome) -> None:
            self.running = False
            if outcome.ok:
                self.study = Study(name, resolved.study_hash, outcome.value)
                self.finished.emit(self.study)
            else:
                self.stopped.emit("cancelled" if outcome.status == "cancelled" else first_line(outcome.error))
        self.runs.start_job(f"Monte Carlo of {name} ({draws:,} draws, seed {seed}) on {backend.describe()}",
                            monte_carlo_job, resolved, self.state.dataset, self.state.catalogue, draws, seed, backend,
                            on_done=done)
        return ""


def first_line(error: str, most: int = 300) -> str:
    """A study's failure as the window shows it: one line, never a traceback."""
    line = (error.strip().splitlines() or ["failed"])[0]
    return line if len(line) <= most else line[:most - 1] + "…"


def sweep_job(progress: Progress, cancel: CancelToken, scenario: ResolvedScenario, dataset: DataSet,
              catalogue: Catalogue, x: Axis, y: Axis, result_key: str, parties: tuple[Party, ...],
              backend: StudyBackend = StudyBackend(), draws: int = 0, seed: int = DEFAULT_SEED) -> DealSpace:
    """The worker thread's part of a deal-space sweep (with ``draws``, each cell's odds too): no Qt."""
    inputs = load_uncertainty(catalogue, dataset) if draws else ()
    with backend.open() as (workers, executor):
        return run_sweep(scenario, dataset, catalogue, x, y, result_key, parties, workers, progress, cancel,
                         executor, draws, seed, inputs)


def tornado_job(progress: Progress, cancel: CancelToken, scenario: ResolvedScenario, dataset: DataSet,
                catalogue: Catalogue, result_key: str, backend: StudyBackend = StudyBackend()) -> Tornado:
    """The worker thread's part of a tornado: no Qt, only the engine."""
    with backend.open() as (workers, executor):
        return run_tornado(scenario, dataset, catalogue, load_uncertainty(catalogue, dataset), result_key, progress,
                           cancel, workers, executor)
