"""Where a study's runs go: local worker processes, or the Dask cluster at a scheduler address.

The window keeps this as a setting (Edit > Preferences) and opens it around each study it runs in
the background; an address that is malformed, or a scheduler that does not answer, is refused in
one line before any run, in the window's words. Without an address, ``distributed`` is never imported.
"""
from __future__ import annotations

from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from workbench.core.errors import WorkbenchError
from workbench.core.text import safe_text

MAX_WORKERS = 64
WINDOW_TIMEOUT_S = 5.0  # the window waits this long for a scheduler before saying it does not answer


@dataclass(frozen=True)
class StudyBackend:
    scheduler: str = ""  # empty: this computer
    workers: int = 1  # local worker processes (a cluster has its own)

    def problem(self) -> str:
        """Why this setting cannot be used, naming the field; "" when it can."""
        from workbench.analysis.cluster import ADDRESS  # a regular expression: distributed is not imported

        if not 1 <= self.workers <= MAX_WORKERS:
            return f"Local workers must be 1 to {MAX_WORKERS}, not {self.workers}"
        if self.scheduler and not ADDRESS.match(self.scheduler):
            return (f"Dask scheduler: '{safe_text(self.scheduler, 80)}' is not a scheduler address such as "
                    "tcp://10.0.0.5:8786 (leave it empty to run on this computer)")
        return ""

    def describe(self) -> str:
        if self.scheduler:
            return f"the Dask cluster at {safe_text(self.scheduler, 80)}"
        return f"this computer, {self.workers} worker process{'es' if self.workers > 1 else ''}"

    @contextmanager
    def open(self, timeout: float = WINDOW_TIMEOUT_S) -> Iterator[tuple[int, Executor | None]]:
        """(workers, executor) for the study's runs: (n, None) locally, the cluster's executor otherwise."""
        why = self.problem()
        if why:
            raise WorkbenchError(why)
        if not self.scheduler:
            yield self.workers, None
            return
        from workbench.analysis.cluster import connect  # distributed is imported only here

        connected = False
        try:
            with connect(self.scheduler, timeout) as executor:
                connected = True
                yield executor.workers, executor
        except WorkbenchError as exc:
            if connected:  # the study's own refusal, not the cluster's
                raise
            # connect() speaks to the command line (--scheduler); the window's field is the setting.
            raise WorkbenchError(str(exc).replace("--scheduler", "Dask scheduler (Edit > Preferences)", 1)) from None
