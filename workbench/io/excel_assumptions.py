"""Scenario assumptions as an Excel workbook an analyst can edit, and reading it back safely.

``write_template`` writes one scenario's resolved values (sheet "Assumptions") and its large
loads (sheet "Large loads"). ``read_assumptions`` treats a workbook as untrusted: the file size,
the zip directory (entry count, unpacked size, compression ratio, macros, external links) and
every XML part (no DOCTYPE, a bounded number of cells) are checked before openpyxl parses anything;
openpyxl must parse with defusedxml as a second line; formulas are refused, never evaluated
(``data_only=True`` would trust cached values an attacker controls); every value is validated by
the parameter catalogue as in project files. Every problem raises ProjectFileError naming the
sheet, the cell and the parameter.
``import_assumptions`` turns what was read into a new scenario holding only the changes.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from workbench import __version__
from workbench.core.dataset import DataSet
from workbench.core.edits import MAX_LOADS, checked_name
from workbench.core.errors import ProjectFileError, ScenarioError
from workbench.core.parameters import CHOICE, FLAG, INTEGER, MONTH_SET, NUMBER, Catalogue, Parameter, load_problem
from workbench.core.project import Project, Scenario, complete_load, now_iso, resolve
from workbench.core.text import safe_text
from workbench.io.excel_cells import first_sheet, print_setup, put, save_workbook
from workbench.io.untrusted_xlsx import open_untrusted, refuse_formulas

SHEET, LOADS_SHEET = "Assumptions", "Large loads"
BASE_NAME = "BaseScenario"  # defined name of the base-scenario cell
COLUMNS = ("Key", "Group", "Parameter", "Unit", "Value", "Set by", "Source", "Notes")
WIDTHS = (34, 16, 40, 14, 18, 22, 48, 60)
PROJECT_ROW, BASE_ROW, DATASET_ROW, WRITTEN_ROW, HEADER_ROW = 5, 6, 7, 8, 10
LOAD_KEY_ROW, LOAD_LABEL_ROW, LOAD_FIRST_ROW = 1, 2, 3
OFF, NO_MONTHS = "off", "none"

MAX_ROWS, MAX_COLS = 2_000, 60
HOW_TO = ("How to edit: change only the Value column (E); do not add formulas; keep the Key column as it is. "
          "Numbers are plain numbers, choices one of the options in Notes, flags yes or no, month lists "
          "month codes separated by commas (dec, jan) or none, and 'off' switches an optional rule off. "
          "Large loads are on the next sheet: edit cells or add rows (name and mw are required).")
HOW_TO_IMPORT = "Import it as a new scenario: python main.py import-assumptions PROJECT.wbproj THIS.xlsx --as NAME"


@dataclass(frozen=True)
class AssumptionsBook:
    """What an assumptions workbook says, validated; values only for the rows it holds."""

    base_scenario: str
    values: Mapping[str, Any]
    large_loads: tuple[Mapping[str, Any], ...] | None  # None: the workbook has no loads sheet
    source: str = ""
    base_cell: str = ""  # where the base scenario was read, for messages
    dataset_label: str = ""


# ----------------------------------------------------------------------------------- writing

def write_template(project: Project, scenario_name: str, catalogue: Catalogue, dataset: DataSet,
                   path: str | Path) -> None:
    """Write the resolved assumptions of one scenario as an editable workbook (atomically)."""
    resolved = resolve(project, scenario_name, catalogue)
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = SHEET
    wb.properties.creator = f"Grid & Tariff Scenario Workbench {__version__}"
    wb.properties.title = f"Assumptions of {scenario_name}"[:200]
    bold = Font(bold=True)
    put(ws["A1"], "Scenario assumptions (Grid & Tariff Scenario Workbench)").font = Font(bold=True, size=14)
    for row, text in ((2, HOW_TO), (3, HOW_TO_IMPORT)):
        put(ws.cell(row, 1), text).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
    ws.row_dimensions[2].height = 48
    for row, label, value in ((PROJECT_ROW, "Project", project.title), (BASE_ROW, "Base scenario", scenario_name),
                              (DATASET_ROW, "Data set", dataset.label),
                              (WRITTEN_ROW, "Written", f"{now_iso()} by workbench {__version__}")):
        put(ws.cell(row, 1), label).font = bold
        put(ws.cell(row, 2), value)
    wb.defined_names[BASE_NAME] = DefinedName(BASE_NAME, attr_text=f"{quote_sheetname(SHEET)}!$B${BASE_ROW}")

    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for col, (title, width) in enumerate(zip(COLUMNS, WIDTHS), start=1):
        cell = put(ws.cell(HEADER_ROW, col), title)
        cell.font, cell.fill = bold, header_fill
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    value_fill = PatternFill("solid", fgColor="FFF7D6")  # the only cells meant to be edited
    for row, p in enumerate(catalogue, start=HEADER_ROW + 1):
        value = resolved.values[p.key]
        texts = (p.key, p.group, p.label, p.unit)
        for col, text in enumerate(texts, start=1):
            put(ws.cell(row, col), text).alignment = Alignment(vertical="top")
        cell = _put_value(ws.cell(row, 5), p, value, where=f"{SHEET} {p.key}")
        cell.fill, cell.alignment = value_fill, Alignment(horizontal="right", vertical="top")
        _add_validation(ws, p, cell.coordinate)
        put(ws.cell(row, 6), resolved.origin[p.key]).alignment = Alignment(vertical="top")
        # Where the default comes from: source, year, basis, confidence, formula, quote, address.
        source = "\n".join(f"{label}: {text}" for label, text in p.provenance())
        put(ws.cell(row, 7), source).alignment = wrap
        notes = _notes(p)
        put(ws.cell(row, 8), notes).alignment = wrap
        # Tall enough for the wrapped source and notes (Excel does not grow rows it did not edit).
        lines = max(sum(len(t) // WIDTHS[6] + 1 for t in source.split("\n")), len(notes) // WIDTHS[7] + 1)
        ws.row_dimensions[row].height = 13 * lines
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{HEADER_ROW + len(catalogue.parameters)}"
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    _write_loads(wb.create_sheet(LOADS_SHEET), catalogue, resolved.large_loads)
    save_workbook(wb, str(path))


def _write_loads(ws: Worksheet, catalogue: Catalogue, loads: tuple[Mapping[str, Any], ...]) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    last_row = LOAD_FIRST_ROW + max(len(loads), 0) + 20  # validation lists also cover rows for new loads
    for col, p in enumerate(catalogue.load_fields.values(), start=1):
        key = put(ws.cell(LOAD_KEY_ROW, col), p.key)
        key.font, key.fill = bold, fill
        label = put(ws.cell(LOAD_LABEL_ROW, col), f"{p.label} ({p.unit})" if p.unit else p.label)
        label.alignment, label.fill = Alignment(wrap_text=True, vertical="top"), fill
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = 34 if p.key == "name" else max(14, min(28, len(p.key) + 2))
        _add_validation(ws, p, f"{letter}{LOAD_FIRST_ROW}:{letter}{last_row}")
        for row, load in enumerate(loads, start=LOAD_FIRST_ROW):
            _put_value(ws.cell(row, col), p, load.get(p.key), where=f"{LOADS_SHEET} {load.get('name')} {p.key}")
    ws.row_dimensions[LOAD_LABEL_ROW].height = 60
    ws.freeze_panes = ws.cell(LOAD_FIRST_ROW, 2).coordinate
    print_setup(ws, f"{LOAD_KEY_ROW}:{LOAD_LABEL_ROW}")


def _put_value(cell: Any, p: Parameter, value: Any, where: str) -> Any:
    """A value as the reader reads it back: numbers, text, yes/no, 'dec, jan', 'none' or 'off'."""
    if value is None:
        return put(cell, OFF)
    if p.kind == MONTH_SET:
        return put(cell, ", ".join(value) if value else NO_MONTHS)
    if p.kind in (NUMBER, INTEGER):
        return put(cell, value, "0" if p.kind == INTEGER else "General", where=where)
    return put(cell, value)  # choices and text as text; flags as yes/no


def _add_validation(ws: Worksheet, p: Parameter, ref: str) -> None:
    """Excel's own input checks: a drop-down for choices and flags, bounds for numbers."""
    if p.kind in (CHOICE, FLAG):
        options = (*p.choices, *((OFF,) if p.optional else ())) if p.kind == CHOICE else ("yes", "no")
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    elif p.kind in (NUMBER, INTEGER) and p.minimum is not None and p.maximum is not None and not p.optional:
        dv = DataValidation(type="whole" if p.kind == INTEGER else "decimal", operator="between",
                            formula1=repr(p.minimum), formula2=repr(p.maximum), allow_blank=True)
        dv.error = f"Between {p.minimum:g} and {p.maximum:g} {p.unit}".rstrip()
    else:
        return
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def _notes(p: Parameter) -> str:
    allowed = ""
    if p.kind == CHOICE:
        allowed = f"One of: {', '.join(p.choices)}."
    elif p.kind == FLAG:
        allowed = "yes or no."
    elif p.kind in (NUMBER, INTEGER) and p.minimum is not None and p.maximum is not None:
        allowed = f"From {p.minimum:g} to {p.maximum:g} {p.unit}".rstrip() + "."
    return " ".join(t for t in (p.help, allowed) if t)


