"""Assumption workbooks: round trips through Excel, the command line, and a corpus of hostile workbooks.

Every hostile workbook is generated here into tmp_path (no binaries in the repository): a
template is written, then edited with openpyxl (wrong values, formulas) or rebuilt with zipfile
(zip bombs, entity tricks, macros). Each must be refused with its own message naming the cell.
"""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import workbench.io.excel_assumptions as xa
import workbench.io.untrusted_xlsx as untrusted
from workbench.core.errors import ProjectFileError, ScenarioError
from workbench.core.project import Scenario, diff, resolve
from workbench.io.excel_assumptions import AssumptionsBook, import_assumptions, read_assumptions, write_template
from workbench.io.project_file import load_project

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "pakistan-2000mw.wbproj"
BASE = "Government proposal"
SOUTH = "Miners at Port Qasim and China Hub"
SHEET1 = "xl/worksheets/sheet1.xml"


# ------------------------------------------------------------------------------ helpers

@pytest.fixture(scope="module")
def template(tmp_path_factory, example_session) -> Path:
    """The template of the Government proposal, written once for the module; copy before editing."""
    path = tmp_path_factory.mktemp("template") / "assumptions.xlsx"
    s = example_session
    write_template(s.project, BASE, s.catalogue, s.dataset, path)
    return path


def row_of(ws, key: str) -> int:
    return next(c.row for c in ws["A"] if c.value == key)


def col_of(ws, key: str) -> int:
    return next(c.column for c in ws[1] if c.value == key)


def value_cell(wb, key: str):
    ws = wb["Assumptions"]
    return ws.cell(row_of(ws, key), 5)


def load_cell(wb, load_name: str, field: str):
    ws = wb["Large loads"]
    row = next(c.row for c in ws["A"] if c.value == load_name)
    return ws.cell(row, col_of(ws, field))


def edit(src: Path, dst: Path, change: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)
    return dst


