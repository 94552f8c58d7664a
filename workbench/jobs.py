"""Jobs the window and the command line share, as plain functions (no Qt).

Each takes the runner's ``progress`` and ``cancel`` first, so the window can run it on the
runner's worker thread and the command line can call it directly.
"""
from __future__ import annotations

from typing import Sequence

from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue
from workbench.core.project import Project, ResolvedScenario, resolve
from workbench.core.results import ScenarioResult
from workbench.models.evaluate import evaluate


def evaluate_scenarios(progress: Progress | None, cancel: CancelToken | None, project: Project,
                       names: Sequence[str], catalogue: Catalogue, dataset: DataSet, *, exact: bool = False,
                       frames: bool = False) -> list[ScenarioResult]:
    """Evaluate the named scenarios in order; every name is checked before any work starts."""
    resolved = [resolve(project, name, catalogue) for name in names]
    return evaluate_resolved(progress, cancel, resolved, dataset, exact=exact, frames=frames)


def evaluate_resolved(progress: Progress | None, cancel: CancelToken | None, scenarios: Sequence[ResolvedScenario],
                      dataset: DataSet, *, exact: bool = False, frames: bool = False) -> list[ScenarioResult]:
    results = []
    for i, scenario in enumerate(scenarios):
        if progress is not None:
            progress(i / len(scenarios), f"running {scenario.name}")
        results.append(evaluate(scenario, dataset, cancel=cancel, exact=exact, frames=frames))
    return results