# ----------------------------------------------------------------------------------- reading

def read_assumptions(path: str | Path, catalogue: Catalogue) -> AssumptionsBook:
    """Read an untrusted assumptions workbook; every problem is a ProjectFileError."""
    path = Path(path)

    def fail(field: str, problem: str) -> NoReturn:
        raise ProjectFileError(path, field, problem)

    wb = open_untrusted(path, fail)
    if SHEET not in wb.sheetnames:
        fail("", f"the workbook has no sheet named '{SHEET}'; write one with 'python main.py template OUT.xlsx'")
    ws = wb[SHEET]
    _check_extent(ws, fail)
    header_row, key_col, value_col = _find_header(ws, fail)
    refuse_formulas(ws, fail, lambda cell: _cell_text(ws, cell.row, key_col) if cell.row > header_row else None)
    base, base_cell = _read_base(wb, ws, header_row, fail)
    dataset_label = _labelled(ws, "Data set", header_row)
    values = _read_values(ws, header_row, key_col, value_col, catalogue, fail)
    loads = None
    if LOADS_SHEET in wb.sheetnames:
        loads = _read_loads(wb[LOADS_SHEET], catalogue, fail)
    return AssumptionsBook(base, MappingProxyType(values), loads, str(path), base_cell, dataset_label)


