"""A run's results: immutable, tagged with the inputs' hash, the data set and the engine version."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    name: str
    input_hash: str
    dataset: Mapping[str, str]
    engine_version: str
    # Flat headline numbers; the unit is part of the key (DESIGN.md section 5).
    key_results: Mapping[str, float] = field(default_factory=dict)
    # Tidy frames for views and the brief (hourly, monthly, annual, ...).
    frames: Mapping[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    seed: int | None = None

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "input_hash": self.input_hash, "dataset": dict(self.dataset),
                "engine_version": self.engine_version, "seed": self.seed, "results": dict(self.key_results)}
