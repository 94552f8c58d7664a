"""Monte Carlo of one scenario: its key numbers over seeded draws of its uncertain inputs.

Each draw is the scenario with its uncertain parameters replaced by that draw's values, evaluated
exactly as a single run is (grid, then tariffs, each against the same draw without the new loads),
so a draw with a dry year compares the new loads with the same dry year. The draws are made first
(``draws.draw_inputs``) and then evaluated in chunks, in this process or in a pool of processes;
results are put back in draw order, so one seed gives one answer on any number of workers.
"""
from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.headlines import KEY_NUMBERS, Headline, is_baseline
from workbench.core.parameters import Catalogue
from workbench.core.parties import Party, judge
from workbench.core.project import ResolvedScenario
from workbench.core.uncertainty import Uncertain
from workbench.analysis.draws import draw_inputs
from workbench.models.evaluate import evaluate

PERCENTILES = (10, 50, 90)
CHUNKS_PER_WORKER = 8  # small enough chunks for progress and a prompt cancel, big enough to amortise


@dataclass(frozen=True)
class MonteCarloResult:
    scenario: str
    seed: int
    inputs: tuple[Uncertain, ...]
    drawn: pd.DataFrame  # one row per draw: the uncertain parameters' values
    results: pd.DataFrame  # one row per draw: every numeric key result
    deterministic: Mapping[str, float]  # the scenario's key results at its own values

    @property
    def draws(self) -> int:
        return len(self.results)

    def summary(self) -> pd.DataFrame:
        """P10, P50, P90, mean and the deterministic value of every key, one row per key."""
        values = self.results.to_numpy(dtype=float)
        p = np.percentile(values, PERCENTILES, axis=0)
        table = pd.DataFrame({"p10": p[0], "p50": p[1], "p90": p[2], "mean": values.mean(axis=0)},
                             index=self.results.columns)
        table["deterministic"] = [self.deterministic.get(k, np.nan) for k in table.index]
        table.index.name = "key"
        return table

    def breaches(self) -> pd.DataFrame:
        """For every red line of the key numbers: the share of draws in which it is crossed, and the
        share in which all of them hold (the last row). A scenario without new loads has none."""
        lines = red_lines(self.results.columns, self.deterministic)
        crossed = pd.DataFrame({h.key: ~self.results[h.key].map(h.passes).astype(bool) for h in lines})
        rows = [(h.key, h.title, h.threshold, float(crossed[h.key].mean())) for h in lines]
        if lines:
            rows.append(("all", "Every red line holds", "", float((~crossed.any(axis=1)).mean())))
        return pd.DataFrame(rows, columns=["key", "red_line", "threshold", "probability"]).set_index("key")


    def party_odds(self, parties: tuple[Party, ...]) -> pd.DataFrame:
        """For every party, the share of draws in which all its red lines hold, and the share in
        which every party is satisfied at once (the last row). Not scored: NaN."""
        if is_baseline(dict(self.deterministic)) or not parties:
            return pd.DataFrame(columns=["probability"])
        rows = self.results.to_dict("records")
        held = pd.DataFrame({p.name: [judge(p, r).satisfied is not False for r in rows] for p in parties})
        odds = {p.name: float(held[p.name].mean()) for p in parties}
        odds["all parties"] = float(held.all(axis=1).mean())
        return pd.DataFrame({"probability": odds})


def red_lines(keys: Iterable[str], deterministic: Mapping[str, float]) -> list[Headline]:
    if is_baseline(dict(deterministic)):
        return []
    present = set(keys)
    return [h for h in KEY_NUMBERS if h.red_line and h.key in present]


def run_monte_carlo(scenario: ResolvedScenario, dataset: DataSet, catalogue: Catalogue,
                    inputs: tuple[Uncertain, ...], draws: int, seed: int, workers: int = 1,
                    progress: Progress | None = None, cancel: CancelToken | None = None,
                    executor: Executor | None = None) -> MonteCarloResult:
    """``draws`` evaluations of the scenario; ``executor`` (a Dask client's, say) overrides ``workers``."""
    drawn = draw_inputs(scenario.values, inputs, catalogue, draws, seed)
    base = evaluate(scenario, dataset, cancel=cancel).key_results
    chunks = np.array_split(np.arange(draws), max(1, min(draws, workers * CHUNKS_PER_WORKER)))
    rows = [drawn.iloc[c].to_dict("records") for c in chunks if len(c)]
    payload = (dict(scenario.values), tuple(dict(x) for x in scenario.large_loads))
    if executor is None and workers <= 1:
        done = _in_process(rows, scenario, dataset, progress, cancel)
    else:
        own = executor is None
        executor = executor or ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                                                   initargs=(dataset,))
        try:
            futures = [executor.submit(_evaluate_rows, payload, chunk, None if own else dataset) for chunk in rows]
            done = _collect(futures, progress, cancel)
        finally:
            if own:
                executor.shutdown(wait=True, cancel_futures=True)
    results = pd.DataFrame([k for chunk in done for k in chunk], index=drawn.index)
    return MonteCarloResult(scenario.name, seed, inputs, drawn, results, base)


def evaluate_rows(scenario: ResolvedScenario, dataset: DataSet, rows: Sequence[Mapping[str, float]],
                  cancel: CancelToken | None = None) -> list[dict[str, float]]:
    """The numeric key results of the scenario with each row's values put in place of its own."""
    out = []
    for row in rows:
        if cancel is not None:
            cancel.raise_if_cancelled()
        drawn = replace(scenario, values={**scenario.values, **row})
        keys = evaluate(drawn, dataset, cancel=cancel).key_results
        out.append({k: float(v) for k, v in keys.items() if isinstance(v, (int, float)) and not isinstance(v, bool)})
    return out


def _in_process(rows: list[list[dict[str, float]]], scenario: ResolvedScenario, dataset: DataSet,
                progress: Progress | None, cancel: CancelToken | None) -> list[list[dict[str, float]]]:
    done = []
    for i, chunk in enumerate(rows):
        done.append(evaluate_rows(scenario, dataset, chunk, cancel))
        if progress is not None:
            progress((i + 1) / len(rows), f"{sum(map(len, done)):,} draws")
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
                progress((i + 1) / len(futures), f"{sum(map(len, done)):,} draws")
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
