"""Benchmark figures of the studies (Monte Carlo, tornado), for ``python -m workbench.bench``.

Each Monte Carlo of 1,000 draws is timed as a whole, the best of two runs with ``--repeat`` 2 or more:
a thousand evaluations average out the noise within a run, but this shared machine's speed drifts
by a fifth over minutes. The speed-up is the one-worker time over the two-worker time. The 10,000-draw
Monte Carlo (some twenty seconds) runs only with --repeat 3 or more, so the test of this command stays
short. The deal space is the window's default: total MW x flat tariff, 20 x 20 cells.
"""
from __future__ import annotations

import time

from workbench.analysis.montecarlo import run_monte_carlo
from workbench.analysis.sweep import run_sweep
from workbench.analysis.tornado import run_tornado
from workbench.core.project import resolve
from workbench.core.studies import Axis
from workbench.io.uncertainty_loader import load_uncertainty
from workbench.session import open_session


def study_figures(repeat: int) -> list:
    from workbench.bench import Figure, best_ms

    session = open_session()
    scenario = resolve(session.project, "Government proposal", session.catalogue)
    inputs = load_uncertainty(session.catalogue, session.dataset)

    def monte_carlo_s(workers: int, draws: int = 1000) -> float:
        start = time.perf_counter()
        run_monte_carlo(scenario, session.dataset, session.catalogue, inputs, draws, seed=1, workers=workers)
        return time.perf_counter() - start

    def sweep_s(workers: int) -> float:
        start = time.perf_counter()
        run_sweep(scenario, session.dataset, session.catalogue, Axis("load.mw", 0.0, 3000.0, 20),
                  Axis("load.tariff_pkr_per_kwh", 15.0, 35.0, 20), "large_load_contribution_pkr_bn",
                  session.project.parties, workers=workers)
        return time.perf_counter() - start
    runs = 2 if repeat >= 2 else 1
    one, two = (min(monte_carlo_s(workers) for _ in range(runs)) for workers in (1, 2))
    tornado_s = best_ms(lambda: run_tornado(scenario, session.dataset, session.catalogue, inputs,
                                            "large_load_contribution_pkr_bn"), max(1, repeat // 2)) / 1000
    figures = [Figure("monte_carlo_1000_one_year_draws_1_worker_s", one, "s", None),
               Figure("monte_carlo_1000_one_year_draws_2_workers_s", two, "s", 2.0),
               Figure("monte_carlo_speed_up_1_to_2_workers", one / two, "x", None),
               Figure(f"tornado_{len({u.draw_group for u in inputs})}_inputs_s", tornado_s, "s", 0.5),
               Figure("deal_space_20x20_mw_by_tariff_1_worker_s", min(sweep_s(1) for _ in range(2)), "s", 2.0),
               Figure("deal_space_20x20_mw_by_tariff_2_workers_s", sweep_s(2), "s", None)]
    if repeat >= 3:
        figures.append(Figure("monte_carlo_10000_one_year_draws_2_workers_s", monte_carlo_s(2, 10_000), "s", 15.0))
    return figures
