"""Three sheets of the brief for issue 10, written when the brief is made with studies
(``run --xlsx OUT --mc-draws N``):

"Uncertainty": each scenario with new loads over its Monte Carlo draws: P10, P50, P90 and mean of
every key number beside its own run, how often each party's red lines are crossed and how often
each party, and every party at once, is satisfied.
"Tornado": for each of those scenarios, the uncertain inputs sorted by how far their P10 and P90
move the chosen result, as a table and a native bar chart of the change from the base.
"Deal space": the chosen result over a grid of two inputs, coloured, with the cells where every
party's red lines hold marked; with draws in each cell (``--deal-draws N``), the probability that
they all hold, cell by cell.
The numbers are the studies' own (core/studies.py); the seed, the draw count and the hash of the
uncertain inputs' file go into the Scenarios sheet's reproducibility stamp.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from workbench.core.headlines import HORIZON_NUMBERS, KEY_NUMBERS, RESERVE_NUMBERS, Headline
from workbench.core.uncertainty import describe
from workbench.core.parameters import Catalogue
from workbench.core.studies import LOAD_AXES, BriefStudies, DealSpace, MonteCarloResult, Tornado
from workbench.core.text import number_text
from workbench.io.excel_cells import number, print_setup, put

if TYPE_CHECKING:
    from workbench.io.excel import Brief

UNCERTAINTY_SHEET, TORNADO_SHEET, DEAL_SHEET = "Uncertainty", "Tornado", "Deal space"
HEADLINES = {h.key: h for h in (*KEY_NUMBERS, *RESERVE_NUMBERS, *HORIZON_NUMBERS)}
PERCENT = "0%"
AGREED = "\u2713"  # the mark of a deal-space cell in which every party's red lines hold
AGREED_EDGE = Side(style="medium", color="006100")
P10_COLOUR, P90_COLOUR = "2E75B6", "C55A11"


def headline(key: str) -> Headline:
    """The key number's label, unit and decimals; a raw key without one is shown as it is, to 2 decimals."""
    return HEADLINES.get(key) or Headline(key, key, "", 2)


def axis_text(catalogue: Catalogue, key: str) -> tuple[str, str]:
    """(label, unit) of a swept input: a catalogue parameter or one of the loads' study fields."""
    if key in LOAD_AXES:
        return LOAD_AXES[key]
    p = catalogue[key]
    return p.label, p.unit


def study_sheets(brief: "Brief", studies: BriefStudies) -> None:
    uncertainty_sheet(brief, studies)
    tornado_sheet(brief, studies)
    deal_space_sheet(brief, studies)


def stamp_rows(studies: BriefStudies) -> list[tuple[str, str]]:
    """The Scenarios sheet's reproducibility rows for the studies."""
    rows = [("Random seed", f"{studies.seed} (Monte Carlo; every other number is deterministic)"),
            ("Monte Carlo draws", f"{studies.draws:,} per scenario with new loads")]
    space = studies.deal_space
    if space is not None and space.draws:
        rows.append(("Deal-space draws", f"{space.draws:,} in each of its {space.grid.size} cells, seed {space.seed}"))
    return rows + [(f"Uncertain inputs: {studies.inputs_file} (SHA-256)", studies.inputs_hash)]


def _none_note(ws: Worksheet, row: int) -> None:
    from workbench.io import excel as x

    put(ws.cell(row=row, column=1), "No scenario in this brief has new loads: there is nothing to study.").font = x.NOTE


# ------------------------------------------------------------------------------ Uncertainty

def uncertainty_sheet(brief: "Brief", studies: BriefStudies) -> None:
    from workbench.io import excel as x

    ws = brief.wb.create_sheet(UNCERTAINTY_SHEET)
    row = x._title(ws, f"Uncertainty: the key numbers over {studies.draws:,} draws of the uncertain inputs",
                   f"Each scenario with new loads, run {studies.draws:,} times with demand growth, summer heat, "
                   "hydrology, fuel prices, the exchange rate, bitcoin and plant outages drawn from "
                   f"{studies.inputs_file} (seed {studies.seed}; each draw against the same draw without the "
                   "new loads). P10: one draw in ten is lower; P50: the median; P90: one in ten is higher. "
                   "'Own run' is the scenario at its own values, as on the Key numbers sheet.")
    if not studies.monte_carlo:
        _none_note(ws, row)
    for n, mc in enumerate(studies.monte_carlo):
        if n:
            ws.row_breaks.append(Break(id=row - 1))
        row = _uncertainty_block(brief, ws, row, mc, studies) + 2
    x._widths(ws, [48, 12, 10, 10, 10, 10, 10, 3, 52, 15, 11])
    print_setup(ws, "1:2")


