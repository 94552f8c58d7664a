"""Monte Carlo of one scenario: its key numbers over seeded draws of its uncertain inputs.

Each draw is the scenario with its uncertain parameters replaced by that draw's values, evaluated
exactly as a single run is (grid, then tariffs, each against the same draw without the new loads),
so a draw with a dry year compares the new loads with the same dry year. The draws are made first
(``draws.draw_inputs``) and then evaluated by ``pool.evaluate_many``, in this process or a pool of
processes, in draw order: one seed gives one answer on any number of workers.
"""
from __future__ import annotations

from concurrent.futures import Executor

import pandas as pd

from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue
from workbench.core.project import ResolvedScenario
from workbench.core.studies import PERCENTILES, MonteCarloResult, red_lines  # noqa: F401 (the study's result)
from workbench.core.uncertainty import Uncertain
from workbench.analysis.draws import draw_inputs, studied_inputs
from workbench.analysis.pool import YEAR_MARK, evaluate_many
from workbench.models.evaluate import evaluate


def run_monte_carlo(scenario: ResolvedScenario, dataset: DataSet, catalogue: Catalogue,
                    inputs: tuple[Uncertain, ...], draws: int, seed: int, workers: int = 1,
                    progress: Progress | None = None, cancel: CancelToken | None = None,
                    executor: Executor | None = None) -> MonteCarloResult:
    """``draws`` evaluations of the scenario; ``executor`` (a Dask client's, say) overrides ``workers``."""
    inputs = studied_inputs(inputs, scenario, catalogue, dataset)
    drawn = draw_inputs(scenario.values, inputs, catalogue, draws, seed)
    base = evaluate(scenario, dataset, cancel=cancel).key_results
    keys = evaluate_many(scenario, dataset, drawn.to_dict("records"), workers, progress, cancel, executor,
                         years=True)
    table = pd.DataFrame(keys, index=drawn.index)
    by_year = [c for c in table.columns if YEAR_MARK in c]
    results = table.drop(columns=by_year)
    years = table[by_year].copy()
    years.columns = pd.MultiIndex.from_tuples([(c.split(YEAR_MARK)[0], int(c.split(YEAR_MARK)[1])) for c in by_year],
                                              names=["key", "year"])
    return MonteCarloResult(scenario.name, seed, inputs, drawn, results, base, years,
                            int(scenario.values.get("study_first_fy", 0)))


