"""A scenario with some of its inputs set to other values: the unit every study evaluates.

A study names what it moves by a catalogue key ("pkr_per_usd") or by a field of the scenario's
whole set of large loads:

- ``load.mw``: their total contracted MW, split in their current proportions;
- ``load.tariff_pkr_per_kwh``: their flat tariff (every load's ``tariff_pkr_per_kwh``);
- ``load.curtail_below_headroom_mw``: every load that may be curtailed (all but AI data centres,
  which are firm by rule) curtailed in the hours when the system's spare capacity is below this
  many MW; a firm one becomes curtailable, as the deal it stands for would make it.
"""
from __future__ import annotations

from typing import Mapping

from workbench.core.parameters import NUMBER, Catalogue
from workbench.core.project import ResolvedScenario
from workbench.core.studies import LOAD_AXES
from workbench.core.uncertainty import UncertaintyError

LOAD_MW, LOAD_TARIFF, LOAD_HEADROOM = LOAD_KEYS = tuple(LOAD_AXES)
# The fields of each load that a study key sets (a new scenario made from a deal-space cell copies them).
LOAD_FIELDS = {LOAD_MW: ("mw",), LOAD_TARIFF: ("tariff_pkr_per_kwh",),
               LOAD_HEADROOM: ("curtail_below_headroom_mw", "flexibility")}


def check_study_key(key: str, scenario: ResolvedScenario, catalogue: Catalogue) -> tuple[float, float]:
    """The bounds a study may move ``key`` within; refuses a key it cannot move, naming it."""
    if key in LOAD_KEYS:
        if not scenario.large_loads:
            raise UncertaintyError(key, f"scenario '{scenario.name}' has no large loads to change")
        field = catalogue.load_fields[key.removeprefix("load.")]
        top = (field.maximum or 0) * len(scenario.large_loads) if key == LOAD_MW else field.maximum
        return float(field.minimum or 0.0), float(top if top is not None else 1e300)
    if key not in {p.key for p in catalogue}:
        raise UncertaintyError(key, f"is neither a catalogue parameter nor one of {', '.join(LOAD_KEYS)}")
    p = catalogue[key]
    if p.kind != NUMBER:
        raise UncertaintyError(key, "only a number can be swept")
    return float(p.minimum if p.minimum is not None else -1e300), float(p.maximum if p.maximum is not None else 1e300)


def variant(scenario: ResolvedScenario, row: Mapping[str, float]) -> ResolvedScenario:
    """The scenario with each key of ``row`` set: catalogue values, and the loads' total MW or tariff."""
    values = {k: v for k, v in row.items() if k not in LOAD_KEYS}
    loads = tuple(dict(load) for load in scenario.large_loads)
    if LOAD_MW in row:
        total = sum(float(load["mw"]) for load in loads)
        shares = [float(load["mw"]) / total if total > 0 else 1 / len(loads) for load in loads]
        loads = tuple({**load, "mw": row[LOAD_MW] * share} for load, share in zip(loads, shares))
    if LOAD_TARIFF in row:
        loads = tuple({**load, "tariff_pkr_per_kwh": row[LOAD_TARIFF]} for load in loads)
    if LOAD_HEADROOM in row:
        loads = tuple(load if load["kind"] == "ai_data_centre" else
                      {**load, "curtail_below_headroom_mw": row[LOAD_HEADROOM],
                       "flexibility": "curtailable" if load["flexibility"] == "firm" else load["flexibility"]}
                      for load in loads)
    if not row:
        return scenario
    return scenario.with_changes(values, loads if any(key in row for key in LOAD_KEYS) else None)
