"""Turns application state into background runs, and their outcomes into cached results.

After any change (debounced, so a burst of edits is one run) the controller looks at the
scenarios on show (the current one first, then those chosen for comparison) and submits a
frozen request for each whose inputs hash has no result yet. Each scenario has its own runner
channel, so a newer request for a scenario supersedes the older one and a slow old run can
never overwrite a newer answer. Outcomes come back on the GUI thread through the bridge.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.project import ResolvedScenario
from workbench.core.selection import Selection
from workbench.jobs import RunRequest, run_request
from workbench.runner import RunOutcome
from workbench.ui.runs.bridge import RunnerBridge
from workbench.ui.state.app_state import AppState

DEBOUNCE_MS = 15  # coalesces programmatic bursts (an undo of many steps); a typed value commits once anyway


@dataclass(frozen=True)
class Flight:
    name: str
    input_hash: str
    channel: str


class RunController(QObject):
    activityChanged = Signal()  # runs started, progressed or ended; read busy, fraction, message
    failed = Signal(str, str)  # scenario, message: a run ended in an engine error

    def __init__(self, state: AppState, bridge: RunnerBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state, self.bridge = state, bridge
        self._flights: dict[int, Flight] = {}
        self._jobs: dict[int, tuple[str, Callable[[RunOutcome], None]]] = {}  # run id -> (label, on_done)
        self._job_numbers = itertools.count(1)
        self._progress: dict[int, float] = {}
        self._batch = 0  # runs submitted since the controller was last idle, for the overall fraction
        self.errors: dict[str, str] = {}  # input hash -> engine error (not re-run until asked)
        self.cancelled: set[str] = set()  # input hashes the user cancelled (not re-run until asked)
        self.message = ""
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self.refresh)
        state.projectChanged.connect(lambda _change: self._debounce.start())
        state.selectionChanged.connect(self._on_selection)
        bridge.progress.connect(self._on_progress)
        bridge.finished.connect(self._on_finished)
        self._debounce.start()  # the scenarios on show at start run as soon as the event loop does

    # ------------------------------------------------------------------ reading

    @property
    def busy(self) -> bool:
        return bool(self._flights or self._jobs)

    @property
    def fraction(self) -> float:
        done = self._batch - len(self._flights) - len(self._jobs)
        return (done + sum(self._progress.values())) / self._batch if self._batch else 1.0

    def status(self, name: str) -> str:
        """'ready', 'running', 'waiting', 'cancelled' or 'error: ...' for the scenario's current inputs."""
        input_hash = self.state.resolved(name).input_hash
        if input_hash in self.state.results:
            return "ready"
        if any(f.input_hash == input_hash for f in self._flights.values()):
            return "running"
        if input_hash in self.errors:
            return f"error: {self.errors[input_hash]}"
        return "cancelled" if input_hash in self.cancelled else "waiting"

    def wanted(self) -> list[str]:
        selection = self.state.selection
        return list(dict.fromkeys([n for n in (selection.current, *selection.compared) if n]))

    # ------------------------------------------------------------------ acting

    def refresh(self, names: list[str] | None = None, force: bool = False) -> None:
        """Submit a run for each scenario on show (or named) whose current inputs have no result."""
        self._debounce.stop()
        names = names if names is not None else self.wanted()
        if force:
            for name in names:
                self.errors.pop(self.state.resolved(name).input_hash, None)
                self.cancelled.discard(self.state.resolved(name).input_hash)
        # Twice: a scenario skipped because another one's run had its inputs may see that run superseded
        # by a later name in the same pass (a duplicate and its original, one of them edited).
        for _ in range(2):
            for name in names:
                input_hash = self.state.resolved(name).input_hash
                running = {f.input_hash for f in self._flights.values()}
                if input_hash not in self.state.results and input_hash not in running and \
                        input_hash not in self.errors and input_hash not in self.cancelled:
                    self._submit(name, self.state.resolved(name))
        self.activityChanged.emit()

    def run_all(self) -> None:
        self.refresh(self.state.project.names(), force=True)

    def run(self, names: list[str]) -> None:
        self.refresh(names, force=True)

    def cancel(self) -> None:
        for run_id in [*self._flights, *self._jobs]:
            self.bridge.runner.cancel(run_id)

    def shutdown(self) -> None:
        """Stop every run and wait for the worker thread to end (the window is closing)."""
        self._debounce.stop()
        self.bridge.runner.shutdown()

    def start_job(self, label: str, task: Callable[..., Any], *args: Any,
                  on_done: Callable[[RunOutcome], None]) -> None:
        """A one-off background job (export, import) with the same progress, cancel and error handling."""
        if not self.busy:
            self._batch = 0
        run_id = self.bridge.submit(task, *args, channel=f"job:{next(self._job_numbers)}")  # never superseded
        self._jobs[run_id] = (label, on_done)
        self._batch += 1
        self.message = label
        self.activityChanged.emit()

    def _submit(self, name: str, resolved: ResolvedScenario) -> None:
        channel = f"scenario:{name}"
        for run_id, flight in list(self._flights.items()):
            if flight.channel == channel:  # the runner supersedes it: its outcome never arrives
                del self._flights[run_id]
                self._progress.pop(run_id, None)
        if not self.busy:
            self._batch = 0
        run_id = self.bridge.submit(run_request, RunRequest(resolved, self.state.dataset), channel=channel)
        self._flights[run_id] = Flight(name, resolved.input_hash, channel)
        self._batch += 1
        self.message = f"Running {name}"

    def _on_selection(self, old: Selection, new: Selection) -> None:
        if (old.current, old.compared) != (new.current, new.compared):
            self._debounce.start()

    def _on_progress(self, run_id: int, fraction: float, message: str) -> None:
        flight, job = self._flights.get(run_id), self._jobs.get(run_id)
        if flight is not None or job is not None:
            self._progress[run_id] = fraction
            label = f"Running {flight.name}" if flight is not None else job[0]
            self.message = f"{label}: {message}" if message else label
            self.activityChanged.emit()

    def _on_finished(self, outcome: RunOutcome) -> None:
        job = self._jobs.pop(outcome.run_id, None)
        if job is not None:
            self._progress.pop(outcome.run_id, None)
            self.message = ""
            job[1](outcome)
            self.activityChanged.emit()
            return
        flight = self._flights.pop(outcome.run_id, None)
        self._progress.pop(outcome.run_id, None)
        if flight is None:
            return
        if outcome.ok:
            self.message = f"{flight.name}: up to date"
            self.state.add_results([outcome.value])
        elif outcome.status == "cancelled":
            self.cancelled.add(flight.input_hash)
            self.message = f"{flight.name}: run cancelled; its results are out of date (Scenario > Run)"
        else:
            self.errors[flight.input_hash] = outcome.error
            self.message = f"{flight.name}: the run failed: {outcome.error}"
            self.failed.emit(flight.name, outcome.error)
        self.activityChanged.emit()
