"""The headline answers a negotiator needs first: label, unit, precision, red line.

One list, read by the Excel brief's Key numbers sheet, the one-page headline table in docs/
and the window's results table.
"""
from __future__ import annotations

import math

from dataclasses import dataclass
from typing import Any, Mapping, Sequence


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    unit: str
    decimals: int
    red_line: str = ""  # "<= 0", ">= 0" or "" (no red line)
    summary: bool = False  # in the one-page headline table (docs/headlines.md)
    red_line_words: str = ""  # how the red line reads, when "must not rise"/"must not be negative" is wrong
    firm_mining_floor: float | None = None  # flagged below this when a firm bitcoin-mining load is in the scenario

    @property
    def red_line_text(self) -> str:
        return self.red_line_words or RED_LINE_WORDS.get(self.red_line, "")

    @property
    def title(self) -> str:
        """The label without its indentation, starting with a capital."""
        text = self.label.strip()
        return text[:1].upper() + text[1:]

    def rounded(self, value: float) -> float:
        """The value, or 0 when it shows as zero (so never "-0" or "-0.0", in Excel either)."""
        return 0.0 if round(value, self.decimals) == 0 else value

    def format(self, value: float | None) -> str:
        return "n/a" if value is None or not math.isfinite(value) else f"{self.rounded(value):,.{self.decimals}f}"

    @property
    def threshold(self) -> str:
        """The red line as a reader checks it: "must not rise (at most 0)"."""
        if self.red_line:
            op, number = self.red_line.split()
            sign = "\u2264" if op == "<=" else "\u2265"
            return f"{self.red_line_text} ({sign} {number})"
        if self.firm_mining_floor is not None:
            return f"flagged below {self.firm_mining_floor:g} for a firm mining load"
        return ""

    def passes(self, value: float) -> bool:
        """Within its red line (always, without one), judged at the precision the value is shown."""
        if not self.red_line:
            return True
        shown = round(value, self.decimals)
        return shown <= 0 if self.red_line == "<= 0" else shown >= 0


