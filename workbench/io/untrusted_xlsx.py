"""Opening a workbook that came from outside, without trusting anything in it.

Before openpyxl parses anything: the file size, the zip directory (entry count, unpacked size,
compression ratio, encryption, macros, external links) and every XML part (no DOCTYPE or entity
declarations; a bounded number of cells and elements, counting every cell of merged and
hyperlinked ranges) are checked. openpyxl must then parse with defusedxml as a second line of
defence. Formulas are refused, never evaluated: ``data_only=True`` would trust cached values an
attacker controls. Every problem goes to ``fail(field, problem)``, which raises.
"""
from __future__ import annotations

import io
import re
import warnings
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import openpyxl
import openpyxl.xml
import openpyxl.xml.functions
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from workbench.core.text import safe_text
from workbench.io.bounded_read import UnreadableFile, read_bounded

Fail = Callable[[str, str], NoReturn]  # raises ProjectFileError(path, field, problem)

MAX_FILE_BYTES = 10_000_000
MAX_UNPACKED_BYTES = 50_000_000
MAX_PART_BYTES = 20_000_000
MAX_ENTRIES = 500
MAX_RATIO = 100  # a real sheet compresses 5-30 times; deflate bombs reach 1,000
RATIO_FLOOR = 1_000_000  # small parts may compress well without harm
MAX_ITEMS = 250_000  # XML elements plus cells of merged/hyperlinked ranges


def open_untrusted(path: Path, fail: Fail) -> Workbook:
    """Check the file and its parts, then open it with openpyxl (values and formulas as written)."""
    if not _xml_is_defused():
        fail("", "refusing to read workbooks: openpyxl is not using defusedxml (install defusedxml and do not "
                 "set OPENPYXL_DEFUSEDXML=False)")
    data = _read_capped(path, fail)
    _inspect_zip(data, fail)
    try:
        with warnings.catch_warnings():  # openpyxl warns about features it drops; they are not read anyway
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=False, keep_vba=False,
                                        keep_links=False, rich_text=False)
    except Exception as exc:  # openpyxl raises many types for malformed parts; the user needs one message
        causes = _causes(exc)  # openpyxl wraps parser errors in a ValueError of its own
        unsafe = [e for e in causes if (type(e).__module__ or "").startswith("defusedxml")]
        if unsafe:
            fail("", f"the workbook's XML uses entity declarations or external references "
                     f"({type(unsafe[0]).__name__}), which Excel never writes; the file is refused as unsafe")
        root = causes[-1]
        if type(root).__name__ in ("ParseError", "ExpatError"):
            fail("", f"the workbook holds malformed XML ({safe_text(root)}); re-save it in Excel")
        fail("", f"not a readable Excel workbook ({type(root).__name__}: {str(root)[:100]}); "
                 "save it as an Excel Workbook (.xlsx) and try again")
    return wb


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _xml_is_defused() -> bool:
    """openpyxl chose its XML parser when it was imported: it must be defusedxml's."""
    parse = getattr(openpyxl.xml.functions, "iterparse", None)
    return bool(openpyxl.xml.DEFUSEDXML) and (getattr(parse, "__module__", "") or "").startswith("defusedxml")


def _read_capped(path: Path, fail: Fail) -> bytes:
    try:
        return read_bounded(path, MAX_FILE_BYTES, "assumptions workbook")
    except UnreadableFile as exc:
        fail("", str(exc))