def _uncertainty_block(brief: "Brief", ws: Worksheet, row: int, mc: MonteCarloResult, studies: BriefStudies) -> int:
    from workbench.io import excel as x

    put(ws.cell(row=row, column=1), f"{mc.scenario}, FY{brief.years.get(mc.scenario, '')}: {mc.draws:,} draws, "
                                    f"seed {mc.seed}; beside: each party's red lines over the same draws").font = \
        x.SUBTITLE
    x._header(ws, row + 1, ["Key number", "Unit", "P10", "P50", "P90", "Mean", "Own run"], right=range(3, 8))
    summary = mc.summary()
    r = row + 1
    for h in KEY_NUMBERS + RESERVE_NUMBERS:  # the reserve's rows only for a scenario that mines into it
        if h.key not in summary.index:
            continue
        r += 1
        some = int(number(summary.at[h.key, "draws"]))
        title = h.title if some == mc.draws else f"{h.title} (in the {some:,} draws in which it has a value)"
        put(ws.cell(row=r, column=1), title).alignment = x.WRAP
        put(ws.cell(row=r, column=2), h.unit)
        for c, column in enumerate(("p10", "p50", "p90", "mean", "deterministic"), start=3):
            value = number(summary.at[h.key, column])
            cell = put(ws.cell(row=r, column=c), h.rounded(value) if math.isfinite(value) else value,
                       x.FORMATS[h.decimals], where=f"{mc.scenario}: {h.title} {column}", missing_ok=True)
            cell.alignment = Alignment(horizontal="right", vertical="top")
        for c in range(1, 8):
            ws.cell(row=r, column=c).border = x.THIN
    own = [u for u in mc.inputs if u not in studies.defaults]
    if own:  # what this scenario's project file sets in place of the inputs' file, so the reader can see it
        r += 2
        put(ws.cell(row=r, column=1), f"Drawn as this scenario sets them (project file), not as in "
                                      f"{studies.inputs_file}:").font = x.BOLD
        for u in own:
            r += 1
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
            put(ws.cell(row=r, column=1), describe(u, brief.catalogue[u.key].label)).alignment = x.WRAP
    return max(r, _party_tables(ws, row + 1, mc, studies))


def _party_tables(ws: Worksheet, row: int, mc: MonteCarloResult, studies: BriefStudies) -> int:
    """Beside the key numbers (columns I to K, so that a scenario is one page): how often each party's
    red lines are crossed, and how often each party and every party at once is satisfied."""
    from workbench.io import excel as x

    lines = mc.line_odds(studies.parties)
    if not lines:
        return row
    x._header(ws, row, ["Red line", "Party", "Crossed in"], col=9, right=(11,))
    r = row
    for party, text, probability in lines:
        r += 1
        put(ws.cell(row=r, column=9), text).alignment = x.WRAP
        put(ws.cell(row=r, column=10), party).alignment = x.WRAP
        put(ws.cell(row=r, column=11), probability, PERCENT).alignment = Alignment(horizontal="right", vertical="top")
        for c in range(9, 12):
            ws.cell(row=r, column=c).border = x.THIN
    r += 2
    x._header(ws, r, ["Accepted by: all its red lines hold", "", "Probability"], col=9, right=(11,))
    for name, probability in mc.party_odds(studies.parties)["probability"].items():
        r += 1
        everyone = name == "all parties"
        put(ws.cell(row=r, column=9), "All parties satisfied at once" if everyone else str(name)).font = \
            x.BOLD if everyone else Font(name=x.BODY_FONT)
        cell = put(ws.cell(row=r, column=11), float(probability), PERCENT)
        cell.alignment = Alignment(horizontal="right", vertical="top")
        if everyone:
            cell.font = x.BOLD
        for c in range(9, 12):
            ws.cell(row=r, column=c).border = x.THIN
    return r