def rezip(src: Path, dst: Path, replace: dict[str, bytes | None] | None = None,
          add: dict[str, bytes] | None = None) -> Path:
    """Copy a workbook's zip, replacing (or, with None, dropping) parts and adding others."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(SHEET1)


def read_and_import(path: Path, session, name: str = "Imported"):
    book = read_assumptions(path, session.catalogue)
    return book, import_assumptions(session.project, session.catalogue, book, name)


# ------------------------------------------------------------------------------ round trips

def test_round_trip_two_changes_show_exactly_two_diff_rows(template, tmp_path, example_session):
    s = example_session

    def change(wb):
        assert value_cell(wb, "pkr_per_usd").value == 280
        value_cell(wb, "pkr_per_usd").value = 305
        assert load_cell(wb, SOUTH, "tariff_pkr_per_kwh").value == 23
        load_cell(wb, SOUTH, "tariff_pkr_per_kwh").value = 25.5

    book, project = read_and_import(edit(template, tmp_path / "edited.xlsx", change), s, "Counter-offer")
    assert book.base_scenario == BASE and book.dataset_label == s.dataset.label
    rows = diff(project, BASE, "Counter-offer", s.catalogue)
    assert [(r.key, r.a, r.b) for r in rows] == [
        ("pkr_per_usd", 280.0, 305.0),
        (f"large_loads[{SOUTH}].tariff_pkr_per_kwh", 23.0, 25.5)]
    new = project.scenario("Counter-offer")
    assert new.parent == BASE and dict(new.overrides) == {"pkr_per_usd": 305.0}
    assert new.large_loads is not None and new.large_loads[0]["tariff_pkr_per_kwh"] == 25.5
    assert new.large_loads[1] == s.project.scenario(BASE).large_loads[1]  # untouched load stored as before
    assert "edited.xlsx" in new.notes and new.author == "" and new.created == new.modified != ""
    assert project.scenarios[:-1] == s.project.scenarios  # nothing else changed


@pytest.mark.parametrize("name", ["No allocation", BASE, "Curtailable, winter-weighted", "Mixed", "Stress"])
def test_unchanged_workbook_is_an_empty_child(tmp_path, example_session, name):
    s = example_session
    path = tmp_path / "same.xlsx"
    write_template(s.project, name, s.catalogue, s.dataset, path)
    book, project = read_and_import(path, s)
    assert len(book.values) == len(s.catalogue.parameters)
    new = project.scenario("Imported")
    assert new.parent == name and dict(new.overrides) == {} and new.large_loads is None
    assert diff(project, name, "Imported", s.catalogue) == []
    assert resolve(project, "Imported", s.catalogue).values == resolve(s.project, name, s.catalogue).values


def test_every_kind_of_value_round_trips(tmp_path, example_session):
    s, base = example_session, "Curtailable, winter-weighted"
    path = tmp_path / "kinds.xlsx"
    write_template(s.project, base, s.catalogue, s.dataset, path)

    def change(wb):
        value_cell(wb, "study_first_fy").value = 2027          # integer
        value_cell(wb, "zones").value = "single"               # choice
        value_cell(wb, "include_pipeline").value = "no"        # flag as text
        value_cell(wb, "hydrology_factor").value = 0.8         # number
        value_cell(wb, "tariff_policy").value = " held_at_notified "  # stray spaces around a choice
        assert load_cell(wb, SOUTH, "curtail_window_months").value == "jul, aug, sep, may, jun"
        load_cell(wb, SOUTH, "curtail_window_months").value = "Dec, jan"   # month list, any case
        load_cell(wb, SOUTH, "curtail_below_headroom_mw").value = "off"    # optional rule off
        assert load_cell(wb, SOUTH, "curtail_above_marginal_cost_pkr_per_kwh").value == "off"
        load_cell(wb, SOUTH, "curtail_above_marginal_cost_pkr_per_kwh").value = 60   # rule on
        load_cell(wb, SOUTH, "curtail_months").value = "none"
        ws = wb["Large loads"]
        ws.cell(5, col_of(ws, "name")).value = "New data centre"  # a new row: only the cells typed
        ws.cell(5, col_of(ws, "mw")).value = 100
        ws.cell(5, col_of(ws, "kind")).value = "ai_data_centre"

    _, project = read_and_import(edit(path, tmp_path / "edited.xlsx", change), s)
    new = project.scenario("Imported")
    assert dict(new.overrides) == {"study_first_fy": 2027, "zones": "single", "include_pipeline": False,
                                   "hydrology_factor": 0.8, "tariff_policy": "held_at_notified"}
    assert isinstance(new.overrides["study_first_fy"], int)
    south, north, dc = new.large_loads
    assert south["curtail_window_months"] == ["dec", "jan"] and south["curtail_below_headroom_mw"] is None
    assert south["curtail_above_marginal_cost_pkr_per_kwh"] == 60.0
    assert "curtail_months" not in south  # [] is the default and the base did not set it
    assert north == s.project.scenario(base).large_loads[1]
    assert dc == {"name": "New data centre", "kind": "ai_data_centre", "mw": 100.0}
    assert {r.key for r in diff(project, base, "Imported", s.catalogue)} == {
        "study_first_fy", "zones", "include_pipeline", "hydrology_factor", "tariff_policy",
        f"large_loads[{SOUTH}].curtail_below_headroom_mw",
        f"large_loads[{SOUTH}].curtail_above_marginal_cost_pkr_per_kwh",
        f"large_loads[{SOUTH}].curtail_window_months", "large_loads[New data centre]"}
    # and the result survives the project file
    from workbench.io.project_file import dumps, parse_project
    again = parse_project(dumps(project), s.catalogue)
    assert again.scenario("Imported") == new


def test_excel_true_false_cells_are_flags_and_empty_cells_take_defaults(template, tmp_path, example_session):
    s = example_session

    def change(wb):
        value_cell(wb, "include_pipeline").value = False
        load_cell(wb, SOUTH, "load_factor").value = None     # empty: the field's default (0.9)

    book = read_assumptions(edit(template, tmp_path / "b.xlsx", change), s.catalogue)
    assert book.values["include_pipeline"] is False
    assert "load_factor" not in book.large_loads[0]


def test_numbers_keep_their_precision(tmp_path, example_session):
    """openpyxl writes 16 significant digits: 0.1 + 0.2 comes back as 0.3 and is not a change."""
    s = example_session
    odd = 0.1 + 0.2
    project = s.project.with_scenario(Scenario("Precise", parent=BASE, overrides={"demand_growth_pct": odd}))
    path = tmp_path / "precise.xlsx"
    write_template(project, "Precise", s.catalogue, s.dataset, path)
    book = read_assumptions(path, s.catalogue)
    out = import_assumptions(project, s.catalogue, book, "Copy")
    assert dict(out.scenario("Copy").overrides) == {} and diff(out, "Precise", "Copy", s.catalogue) == []
    typed = {"fuel_escalation_pct": 1 / 3, "btc_price_usd": 123456.789012345, "hydrology_factor": 0.300000000001,
             "tariff_policy": "pass_through"}  # values a user types come back exactly
    done = edit(path, tmp_path / "v.xlsx",
                lambda wb: [setattr(value_cell(wb, k), "value", v) for k, v in typed.items()])
    values = read_assumptions(done, s.catalogue).values
    assert {k: values[k] for k in typed} == typed


def test_missing_loads_sheet_and_deleted_rows_inherit(template, tmp_path, example_session):
    s = example_session

    def change(wb):
        del wb["Large loads"]
        ws = wb["Assumptions"]
        ws.delete_rows(row_of(ws, "btc_price_usd"))

    book, project = read_and_import(edit(template, tmp_path / "b.xlsx", change), s)
    assert book.large_loads is None and "btc_price_usd" not in book.values
    assert project.scenario("Imported").large_loads is None and diff(project, BASE, "Imported", s.catalogue) == []


def test_template_layout(template, example_session):
    wb = openpyxl.load_workbook(template)
    ws = wb["Assumptions"]
    assert [c.value for c in ws[xa.HEADER_ROW]] == list(xa.COLUMNS)
    assert ws.freeze_panes == f"A{xa.HEADER_ROW + 1}" and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    (sheet, ref), = wb.defined_names["BaseScenario"].destinations
    assert sheet == "Assumptions" and ws[ref.replace("$", "")].value == BASE
    cat = example_session.catalogue
    for key in cat.parameters:
        cell = value_cell(wb, key)
        assert cell.data_type == "n" if cat[key].kind in ("number", "integer") else cell.data_type == "s", key
    assert value_cell(wb, "include_pipeline").value == "yes"
    assert ws.cell(row_of(ws, "pkr_per_usd"), 7).alignment.wrap_text
    assert len(ws.data_validations.dataValidation) > 0
    loads = wb["Large loads"]
    assert [c.value for c in loads[1]] == list(cat.load_fields) and loads.cell(3, 1).value == SOUTH
    assert not any(c.data_type == "f" for sheet in wb for row in sheet.iter_rows() for c in row)


def test_user_text_is_never_a_formula(tmp_path, example_session):
    s = example_session
    load = {"name": "=HYPERLINK(\"http://x\")", "mw": 10.0}
    project = s.project.with_scenario(Scenario("Odd", parent=BASE, large_loads=(load,)))
    path = tmp_path / "odd.xlsx"
    write_template(project, "Odd", s.catalogue, s.dataset, path)
    cell = openpyxl.load_workbook(path)["Large loads"]["A3"]
    assert cell.data_type == "s" and cell.quotePrefix
    book = read_assumptions(path, s.catalogue)  # text marked as text reads back as the same text
    assert book.large_loads[0]["name"] == load["name"]
    assert import_assumptions(project, s.catalogue, book, "Copy").scenario("Copy").large_loads is None


def test_import_refuses_taken_names_and_unknown_bases(template, example_session):
    s = example_session
    book = read_assumptions(template, s.catalogue)
    with pytest.raises(ScenarioError, match="already exists"):
        import_assumptions(s.project, s.catalogue, book, "Stress")
    with pytest.raises(ScenarioError, match="needs a name"):
        import_assumptions(s.project, s.catalogue, book, "  ")
    lost = AssumptionsBook("Gone", book.values, None, str(template), "Assumptions!B6")
    with pytest.raises(ProjectFileError) as err:
        import_assumptions(s.project, s.catalogue, lost, "New")
    assert err.value.field == "Assumptions!B6 (base scenario)" and "no scenario named 'Gone'" in err.value.problem
    locked = s.project.with_scenario(Scenario(BASE, parent="No allocation", locked=True), replacing=BASE)
    assert import_assumptions(locked, s.catalogue, book, "Child").scenario("Child").parent == BASE


def test_reading_needs_defusedxml(template, example_session, monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(ProjectFileError, match="not using defusedxml"):
        read_assumptions(template, example_session.catalogue)


# ------------------------------------------------------------------------------ the command line

def run_main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, check=False)


def test_cli_template_then_import(tmp_path, example_session):
    project = tmp_path / "p.wbproj"
    shutil.copy(EXAMPLE, project)
    original = project.read_bytes()
    book = tmp_path / "book.xlsx"
    out = run_main("template", str(book), "--project", str(project), "--scenario", BASE)
    assert out.returncode == 0 and out.stderr == "" and "import-assumptions" in out.stdout
    edit(book, book, lambda wb: (setattr(value_cell(wb, "pkr_per_usd"), "value", 305),
                                 setattr(load_cell(wb, SOUTH, "tariff_pkr_per_kwh"), "value", 25)))
    out = run_main("import-assumptions", str(project), str(book), "--as", "Counter-offer")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split()[0] == "Parameter" and "Exchange rate" in lines[2] and "305 PKR/USD" in lines[2]
    assert "tariff" in lines[3] and "25 PKR/kWh" in lines[3]
    assert lines[-1].startswith("added scenario 'Counter-offer'") and "2 value(s) differ" in lines[-1]
    saved = load_project(project, example_session.catalogue)
    assert saved.names()[-1] == "Counter-offer" and saved.scenario("Counter-offer").parent == BASE
    assert (tmp_path / "p.wbproj.bak").read_bytes() == original
    # a hostile book changes nothing and is one line
    (tmp_path / "evil.xlsx").write_bytes(b"MZ\x90\x00 not a workbook")
    before = project.read_bytes()
    out = run_main("import-assumptions", str(project), str(tmp_path / "evil.xlsx"), "--as", "Evil")
    assert out.returncode == 2 and out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert "not an Excel workbook" in out.stderr and project.read_bytes() == before
    out = run_main("import-assumptions", str(project), str(book), "--as", "Counter-offer")
    assert out.returncode == 2 and "already exists" in out.stderr


def test_cli_template_defaults_to_the_example(tmp_path):
    out = run_main("template", str(tmp_path / "t.xlsx"))
    assert out.returncode == 0, out.stderr
    assert openpyxl.load_workbook(tmp_path / "t.xlsx")["Assumptions"]["B6"].value == "No allocation"
    out = run_main("template", str(tmp_path / "t.csv"))
    assert out.returncode == 2 and "must end in .xlsx" in out.stderr


# ------------------------------------------------------------------------------ hostile workbooks

def set_value(key: str, value: Any) -> Callable:
    return lambda wb: setattr(value_cell(wb, key), "value", value)


def set_load(field: str, value: Any, load: str = SOUTH) -> Callable:
    return lambda wb: setattr(load_cell(wb, load, field), "value", value)


def by_edit(change: Callable) -> Callable[[Path, Path], Path]:
    return lambda template, tmp: edit(template, tmp / "hostile.xlsx", change)


def zip_version(version: int) -> Callable[[Path, Path], Path]:
    """The workbook with its first part's "version needed to extract" raised (found by the atheris fuzzer)."""
    def build(template: Path, tmp: Path) -> Path:
        data = bytearray(template.read_bytes())
        central = data.index(b"PK\x01\x02")
        data[central + 6:central + 8] = version.to_bytes(2, "little")
        (tmp / "version.xlsx").write_bytes(bytes(data))
        return tmp / "version.xlsx"
    return build


