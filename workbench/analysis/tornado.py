"""Tornado: which uncertain input moves a chosen result most, one input at a time.

Each draw group (one input, or inputs that move together such as the imported-coal fleet's
outages) is set to the P10 and then to the P90 of its distribution, with every other input at the
scenario's own value: the same one-in-ten ends for every input, so the bars compare. They are
sorted by their span, widest first; the base is the scenario's own result.
"""
from __future__ import annotations

from concurrent.futures import Executor

import numpy as np

from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue
from workbench.core.project import ResolvedScenario
from workbench.core.studies import Bar, Tornado
from workbench.core.uncertainty import Uncertain
from workbench.analysis.draws import quantile, studied_inputs
from workbench.analysis.pool import evaluate_many
from workbench.models.evaluate import evaluate


def run_tornado(scenario: ResolvedScenario, dataset: DataSet, catalogue: Catalogue, inputs: tuple[Uncertain, ...],
                result_key: str, progress: Progress | None = None, cancel: CancelToken | None = None,
                workers: int = 1, executor: Executor | None = None) -> Tornado:
    """``executor`` (a cluster's, say) or ``workers`` > 1 spread the two runs of every input."""
    inputs = studied_inputs(inputs, scenario, catalogue, dataset)
    base_keys = evaluate(scenario, dataset, cancel=cancel).key_results
    if result_key not in base_keys:
        raise KeyError(result_key)
    groups: dict[str, list[Uncertain]] = {}
    for u in inputs:
        groups.setdefault(u.draw_group, []).append(u)
    rows = []  # the P10 and then the P90 row of every group, in order
    for members in groups.values():
        for q in (0.1, 0.9):
            row = {}
            for u in members:
                p = catalogue[u.key]
                value = float(quantile(u, float(scenario.values[u.key]), np.array([q]))[0])
                row[u.key] = float(np.clip(value, p.minimum if p.minimum is not None else -np.inf,
                                           p.maximum if p.maximum is not None else np.inf))
            rows.append(row)
    results = evaluate_many(scenario, dataset, rows, workers, progress, cancel, executor)
    bars = []
    for i, (group, members) in enumerate(groups.items()):
        low, high = results[2 * i], results[2 * i + 1]
        first = members[0].key
        label = catalogue[first].label if len(members) == 1 else \
            f"{group.replace('_', ' ').capitalize()} ({len(members)} inputs)"
        bars.append(Bar(group, label, tuple(u.key for u in members), rows[2 * i][first], rows[2 * i + 1][first],
                        low.get(result_key, np.nan), high.get(result_key, np.nan)))
    bars.sort(key=lambda b: -b.span)
    return Tornado(scenario.name, result_key, float(base_keys[result_key]), tuple(bars))
