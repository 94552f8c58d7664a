"""Background execution without Qt: run ids, progress, cooperative cancel, superseded runs dropped.

A task is a plain function ``task(progress, cancel, *args)``. It reports progress with
``progress(fraction, message)`` and checks ``cancel.raise_if_cancelled()`` between steps.
Starting a run on a channel supersedes the previous run on that channel: it is asked to
stop, and whatever it produces afterwards (progress or result) is dropped, so a slow old
run can never overwrite a newer answer. Every run that is not superseded ends with exactly
one RunOutcome, including failures (exceptions are delivered, not raised) and cancels.

Callbacks are called on the worker thread; the GUI's bridge turns them into queued signals.
"""
from __future__ import annotations

import itertools
import threading
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from workbench.core.cancel import Cancelled, CancelToken, Progress

__all__ = ["Cancelled", "CancelToken", "Progress", "RunOutcome", "Runner"]


@dataclass(frozen=True)
class RunOutcome:
    run_id: int
    channel: str
    status: str  # "ok", "error" or "cancelled"
    value: Any = None
    error: str = ""
    detail: str = ""  # traceback text for a log, never shown as the message

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class Runner:
    def __init__(self, max_workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="workbench-run")
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._current: dict[str, tuple[int, CancelToken]] = {}  # channel -> newest run
        self._tokens: dict[int, CancelToken] = {}
        self._futures: dict[int, Future[None]] = {}

    def submit(self, task: Callable[..., Any], *args: Any, channel: str = "default",
               on_progress: Callable[[int, float, str], None] | None = None,
               on_done: Callable[[RunOutcome], None] | None = None) -> int:
        token = CancelToken()
        with self._lock:
            run_id = next(self._ids)
            previous = self._current.get(channel)
            if previous is not None:
                previous[1].cancel()
            self._current[channel] = (run_id, token)
            self._tokens[run_id] = token

        def is_current() -> bool:
            with self._lock:
                return self._current.get(channel, (None,))[0] == run_id

        def progress(fraction: float, message: str = "") -> None:
            token.raise_if_cancelled()
            if on_progress is not None and is_current():
                on_progress(run_id, min(max(fraction, 0.0), 1.0), message)

        def work() -> None:
            try:
                token.raise_if_cancelled()
                outcome = RunOutcome(run_id, channel, "ok", value=task(progress, token, *args))
            except Cancelled:
                outcome = RunOutcome(run_id, channel, "cancelled", error="cancelled")
            except Exception as exc:  # delivered as a result: the caller decides what to show
                outcome = RunOutcome(run_id, channel, "error", error=str(exc) or type(exc).__name__,
                                     detail=traceback.format_exc())
            finally:
                with self._lock:
                    self._tokens.pop(run_id, None)
            if is_current():
                with self._lock:
                    if self._current.get(channel, (None,))[0] == run_id:
                        del self._current[channel]
                if on_done is not None:
                    on_done(outcome)

        future = self._pool.submit(work)
        with self._lock:
            self._futures[run_id] = future
        future.add_done_callback(lambda _f: self._forget(run_id))
        return run_id

    def _forget(self, run_id: int) -> None:
        with self._lock:
            self._futures.pop(run_id, None)

    def cancel(self, run_id: int) -> None:
        with self._lock:
            token = self._tokens.get(run_id)
        if token is not None:
            token.cancel()

    def wait(self, timeout: float | None = None) -> None:
        """Block until every submitted run has finished (tests and the command line)."""
        with self._lock:
            futures = list(self._futures.values())
        for future in futures:
            future.result(timeout=timeout)

    def shutdown(self) -> None:
        with self._lock:
            tokens = list(self._tokens.values())
        for token in tokens:
            token.cancel()
        self._pool.shutdown(wait=True)
