"""A run's results: immutable, tagged with the inputs' hash, the data set and the engine version."""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    name: str
    input_hash: str
    dataset: Mapping[str, str]
    engine_version: str
    # Flat headline numbers; the unit is part of the key (stable names: scripts read them from run --json).
    key_results: Mapping[str, float] = field(default_factory=dict)
    # Tidy frames for views and the brief (hourly, monthly, annual, ...).
    frames: Mapping[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    seed: int | None = None
    # Each study year's key results, first year first (the headline keys are years[0]'s): the Monte
    # Carlo's fan chart reads them without building the frames.
    years: tuple[Mapping[str, float], ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "input_hash": self.input_hash, "dataset": dict(self.dataset),
                "engine_version": self.engine_version, "seed": self.seed,
                # A measure that does not exist (a break-even when nothing is paid) is null, never NaN.
                "results": {k: v if math.isfinite(v) else None for k, v in self.key_results.items()}}


class ResultsCache:
    """Results by input hash, least recently used dropped first.

    Equal hashes mean equal results, so a scenario whose inputs return to an earlier state (undo,
    or a value typed back) shows its earlier results without a run.
    """

    def __init__(self, max_bytes: int = 160 * 2**20, max_entries: int = 64) -> None:
        self._items: OrderedDict[str, tuple[ScenarioResult, int]] = OrderedDict()
        self._max_bytes, self._max_entries, self._bytes = max_bytes, max_entries, 0

    def __contains__(self, input_hash: object) -> bool:
        return input_hash in self._items

    def __len__(self) -> int:
        return len(self._items)

    def get(self, input_hash: str) -> ScenarioResult | None:
        item = self._items.get(input_hash)
        if item is None:
            return None
        self._items.move_to_end(input_hash)
        return item[0]

    def put(self, result: ScenarioResult) -> None:
        if result.input_hash in self._items:
            self._bytes -= self._items.pop(result.input_hash)[1]
        size = sum(int(frame.memory_usage(index=True).sum()) for frame in result.frames.values())
        self._items[result.input_hash] = (result, size)
        self._bytes += size
        while len(self._items) > 1 and (self._bytes > self._max_bytes or len(self._items) > self._max_entries):
            self._bytes -= self._items.popitem(last=False)[1][1]
