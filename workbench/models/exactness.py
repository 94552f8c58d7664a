"""How far the fast dispatch is from the exact linear program, measured on the same inputs.

Not only the dispatch with the new loads: the baseline (without them) is solved too, the
shortfall of both is placed by the same rule (shedding.py), and the tariff model settles the
exact pair exactly as it settles the fast one, billing hourly-priced tariffs at the LP's duals
(the marginal cost the tariff model would have used). The gaps are then those of the answer:
incremental energy cost, break-even tariff, contribution and added shedding, besides total cost.
"""
from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from workbench.core.cancel import CancelToken
from workbench.core.dataset import DataSet
from workbench.core.large_load import LargeLoad
from workbench.core.scenario_values import ScenarioValues
from workbench.models.economics import YearEconomics, year_economics
from workbench.models.grid import GridRun, YearDispatch, headroom, load_outcomes
from workbench.models.reference_lp import solve_exact
from workbench.models.shedding import attribute_shortfall


# How each gap reads in a report: label and unit (the keys stay as they are for scripts).
EXACT_LABELS = {
    "exact_cost_gap_pct": ("Total cost of the dispatch with the new loads", "%"),
    "exact_baseline_cost_gap_pct": ("Total cost of the dispatch without them", "%"),
    "exact_unserved_gap_gwh": ("Load shed with the new loads", "GWh"),
    "exact_added_shedding_gap_gwh": ("Load shedding added for existing consumers", "GWh"),
    "exact_added_shedding_gap_pct": ("  the same, relative", "%"),
    "exact_incremental_energy_gap_pct": ("Incremental energy cost of the new loads", "%"),
    "exact_break_even_gap_pkr_per_kwh": ("Break-even tariff", "PKR/kWh"),
    "exact_break_even_gap_pct": ("  the same, relative", "%"),
    "exact_contribution_gap_pkr_bn": ("New loads' contribution to fixed cost", "PKR bn"),
    "exact_contribution_gap_pct": ("  the same, relative", "%"),
    "exact_marginal_cost_mean_gap_pkr_per_kwh": ("Marginal cost against the LP's duals: mean gap", "PKR/kWh"),
    "exact_marginal_cost_mean_abs_gap_pkr_per_kwh": ("  mean absolute gap", "PKR/kWh"),
    "exact_marginal_cost_hours_apart_pct": ("  hours more than Rs 0.01/kWh apart", "% of hours"),
    "exact_solve_s": ("Time to solve the linear programs", "s"),
}


def exact_twin(yd: YearDispatch, policy: str) -> YearDispatch:
    """The same year with both dispatches solved as LPs, placed and attributed by the same rule."""
    base_demand = yd.year.base_demand
    baseline, _ = attribute_shortfall(yd.baseline_problem, solve_exact(yd.baseline_problem), base_demand, policy)
    if yd.problem is yd.baseline_problem:
        solution, household = baseline, baseline.unserved
    else:
        solution, household = attribute_shortfall(yd.problem, solve_exact(yd.problem), base_demand, policy)
    problem = yd.problem
    return replace(yd, baseline=baseline, solution=solution, household_unserved=household,
                   loads=load_outcomes(yd.loads, problem, solution, household),
                   headroom_before=headroom(yd.baseline_problem, baseline, yd.baseline_problem.firm_demand),
                   headroom_after=headroom(problem, solution, problem.firm_demand + problem.flexible_demand))


def _pct(fast: float, exact: float) -> float:
    """Relative gap in percent; 0 when both are (numerically) zero."""
    if abs(exact) < 1e-9:
        return 0.0 if abs(fast) < 1e-9 else float("inf")
    return 100 * (fast - exact) / abs(exact)


def _added_shedding_gwh(yd: YearDispatch) -> float:
    return (float(yd.household_unserved.sum()) - float(yd.baseline.unserved.sum())) / 1000


def year_gaps(fast: YearDispatch, exact: YearDispatch, fast_e: YearEconomics,
              exact_e: YearEconomics) -> dict[str, float]:
    """Gaps of one year: fast minus exact (in percent of the exact value where so named)."""
    fast_cost, exact_cost = fast.solution.objective_pkr(fast.problem), exact.solution.objective_pkr(exact.problem)
    fb, eb = fast.baseline.objective_pkr(fast.baseline_problem), exact.baseline.objective_pkr(exact.baseline_problem)
    # Marginal cost the tariff model uses, against the LP's duals, weighted by the energy asked for.
    weight = fast.problem.firm_demand + fast.problem.flexible_demand
    diff = np.abs(fast.solution.marginal_cost - exact.solution.marginal_cost)
    gaps = {
        "exact_cost_gap_pct": _pct(fast_cost, exact_cost),
        "exact_baseline_cost_gap_pct": _pct(fb, eb),
        "exact_unserved_gap_gwh": (float(fast.solution.unserved.sum()) - float(exact.solution.unserved.sum())) / 1000,
        "exact_marginal_cost_mean_abs_gap_pkr_per_kwh": float((diff * weight).sum() / weight.sum()),
        "exact_marginal_cost_mean_gap_pkr_per_kwh": float(
            ((fast.solution.marginal_cost - exact.solution.marginal_cost) * weight).sum() / weight.sum()),
        "exact_marginal_cost_hours_apart_pct": 100 * float((diff.max(axis=0) > 0.01).mean()),
    }
    fs, es = _added_shedding_gwh(fast), _added_shedding_gwh(exact)
    gaps["exact_added_shedding_gap_gwh"] = fs - es
    gaps["exact_added_shedding_gap_pct"] = _pct(fs, es)
    if fast_e.metered_mwh > 0 and exact_e.metered_mwh > 0:
        gaps.update({
            "exact_incremental_energy_gap_pct": _pct(fast_e.incremental_energy, exact_e.incremental_energy),
            "exact_break_even_gap_pkr_per_kwh": fast_e.break_even - exact_e.break_even,
            "exact_break_even_gap_pct": _pct(fast_e.break_even, exact_e.break_even),
            "exact_contribution_gap_pkr_bn": (fast_e.contribution - exact_e.contribution) / 1e9,
            "exact_contribution_gap_pct": _pct(fast_e.contribution, exact_e.contribution),
        })
    return gaps


def exact_gap(run: GridRun, loads: tuple[LargeLoad, ...], values: ScenarioValues, dataset: DataSet,
              economics: tuple[YearEconomics, ...] | None = None,
              cancel: CancelToken | None = None) -> dict[str, float]:
    """Worst gap over the horizon's years (largest in absolute value), keys exact_*.

    ``economics`` are the fast run's (recomputed when not given); the exact pair is settled by the
    same tariff model. Measures of the new loads appear only when there are some.
    """
    worst: dict[str, float] = {}
    solve_s = 0.0
    for i, yd in enumerate(run.years):
        if cancel is not None:
            cancel.raise_if_cancelled()
        start = time.perf_counter()
        twin = exact_twin(yd, values.shedding_priority)
        solve_s += time.perf_counter() - start
        fast_e = economics[i] if economics is not None else year_economics(yd, loads, values, dataset, run.calendar)
        exact_e = year_economics(twin, loads, values, dataset, run.calendar)
        for key, value in year_gaps(yd, twin, fast_e, exact_e).items():
            worst[key] = max(worst.get(key, 0.0), value, key=abs)
    return {**worst, "exact_solve_s": solve_s}
