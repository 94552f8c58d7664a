"""Jobs the window and the command line share, as plain functions (no Qt).

Each takes the runner's ``progress`` and ``cancel`` first, so the window can run it on the
runner's worker thread and the command line can call it directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from workbench.batch import check_work
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.errors import WorkbenchError
from workbench.core.parameters import Catalogue
from workbench.core.project import Project, ResolvedScenario, resolve, resolve_all
from workbench.core.results import ScenarioResult
from workbench.models.evaluate import evaluate
from workbench.models.feasibility import runnable_problem

if TYPE_CHECKING:
    from workbench.io.excel_assumptions import AssumptionsBook


def check_runnable(project: Project, names: Sequence[str], catalogue: Catalogue, dataset: DataSet,
                   whole_project: bool = False) -> list[ResolvedScenario]:
    """Resolve the named scenarios and make every refusal a run would make: what validate checks.

    The work cap first: it costs nothing, and past it the checks of each year would be slow too.
    """
    resolved = resolve_all(project, catalogue, names)
    check_work(resolved, whole_project=whole_project)
    for scenario in resolved:
        problem = runnable_problem(scenario.engine_values, dataset)
        if problem:
            raise WorkbenchError(f"scenario '{scenario.name}' cannot run: {problem}")
    return resolved


def evaluate_resolved(progress: Progress | None, cancel: CancelToken | None, scenarios: Sequence[ResolvedScenario],
                      dataset: DataSet, *, exact: bool = False, frames: bool = False) -> list[ScenarioResult]:
    results = []
    for i, scenario in enumerate(scenarios):
        share = None if progress is None else \
            (lambda f, m, i=i: progress((i + f) / len(scenarios), m or f"running {scenarios[i].name}"))
        results.append(evaluate(scenario, dataset, share, cancel, exact=exact, frames=frames))
    return results


@dataclass(frozen=True)
class RunRequest:
    """What a background run of the window needs, fixed when it is submitted."""

    scenario: ResolvedScenario
    dataset: DataSet


def run_request(progress: Progress, cancel: CancelToken, request: RunRequest) -> ScenarioResult:
    """One scenario with the tables the window's charts read."""
    return evaluate_resolved(progress, cancel, [request.scenario], request.dataset, frames=True)[0]


def write_brief_job(progress: Progress | None, cancel: CancelToken | None, path: str, project: Project,
                    names: Sequence[str], catalogue: Catalogue, dataset: DataSet,
                    ready: Mapping[str, ScenarioResult]) -> str:
    """Write the Excel brief for the named scenarios, reusing results that already have their tables."""
    from workbench.io.excel import write_brief  # openpyxl loads only when a brief is written

    results = []
    for i, name in enumerate(names):
        if progress is not None:
            progress(0.8 * i / len(names), f"evaluating {name}")
        result = ready.get(name)
        if result is None or not result.frames:
            result = evaluate(resolve(project, name, catalogue), dataset, cancel=cancel, frames=True)
        results.append(result)
    if progress is not None:
        progress(0.8, "writing the workbook")
    write_brief(path, project, catalogue, dataset, results)
    return path


def read_assumptions_job(progress: Progress | None, cancel: CancelToken | None, path: str,
                         catalogue: Catalogue) -> AssumptionsBook:
    """Read an edited assumptions workbook (checked cell by cell; hostile workbooks are refused)."""
    from workbench.io.excel_assumptions import read_assumptions

    if progress is not None:
        progress(0.1, "reading the workbook")
    return read_assumptions(path, catalogue)