def _inspect_zip(data: bytes, fail: Fail) -> None:
    """Check the archive's directory before any XML is parsed; refuse bombs, macros and links."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        fail("", "this is a password-protected workbook or an old .xls file; save it as an unprotected "
                 "Excel Workbook (.xlsx)")
    if not data.startswith(b"PK\x03\x04"):
        fail("", "not an Excel workbook: an .xlsx file is a zip archive and this file is not one")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        fail("", f"the workbook is damaged (not a valid zip archive: {exc})")
    except NotImplementedError as exc:  # a zip feature Python does not read ("zip file version 23.6")
        fail("", f"the workbook uses a zip format this workbench cannot read ({exc}); re-save it in Excel")
    if len(infos) > MAX_ENTRIES:
        fail("", f"the archive holds {len(infos):,} parts, above the limit of {MAX_ENTRIES}")
    names: set[str] = set()
    total = 0
    budget = _Budget(MAX_ITEMS)
    for info in infos:
        name, lower = info.filename, info.filename.lower()
        if lower in names:
            fail(name, "the archive holds two parts with this name")
        names.add(lower)
        if info.flag_bits & 0x1:
            fail(name, "this part is encrypted; save the workbook without a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            fail(name, "this part uses a compression method Excel does not write")
        if lower.endswith("vbaproject.bin"):
            fail(name, "the workbook contains macros (VBA); save it as an Excel Workbook (.xlsx) without macros")
        if lower.startswith("xl/externallinks/"):
            fail(name, "the workbook links to other workbooks; break the links (Data > Edit Links) and save again")
        if info.file_size > MAX_PART_BYTES:
            fail(name, f"this part unpacks to {info.file_size:,} bytes, above the {MAX_PART_BYTES:,}-byte limit "
                       "(a zip bomb?)")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            fail(name, f"this part is compressed {info.file_size // max(info.compress_size, 1):,} to 1, "
                       f"above the limit of {MAX_RATIO} to 1 (a zip bomb?)")
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        fail("", f"the workbook unpacks to {total:,} bytes, above the {MAX_UNPACKED_BYTES:,}-byte limit (a zip bomb?)")
    # Every part, wherever it sits and whatever its name: openpyxl follows the relationships, so a
    # worksheet stored as "xl/media/image1.png" is still parsed. Pictures fail as XML and are skipped.
    for info in infos:
        _scan_part(archive, info, budget, fail)


class _Budget:
    """Cells and other XML elements left before openpyxl would hold too many objects in memory."""

    def __init__(self, items: int) -> None:
        self.left = items


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget,
               fail: Fail) -> None:
    """Stream one part through expat without building anything; refuse DTDs and too many elements.

    openpyxl makes an object for every cell, row and column element, and one for every cell of a
    merged or hyperlinked range ("A1:XFD1048576" in a 1 KB file would be billions), so these are
    counted here first. A DOCTYPE (entity expansion, external entities) is refused outright; Excel
    never writes one. Parts that are not XML are left alone: openpyxl cannot parse them either.
    """
    name = info.filename

    def unsafe(*_: Any) -> NoReturn:
        raise _Unsafe

    def element(tag: str, attrs: dict[str, str]) -> None:
        budget.left -= 1
        if tag.rsplit(":", 1)[-1] in ("mergeCell", "hyperlink") and ":" in attrs.get("ref", ""):
            try:
                min_col, min_row, max_col, max_row = range_boundaries(attrs["ref"].replace("$", ""))
                if min_col is not None and min_row is not None and max_col is not None and max_row is not None:
                    budget.left -= (max_col - min_col + 1) * (max_row - min_row + 1)  # "A1:C3" has all four
            except (ValueError, TypeError):
                pass  # openpyxl refuses it later
        if budget.left < 0:
            fail(name, f"the workbook holds more than {MAX_ITEMS:,} cells and other elements (counting every cell "
                       "of merged and hyperlinked ranges); an assumptions workbook needs a few thousand")

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = unsafe
    parser.ExternalEntityRefHandler = unsafe
    parser.StartElementHandler = element
    try:
        with archive.open(info) as part:
            first = True
            while chunk := part.read(1 << 16):
                if first:
                    _known_encoding(chunk, name, fail)
                    first = False
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Unsafe:
        fail(name, "this part declares a DOCTYPE or XML entities (an entity-expansion or external-entity trick); "
                   "Excel never writes them, so the file is refused")
    except xml.parsers.expat.ExpatError:
        return  # not XML (a thumbnail, printer settings)
    except (LookupError, ValueError, UnicodeError):  # expat asks Python's codecs for other encodings
        fail(name, "this part's text encoding cannot be read; Excel writes UTF-8, re-save the workbook in Excel")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        fail(name, f"this part is damaged ({type(exc).__name__}: {safe_text(exc, 80)})")


XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']{0,40})["']""")
READABLE_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii"}


def _known_encoding(start: bytes, name: str, fail: Fail) -> None:
    """Refuse an XML declaration naming an encoding Excel never writes (openpyxl would fail inside)."""
    head = start[:400]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark: read the declaration
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    found = XML_ENCODING.match(head)
    if found:
        encoding = found.group(1).decode("ascii", errors="replace")
        if encoding.strip().lower() not in READABLE_ENCODINGS:
            fail(name, f"this part declares the text encoding '{safe_text(encoding)}'; Excel writes UTF-8, "
                       "re-save the workbook in Excel")


class _Unsafe(Exception):
    pass


def refuse_formulas(ws: Worksheet, fail: Fail,
                 name_of: Callable[[Any], str | None]) -> None:
    """A formula anywhere in a sheet that is read is refused, never evaluated."""
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for cell in row:
            value = cell.value
            if cell.data_type == "f" or isinstance(value, (ArrayFormula, DataTableFormula)):
                text = getattr(value, "text", None) or (value if isinstance(value, str) else "")
                name = name_of(cell)
                fail(f"{ws.title}!{cell.coordinate}" + (f" ({name})" if name else ""),
                     f"holds a formula ({safe_text(text or '=...')}); formulas are never evaluated on import: "
                     "type the value itself")


