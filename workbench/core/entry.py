"""Values as people type and read them: words for choice codes, and parsing of typed text.

The editors in the window show ``display`` and turn what was typed into a value with ``parse``,
which ends in the catalogue's own ``validate``: the same check the project file loader makes.
"""
from __future__ import annotations

import re
from typing import Any

from workbench.core.dataset import MONTHS
from workbench.core.parameters import (  # noqa: F401 (CALENDAR, CHOICE_WORDS, month_text: kept here for callers)
    CALENDAR, CHOICE, CHOICE_LABELS, FLAG, INTEGER, MONTH_SET, NUMBER, TEXT, Parameter, format_number, month_text)
from workbench.core.text import safe_text

CHOICE_WORDS = CHOICE_LABELS

MONTH_NAMES = ("july", "august", "september", "october", "november", "december", "january", "february", "march",
               "april", "may", "june")
OFF_WORDS = ("", "off", "none", "-")
YES, NO = ("yes", "y", "true", "1", "on"), ("no", "n", "false", "0", "off")


def bounds(p: Parameter) -> str:
    """The allowed range as a reader writes it ("0 to 20,000 MW"); empty when the parameter has none."""
    if p.minimum is None and p.maximum is None:
        return ""
    lo = "" if p.minimum is None else format_number(p.minimum)
    hi = "" if p.maximum is None else format_number(p.maximum)
    return f"{lo} to {hi} {p.unit}".strip()


def choice_word(code: str) -> str:
    return CHOICE_LABELS.get(code, code)




def display(p: Parameter, value: Any, unit: bool = True) -> str:
    """A value as the window shows it, with its unit unless the unit has a column of its own."""
    if p.kind == CHOICE and value is not None:
        return choice_word(value)
    if p.kind == MONTH_SET and value is not None:
        return month_text(value)
    if not unit and p.kind in (NUMBER, INTEGER) and value is not None and p.unit != "FY":
        return format_number(value) if p.kind == NUMBER else str(value)
    return p.format(value)


def edit_text(p: Parameter, value: Any) -> str:
    """The text an editor starts with: the bare number (no unit or thousands separators)."""
    if value is None:
        return ""
    if p.kind in (NUMBER, INTEGER):
        text = repr(value)  # round-trips exactly, so confirming an editor unchanged changes nothing
        return text[:-2] if text.endswith(".0") else text
    if p.kind == MONTH_SET:
        return "" if not value else month_text(value)
    return display(p, value)


def parse(p: Parameter, text: str) -> Any:
    """What was typed, as a valid value of ``p``; ValueError says why not."""
    typed = text.strip()
    if p.optional and typed.lower() in OFF_WORDS:
        return None
    if p.kind in (NUMBER, INTEGER):
        value: Any = _number(typed, p)
    elif p.kind == CHOICE:
        value = _choice(typed, p)
    elif p.kind == FLAG:
        if typed.lower() not in YES + NO:
            raise ValueError(f"type yes or no, not '{safe_text(typed)}'")
        value = typed.lower() in YES
    elif p.kind == MONTH_SET:
        value = months(typed)
    elif p.kind == TEXT:
        value = typed
    else:
        raise AssertionError(p.kind)
    return p.validate(value)


def _number(typed: str, p: Parameter) -> float:
    cleaned = typed.replace(",", "").replace("_", "").replace(" ", "")
    if p.unit and cleaned.lower().endswith(p.unit.lower().replace(" ", "")):
        cleaned = cleaned[:len(cleaned) - len(p.unit.replace(" ", ""))]  # "1000 MW" is 1000
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"'{safe_text(typed)}' is not a number" + (f" ({p.unit})" if p.unit else "")) from None


def _choice(typed: str, p: Parameter) -> str:
    wanted = typed.lower()
    for code in p.choices:
        if wanted in (code.lower(), choice_word(code).lower()):
            return code
    raise ValueError(f"'{safe_text(typed)}' is not one of: {', '.join(choice_word(c) for c in p.choices)}")


def months(typed: str) -> list[str]:
    """Month names, codes or fiscal-year ranges: "Dec, Jan", "may-sep", "November to February"."""
    if typed.strip().lower() in ("all", "all year"):
        return list(MONTHS)
    chosen: list[str] = []
    for part in re.split(r"[,;/]+|\s+and\s+", typed.strip().lower()):
        part = part.strip()
        if part in OFF_WORDS:
            continue
        ends = [e.strip() for e in re.split(r"\s*(?:-|–|\bto\b)\s*", part)]
        if len(ends) == 2:
            first, last = _month(ends[0]), _month(ends[1])
            span = (last - first) % 12 + 1  # ranges may run past June into the next fiscal year
            chosen += [MONTHS[(first + k) % 12] for k in range(span)]
        elif len(ends) == 1:
            chosen += [MONTHS[m] for part_word in ends[0].split() for m in [_month(part_word)]]
        else:
            raise ValueError(f"'{safe_text(part)}' is not a month range; write for example May-Sep")
    return sorted(set(chosen), key=MONTHS.index)


def _month(word: str) -> int:
    for i, name in enumerate(MONTH_NAMES):
        if len(word) >= 3 and name.startswith(word):
            return i
    raise ValueError(f"'{safe_text(word)}' is not a month; write for example Dec, Jan or May-Sep")
