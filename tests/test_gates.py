"""Institutional gates and the consultation log (issue 14, parts 2 and 3, engine and file side):
reference data with sources, a status per scenario, "not yet permitted" until every gate that
applies is granted, schema 4 with a migration from the frozen schema 3 file, edits that refuse bad
records, and a locked offer whose process record still moves on."""
import csv
import json
from pathlib import Path

import pytest

from workbench.core import edits
from workbench.core.edits import EditRefused
from workbench.core.gates import (GRANTED, IN_PROGRESS, NOT_NEEDED, NOT_STARTED, REFUSED, STATUS_LABELS, Consultation,
                                  GateRecord, permission)
from workbench.core.errors import DataSetError, ProjectFileError, ScenarioError
from workbench.io.gates_loader import COLUMNS, load_gates
from workbench.io.migrations import CURRENT_SCHEMA
from workbench.io.project_file import dumps, load_project, parse_project
from workbench.session import EXAMPLE_PROJECT

ROOT = Path(__file__).resolve().parents[1]
V3_FILE = ROOT / "tests" / "data" / "project_v3.wbproj"
GATES = load_gates()


def test_every_gate_says_who_decides_on_what_basis_and_where_that_is_written():
    assert [g.id for g in GATES] == ["imf_consultation", "nepra_tariff", "ecc_approval", "pvara_licence",
                                     "ordinance_enactment", "sbp_position"]
    for gate in GATES:
        assert gate.body and gate.legal_basis and gate.requires and gate.source
        assert gate.url.startswith("https://") and gate.year.isdigit() and gate.typical_days > 0
        assert gate.days_basis.startswith(("sourced", "estimate: "))
    enactment = next(g for g in GATES if g.id == "ordinance_enactment")
    assert enactment.typical_days == 120 and enactment.days_basis.startswith("sourced")  # the ordinance's own term


def test_a_gates_file_without_a_source_is_refused(tmp_path):
    rows = list(csv.DictReader((ROOT / "resources" / "gates.csv").open(encoding="utf-8")))
    rows[2]["source"] = ""
    path = tmp_path / "gates.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataSetError, match=r"gates.csv:4: every column needs a value"):
        load_gates(path)


def records(**statuses):
    return {gate_id: GateRecord(status) for gate_id, status in statuses.items()}


@pytest.mark.parametrize("statuses, granted, total, refused, permitted", [
    ({}, 0, 6, 0, False),  # nothing recorded: every gate not started
    ({g.id: GRANTED for g in GATES}, 6, 6, 0, True),
    ({**{g.id: GRANTED for g in GATES}, "sbp_position": NOT_NEEDED}, 5, 5, 0, True),
    ({g.id: NOT_NEEDED for g in GATES}, 0, 0, 0, True),  # the baseline needs no approval
    ({"imf_consultation": REFUSED, "nepra_tariff": GRANTED, "ecc_approval": IN_PROGRESS}, 1, 6, 1, False),
])
def test_a_scenario_is_permitted_only_when_every_gate_that_applies_is_granted(statuses, granted, total, refused,
                                                                              permitted):
    p = permission(records(**statuses), GATES)
    assert (p.granted, p.total, p.refused, p.permitted) == (granted, total, refused, permitted)
    if not permitted:
        assert p.describe().startswith(f"not yet permitted: {granted} of {total} gates granted")


def test_the_example_records_the_process_of_the_government_proposal(catalogue):
    project = load_project(EXAMPLE_PROJECT, catalogue)
    proposal = project.scenario("Government proposal")
    assert proposal.gates["imf_consultation"].status == IN_PROGRESS
    assert "has not agreed" in proposal.gates["imf_consultation"].evidence
    assert permission(proposal.gates, GATES).describe() == "not yet permitted: 0 of 6 gates granted"
    assert [c.date for c in proposal.consultations] == ["2025-05-31", "2025-07-03"]
    assert permission(project.scenario("No allocation").gates, GATES).permitted
    assert project.scenario("Stress").gates == {}  # not inherited: every proposal needs its own approvals


