"""A large load as the engine reads it: a frozen, typed value checked once at the engine boundary.

Project files, the editor and the assumptions workbook keep a load as a mapping of field name to
value (``core/parameters.LARGE_LOAD_FIELDS`` says what each field is). ``LargeLoad.of`` turns one
complete mapping into this value, checking every field against the catalogue's bounds and the
cross-field rules, so a model reads ``load.mw`` and never a string key that might be missing.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Iterable, Literal, Mapping

from workbench.core.errors import ScenarioError
from workbench.core.parameters import LARGE_LOAD_FIELDS, load_problem
from workbench.core.text import safe_text

Kind = Literal["crypto_mining", "ai_data_centre", "other", "state_mining"]
Zone = Literal["north", "south"]
Connection = Literal["transmission", "distribution"]
Flexibility = Literal["firm", "curtailable", "price_responsive"]
Scheme = Literal["flat_pkr", "usd", "marginal_plus", "time_of_use", "take_or_pay"]

_CATALOGUE = {p.key: p for p in LARGE_LOAD_FIELDS}


@dataclass(frozen=True)
class LargeLoad:
    """One new load; the fields, units and bounds are those of ``LARGE_LOAD_FIELDS``."""

    name: str
    kind: Kind
    mw: float  # contracted demand; IT load for data centres
    start_month: int  # months after the study start
    ramp_months: int
    load_factor: float  # fraction
    zone: Zone
    connection: Connection
    flexibility: Flexibility
    curtail_below_headroom_mw: float | None  # None: rule off
    curtail_above_marginal_cost_pkr_per_kwh: float | None
    curtail_window_start_hour: int | None
    curtail_window_end_hour: int | None  # exclusive
    curtail_window_months: tuple[str, ...]  # empty: the daily window applies all year
    curtail_months: tuple[str, ...]  # months with no supply at all
    tariff_scheme: Scheme
    tariff_pkr_per_kwh: float
    tariff_usd_per_kwh: float
    tariff_adder_pkr_per_kwh: float
    tou_peak_pkr_per_kwh: float
    take_or_pay_share: float  # fraction of the energy offered
    payment_recovery_pct: float
    pue: float  # power usage effectiveness (data centres)
    machine_efficiency_j_per_th: float  # state mining: the reserve's machines
    machine_price_usd_per_th: float
    machine_life_years: float
    operations_usd_per_mwh: float

    @property
    def flexible(self) -> bool:
        return self.flexibility != "firm"

    @classmethod
    def of(cls, load: Mapping[str, Any]) -> "LargeLoad":
        """The typed load from a complete mapping (defaults filled in, as ``core/project.resolve`` gives).

        Raises ``ScenarioError`` naming the load and the field for a missing, unknown or invalid field.
        """
        name = safe_text(str(load.get("name", "")), 80)
        expected = [f.name for f in fields(cls)]
        unknown = sorted(set(load) - set(expected))
        if unknown:
            raise ScenarioError(f"large load '{name}': unknown field '{safe_text(unknown[0])}'")
        checked: dict[str, Any] = {}
        for key in expected:
            if key not in load:
                raise ScenarioError(f"large load '{name}': field '{key}' is missing")
            try:
                value = _CATALOGUE[key].validate(load[key])
            except ValueError as exc:
                raise ScenarioError(f"large load '{name}': field '{key}': {exc}") from None
            checked[key] = tuple(value) if isinstance(value, list) else value
        problem = load_problem(checked)
        if problem:
            raise ScenarioError(f"large load '{name}': field '{problem[0]}': {problem[1]}")
        return cls(**checked)


def typed_loads(loads: Iterable[Mapping[str, Any] | LargeLoad]) -> tuple[LargeLoad, ...]:
    """Every load of a resolved scenario as a ``LargeLoad``: the one conversion at the engine boundary."""
    return tuple(load if isinstance(load, LargeLoad) else LargeLoad.of(load) for load in loads)


# Fields that mean something only for some loads (the models read them nowhere else): the brief and the
# window show them as not applying, so a reader does not take a data centre's PUE for a miner's.
ONLY_FOR_KIND = {"pue": "ai_data_centre", "machine_efficiency_j_per_th": "state_mining",
                 "machine_price_usd_per_th": "state_mining", "machine_life_years": "state_mining",
                 "operations_usd_per_mwh": "state_mining"}
ONLY_FOR_SCHEME = {"tariff_pkr_per_kwh": ("flat_pkr", "take_or_pay", "time_of_use"),  # off-peak under time of use
                   "tariff_usd_per_kwh": ("usd",), "tariff_adder_pkr_per_kwh": ("marginal_plus",),
                   "tou_peak_pkr_per_kwh": ("time_of_use",), "take_or_pay_share": ("take_or_pay",)}


# Read only for a load that can be curtailed: a firm load takes what it asks for in every hour.
ONLY_IF_FLEXIBLE = ("curtail_below_headroom_mw", "curtail_above_marginal_cost_pkr_per_kwh",
                    "curtail_window_start_hour", "curtail_window_end_hour", "curtail_window_months", "curtail_months")


def field_applies(key: str, load: Mapping[str, Any]) -> bool:
    """Whether a load's field is used for this load, given its kind, flexibility and tariff scheme."""
    if key in ONLY_IF_FLEXIBLE:
        return bool(load.get("flexibility", "firm") != "firm")
    if key in ONLY_FOR_KIND:
        return load.get("kind") == ONLY_FOR_KIND[key]
    if key in ONLY_FOR_SCHEME:
        return load.get("tariff_scheme", "flat_pkr") in ONLY_FOR_SCHEME[key]
    return True