KEY_NUMBERS = (
    Headline("household_200_units_bill_change_pkr_per_month", "Monthly bill change: protected household, 200 units",
             "PKR/month", 0, "<= 0", summary=True),
    Headline("household_500_units_bill_change_pkr_per_month", "Monthly bill change: household, 500 units",
             "PKR/month", 0, "<= 0"),
    Headline("commercial_bill_change_pkr_per_month", "Monthly bill change: commercial shop, 1,000 units",
             "PKR/month", 0),
    Headline("industrial_b3_bill_change_pkr_per_month", "Monthly bill change: industrial B-3, 500,000 units",
             "PKR/month", 0),
    Headline("uniform_tariff_change_pkr_per_kwh", "Uniform tariff change (other consumers)",
             "PKR/kWh", 2, "<= 0", summary=True),
    Headline("uniform_tariff_pkr_per_kwh", "Uniform tariff (cost of supply, with the debt-service surcharge)",
             "PKR/kWh", 2),
    Headline("large_load_contribution_pkr_bn", "New loads' contribution to fixed cost",
             "PKR bn", 1, ">= 0", summary=True),
    Headline("large_load_effective_tariff_pkr_per_kwh", "Tariff the new loads pay (average)",
             "PKR/kWh", 2, summary=True),
    Headline("break_even_tariff_pkr_per_kwh", "Break-even tariff (covers energy and network)",
             "PKR/kWh", 2, summary=True),
    Headline("full_cost_tariff_pkr_per_kwh", "Full-cost tariff (adds a share of capacity payments)", "PKR/kWh", 2),
    Headline("imf_price_gap_marginal_pkr_bn", "IMF price-gap subsidy at marginal cost",
             "PKR bn", 1, "<= 0", summary=True, red_line_words="must be zero (no new subsidy)"),
    Headline("imf_price_gap_full_cost_pkr_bn", "IMF price-gap subsidy at full cost", "PKR bn", 1),
    Headline("subsidy_change_pkr_bn", "Budget subsidy change", "PKR bn", 1, "<= 0"),
    Headline("circular_debt_flow_change_pkr_bn", "Circular-debt flow change", "PKR bn", 1, "<= 0", summary=True),
    Headline("added_existing_consumers_unserved_gwh", "Load shedding added for existing consumers", "GWh", 1, "<= 0",
             summary=True),
    Headline("added_unserved_energy_gwh", "  including the new loads' own interruptions", "GWh", 1),
    Headline("shedding_hours", "Hours with load shedding", "hours", 0),
    Headline("min_headroom_after_mw", "Lowest spare capacity with the new loads", "MW", 0, ">= 0",
             red_line_words="must not be negative (a shortfall)"),
    Headline("large_load_metered_gwh", "New loads' energy delivered (at their meters)", "GWh", 0),
    Headline("large_load_curtailed_gwh", "New loads' energy curtailed", "GWh", 0),
    Headline("fuel_imports_usd_m", "Imported fuel bill", "USD m", 0, summary=True),
    Headline("incremental_fuel_imports_usd_m", "  imported fuel added by the new loads", "USD m", 0, summary=True),
    Headline("co2_mt", "CO2 emissions", "Mt", 1, summary=True),
    Headline("marginal_co2_mt", "  CO2 added by the new loads", "Mt", 2, summary=True),
    Headline("marginal_co2_t_per_mwh", "  CO2 per MWh delivered to the new loads", "t/MWh", 2),
    # The MW the scenario assumes the miners draw, then the share of their fleet that would choose to at the tariff.
    Headline("miner_contracted_mw", "Miners' contracted demand", "MW", 0),
    Headline("miner_online_share_pct", "Miners' fleet profitable at the tariff", "%", 0, firm_mining_floor=50),
    Headline("miner_revenue_at_risk_pkr_bn", "Miners' bills at risk if hashprice falls", "PKR bn", 1),
)
BASELINE = "baseline"  # no verdict: a scenario without new loads is not scored against itself
PASS_WORD, FAIL_WORD, FLAG_WORD = "pass", "FAIL", "FLAG"


def is_baseline(key_results: Mapping[str, float]) -> bool:
    """A scenario without new loads: its 'without the new loads' run is itself."""
    return not key_results.get("large_load_requested_gwh", 0) > 0


def verdict(h: Headline, key_results: Mapping[str, float], firm_mining: bool = False) -> tuple[str, bool | None]:
    """The word beside a key number ("pass", "FAIL", "FLAG", the baseline mark or "") and whether it holds."""
    if h.key not in key_results or not (h.red_line or h.firm_mining_floor is not None):
        return "", None
    if is_baseline(key_results):
        return BASELINE, None
    value = key_results[h.key]
    if h.red_line:
        ok = h.passes(value)
        return (PASS_WORD if ok else FAIL_WORD), ok
    floor = h.firm_mining_floor
    if not firm_mining or floor is None:
        return "", None
    ok = round(value, h.decimals) >= floor
    return ("" if ok else FLAG_WORD), ok


RED_LINE_WORDS = {"<= 0": "must not rise", ">= 0": "must not be negative"}

# Sums over a multi-year study (keys horizon_<key>); shown when a scenario runs more than one year.
HORIZON_SUMS = ("large_load_metered_gwh", "large_load_revenue_pkr_bn", "large_load_contribution_pkr_bn",
                "imf_price_gap_marginal_pkr_bn", "added_existing_consumers_unserved_gwh",
                "added_unserved_energy_gwh", "incremental_fuel_imports_usd_m", "marginal_co2_mt",
                "circular_debt_flow_change_pkr_bn", "subsidy_change_pkr_bn")
def _mid_sentence(title: str) -> str:
    """A title continued after a colon: "New loads'..." -> "new loads'...", but "IMF" and "CO2" stay as they are."""
    return title if title[:2].isupper() else title[0].lower() + title[1:]


