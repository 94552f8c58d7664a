"""Safe cells for workbooks that leave the laptop, and atomic workbook writes.

openpyxl turns strings that start with "=" into live formulas, writes NaN and infinity as
empty cells and cuts text at 32,767 characters (openpyxl's known traps). Every value the
workbench writes goes through ``put``: numbers must be finite (or are written as an explicit
"n/a" where the layout says so), user text is forced to text and cleaned.
"""
from __future__ import annotations

import io
import math
import re
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from workbench.core.errors import ExportError
from workbench.io.atomic import WriteRefused, atomic_write_bytes

EXCEL_TEXT_LIMIT = 32_767
CUT_MARK = " [... cut: text longer than Excel allows]"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters Excel cannot store (tab, newline and carriage return are allowed).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOT_AVAILABLE = "n/a"


def clean_text(text: str) -> str:
    """Remove control characters and cut over-long text with a visible marker."""
    text = CONTROL.sub("", text)
    if len(text) > EXCEL_TEXT_LIMIT:
        text = text[:EXCEL_TEXT_LIMIT - len(CUT_MARK)] + CUT_MARK
    return text


def number(value: Any) -> float:
    """A table cell as a float: pandas types ``frame.at[...]`` as any scalar, so the conversion is said here."""
    return float(value)


def put(cell: Cell | MergedCell, value: Any, number_format: str | None = None, *, where: str = "",
        missing_ok: bool = False) -> Cell:
    """Write one value safely.

    Numbers must be finite: NaN or infinity raise ExportError naming ``where``, unless
    ``missing_ok``, in which case the cell says "n/a" (never a silent blank or "inf").
    Text is always text, never a formula, even when it starts with "=", "+", "-" or "@".
    """
    if not isinstance(cell, Cell):  # openpyxl's ws.cell() is typed Cell | MergedCell; the layout never merges first
        raise ExportError(f"cannot export {where or cell.coordinate}: the cell is part of a merged range")
    if isinstance(value, bool):
        cell.value = "yes" if value else "no"
        cell.data_type = "s"
    elif isinstance(value, (int, float)):
        if not math.isfinite(value):
            if not missing_ok:
                raise ExportError(f"cannot export {where or cell.coordinate}: the value is {value}")
            cell.value = NOT_AVAILABLE
            cell.data_type = "s"
            cell.alignment = Alignment(horizontal="right")
            return cell
        cell.value = value
        if number_format:
            cell.number_format = number_format
    elif value is None:
        cell.value = None
    else:
        text = clean_text(str(value))
        cell.value = text
        cell.data_type = "s"  # never a formula
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel shows it as typed and will not evaluate it
    return cell


def first_sheet(workbook: Workbook) -> Worksheet:
    """The sheet a new workbook opens with (``Workbook.active`` is typed loosely: it may be a chart sheet)."""
    ws = workbook.active
    if not isinstance(ws, Worksheet):
        raise ExportError("a new workbook has no worksheet to write on")
    return ws


def print_setup(ws: Worksheet, title_rows: str, one_page: bool = False) -> None:
    """Landscape A4, one page wide, title rows repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    if ws.sheet_properties.pageSetUpPr is None:  # openpyxl makes one for every new sheet; a loaded one may lack it
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.gridLines = False
    if ws.oddFooter is None:  # as for pageSetUpPr: present on every sheet openpyxl makes
        ws.oddFooter = HeaderFooterItem()
    ws.oddFooter.center.text = "&A - page &P of &N"


def save_workbook(workbook: Workbook, path: str) -> None:
    """Write the whole workbook to memory, then replace the target atomically."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    try:
        atomic_write_bytes(path, buffer.getvalue(), keep_backup=False)
    except WriteRefused as exc:
        raise ExportError(f"{exc}; nothing was written") from None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