def sheet_under_media(template: Path, tmp: Path) -> Path:
    """The sheet, with a whole-sheet merge, stored as a picture's name; only the relationships say it is a sheet."""
    with zipfile.ZipFile(template) as book:
        rels = book.read("xl/_rels/workbook.xml.rels").replace(b"worksheets/sheet1.xml", b"media/image1.png")
        types = book.read("[Content_Types].xml").replace(b"/xl/worksheets/sheet1.xml", b"/xl/media/image1.png")
    sheet = sheet_xml(template).replace(b'ref="A2:H2"', b'ref="A2:XFD1048576"')
    return rezip(template, tmp / "media.xlsx", {SHEET1: None, "xl/_rels/workbook.xml.rels": rels,
                                                 "[Content_Types].xml": types}, add={"xl/media/image1.png": sheet})


def declared(encoding: str) -> Callable[[bytes], bytes]:
    return lambda xml: f'<?xml version="1.0" encoding="{encoding}"?>'.encode() + xml


def by_bytes(data: bytes) -> Callable[[Path, Path], Path]:
    def build(template: Path, tmp: Path) -> Path:
        (tmp / "hostile.xlsx").write_bytes(data)
        return tmp / "hostile.xlsx"
    return build


def by_sheet_xml(patch: Callable[[bytes], bytes]) -> Callable[[Path, Path], Path]:
    return lambda template, tmp: rezip(template, tmp / "patched.xlsx", {SHEET1: patch(sheet_xml(template))})


