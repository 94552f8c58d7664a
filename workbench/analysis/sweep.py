"""Deal space: a grid of one result over two swept inputs, and where every party's red lines hold.

Each cell is the scenario with the two inputs set to that cell's values (``variants.variant``),
evaluated exactly as a single run is; the agreed region is the cells in which no party's red
line is crossed. With draws, every cell is also a Monte Carlo of its own (the same draws in each),
giving the odds that every party agrees there. Cells are evaluated row by row in one list, so a
pool of workers returns them in the same order and the grid never depends on how it was computed.
"""
from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import replace

import numpy as np
import pandas as pd

from workbench.analysis.draws import draw_inputs, studied_inputs
from workbench.analysis.pool import evaluate_many
from workbench.analysis.variants import check_study_key
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue
from workbench.core.parties import Party
from workbench.core.project import ResolvedScenario
from workbench.core.studies import Axis, DealSpace
from workbench.core.uncertainty import Uncertain, UncertaintyError

MAX_STEPS = 50
MAX_CELL_DRAWS = 1_000
MAX_DRAWN_RUNS = 200_000  # about 7 minutes on two cores (4 ms a run on each)


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


def check_draws(x: Axis, y: Axis, draws: int) -> None:
    """Refuse a draw count per cell that a sweep of these axes cannot take, before any run starts."""
    if not 0 <= draws <= MAX_CELL_DRAWS:
        raise UncertaintyError("draws", f"must be 0 to {MAX_CELL_DRAWS:,} a cell, not {draws}")
    if x.steps * y.steps * draws > MAX_DRAWN_RUNS:
        raise UncertaintyError("draws", f"{x.steps * y.steps} cells x {draws:,} draws is {x.steps * y.steps * draws:,} "
                                        f"runs, over the {MAX_DRAWN_RUNS:,} a sweep allows: fewer cells or draws")


def run_sweep(scenario: ResolvedScenario, dataset: DataSet, catalogue: Catalogue, x: Axis, y: Axis,
              result_key: str, parties: tuple[Party, ...], workers: int = 1, progress: Progress | None = None,
              cancel: CancelToken | None = None, executor: Executor | None = None,
              draws: int = 0, seed: int = 1, inputs: tuple[Uncertain, ...] = ()) -> DealSpace:
    """The grid of ``result_key`` over the cells of ``x`` and ``y``, and where every party agrees. With
    ``draws``, each cell is also run over that many draws of the uncertain ``inputs`` (as a Monte Carlo
    of that cell: the same draws in every cell, so cells differ by their values, not by luck), for the
    odds that every party agrees there (``DealSpace.odds_for``); an input the sweep moves is not drawn."""
    for axis in (x, y):
        lo, hi = check_study_key(axis.key, scenario, catalogue)
        if not 2 <= axis.steps <= MAX_STEPS:
            raise UncertaintyError(axis.key, f"N must be 2 to {MAX_STEPS}, not {axis.steps}")
        if not lo <= axis.low < axis.high <= hi:
            raise UncertaintyError(axis.key, f"LO and HI must satisfy {lo:g} <= LO < HI <= {hi:g}")
    if x.key == y.key:
        raise UncertaintyError(y.key, "the two axes must move different inputs")
    check_draws(x, y, draws)
    rows = [{y.key: float(b), x.key: float(a)} for b in y.values for a in x.values]
    drawn: list[dict[str, float]] = []
    if draws:
        studied = tuple(u for u in studied_inputs(inputs, scenario, catalogue, dataset) if u.key not in (x.key, y.key))
        drawn = draw_inputs(scenario.values, studied, catalogue, draws, seed).to_dict("records")
    # One list, so progress and cancel cover it all: the cells as they are, then every cell in every draw.
    done = evaluate_many(scenario, dataset, rows + [{**d, **cell} for cell in rows for d in drawn], workers,
                         progress, cancel, executor)
    cells = done[:len(rows)]
    if not any(result_key in c for c in cells):
        raise UncertaintyError(result_key, f"is not a result of scenario '{scenario.name}' (see 'run --keys')")
    shape = (y.steps, x.steps)
    values = np.array([c.get(result_key, np.nan) for c in cells]).reshape(shape)  # NaN: no new loads there
    index, columns = pd.Index(y.values, name=y.key), pd.Index(x.values, name=x.key)
    grid = pd.DataFrame(values, index, columns)
    space = DealSpace(scenario.name, x, y, result_key, grid, grid.isna(), tuple(cells))
    if draws:
        keys = tuple(dict.fromkeys(k for c in done[len(rows):] for k in c))
        cube = np.array([[r.get(k, np.nan) for k in keys] for r in done[len(rows):]]).reshape(len(rows), draws, -1)
        space = replace(space, draws=draws, seed=seed, draw_keys=keys, draw_results=cube)
    return replace(space, agreed=space.agreed_for(parties))  # the one rule, also used when red lines are edited
