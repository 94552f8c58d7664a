"""What makes a scenario impossible to run, found before any hour is dispatched.

Every value can be inside its own bounds and the whole still not run: no plant left that can
generate, or fuel escalated past the value of lost load in a later year. `validate` and `run`
call the same check, so a file that validates runs, and a run refuses before it starts work.
It reads only the plant table of each study year (no hourly arrays): well under 1 ms a year.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from workbench.core.dataset import DataSet
from workbench.core.scenario_values import ScenarioValues
from workbench.models.system import PlantTable, plant_table

FLEXIBLE_PENALTY_SHARE = 0.5  # curtailing flexible load is priced at half the value of lost load


def shedding_ranks_last(srmc: np.ndarray, plant_ids: tuple[str, ...], voll: float, fy: int) -> str | None:
    """Why dispatch cannot rank shedding below every plant, or None when it can."""
    dearest = int(np.argmax(srmc))
    if srmc[dearest] < FLEXIBLE_PENALTY_SHARE * voll:
        return None
    return (f"the value of lost load (Rs {voll:,.0f}/kWh) must be more than twice the dearest plant's running "
            f"cost (Rs {srmc[dearest]:,.1f}/kWh for {plant_ids[dearest]} in FY{fy}); raise voll_pkr_per_kwh")


def year_problem(values: ScenarioValues, dataset: DataSet, fy: int, table: PlantTable | None = None) -> str | None:
    """Why one study year cannot run, or None; ``table``: its plant table, when made already."""
    ids, plants = plant_table(values, dataset, fy) if table is None else table
    limit = np.where(plants["dispatch"] == "thermal", plants["fuel_limit"], 1.0)
    if not (plants["capacity_mw"] * plants["availability"] * limit > 0).any():
        return (f"no plant can generate in FY{fy}: every plant's capacity or availability is 0, so there is no "
                f"supply to price; give at least one plant capacity and availability")
    return shedding_ranks_last(plants["srmc"], ids, values.voll_pkr_per_kwh, fy)


def runnable_problem(values: ScenarioValues, dataset: DataSet,
                     tables: Mapping[int, PlantTable] | None = None) -> str | None:
    """Why a scenario with these resolved values cannot run (the first year that fails), or None;
    ``tables``: the study years' plant tables (``study_plant_tables``), when made already."""
    first = int(values.study_first_fy)
    for fy in range(first, first + int(values.study_years)):
        problem = year_problem(values, dataset, fy, None if tables is None else tables[fy])
        if problem:
            return problem
    return None
