"""Pure, ordered migrations of project documents: version N -> N + 1, one function each.

A frozen example of every released schema lives in tests/data/project_v<N>.wbproj and must
keep loading. Add a migration here (never edit an old one) when the schema changes.
"""
from __future__ import annotations

from typing import Any, Callable

CURRENT_SCHEMA = 6

Document = dict[str, Any]

# Schema 1 named large-load fields differently.
_V1_LOAD_FIELDS = {"capacity_mw": "mw", "type": "kind", "tariff_rs_per_kwh": "tariff_pkr_per_kwh"}


def _v1_to_v2(doc: Document) -> Document:
    """Schema 1 (prototype): "base" for the parent, "values" for overrides, "loads", "note";
    no data-set identity, author, timestamps or lock."""
    scenarios = []
    for s in doc.get("scenarios", []):
        if not isinstance(s, dict):
            scenarios.append(s)  # left for validation to report with its position
            continue
        new = {k: v for k, v in s.items() if k not in ("base", "values", "loads", "note")}
        new["parent"] = s.get("base")
        new["overrides"] = s.get("values", {})
        if "loads" in s:
            loads = s["loads"]
            new["large_loads"] = [{_V1_LOAD_FIELDS.get(k, k): v for k, v in load.items()}
                                  if isinstance(load, dict) else load
                                  for load in loads] if isinstance(loads, list) else loads
        new["notes"] = s.get("note", "")
        new.setdefault("author", "")
        new.setdefault("created", "")
        new.setdefault("modified", "")
        new.setdefault("locked", False)
        scenarios.append(new)
    out = {k: v for k, v in doc.items() if k != "scenarios"}
    out["scenarios"] = scenarios
    out["schema_version"] = 2
    out.setdefault("dataset", None)
    out.setdefault("title", "")
    out.setdefault("notes", "")
    return out


def _v2_to_v3(doc: Document) -> Document:
    """Schema 3 adds an optional "offer" record (who proposed it, when, a note) to locked scenarios;
    schema 2 locked scenarios keep their lock without one."""
    out = dict(doc)
    out["schema_version"] = 3
    return out


def _v3_to_v4(doc: Document) -> Document:
    """Schema 4 adds each scenario's institutional gates and consultation log; schema 3 scenarios
    have none recorded (every gate not started, no consultation)."""
    out = dict(doc)
    out["schema_version"] = 4
    return out


def _v4_to_v5(doc: Document) -> Document:
    """Schema 5 adds the project's parties and their red lines; a schema 4 project has none
    recorded and gets the default parties (IMF, Power Division, Investors) when it is read."""
    out = dict(doc)
    out["schema_version"] = 5
    return out


def _v5_to_v6(doc: Document) -> Document:
    """Schema 6 lets a scenario set its own distribution of an uncertain parameter ("uncertainty");
    a schema 5 scenario has none and is studied over the default distributions."""
    out = dict(doc)
    out["schema_version"] = 6
    return out


MIGRATIONS: dict[int, Callable[[Document], Document]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                                         5: _v5_to_v6}


def migrate(doc: Document, version: int) -> Document:
    """Apply every migration from ``version`` up to the current schema."""
    while version < CURRENT_SCHEMA:
        doc = MIGRATIONS[version](doc)
        version += 1
    return doc