# ------------------------------------------------------------------------------ Tornado

def tornado_sheet(brief: "Brief", studies: BriefStudies) -> None:
    from workbench.io import excel as x

    ws = brief.wb.create_sheet(TORNADO_SHEET)
    h = headline(studies.result_key)
    row = x._title(ws, f"Tornado: which uncertain input moves {h.title.lower()} ({h.unit}) most",
                   "Each input (or group of inputs that share one draw) set to its P10 and then its P90, every "
                   "other input at the scenario's own value. Bars: the change of the result from the base (the "
                   "scenario's own run), sorted by span, widest at the top.")
    if not studies.tornadoes:
        _none_note(ws, row)
    for n, tornado in enumerate(studies.tornadoes):
        if n:
            ws.row_breaks.append(Break(id=row - 1))
        row = _tornado_block(brief, ws, row, tornado) + 2
    x._widths(ws, [40, 10, 10, 11, 11, 11, 11, 2])
    print_setup(ws, "1:2")


def _tornado_block(brief: "Brief", ws: Worksheet, row: int, tornado: Tornado) -> int:
    from workbench.io import excel as x

    h = headline(tornado.result_key)
    fmt = x.FORMATS[h.decimals]
    put(ws.cell(row=row, column=1), f"{tornado.scenario}: base {h.format(tornado.base)} {h.unit} ({h.title.lower()} "
                                    "at the scenario's own inputs)").font = x.SUBTITLE
    unit = f" ({h.unit})" if h.unit else ""
    x._header(ws, row + 1, ["Input (its unit)", "Input at P10", "Input at P90", f"Result at P10{unit}",
                            f"Result at P90{unit}", f"Change at P10{unit}", f"Change at P90{unit}"],
              right=range(2, 8))
    first = row + 2
    for i, bar in enumerate(tornado.bars):
        r = first + i
        p = brief.catalogue[bar.keys[0]]
        put(ws.cell(row=r, column=1), f"{bar.label} ({p.unit})" if p.unit else bar.label)
        for c, value in ((2, bar.low_value), (3, bar.high_value)):
            put(ws.cell(row=r, column=c), value, x._format_for(round(value, 3)))
        values = (bar.result_at_low, bar.result_at_high, bar.result_at_low - tornado.base,
                  bar.result_at_high - tornado.base)
        for c, value in enumerate(values, start=4):
            put(ws.cell(row=r, column=c), h.rounded(value) if math.isfinite(value) else value, fmt,
                where=f"{tornado.scenario}: {bar.label}", missing_ok=True)
        for c in range(1, 8):
            ws.cell(row=r, column=c).border = x.THIN
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=c == 1, vertical="top",
                                                           horizontal="right" if c > 1 else None)
    last = first + len(tornado.bars) - 1
    r = last + 1
    note = put(ws.cell(row=r, column=1), f"Chart data: {x._range(ws, 6, row + 1, 7, last)}, inputs "
                                         f"{x._range(ws, 1, first, 1, last)}. Change = result - base "
                                         f"({h.format(tornado.base)} {h.unit}).")
    note.font, note.alignment = x.NOTE, x.WRAP
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    if tornado.bars:
        ws.add_chart(_tornado_chart(ws, row + 1, first, last, tornado, h), f"I{row + 1}")  # beside its table
    return max(r, row + CHART_ROWS)


CHART_ROWS = 24  # rows of 15 pt beside a 12 cm chart