HORIZON_NUMBERS = tuple(
    Headline(f"horizon_{h.key}", f"Whole horizon: {_mid_sentence(h.title)}", h.unit, h.decimals, h.red_line,
             red_line_words=h.red_line_words)
    for h in KEY_NUMBERS if h.key in HORIZON_SUMS)


# The reserve option (a state-mining load, models/reserve.py): shown only for a scenario that has one,
# after the key numbers; a scenario without state mining has none of these keys ("n/a" beside one that has).
RESERVE_NUMBERS = (
    Headline("reserve_btc_per_year", "Reserve: bitcoin mined by the state in the year", "BTC", 0),
    Headline("reserve_cost_pkr_bn", "Reserve: cost of mining it (energy, network, machines, operations)",
             "PKR bn", 1),
    Headline("reserve_energy_cost_pkr_bn", "  incremental energy cost the grid bears", "PKR bn", 1),
    Headline("reserve_machines_pkr_bn", "  machines, written off over their life", "PKR bn", 1),
    Headline("reserve_break_even_btc_usd", "Reserve: break-even bitcoin price", "USD/BTC", 0),
    Headline("reserve_btc_price_usd", "Reserve: bitcoin price it is valued at", "USD/BTC", 0),
    Headline("reserve_value_pkr_bn", "Reserve: value of the bitcoin mined", "PKR bn", 1),
    Headline("reserve_net_pkr_bn", "Reserve: value less cost", "PKR bn", 1),
    Headline("reserve_net_after_price_fall_pkr_bn", "  after the bitcoin price fall", "PKR bn", 1),
    Headline("reserve_tariff_contribution_pkr_bn", "Selling the same energy at the tariff: contribution",
             "PKR bn", 1),
    Headline("reserve_break_even_tariff_pkr_per_kwh", "  break-even tariff for the same energy", "PKR/kWh", 2),
    Headline("reserve_mining_advantage_pkr_bn", "Mining instead of selling: gain (loss if negative)", "PKR bn", 1),
)
RESERVE_HORIZON_NUMBERS = (
    Headline("horizon_reserve_btc", "Whole horizon: reserve's bitcoin", "BTC", 0),
    Headline("horizon_reserve_cost_pkr_bn", "Whole horizon: reserve's cost", "PKR bn", 1),
    Headline("horizon_reserve_break_even_btc_usd", "Whole horizon: reserve's break-even bitcoin price", "USD/BTC", 0),
    Headline("horizon_reserve_net_pkr_bn", "Whole horizon: reserve's value less cost", "PKR bn", 1),
    Headline("horizon_reserve_tariff_contribution_pkr_bn", "Whole horizon: contribution if sold at the tariff",
             "PKR bn", 1),
)


def has_reserve(key_results: Mapping[str, float]) -> bool:
    return "reserve_btc_per_year" in key_results


def rows_for(results: Sequence[Any]) -> tuple[Headline, ...]:  # ScenarioResult (not imported: no cycle)
    """The key-number rows a set of results shows: whole-horizon rows for a multi-year study, reserve
    rows when a scenario mines into the reserve."""
    keys = [r.key_results for r in results]
    multi_year = any("horizon_large_load_metered_gwh" in k for k in keys)
    reserve = any(has_reserve(k) for k in keys)
    return (KEY_NUMBERS + (HORIZON_NUMBERS if multi_year else ()) + (RESERVE_NUMBERS if reserve else ())
            + (RESERVE_HORIZON_NUMBERS if reserve and multi_year else ()))


def _rupees(value: float) -> str:
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def grid_mw(loads: Sequence[Mapping[str, Any]]) -> float:
    """The new loads' demand on the grid, MW: contracted demand, times the PUE for data centres."""
    return sum(float(load["mw"]) * (float(load.get("pue") or 1.0) if load.get("kind") == "ai_data_centre" else 1.0)
               for load in loads)


