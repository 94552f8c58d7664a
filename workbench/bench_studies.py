"""Benchmark figures of the studies (Monte Carlo, tornado), for ``python -m workbench.bench``.

Each Monte Carlo is timed once as a whole (a thousand evaluations already average out the
machine's noise); the speed-up is the one-worker time over the two-worker time.
"""
from __future__ import annotations

import time

from workbench.analysis.montecarlo import run_monte_carlo
from workbench.analysis.tornado import run_tornado
from workbench.core.project import resolve
from workbench.io.uncertainty_loader import load_uncertainty
from workbench.session import open_session


def study_figures(repeat: int) -> list:
    from workbench.bench import Figure, best_ms

    session = open_session()
    scenario = resolve(session.project, "Government proposal", session.catalogue)
    inputs = load_uncertainty(session.catalogue, session.dataset)

    def monte_carlo_s(workers: int) -> float:
        start = time.perf_counter()
        run_monte_carlo(scenario, session.dataset, session.catalogue, inputs, 1000, seed=1, workers=workers)
        return time.perf_counter() - start
    one, two = monte_carlo_s(1), monte_carlo_s(2)
    tornado_s = best_ms(lambda: run_tornado(scenario, session.dataset, session.catalogue, inputs,
                                            "large_load_contribution_pkr_bn"), max(1, repeat // 2)) / 1000
    return [Figure("monte_carlo_1000_one_year_draws_1_worker_s", one, "s", None),
            Figure("monte_carlo_1000_one_year_draws_2_workers_s", two, "s", 2.0),
            Figure("monte_carlo_speed_up_1_to_2_workers", one / two, "x", None),
            Figure(f"tornado_{len({u.draw_group for u in inputs})}_inputs_s", tornado_s, "s", 0.5)]
