"""The offers ledger: locked scenarios in the order they were offered, and two compared result by result
(issue 10, part 6)."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from workbench.cli import main
from workbench.core import edits
from workbench.core.headlines import KEY_NUMBERS
from workbench.core.offers import compare_results, ledger
from workbench.core.project import resolve
from workbench.io.project_file import dumps
from workbench.models.evaluate import evaluate

GOV, CURT, MIXED = "Government proposal", "Curtailable, winter-weighted", "Mixed"


@pytest.fixture
def offered(example_session):
    """The example with three offers, locked out of time order: the ledger must sort them."""
    s = example_session
    project = edits.lock(s.project, MIXED, s.catalogue, "Power Division", "counter-offer: data centres first",
                         when="2025-07-10T09:00:00+00:00")
    project = edits.lock(project, GOV, s.catalogue, "Finance Division", "phase 1 as announced",
                         when="2025-05-25T08:00:00+00:00")
    project = edits.lock(project, CURT, s.catalogue, "IMF staff", "off at the summer evening peak",
                         when="2025-06-15T12:30:00+00:00")
    return project


def test_the_ledger_lists_offers_earliest_first_with_who_and_why(offered, example_session):
    entries = ledger(offered, example_session.catalogue)
    assert [e.scenario for e in entries] == [GOV, CURT, MIXED]
    assert [e.proposed_by for e in entries] == ["Finance Division", "IMF staff", "Power Division"]
    assert entries[1].note == "off at the summer evening peak" and entries[1].locked_at.startswith("2025-06-15")
    assert all(e.unchanged is True and e.standing == "as offered" for e in entries)
    assert ledger(example_session.project, example_session.catalogue) == []  # nothing locked in the example


def test_an_offer_whose_inputs_no_longer_hash_the_same_is_flagged(offered, example_session):
    """Edits pin a locked offer (core/edits), so only a changed data set or a hand-edited file moves its
    inputs; the ledger must then say the numbers are no longer those put on the table."""
    gov = offered.scenario(GOV)
    tampered = offered.with_scenario(replace(gov, overrides={**gov.overrides, "pkr_per_usd": 300.0}), replacing=GOV)
    entries = {e.scenario: e for e in ledger(tampered, example_session.catalogue)}
    assert entries[GOV].unchanged is False and entries[GOV].standing == "inputs changed since it was offered"
    assert entries[CURT].unchanged is False  # it inherits from the proposal, so its inputs moved too
    assert entries[MIXED].unchanged is True  # built on No allocation: untouched
    old = offered.with_scenario(replace(gov, offer=replace(gov.offer, input_hash="")), replacing=GOV)
    assert {e.scenario: e for e in ledger(old, example_session.catalogue)}[GOV].unchanged is None


def test_two_scenarios_compare_result_by_result_with_the_change_as_printed(example_session):
    s = example_session
    a, b = (evaluate(resolve(s.project, n, s.catalogue), s.dataset).key_results for n in (GOV, CURT))
    changes = {c.key: c for c in compare_results(a, b, KEY_NUMBERS)}
    c = changes["large_load_contribution_pkr_bn"]
    assert (c.first, c.second) == (a["large_load_contribution_pkr_bn"], b["large_load_contribution_pkr_bn"])
    assert c.change == pytest.approx(round(c.second, 1) - round(c.first, 1))  # one decimal, as shown
    assert c.unit == "PKR bn"
    # A key only one side has (the miners' share where one has no miners) keeps its row, with no change.
    only_a = compare_results({"large_load_requested_gwh": 1.0, "miner_online_share_pct": 75.0}, {}, KEY_NUMBERS)
    share = next(x for x in only_a if x.key == "miner_online_share_pct")
    assert share.second is None and share.change is None
    assert [x.key for x in compare_results(a, b, KEY_NUMBERS)] == [h.key for h in KEY_NUMBERS if h.key in a]


def test_the_offers_command_prints_the_ledger_and_writes_each_offers_numbers(offered, example_session, tmp_path,
                                                                            capsys):
    path = tmp_path / "offers.wbproj"
    path.write_bytes(dumps(offered))
    out = tmp_path / "offers.json"
    assert main(["offers", str(path), "--json", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    rows = [line for line in printed if line.startswith("2025-")]
    assert [r.split("  ")[0] for r in rows] == ["2025-05-25 08:00:00", "2025-06-15 12:30:00", "2025-07-10 09:00:00"]
    assert "Finance Division" in rows[0] and "as offered" in rows[0]
    doc = json.loads(out.read_text())["offers"]
    assert [o["scenario"] for o in doc] == [GOV, CURT, MIXED]
    direct = evaluate(resolve(offered, MIXED, example_session.catalogue), example_session.dataset).key_results
    key = "large_load_contribution_pkr_bn"
    assert doc[2]["results"][key] == pytest.approx(direct[key])
    assert doc[0]["accepted_by"] == {"IMF": True, "Power Division": True, "Investors": True}


def test_the_offers_command_says_how_to_make_one_when_there_is_none(capsys):
    from workbench.session import EXAMPLE_PROJECT
    assert main(["offers", str(EXAMPLE_PROJECT)]) == 0
    assert "Lock as offer" in capsys.readouterr().out


def test_diff_with_results_prints_both_scenarios_numbers_and_the_change(example_session, capsys):
    from workbench.session import EXAMPLE_PROJECT
    assert main(["diff", str(EXAMPLE_PROJECT), GOV, "Stress", "--results"]) == 0
    printed = capsys.readouterr().out
    s = example_session
    a, b = (evaluate(resolve(s.project, n, s.catalogue), s.dataset).key_results for n in (GOV, "Stress"))
    row = next(line for line in printed.splitlines() if line.startswith("Load shedding added for existing"))
    shed = round(b["added_existing_consumers_unserved_gwh"], 1) - round(a["added_existing_consumers_unserved_gwh"], 1)
    assert row.split()[-1] == f"+{shed:,.1f}" and shed > 0
    assert "Exchange rate" in printed  # the parameters first
    from workbench.core.parties import judge, verdict_word
    power = next(p for p in s.project.parties if p.name == "Power Division")
    row = next(line for line in printed.splitlines() if line.startswith("Accepted by Power Division"))
    assert row.split("  ")[-1].strip() == verdict_word(judge(power, b)) and verdict_word(judge(power, b)) != "yes"
    assert f"  {verdict_word(judge(power, a))}  " in row


def test_the_brief_lists_the_offers_and_sets_their_numbers_side_by_side(offered, example_session, tmp_path):
    from openpyxl import load_workbook

    from workbench.core.parties import judge, verdict_word
    from workbench.io.excel import write_brief
    s = example_session
    names = ["No allocation", GOV, CURT]  # Mixed is an offer but not in this brief
    results = [evaluate(resolve(offered, n, s.catalogue), s.dataset, frames=True) for n in names]
    path = tmp_path / "brief.xlsx"
    write_brief(str(path), offered, s.catalogue, s.dataset, results)
    ws = load_workbook(path)["Offers"]
    column = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    header = column["Locked at (UTC)"]
    assert [ws.cell(header + i, 2).value for i in (1, 2, 3)] == [GOV, CURT, MIXED]  # earliest first
    assert ws.cell(header + 1, 3).value == "Finance Division" and ws.cell(header + 1, 4).value == "as offered"
    numbers = column["Headline"]
    assert [ws.cell(numbers, c).value for c in (3, 4, 5)] == [GOV, CURT, None]
    contribution = column["New loads' contribution to fixed cost"]
    assert ws.cell(contribution, 3).value == pytest.approx(results[1].key_results["large_load_contribution_pkr_bn"])
    assert ws.cell(contribution, 4).value == pytest.approx(results[2].key_results["large_load_contribution_pkr_bn"])
    imf = offered.parties[0]
    assert ws.cell(column[f"Accepted by {imf.name}"], 4).value == verdict_word(judge(imf, results[2].key_results))
    assert any("Not in this brief" in str(ws.cell(r, 1).value) and MIXED in str(ws.cell(r, 1).value)
               for r in range(1, ws.max_row + 1))
    # Without an offer there is no Offers sheet.
    plain = tmp_path / "plain.xlsx"
    write_brief(str(plain), s.project, s.catalogue, s.dataset, results)
    assert "Offers" not in load_workbook(plain).sheetnames
