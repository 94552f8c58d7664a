"""Many evaluations of one scenario, each with some inputs changed, in this process or a pool.

The rows (each a mapping of what to change: ``variants.variant``) are split into chunks in order
and the results put back in the same order, so the answer never depends on how many workers
computed it. A worker process gets the data set once, when it starts (on a cluster, scattered to
every worker: ``cluster.ClusterExecutor.share``); each chunk carries only the scenario's values
and loads and its rows. Progress is reported per chunk; a cancel is honoured
between chunks (in this process, between rows).
"""
from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, Mapping, Sequence

import numpy as np

from workbench.analysis.variants import variant
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.project import ResolvedScenario
from workbench.models.evaluate import evaluate

CHUNKS_PER_WORKER = 8  # small enough chunks for progress and a prompt cancel, big enough to amortise


def evaluate_many(scenario: ResolvedScenario, dataset: DataSet, rows: Sequence[Mapping[str, float]],
                  workers: int = 1, progress: Progress | None = None, cancel: CancelToken | None = None,
                  executor: Executor | None = None) -> list[dict[str, float]]:
    """The numeric key results for each row, in order; ``executor`` (a Dask client's, say)
    overrides ``workers``."""
    if not rows:
        return []
    chunks = [[dict(rows[i]) for i in c] for c in
              np.array_split(np.arange(len(rows)), max(1, min(len(rows), workers * CHUNKS_PER_WORKER))) if len(c)]
    payload = (dict(scenario.values), tuple(dict(x) for x in scenario.large_loads))
    if executor is None and workers <= 1:
        done = _in_process(chunks, scenario, dataset, progress, cancel)
    else:
        own = executor is None
        executor = executor or ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                                                   initargs=(dataset,))
        # A cluster's executor shares the data set with its workers once; another gets it with each chunk.
        shared = None if own else getattr(executor, "share", lambda d: d)(dataset)
        try:
            futures = [executor.submit(_evaluate_rows, payload, chunk, shared) for chunk in chunks]
            done = _collect(futures, progress, cancel)
        finally:
            if own:
                executor.shutdown(wait=True, cancel_futures=True)
    return [keys for chunk in done for keys in chunk]


def evaluate_rows(scenario: ResolvedScenario, dataset: DataSet, rows: Sequence[Mapping[str, float]],
                  cancel: CancelToken | None = None) -> list[dict[str, float]]:
    """The numeric key results of the scenario with each row's values put in place of its own
    (catalogue keys, or the loads' total MW and tariff: ``variants.variant``)."""
    out = []
    for row in rows:
        if cancel is not None:
            cancel.raise_if_cancelled()
        keys = evaluate(variant(scenario, row), dataset, cancel=cancel).key_results
        out.append({k: float(v) for k, v in keys.items() if isinstance(v, (int, float)) and not isinstance(v, bool)})
    return out


def _in_process(rows: list[list[dict[str, float]]], scenario: ResolvedScenario, dataset: DataSet,
                progress: Progress | None, cancel: CancelToken | None) -> list[list[dict[str, float]]]:
    done = []
    for i, chunk in enumerate(rows):
        done.append(evaluate_rows(scenario, dataset, chunk, cancel))
        if progress is not None:
            progress((i + 1) / len(rows), f"{sum(map(len, done)):,} runs")
    return done


def _collect(futures: list[Future[Any]], progress: Progress | None,
             cancel: CancelToken | None) -> list[list[dict[str, float]]]:
    """Wait for the chunks in order (each is needed anyway), reporting and honouring a cancel."""
    done = []
    try:
        for i, future in enumerate(futures):
            while True:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                try:
                    done.append(future.result(timeout=0.2))
                    break
                except TimeoutError:
                    continue
            if progress is not None:
                progress((i + 1) / len(futures), f"{sum(map(len, done)):,} runs")
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return done


# ----------------------------------------------------------------------- worker processes

_WORKER_DATASET: DataSet | None = None


def _context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds with the data set already loaded; elsewhere spawn.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _start_worker(dataset: DataSet) -> None:
    global _WORKER_DATASET
    _WORKER_DATASET = dataset


def _evaluate_rows(payload: tuple[dict[str, Any], tuple[dict[str, Any], ...]], rows: list[dict[str, float]],
                   dataset: DataSet | None) -> list[dict[str, float]]:
    values, loads = payload
    data = dataset if dataset is not None else _WORKER_DATASET
    assert data is not None, "worker started without its data set"
    scenario = ResolvedScenario("draw", values, {}, loads, "", dict(data.identity))
    return evaluate_rows(scenario, data, rows)