def with_doctype(doctype: bytes, reference: bytes, padding: int = 0) -> Callable[[bytes], bytes]:
    """Put a DOCTYPE before the sheet's root element (after a long comment when padding) and use it in B6."""
    def patch(xml: bytes) -> bytes:
        comment = b"<!--" + b"x" * padding + b"-->" if padding else b""
        xml = xml.replace(b"<t>Government proposal</t>", b"<t>" + reference + b"</t>", 1)
        return b'<?xml version="1.0" encoding="UTF-8"?>' + comment + doctype + xml
    return patch


LAUGHS = (b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10)) + b"]>")
ROWS = b"".join(b'<row r="%d" ht="20"/>' % i for i in range(3000, 303_000))  # a row object each in openpyxl
XXE = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def zip_bomb(template: Path, tmp: Path) -> Path:
    """A valid-looking xlsx whose sheet unpacks to 100 MB of spaces (about 100 KB on disk)."""
    dst = tmp / "bomb.xlsx"
    with zipfile.ZipFile(template) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == SHEET1:
                with zout.open(SHEET1, "w") as part:
                    chunk = b" " * (1 << 20)
                    for _ in range(100):
                        part.write(chunk)
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    assert dst.stat().st_size < 1_000_000
    return dst


def ratio_bomb(template: Path, tmp: Path) -> Path:
    """Under the size limits, but compressed a thousand to one."""
    return rezip(template, tmp / "ratio.xlsx", add={"xl/media/padding.bin": b"\0" * 5_000_000})