def operation_word(loads: Sequence[Mapping[str, Any]]) -> str:
    """'firm' when every new load runs regardless of the grid, 'curtailable' when none does, else ''."""
    firm = [load.get("flexibility", "firm") == "firm" for load in loads]
    return "firm" if all(firm) else "curtailable" if not any(firm) else ""


def answer(key_results: Mapping[str, float], loads: Sequence[Mapping[str, Any]], fy: int) -> str:
    """One sentence that answers the IMF's four questions (grid, tariffs and subsidy, dollars, CO2)
    with the scenario's key numbers, as the brief's cover and the command line print it."""
    if is_baseline(key_results):
        return "No new loads: the comparison for every other scenario."
    k = key_results
    how = operation_word(loads)
    parts = [f"{grid_mw(loads):,.0f} MW{' ' + how if how else ''} at Rs "
             f"{_rupees(k['large_load_effective_tariff_pkr_per_kwh'])}/kWh: "]
    shed = round(k["added_existing_consumers_unserved_gwh"], 1)
    if shed > 0:
        parts.append(f"{shed:,.1f} GWh of added load shedding for existing consumers "
                     f"over {k['shedding_hours']:,.0f} hours on FY{fy} demand")
    else:
        parts.append(f"no added load shedding for existing consumers on FY{fy} demand")
    horizon = round(k.get("horizon_added_existing_consumers_unserved_gwh", 0.0), 1)
    if horizon > shed:  # a multi-year study whose later years shed: the first year alone would hide it
        parts.append(f", but {horizon:,.1f} GWh over the whole study" if shed == 0 else
                     f" ({horizon:,.1f} GWh over the whole study)")
    spare = round(k["min_headroom_after_mw"])
    if spare < 0:
        parts.append(f", and spare capacity falls to {spare:,} MW at the tightest hour")
    contribution = round(k["large_load_contribution_pkr_bn"])
    bill = round(k["household_200_units_bill_change_pkr_per_month"])
    if contribution >= 0:
        parts.append(f"; the new loads pay Rs {contribution:,} bn above the cost of serving them")
    else:
        parts.append(f"; the new loads pay Rs {-contribution:,} bn less than the cost of serving them")
    joined = ", so" if (contribution >= 0) == (bill <= 0) else ", yet"
    if bill < 0:
        parts.append(f"{joined} a 200-unit household pays Rs {-bill:,} a month less")
    elif bill > 0:
        parts.append(f"{joined} a 200-unit household pays Rs {bill:,} a month more")
    else:
        parts.append(", and a 200-unit household's bill does not change")
    fuel = round(k["incremental_fuel_imports_usd_m"])
    co2 = round(k["marginal_co2_mt"], 1)
    parts.append(f"; USD {fuel:,} m {'more' if fuel >= 0 else 'less'} imported fuel; "
                 f"{abs(co2):,.1f} Mt {'more' if co2 >= 0 else 'less'} CO2.")
    return "".join(parts) + reserve_answer(k)


def reserve_answer(k: Mapping[str, float]) -> str:
    """What the cover adds for a scenario that mines into the reserve: bitcoin, cost and break-even."""
    if not has_reserve(k) or "reserve_break_even_btc_usd" not in k:
        return ""
    net = round(k["reserve_net_pkr_bn"])
    standing = "worth about its cost" if net == 0 else f"Rs {abs(net):,} bn {'above' if net > 0 else 'below'} its cost"
    sold = round(k["reserve_tariff_contribution_pkr_bn"])
    return (f" Mined by the state instead of sold: {k['reserve_btc_per_year']:,.0f} BTC in the year for Rs "
            f"{k['reserve_cost_pkr_bn']:,.0f} bn, worth its cost at USD {k['reserve_break_even_btc_usd']:,.0f}/BTC; "
            f"at USD {k['reserve_btc_price_usd']:,.0f} it is {standing}, against Rs {sold:,} bn "
            f"{'from' if sold >= 0 else 'lost by'} selling the power.".replace("Rs -", "Rs "))
