"""The one bridge from the runner's worker threads to the GUI thread.

Runner callbacks arrive on a worker thread; emitting a signal from there delivers it to
the bridge's slots through Qt's queued connection on the GUI thread, so no widget is ever
touched from a worker.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from workbench.runner import RunOutcome, Runner


class RunnerBridge(QObject):
    progress = Signal(int, float, str)  # run id, fraction, message
    finished = Signal(object)  # RunOutcome

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner

    def submit(self, task: Callable[..., Any], *args: Any, channel: str = "default") -> int:
        return self.runner.submit(task, *args, channel=channel,
                                  on_progress=lambda rid, f, m: self.progress.emit(rid, f, m),
                                  on_done=self._done)

    def _done(self, outcome: RunOutcome) -> None:
        self.finished.emit(outcome)
