"""The studies a brief shows beside its scenarios: a Monte Carlo and a tornado of each scenario with
new loads, and the deal space of one, all at one seed (``run --xlsx OUT --mc-draws N``)."""
from __future__ import annotations

from concurrent.futures import Executor
from typing import Sequence

from workbench.analysis.montecarlo import run_monte_carlo
from workbench.analysis.sweep import run_sweep
from workbench.analysis.tornado import run_tornado
from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.headlines import is_baseline
from workbench.core.parameters import Catalogue
from workbench.core.parties import Party
from workbench.core.project import ResolvedScenario
from workbench.core.studies import Axis, BriefStudies
from workbench.core.uncertainty import Uncertain, UncertaintyError

DEFAULT_RESULT = "large_load_contribution_pkr_bn"
DEFAULT_X, DEFAULT_Y = Axis("load.mw", 0.0, 3000.0, 7), Axis("load.tariff_pkr_per_kwh", 15.0, 35.0, 5)


def run_brief_studies(scenarios: Sequence[ResolvedScenario], base_keys: Sequence[dict[str, float]], dataset: DataSet,
                      catalogue: Catalogue, inputs: tuple[Uncertain, ...], inputs_file: tuple[str, str],
                      parties: tuple[Party, ...], draws: int, seed: int, result_key: str = DEFAULT_RESULT,
                      x: Axis = DEFAULT_X, y: Axis = DEFAULT_Y, deal_scenario: str | None = None, workers: int = 1,
                      executor: Executor | None = None, progress: Progress | None = None,
                      cancel: CancelToken | None = None, deal_draws: int = 0) -> BriefStudies:
    """``base_keys``: each scenario's own key results (its brief run), to tell which have new loads;
    ``deal_draws``: Monte Carlo draws in every deal-space cell, for the odds that every party agrees."""
    studied = [s for s, keys in zip(scenarios, base_keys) if not is_baseline(keys)]
    if deal_scenario is not None and deal_scenario not in [s.name for s in studied]:
        raise UncertaintyError("--deal-scenario", f"'{deal_scenario}' is not a scenario of this brief with new loads")
    steps = 2 * len(studied) + (1 if studied else 0)
    done = 0

    def step(label: str) -> Progress:
        def report(fraction: float, message: str = "") -> None:
            if progress is not None:
                progress((done + fraction) / steps, f"{label}: {message}")
        return report

    mcs, tornadoes = [], []
    for scenario in studied:
        mcs.append(run_monte_carlo(scenario, dataset, catalogue, inputs, draws, seed, workers,
                                   step(f"Monte Carlo of {scenario.name}"), cancel, executor))
        done += 1
        try:
            tornadoes.append(run_tornado(scenario, dataset, catalogue, inputs, result_key,
                                         step(f"tornado of {scenario.name}"), cancel, workers, executor))
        except KeyError:
            raise UncertaintyError("--study-result", f"'{result_key}' is not a result of scenario "
                                                     f"'{scenario.name}' (see 'run --keys')") from None
        done += 1
    space = None
    if studied:
        chosen = next(s for s in studied if s.name == (deal_scenario or studied[0].name))
        space = run_sweep(chosen, dataset, catalogue, x, y, result_key, parties, workers,
                          step(f"deal space of {chosen.name}"), cancel, executor, deal_draws, seed, inputs)
    return BriefStudies(draws, seed, inputs_file[1], inputs_file[0], parties, result_key, tuple(mcs),
                        tuple(tornadoes), space, inputs)
