"""The Excel negotiation brief: one workbook that explains itself to a reader who never saw the app.

Sheets: Cover, Key numbers, Scenarios, What changed, Assumptions, Large loads, Tariffs, Grid, Charts,
[Uncertainty, Tornado, Deal space (io/excel_studies.py), when made with studies], Reserve option,
Process and legal status (io/excel_reserve.py), Evidence, Sources.
Numbers are numbers with formats and units; user text is always text (never a formula);
charts are native Excel charts over ranges in the workbook; every sheet prints landscape,
one page wide, with its header rows repeated. Written to memory, then saved atomically.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from workbench import __version__
from workbench.core.dataset import DATA_BRIEF_NOTE, MONTHS, DataSet
from workbench.core.gates import permission
from workbench.core.headlines import KEY_NUMBERS, answer, rows_for, verdict
from workbench.core.large_load import field_applies
from workbench.core.palette import TECHNOLOGY_COLOURS, TECHNOLOGY_LABELS, scenario_colour
from workbench.core.parameters import INTEGER, Catalogue, Parameter, override_text
from workbench.core.project import DATA_SET, Project, Scenario, diff, resolve
from workbench.core.results import ScenarioResult
from workbench.core.studies import BriefStudies
from workbench.io import excel_layout as layout
from workbench.io.excel_cells import clean_text, first_sheet, number, print_setup, put, save_workbook
from workbench.io.gates_loader import load_gates

BODY_FONT = "Calibri"  # named on every font: a font without a name prints in a serif face in LibreOffice
TITLE = Font(name=BODY_FONT, size=16, bold=True, color="1F3864")
SUBTITLE = Font(name=BODY_FONT, size=12, bold=True, color="1F3864")
HEADER = Font(name=BODY_FONT, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
BOLD = Font(name=BODY_FONT, bold=True)
NOTE = Font(name=BODY_FONT, italic=True, color="595959")
PASS = Font(name=BODY_FONT, bold=True, color="006100")
FAIL = Font(name=BODY_FONT, bold=True, color="9C0006")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")
NOT_USED = "not used"  # a load's field that its kind or tariff scheme does not use
TARIFF_BAND = 5  # scenarios side by side on the Tariffs sheet: ten columns of numbers print at a readable size
GROUP_EDGE = Border(left=Side(style="medium", color="FFFFFF"))
THIN = Border(bottom=Side(style="thin", color="BFBFBF"))
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {0: "#,##0;-#,##0", 1: "#,##0.0;-#,##0.0", 2: "#,##0.00;-#,##0.00", 3: "#,##0.000;-#,##0.000"}


# The Grid sheet's column order; names and colours are the window's (core.palette).
TECHNOLOGIES = ("hydro", "nuclear", "local_coal", "local_gas", "imported_coal", "rlng", "rfo", "wind", "solar",
                "bagasse", "import")


def _header(ws: Worksheet, row: int, labels: Sequence[str], col: int = 1, right: Sequence[int] = (),
            centre: Sequence[int] = ()) -> None:
    """A header row; ``right`` and ``centre`` list the (1-based) columns whose values below are
    numbers (aligned right, as they are) or verdicts (centred). Its height is set by layout.fit."""
    for i, label in enumerate(labels):
        c = col + i
        cell = put(ws.cell(row=row, column=c), label)
        cell.font, cell.fill = HEADER, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom",
                                   horizontal="right" if c in right else "center" if c in centre else None)


def _pad(cell: Cell, horizontal: str | None = None) -> None:
    """A gap between a number and the text in the next cell (a verdict, a tag, words)."""
    old = cell.alignment
    cell.alignment = Alignment(indent=1 if horizontal != "center" else 0, horizontal=horizontal or "left",
                               wrap_text=old.wrap_text, vertical=old.vertical or "top")


def _title(ws: Worksheet, title: str, subtitle: str = "") -> int:
    put(ws.cell(row=1, column=1), title).font = TITLE
    if subtitle:
        put(ws.cell(row=2, column=1), subtitle).font = NOTE
    return 4


def _wrap_subtitle(ws: Worksheet) -> None:
    """The subtitle wrapped over the sheet's table: left to run on, it would set the printed
    width (fit to one page wide) and shrink the whole sheet."""
    merged = any(r.min_row <= 2 <= r.max_row and r.min_col == 1 for r in ws.merged_cells.ranges)
    if ws["A2"].value and ws.max_column > 1 and not merged:
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ws.max_column)
        ws["A2"].alignment = WRAP


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


class Brief:
    """Builds the workbook; one method per sheet."""

    def __init__(self, project: Project, catalogue: Catalogue, dataset: DataSet, results: Sequence[ScenarioResult],
                 studies: BriefStudies | None = None):
        self.project, self.catalogue, self.dataset, self.results = project, catalogue, dataset, list(results)
        self.studies = studies
        self.names = [r.name for r in self.results]
        self.resolved = {n: resolve(project, n, catalogue) for n in self.names}
        self.wb = Workbook()
        # Each scenario is shown for its own first study year; usually they share one.
        self.years = {r.name: int(r.key_results["fy"]) for r in self.results}
        years = sorted(set(self.years.values()))
        self.fy_text = f"FY{years[0]}" if len(years) == 1 else "first study year of each scenario"
        self.keep_together: dict[str, list[tuple[int, int]]] = {}  # sheet: blocks of rows not to split over pages

    def answer(self, name: str) -> str:
        """The cover's sentence for one scenario, built from its key numbers (core.headlines.answer)."""
        result = next(r for r in self.results if r.name == name)
        return answer(result.key_results, self.resolved[name].large_loads, self.years[name]) + \
            process_text(self.project.scenario(name))

    def firm_mining(self, name: str) -> bool:
        """True when the scenario has a bitcoin-mining load that runs firm (not curtailed by price or rule)."""
        return any(load.get("kind") == "crypto_mining" and load.get("flexibility") == "firm"
                   for load in self.resolved[name].large_loads)

    def shown_year(self, result: ScenarioResult, table: str) -> pd.DataFrame:
        """The rows of one of the result's tables for the year the brief shows for it."""
        frame = result.frames[table]
        return frame[frame["fy"] == self.years[result.name]].reset_index(drop=True)

    def shown_months(self, result: ScenarioResult) -> pd.DataFrame:
        """The monthly table for the year shown, indexed by month in fiscal-year order."""
        return self.shown_year(result, "monthly").set_index("month").reindex(list(MONTHS))

    def build(self) -> Workbook:
        self.cover()
        self.key_numbers()
        self.scenarios()
        self.what_changed()
        self.assumptions()
        self.large_loads()
        self.tariffs()
        self.grid()
        self.charts()
        from workbench.io.excel_offers import offers_sheet  # they use this module's styles
        from workbench.io.excel_reserve import process_sheet, reserve_sheet
        from workbench.io.excel_studies import study_sheets

        if self.studies is not None:
            study_sheets(self, self.studies)

        reserve_sheet(self)
        process_sheet(self)
        offers_sheet(self)
        self.evidence()
        self.sources()
        for ws in self.wb.worksheets[1:]:
            _wrap_subtitle(ws)
        for ws in self.wb.worksheets:  # last: every row as tall as its wrapped text
            layout.fit(ws)
        for title, blocks in self.keep_together.items():  # then, with the heights known, page breaks
            layout.keep_together(self.wb[title], blocks, repeated_rows=2)
        return self.wb

    # -- Cover --------------------------------------------------------------------------------
    def cover(self) -> None:
        ws = first_sheet(self.wb)
        ws.title = "Cover"
        put(ws["A1"], self.project.title or "Grid and tariff scenarios").font = TITLE
        put(ws["A2"], f"Negotiation brief, {self.fy_text}. Prepared {date.today():%d %B %Y}.").font = SUBTITLE
        purpose = ("What allocating grid electricity to large new loads (bitcoin mining, AI data centres) does to "
                   "the grid, to other consumers' tariffs, to the budget and circular debt, to imported fuel and "
                   "to CO2 - each scenario against the same assumptions without the new loads. "
                   "Key numbers are on the next sheet, then what each scenario represents; every assumption and its "
                   "source follows.")
        guide = ("Numbers are for the first study year (a multi-year study adds whole-horizon rows). Tariffs "
                 "are base tariffs in PKR/kWh, excluding taxes, fixed charges and surcharges; the uniform tariff "
                 "includes the debt-service surcharge. A red 'FAIL' marks a red line that is crossed, "
                 "'baseline' a scenario without new loads (the comparison itself, not scored); 'n/a' means "
                 "the measure does not exist for that scenario (it has no new loads). Methods and limits: the "
                 "workbench's docs/methodology.md. Sources: last sheet.")
        row = 4
        put(ws.cell(row=row, column=1), "The answer, scenario by scenario").font = SUBTITLE
        for name in self.names:
            row += 1
            put(ws.cell(row=row, column=1), name).font = BOLD
            put(ws.cell(row=row, column=2), self.answer(name)).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        row += 2
        for heading, text in (("Purpose", purpose), ("How to read this brief", guide),
                              ("About this project", self.project.notes)):
            if not text:
                continue
            put(ws.cell(row=row, column=1), heading).font = SUBTITLE
            put(ws.cell(row=row + 1, column=1), text).alignment = WRAP
            ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=6)
            row += 3
        _widths(ws, [42, 24, 30, 20, 20, 20])
        print_setup(ws, "1:2", one_page=True)

    # -- Scenarios -----------------------------------------------------------------------------
    def scenarios(self) -> None:
        """What each scenario represents and the stamps that reproduce its numbers (off the cover,
        which must stay one page at a readable size however many scenarios there are)."""
        ws = self.wb.create_sheet("Scenarios")
        row = _title(ws, "Scenarios compared", "What each scenario represents and what it builds on; then what "
                                               "is needed to reproduce its numbers exactly.")
        _header(ws, row, ["Scenario", "Builds on", "What it represents", "", "", ""])
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)
        for i, name in enumerate(self.names):
            s = self.project.scenario(name)
            r = row + 1 + i
            put(ws.cell(row=r, column=1), name).font = BOLD
            put(ws.cell(row=r, column=2), s.parent or "(data set)")
            put(ws.cell(row=r, column=3), s.notes)
            for c in range(1, 4):
                ws.cell(row=r, column=c).alignment = WRAP
            ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=6)
        row += 2 + len(self.names)
        put(ws.cell(row=row, column=1), "Reproducibility").font = SUBTITLE
        stamp = [("Workbench version", __version__), ("Data set", self.dataset.label),
                 ("Data-set hash", self.dataset.content_hash)]
        if self.studies is None:
            stamp.append(("Random seed", "none: the model is deterministic"))
        else:
            from workbench.io.excel_studies import stamp_rows

            stamp += stamp_rows(self.studies)
        stamp += [(f"Input hash: {r.name}", r.input_hash) for r in self.results]
        for i, (label, value) in enumerate(stamp):
            put(ws.cell(row=row + 1 + i, column=1), label)
            put(ws.cell(row=row + 1 + i, column=2), value).font = Font(name="Consolas", size=8)
        _widths(ws, [42, 24, 30, 20, 20, 20])
        print_setup(ws, "1:2")

    # -- Key numbers --------------------------------------------------------------------------
    def key_numbers(self) -> None:
        ws = self.wb.create_sheet("Key numbers")
        first = _title(ws, f"Key numbers, {self.fy_text}",
                       "Each scenario against the same assumptions without its new loads. Red lines: "
                       "bills and tariffs must not rise, no new subsidy, no added load shedding.")
        labels = ["Headline", "Unit", "Red line"]
        show_year = len(set(self.years.values())) > 1
        for name in self.names:
            labels += [f"{name} (FY{self.years[name]})" if show_year else name, "Verdict"]
        values_from = 4
        n = len(self.results)
        _header(ws, first, labels, right=[values_from + 2 * j for j in range(n)],
                centre=[values_from + 1 + 2 * j for j in range(n)])
        # The reserve's rows are on the Reserve option sheet: here they would shrink this one-page sheet.
        rows = tuple(h for h in rows_for(self.results) if not h.key.startswith(("reserve_", "horizon_reserve_")))
        for i, h in enumerate(rows):
            r = first + 1 + i
            put(ws.cell(row=r, column=1), h.label).alignment = WRAP
            put(ws.cell(row=r, column=2), h.unit)
            put(ws.cell(row=r, column=3), h.threshold or None).alignment = WRAP
            for j, result in enumerate(self.results):
                value = result.key_results.get(h.key, float("nan"))
                value = h.rounded(value)  # no "-0.0"
                col = values_from + 2 * j
                put(ws.cell(row=r, column=col), value, FORMATS[h.decimals], where=f"{result.name}: {h.label}",
                    missing_ok=True).alignment = Alignment(horizontal="right", vertical="top")
                mark = ws.cell(row=r, column=col + 1)
                word, ok = verdict(h, result.key_results, self.firm_mining(result.name))
                if word:
                    put(mark, word).font = NOTE if ok is None else PASS if ok else FAIL
                    if ok is False:
                        mark.fill = FAIL_FILL
                _pad(mark, "center")
            for c in range(1, values_from + 2 * n):
                ws.cell(row=r, column=c).border = THIN
                if ws.cell(row=r, column=c).alignment.vertical is None:
                    ws.cell(row=r, column=c).alignment = Alignment(vertical="top")
        last = first + len(rows)
        note = first + len(rows) + 2
        cell = put(ws.cell(row=note, column=1), "Red lines: " + "; ".join(
            f"{h.title} {h.red_line_text}" for h in KEY_NUMBERS if h.red_line) + ". Verdicts: 'pass' where a red "
            "line holds, 'FAIL' where it is crossed, 'FLAG' where a firm bitcoin-mining load would mostly be "
            "unprofitable at its tariff (so it would not run as assumed); 'baseline' for a scenario "
            "without new loads, which is itself the comparison.")
        cell.font, cell.alignment = NOTE, WRAP
        ws.merge_cells(start_row=note, start_column=1, end_row=note, end_column=values_from - 1 + 2 * n)
        ref = f"{quote_sheetname(ws.title)}!$A${first}:${get_column_letter(values_from - 1 + 2 * n)}${last}"
        self.wb.defined_names["KeyNumbers"] = DefinedName("KeyNumbers", attr_text=ref)
        ws.freeze_panes = ws.cell(row=first + 1, column=values_from)
        # Wide enough for "Government" in a bold header (11 broke it as "Governmen-t"); past five scenarios the
        # verdict columns give the width back, so the page still prints above 6 pt.
        _widths(ws, [36, 9, 20] + ([12.5, 10] if n <= 5 else [12.5, 8.5]) * n)
        print_setup(ws, f"1:{first}")  # one page wide; a second page for many scenarios or a horizon

    # -- What changed --------------------------------------------------------------------------
    def what_changed(self) -> None:
        ws = self.wb.create_sheet("What changed")
        first = _title(ws, "What each scenario changes against the scenario it builds on",
                       "Only the assumptions that differ are listed; everything else is inherited.")
        _header(ws, first, ["Scenario", "Builds on", "Assumption", "Unit", "Before", "After", "In words"],
                centre=(5, 6))
        r = first
        for name in self.names:
            parent = self.project.scenario(name).parent
            if parent is None:
                r += 1
                put(ws.cell(row=r, column=1), name)
                put(ws.cell(row=r, column=7), "Base scenario: the data set's defaults with the values on the "
                                               "Assumptions sheet.")
                continue
            for row in diff(self.project, parent, name, self.catalogue):
                r += 1
                put(ws.cell(row=r, column=1), name)
                put(ws.cell(row=r, column=2), parent)
                put(ws.cell(row=r, column=3), row.label)
                put(ws.cell(row=r, column=4), row.unit)
                for col, value, text in ((5, row.a, row.a_text), (6, row.b, row.b_text)):
                    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
                    put(ws.cell(row=r, column=col), value if numeric else text, _format_for(value) if numeric else None)
                    _pad(ws.cell(row=r, column=col), "center")  # clear of the words in the next column
                words = _in_words(row.label, row.a_text, row.b_text)
                put(ws.cell(row=r, column=7), words).alignment = WRAP
                _pad(ws.cell(row=r, column=7))
                ws.cell(row=r, column=3).alignment = WRAP
        ws.freeze_panes = ws.cell(row=first + 1, column=1)
        _widths(ws, [26, 22, 48, 12, 14, 14, 60])
        print_setup(ws, f"1:{first}")

    # -- Assumptions ---------------------------------------------------------------------------
    def assumptions(self) -> None:
        """One row per assumption, one column per scenario: readable on A4 (the evidence behind
        each default and the large loads have their own sheets)."""
        ws = self.wb.create_sheet("Assumptions")
        first = _title(ws, "Assumptions of every scenario",
                       "Bold: set in this scenario; otherwise inherited (from the scenario it builds on, or the "
                       "data set's default). A value set in a scenario carries that scenario's note as a comment. "
                       "Source: the scenarios that set a value, with their notes, and where the default comes "
                       "from; the source's own words and address are on the Evidence sheet.")
        labels = ["Group", "Assumption", "Unit", *self.names, "Source", "Basis", "Confidence"]
        values = range(4, 4 + len(self.names))
        _header(ws, first, labels, right=[c for c in values])
        _pad(ws.cell(row=first, column=4 + len(self.names)))
        r = first
        for p in self.catalogue:
            r += 1
            put(ws.cell(row=r, column=1), p.group)
            put(ws.cell(row=r, column=2), p.label)
            put(ws.cell(row=r, column=3), p.unit)
            for column, name in zip(values, self.names):
                resolved = self.resolved[name]
                value, origin = resolved.values[p.key], resolved.origin[p.key]
                cell = self._value_cell(ws.cell(row=r, column=column), p, value)
                cell.font = Font(name=BODY_FONT, bold=origin == name)
                if origin != DATA_SET:
                    cell.comment = Comment(clean_text(override_text(
                        origin, self.project.scenario(origin).notes, 500)), "Workbench")
            col = 4 + len(self.names)
            origins = dict.fromkeys(self.resolved[n].origin[p.key] for n in self.names)
            overrides = [override_text(o, self.project.scenario(o).notes, 160) for o in origins if o != DATA_SET]
            # A value set in a scenario cites that scenario and its note, not the default's source.
            put(ws.cell(row=r, column=col), "\n".join(overrides + [f"Default: {p.source}"]) if overrides
                else p.source)
            put(ws.cell(row=r, column=col + 1), p.basis or None)
            put(ws.cell(row=r, column=col + 2), p.confidence or None)
            for c in range(1, col + 3):
                # Values right-aligned under their scenario; the Source text kept clear of the last one.
                ws.cell(row=r, column=c).alignment = Alignment(
                    wrap_text=True, vertical="top",
                    horizontal="right" if c in values else "left" if c == col else None, indent=int(c == col))
        ws.freeze_panes = ws.cell(row=first + 1, column=4)
        _widths(ws, [12, 30, 10] + [12] * len(self.names) + [46, 9, 11])
        print_setup(ws, f"1:{first}")

    def _value_cell(self, cell: Cell | MergedCell, p: Parameter, value: Any) -> Cell:
        """A parameter's value: a number stays a number (with its format), anything else its words."""
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        return put(cell, value if numeric else p.format(value),
                   ("0" if p.kind == INTEGER else _format_for(value)) if numeric else None)

    def large_loads(self) -> None:
        """Every field of every scenario's large loads side by side; scenarios that take their
        loads from another share its columns."""
        ws = self.wb.create_sheet("Large loads")
        first = _title(ws, "Large loads of every scenario",
                       "One column per load. Scenarios that take their loads unchanged from the scenario they "
                       f"build on share its columns. '{NOT_USED}': the field does not apply to that load's kind or "
                       "tariff scheme.")
        groups: dict[str, list[str]] = {}  # the scenario that set the loads -> every scenario using them
        for name in self.names:
            if self.resolved[name].large_loads:
                groups.setdefault(self.resolved[name].loads_origin, []).append(name)
        if not groups:
            put(ws.cell(row=first, column=1), "No scenario has new large loads.")
        fields = list(self.catalogue.load_fields.values())[1:]  # the name heads the column
        column = 3
        for origin, users in groups.items():
            loads = self.resolved[users[0]].large_loads
            heading = ", ".join(users) if users == [origin] or origin not in users else \
                f"{origin} (also {', '.join(u for u in users if u != origin)})"
            if origin not in users:
                heading += f" (as in {origin})"
            _header(ws, first, [heading], col=column, centre=[column])
            for row in (first, first + 1):  # a rule between scenarios, so each heading sits over its own loads
                ws.cell(row=row, column=column).border = GROUP_EDGE
            if len(loads) > 1:
                ws.merge_cells(start_row=first, start_column=column, end_row=first,
                               end_column=column + len(loads) - 1)
            _header(ws, first + 1, [load["name"] for load in loads], col=column,
                    right=range(column, column + len(loads)))
            for k, load in enumerate(loads):
                for i, f in enumerate(fields):
                    at = ws.cell(row=first + 2 + i, column=column + k)
                    if field_applies(f.key, load):
                        cell = self._value_cell(at, f, load.get(f.key))
                    else:  # a data centre's PUE shown beside a miner read as the miner's
                        cell = put(at, NOT_USED)
                        cell.font = NOTE
                    cell.alignment = Alignment(horizontal="right", vertical="top", wrap_text=True)
            column += len(loads)
        if groups:
            _header(ws, first, ["", ""])
            _header(ws, first + 1, ["Field", "Unit"])
            for i, f in enumerate(fields):
                put(ws.cell(row=first + 2 + i, column=1), f.label).alignment = WRAP
                put(ws.cell(row=first + 2 + i, column=2), f.unit).alignment = WRAP
        ws.freeze_panes = ws.cell(row=first + 2, column=3)
        _widths(ws, [40, 11] + [16] * max(column - 3, 1))
        print_setup(ws, f"1:{first + 1}", one_page=True)

    def evidence(self) -> None:
        """Where each default comes from, in the source's own words: what a hostile question needs."""
        ws = self.wb.create_sheet("Evidence")
        first = _title(ws, "Evidence for each default value",
                       "The data set's default for every assumption, the year it refers to, how a derived "
                       "value was worked out, the source's own words and where to find them. The source "
                       "itself is cited on the Assumptions and Sources sheets.")
        _header(ws, first, ["Assumption", "Unit", "Default", "Year", "Worked out as", "Quote", "Address"],
                right=[3])
        _pad(ws.cell(row=first, column=4))
        r = first
        for p in self.catalogue:
            details = dict(p.provenance())
            r += 1
            put(ws.cell(row=r, column=1), p.label)
            put(ws.cell(row=r, column=2), p.unit)
            self._value_cell(ws.cell(row=r, column=3), p, p.default)
            put(ws.cell(row=r, column=4), p.year or None)
            put(ws.cell(row=r, column=5), self.dataset.worked_out(p.formula) or None)
            put(ws.cell(row=r, column=6), details.get("Quote") or None)
            put(ws.cell(row=r, column=7), details.get("Address") or None)
            for c in range(1, 8):
                ws.cell(row=r, column=c).alignment = Alignment(
                    wrap_text=True, vertical="top", horizontal="right" if c == 3 else "left" if c == 4 else None,
                    indent=int(c == 4))
        ws.freeze_panes = ws.cell(row=first + 1, column=2)
        _widths(ws, [30, 10, 12, 12, 32, 46, 36])
        print_setup(ws, f"1:{first}")

    # -- Tariffs -------------------------------------------------------------------------------
    def tariffs(self) -> None:
        ws = self.wb.create_sheet("Tariffs")
        first = _title(ws, f"Consumer tariffs and bills, {self.fy_text}",
                       "Base tariffs in PKR/kWh (no taxes or surcharges). Categories keep their notified "
                       "cross-subsidy: every non-lifeline tariff moves in proportion to the consumers' average. "
                       "Read 'with' against 'without' of the same scenario; the model's FY2026 cost-reflective "
                       "average is 1-2% off the notified one (see calibration).")
        # At most TARIFF_BAND scenarios side by side: more would print too small on one page width, so the
        # rest follow in bands below, each with its own header, starting a page.
        row = first
        for band in range(0, len(self.names), TARIFF_BAND):
            if band:
                ws.row_breaks.append(Break(id=row - 1))
            row = self._tariff_band(ws, row, self.names[band:band + TARIFF_BAND],
                                    self.results[band:band + TARIFF_BAND]) + 2
        ws.freeze_panes = ws.cell(row=first + 1, column=2)
        _widths(ws, [34, 12, 11] + [14, 14] * min(len(self.names), TARIFF_BAND))
        print_setup(ws, f"1:{first - 1}")

    def _tariff_band(self, ws: Worksheet, first: int, names: Sequence[str],
                     results: Sequence[ScenarioResult]) -> int:
        """Category tariffs and typical bills of some scenarios from row ``first``; returns the last row."""
        labels = ["Category", "Share of sales (%)", "Notified"]
        for name in names:
            labels += [f"{name}: without new loads", f"{name}: with new loads"]
        _header(ws, first, labels, right=range(2, len(labels) + 1))
        tables = [self.shown_year(r, "category_tariffs") for r in results]
        for i, (_, row) in enumerate(tables[0].iterrows()):
            r = first + 1 + i
            put(ws.cell(row=r, column=1), row["category"])
            put(ws.cell(row=r, column=2), row["sales_share_pct"], FORMATS[1])
            put(ws.cell(row=r, column=3), row["notified_pkr_per_kwh"], FORMATS[2])
            for j, t in enumerate(tables):
                put(ws.cell(row=r, column=4 + 2 * j), t.at[i, "without_new_loads_pkr_per_kwh"], FORMATS[2])
                put(ws.cell(row=r, column=5 + 2 * j), t.at[i, "with_new_loads_pkr_per_kwh"], FORMATS[2])
        r = first + len(tables[0]) + 2
        put(ws.cell(row=r, column=1), "Monthly bills of typical consumers (PKR)").font = SUBTITLE
        _header(ws, r + 1, ["Consumer", "Units a month", "", *[x for name in names
                                                               for x in (f"{name}: without", f"{name}: change")]],
                right=range(2, 4 + 2 * len(names)))
        bills = [self.shown_year(res, "typical_bills") for res in results]
        for i, (_, row) in enumerate(bills[0].iterrows()):
            rr = r + 2 + i
            put(ws.cell(row=rr, column=1), row["consumer"])
            put(ws.cell(row=rr, column=2), row["units_per_month"], FORMATS[0])
            for j, b in enumerate(bills):
                put(ws.cell(row=rr, column=4 + 2 * j), b.at[i, "bill_without_new_loads_pkr"], FORMATS[0])
                put(ws.cell(row=rr, column=5 + 2 * j), b.at[i, "change_pkr_per_month"], FORMATS[0])
        return r + 1 + len(bills[0])

    # -- Grid ----------------------------------------------------------------------------------
    def grid(self) -> None:
        ws = self.wb.create_sheet("Grid")
        first = _title(ws, f"Grid: monthly energy balance, shedding and spare capacity, {self.fy_text}",
                       "GWh unless stated: demand of existing consumers, the new loads, load shedding, then "
                       "generation by technology. Spare capacity (headroom) = available - demand - operating "
                       "reserve, lowest hour of the month; 'before' is without the new loads.")
        self.grid_blocks: dict[str, tuple[int, int]] = {}  # scenario -> (header row, first column)
        columns = [("demand_gwh", "Demand"), ("large_load_served_gwh", "New loads served"),
                   ("large_load_curtailed_gwh", "New loads curtailed"), ("unserved_gwh", "Shedding"),
                   *[(f"gen_{t}_gwh", TECHNOLOGY_LABELS[t]) for t in TECHNOLOGIES],
                   ("energy_cost_pkr_bn", "Energy cost, PKR bn"), ("fuel_imports_usd_m", "Imported fuel, USD m"),
                   ("co2_mt", "CO2, Mt"), ("min_headroom_before_mw", "Spare before, MW (min)"),
                   ("min_headroom_after_mw", "Spare after, MW (min)")]
        r = first
        for result in self.results:
            if r > first:  # each scenario's tables on pages of their own, so none is split from its header
                ws.row_breaks.append(Break(id=r - 1))
            monthly = self.shown_months(result)
            put(ws.cell(row=r, column=1), f"{result.name}, FY{self.years[result.name]}").font = SUBTITLE
            _header(ws, r + 1, ["Month", *[label for _, label in columns]], right=range(2, 2 + len(columns)))
            self.grid_blocks[result.name] = (r + 1, 1)
            for i, month in enumerate(MONTHS):
                put(ws.cell(row=r + 2 + i, column=1), month.capitalize())
                for k, (col, _) in enumerate(columns):
                    value = number(monthly.at[month, col]) if col in monthly.columns else 0.0
                    decimals = 2 if col == "co2_mt" else 0 if col.endswith(("_mw", "_gwh", "_usd_m")) else 1
                    put(ws.cell(row=r + 2 + i, column=2 + k), value, FORMATS[decimals], where=f"{result.name} {col}")
            r += 12 + 4
            if result.key_results.get("large_load_requested_gwh", 0) > 0:
                r = self._surplus_block(ws, r, result)
        ws.freeze_panes = ws.cell(row=first, column=2)
        _widths(ws, [11] + [10.5] * 22)
        print_setup(ws, f"1:{first - 1}")

    def _surplus_block(self, ws: Worksheet, r: int, result: ScenarioResult) -> int:
        put(ws.cell(row=r, column=1), f"{result.name}: surplus account - GWh of the new loads that existing "
                                      "plants can serve without shedding anyone, by hour of day and month").font = NOTE
        _header(ws, r + 1, ["Hour", *[m.capitalize() for m in MONTHS], "Year"], right=range(2, 15))
        table = result.frames["surplus_account"]
        for h in range(24):
            put(ws.cell(row=r + 2 + h, column=1), f"{h:02d}:00")
            for k, month in enumerate(MONTHS):
                put(ws.cell(row=r + 2 + h, column=2 + k), number(table.at[month, h]), FORMATS[1])
            put(ws.cell(row=r + 2 + h, column=14), float(table[h].sum()), FORMATS[0]).font = BOLD
        total = r + 2 + 24
        put(ws.cell(row=total, column=1), "All hours").font = BOLD
        for k, month in enumerate(MONTHS):
            put(ws.cell(row=total, column=2 + k), number(table.loc[month].sum()), FORMATS[0]).font = BOLD
        put(ws.cell(row=total, column=14), float(table.to_numpy().sum()), FORMATS[0]).font = BOLD
        # A colour scale over the month x hour cells, from red at zero (nothing spare) to green at the most
        # spare: anchored at zero so that February's fewer days (54.6 against 60.5 GWh) do not look red.
        cells = f"B{r + 2}:{get_column_letter(1 + len(MONTHS))}{r + 25}"
        # types-openpyxl leaves ColorScaleRule's parameters unannotated, so strict mypy calls it untyped.
        scale = ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",  # type: ignore[no-untyped-call]
                               end_type="max", end_color="63BE7B")
        ws.conditional_formatting.add(cells, scale)
        return total + 3

    # -- Charts --------------------------------------------------------------------------------
    def charts(self) -> None:
        ws = self.wb.create_sheet("Charts")
        _title(ws, "Charts", "Native Excel charts. Each chart's data range is named beside it: the tables on this "
                             "sheet and the scenario blocks on the Grid sheet.")
        with_loads = [r for r in self.results if r.key_results.get("large_load_requested_gwh", 0) > 0]

        # Driver bars: each driver's PKR/kWh per scenario (data written here), and the total.
        row0 = 4
        put(ws.cell(row=row0, column=1), "Change in uniform tariff by driver (PKR/kWh)").font = SUBTITLE
        _header(ws, row0 + 1, ["Driver", *[r.name for r in with_loads]], right=range(2, 2 + len(with_loads)))
        drivers = None
        for j, result in enumerate(with_loads):
            d = self.shown_year(result, "tariff_drivers")
            drivers = d["driver"].tolist()
            for i, value in enumerate(d["pkr_per_kwh"]):
                put(ws.cell(row=row0 + 2 + i, column=2 + j), float(value), FORMATS[2], where=f"{result.name} driver")
        for i, name in enumerate(drivers or []):
            put(ws.cell(row=row0 + 2 + i, column=1), name)
        total_row = row0 + 2 + len(drivers or [])
        put(ws.cell(row=total_row, column=1), "Total change").font = BOLD
        for j, result in enumerate(with_loads):
            put(ws.cell(row=total_row, column=2 + j), result.key_results["uniform_tariff_change_pkr_per_kwh"],
                FORMATS[2]).font = BOLD
        if with_loads:
            bars = BarChart()
            bars.type = "bar"
            bars.title = "What moves other consumers' uniform tariff (PKR/kWh)"
            bars.y_axis.title = "PKR/kWh"  # the drivers name themselves
            bars.add_data(Reference(ws, min_col=2, max_col=1 + len(with_loads), min_row=row0 + 1,
                                    max_row=total_row), titles_from_data=True)  # the total is the last bar
            bars.set_categories(Reference(ws, min_col=1, min_row=row0 + 2, max_row=total_row))
            for series, result in zip(bars.series, with_loads):  # each scenario in its window colour
                hue = scenario_colour(self.project.names(), result.name)
                series.graphicalProperties.solidFill = hue
                series.graphicalProperties.line.solidFill = hue
            bars.x_axis.tickLblPos = "low"  # driver names beside the axis, not over the bars
            bars.y_axis.number_format, bars.y_axis.majorUnit = "0", 2.0  # labels that do not touch
            bars.legend.position = "b"  # below, so the plot keeps the width beside the driver names
            bars.height, bars.width = 11, 26
            ws.add_chart(bars, f"A{total_row + 4}")  # below its table: beside it, it set the printed width
            put(ws.cell(row=total_row + 2, column=1),
                f"Chart data: {_range(ws, 1, row0 + 1, 1 + len(with_loads), total_row)} (the last bar is the "
                "total)").font = NOTE

        # For each scenario with new loads (or the first, when none has): generation and spare capacity.
        self.chart_blocks: dict[str, int] = {}
        grid = self.wb["Grid"]
        gen_first = 6  # the Grid block's generation columns (after month, demand and three load columns)
        row = total_row + 27  # below the driver chart (11 cm, about 21 rows)
        for result in with_loads or self.results[:1]:
            ws.row_breaks.append(Break(id=row - 1))  # each scenario's pair of charts starts a page
            self.chart_blocks[result.name] = row
            header_row, _ = self.grid_blocks[result.name]
            put(ws.cell(row=row, column=1), f"{result.name}: generation and lowest spare capacity by month, "
                                            f"FY{self.years[result.name]}").font = SUBTITLE
            gen_range = _range(grid, gen_first, header_row, gen_first + len(TECHNOLOGIES) - 1, header_row + 12)
            put(ws.cell(row=row + 1, column=1), f"Chart data: generation {gen_range}; spare capacity "
                f"{_range(ws, 1, row + 3, 3, row + 15)} (the table below).").font = NOTE
            _header(ws, row + 3, ["Month", "Without the new loads (MW)", "With the new loads (MW)"], right=(2, 3))
            monthly = self.shown_months(result)
            for i, month in enumerate(MONTHS):
                r = row + 4 + i
                put(ws.cell(row=r, column=1), month.capitalize())
                put(ws.cell(row=r, column=2), number(monthly.at[month, "min_headroom_before_mw"]), FORMATS[0])
                put(ws.cell(row=r, column=3), number(monthly.at[month, "min_headroom_after_mw"]), FORMATS[0])
            chart = BarChart()
            chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
            chart.title = f"Monthly generation by technology: {result.name} (GWh)"
            chart.y_axis.title, chart.x_axis.title = "GWh", "Month"
            chart.add_data(Reference(grid, min_col=gen_first, max_col=gen_first + len(TECHNOLOGIES) - 1,
                                     min_row=header_row, max_row=header_row + 12), titles_from_data=True)
            chart.set_categories(Reference(grid, min_col=1, min_row=header_row + 1, max_row=header_row + 12))
            for series, technology in zip(chart.series, TECHNOLOGIES):
                series.graphicalProperties.solidFill = TECHNOLOGY_COLOURS[technology]
                series.graphicalProperties.line.solidFill = TECHNOLOGY_COLOURS[technology]
            chart.legend.position = "b"  # below: clear of a long title
            chart.height, chart.width = 10, 26
            ws.add_chart(chart, f"A{row + 17}")
            line = LineChart()
            line.title = f"Lowest spare capacity in each month: {result.name} (MW)"
            line.y_axis.title, line.x_axis.title = "MW", "Month"
            line.add_data(Reference(ws, min_col=2, max_col=3, min_row=row + 3, max_row=row + 15),
                          titles_from_data=True)
            line.set_categories(Reference(ws, min_col=1, min_row=row + 4, max_row=row + 15))
            for series in line.series:
                series.smooth = False
            line.x_axis.tickLblPos = "low"  # month names below the chart, clear of a line below zero
            if line.legend is not None:  # a new chart has one
                line.legend.position = "b"
            line.height, line.width = 9, 13  # wide enough that the month names stay level
            ws.add_chart(line, f"E{row + 2}")  # a column clear of the table's numbers
            row += 40
        _widths(ws, [44] + [16] * max(3, len(with_loads)))
        print_setup(ws, "1:2")

    # -- Sources -------------------------------------------------------------------------------
    def sources(self) -> None:
        ws = self.wb.create_sheet("Sources")
        first = _title(ws, "Sources of the data set",
                       f"{self.dataset.title}. {self.dataset.system_boundary} {DATA_BRIEF_NOTE}")
        ws.merge_cells("A2:D2")
        ws["A2"].alignment = WRAP
        cited: dict[str, dict[str, int]] = {}
        for d in self.dataset.values.values():
            for sid in d.source.split(";"):
                counts = cited.setdefault(sid.strip(), {"sourced": 0, "derived": 0, "estimate": 0})
                counts[d.basis] += 1
        pipeline: dict[str, int] = {}  # sources of the capacity pipeline's projects, not of values
        for sid in self.dataset.pipeline["source"]:
            for part in str(sid).split(";"):
                pipeline[part.strip()] = pipeline.get(part.strip(), 0) + 1
        _header(ws, first, ["Id", "Citation", "Address", "Document, page and date", "Sourced", "Derived",
                            "Estimate", "Also cited for"], right=(5, 6, 7), centre=(8,))
        for i, s in enumerate(self.dataset.sources.values()):
            r = first + 1 + i
            put(ws.cell(row=r, column=1), s.id)
            put(ws.cell(row=r, column=2), s.citation).alignment = WRAP
            put(ws.cell(row=r, column=3), s.url or None).alignment = WRAP
            put(ws.cell(row=r, column=4), s.locator or None).alignment = WRAP
            counts = cited.get(s.id, {})
            for k, basis in enumerate(("sourced", "derived", "estimate"), start=5):
                put(ws.cell(row=r, column=k), counts.get(basis, 0), FORMATS[0])
            projects = pipeline.get(s.id, 0)
            put(ws.cell(row=r, column=8), f"{projects} project{'s' if projects != 1 else ''} of the capacity "
                "pipeline" if projects else None if counts else "no value of this data set")
            _pad(ws.cell(row=r, column=8))
        ws.freeze_panes = ws.cell(row=first + 1, column=1)
        _widths(ws, [18, 60, 45, 45, 10, 10, 10, 24])
        print_setup(ws, f"1:{first}")


