"""Evaluate one resolved scenario: the single entry point the runner, CLI and GUI call."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbench import __version__
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.errors import WorkbenchError
from workbench.core.headlines import HORIZON_SUMS
from workbench.core.project import ResolvedScenario
from workbench.core.results import ScenarioResult
from workbench.models.economics import YearEconomics, economics_frames, economics_keys, run_economics
from workbench.models.exactness import exact_gap
from workbench.models.feasibility import runnable_problem
from workbench.models.grid import GridRun, run_grid
from workbench.models.grid_results import grid_frames, year_keys
from workbench.models.miners import online_share_model
from workbench.models.reserve import ReserveRun, reserve_frames, reserve_keys, reserve_run
from workbench.models.system import calendar, study_plant_tables


def scenario_grid(scenario: ResolvedScenario, dataset: DataSet, progress: Progress | None = None,
                  cancel: CancelToken | None = None) -> GridRun:
    """The grid model's run of the scenario, every study year: the half of ``evaluate`` that dispatches."""
    values, loads = scenario.engine_values, scenario.engine_loads  # typed and checked once, at the engine's door
    tables = study_plant_tables(values, dataset)  # for the check and then the run
    problem = runnable_problem(values, dataset, tables)
    if problem:
        raise WorkbenchError(problem)
    return run_grid(values, loads, dataset, progress, cancel, online_share_model(values, dataset, calendar(dataset)),
                    tables)


def evaluate(scenario: ResolvedScenario, dataset: DataSet, progress: Progress | None = None,
             cancel: CancelToken | None = None, exact: bool = False, frames: bool = False,
             grid: GridRun | None = None) -> ScenarioResult:
    """Grid, then tariffs and finance, for every study year; headline keys for the first year.

    With ``exact``, each year's two dispatches (without and with the new loads) are also solved as
    linear programs, settled by the same tariff model, and the gaps of the answer are reported
    (keys exact_*: total cost, incremental energy cost, break-even, contribution, added shedding,
    marginal cost against the LP's duals). With ``frames``, the tidy tables for the
    brief and views are built too; they take most of a run's time, so only callers that show them
    ask for them. ``grid``: the scenario's ``scenario_grid``, when a study has it already (the same
    dispatch serves every flat tariff of firm loads); the caller vouches that it was made from
    inputs the grid reads in the same way (``analysis/pool.grid_inputs``), as nothing here checks it.
    """
    run = scenario_grid(scenario, dataset, progress, cancel) if grid is None else grid
    numbers = key_numbers(scenario, dataset, run, cancel, exact)
    tables = {**grid_frames(run, dataset, numbers.grid_years, cancel), **economics_frames(numbers.economics, dataset),
              "years": pd.DataFrame(numbers.per_year),
              **(reserve_frames(numbers.reserve) if numbers.reserve is not None else {})} if frames else {}
    if progress is not None:
        progress(1.0, scenario.name)
    return ScenarioResult(scenario.name, scenario.input_hash, dict(dataset.identity), __version__,
                          numbers.key_results, tables, years=tuple(numbers.per_year))


@dataclass(frozen=True)
class KeyNumbers:
    """A run's numbers before they become a ``ScenarioResult``: what a study reads of each of its runs."""
    key_results: dict[str, float]  # the first year's keys, horizon sums and the reserve option's
    per_year: list[dict[str, float]]  # each study year's grid and tariff keys
    grid_years: list[dict[str, float]]
    economics: tuple[YearEconomics, ...]
    reserve: ReserveRun | None


def key_numbers(scenario: ResolvedScenario, dataset: DataSet, run: GridRun, cancel: CancelToken | None = None,
                exact: bool = False) -> KeyNumbers:
    """The key numbers of the scenario's grid run ``run``: ``evaluate`` without the result around them
    (whose input hash, a digest of every value, a study's thousands of runs do not need)."""
    values, loads = scenario.engine_values, scenario.engine_loads
    economics = run_economics(run, loads, values, dataset)
    grid_years = [year_keys(yd) for yd in run.years]
    per_year = [{**g, **economics_keys(ye, values, dataset)} for g, ye in zip(grid_years, economics)]
    key_results = dict(per_year[0])
    if key_results.get("large_load_metered_gwh", 0) > 0:  # per MWh the new loads receive, after losses
        key_results["marginal_co2_t_per_mwh"] = key_results["marginal_co2_mt"] * 1000 / key_results[
            "large_load_metered_gwh"]
    if len(run.years) > 1:  # the headline keys are the first year's; add sums over the horizon
        for key in HORIZON_SUMS:
            key_results[f"horizon_{key}"] = sum(k.get(key, 0.0) for k in per_year)
    reserve = reserve_run(run, loads, values, dataset)  # None without a state-mining load
    if reserve is not None:
        key_results.update(reserve_keys(reserve))
    if exact:
        key_results.update(exact_gap(run, loads, values, dataset, economics, cancel))
    return KeyNumbers(key_results, per_year, grid_years, economics, reserve)