def _check_extent(ws: Worksheet, fail: Callable[[str, str], NoReturn]) -> None:
    if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLS:
        fail(ws.title, f"the sheet has cells down to row {ws.max_row:,} and across to column "
                       f"{get_column_letter(min(ws.max_column, 18278))}; this sheet is read only up to row "
                       f"{MAX_ROWS:,} and column {get_column_letter(MAX_COLS)}: delete the cells beyond")


def _find_header(ws: Worksheet, fail: Callable[[str, str], NoReturn]) -> tuple[int, int, int]:
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60), max_col=ws.max_column):
        titles = {c.value.strip(): c.column for c in row if isinstance(c.value, str)}
        if "Key" in titles and "Value" in titles and row[0].row is not None:
            return row[0].row, titles["Key"], titles["Value"]
    fail(ws.title, "no table header with 'Key' and 'Value' columns in the first 60 rows; keep the layout of "
                   "the template")


def _cell_text(ws: Worksheet, row: int, col: int) -> str | None:
    value = ws.cell(row, col).value
    return value.strip() if isinstance(value, str) and value.strip() else None


def _read_base(wb: Workbook, ws: Worksheet, header_row: int, fail: Callable[[str, str], NoReturn]) -> tuple[str, str]:
    defined = wb.defined_names.get(BASE_NAME) or ws.defined_names.get(BASE_NAME)
    if defined is not None:
        try:
            destinations = list(defined.destinations)
            (sheet, ref), = destinations
            min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        except (ValueError, TypeError, AttributeError):  # no destination, several, or not a cell reference
            fail(BASE_NAME, f"the defined name does not point to one cell of the {SHEET} sheet")
        if sheet != SHEET or (min_col, min_row) != (max_col, max_row) or min_col is None or min_row is None:
            fail(BASE_NAME, f"the defined name must point to one cell of the {SHEET} sheet, not {sheet}!{ref}")
        cell = ws.cell(min_row, min_col)
    else:
        labels = [r for r in range(1, header_row) if _cell_text(ws, r, 1) == "Base scenario"]
        if not labels:
            fail(f"{SHEET} (base scenario)", f"missing: the workbook has neither the defined name {BASE_NAME} nor "
                                             "a 'Base scenario' label in column A; write a new template")
        cell = ws.cell(labels[0], 2)
    where = f"{SHEET}!{cell.coordinate}"
    value = cell.value
    if not isinstance(value, str) or not value.strip():
        fail(f"{where} (base scenario)", "must hold the name of the scenario the workbook was written from, got "
                                         + ("an empty cell" if value in (None, "") else _describe(value)))
    if value.startswith("=") and not cell.quotePrefix:
        fail(f"{where} (base scenario)",
             f"holds a formula ({safe_text(value)}); formulas are never evaluated on import")
    return value, where


