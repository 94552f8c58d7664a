"""The key-number cards: the first answers for the current scenario, each against its own baseline.

The baseline is the same scenario run without the new loads (the engine's second dispatch), so a
card shows the scenario's value, what it would be without the allocation, and, where a red line
applies, whether it holds. ``how`` is the one line of the methodology behind the number.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from workbench.core.headlines import KEY_NUMBERS, Headline
from workbench.core.results import ScenarioResult

Keys = Mapping[str, float]
HEADLINES = {h.key: h for h in KEY_NUMBERS}


def _difference(total: str, added: str) -> Callable[[ScenarioResult], float | None]:
    def baseline(r: ScenarioResult) -> float | None:
        k = r.key_results
        return k[total] - k[added] if total in k and added in k else None
    return baseline


def _key(name: str) -> Callable[[ScenarioResult], float | None]:
    return lambda r: r.key_results.get(name)


def _household_bill(r: ScenarioResult) -> float | None:
    """The 200-unit household's bill without the new loads, first study year (PKR/month)."""
    bills = r.frames.get("typical_bills")
    if bills is None or bills.empty:
        return None
    first = bills[bills["fy"] == bills["fy"].min()].set_index("consumer")
    return float(first.loc["Protected household, 200 units", "bill_without_new_loads_pkr"])


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    how: str
    baseline: Callable[[ScenarioResult], float | None]  # the value without the new loads
    baseline_label: str = "without them"  # short: it shares one line with the number and its unit
    second_key: str = ""  # a second figure on the card (same precision rules, its own headline)
    added_key: str = ""  # for a card that shows a level: what the new loads add to it

    @property
    def headline(self) -> Headline:
        return HEADLINES[self.key]


CARDS = (
    Card("household_200_units_bill_change_pkr_per_month", "Protected household's bill change, 200 units",
         "Change in a protected household's monthly bill (two telescopic slabs) when every non-lifeline tariff "
         "moves with the consumers' average tariff", _household_bill, "without them"),
    Card("uniform_tariff_change_pkr_per_kwh", "Uniform tariff change",
         "U = (revenue requirement - large-load bills) / (purchases for consumers x (1 - allowed losses)), with "
         "minus without the new loads", _key("uniform_tariff_without_new_loads_pkr_per_kwh"),
         "without them"),
    Card("large_load_contribution_pkr_bn", "New loads' contribution to fixed cost",
         "Contribution = bills paid - incremental energy cost (two dispatches) - network charges of Rs 1.91/kWh",
         lambda r: None),
    Card("break_even_tariff_pkr_per_kwh", "Break-even tariff",
         "p0 = (incremental energy cost + network charges) / kWh metered / payment recovery: the tariff at which "
         "the contribution is zero", _key("large_load_effective_tariff_pkr_per_kwh"),
         "tariff charged"),
    Card("added_existing_consumers_unserved_gwh", "Load shedding added for existing consumers",
         "Energy existing consumers are shed with the new loads minus without them, hour by hour",
         _difference("existing_consumers_unserved_gwh", "added_existing_consumers_unserved_gwh"),
         "without them"),
    Card("fuel_imports_usd_m", "Imported fuel bill",
         "Fuel cost x imported share / exchange rate, summed over the year's dispatch",
         _difference("fuel_imports_usd_m", "incremental_fuel_imports_usd_m"), "without them",
         added_key="incremental_fuel_imports_usd_m"),
    Card("co2_mt", "CO2 emissions",
         "Output x CO2 factor of every plant; the marginal intensity is the CO2 added per MWh the new loads receive",
         _difference("co2_mt", "marginal_co2_mt"), "without them", "marginal_co2_t_per_mwh",
         added_key="marginal_co2_mt"),
)


def passes(card: Card, keys: Keys) -> bool | None:
    """The red line's verdict (None where none applies); break-even holds when the tariff covers it."""
    value = keys.get(card.key)
    if value is None:
        return None
    if card.key == "break_even_tariff_pkr_per_kwh":
        charged = keys.get("large_load_effective_tariff_pkr_per_kwh")
        return None if charged is None else round(charged, 2) >= round(value, 2)
    h = card.headline
    return h.passes(value) if h.red_line else None
