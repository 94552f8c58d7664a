"""Row heights from wrapped text, so no cell of the brief is cut off or runs into its neighbour.

Excel and LibreOffice never grow a row whose height is set, and a row whose height is not set
is not grown for wrapped text in merged cells either. So every row's height is computed here
from the text of every cell in it, for the width of its column (or merged range) and its font,
in points; text that would run into a filled neighbour is wrapped first.

The estimate is deliberately generous: a column width is measured in widths of the digit "0"
of the default font, and an average character of text (capitals and bold included) is taken
as ``CHAR`` of that (``BOLD_CHAR`` when bold), which holds for Calibri in Excel and for the
wider DejaVu Sans that LibreOffice uses when Calibri is absent. ``tests/test_excel_layout.py``
checks every cell of a brief against it; ``tests/test_excel_render.py`` checks the real PDF.
"""
from __future__ import annotations

import math
from typing import Iterator

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

DEFAULT_WIDTH = 8.43  # an unset column, in character widths
DEFAULT_SIZE = 11.0
CHAR = 0.95  # an average character, in widths of "0" at 11 pt
BOLD_CHAR = 1.1
PADDING = 1.2  # cell margins, in widths of "0"
LINE = 1.3  # line height, in multiples of the font size (points)
ROW_PADDING = 3.0  # points above and below the text
MIN_HEIGHT = 15.0
A4_LANDSCAPE_PT = (842.0, 595.0)


def column_width(ws: Worksheet, column: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(column))
    return float(dim.width) if dim is not None and dim.width else DEFAULT_WIDTH


def span(ws: Worksheet, cell: Cell) -> tuple[int, int, int] | None:
    """(first column, last column, rows) of the merged range ``cell`` starts; None when inside one."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= cell.row <= merged.max_row and merged.min_col <= cell.column <= merged.max_col:
            if (cell.row, cell.column) != (merged.min_row, merged.min_col):
                return None
            return merged.min_col, merged.max_col, merged.max_row - merged.min_row + 1
    return cell.column, cell.column, 1


def font_size(cell: Cell) -> float:
    return float(cell.font.sz or DEFAULT_SIZE) if cell.font is not None else DEFAULT_SIZE


def chars_per_line(width: float, cell: Cell) -> int:
    """How many characters of this cell's font fit on one line of ``width`` (character widths)."""
    char = (BOLD_CHAR if cell.font is not None and cell.font.b else CHAR) * font_size(cell) / DEFAULT_SIZE
    indent = (cell.alignment.indent or 0) if cell.alignment is not None else 0
    return max(1, int((width - PADDING - indent) / char))


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines the text takes when wrapped as spreadsheets do: at spaces and after hyphens, and a word
    longer than a line broken across lines."""
    lines = 0
    for paragraph in text.split("\n"):
        # (piece, joined to the previous piece without a space: it follows a hyphen)
        pieces = [(piece, k > 0) for word in paragraph.split(" ") for k, piece in enumerate(_hyphen_split(word))]
        used, count = 0, 1
        for piece, joined in pieces:
            n, gap = len(piece), 0 if joined or not used else 1
            if used and used + gap + n > per_line:
                count, used, gap = count + 1, 0, 0
            if n > per_line:  # broken across lines
                extra = math.ceil(n / per_line) - 1
                count += extra
                n -= extra * per_line
            used += gap + n
        lines += count
    return lines


def _hyphen_split(word: str) -> list[str]:
    parts = word.split("-")
    return [p + "-" for p in parts[:-1]] + [parts[-1]] if len(parts) > 1 and all(parts) else [word]


def shown_text(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        decimals = 0
        fmt = cell.number_format or ""
        if "." in fmt:
            decimals = len(fmt.split(";")[0].split(".")[1].rstrip("%"))
        return f"{value:,.{decimals}f}"
    return str(value)


def text_cells(ws: Worksheet) -> Iterator[tuple[Cell, float, int]]:
    """Every filled cell that starts its range: (cell, width in characters, rows spanned)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or not hasattr(cell, "column"):
                continue
            where = span(ws, cell)
            if where is None:
                continue
            first, last, rows = where
            yield cell, sum(column_width(ws, c) for c in range(first, last + 1)), rows


