"""Red lines per party: who in the room accepts what, as thresholds on result keys.

A party ("IMF", "Power Division", "Investors", or one the user names) is a set of red lines, each a
result key, "<=" or ">=", and a threshold in the key's unit. A scenario satisfies a party when every
line holds; a value is judged as shown (rounded to its key number's decimals), as the brief does.
A scenario without new loads is the comparison itself and is not scored; a line on a key the
scenario does not have (the miners' profitability where there are no miners) does not apply.
A multi-year study is judged on its first year, and a sign line (threshold 0: no new subsidy, no
added shedding) also on the whole horizon's sum, so a later year's breach is not missed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from workbench.core.headlines import HORIZON_NUMBERS, KEY_NUMBERS, is_baseline
from workbench.core.text import number_text

OPS = ("<=", ">=")
HEADLINES = {h.key: h for h in (*KEY_NUMBERS, *HORIZON_NUMBERS)}
MAX_PARTIES, MAX_LINES, MAX_PARTY_NAME = 20, 30, 60


@dataclass(frozen=True)
class RedLine:
    key: str
    op: str  # "<=" or ">="
    threshold: float

    def holds(self, value: float) -> bool:
        h = HEADLINES.get(self.key)
        shown = round(value, h.decimals) + 0.0 if h is not None else value
        return shown <= self.threshold if self.op == "<=" else shown >= self.threshold

    @property
    def text(self) -> str:
        h = HEADLINES.get(self.key)
        label, unit = (h.title.strip(), h.unit) if h else (self.key, "")
        sign = "\u2264" if self.op == "<=" else "\u2265"
        return f"{label} {sign} {number_text(self.threshold)} {unit}".rstrip()


@dataclass(frozen=True)
class Party:
    name: str
    lines: tuple[RedLine, ...]


DEFAULT_PARTIES = (
    Party("IMF", (RedLine("imf_price_gap_marginal_pkr_bn", "<=", 0.0),  # no new subsidy
                  RedLine("subsidy_change_pkr_bn", "<=", 0.0),
                  RedLine("circular_debt_flow_change_pkr_bn", "<=", 0.0),
                  RedLine("household_200_units_bill_change_pkr_per_month", "<=", 0.0))),
    Party("Power Division", (RedLine("added_existing_consumers_unserved_gwh", "<=", 0.0),
                             RedLine("min_headroom_after_mw", ">=", 0.0),
                             RedLine("large_load_contribution_pkr_bn", ">=", 0.0))),
    # The miners' own break-even is about Rs 25/kWh at the Nov 2025 hashprice (miner_break_even_pkr_per_kwh).
    Party("Investors", (RedLine("large_load_effective_tariff_pkr_per_kwh", "<=", 25.0),
                        RedLine("miner_online_share_pct", ">=", 50.0))),
)


@dataclass(frozen=True)
class PartyVerdict:
    party: str
    satisfied: bool | None  # None: not scored (a baseline, or no line applies)
    crossed: tuple[RedLine, ...]  # the lines that do not hold
    missing: tuple[str, ...]  # keys the scenario has no value for: their lines do not apply
    applicable: int = 0  # lines judged


def thresholds(parties: tuple[Party, ...], key: str) -> list[tuple[str, float]]:
    """(party, threshold) of every red line on ``key``: what a chart of that result draws."""
    return [(p.name, line.threshold) for p in parties for line in p.lines if line.key == key]


def judge(party: Party, key_results: Mapping[str, float]) -> PartyVerdict:
    if is_baseline(dict(key_results)):
        return PartyVerdict(party.name, None, (), (), 0)
    missing = tuple(line.key for line in party.lines if not _finite(key_results.get(line.key)))
    crossed = tuple(line for line in party.lines if line.key not in missing and not _holds(line, key_results))
    scored = len(party.lines) > len(missing)
    return PartyVerdict(party.name, not crossed if scored else None, crossed, missing,
                        len(party.lines) - len(missing))


def _holds(line: RedLine, key_results: Mapping[str, float]) -> bool:
    """The first study year's value, and for a sign line (threshold 0) over a multi-year study the whole
    horizon's sum too: load shedding that starts in a later year crosses "no added load shedding"."""
    horizon = key_results.get(f"horizon_{line.key}")
    judged = [key_results[line.key]] + ([horizon] if line.threshold == 0 and horizon is not None
                                        and math.isfinite(horizon) else [])
    return all(line.holds(value) for value in judged)


def holding_everywhere(parties: tuple[Party, ...], table: Mapping[str, np.ndarray]) -> np.ndarray:
    """``every_party_holds`` (deal_space) for many rows at once: ``table`` maps a key to its value in
    each row, NaN where a row has none. True in a row where no party's line is crossed, by ``_holds``'
    rule (a key a row lacks does not apply; a sign line judges the horizon's sum too, where there is
    one); rounded as shown by Python's own ``round``, as a single verdict is. Rows without new loads
    are the caller's to set aside (their verdict is no verdict)."""
    rows = len(next(iter(table.values()))) if table else 0
    held = np.ones(rows, dtype=bool)
    for line in (line for p in parties for line in p.lines):
        value = table.get(line.key)
        if value is None:
            continue  # no row has the key: the line applies nowhere
        ok = ~np.isfinite(value) | _holds_each(line, value)
        horizon = table.get(f"horizon_{line.key}")
        if line.threshold == 0 and horizon is not None:
            ok &= ~np.isfinite(value) | ~np.isfinite(horizon) | _holds_each(line, horizon)
        held &= ok
    return held


def _holds_each(line: RedLine, values: np.ndarray) -> np.ndarray:
    """``line.holds`` of each value (False where it is not finite)."""
    h = HEADLINES.get(line.key)
    finite = np.isfinite(values)
    shown = np.where(finite, values, 0.0)
    if h is not None:
        # As Python's round: numpy's agrees except on some halves (2.675 to 2 places: 2.68, Python's
        # 2.67, as 2.675 is a little under it in binary), which are rounded again one by one.
        scaled = shown * 10.0 ** h.decimals
        near_half = np.flatnonzero(np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6)
        shown = np.round(shown, h.decimals) + 0.0
        shown[near_half] = [round(v, h.decimals) + 0.0 for v in values[near_half].tolist()]
    holds: np.ndarray = finite & (shown <= line.threshold if line.op == "<=" else shown >= line.threshold)
    return holds


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def verdict_word(verdict: PartyVerdict) -> str:
    """How a party's verdict reads in a table: yes, NO with the lines crossed, or a dash."""
    if verdict.satisfied is None:
        return "-"
    if verdict.satisfied:
        return "yes"
    return f"NO ({len(verdict.crossed)} of {verdict.applicable} crossed)"


def judge_all(parties: tuple[Party, ...], key_results: Mapping[str, float]) -> dict[str, bool | None]:
    """Party name -> satisfied (True/False), or None where it is not scored: for scripts."""
    return {p.name: judge(p, key_results).satisfied for p in parties}
