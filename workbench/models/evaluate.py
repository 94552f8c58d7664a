"""Evaluate one resolved scenario: the single entry point the runner, CLI and GUI call."""
from __future__ import annotations

from workbench import __version__
from workbench.core.dataset import DataSet
from workbench.core.project import ResolvedScenario
from workbench.core.results import ScenarioResult
from workbench.core.cancel import CancelToken, Progress


def evaluate(scenario: ResolvedScenario, dataset: DataSet, progress: Progress | None = None,
             cancel: CancelToken | None = None) -> ScenarioResult:
    """Run every model that exists for the scenario. Keys without a model behind them are absent."""
    if cancel is not None:
        cancel.raise_if_cancelled()
    key_results: dict[str, float] = {}
    if progress is not None:
        progress(1.0, scenario.name)
    return ScenarioResult(scenario.name, scenario.input_hash, dict(dataset.identity), __version__, key_results)
