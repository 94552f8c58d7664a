"""Long command-line runs: a cap on the work of one run, progress on stderr, a clean stop on Ctrl+C.

The work of a run is counted in scenario-years (each scenario's study years, summed over the
scenarios run) and load-scenario-years (the same, times each scenario's number of large
loads): one scenario-year is one hour-by-hour dispatch of a year, and its cost grows with the
loads in it. The caps keep a run to a few minutes on a laptop; see docs/limits.md for the
measurements behind them.
"""
from __future__ import annotations

import shutil
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence, TextIO

from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.errors import WorkbenchError
from workbench.core.project import ResolvedScenario
from workbench.core.results import ScenarioResult
from workbench.models.evaluate import evaluate

MAX_SCENARIO_YEARS = 2_000
MAX_LOAD_SCENARIO_YEARS = 100_000
MAX_EXACT_SCENARIO_YEARS = 60  # with --exact every scenario-year is also solved as two linear programs
MAX_BRIEF_SCENARIO_YEARS = 150  # with --xlsx every scenario-year's tables are held for the brief (3-5 MB each)

EXIT_STOPPED = 130  # the shell's code for a process ended by Ctrl+C (128 + SIGINT)
PLAIN_FIRST_S = 1.0  # a pipe or a log sees nothing of a run shorter than this...
PLAIN_EVERY_S = 5.0  # ...then a line this often
TTY_EVERY_S = 0.1


@dataclass(frozen=True)
class Work:
    scenarios: int
    scenario_years: int
    load_scenario_years: int


def work_of(scenarios: Sequence[ResolvedScenario]) -> Work:
    years = [int(s.values["study_years"]) for s in scenarios]
    return Work(len(scenarios), sum(years), sum(y * len(s.large_loads) for y, s in zip(years, scenarios)))


def check_work(scenarios: Sequence[ResolvedScenario], *, exact: bool = False, brief: bool = False,
               whole_project: bool = False) -> Work:
    """The work of running ``scenarios``; refused with a one-line message beyond a cap."""
    work = work_of(scenarios)
    what = "running every scenario of the project" if whole_project else "this run"
    fewer = "split the project into smaller ones, or run a few scenarios at a time with 'run --scenario NAME'" \
        if whole_project else "run fewer scenarios (--scenario NAME, repeated) or fewer study years, " \
                              "or split the project"
    if work.scenario_years > MAX_SCENARIO_YEARS:
        raise WorkbenchError(f"{what} is {work.scenario_years:,} scenario-years ({work.scenarios:,} scenarios "
                             f"times their study years), above the cap of {MAX_SCENARIO_YEARS:,} for one run: "
                             f"{fewer}")
    if work.load_scenario_years > MAX_LOAD_SCENARIO_YEARS:
        raise WorkbenchError(f"{what} is {work.load_scenario_years:,} load-scenario-years (large loads times "
                             f"study years, summed over {work.scenarios:,} scenarios), above the cap of "
                             f"{MAX_LOAD_SCENARIO_YEARS:,} for one run: {fewer}")
    if exact and work.scenario_years > MAX_EXACT_SCENARIO_YEARS:
        raise WorkbenchError(f"with --exact, {what} is {work.scenario_years:,} scenario-years, each also solved "
                             f"as two linear programs, above the cap of {MAX_EXACT_SCENARIO_YEARS:,} for an exact "
                             f"run: run fewer scenarios (--scenario NAME) or leave out --exact")
    if brief and work.scenario_years > MAX_BRIEF_SCENARIO_YEARS:
        raise WorkbenchError(f"with --xlsx, {what} is {work.scenario_years:,} scenario-years, whose tables the "
                             f"brief holds in memory (3 to 5 MB each), above the cap of "
                             f"{MAX_BRIEF_SCENARIO_YEARS:,} for a brief: name fewer scenarios (--scenario NAME) "
                             f"for the brief, or leave out --xlsx and write --json")
    return work


class RunProgress:
    """Where a run is, on stderr: one line rewritten in place on a terminal, else a plain line now and then."""

    def __init__(self, stream: TextIO | None, work: Work, *, tty: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.work = work
        self.tty = bool(stream is not None and (stream.isatty() if tty is None else tty))
        self.clock = clock
        self.started = clock()
        self.next_line = self.started + (TTY_EVERY_S if self.tty else PLAIN_FIRST_S)
        self.shown = False  # a line is on the terminal (tty) or at least one was written (plain)
        self.years_before = 0  # scenario-years of the scenarios already finished
        self.drawn = 0  # length of the line on the terminal

    def scenario(self, index: int, scenario: ResolvedScenario) -> Progress:
        years = int(scenario.values["study_years"])

        def progress(fraction: float, message: str) -> None:
            finished = fraction >= 1.0  # the engine's last call for a scenario; the others name the year
            done = self.years_before + (years if finished else min(int(fraction * years), years))
            self.update(f"scenario {index + 1:,}/{self.work.scenarios:,} ({scenario.name})"
                        f"{' done' if finished else ', ' + message}; "
                        f"{done:,}/{self.work.scenario_years:,} scenario-years")
            if finished:
                self.years_before += years
        return progress

    def update(self, text: str) -> None:
        now = self.clock()
        if self.stream is None or now < self.next_line:
            return
        line = f"run: {text}, {now - self.started:,.0f} s"
        if self.tty:  # spaces rather than an escape code to clear: the Windows console shows those as text
            width = max(20, shutil.get_terminal_size().columns - 1)  # a wrapped line cannot be rewritten
            line = line[:width]
            self.stream.write("\r" + line.ljust(self.drawn))
            self.drawn = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.shown = True
        self.next_line = now + (TTY_EVERY_S if self.tty else PLAIN_EVERY_S)

    def close(self, finished: bool) -> None:
        """Clear the terminal's line; in a log, close the lines with the total time."""
        if self.stream is None or not self.shown:
            return
        if self.tty:
            self.stream.write("\r" + " " * self.drawn + "\r")
        elif finished:
            self.stream.write(f"run: {self.work.scenarios:,} scenarios, {self.work.scenario_years:,} "
                              f"scenario-years in {self.clock() - self.started:,.0f} s\n")
        self.stream.flush()


def run_scenarios(scenarios: Sequence[ResolvedScenario], dataset: DataSet, cancel: CancelToken,
                  progress: RunProgress, *, exact: bool = False, frames: bool = False) -> list[ScenarioResult]:
    results = []
    for i, scenario in enumerate(scenarios):
        cancel.raise_if_cancelled()
        results.append(evaluate(scenario, dataset, progress.scenario(i, scenario), cancel, exact=exact,
                                frames=frames))
    cancel.raise_if_cancelled()
    return results


@contextmanager
def stop_on_interrupt() -> Iterator[CancelToken]:
    """Ctrl+C sets the token, which the run checks between years (a stop within well under a second);
    a second Ctrl+C interrupts at once. Off the main thread (tests calling main()), or where Ctrl+C is
    ignored, signals stay as they are."""
    token = CancelToken()
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # a background job of a shell ignores Ctrl+C
        yield token
        return

    def interrupted(signum: int, frame: object) -> None:
        if token.cancelled:
            raise KeyboardInterrupt
        token.cancel()
    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield token
    finally:
        signal.signal(signal.SIGINT, previous)


def stopped_message(written: Sequence[str]) -> str:
    if written:
        return f"run: stopped by the user; only {', '.join(written)} was written"
    return "run: stopped by the user; nothing was written"
