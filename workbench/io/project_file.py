"""Project files: versioned JSON, validated field by field, saved atomically.

Loading never executes anything from the file (no pickle, eval or exec): the bytes are
decoded as UTF-8 JSON with NaN/Infinity and duplicate keys refused, then every field is
checked against the schema and the parameter catalogue. Every problem raises
ProjectFileError naming the file, the field and what is wrong.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench import __version__
from workbench.core.errors import ProjectFileError
from workbench.core.edits import MAX_LOADS, MAX_NAME, MAX_NOTES
from workbench.core.gates import (MAX_CONSULTATIONS, Consultation, GateRecord, RecordError, check_consultation,
                                  check_record)
from workbench.core.parameters import Catalogue, load_problem
from workbench.core.parties import DEFAULT_PARTIES, MAX_LINES, MAX_PARTIES, MAX_PARTY_NAME, OPS, Party, RedLine
from workbench.core.project import Offer, Project, Scenario
from workbench.core.text import has_unsafe, safe_text
from workbench.core.uncertainty import DEFAULT, Uncertain, UncertaintyError, as_default, check_inputs
from workbench.io.bounded_read import UnreadableFile, read_bounded
from workbench.io.gates_loader import load_gates
from workbench.io.migrations import CURRENT_SCHEMA, migrate
from workbench.io.saving import write_project_bytes

FORMAT = "grid-tariff-workbench-project"
EXTENSION = ".wbproj"
MAX_BYTES = 5_000_000
MAX_SCENARIOS = 500
TOP_KEYS = {"format", "schema_version", "app_version", "dataset", "title", "notes", "scenarios", "parties"}
SCENARIO_KEYS = {"name", "parent", "overrides", "large_loads", "notes", "author", "created", "modified", "locked",
                 "offer", "gates", "consultations", "uncertainty"}
# A scenario's own distribution of an uncertain parameter; the rest as in resources/uncertainty.csv
UNCERTAIN_KEYS = {"distribution", "low", "high", "group", "unit", "year", "source", "basis", "note"}
MAX_UNCERTAIN = 100
GATE_KEYS = {"status", "date", "owner", "evidence"}
CONSULTATION_KEYS = {"date", "who", "topic", "outcome"}
OFFER_KEYS = {"proposed_by", "locked_at", "note", "input_hash"}
# Plants of earlier data sets that are now several plants: an override of the old plant's capacity is
# shared in proportion to the new plants' default capacities; its availability applies to each.
SPLIT_PLANTS = {"rfo_hsd": ("rfo_genco_steam", "rfo_ipp_engines")}  # data set 1.0: one RFO fleet


class _Reject(ValueError):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field = field
        self.problem = problem


def load_project(path: str | os.PathLike[str], catalogue: Catalogue) -> Project:
    path = Path(path)
    try:
        data = read_bounded(path, MAX_BYTES, "project file")
    except UnreadableFile as exc:
        raise ProjectFileError(path, "", str(exc)) from None
    return parse_project(data, catalogue, path)


def parse_project(data: bytes, catalogue: Catalogue, path: object = "<project>") -> Project:
    try:
        doc = _decode(data)
        version = _check_header(doc)
        if not isinstance(doc.get("scenarios", []), list):
            raise _Reject("scenarios", "must be a list of scenarios")  # before migrations iterate it
        doc = migrate(doc, version)
        return _build(doc, catalogue)
    except _Reject as exc:
        raise ProjectFileError(path, exc.field, exc.problem) from None


def _decode(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_BYTES:
        raise _Reject("", f"file is {len(data):,} bytes, above the {MAX_BYTES:,}-byte limit for project files")
    if not data.strip():
        raise _Reject("", "the file is empty")
    if data[:1] == b"\x80" or data.startswith((b"(dp", b"ccopy_reg", b"cbuiltins")):
        raise _Reject("", "this is a Python pickle, not a project file; pickles are never loaded")
    if data.startswith(b"PK\x03\x04"):
        raise _Reject("", "this is a zip archive (an Excel workbook?), not a project file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Reject("", "the file is saved as UTF-16; project files are UTF-8 JSON (re-save it as UTF-8)")
    if b"\x00" in data:
        raise _Reject("", "the file holds binary data, not JSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Reject("", f"the file is not UTF-8 text (bad byte at position {exc.start})") from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except _Reject:
        raise
    except json.JSONDecodeError as exc:
        raise _Reject("", f"not valid JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno}, "  # msg may end in "at"
                          f"column {exc.colno}") from None
    except RecursionError:
        raise _Reject("", "JSON nesting is too deep") from None
    except ValueError:  # Python refuses integers with thousands of digits
        raise _Reject("", "a number in the file has too many digits") from None
    if not isinstance(doc, dict):
        raise _Reject("", "the top level must be a JSON object")
    _no_lone_surrogates(doc)
    return doc


def _no_lone_surrogates(doc: Any) -> None:
    """Refuse text holding a lone surrogate escape such as \\ud800: it loads but can never be saved as UTF-8."""
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:  # iterative: the document may be nested close to the recursion limit
        where, value = stack.pop()
        if isinstance(value, str):
            if not _utf8_ok(value):
                raise _Reject(where, "holds an invalid character (a lone \\uD800-\\uDFFF surrogate escape)")
        elif isinstance(value, dict):
            for key, item in value.items():
                if not _utf8_ok(key):
                    raise _Reject(where, "a field name holds an invalid character (a lone surrogate escape)")
                stack.append((f"{where}.{key}" if where else key, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))


def _utf8_ok(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Reject(key, "duplicate key in the same object")
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise _Reject("", f"{name} is not allowed in a project file (only finite numbers)")


def _check_header(doc: dict[str, Any]) -> int:
    if "format" not in doc:
        raise _Reject("format", "missing; this does not look like a workbench project file")
    if doc["format"] != FORMAT:
        raise _Reject("format", f"'{safe_text(doc['format'])}' is not '{FORMAT}'")
    version = doc.get("schema_version")
    if version is None:
        raise _Reject("schema_version", "missing")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Reject("schema_version", "must be a whole number")
    if version > CURRENT_SCHEMA:
        raise _Reject("schema_version", f"the file uses schema {version}, but this workbench ({__version__}) "
                                        f"reads schema {CURRENT_SCHEMA} and older; install a newer workbench "
                                        f"to open it, or ask the sender to save it with this version")
    if version < 1:
        raise _Reject("schema_version", f"{version} is not a valid schema version")
    return version


def _text(value: Any, field: str, limit: int, required: bool = False) -> str:
    if not isinstance(value, str):
        raise _Reject(field, f"must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise _Reject(field, "must not be empty")
    if len(value) > limit:
        raise _Reject(field, f"is {len(value):,} characters long; the limit is {limit:,}")
    return value


def _name(value: Any, field: str) -> str:
    """A scenario name: it is shown in menus, messages and the brief, so only plain text."""
    name = _text(value, field, MAX_NAME, required=True)
    if has_unsafe(name):
        raise _Reject(field, f"'{safe_text(name)}' holds a control or invisible formatting character; "
                             f"names must be plain text")
    return name


def _timestamp(value: Any, field: str) -> str:
    text = _text(value, field, 40)
    if text:
        try:
            datetime.fromisoformat(text)
        except ValueError:
            raise _Reject(field, f"'{safe_text(text)}' is not an ISO 8601 date-time") from None
    return text


def _build(doc: dict[str, Any], catalogue: Catalogue) -> Project:
    unknown = set(doc) - TOP_KEYS
    if unknown:
        raise _Reject(sorted(unknown)[0], "unknown field")
    if "app_version" in doc:
        _text(doc["app_version"], "app_version", 40)
    dataset = doc.get("dataset")
    if dataset is not None:
        if not isinstance(dataset, dict) or set(dataset) != {"name", "version", "hash"} or \
                not all(isinstance(v, str) for v in dataset.values()):
            raise _Reject("dataset", "must be an object with text fields name, version and hash")
    scenarios_raw = doc.get("scenarios")
    if not isinstance(scenarios_raw, list):
        raise _Reject("scenarios", "must be a list of scenarios")
    if not scenarios_raw:
        raise _Reject("scenarios", "the project has no scenarios")
    if len(scenarios_raw) > MAX_SCENARIOS:
        raise _Reject("scenarios", f"{len(scenarios_raw)} scenarios; the limit is {MAX_SCENARIOS}")
    scenarios = [_scenario(raw, f"scenarios[{i}]", catalogue) for i, raw in enumerate(scenarios_raw)]
    names: set[str] = set()
    for i, s in enumerate(scenarios):
        if s.name in names:
            raise _Reject(f"scenarios[{i}].name", f"'{safe_text(s.name)}' is used by two scenarios")
        names.add(s.name)
    parties = _parties(doc["parties"]) if "parties" in doc else DEFAULT_PARTIES
    project = Project(tuple(scenarios), title=_text(doc.get("title", ""), "title", MAX_NAME * 2),
                      notes=_text(doc.get("notes", ""), "notes", MAX_NOTES), dataset=dataset, parties=parties)
    for i, s in enumerate(scenarios):
        if s.parent is not None and s.parent not in names:
            raise _Reject(f"scenarios[{i}].parent", f"unknown parent scenario '{safe_text(s.parent)}'")
    problem = project.inheritance_problem()  # every parent exists now, so only a cycle can fail here
    if problem is not None:
        raise _Reject(f"scenarios[{problem[0]}].parent", problem[1])
    return project


def _parties(raw: Any) -> tuple[Party, ...]:
    """Each party: a plain-text name and its red lines, each {key, op, threshold}."""
    if not isinstance(raw, list):
        raise _Reject("parties", "must be a list of parties")
    if len(raw) > MAX_PARTIES:
        raise _Reject("parties", f"{len(raw)} parties; the limit is {MAX_PARTIES}")
    parties, names = [], set()
    for i, item in enumerate(raw):
        where = f"parties[{i}]"
        if not isinstance(item, dict) or set(item) != {"name", "red_lines"}:
            raise _Reject(where, "must be an object with name and red_lines")
        name = _text(item["name"], f"{where}.name", MAX_PARTY_NAME, required=True)
        if has_unsafe(name):
            raise _Reject(f"{where}.name", f"'{safe_text(name)}' holds a control or invisible formatting character")
        if name in names:
            raise _Reject(f"{where}.name", f"'{safe_text(name)}' names two parties")
        names.add(name)
        lines_raw = item["red_lines"]
        if not isinstance(lines_raw, list) or len(lines_raw) > MAX_LINES:
            raise _Reject(f"{where}.red_lines", f"must be a list of at most {MAX_LINES} red lines")
        lines = []
        for k, line in enumerate(lines_raw):
            at = f"{where}.red_lines[{k}]"
            if not isinstance(line, dict) or set(line) != {"key", "op", "threshold"}:
                raise _Reject(at, "must be an object with key, op and threshold")
            key = _text(line["key"], f"{at}.key", 80, required=True)
            if not key.replace("_", "").isalnum() or not key.isascii():
                raise _Reject(f"{at}.key", f"'{safe_text(key)}' is not a result key")
            if line["op"] not in OPS:
                raise _Reject(f"{at}.op", f"must be one of {', '.join(OPS)}, not '{safe_text(line['op'])}'")
            threshold = line["threshold"]
            if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not math.isfinite(threshold):
                raise _Reject(f"{at}.threshold", "must be a finite number")
            lines.append(RedLine(key, line["op"], float(threshold)))
        parties.append(Party(name, tuple(lines)))
    return tuple(parties)


def _scenario(raw: Any, where: str, catalogue: Catalogue) -> Scenario:
    if not isinstance(raw, dict):
        raise _Reject(where, "must be an object")
    unknown = set(raw) - SCENARIO_KEYS
    if unknown:
        raise _Reject(f"{where}.{sorted(unknown)[0]}", "unknown field")
    if "name" not in raw:
        raise _Reject(f"{where}.name", "missing")
    name = _name(raw["name"], f"{where}.name")
    parent = raw.get("parent")
    if parent is not None:
        _name(parent, f"{where}.parent")
    overrides_raw = raw.get("overrides", {})
    if not isinstance(overrides_raw, dict):
        raise _Reject(f"{where}.overrides", "must be an object of parameter: value")
    overrides = {}
    for key, value in _split_plant_overrides(overrides_raw, catalogue).items():
        field = f"{where}.overrides.{key}"
        if key not in catalogue:
            raise _Reject(field, "unknown parameter")
        try:
            overrides[key] = catalogue[key].validate(value)
        except ValueError as exc:
            raise _Reject(field, str(exc)) from None
        except OverflowError:
            raise _Reject(field, "the number is too large") from None
    loads = None
    if raw.get("large_loads") is not None:
        loads = _loads(raw["large_loads"], f"{where}.large_loads", catalogue)
    locked = raw.get("locked", False)
    if not isinstance(locked, bool):
        raise _Reject(f"{where}.locked", "must be true or false")
    offer = _offer(raw.get("offer"), f"{where}.offer")
    if offer is not None and not locked:
        raise _Reject(f"{where}.offer", "only a locked scenario records an offer")
    return Scenario(
        name=name, parent=parent, overrides=overrides, large_loads=loads,
        notes=_text(raw.get("notes", ""), f"{where}.notes", MAX_NOTES),
        author=_text(raw.get("author", ""), f"{where}.author", MAX_NAME),
        created=_timestamp(raw.get("created", ""), f"{where}.created"),
        modified=_timestamp(raw.get("modified", ""), f"{where}.modified"),
        locked=locked,
        offer=offer,
        gates=_gates(raw.get("gates", {}), f"{where}.gates"),
        consultations=_consultations(raw.get("consultations", []), f"{where}.consultations"),
        uncertainty=_uncertainty(raw.get("uncertainty", {}), f"{where}.uncertainty", catalogue),
    )


def _uncertainty(raw: Any, where: str, catalogue: Catalogue) -> dict[str, Uncertain]:
    """parameter -> the scenario's own distribution of it. Its source, if any, is checked against the
    data set when a study runs (the file is read without the data set's sources)."""
    if not isinstance(raw, dict):
        raise _Reject(where, "must be an object of parameter: distribution")
    if len(raw) > MAX_UNCERTAIN:
        raise _Reject(where, f"{len(raw)} uncertain parameters; the limit is {MAX_UNCERTAIN}")
    out = {}
    for key, item in raw.items():
        at = f"{where}.{key}"
        if not isinstance(item, dict):
            raise _Reject(at, "must be an object with distribution, low, high and note")
        unknown = set(item) - UNCERTAIN_KEYS
        if unknown:
            raise _Reject(f"{at}.{sorted(unknown)[0]}", "unknown field")
        if "distribution" not in item:
            raise _Reject(f"{at}.distribution", "missing")
        if item["distribution"] == DEFAULT:  # "as the default ranges say", undoing a parent's entry
            extra = sorted(set(item) - {"distribution"})
            if extra:
                raise _Reject(f"{at}.{extra[0]}", "a 'default' entry has no other field")
            if key not in catalogue:
                raise _Reject(at, "is not a parameter of the catalogue")
            out[key] = as_default(key)
            continue
        for required in ("low", "high"):
            if required not in item:
                raise _Reject(f"{at}.{required}", "missing")
        for name in ("low", "high"):
            x = item[name]
            if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
                raise _Reject(f"{at}.{name}", "must be a finite number")
        text = {name: _text(item.get(name, ""), f"{at}.{name}", MAX_NOTES if name == "note" else MAX_NAME)
                for name in UNCERTAIN_KEYS - {"low", "high"}}
        u = Uncertain(key, text["distribution"], float(item["low"]), float(item["high"]), text["group"],
                      text["unit"], text["year"], text["source"], text["basis"] or "estimate", text["note"])
        try:
            check_inputs((u,), catalogue, where)
        except UncertaintyError as exc:
            raise _Reject(f"{at}.{exc.part}" if exc.part else at, exc.problem) from None
        out[key] = u
    return out


def _offer(raw: Any, where: str) -> Offer | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _Reject(where, "must be an object with proposed_by, locked_at, note and input_hash")
    unknown = set(raw) - OFFER_KEYS
    if unknown:
        raise _Reject(f"{where}.{sorted(unknown)[0]}", "unknown field")
    input_hash = _text(raw.get("input_hash", ""), f"{where}.input_hash", 64)
    if input_hash and not all(c in "0123456789abcdef" for c in input_hash):
        raise _Reject(f"{where}.input_hash", "must be a hexadecimal sha256")
    return Offer(proposed_by=_text(raw.get("proposed_by", ""), f"{where}.proposed_by", MAX_NAME),
                 locked_at=_timestamp(raw.get("locked_at", ""), f"{where}.locked_at"),
                 note=_text(raw.get("note", ""), f"{where}.note", MAX_NOTES), input_hash=input_hash)


def _gates(raw: Any, where: str) -> dict[str, GateRecord]:
    if not isinstance(raw, dict):
        raise _Reject(where, "must be an object of gate id: record")
    known = [g.id for g in load_gates()]
    out = {}
    for gate_id, item in raw.items():
        at = f"{where}.{gate_id}"
        if gate_id not in known:
            raise _Reject(at, f"unknown gate; the gates are: {', '.join(known)}")
        fields = _record(item, at, GATE_KEYS)
        record = GateRecord(**fields)
        try:
            check_record(record)
        except RecordError as exc:
            raise _Reject(f"{at}.{exc.field}", exc.problem) from None
        out[gate_id] = record
    return out


def _consultations(raw: Any, where: str) -> tuple[Consultation, ...]:
    if not isinstance(raw, list):
        raise _Reject(where, "must be a list of dated entries")
    if len(raw) > MAX_CONSULTATIONS:
        raise _Reject(where, f"{len(raw)} entries; the limit is {MAX_CONSULTATIONS}")
    out = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        fields = _record(item, at, CONSULTATION_KEYS)
        entry = Consultation(**{"date": "", "who": "", "topic": "", **fields})
        try:
            check_consultation(entry)
        except RecordError as exc:
            raise _Reject(f"{at}.{exc.field}", exc.problem) from None
        out.append(entry)
    return tuple(sorted(out, key=lambda e: e.date))


def _record(item: Any, where: str, keys: set[str]) -> dict[str, str]:
    """An object whose fields are all text, none unknown."""
    if not isinstance(item, dict):
        raise _Reject(where, f"must be an object with {', '.join(sorted(keys))}")
    unknown = set(item) - keys
    if unknown:
        raise _Reject(f"{where}.{sorted(unknown)[0]}", "unknown field")
    for key, value in item.items():
        if not isinstance(value, str):
            raise _Reject(f"{where}.{key}", f"must be text, not {type(value).__name__}")
    return dict(item)


def _loads(raw: Any, where: str, catalogue: Catalogue) -> tuple[dict[str, Any], ...]:
    if not isinstance(raw, list):
        raise _Reject(where, "must be a list of large loads")
    if len(raw) > MAX_LOADS:
        raise _Reject(where, f"{len(raw)} large loads; the limit is {MAX_LOADS}")
    loads = []
    seen: set[Any] = set()
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise _Reject(at, "must be an object")
        for required in ("name", "mw"):
            if required not in item:
                raise _Reject(f"{at}.{required}", "missing")
        load = {}
        for key, value in item.items():
            if key not in catalogue.load_fields:
                raise _Reject(f"{at}.{key}", "unknown large-load field")
            try:
                load[key] = catalogue.load_fields[key].validate(value)
            except ValueError as exc:
                raise _Reject(f"{at}.{key}", str(exc)) from None
            except OverflowError:
                raise _Reject(f"{at}.{key}", "the number is too large") from None
        problem = load_problem(load)
        if problem is not None:
            raise _Reject(f"{at}.{problem[0]}", problem[1])
        if load["name"] in seen:
            raise _Reject(f"{at}.name", f"'{safe_text(load['name'])}' is used by two large loads")
        seen.add(load["name"])
        loads.append(load)
    return tuple(loads)


def _split_plant_overrides(overrides: dict[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """Overrides of a plant that the data set now splits (SPLIT_PLANTS), restated on its parts."""
    out: dict[str, Any] = {}
    for key, value in overrides.items():
        parts = key.split(".")
        new = SPLIT_PLANTS.get(parts[1]) if len(parts) == 3 and parts[0] == "plant" else None
        if key in catalogue or new is None or not all(f"plant.{p}.{parts[2]}" in catalogue for p in new):
            out[key] = value
        elif parts[2] == "capacity_mw" and isinstance(value, (int, float)) and not isinstance(value, bool):
            defaults = [float(catalogue[f"plant.{p}.capacity_mw"].default) for p in new]
            for p, default in zip(new, defaults):
                out.setdefault(f"plant.{p}.capacity_mw", value * default / sum(defaults))
        else:
            for p in new:
                out.setdefault(f"plant.{p}.{parts[2]}", value)
    return out


def to_document(project: Project, dataset_identity: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON document for a project (current schema)."""
    scenarios = []
    for s in project.scenarios:
        item: dict[str, Any] = {"name": s.name, "parent": s.parent, "notes": s.notes, "author": s.author,
                                "created": s.created, "modified": s.modified, "locked": s.locked,
                                "offer": asdict(s.offer) if s.offer else None, "overrides": dict(s.overrides)}
        if s.large_loads is not None:
            item["large_loads"] = [dict(load) for load in s.large_loads]
        if s.gates:
            item["gates"] = {gate_id: asdict(record) for gate_id, record in s.gates.items()}
        if s.consultations:
            item["consultations"] = [asdict(entry) for entry in s.consultations]
        if s.uncertainty:
            item["uncertainty"] = {key: {"distribution": DEFAULT} if u.distribution == DEFAULT else
                                   {k: v for k, v in asdict(u).items() if k != "key" and v != ""}
                                   for key, u in s.uncertainty.items()}
        scenarios.append(item)
    return {"format": FORMAT, "schema_version": CURRENT_SCHEMA, "app_version": __version__,
            "dataset": dataset_identity or (dict(project.dataset) if project.dataset else None),
            "title": project.title, "notes": project.notes,
            "parties": [{"name": p.name, "red_lines": [asdict(line) for line in p.lines]} for p in project.parties],
            "scenarios": scenarios}


def dumps(project: Project, dataset_identity: dict[str, str] | None = None) -> bytes:
    text = json.dumps(to_document(project, dataset_identity), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def save_project(project: Project, path: str | os.PathLike[str],
                 dataset_identity: dict[str, str] | None = None) -> None:
    """Atomic save with three backup generations; nothing half-written, ever."""
    write_project_bytes(path, dumps(project, dataset_identity))