def many_parts_bomb(template: Path, tmp: Path) -> Path:
    """Each part under the part and ratio limits (a little noise), together over the total."""
    part = random.Random(1).randbytes(200_000) + bytes(14_800_000)
    return rezip(template, tmp / "total.xlsx", add={f"xl/media/p{i}.bin": part for i in range(4)})


def too_big(template: Path, tmp: Path) -> Path:
    path = tmp / "big.xlsx"
    with path.open("wb") as handle:
        handle.truncate(untrusted.MAX_FILE_BYTES + 1)  # sparse: no 10 MB written
    return path


def duplicate_part(template: Path, tmp: Path) -> Path:
    dst = rezip(template, tmp / "dup.xlsx")
    with warnings.catch_warnings(), zipfile.ZipFile(dst, "a") as z:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name; that is the point
        z.writestr(SHEET1, sheet_xml(template))
    return dst


def no_base(wb) -> None:
    del wb.defined_names["BaseScenario"]
    wb["Assumptions"]["A6"].value = None


def rename_key(old: str, new: str) -> Callable:
    def change(wb):
        ws = wb["Assumptions"]
        ws.cell(row_of(ws, old), 1).value = new
    return change


def add_load_row(**cells: Any) -> Callable:
    def change(wb):
        ws = wb["Large loads"]
        for key, value in cells.items():
            ws.cell(5, col_of(ws, key)).value = value
    return change


def row(key: str) -> Callable[[Any], int]:
    return lambda wb: row_of(wb["Assumptions"], key)


