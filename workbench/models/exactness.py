"""How far the fast dispatch is from the exact linear program, measured on the same inputs."""
from __future__ import annotations

import time

from workbench.core.cancel import CancelToken
from workbench.models.grid import GridRun
from workbench.models.reference_lp import solve_exact


def exact_gap(run: GridRun, cancel: CancelToken | None = None) -> dict[str, float]:
    """Worst gap over the horizon's years (final dispatch with the large loads).

    Cost gap: (fast - exact) / exact energy-plus-shortage cost, in percent (>= 0 up to solver
    tolerance: the LP is a lower bound). Unserved gap: fast minus exact, GWh.
    """
    worst_cost, worst_unserved, solve_s = 0.0, 0.0, 0.0
    for yd in run.years:
        if cancel is not None:
            cancel.raise_if_cancelled()
        start = time.perf_counter()
        exact = solve_exact(yd.problem)
        solve_s += time.perf_counter() - start
        fast_cost = yd.solution.objective_pkr(yd.problem)
        exact_cost = exact.objective_pkr(yd.problem)
        gap = 100 * (fast_cost - exact_cost) / exact_cost if exact_cost else 0.0
        unserved = (float(yd.solution.unserved.sum()) - float(exact.unserved.sum())) / 1000
        worst_cost = max(worst_cost, gap, key=abs)
        worst_unserved = max(worst_unserved, unserved, key=abs)
    return {"exact_cost_gap_pct": worst_cost, "exact_unserved_gap_gwh": worst_unserved, "exact_solve_s": solve_s}