def _tornado_chart(ws: Worksheet, header: int, first: int, last: int, tornado: Tornado, h: Headline) -> BarChart:
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "clustered", 100  # the two ends of a bar on one line
    chart.title = f"Change from the base ({h.format(tornado.base)} {h.unit})"
    chart.add_data(Reference(ws, min_col=6, max_col=7, min_row=header, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    for series, colour in zip(chart.series, (P10_COLOUR, P90_COLOUR)):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.x_axis.scaling.orientation = "maxMin"  # the first (widest) bar at the top
    chart.x_axis.tickLblPos = "low"  # the inputs' names at the left edge, clear of bars that go below zero
    chart.x_axis.tickLblSkip = 1  # every input named, not every other one
    chart.y_axis.title = f"Change from the base ({h.unit})" if h.unit else "Change from the base"
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.crosses = "max"  # the value axis under the last bar (the categories run top down)
    chart.legend.position = "b"
    chart.height, chart.width = 12, 16  # tall enough for every input's name
    return chart


# ------------------------------------------------------------------------------ Deal space

def deal_space_sheet(brief: "Brief", studies: BriefStudies) -> None:
    from workbench.io import excel as x

    ws = brief.wb.create_sheet(DEAL_SHEET)
    space = studies.deal_space
    h = headline(studies.result_key)
    if space is None:
        x._title(ws, "Deal space")
        _none_note(ws, 4)
        print_setup(ws, "1:2")
        return
    (x_label, x_unit), (y_label, y_unit) = axis_text(brief.catalogue, space.x.key), axis_text(brief.catalogue,
                                                                                              space.y.key)
    row = x._title(ws, f"Deal space: {h.title.lower()} ({h.unit}), {space.scenario}",
                   f"Each cell is the scenario run with '{x_label}' ({x_unit}, across) and '{y_label}' "
                   f"({y_unit}, down) set to the cell's values, everything else as the scenario has it. Colour: "
                   f"the result, {_colour_words(h)}. {AGREED} with a green frame: every party's red lines hold in "
                   "that cell (the agreed region). n/a: no new loads in that cell.")
    ncols = 1 + space.x.steps
    put(ws.cell(row=row, column=1), f"{space.scenario}: {h.title.lower()}, {h.unit}").font = x.SUBTITLE
    _grid_header(ws, row + 1, space, f"{x_label} ({x_unit})", f"{y_label} ({y_unit})")
    first = row + 3
    agreed_cells = 0
    for i, (y_value, values, agreed) in enumerate(zip(space.y.values, space.grid.to_numpy(),
                                                      space.agreed.to_numpy())):
        r = first + i
        put(ws.cell(row=r, column=1), float(y_value), x._format_for(round(float(y_value), 3))).font = x.BOLD
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", vertical="top")  # under its label
        for j, (value, ok) in enumerate(zip(values, agreed)):
            finite = math.isfinite(float(value))
            marked = bool(ok) and finite
            agreed_cells += marked
            fmt = x.FORMATS[h.decimals]
            cell = put(ws.cell(row=r, column=2 + j), h.rounded(float(value)) if finite else float(value),
                       f'{fmt.split(";")[0]}" {AGREED}";{fmt.split(";")[1]}" {AGREED}"' if marked else fmt,
                       where=f"deal space {y_value:g}, {space.x.values[j]:g}", missing_ok=True)
            cell.alignment = Alignment(horizontal="right", vertical="top")
            if marked:
                cell.font = x.PASS
                cell.border = Border(left=AGREED_EDGE, right=AGREED_EDGE, top=AGREED_EDGE, bottom=AGREED_EDGE)
    last = first + space.y.steps - 1
    cells = f"B{first}:{get_column_letter(ncols)}{last}"
    low, high = ("F8696B", "63BE7B") if h.red_line != "<= 0" else ("63BE7B", "F8696B")
    # types-openpyxl leaves ColorScaleRule's parameters unannotated, so strict mypy calls it untyped.
    scale = ColorScaleRule(start_type="min", start_color=low, mid_type="percentile",  # type: ignore[no-untyped-call]
                           mid_value=50, mid_color="FFEB84", end_type="max", end_color=high)
    ws.conditional_formatting.add(cells, scale)
    r = last + 2
    total = space.x.steps * space.y.steps
    put(ws.cell(row=r, column=1), f"{AGREED} agreed in {agreed_cells} of {total} cells. The red lines (the "
                                  "project's parties):").font = x.BOLD
    for party in studies.parties:
        r += 1
        text = f"{party.name}: " + "; ".join(line.text for line in party.lines) if party.lines else \
            f"{party.name}: no red line"
        put(ws.cell(row=r, column=1), text).alignment = x.WRAP
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=max(ncols, 6))
    r += 2
    note = put(ws.cell(row=r, column=1), f"Grid: {x._range(ws, 1, row + 2, ncols, last)}. A line on a key the "
                                         "cell has no value for does not apply there. Swept as "
                                         f"{space.x.key} from {number_text(space.x.low)} to "
                                         f"{number_text(space.x.high)} in {space.x.steps} steps and {space.y.key} "
                                         f"from {number_text(space.y.low)} to {number_text(space.y.high)} in "
                                         f"{space.y.steps}.")
    note.font, note.alignment = x.NOTE, x.WRAP
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=max(ncols, 6))
    odds = space.odds_for(studies.parties)
    if odds is not None:
        _odds_grid(ws, r + 2, space, odds, f"{x_label} ({x_unit})", f"{y_label} ({y_unit})")
    x._widths(ws, [24] + [12] * max(space.x.steps, 5))
    print_setup(ws, "1:2", one_page=True)


