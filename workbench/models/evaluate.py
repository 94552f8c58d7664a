"""Evaluate one resolved scenario: the single entry point the runner, CLI and GUI call."""
from __future__ import annotations

from workbench import __version__
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.project import ResolvedScenario
from workbench.core.results import ScenarioResult
from workbench.models.exactness import exact_gap
from workbench.models.grid import run_grid
from workbench.models.grid_results import grid_frames, year_keys


def evaluate(scenario: ResolvedScenario, dataset: DataSet, progress: Progress | None = None,
             cancel: CancelToken | None = None, exact: bool = False) -> ScenarioResult:
    """Run every model that exists for the scenario. Keys without a model behind them are absent.

    With ``exact``, each year's dispatch is also solved as a linear program and the gap of the
    fast dispatch against it is reported (keys exact_*).
    """
    run = run_grid(scenario.values, scenario.large_loads, dataset, progress, cancel)
    key_results = year_keys(run.years[0])
    if exact:
        key_results.update(exact_gap(run, cancel))
    frames = grid_frames(run, dataset)
    if progress is not None:
        progress(1.0, scenario.name)
    return ScenarioResult(scenario.name, scenario.input_hash, dict(dataset.identity), __version__, key_results,
                          frames)
