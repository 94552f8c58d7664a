"""The brief's "Offers" sheet: the scenarios locked as offers, in the order they were made, and how
their key numbers and each party's verdict moved from one offer to the next (core.offers).

Written only when the project has an offer; an offer the brief does not compare (not among its
scenarios) is listed in the ledger with "not in this brief" for its numbers.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.styles import Alignment

from workbench.core.headlines import rows_for
from workbench.core.offers import ledger
from workbench.core.parties import judge, verdict_word
from workbench.io.excel_cells import print_setup, put

if TYPE_CHECKING:
    from workbench.io.excel import Brief

OFFERS_SHEET = "Offers"
# Beside every red line, what a negotiator weighs from one offer to the next (all the rest: Key numbers sheet),
# so the ledger and its numbers print on one page.
ALSO_SHOWN = ("large_load_effective_tariff_pkr_per_kwh", "break_even_tariff_pkr_per_kwh", "large_load_metered_gwh",
              "incremental_fuel_imports_usd_m", "marginal_co2_mt", "miner_online_share_pct")


def offers_sheet(brief: "Brief") -> None:
    from workbench.io import excel as x

    entries = ledger(brief.project, brief.catalogue)
    if not entries:
        return
    ws = brief.wb.create_sheet(OFFERS_SHEET)
    first = x._title(ws, "Offers on the table, in the order they were made",
                     "Each scenario locked as an offer: who proposed it, when (UTC) and why, and whether its inputs "
                     "still hash as they did then ('as offered'). Below, the offers' red-line numbers and what "
                     "they trade side by side in the same order, and whether each party's red lines hold; every "
                     "key number is on the Key numbers sheet.")
    x._header(ws, first, ["Locked at (UTC)", "Scenario", "Proposed by", "Standing", "Note"])
    for i, e in enumerate(entries):
        r = first + 1 + i
        for c, text in enumerate((e.locked_at.replace("T", " ").removesuffix("+00:00") or "-", e.scenario,
                                  e.proposed_by or "-", e.standing, e.note), start=1):
            put(ws.cell(row=r, column=c), text).alignment = x.WRAP
    shown = [e for e in entries if e.scenario in brief.names]
    row = r = first + len(entries) + 3
    if shown:
        results = [next(res for res in brief.results if res.name == e.scenario) for e in shown]
        put(ws.cell(row=row, column=1), f"Key numbers of the offers, {brief.fy_text}").font = x.SUBTITLE
        x._header(ws, row + 1, ["Headline", "Unit", *[e.scenario for e in shown]],
                  right=range(3, 3 + len(shown)))
        r = row + 2
        for h in (h for h in rows_for(results) if h.red_line or h.key in ALSO_SHOWN):
            put(ws.cell(row=r, column=1), h.label).alignment = x.WRAP
            put(ws.cell(row=r, column=2), h.unit)
            for j, result in enumerate(results):
                value = result.key_results.get(h.key)
                put(ws.cell(row=r, column=3 + j), "n/a" if value is None else float(value),
                    x.FORMATS[h.decimals], missing_ok=True).alignment = Alignment(horizontal="right", vertical="top")
            r += 1
        for party in brief.project.parties:
            put(ws.cell(row=r, column=1), f"Accepted by {party.name}").font = x.BOLD
            for j, result in enumerate(results):
                put(ws.cell(row=r, column=3 + j), verdict_word(judge(party, result.key_results))).alignment = \
                    Alignment(horizontal="right", vertical="top")
            r += 1
    missing = [e.scenario for e in entries if e.scenario not in brief.names]
    if missing:
        put(ws.cell(row=r + 1, column=1),
            "Not in this brief (not among its scenarios): " + ", ".join(missing) + ".").font = x.NOTE
    ws.freeze_panes = ws.cell(row=first + 1, column=1)
    x._widths(ws, [44, 22] + [22] * max(3, len(shown)))
    print_setup(ws, "1:2", one_page=True)  # the ledger and its numbers together
