"""Deal space: a grid of one result over two swept inputs, and where every party's red lines hold.

Each cell is the scenario with the two inputs set to that cell's values (``variants.variant``),
evaluated exactly as a single run is; the agreed region is the cells in which no party's red
line is crossed. Cells are evaluated row by row in one list, so a pool of workers returns them in
the same order and the grid never depends on how it was computed.
"""
from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import replace

import numpy as np
import pandas as pd

from workbench.analysis.pool import evaluate_many
from workbench.analysis.variants import check_study_key
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue
from workbench.core.parties import Party
from workbench.core.project import ResolvedScenario
from workbench.core.studies import Axis, DealSpace
from workbench.core.uncertainty import UncertaintyError

MAX_STEPS = 50


def parse_axis(text: str) -> Axis:
    """PARAM:LO:HI:N, as the command line takes it."""
    parts = text.rsplit(":", 3)
    if len(parts) != 4:
        raise UncertaintyError(text, "expected PARAM:LO:HI:N, e.g. load.mw:0:3000:7")
    key, low, high, steps = parts
    try:
        return Axis(key, float(low), float(high), int(steps))
    except ValueError:
        raise UncertaintyError(text, "LO and HI must be numbers and N a whole number") from None


def run_sweep(scenario: ResolvedScenario, dataset: DataSet, catalogue: Catalogue, x: Axis, y: Axis,
              result_key: str, parties: tuple[Party, ...], workers: int = 1, progress: Progress | None = None,
              cancel: CancelToken | None = None, executor: Executor | None = None) -> DealSpace:
    for axis in (x, y):
        lo, hi = check_study_key(axis.key, scenario, catalogue)
        if not 2 <= axis.steps <= MAX_STEPS:
            raise UncertaintyError(axis.key, f"N must be 2 to {MAX_STEPS}, not {axis.steps}")
        if not lo <= axis.low < axis.high <= hi:
            raise UncertaintyError(axis.key, f"LO and HI must satisfy {lo:g} <= LO < HI <= {hi:g}")
    if x.key == y.key:
        raise UncertaintyError(y.key, "the two axes must move different inputs")
    rows = [{y.key: float(b), x.key: float(a)} for b in y.values for a in x.values]
    cells = evaluate_many(scenario, dataset, rows, workers, progress, cancel, executor)
    if not any(result_key in c for c in cells):
        raise UncertaintyError(result_key, f"is not a result of scenario '{scenario.name}' (see 'run --keys')")
    shape = (y.steps, x.steps)
    values = np.array([c.get(result_key, np.nan) for c in cells]).reshape(shape)  # NaN: no new loads there
    index, columns = pd.Index(y.values, name=y.key), pd.Index(x.values, name=x.key)
    grid = pd.DataFrame(values, index, columns)
    space = DealSpace(scenario.name, x, y, result_key, grid, grid.isna(), tuple(cells))
    return replace(space, agreed=space.agreed_for(parties))  # the one rule, also used when red lines are edited