def test_the_frozen_schema_3_file_loads_with_nothing_recorded_and_saves_as_schema_4(catalogue):
    raw = json.loads(V3_FILE.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 3 and not any("gates" in s for s in raw["scenarios"])
    project = load_project(V3_FILE, catalogue)
    assert all(s.gates == {} and s.consultations == () for s in project.scenarios)
    doc = json.loads(dumps(project))
    assert doc["schema_version"] == CURRENT_SCHEMA == 6


def test_gates_and_the_log_round_trip_through_the_file(catalogue):
    project = load_project(EXAMPLE_PROJECT, catalogue)
    again = parse_project(dumps(project), catalogue)
    assert again == project
    assert dumps(again) == dumps(project)


def document_with(**scenario_fields):
    doc = json.loads(EXAMPLE_PROJECT.read_text(encoding="utf-8"))
    doc["scenarios"][1].update(scenario_fields)
    return json.dumps(doc).encode("utf-8")


@pytest.mark.parametrize("fields, where, problem", [
    ({"gates": {"royal_assent": {"status": GRANTED}}}, "scenarios[1].gates.royal_assent", "unknown gate"),
    ({"gates": {"nepra_tariff": {"status": "approved"}}}, "scenarios[1].gates.nepra_tariff.status", "must be one of"),
    ({"gates": {"nepra_tariff": {"status": GRANTED, "date": "31/05/2025"}}}, "scenarios[1].gates.nepra_tariff.date",
     "expected a date"),
    ({"gates": {"nepra_tariff": {"status": GRANTED, "signed": "x"}}}, "scenarios[1].gates.nepra_tariff.signed",
     "unknown field"),
    ({"gates": {"nepra_tariff": {"status": 1}}}, "scenarios[1].gates.nepra_tariff.status", "must be text"),
    ({"gates": ["nepra_tariff"]}, "scenarios[1].gates", "must be an object"),
    ({"consultations": [{"date": "2025-05-31", "who": " "}]}, "scenarios[1].consultations[0].who", "say who"),
    ({"consultations": [{"who": "IMF"}]}, "scenarios[1].consultations[0].date", "a date (YYYY-MM-DD) is required"),
    ({"consultations": {"who": "IMF"}}, "scenarios[1].consultations", "must be a list"),
    ({"consultations": [{"date": "2025-05-31", "who": "IMF", "outcome": "x" * 2001}]},
     "scenarios[1].consultations[0].outcome", "longer than 2,000 characters"),
])
def test_a_bad_gate_record_or_log_entry_is_refused_with_its_field(catalogue, fields, where, problem):
    with pytest.raises(ProjectFileError) as info:
        parse_project(document_with(**fields), catalogue, "p.wbproj")
    assert info.value.field == where and problem in info.value.problem, str(info.value)


def test_gate_edits_set_drop_and_refuse(catalogue):
    project = load_project(EXAMPLE_PROJECT, catalogue)
    granted = GateRecord(GRANTED, "2026-01-15", "Power Division", "NEPRA determination No. X")
    after = edits.set_gate(project, "Stress", "nepra_tariff", granted, GATES)
    assert after.scenario("Stress").gates == {"nepra_tariff": granted}
    assert edits.set_gate(after, "Stress", "nepra_tariff", GateRecord(), GATES).scenario("Stress").gates == {}
    with pytest.raises(EditRefused, match="unknown gate"):
        edits.set_gate(project, "Stress", "royal_assent", granted, GATES)
    with pytest.raises(EditRefused, match="status: must be one of"):
        edits.set_gate(project, "Stress", "nepra_tariff", GateRecord("approved"), GATES)
    with pytest.raises(EditRefused, match="date: expected a date"):
        edits.set_gate(project, "Stress", "nepra_tariff", GateRecord(GRANTED, "soon"), GATES)
    assert set(STATUS_LABELS) == {NOT_STARTED, "requested", IN_PROGRESS, GRANTED, REFUSED, NOT_NEEDED}


def test_the_log_stays_in_date_order_and_entries_can_be_removed(catalogue):
    project = load_project(EXAMPLE_PROJECT, catalogue)
    entry = Consultation("2025-06-10", "World Bank", "Surplus power pricing", "Technical talks")
    after = edits.add_consultation(project, "Government proposal", entry)
    log = after.scenario("Government proposal").consultations
    assert [c.date for c in log] == ["2025-05-31", "2025-06-10", "2025-07-03"]
    removed = edits.remove_consultation(after, "Government proposal", 1)
    assert removed.scenario("Government proposal").consultations == \
        project.scenario("Government proposal").consultations
    with pytest.raises(EditRefused, match="say who"):
        edits.add_consultation(project, "Government proposal", Consultation("2025-06-10", "", "Tariffs"))
    with pytest.raises(EditRefused, match="no consultation entry 9"):
        edits.remove_consultation(project, "Government proposal", 8)


def test_a_locked_offer_keeps_its_inputs_while_its_process_record_moves_on(catalogue):
    project = edits.lock(load_project(EXAMPLE_PROJECT, catalogue), "Government proposal", catalogue,
                         "Power Division", "Tabled")
    before = project.scenario("Government proposal")
    assert before.locked
    after = edits.set_gate(project, "Government proposal", "imf_consultation",
                           GateRecord(REFUSED, "2025-07-03", "Finance Division", "Not agreed"), GATES)
    assert after.scenario("Government proposal").gates["imf_consultation"].status == REFUSED
    with pytest.raises(ScenarioError, match="is locked as an offer"):
        edits.set_override(after, "Government proposal", "pkr_per_usd", 300.0, catalogue)


def test_the_run_json_says_where_each_scenario_stands_at_its_gates(tmp_path, capsys):
    from workbench.cli import main
    out = tmp_path / "run.json"
    assert main(["run", str(EXAMPLE_PROJECT), "--quiet", "--scenario", "No allocation", "--scenario",
                 "Government proposal", "--json", str(out)]) == 0
    capsys.readouterr()
    by_name = {s["name"]: s for s in json.loads(out.read_text())["scenarios"]}
    assert (by_name["Government proposal"]["gates_granted"], by_name["Government proposal"]["gates_total"]) == (0, 6)
    assert by_name["Government proposal"]["permitted"] is False
    assert (by_name["No allocation"]["gates_total"], by_name["No allocation"]["permitted"]) == (0, True)
