"""The offers ledger: scenarios locked as offers, in the order they were made, and how two compare.

A scenario locked as an offer records who proposed it, when, a note, and its inputs' hash at that
moment (core/edits.lock). The ledger lists them by the time they were locked; an offer whose inputs
no longer hash the same (a parent scenario or the data set changed since) is flagged, because its
numbers are no longer the ones that were put on the table. Two scenarios compare field by field
(core/project.diff) and result by result (here).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

from workbench.core.headlines import Headline
from workbench.core.parameters import Catalogue
from workbench.core.project import Project, resolve


@dataclass(frozen=True)
class LedgerEntry:
    scenario: str
    proposed_by: str
    locked_at: str  # ISO timestamp
    note: str
    input_hash: str  # as recorded when locked
    unchanged: bool | None  # the inputs still hash the same; None: locked by an older version, no hash kept

    @property
    def standing(self) -> str:
        """In words, for a table."""
        if self.unchanged is None:
            return "not known (locked without a hash)"
        return "as offered" if self.unchanged else "inputs changed since it was offered"


def ledger(project: Project, catalogue: Catalogue) -> list[LedgerEntry]:
    """Every scenario locked as an offer, earliest first (scenarios locked without an offer record last)."""
    entries = []
    for scenario in project.scenarios:
        if not scenario.locked:
            continue
        offer = scenario.offer
        recorded = offer.input_hash if offer else ""
        now = resolve(project, scenario.name, catalogue).input_hash
        entries.append(LedgerEntry(scenario.name, offer.proposed_by if offer else "", offer.locked_at if offer else "",
                                   offer.note if offer else "", recorded, (now == recorded) if recorded else None))
    return sorted(entries, key=lambda e: (e.locked_at == "", e.locked_at, e.scenario))


@dataclass(frozen=True)
class ResultChange:
    key: str
    label: str
    unit: str
    first: float | None
    second: float | None
    decimals: int

    @property
    def change(self) -> float | None:
        """Second minus first as shown (each rounded to the key number's decimals), so a reader who
        subtracts the two printed values gets the printed change; None unless both exist."""
        if self.first is None or self.second is None:
            return None
        return round(self.second, self.decimals) - round(self.first, self.decimals)


def compare_results(first: Mapping[str, float], second: Mapping[str, float],
                    rows: Sequence[Headline]) -> list[ResultChange]:
    """The key numbers of two scenarios side by side, in the key-number order ``rows`` gives."""
    def value(results: Mapping[str, float], key: str) -> float | None:
        v = results.get(key)
        return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None
    return [ResultChange(h.key, h.label, h.unit, value(first, h.key), value(second, h.key), h.decimals)
            for h in rows if value(first, h.key) is not None or value(second, h.key) is not None]


def shown(value: float | None, decimals: int, signed: bool = False) -> str:
    """A compared value as the tables print it: "n/a" where missing, "+" on a rise when ``signed``."""
    if value is None:
        return "n/a"
    value = round(value, decimals) + 0.0  # + 0.0: never "-0.0"
    text = f"{value:,.{decimals}f}"
    return f"+{text}" if signed and value > 0 else text
