"""A scenario's values as the engine reads them: one frozen, typed value checked once at the engine's door.

Projects, the editor and the brief keep a resolved scenario's values as a mapping of parameter key to
value (``core/project.ResolvedScenario.values``), so that the catalogue can list, validate and show
them. ``ScenarioValues.of`` turns that mapping into this value, checking every field against the
catalogue, so a model reads ``values.pkr_per_usd`` (a float, in PKR/USD) and never a string key that
might be missing or hold text. The fields are the catalogue's scalar parameters (``SCALARS``), with
their units as comments; plant capacities and availabilities, whose keys depend on the data set, are
two mappings keyed by plant id.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, Mapping

from workbench.core.errors import ScenarioError
from workbench.core.parameters import NUMBER, PLANT_FIELDS, PLANTS, SCALARS, Parameter

_CATALOGUE = {p.key: p for p in SCALARS}
# The plant parameters' bounds (their defaults come from the data set; only the bounds matter here).
_PLANT = {attr: Parameter(attr, word, unit, PLANTS, NUMBER, lo, hi) for attr, word, unit, lo, hi in PLANT_FIELDS}


@dataclass(frozen=True)
class ScenarioValues:
    """Every scalar parameter of one resolved scenario; units and bounds are the catalogue's."""

    study_first_fy: int  # FY
    study_years: int  # years
    zones: Literal["single", "north_south"]
    include_pipeline: bool
    demand_growth_pct: float  # %/yr
    summer_demand_uplift_pct: float  # %
    rooftop_solar_mw: float  # MW
    rooftop_growth_mw_per_yr: float  # MW/yr
    hydrology_factor: float  # x FY25
    rlng_take_or_pay_mw: float  # MW
    rlng_price_usd_per_mmbtu: float  # USD/MMBtu
    coal_price_usd_per_t: float  # USD/t
    rfo_price_usd_per_mmbtu: float  # USD/MMBtu
    local_gas_price_pkr_per_mmbtu: float  # PKR/MMBtu
    thar_fuel_cost_pkr_per_kwh: float  # PKR/kWh
    fuel_escalation_pct: float  # %/yr
    operating_reserve_mw: float  # MW
    transfer_limit_mw: float  # MW
    voll_pkr_per_kwh: float  # PKR/kWh
    shedding_priority: Literal["protect_households", "pro_rata", "protect_large_loads"]
    pkr_per_usd: float  # PKR/USD
    disco_losses_pct: float  # %
    allowed_losses_pct: float  # %
    transmission_losses_pct: float  # %
    recovery_ratio_pct: float  # %
    capacity_payments_pkr_bn: float  # PKR bn
    distribution_margin_pkr_bn: float  # PKR bn
    debt_service_surcharge_pkr_per_kwh: float  # PKR/kWh
    tmo_charge_pkr_per_kwh: float  # PKR/kWh
    out_of_merit_cost_pkr_bn: float  # PKR bn
    other_approved_costs_pkr_bn: float  # PKR bn
    tariff_policy: Literal["pass_through", "held_at_notified"]
    tds_pkr_bn: float  # PKR bn
    notified_average_tariff_pkr_per_kwh: float  # PKR/kWh
    hashprice_usd_per_ph_day: float  # USD/PH/day
    fleet_efficiency_j_per_th: float  # J/TH
    hashprice_source: Literal["given", "btc_price_and_hashrate"]
    btc_price_usd: float  # USD
    network_hashrate_eh_s: float  # EH/s
    block_reward_btc: float  # BTC/block
    hashprice_stress_pct: float  # %
    network_hashrate_growth_pct: float  # %/yr
    fee_share_pct: float  # % of the subsidy
    btc_price_growth_pct: float  # %/yr
    btc_price_fall_pct: float  # %
    plant_capacity_mw: Mapping[str, float] = field(default_factory=dict)  # plant id -> MW (data set unless set)
    plant_availability: Mapping[str, float] = field(default_factory=dict)  # plant id -> fraction

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> "ScenarioValues":
        """The typed values from a resolved scenario's mapping (every parameter present, as ``resolve`` gives).

        Raises ``ScenarioError`` naming the parameter for a missing or invalid value. Keys that are not
        parameters the engine reads are left out (the mapping may carry more than the engine needs).
        """
        checked: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in _CATALOGUE:
                if f.name not in values:
                    raise ScenarioError(f"parameter '{f.name}' has no value")
                checked[f.name] = _checked(_CATALOGUE[f.name], f.name, values[f.name])
        plants: dict[str, dict[str, float]] = {"capacity_mw": {}, "availability": {}}
        for key, value in values.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "plant" and parts[2] in plants:
                plants[parts[2]][parts[1]] = _checked(_PLANT[parts[2]], key, value)
        return cls(**checked, plant_capacity_mw=plants["capacity_mw"], plant_availability=plants["availability"])

    def with_changes(self, changes: Mapping[str, Any]) -> "ScenarioValues":
        """These values with ``changes`` (parameter key -> value) put in, only those checked again: what
        ``of`` gives for the whole mapping so changed, at the cost of the changes (a study makes thousands)."""
        checked: dict[str, Any] = {}
        plants = {"capacity_mw": dict(self.plant_capacity_mw), "availability": dict(self.plant_availability)}
        for key, value in changes.items():
            parts = key.split(".")
            if key in _FIELDS:
                checked[key] = _checked(_CATALOGUE[key], key, value)
            elif len(parts) == 3 and parts[0] == "plant" and parts[2] in plants:
                plants[parts[2]][parts[1]] = _checked(_PLANT[parts[2]], key, value)
        return replace(self, **checked, plant_capacity_mw=plants["capacity_mw"],
                       plant_availability=plants["availability"])


_FIELDS = frozenset(f.name for f in fields(ScenarioValues) if f.name in _CATALOGUE)


def _checked(param: Parameter, key: str, value: Any) -> Any:
    try:
        return param.validate(value)
    except ValueError as exc:
        raise ScenarioError(f"parameter '{key}': {exc}") from None
