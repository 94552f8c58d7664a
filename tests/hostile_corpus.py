"""The hostile corpus: project files and workbooks an attacker or an unlucky user could send, built on disk.

Sources, each file holding one problem:
- the committed malformed project files (tests/malformed/, one problem each);
- every failure of the reliability review: special files (a FIFO, links to /dev/zero and
  /dev/urandom, a folder, a socket), escape and bidi sequences in names, keys and the format,
  a 1 MB key, 1e300, an escaped NUL in a name, a system with nothing to generate, fuel
  escalated past the value of lost load, a project past the work cap, a file past the size cap;
- every scenario parameter, large-load field and plant value out of its bounds or of the
  wrong type (so each bound in the catalogue is proved to hold, not only a sample of them);
- every hostile workbook of tests/test_excel_assumptions.py and its bombs.

``build_corpus(folder)`` writes them and returns the cases; tests/hostile_runner.py runs
them in a separate process that measures time and memory. ``python -m tests.hostile_corpus
OUT`` writes the corpus to OUT, as seeds for the fuzzers in tools/fuzz/.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from workbench.core.parameters import CHOICE, FLAG, INTEGER, LARGE_LOAD_FIELDS, MONTH_SET, NUMBER, SCALARS, TEXT
from workbench.session import EXAMPLE_PROJECT

HERE = Path(__file__).resolve().parent
ESC, BIDI = "\x1b[31m", "\u202e"


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "project": validate refuses it; "workbook": import-assumptions refuses it
    path: str
    expect: str = ""  # text the message must contain (the field or the problem), "" when any refusal will do


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE_PROJECT.read_text(encoding="utf-8"))


def edited(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    doc = example()
    change(doc)
    return doc


def first(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["scenarios"][0]


def wrong_values(p) -> list[tuple[str, Any]]:  # type: ignore[no-untyped-def]
    """Values a parameter must refuse: past each bound, and of the wrong type."""
    out: list[tuple[str, Any]] = []
    if p.kind in (NUMBER, INTEGER):
        if p.minimum is not None:
            out.append(("below-minimum", p.minimum - 1))
        if p.maximum is not None:
            out.append(("above-maximum", p.maximum * 10 + 1))
        out += [("as-text", "12"), ("as-boolean", True)]
    elif p.kind == CHOICE:
        out += [("unknown-choice", ESC + "nope"), ("as-number", 1)]
    elif p.kind == FLAG:
        out += [("as-text", "yes"), ("as-number", 0)]
    elif p.kind == MONTH_SET:
        out += [("unknown-month", ["smarch"]), ("as-text", "jan")]
    elif p.kind == TEXT:
        out += [("control-character", "a\x07b"), ("as-list", ["x"])]
    if not p.optional:
        out.append(("null", None))
    return out


def review_cases() -> dict[str, tuple[dict[str, Any] | bytes, str]]:
    """Each failure the reliability review found, as a file: name -> (document or bytes, expected text)."""
    plants = example_plants()
    cases: dict[str, tuple[dict[str, Any] | bytes, str]] = {
        "escape-in-unknown-parent": (edited(lambda d: d["scenarios"][1].update(parent=ESC + "x" + BIDI)),
                                     "scenarios[1].parent"),
        "escape-in-duplicate-name": (edited(lambda d: [s.update(name="dup" + ESC) for s in d["scenarios"][:2]]),
                                     "scenarios[0].name"),
        "plain-duplicate-name": (edited(lambda d: [s.update(name="Same") for s in d["scenarios"][:2]]),
                                 "is used by two scenarios"),
        "escape-in-format": (edited(lambda d: d.update(format="\x1b]0;owned\x07" + BIDI)), "format"),
        "escape-in-field-name": (edited(lambda d: first(d).update({ESC + "f" + BIDI: 1})), "unknown field"),
        "escape-in-top-level-field": (edited(lambda d: d.update({"\x9b2J": 1})), "unknown field"),
        "escape-in-parameter-name": (edited(lambda d: first(d)["overrides"].update({ESC + "k": 1})),
                                     "unknown parameter"),
        "one-megabyte-key": (edited(lambda d: first(d)["overrides"].update({"k" * 1_000_000: 1})),
                             "unknown parameter"),
        "1e300": (edited(lambda d: first(d)["overrides"].update(pkr_per_usd=1e300)), "1e+300 is above"),
        "escaped-nul-in-name": (edited(lambda d: [first(d).update(name="No\u0000allocation"),
                                                  d["scenarios"][1].update(parent="No\u0000allocation")]),
                                "scenarios[0].name"),
        "bidi-in-load-name": (edited(lambda d: d["scenarios"][1]["large_loads"][0].update(name="a" + BIDI)),
                              "large_loads[0].name"),
        "zero-capacities": (edited(lambda d: first(d)["overrides"].update(
            {f"plant.{p}.capacity_mw": 0 for p in plants})), "no plant can generate"),
        "zero-availabilities": (edited(lambda d: first(d)["overrides"].update(
            {f"plant.{p}.availability": 0 for p in plants})), "no plant can generate"),
        "fuel-escalation-past-lost-load": (edited(lambda d: first(d)["overrides"].update(
            fuel_escalation_pct=50, study_years=15)), "value of lost load"),
        "too-many-scenarios": (edited(lambda d: d.update(scenarios=[
            {**first(d), "name": f"S{i}", "parent": None} for i in range(501)])), "the limit is 500"),
        "past-the-work-cap": (past_the_work_cap(), "scenario-years"),
        "cycle-of-three": (edited(lambda d: [d["scenarios"][0].update(parent="Stress")]), "inheritance cycle"),
        "over-the-size-cap": (b'{"format": "grid-tariff-workbench-project", "notes": "' + b"x" * 5_100_000 + b'"}',
                              "limit"),
        "deep-nesting": (b'{"format": "grid-tariff-workbench-project", "schema_version": 3, "title": '
                         + b"[" * 100_000 + b"]" * 100_000 + b"}", ""),
        "utf16": (json.dumps(example()).encode("utf-16"), "UTF-16"),
        "gate-unknown-id": (edited(lambda d: d["scenarios"][1].update(gates={ESC + "x": {"status": "granted"}})),
                            "unknown gate"),
        "gate-bad-status": (edited(lambda d: d["scenarios"][1].update(gates={"nepra_tariff": {"status": BIDI}})),
                            "gates.nepra_tariff.status"),
        "consultation-not-a-list": (edited(lambda d: d["scenarios"][1].update(consultations="IMF")),
                                    "must be a list"),
        "long-unknown-choice": (edited(lambda d: first(d)["overrides"].update(zones="z" * 100_000)),
                                "is not one of"),
    }
    return cases


def example_plants() -> list[str]:
    return [k.split(".")[1] for k in catalogue_keys() if k.startswith("plant.") and k.endswith(".capacity_mw")]


def catalogue_keys() -> list[str]:
    from workbench.core.parameters import build_catalogue
    from workbench.io.dataset_loader import load_dataset
    return list(build_catalogue(load_dataset()).parameters)


def past_the_work_cap() -> dict[str, Any]:
    """500 scenarios x 100 loads x 15 years: about 1.4 MB, inside every size limit, and far past the work cap."""
    doc = example()
    base = first(doc)
    loads = [{"name": f"L{i}", "mw": 10.0} for i in range(100)]
    doc["scenarios"] = [{**base, "name": f"S{i}", "parent": None, "overrides": {"study_years": 15},
                         "large_loads": loads} for i in range(500)]
    return doc


def bound_cases() -> dict[str, tuple[dict[str, Any], str]]:
    """Every scalar parameter, large-load field and plant value, out of bounds or of the wrong type."""
    cases: dict[str, tuple[dict[str, Any], str]] = {}
    for p in SCALARS:
        for what, value in wrong_values(p):
            doc = edited(lambda d: first(d)["overrides"].update({p.key: value}))
            cases[f"override-{p.key}-{what}"] = (doc, f"scenarios[0].overrides.{p.key}: ")
    for p in LARGE_LOAD_FIELDS:
        for what, value in wrong_values(p):
            doc = edited(lambda d: d["scenarios"][1]["large_loads"][0].update({p.key: value}))
            cases[f"load-{p.key}-{what}"] = (doc, f"scenarios[1].large_loads[0].{p.key}: ")
    for key in catalogue_keys():
        if key.startswith("plant."):
            value = -1 if key.endswith("capacity_mw") else 1.5
            doc = edited(lambda d: first(d)["overrides"].update({key: value}))
            cases[f"plant-{key}"] = (doc, f"scenarios[0].overrides.{key}: ")
    return cases


def special_files(folder: Path) -> list[Case]:
    """Things at a project path that are not regular files; made at test time, never committed."""
    out = []
    fifo = folder / "fifo.wbproj"
    os.mkfifo(fifo)
    out.append(Case("special-fifo", "project", str(fifo), "named pipe"))
    for device in ("/dev/zero", "/dev/urandom"):
        link = folder / f"link-to-{Path(device).name}.wbproj"
        link.symlink_to(device)
        out.append(Case(f"special-{Path(device).name}", "project", str(link), "not a regular file"))
    (folder / "a-folder.wbproj").mkdir()
    out.append(Case("special-folder", "project", str(folder / "a-folder.wbproj"), "folder"))
    sock_path = folder / "socket.wbproj"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    out.append(Case("special-socket", "project", str(sock_path), "socket"))
    dangling = folder / "dangling.wbproj"
    dangling.symlink_to(folder / "nowhere.wbproj")
    out.append(Case("special-dangling-link", "project", str(dangling), "no such file"))
    fifo_book = folder / "fifo.xlsx"
    os.mkfifo(fifo_book)
    out.append(Case("special-fifo-workbook", "workbook", str(fifo_book), "named pipe"))
    return out


def workbook_cases(folder: Path) -> list[Case]:
    """The hostile workbooks of the importer's tests, built from a fresh template."""
    from tests import test_excel_assumptions as tx
    from workbench.io.excel_assumptions import write_template
    from workbench.session import open_session

    session = open_session()
    template = folder / "template.xlsx"
    write_template(session.project, "Government proposal", session.catalogue, session.dataset, str(template))
    builders = [(name, build, message) for name, build, _field, message in tx.HOSTILE]
    builders += [("zip-bomb", tx.zip_bomb, ""), ("ratio-bomb", tx.ratio_bomb, ""),
                 ("many-parts-bomb", tx.many_parts_bomb, ""), ("too-big", tx.too_big, ""),
                 ("duplicate-part", tx.duplicate_part, ""),
                 ("billion-laughs", tx.by_sheet_xml(tx.with_doctype(tx.LAUGHS, b"&lol9;")), ""),
                 ("merge-bomb", tx.by_sheet_xml(lambda x: x.replace(b'ref="A2:H2"', b'ref="A2:XFD1048576"')), "")]
    out, seen = [], set()
    for name, build, message in builders:
        if name in seen:  # a bomb the importer's hostile list already holds
            continue
        seen.add(name)
        work = folder / f"wb-{name}"
        work.mkdir()
        path = build(template, work)
        final = folder / f"workbook-{name}.xlsx"
        shutil.move(path, final)
        shutil.rmtree(work)
        out.append(Case(f"workbook-{name}", "workbook", str(final), message))
    return out


def build_corpus(folder: Path, special: bool = True) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    expected = json.loads((HERE / "malformed" / "expected.json").read_text(encoding="utf-8"))
    for path in sorted((HERE / "malformed").glob("*.wbproj")):
        cases.append(Case(f"malformed-{path.stem}", "project", str(path), expected[path.name]))
    for name, (doc, expect) in {**review_cases(), **bound_cases()}.items():
        path = folder / f"{name}.wbproj"
        data = doc if isinstance(doc, bytes) else json.dumps(doc, ensure_ascii=False).encode("utf-8")
        path.write_bytes(data)
        cases.append(Case(name, "project", str(path), expect))
    if special:
        cases += special_files(folder)
    cases += workbook_cases(folder)
    return cases


if __name__ == "__main__":
    built = build_corpus(Path(sys.argv[1]), special=False)
    print(f"wrote {len(built)} hostile files to {sys.argv[1]}")
