"""The results of studies over many runs of a scenario, as values: Monte Carlo, tornado, deal space.

The studies themselves (workbench/analysis/) make these; the command line prints them and the brief
(io/excel_studies.py) writes them, so they live here, below both. Each is immutable and carries what
is needed to reproduce it (the seed and draw count, the axes).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from workbench.core.headlines import KEY_NUMBERS, Headline, is_baseline
from workbench.core.parties import Party, holding_everywhere, judge
from workbench.core.uncertainty import Uncertain

PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class MonteCarloResult:
    scenario: str
    seed: int
    inputs: tuple[Uncertain, ...]
    drawn: pd.DataFrame  # one row per draw: the uncertain parameters' values
    results: pd.DataFrame  # one row per draw: every numeric key result
    deterministic: Mapping[str, float]  # the scenario's key results at its own values
    # A multi-year study's key numbers in every study year: columns (key, year index from 0), one row per
    # draw; empty for a one-year study. ``first_fy`` names year 0.
    years: pd.DataFrame = field(default_factory=pd.DataFrame)
    first_fy: int = 0

    @property
    def draws(self) -> int:
        return len(self.results)

    def year_keys(self) -> list[str]:
        """The keys with a value in every study year (none for a one-year study)."""
        return [str(k) for k in self.years.columns.unique(level="key")] if not self.years.empty else []

    def fan(self, key: str) -> pd.DataFrame:
        """P10, P50 and P90 of ``key`` in each study year, over the draws that have a value there (as
        ``summary``): one row per fiscal year (FY), empty when the study has one year or no such key."""
        if key not in self.year_keys():
            return pd.DataFrame(columns=["p10", "p50", "p90"])
        by_year = self.years[key].sort_index(axis=1)
        values = by_year.to_numpy(dtype=float)  # draws x years
        with warnings.catch_warnings():  # a year in which no draw has the key: NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            p = np.nanpercentile(np.where(np.isfinite(values), values, np.nan), PERCENTILES, axis=0)
        index = pd.RangeIndex(self.first_fy, self.first_fy + len(by_year.columns), name="fy")
        return pd.DataFrame({"p10": p[0], "p50": p[1], "p90": p[2]}, index=index)

    def records(self) -> list[dict[str, float]]:
        """Each draw's key results as a mapping, in draw order."""
        return [{str(k): float(v) for k, v in row.items()} for row in self.results.to_dict("records")]

    def summary(self) -> pd.DataFrame:
        """P10, P50, P90, mean and the deterministic value of every key, one row per key, over the draws
        in which the key has a value ("draws": how many). A per-kWh price of the new loads has none in a
        draw where they take no energy (miners all off at a low hashprice)."""
        values = self.results.to_numpy(dtype=float)
        defined = np.isfinite(values)
        values = np.where(defined, values, np.nan)
        with warnings.catch_warnings():  # a key with no value in any draw: NaN, shown as n/a
            warnings.simplefilter("ignore", RuntimeWarning)
            p = np.nanpercentile(values, PERCENTILES, axis=0)
            mean = np.nanmean(values, axis=0)
        table = pd.DataFrame({"p10": p[0], "p50": p[1], "p90": p[2], "mean": mean, "draws": defined.sum(axis=0)},
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
        rows = self.records()
        held = pd.DataFrame({p.name: [judge(p, r).satisfied is not False for r in rows] for p in parties})
        odds = {p.name: float(held[p.name].mean()) for p in parties}
        odds["all parties"] = float(held.all(axis=1).mean())
        return pd.DataFrame({"probability": odds})

    def line_odds(self, parties: tuple[Party, ...]) -> list[tuple[str, str, float]]:
        """(party, red line as it reads, share of draws in which that line is crossed) for every line of
        every party; a draw without the line's key does not cross it (the line does not apply there)."""
        if is_baseline(dict(self.deterministic)):
            return []
        rows = self.records()
        out = []
        for party in parties:
            for line in party.lines:
                crossed = [line in judge(party, r).crossed for r in rows]
                out.append((party.name, line.text, float(np.mean(crossed)) if crossed else 0.0))
        return out


def red_lines(keys: Iterable[str], deterministic: Mapping[str, float]) -> list[Headline]:
    if is_baseline(dict(deterministic)):
        return []
    present = set(keys)
    return [h for h in KEY_NUMBERS if h.red_line and h.key in present]


@dataclass(frozen=True)
class Bar:
    group: str  # the draw group: a parameter key, or the name inputs share
    label: str
    keys: tuple[str, ...]  # the parameters it moves
    low_value: float  # of the first parameter, at the input's P10
    high_value: float  # at its P90
    result_at_low: float
    result_at_high: float

    @property
    def span(self) -> float:
        return abs(self.result_at_high - self.result_at_low)


@dataclass(frozen=True)
class Tornado:
    scenario: str
    result_key: str
    base: float
    bars: tuple[Bar, ...]  # widest first


# The large-load fields a sweep moves across all the scenario's loads: (label, unit) as shown.
LOAD_AXES = {"load.mw": ("Total contracted MW of the new loads", "MW"),
             "load.tariff_pkr_per_kwh": ("Tariff of the new loads", "PKR/kWh"),
             "load.curtail_below_headroom_mw": ("New loads curtailed when spare capacity is below", "MW")}


@dataclass(frozen=True)
class Axis:
    key: str  # a catalogue parameter, load.mw or load.tariff_pkr_per_kwh
    low: float
    high: float
    steps: int

    @property
    def values(self) -> npt.NDArray[np.float64]:
        return np.linspace(self.low, self.high, self.steps)


@dataclass(frozen=True)
class DealSpace:
    scenario: str
    x: Axis
    y: Axis
    result_key: str
    grid: pd.DataFrame  # rows: y values, columns: x values; the chosen result
    agreed: pd.DataFrame  # the same shape: True where every party's red lines hold
    cells: tuple[dict[str, float], ...]  # every cell's key results, row by row (y outer, x inner)
    # With draws (Monte Carlo in every cell, the same draws in each): their seed, and every cell's key
    # results in every draw, (cells, draws, keys) over ``draw_keys``, NaN where a draw has no value.
    draws: int = 0
    seed: int = 0
    draw_keys: tuple[str, ...] = ()
    draw_results: npt.NDArray[np.float64] | None = None

    def agreed_for(self, parties: tuple[Party, ...]) -> pd.DataFrame:
        """True where no party's red line is crossed, judged on the cells' results kept: red lines
        edited after the sweep redraw the region without running a cell again. A cell without new
        loads (0 MW) is no deal at all, so never agreed: no red line can be judged there, as its
        result and odds are n/a."""
        held = [not is_baseline(c) and every_party_holds(parties, c) for c in self.cells]
        return pd.DataFrame(np.array(held, dtype=bool).reshape(self.grid.shape), self.grid.index, self.grid.columns)

    def odds_for(self, parties: tuple[Party, ...]) -> pd.DataFrame | None:
        """Each cell's share of draws in which every party's red lines hold, by the rule of
        ``agreed_for`` applied draw by draw; NaN in a cell without new loads (no red line applies),
        None for a sweep without draws."""
        if self.draw_results is None:
            return None
        cells, draws = self.draw_results.shape[:2]
        table = {k: self.draw_results[:, :, i].reshape(-1) for i, k in enumerate(self.draw_keys)}
        requested = table.get("large_load_requested_gwh", np.zeros(cells * draws))
        # A draw without new loads is no verdict, so crosses no line (as ``judge`` has it); a cell
        # without them has no odds at all.
        held = (holding_everywhere(parties, table) | ~(requested > 0)).reshape(cells, draws).astype(float)
        held[[is_baseline(c) for c in self.cells]] = np.nan
        return pd.DataFrame(held.mean(axis=1).reshape(self.grid.shape), self.grid.index, self.grid.columns)


def every_party_holds(parties: tuple[Party, ...], key_results: Mapping[str, float]) -> bool:
    """No party's red line is crossed (a party with nothing to judge crosses none): the deal space's rule."""
    return all(judge(p, key_results).satisfied is not False for p in parties)


@dataclass(frozen=True)
class BriefStudies:
    """What the brief's Uncertainty, Tornado and Deal space sheets show, and how to reproduce it."""
    draws: int
    seed: int
    inputs_hash: str  # SHA-256 of the uncertain inputs' file
    inputs_file: str
    parties: tuple[Party, ...]
    result_key: str  # the tornado's and the deal space's result
    monte_carlo: tuple[MonteCarloResult, ...]  # each scenario of the brief with new loads
    tornadoes: tuple[Tornado, ...]
    deal_space: DealSpace | None
    defaults: tuple[Uncertain, ...] = ()  # the inputs' file's rows; a scenario may set its own in their place