def _grid_header(ws: Worksheet, row: int, space: DealSpace, x_text: str, y_text: str) -> None:
    """Two header rows: what runs across (merged over the x values), then the x values under it."""
    from workbench.io import excel as x

    ncols = 1 + space.x.steps
    x._header(ws, row, [""] + [f"{x_text} \u2192"] + [""] * (space.x.steps - 1))
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=ncols)
    ws.cell(row=row, column=2).alignment = Alignment(horizontal="center", vertical="bottom")
    x._header(ws, row + 1, [f"{y_text} \u2193"] + [""] * space.x.steps, right=range(2, ncols + 1))
    for j, value in enumerate(space.x.values):
        put(ws.cell(row=row + 1, column=2 + j), float(value), x._format_for(round(float(value), 3)))


def _odds_grid(ws: Worksheet, row: int, space: DealSpace, odds: pd.DataFrame, x_text: str, y_text: str) -> None:
    """The probability, cell by cell, that every party's red lines hold over the sweep's draws."""
    from workbench.io import excel as x

    put(ws.cell(row=row, column=1), f"Probability that every party's red lines hold: {space.draws:,} Monte Carlo "
                                    f"draws in each cell, seed {space.seed}, the same draws in every cell").font = \
        x.SUBTITLE
    _grid_header(ws, row + 1, space, x_text, y_text)
    first = row + 3
    for i, (y_value, values) in enumerate(zip(space.y.values, odds.to_numpy())):
        put(ws.cell(row=first + i, column=1), float(y_value), x._format_for(round(float(y_value), 3))).font = x.BOLD
        ws.cell(row=first + i, column=1).alignment = Alignment(horizontal="center", vertical="top")
        for j, value in enumerate(values):
            put(ws.cell(row=first + i, column=2 + j), float(value), "0%",
                where=f"deal space odds {y_value:g}, {space.x.values[j]:g}", missing_ok=True)
    last = first + space.y.steps - 1
    # A fixed scale, so 100% is always green and 0% always red, whatever the grid holds.
    scale = ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",  # type: ignore[no-untyped-call]
                           mid_type="num", mid_value=0.5, mid_color="FFEB84", end_type="num", end_value=1,
                           end_color="63BE7B")
    ws.conditional_formatting.add(f"B{first}:{get_column_letter(1 + space.x.steps)}{last}", scale)
    note = put(ws.cell(row=last + 2, column=1), "Each cell is a Monte Carlo of that cell's scenario over the "
                                                "uncertain inputs of the Uncertainty sheet (an input the sweep moves "
                                                "is held at the cell's value): the share of draws in which no "
                                                "party's red line is crossed; n/a: no new loads in that cell. "
                                                f"With few draws a share is rough: {space.draws} draws put it "
                                                f"within about \u00b1{100 / math.sqrt(max(space.draws, 1)):.0f} "
                                                "points, 19 times in 20.")
    note.font, note.alignment = x.NOTE, x.WRAP
    ws.merge_cells(start_row=last + 2, start_column=1, end_row=last + 2, end_column=max(1 + space.x.steps, 6))


def _colour_words(h: Headline) -> str:
    if h.red_line == "<= 0":
        return "green where lowest (better), red where highest"
    if h.red_line == ">= 0":
        return "red where lowest, green where highest (better)"
    return "red where lowest, green where highest"

