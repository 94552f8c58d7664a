"""Edits of the project's parties and red lines, each giving a new project or refusing with the field.

The parties are edited as one flat list of (party, red line) rows, as the window's table shows
them; a row's party is a name, so typing a new name moves the line to a new party, and a party
left with no line is dropped. Groups keep the order in which their names first appear.
"""
from __future__ import annotations

import math
from dataclasses import replace

from workbench.core.edits import EditRefused
from workbench.core.parties import HEADLINES, MAX_LINES, MAX_PARTIES, MAX_PARTY_NAME, OPS, Party, RedLine
from workbench.core.project import Project
from workbench.core.text import has_unsafe, safe_text

Row = tuple[str, RedLine]


def rows(project: Project) -> list[Row]:
    return [(p.name, line) for p in project.parties for line in p.lines]


def checked_line(party: str, key: str, op: str, threshold: object) -> Row:
    name = str(party).strip()
    if not name or len(name) > MAX_PARTY_NAME or has_unsafe(name):
        raise EditRefused(f"a party's name is 1 to {MAX_PARTY_NAME} plain characters, not '{safe_text(name)}'",
                          "party")
    if key not in HEADLINES:
        raise EditRefused(f"'{safe_text(str(key), 80)}' is not a result key (see 'run --keys')", "key")
    if op not in OPS:
        raise EditRefused(f"the operator must be one of {', '.join(OPS)}, not '{safe_text(str(op), 10)}'", "op")
    try:
        value = float(str(threshold).replace(",", "")) if not isinstance(threshold, float) else threshold
    except ValueError:
        raise EditRefused(f"the threshold must be a number in {HEADLINES[key].unit}, not "
                          f"'{safe_text(str(threshold), 40)}'", "threshold") from None
    if not math.isfinite(value):
        raise EditRefused("the threshold must be a finite number", "threshold")
    return name, RedLine(key, op, value)


def with_rows(project: Project, new_rows: list[Row]) -> Project:
    groups: dict[str, list[RedLine]] = {}
    for name, line in new_rows:
        groups.setdefault(name, []).append(line)
    if len(groups) > MAX_PARTIES:
        raise EditRefused(f"a project holds at most {MAX_PARTIES} parties", "party")
    if any(len(lines) > MAX_LINES for lines in groups.values()):
        raise EditRefused(f"a party holds at most {MAX_LINES} red lines", "key")
    return replace(project, parties=tuple(Party(n, tuple(lines)) for n, lines in groups.items()))


def set_line(project: Project, index: int, party: str, key: str, op: str, threshold: object) -> Project:
    current = rows(project)
    _check_index(current, index)
    current[index] = checked_line(party, key, op, threshold)
    return with_rows(project, current)


def add_line(project: Project, party: str, key: str, op: str, threshold: object) -> Project:
    current = rows(project)
    row = checked_line(party, key, op, threshold)
    at = max((i + 1 for i, (name, _l) in enumerate(current) if name == row[0]), default=len(current))
    return with_rows(project, current[:at] + [row] + current[at:])


def remove_line(project: Project, index: int) -> Project:
    current = rows(project)
    _check_index(current, index)
    return with_rows(project, current[:index] + current[index + 1:])


def _check_index(current: list[Row], index: int) -> None:
    if not 0 <= index < len(current):
        raise EditRefused(f"there is no red line number {index + 1}", "parties")
