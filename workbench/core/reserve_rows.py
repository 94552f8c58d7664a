"""The reserve option beside the tariff option, row by row: one list for the brief and the window.

Each row is (label, unit, mining into the reserve, selling at the tariff, decimals); None where the
measure does not apply to that option (shown "n/a"). Read from a scenario's reserve_* key results.
"""
from __future__ import annotations

from typing import Mapping

Row = tuple[str, str, "float | None", "float | None", int]


def comparison_rows(k: Mapping[str, float], fall_pct: float) -> list[Row]:
    return [
        ("Energy to the machines (at their meters)", "GWh", k["reserve_energy_gwh"], k["reserve_energy_gwh"], 0),
        ("Bitcoin mined", "BTC", k["reserve_btc_per_year"], None, 0),
        ("Bitcoin price valued at (path average)", "USD/BTC", k.get("reserve_btc_price_usd"), None, 0),
        ("Value of the bitcoin / tariff bills paid", "PKR bn", k["reserve_value_pkr_bn"],
         k["reserve_tariff_revenue_pkr_bn"], 1),
        ("Incremental energy cost the grid bears", "PKR bn", k["reserve_energy_cost_pkr_bn"],
         k["reserve_energy_cost_pkr_bn"], 1),
        ("Network charges", "PKR bn", k["reserve_network_pkr_bn"], k["reserve_network_pkr_bn"], 1),
        ("Machines, written off over their life", "PKR bn", k["reserve_machines_pkr_bn"], None, 1),
        ("Operations", "PKR bn", k["reserve_operations_pkr_bn"], None, 1),
        ("Value less cost / contribution to fixed cost", "PKR bn", k["reserve_net_pkr_bn"],
         k["reserve_tariff_contribution_pkr_bn"], 1),
        ("Break-even bitcoin price (value equals cost)", "USD/BTC", k.get("reserve_break_even_btc_usd"), None, 0),
        ("Break-even tariff (contribution is zero)", "PKR/kWh", None,
         k.get("reserve_break_even_tariff_pkr_per_kwh"), 2),
        (f"Change in value if bitcoin falls {fall_pct:g}%", "PKR bn",
         k["reserve_value_change_after_price_fall_pkr_bn"], 0.0, 1),
        (f"After a {fall_pct:g}% bitcoin fall: net / contribution", "PKR bn",
         k["reserve_net_after_price_fall_pkr_bn"], k["reserve_tariff_contribution_pkr_bn"], 1),
    ]


# The table by fiscal year (frame reserve_years): column, heading, decimals.
YEAR_COLUMNS = (("fy", "Fiscal year", 0), ("energy_gwh", "Energy, GWh", 0), ("btc", "Bitcoin mined, BTC", 0),
                ("cost_pkr_bn", "Cost, PKR bn", 1), ("value_pkr_bn", "Value, PKR bn", 1),
                ("net_pkr_bn", "Value less cost, PKR bn", 1),
                ("net_after_price_fall_pkr_bn", "After the price fall, PKR bn", 1),
                ("break_even_btc_usd", "Break-even, USD/BTC", 0),
                ("tariff_contribution_pkr_bn", "Sold instead: contribution, PKR bn", 1))