def _range(ws: Worksheet, col0: int, row0: int, col1: int, row1: int) -> str:
    """A range as a reader types it: 'Grid'!F6:P18."""
    return f"{quote_sheetname(ws.title)}!{get_column_letter(col0)}{row0}:{get_column_letter(col1)}{row1}"


def _format_for(value: float) -> str:
    """Whole numbers without decimals ("17", not "17.00"); others with as many as they need, up to 3."""
    if float(value).is_integer():
        return FORMATS[0]
    for decimals in (1, 2):
        if round(value, decimals) == value:
            return FORMATS[decimals]
    return FORMATS[2] if abs(value) >= 1 else FORMATS[3]


def _in_words(label: str, before: str, after: str) -> str:
    if before == "absent":
        return f"{label}: added ({after})."
    if after == "absent":
        return f"{label}: removed (was {before})."
    return f"{label}: {before} -> {after}."


def process_text(scenario: Scenario) -> str:
    """What the cover adds to a scenario's answer while its institutional gates are not all granted."""
    status = permission(scenario.gates, load_gates())
    return "" if status.permitted else f" Process: {status.describe()}."


def write_brief(path: str, project: Project, catalogue: Catalogue, dataset: DataSet,
                results: Sequence[ScenarioResult], studies: BriefStudies | None = None) -> None:
    """Build the brief for ``results`` (in the order given), with the sheets of ``studies`` when given,
    and save it atomically to ``path``."""
    if not results:
        raise ValueError("a brief needs at least one scenario")
    if not all(r.frames for r in results):
        raise ValueError("a brief needs results evaluated with frames=True")
    save_workbook(Brief(project, catalogue, dataset, results, studies).build(), path)


