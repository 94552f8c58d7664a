"""The command line's offers ledger (`offers`) and result-by-result comparison (`diff --results`)."""
from __future__ import annotations

import argparse
import json
from typing import Any, Callable

from workbench.core.headlines import rows_for
from workbench.core.offers import compare_results, ledger, shown
from workbench.core.parties import judge, verdict_word
from workbench.core.project import resolve
from workbench.core.text import safe_text
from workbench.models.evaluate import evaluate
from workbench.session import Session


def add_offer_commands(sub: Any) -> None:
    offers = sub.add_parser("offers", help="the scenarios locked as offers, in the order they were made")
    offers.add_argument("project")
    offers.add_argument("--json", metavar="OUT.json", help="write the ledger with each offer's key numbers")


def cmd_offers(args: argparse.Namespace, open_session: Callable[[str], Session],
               write: Callable[[str, bytes], None], format_table: Callable[[list[tuple[str, ...]]], str]) -> int:
    session = open_session(args.project)
    entries = ledger(session.project, session.catalogue)
    if not entries:
        print("No scenario is locked as an offer yet (in the window: Scenario > Lock as offer).")
        return 0
    table = [("Locked at (UTC)", "Scenario", "Proposed by", "Standing", "Note")]
    table += [(e.locked_at.replace("T", " ").removesuffix("+00:00") or "-", safe_text(e.scenario, 60),
               safe_text(e.proposed_by, 40) or "-", e.standing, safe_text(e.note, 80) or "-") for e in entries]
    print(format_table(table))
    if args.json:
        results = {e.scenario: evaluate(resolve(session.project, e.scenario, session.catalogue), session.dataset)
                   for e in entries}
        doc = {"offers": [{"scenario": e.scenario, "proposed_by": e.proposed_by, "locked_at": e.locked_at,
                           "note": e.note, "input_hash_when_locked": e.input_hash, "unchanged": e.unchanged,
                           "accepted_by": {p.name: judge(p, results[e.scenario].key_results).satisfied
                                           for p in session.project.parties},
                           "results": results[e.scenario].key_results} for e in entries]}
        write(args.json, json.dumps(doc, indent=2, allow_nan=False).encode("utf-8"))
        print(f"wrote {args.json}")
    return 0


def print_result_changes(session: Session, a: str, b: str,
                         format_table: Callable[[list[tuple[str, ...]]], str]) -> None:
    """`diff --results`: both scenarios run, their key numbers side by side with the change."""
    ra, rb = (evaluate(resolve(session.project, n, session.catalogue), session.dataset) for n in (a, b))
    changes = compare_results(ra.key_results, rb.key_results, rows_for([ra, rb]))
    table = [("Result", "Unit", safe_text(a, 60), safe_text(b, 60), "Change")]
    table += [(c.label, c.unit, shown(c.first, c.decimals), shown(c.second, c.decimals),
               shown(c.change, c.decimals, signed=True))
              for c in changes]
    for party in session.project.parties:
        table.append((f"Accepted by {safe_text(party.name, 40)}", "", verdict_word(judge(party, ra.key_results)),
                      verdict_word(judge(party, rb.key_results)), ""))
    print(format_table(table))
