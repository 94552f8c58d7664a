"""A scenario with some of its inputs set to other values: the unit every study evaluates.

A study names what it moves by a catalogue key ("pkr_per_usd") or by one of two fields of the
scenario's whole set of large loads:

- ``load.mw``: their total contracted MW, split in their current proportions;
- ``load.tariff_pkr_per_kwh``: their flat tariff (every load's ``tariff_pkr_per_kwh``).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from workbench.core.parameters import NUMBER, Catalogue
from workbench.core.project import ResolvedScenario
from workbench.core.uncertainty import UncertaintyError

LOAD_MW, LOAD_TARIFF = "load.mw", "load.tariff_pkr_per_kwh"
LOAD_KEYS = (LOAD_MW, LOAD_TARIFF)


def check_study_key(key: str, scenario: ResolvedScenario, catalogue: Catalogue) -> tuple[float, float]:
    """The bounds a study may move ``key`` within; refuses a key it cannot move, naming it."""
    if key in LOAD_KEYS:
        if not scenario.large_loads:
            raise UncertaintyError(key, f"scenario '{scenario.name}' has no large loads to change")
        field = catalogue.load_fields["mw" if key == LOAD_MW else "tariff_pkr_per_kwh"]
        top = field.maximum if key == LOAD_TARIFF else (field.maximum or 0) * len(scenario.large_loads)
        return float(field.minimum or 0.0), float(top)
    if key not in {p.key for p in catalogue}:
        raise UncertaintyError(key, "is neither a catalogue parameter nor load.mw or load.tariff_pkr_per_kwh")
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
    changed: dict[str, Any] = {"values": {**scenario.values, **values}} if values else {}
    if LOAD_MW in row or LOAD_TARIFF in row:
        changed["large_loads"] = loads
    return replace(scenario, **changed) if changed else scenario
