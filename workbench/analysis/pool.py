"""Many evaluations of one scenario, each with some inputs changed, in this process or a pool.

The rows (each a mapping of what to change: ``variants.variant``) are split into chunks in order
and the results put back in the same order, so the answer never depends on how many workers
computed it. A worker process gets the data set once, when it starts (on a cluster, scattered to
every worker: ``cluster.ClusterExecutor.share``); each chunk carries only the scenario's values
and loads and its rows. Progress is reported per chunk; a cancel is honoured
between chunks (in this process, between rows).
"""
from __future__ import annotations

import gc
import multiprocessing
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, Mapping, Sequence

from workbench.allocator import keep_freed_memory
from workbench.analysis.variants import LOAD_TARIFF, variant
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.headlines import KEY_NUMBERS
from workbench.core.project import ResolvedScenario
from workbench.models.evaluate import key_numbers, scenario_grid
from workbench.models.grid import GridRun

YEAR_MARK = "@year"  # no key number's name has it: a year's column cannot be mistaken for a key
YEAR_KEYS = frozenset(h.key for h in KEY_NUMBERS)  # the years carry the key numbers only: draws x years x keys
GridInputs = tuple[tuple[str, float], ...]  # what of a row its grid run depends on (grid_inputs)
CHUNKS_PER_WORKER = 8  # small enough chunks for progress and a prompt cancel, big enough to amortise


def evaluate_many(scenario: ResolvedScenario, dataset: DataSet, rows: Sequence[Mapping[str, float]],
                  workers: int = 1, progress: Progress | None = None, cancel: CancelToken | None = None,
                  executor: Executor | None = None, years: bool = False) -> list[dict[str, float]]:
    """The numeric key results for each row, in order; ``executor`` (a Dask client's, say)
    overrides ``workers``. With ``years``, a multi-year study's rows also carry every study year's
    values of the key numbers, as ``year_key(key, i)`` (i = 0 for the first year)."""
    if not rows:
        return []
    # Rows that share a grid run go side by side, so a chunk dispatches them once (evaluate_rows); a
    # group larger than a chunk is cut into chunks of its own, which keeps progress, cancel and the
    # workers going. The results are put back in the rows' own order.
    groups: dict[GridInputs, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(grid_inputs(scenario, row), []).append(i)
    size = -(-len(rows) // max(1, min(len(rows), workers * CHUNKS_PER_WORKER)))  # rows per chunk, rounded up
    index_chunks: list[list[int]] = [[]]
    for group in groups.values():
        for start in range(0, len(group), size):
            if len(index_chunks[-1]) >= size:
                index_chunks.append([])
            index_chunks[-1].extend(group[start:start + size])
    order = [i for c in index_chunks for i in c]
    chunks = [[dict(rows[i]) for i in c] for c in index_chunks]
    payload = (dict(scenario.values), tuple(dict(x) for x in scenario.large_loads))
    if executor is None and workers <= 1:
        done = _in_process(chunks, scenario, dataset, progress, cancel, years)
    else:
        own = executor is None
        executor = executor or ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                                                   initargs=(dataset,))
        # A cluster's executor shares the data set with its workers once; another gets it with each chunk.
        shared = None if own else getattr(executor, "share", lambda d: d)(dataset)
        try:
            futures = [executor.submit(_evaluate_rows, payload, chunk, shared, years) for chunk in chunks]
            done = _collect(futures, progress, cancel)
        finally:
            if own:
                executor.shutdown(wait=True, cancel_futures=True)
    results: list[dict[str, float]] = [{} for _ in rows]
    for i, keys_of_row in zip(order, (k for chunk in done for k in chunk)):
        results[i] = keys_of_row
    return results


def grid_inputs(scenario: ResolvedScenario, row: Mapping[str, float],
                changed: ResolvedScenario | None = None) -> GridInputs:
    """What, of a row, the grid run of ``variant(scenario, row)`` (``changed``, where the caller has it)
    depends on: rows with equal ones share a dispatch. All of it, but a flat tariff where every load is
    firm: a firm load's dispatch never reads its price (only a flexible one's rules and a
    price-responsive miner's choice do). A row without a tariff needs no variant made to tell."""
    drop = LOAD_TARIFF in row and not any(load.flexible for load in (changed or variant(scenario, row)).engine_loads)
    return tuple(sorted((k, float(v)) for k, v in row.items() if not (drop and k == LOAD_TARIFF)))


def evaluate_rows(scenario: ResolvedScenario, dataset: DataSet, rows: Sequence[Mapping[str, float]],
                  cancel: CancelToken | None = None, years: bool = False,
                  last_grid: dict[GridInputs, GridRun] | None = None) -> list[dict[str, float]]:
    """The numeric key results of the scenario with each row's values put in place of its own
    (catalogue keys, or the loads' total MW and tariff: ``variants.variant``); with ``years``, and a
    study of more than one year, each study year's key numbers too (``year_key``). A row whose grid
    inputs are the last row's reuses its grid run; ``last_grid`` carries it from one call to the next."""
    out = []
    last = {} if last_grid is None else last_grid
    for row in rows:
        if cancel is not None:
            cancel.raise_if_cancelled()
        changed = variant(scenario, row)
        key = grid_inputs(scenario, row, changed)
        if key not in last:
            last.clear()  # one grid run kept: rows that share one come side by side
            last[key] = scenario_grid(changed, dataset, cancel=cancel)
        numbers = key_numbers(changed, dataset, last[key], cancel)
        keys = _numbers(numbers.key_results)
        if years and len(numbers.per_year) > 1:
            keys.update({year_key(k, i): v for i, year in enumerate(numbers.per_year)
                         for k, v in _numbers(year).items() if k in YEAR_KEYS})
        out.append(keys)
    return out


def year_key(key: str, year: int) -> str:
    """The column of a key number's value in study year ``year`` (0: the first)."""
    return f"{key}{YEAR_MARK}{year}"


def _numbers(keys: Mapping[str, object]) -> dict[str, float]:
    return {k: float(v) for k, v in keys.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def _in_process(rows: list[list[dict[str, float]]], scenario: ResolvedScenario, dataset: DataSet,
                progress: Progress | None, cancel: CancelToken | None, years: bool) -> list[list[dict[str, float]]]:
    done = []
    last_grid: dict[GridInputs, GridRun] = {}  # in this process, a group cut into chunks still dispatches once
    for i, chunk in enumerate(rows):
        done.append(evaluate_rows(scenario, dataset, chunk, cancel, years, last_grid))
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
    keep_freed_memory()  # a spawned worker does not inherit the parent's setting
    gc.enable()  # a forked one inherits the window's: collection off, for a GUI thread this process lacks


def _evaluate_rows(payload: tuple[dict[str, Any], tuple[dict[str, Any], ...]], rows: list[dict[str, float]],
                   dataset: DataSet | None, years: bool = False) -> list[dict[str, float]]:
    values, loads = payload
    keep_freed_memory()  # a cluster's worker never ran _start_worker
    data = dataset if dataset is not None else _WORKER_DATASET
    assert data is not None, "worker started without its data set"
    scenario = ResolvedScenario("draw", values, {}, loads, "", dict(data.identity))
    return evaluate_rows(scenario, data, rows, years=years)