PKR = "Assumptions!E{pkr_per_usd} (pkr_per_usd)"
# id, builder, field (formatted with the rows of the keys named in braces), part of the message
HOSTILE = [
    ("formula", by_edit(set_value("pkr_per_usd", "=1+1")), PKR, "holds a formula (=1+1)"),
    ("hyperlink-formula", by_edit(set_value("zones", '=HYPERLINK("http://evil.example/x","single")')),
     "Assumptions!E{zones} (zones)", "holds a formula (=HYPERLINK("),
    ("formula-in-notes", by_edit(lambda wb: setattr(wb["Assumptions"].cell(row_of(wb["Assumptions"], "pkr_per_usd"),
                                                                            8), "value", "=E1*2")),
     "Assumptions!H{pkr_per_usd} (pkr_per_usd)", "holds a formula"),
    ("text-formula-in-base", lambda t, tmp: by_sheet_xml(lambda x: x.replace(b"<t>Government proposal</t>",
                                                                           b"<t>=cmd|' /C calc'!A0</t>"))(t, tmp),
     "Assumptions!B6 (base scenario)", "holds a formula (=cmd|' /C calc'!A0)"),
    ("formula-in-loads", by_edit(set_load("tariff_pkr_per_kwh", "=20+3")), "Large loads!Q3 (tariff_pkr_per_kwh)",
     "holds a formula (=20+3)"),
    ("text-in-number", by_edit(set_value("pkr_per_usd", "abc")), PKR,
     "expected a number (PKR/USD), got text 'abc'"),
    ("number-stored-as-text", by_edit(set_value("pkr_per_usd", "305")), PKR, "holds the number as text"),
    ("number-in-choice", by_edit(set_value("zones", 5)), "Assumptions!E{zones} (zones)",
     "'5' is not one of: single, north_south"),
    ("true-in-number", by_edit(set_value("pkr_per_usd", True)), PKR, "expected a number (PKR/USD), got true/false"),
    ("nan-text", by_edit(set_value("pkr_per_usd", "NaN")), PKR, "got text 'NaN'"),
    ("inf-text", by_edit(set_value("pkr_per_usd", "inf")), PKR, "got text 'inf'"),
    ("crafted-infinity", lambda t, tmp: by_sheet_xml(lambda x: x.replace(b"<v>987.654</v>", b"<v>1e999</v>"))(
        by_edit(set_value("pkr_per_usd", 987.654))(t, tmp), tmp), PKR, "NaN and infinity are not allowed"),
    ("excel-error", by_edit(set_value("pkr_per_usd", "#DIV/0!")), PKR, "shows the Excel error #DIV/0!"),
    ("out-of-bounds", by_edit(set_value("pkr_per_usd", 5000)), PKR, "5,000 is above the maximum 2,000 PKR/USD"),
    ("not-whole", by_edit(set_value("study_years", 2.5)), "Assumptions!E{study_years} (study_years)",
     "expected a whole number"),
    ("empty-value", by_edit(set_value("pkr_per_usd", None)), PKR, "empty: type a value"),
    ("flag-word", by_edit(set_value("include_pipeline", "maybe")),
     "Assumptions!E{include_pipeline} (include_pipeline)", "expected yes or no, got text 'maybe'"),
    ("unknown-key", by_edit(rename_key("pkr_per_usd", "pkr_per_eur")), "Assumptions!A{pkr_per_usd}",
     "unknown parameter 'pkr_per_eur'"),
    ("duplicate-key", by_edit(rename_key("voll_pkr_per_kwh", "pkr_per_usd")), PKR.replace("E", "A", 1), "listed twice"),
    ("value-without-key", by_edit(rename_key("pkr_per_usd", None)), "Assumptions!E{pkr_per_usd}",
     "a value without a key"),
    ("control-characters", by_edit(rename_key("pkr_per_usd", "\x9b2J\nevil")), "Assumptions!A{pkr_per_usd}",
     "unknown parameter '\\x9b2J\\x0aevil'"),
    ("missing-base-cell", by_edit(no_base), "Assumptions (base scenario)", "missing"),
    ("base-name-elsewhere", by_edit(lambda wb: setattr(wb.defined_names["BaseScenario"], "attr_text",
                                                       "'Large loads'!$A$1:$A$2")),
     "BaseScenario", "must point to one cell of the Assumptions sheet, not Large loads!$A$1:$A$2"),
    ("base-name-broken", by_edit(lambda wb: setattr(wb.defined_names["BaseScenario"], "attr_text", "#REF!")),
     "BaseScenario", "does not point to one cell"),
    ("empty-base-cell", by_edit(lambda wb: setattr(wb["Assumptions"]["B6"], "value", None)),
     "Assumptions!B6 (base scenario)", "an empty cell"),
    ("unknown-base", by_edit(lambda wb: setattr(wb["Assumptions"]["B6"], "value", "Nope")),
     "Assumptions!B6 (base scenario)", "the project has no scenario named 'Nope'"),
    ("no-assumptions-sheet", by_edit(lambda wb: setattr(wb["Assumptions"], "title", "Sheet1")), "",
     "no sheet named 'Assumptions'"),
    ("far-away-cell", by_edit(lambda wb: setattr(wb["Assumptions"]["C5000"], "value", 1)), "Assumptions",
     "cells down to row 5,000"),
    ("unknown-month", by_edit(set_load("curtail_months", "dec, jna")), "Large loads!O3 (curtail_months)",
     "unknown month 'jna'"),
    ("months-as-number", by_edit(set_load("curtail_months", 12)), "Large loads!O3 (curtail_months)",
     "expected month codes"),
    ("load-without-mw", by_edit(set_load("mw", None)), "Large loads!C3 (mw)", "required"),
    ("new-load-without-name", by_edit(add_load_row(mw=50)), "Large loads!A5 (name)", "required"),
    ("duplicate-load", by_edit(add_load_row(name=SOUTH, mw=50)), "Large loads!A5 (name)", "used by two large loads"),
    ("blank-load-name", by_edit(add_load_row(name="   ", mw=50)), "Large loads!A5 (name)", "required"),
    ("unknown-load-field", by_edit(lambda wb: setattr(wb["Large loads"]["B1"], "value", "colour")),
     "Large loads!B1", "unknown large-load field text 'colour'"),
    ("choice-in-load", by_edit(set_load("zone", "east")), "Large loads!G3 (zone)", "'east' is not one of: north"),
    ("not-a-zip", by_bytes(b"Name,Value\npkr_per_usd,305\n"), "", "not an Excel workbook"),
    ("old-xls-or-encrypted", by_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "", "password-protected"),
    ("broken-zip", by_bytes(b"PK\x03\x04" + bytes(100)), "", "not a valid zip archive"),
    ("zip-bomb", zip_bomb, SHEET1, "above the 20,000,000-byte limit (a zip bomb?)"),
    ("ratio-bomb", ratio_bomb, "xl/media/padding.bin", "to 1, above the limit of 100 to 1"),
    ("total-bomb", many_parts_bomb, "", "unpacks to 60,"),  # 4 x 15,000,000 bytes plus the template itself
    ("duplicate-part", duplicate_part, SHEET1, "two parts with this name"),
    ("billion-laughs", by_sheet_xml(with_doctype(LAUGHS, b"&lol9;")), SHEET1, "declares a DOCTYPE"),
    ("xxe", by_sheet_xml(with_doctype(XXE, b"&xxe;")), SHEET1, "declares a DOCTYPE"),
    ("billion-laughs-behind-a-comment", by_sheet_xml(with_doctype(LAUGHS, b"&lol9;", 100_000)), SHEET1,
     "declares a DOCTYPE"),
    ("xxe-in-utf16", by_sheet_xml(lambda x: with_doctype(XXE, b"&xxe;")(x).replace(b'"UTF-8"', b'"UTF-16"')
                                  .decode().encode("utf-16")), SHEET1, "declares a DOCTYPE"),
    ("merge-bomb", by_sheet_xml(lambda x: x.replace(b'ref="A2:H2"', b'ref="A2:XFD1048576"')), SHEET1,
     "more than 250,000 cells"),
    ("hyperlink-bomb", by_sheet_xml(lambda x: x.replace(b"<pageMargins", b'<hyperlinks><hyperlink ref="A1:Z20000" '
                                                          b'location="Assumptions!A1"/></hyperlinks><pageMargins')),
     SHEET1, "more than 250,000 cells"),
    ("many-rows", by_sheet_xml(lambda x: x.replace(b"</sheetData>", ROWS + b"</sheetData>")), SHEET1,
     "more than 250,000 cells"),
    ("macros", lambda t, tmp: rezip(t, tmp / "m.xlsm", add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 vba"}),
     "xl/vbaProject.bin", "contains macros"),
    ("external-link", lambda t, tmp: rezip(t, tmp / "l.xlsx", add={"xl/externalLinks/externalLink1.xml": b"<x/>"}),
     "xl/externalLinks/externalLink1.xml", "links to other workbooks"),
    ("above-size-cap", too_big, "", "larger than the 10,000,000-byte limit"),
    ("not-a-workbook-inside", lambda t, tmp: rezip(t, tmp / "w.xlsx", {"xl/workbook.xml": None}), "",
     "not a readable Excel workbook (KeyError"),
    ("malformed-xml", by_sheet_xml(lambda x: x[:len(x) // 2]), "", "holds malformed XML ("),
    ("merge-bomb-under-media", sheet_under_media, "xl/media/image1.png", "more than 250,000 cells"),
    ("unknown-encoding", by_sheet_xml(declared("x-unknown")), SHEET1, "declares the text encoding 'x-unknown'"),
    ("multibyte-encoding", by_sheet_xml(declared("shift_jis")), SHEET1, "declares the text encoding 'shift_jis'"),
    ("encoding-named-in-utf16", by_sheet_xml(lambda x: declared("cp500")(x).decode().encode("utf-16")), SHEET1,
     "declares the text encoding 'cp500'"),
    ("zip-version-23.6", zip_version(236), "", "uses a zip format this workbench cannot read (zip file version 23.6)"),
]


@pytest.mark.parametrize("build, field, message", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_workbook_is_refused(template, tmp_path, example_session, build, field, message):
    s = example_session
    path = build(template, tmp_path)
    rows = {}
    if "{" in field:
        ws = openpyxl.load_workbook(template)["Assumptions"]
        rows = {c.value: c.row for c in ws["A"] if isinstance(c.value, str)}
    with pytest.raises(ProjectFileError) as err:
        read_and_import(path, s)
    assert err.value.field == field.format(**rows), str(err.value)
    assert message in err.value.problem, str(err.value)
    assert str(err.value).startswith(str(path)) and len(str(err.value).splitlines()) == 1
    assert not any(0x80 <= ord(ch) <= 0x9f or ord(ch) < 0x20 for ch in str(err.value))


@pytest.mark.parametrize("build", [zip_bomb, ratio_bomb, by_sheet_xml(with_doctype(LAUGHS, b"&lol9;")),
                                   by_sheet_xml(lambda x: x.replace(b'ref="A2:H2"', b'ref="A2:XFD1048576"'))],
                         ids=["zip-bomb", "ratio-bomb", "billion-laughs", "merge-bomb"])
def test_bombs_are_refused_before_openpyxl_parses_anything(template, tmp_path, example_session, monkeypatch, build):
    path = build(template, tmp_path)

    def must_not_run(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a hostile workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_run)
    tracemalloc.start()
    try:
        with pytest.raises(ProjectFileError):
            read_assumptions(path, example_session.catalogue)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"reading used {peak:,} bytes"


@pytest.mark.parametrize("doctype, reference", [(LAUGHS, b"&lol9;"), (XXE, b"&xxe;")], ids=["laughs", "xxe"])
def test_defusedxml_inside_openpyxl_is_the_second_line(template, tmp_path, example_session, monkeypatch,
                                                       doctype, reference):
    """With the early scan switched off, openpyxl's defusedxml still refuses, with a clear message."""
    monkeypatch.setattr(untrusted, "_scan_part", lambda *args: None)
    path = by_sheet_xml(with_doctype(doctype, reference))(template, tmp_path)
    with pytest.raises(ProjectFileError) as err:
        read_assumptions(path, example_session.catalogue)
    assert "EntitiesForbidden" in err.value.problem and "refused as unsafe" in err.value.problem


def test_corpus_is_big_enough():
    assert len(HOSTILE) >= 15 and len({h[0] for h in HOSTILE}) == len(HOSTILE)