def _labelled(ws: Worksheet, label: str, header_row: int) -> str:
    for row in range(1, header_row):
        if _cell_text(ws, row, 1) == label:
            value = ws.cell(row, 2).value
            return value if isinstance(value, str) else ""
    return ""


def _read_values(ws: Worksheet, header_row: int, key_col: int, value_col: int, catalogue: Catalogue,
                 fail: Callable[[str, str], NoReturn]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    rows: dict[str, int] = {}
    value_letter = get_column_letter(value_col)
    for row in range(header_row + 1, ws.max_row + 1):
        key_cell, value_cell = ws.cell(row, key_col), ws.cell(row, value_col)
        raw_key = key_cell.value
        if _is_empty(raw_key):
            if not _is_empty(value_cell.value):
                fail(f"{ws.title}!{value_cell.coordinate}", "a value without a key in column "
                                                            f"{get_column_letter(key_col)}; keep the Key column")
            continue
        where = f"{ws.title}!{key_cell.coordinate}"
        if not isinstance(raw_key, str):
            fail(where, f"a key must be a parameter name (text), got {_describe(raw_key)}")
        key = raw_key.strip()
        if key not in catalogue:
            fail(where, f"unknown parameter '{safe_text(key)}'; keep the Key column as written")
        if key in rows:
            fail(f"{where} ({key})", f"the parameter is listed twice (rows {rows[key]} and {row})")
        rows[key] = row
        values[key] = _parse(catalogue[key], value_cell, f"{ws.title}!{value_letter}{row} ({key})", fail)
    return values


def _read_loads(ws: Worksheet, catalogue: Catalogue,
                fail: Callable[[str, str], NoReturn]) -> tuple[dict[str, Any], ...]:
    _check_extent(ws, fail)
    fields: dict[int, Parameter] = {}
    for col in range(1, ws.max_column + 1):
        cell = ws.cell(LOAD_KEY_ROW, col)
        if _is_empty(cell.value):
            continue
        where = f"{ws.title}!{cell.coordinate}"
        key = cell.value.strip() if isinstance(cell.value, str) else None
        if key is None or key not in catalogue.load_fields:
            fail(where, f"unknown large-load field {_describe(cell.value)}; row {LOAD_KEY_ROW} holds the field keys")
        if any(p.key == key for p in fields.values()):
            fail(where, f"the field '{key}' has two columns")
        fields[col] = catalogue.load_fields[key]
    refuse_formulas(ws, fail, lambda cell: fields[cell.column].key if cell.column in fields else None)
    for required in ("name", "mw"):
        if not any(p.key == required for p in fields.values()):
            fail(f"{ws.title} (row {LOAD_KEY_ROW})", f"no '{required}' column; keep the key row of the template")
    loads: list[dict[str, Any]] = []
    rows_of: dict[str, int] = {}
    for row in range(LOAD_FIRST_ROW, ws.max_row + 1):
        cells = [ws.cell(row, col) for col in range(1, ws.max_column + 1)]
        if all(_is_empty(c.value) for c in cells):
            continue
        for c in cells:
            if c.column not in fields and not _is_empty(c.value):
                fail(f"{ws.title}!{c.coordinate}", f"a value in a column with no field key in row {LOAD_KEY_ROW}")
        if len(loads) == MAX_LOADS:
            fail(ws.title, f"more than {MAX_LOADS} large loads")
        load: dict[str, Any] = {}
        for col, p in fields.items():
            cell = ws.cell(row, col)
            where = f"{ws.title}!{cell.coordinate} ({p.key})"
            if _is_empty(cell.value):
                if p.key in ("name", "mw"):
                    fail(where, "required: every large load needs a name and its contracted demand (mw)")
                continue  # absent: the field's default, as in a project file
            load[p.key] = _parse(p, cell, where, fail)
        problem = load_problem(load)
        if problem is not None:
            col = next((c for c, p in fields.items() if p.key == problem[0]), _column_of(fields, "name"))
            fail(f"{ws.title}!{get_column_letter(col)}{row} ({problem[0]})", problem[1])
        if load["name"] in rows_of:
            fail(f"{ws.title}!{get_column_letter(_column_of(fields, 'name'))}{row} (name)",
                 f"'{safe_text(load['name'])}' is used by two large loads (rows {rows_of[load['name']]} and {row})")
        rows_of[load["name"]] = row
        loads.append(load)
    return tuple(loads)


def _column_of(fields: Mapping[int, Parameter], key: str) -> int:
    return next(col for col, p in fields.items() if p.key == key)


def _parse(p: Parameter, cell: Any, where: str, fail: Callable[[str, str], NoReturn]) -> Any:
    """One cell's value in canonical form, checked exactly as a project file's value is."""
    raw = cell.value
    if cell.data_type == "e":
        fail(where, f"the cell shows the Excel error {safe_text(raw)}; type a value")
    if isinstance(raw, str):
        if raw.startswith("=") and not cell.quotePrefix:  # with the prefix ('=...) Excel shows it as text
            fail(where, f"holds a formula ({safe_text(raw)}); formulas are never evaluated on import: "
                        "type the value itself")
        if not raw.strip():
            raw = None
    if raw is None:
        fail(where, "empty: type a value" + (" (or 'off')" if p.optional else ""))
    word = raw.strip().lower() if isinstance(raw, str) else None
    if word == OFF and p.optional:
        return None
    if p.kind == FLAG:
        if isinstance(raw, bool):
            return raw
        if word in ("yes", "no", "true", "false"):
            return word in ("yes", "true")
        fail(where, f"expected yes or no, got {_describe(raw)}")
    if p.kind == MONTH_SET:
        if word is None:
            fail(where, f"expected month codes separated by commas such as 'dec, jan' (or '{NO_MONTHS}'), "
                        f"got {_describe(raw)}")
        raw = [] if word == NO_MONTHS else [m.strip() for m in word.split(",") if m.strip()]
    elif p.kind == CHOICE and isinstance(raw, str):
        raw = raw.strip()
    try:
        return p.validate(raw)
    except ValueError as exc:
        as_text = p.kind in (NUMBER, INTEGER) and isinstance(raw, str) and _finite_number(raw)
        fail(where, str(exc) + ("; the cell holds the number as text: type it again as a number" if as_text else ""))
    except OverflowError:
        fail(where, "the number is too large")


def _finite_number(text: str) -> bool:
    try:
        return math.isfinite(float(text.replace(",", "")))
    except ValueError:
        return False


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"text '{safe_text(value)}'"
    if isinstance(value, bool):
        return f"{'TRUE' if value else 'FALSE'} (a true/false cell)"
    if isinstance(value, (int, float)):
        return f"the number {value:g}"
    return type(value).__name__


# ----------------------------------------------------------------------------------- importing

def import_assumptions(project: Project, catalogue: Catalogue, book: AssumptionsBook, new_name: str) -> Project:
    """The project with a new scenario, child of the book's base, holding only what the book changes."""
    new_name = checked_name(project, new_name)  # the rules New and Rename follow
    unknown = sorted(set(book.values) - set(catalogue.parameters))
    if unknown:
        raise ScenarioError(f"unknown parameter '{safe_text(unknown[0])}'")
    if book.base_scenario not in project.names():
        raise ProjectFileError(book.source, f"{book.base_cell or SHEET} (base scenario)",
                               f"the project has no scenario named '{safe_text(book.base_scenario)}'; it has: "
                               f"{', '.join(project.names())}")
    base = resolve(project, book.base_scenario, catalogue)
    overrides = {k: v for k, v in book.values.items() if not _same(catalogue[k], base.values[k], v)}
    loads = None
    if book.large_loads is not None:
        by_name = {load["name"]: load for load in base.large_loads}
        new = tuple(_keep_base_precision(complete_load(load, catalogue), by_name.get(load["name"]), catalogue)
                    for load in book.large_loads)
        if new != tuple(dict(load) for load in base.large_loads):
            loads = _compact(new, book.large_loads, _own_loads(project, base.loads_origin), catalogue)
    stamp = now_iso()
    source = Path(book.source).name if book.source else "a workbook"
    notes = f"Imported on {stamp} from the assumptions workbook {source}, written from '{book.base_scenario}'" + \
        (f" with data set {book.dataset_label}." if book.dataset_label else ".")
    scenario = Scenario(name=new_name, parent=book.base_scenario, overrides=overrides, large_loads=loads,
                        notes=notes, author="", created=stamp, modified=stamp)
    return project.with_scenario(scenario)


def _same(p: Parameter, base: Any, read: Any) -> bool:
    """Equal, or what the workbook can hold of the base value: openpyxl writes numbers with 16 digits."""
    if base == read:
        return True
    if p.kind == NUMBER and isinstance(base, float) and isinstance(read, float):
        return float(f"{base:.16g}") == read
    return False


def _keep_base_precision(load: dict[str, Any], base: Mapping[str, Any] | None,
                         catalogue: Catalogue) -> dict[str, Any]:
    if base is None:
        return load
    return {k: base[k] if k in base and _same(catalogue.load_fields[k], base[k], v) else v for k, v in load.items()}


def _own_loads(project: Project, origin: str) -> dict[str, Mapping[str, Any]]:
    """The loads as the scenario that sets them stores them (before defaults are filled in)."""
    if origin not in project.names():
        return {}
    return {load["name"]: load for load in project.scenario(origin).large_loads or ()}


def _compact(full: tuple[dict[str, Any], ...], read: tuple[Mapping[str, Any], ...],
             stored: Mapping[str, Mapping[str, Any]], catalogue: Catalogue) -> tuple[dict[str, Any], ...]:
    """Store what a project file would: a field at its default is left out unless it was explicit.

    Explicit means set by the base's own load of that name, or typed by the user in a new row; a
    default-valued field nobody set keeps following the data set, as it does in the base.
    """
    defaults = catalogue.load_defaults()
    out = []
    for load, as_read in zip(full, read):
        explicit = set(stored.get(load["name"], as_read))
        out.append({k: v for k, v in load.items()
                    if k in ("name", "mw") or k in explicit or k not in defaults or v != defaults[k]})
    return tuple(out)
