"""Institutional gates and the consultation log: the process a scenario needs besides its numbers.

A gate is one step a scenario needs before it may go ahead: the IMF's agreement, a NEPRA tariff
determination, ECC approval, a PVARA licence, the ordinance's enactment, the central bank's
position. The list is reference data (resources/gates.csv, with sources). Each scenario records
its own status for each gate, with a date, an owner and evidence. Gates are not inherited:
every proposal needs its own approvals. A scenario is "permitted" only when every gate that
applies to it is granted. The workbench records these steps; it gives no legal advice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

NOT_STARTED, REQUESTED, IN_PROGRESS, GRANTED, REFUSED, NOT_NEEDED = (
    "not_started", "requested", "in_progress", "granted", "refused", "not_needed")
STATUS_LABELS = {NOT_STARTED: "not started", REQUESTED: "requested", IN_PROGRESS: "in progress",
                 GRANTED: "granted", REFUSED: "refused", NOT_NEEDED: "not needed"}
MAX_TEXT = 2_000  # evidence, an outcome: a paragraph, not a file
MAX_CONSULTATIONS = 200


@dataclass(frozen=True)
class Gate:
    """One institutional step, as resources/gates.csv describes it."""

    id: str
    name: str
    body: str
    legal_basis: str
    requires: str
    typical_days: int
    days_basis: str  # why that duration: sourced, or an estimate with its reason
    source: str
    url: str
    year: str


@dataclass(frozen=True)
class GateRecord:
    """Where one scenario stands at one gate."""

    status: str = NOT_STARTED
    date: str = ""  # ISO date of the status, "" when none
    owner: str = ""  # who in government moves it
    evidence: str = ""  # a letter, a hearing, a press report: what the status rests on


@dataclass(frozen=True)
class Consultation:
    """One dated entry of a scenario's consultation log."""

    date: str
    who: str  # who was consulted
    topic: str  # on what
    outcome: str = ""


@dataclass(frozen=True)
class Permission:
    granted: int
    total: int  # the gates that apply (all but those marked not needed)
    refused: int

    @property
    def permitted(self) -> bool:
        return self.granted == self.total

    def describe(self) -> str:
        """Neutral words for wherever the scenario's numbers are shown."""
        if self.permitted:
            return f"all {self.total} gates granted" if self.total else "no gate needed"
        refused = f", {self.refused} refused" if self.refused else ""
        return f"not yet permitted: {self.granted} of {self.total} gates granted{refused}"


class RecordError(ValueError):
    """A field of a gate record or log entry that is not acceptable: ``field`` and ``problem``."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


def permission(records: Mapping[str, GateRecord], gates: tuple[Gate, ...]) -> Permission:
    """How many of the gates that apply a scenario has passed; a gate with no record is not started."""
    statuses = [records.get(g.id, GateRecord()).status for g in gates]
    applying = [s for s in statuses if s != NOT_NEEDED]
    return Permission(sum(s == GRANTED for s in applying), len(applying), sum(s == REFUSED for s in applying))


def check_record(record: GateRecord) -> None:
    """Raise RecordError naming the field of a gate record that is not acceptable."""
    if record.status not in STATUS_LABELS:
        raise RecordError("status", f"must be one of {', '.join(STATUS_LABELS)}")
    check_date(record.date, "date", required=False)
    for name in ("owner", "evidence"):
        if len(getattr(record, name)) > MAX_TEXT:
            raise RecordError(name, f"longer than {MAX_TEXT:,} characters")


def check_consultation(entry: Consultation) -> None:
    check_date(entry.date, "date", required=True)
    if not entry.who.strip():
        raise RecordError("who", "say who was consulted")
    for name in ("who", "topic", "outcome"):
        if len(getattr(entry, name)) > MAX_TEXT:
            raise RecordError(name, f"longer than {MAX_TEXT:,} characters")


def check_date(text: str, name: str, required: bool) -> None:
    if not text:
        if required:
            raise RecordError(name, "a date (YYYY-MM-DD) is required")
        return
    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        raise RecordError(name, "expected a date such as 2025-07-08") from None
