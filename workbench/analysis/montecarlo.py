"""Monte Carlo of one scenario: its key numbers over seeded draws of its uncertain inputs.

Each draw is the scenario with its uncertain parameters replaced by that draw's values, evaluated
exactly as a single run is (grid, then tariffs, each against the same draw without the new loads),
so a draw with a dry year compares the new loads with the same dry year. The draws are made first
(``draws.draw_inputs``) and then evaluated by ``pool.evaluate_many``, in this process or a pool of
processes, in draw order: one seed gives one answer on any number of workers.
"""
from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from workbench.core.cancel import CancelToken, Progress
from workbench.core.dataset import DataSet
from workbench.core.headlines import KEY_NUMBERS, Headline, is_baseline
from workbench.core.parameters import Catalogue
from workbench.core.parties import Party, judge
from workbench.core.project import ResolvedScenario
from workbench.core.uncertainty import Uncertain
from workbench.analysis.draws import draw_inputs
from workbench.analysis.pool import evaluate_many
from workbench.models.evaluate import evaluate

PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class MonteCarloResult:
    scenario: str
    seed: int
    inputs: tuple[Uncertain, ...]
    drawn: pd.DataFrame  # one row per draw: the uncertain parameters' values
    results: pd.DataFrame  # one row per draw: every numeric key result
    deterministic: Mapping[str, float]  # the scenario's key results at its own values

    @property
    def draws(self) -> int:
        return len(self.results)

    def summary(self) -> pd.DataFrame:
        """P10, P50, P90, mean and the deterministic value of every key, one row per key."""
        values = self.results.to_numpy(dtype=float)
        p = np.percentile(values, PERCENTILES, axis=0)
        table = pd.DataFrame({"p10": p[0], "p50": p[1], "p90": p[2], "mean": values.mean(axis=0)},
                             index=self.results.columns)
        table["deterministic"] = [self.deterministic.get(k, np.nan) for k in table.index]
        table.index.name = "key"
        return table

    def breaches(self) -> pd.DataFrame:
        """For every red line of the key numbers: the share of draws in which it is crossed, and the
        share in which all of them hold (the last row). A scenario without new loads has none."""
        lines = red_lines(self.results.columns, self.deterministic)
        crossed = pd.DataFrame({h.key: ~self.results[h.key].map(h.passes).astype(bool) for h in lines})
        rows = [(h.key, h.title, h.threshold, float(crossed[h.key].mean())) for h in lines]
        if lines:
            rows.append(("all", "Every red line holds", "", float((~crossed.any(axis=1)).mean())))
        return pd.DataFrame(rows, columns=["key", "red_line", "threshold", "probability"]).set_index("key")


    def party_odds(self, parties: tuple[Party, ...]) -> pd.DataFrame:
        """For every party, the share of draws in which all its red lines hold, and the share in
        which every party is satisfied at once (the last row). Not scored: NaN."""
        if is_baseline(dict(self.deterministic)) or not parties:
            return pd.DataFrame(columns=["probability"])
        rows = self.results.to_dict("records")
        held = pd.DataFrame({p.name: [judge(p, r).satisfied is not False for r in rows] for p in parties})
        odds = {p.name: float(held[p.name].mean()) for p in parties}
        odds["all parties"] = float(held.all(axis=1).mean())
        return pd.DataFrame({"probability": odds})


def red_lines(keys: Iterable[str], deterministic: Mapping[str, float]) -> list[Headline]:
    if is_baseline(dict(deterministic)):
        return []
    present = set(keys)
    return [h for h in KEY_NUMBERS if h.red_line and h.key in present]


def run_monte_carlo(scenario: ResolvedScenario, dataset: DataSet, catalogue: Catalogue,
                    inputs: tuple[Uncertain, ...], draws: int, seed: int, workers: int = 1,
                    progress: Progress | None = None, cancel: CancelToken | None = None,
                    executor: Executor | None = None) -> MonteCarloResult:
    """``draws`` evaluations of the scenario; ``executor`` (a Dask client's, say) overrides ``workers``."""
    drawn = draw_inputs(scenario.values, inputs, catalogue, draws, seed)
    base = evaluate(scenario, dataset, cancel=cancel).key_results
    keys = evaluate_many(scenario, dataset, drawn.to_dict("records"), workers, progress, cancel, executor)
    results = pd.DataFrame(keys, index=drawn.index)
    return MonteCarloResult(scenario.name, seed, inputs, drawn, results, base)