def needed_height(cell: Cell, width: float) -> float:
    """Points of row height the cell's text needs at ``width``."""
    text = shown_text(cell)
    wrap = cell.alignment is not None and cell.alignment.wrap_text
    lines = wrapped_lines(text, chars_per_line(width, cell)) if wrap else text.count("\n") + 1
    return lines * LINE * font_size(cell) + ROW_PADDING


def overflows(ws: Worksheet, cell: Cell, width: float) -> bool:
    """True when unwrapped text is wider than its cell and the cell to its right is filled."""
    if cell.alignment is not None and cell.alignment.wrap_text:
        return False
    longest = max((len(line) for line in shown_text(cell).split("\n")), default=0)
    if longest <= chars_per_line(width, cell):
        return False
    if isinstance(cell.value, (int, float)):
        return True  # Excel shows "###"
    last = (span(ws, cell) or (0, cell.column, 1))[1]
    if last >= ws.max_column:
        return True  # would run off the printed width
    return ws.cell(row=cell.row, column=last + 1).value is not None


def fit(ws: Worksheet) -> None:
    """Wrap text that would run into a filled neighbour and set every row's height from its cells."""
    heights: dict[int, float] = {}
    for cell, width, rows in text_cells(ws):
        old = cell.alignment
        wrap = old.wrap_text or (not isinstance(cell.value, (int, float)) and overflows(ws, cell, width))
        # Top-aligned, so a one-line cell lines up with the first line of a wrapped neighbour.
        cell.alignment = Alignment(wrap_text=wrap, vertical=old.vertical or "top", horizontal=old.horizontal,
                                   indent=old.indent)
        if rows == 1:
            heights[cell.row] = max(heights.get(cell.row, MIN_HEIGHT), needed_height(cell, width))
    for row, height in heights.items():
        ws.row_dimensions[row].height = round(height, 1)


def problems(ws: Worksheet) -> list[str]:
    """Every cell that would be cut off (too tall for its row) or run into its neighbour."""
    found = []
    for cell, width, rows in text_cells(ws):
        height = sum(ws.row_dimensions[cell.row + k].height or MIN_HEIGHT for k in range(rows))
        need = needed_height(cell, width)
        if need > height + 0.05:
            found.append(f"{ws.title}!{cell.coordinate}: needs {need:.0f} pt, row is {height:.0f} pt: "
                         f"{shown_text(cell)[:60]!r}")
        if overflows(ws, cell, width):
            found.append(f"{ws.title}!{cell.coordinate}: {shown_text(cell)[:60]!r} is wider than its cell")
    return found


def printed_scale(ws: Worksheet) -> float:
    """The shrink that "fit to one page wide" applies: the page's printable width over the columns' width."""
    m = ws.page_margins
    printable = A4_LANDSCAPE_PT[0] - 72 * (m.left + m.right)
    columns = sum(0.75 * (7 * column_width(ws, c) + 5) for c in range(1, ws.max_column + 1))  # 7 px a character
    return min(1.0, printable / columns) if columns else 1.0


def keep_together(ws: Worksheet, blocks: list[tuple[int, int]], repeated_rows: int) -> None:
    """Page breaks so that no block of rows (first, last) is split over two pages: a block that would run
    past the foot of a page starts the next one. Uses the rows' set heights (``fit`` first), which are
    generous, so a page is never fuller than estimated."""
    m = ws.page_margins

    def height(row: int) -> float:
        return ws.row_dimensions[row].height or MIN_HEIGHT
    page = (A4_LANDSCAPE_PT[1] - 72 * (m.top + m.bottom)) / printed_scale(ws)
    page -= sum(height(r) for r in range(1, repeated_rows + 1))  # printed again above every later page
    used, after = 0.0, repeated_rows + 1  # height used on this page; the first row not yet counted
    for first, last in blocks:
        gap = sum(height(r) for r in range(after, first))
        need = sum(height(r) for r in range(first, last + 1))
        if used + gap + need > page and used + gap > 0:
            ws.row_breaks.append(Break(id=first - 1))
            used = need
        else:
            used += gap + need
        after = last + 1
