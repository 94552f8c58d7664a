"""A chart panel: one pyqtgraph plot that draws (results of the current scenario, selection).

Subclasses implement ``draw(result, selection)`` and ``rows()`` (the data as a table, for Copy
data). The base class follows the shared state: it redraws when the current scenario, its
results or (for time charts) the time window change, and only while it is visible; a hidden
chart redraws when it is shown. Right-click offers Export PNG, Export SVG and Copy data.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Callable

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QShowEvent
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QStackedLayout, QVBoxLayout, QWidget

from workbench.core.results import ScenarioResult
from workbench.core.selection import Selection
from workbench.ui import ask
from workbench.ui.state.app_state import AppState, Change

pg.setConfigOptions(antialias=True, background="w", foreground="k")
Rows = list[list[object]]


MARKS = {"fill": "■", "line": "━", "dash": "╍"}
Entry = tuple[str, str, str]  # label, colour (hex), "fill", "line" or "dash"


def colour(hex_code: str, alpha: int = 255) -> pg.QtGui.QColor:
    c = pg.mkColor("#" + hex_code)
    c.setAlpha(alpha)
    return c


class Chart(QWidget):
    title = ""
    pannable = True  # False: a chart of categories, where dragging or wheeling would only lose the bars
    follows_window = False  # redraw when the time window moves
    shows_compared = False  # draws every compared scenario, so any of their results means a redraw

    def __init__(self, state: AppState, plot_widget: pg.GraphicsView | None = None) -> None:
        super().__init__()
        self.state = state
        self.widget = plot_widget or pg.PlotWidget()
        self.widget.setMinimumSize(QSize(220, 120))
        self.widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.widget.customContextMenuRequested.connect(self._menu)
        self.plot.setMenuEnabled(False)  # our menu (export, copy data) instead of pyqtgraph's
        self.plot.setMouseEnabled(x=self.pannable, y=self.pannable)
        # Title and legend are labels that wrap, so a narrow chart keeps them whole and they never cover data.
        self.heading = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.heading.setStyleSheet("font-weight:bold; background:white; padding:2px;")
        self.legend = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.legend.setStyleSheet("background:white; font-size:8pt; padding:0 4px 2px 4px;")
        self.legend_entries: list[Entry] = []
        self.page = QWidget()
        column = QVBoxLayout(self.page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for widget, stretch in ((self.heading, 0), (self.widget, 1), (self.legend, 0)):
            column.addWidget(widget, stretch)
        self.updating = QLabel("updating…", self.widget)
        self.updating.setStyleSheet("background:#FFF2CC; color:#7F6000; padding:1px 4px; border-radius:3px;")
        self.updating.hide()
        self.waiting = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.waiting.setStyleSheet("color:#595959; background:white;")
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.page)
        self._stack.addWidget(self.waiting)
        self._stale = True
        self.drawn_for: str | None = None  # input hash of the result on show
        self.drawn_name: str | None = None  # the scenario it belongs to
        self._queued = False
        self._items: dict[str, Any] = {}  # plot items by name, made once and reused by every drawing
        self._used: set[str] = set()
        state.selectionChanged.connect(self._on_selection)
        state.resultsChanged.connect(self._soon)
        state.projectChanged.connect(self._on_project)

    @property
    def plot(self) -> pg.PlotItem:
        return self.widget.getPlotItem()

    def result(self) -> ScenarioResult | None:
        name = self.state.selection.current
        result = self.state.result(name) if name else None
        return result if result is not None and result.frames else None

    # ------------------------------------------------------------------ following the state

    def _on_selection(self, old: Selection, new: Selection) -> None:
        if old.current != new.current or old.compared != new.compared or \
                (self.follows_window and old.window != new.window):
            self.refresh()

    def _on_project(self, change: Change) -> None:
        if change.structure or change.replaced or self.state.selection.current in change.affected:
            self.refresh()

    def _soon(self, _hashes: object = None) -> None:
        """Redraw on the next turn of the event loop, so the key numbers reach the screen first."""
        if not self._queued:
            self._queued = True
            QTimer.singleShot(0, self, self._flush)

    def _flush(self) -> None:
        self._queued = False
        result = self.result()
        if result is not None and result.input_hash == self.drawn_for and not self.shows_compared:
            return  # results of other scenarios arrived: this drawing is still right (and a drag may be on)
        self.refresh()

    def refresh(self, force: bool = False) -> None:
        if not (self.isVisible() or force):
            self._stale = True  # drawn when shown
            return
        self._stale = False
        result = self.result()
        name = self.state.selection.current
        if result is None and name is not None and name == self.drawn_name:
            # This scenario is being run again: keep its last drawing, marked, rather than blank the chart.
            # The mark floats over the plot: changing the title could re-flow the layout and repaint twice.
            self.updating.adjustSize()
            self.updating.move(self.widget.width() - self.updating.width() - 6, 4)
            self.updating.show()
            self.updating.raise_()
            self.drawn_for = None
            return
        if result is None:
            self.waiting.setText(f"{self.title}\n\nWaiting for the results of '{name}'…" if name else self.title)
            self._stack.setCurrentWidget(self.waiting)
            self.drawn_for = self.drawn_name = None
            return
        self._stack.setCurrentWidget(self.page)
        self.updating.hide()
        self._used = set()
        self.draw(result, self.state.selection)
        for key, item in self._items.items():
            if key not in self._used:
                item.setVisible(False)  # not part of this drawing (a technology that did not run, say)
        self.drawn_for, self.drawn_name = result.input_hash, name

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def set_title(self, text: str) -> None:
        if text != self.heading.text():  # an unchanged label must not re-flow the layout
            self.heading.setText(text)

    def set_legend(self, entries: list[Entry]) -> None:
        if entries == self.legend_entries:
            return
        self.legend_entries = entries
        self.legend.setText("&nbsp;&nbsp; ".join(
            f"<span style='color:#{hex_code}; font-size:11pt'>{MARKS[kind]}</span>&nbsp;{html.escape(label)}"
            for label, hex_code, kind in entries))
        self.legend.setVisible(bool(entries))

    # ------------------------------------------------------------------ for subclasses

    def item(self, key: str, make: Callable[[], Any], view: pg.ViewBox | None = None) -> Any:
        """The plot item named ``key`` in this drawing: made and added once, then reused, which redraws a
        chart several times faster than clearing the plot and making every item again."""
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = make()
            (view if view is not None else self.plot).addItem(found)
        found.setVisible(True)
        self._used.add(key)
        return found

    def curve(self, key: str, x: Any, y: Any, **style: Any) -> pg.PlotDataItem:
        item = self.item(key, pg.PlotDataItem)
        item.setData(x, y, **style)
        return item

    def bars(self, key: str, **options: Any) -> pg.BarGraphItem:
        item = self.item(key, lambda: pg.BarGraphItem(x=[0], height=[0], width=1))
        item.setOpts(**options)
        return item

    def text(self, key: str, text: str, x: float, y: float, anchor: tuple[float, float]) -> pg.TextItem:
        item = self.item(key, lambda: pg.TextItem(color="k", anchor=anchor))
        item.setText(text)
        item.setPos(x, y)
        return item

    def draw(self, result: ScenarioResult, selection: Selection) -> None:
        raise NotImplementedError

    def rows(self) -> Rows:
        """The numbers on show as a table, header row first (Copy data, and tests)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ export

    def _menu(self, at: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Export PNG…", lambda: self._export("PNG images (*.png)", ".png", self.export_png))
        menu.addAction("Export SVG…", lambda: self._export("SVG drawings (*.svg)", ".svg", self.export_svg))
        menu.addAction("Copy data", self.copy_data)
        menu.exec(self.widget.mapToGlobal(at))

    def _export(self, file_filter: str, suffix: str, write) -> None:  # type: ignore[no-untyped-def]
        stem = self.title.lower().replace(" ", "-").replace(",", "")
        target = ask.save_path(self, str(Path.home() / f"{stem}{suffix}"), f"Export {self.title}", file_filter,
                               suffix)
        if target is not None and not write(target):
            ask.problem(self, "Not exported", f"{target} could not be written (is the folder writable?)")

    def export_png(self, path: Path) -> bool:
        return self.page.grab().save(str(path), "PNG")

    def export_svg(self, path: Path) -> bool:
        """Render the widget into an SVG (pyqtgraph's SVGExporter fails on filled curves in this Qt)."""
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        size = self.page.size()
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(self.title)
        painter = QPainter(generator)
        try:
            self.page.render(painter, QPoint(0, 0))
        finally:
            painter.end()
        return Path(path).is_file() and Path(path).stat().st_size > 0

    def copy_data(self) -> None:
        QApplication.clipboard().setText(rows_tsv(self.rows()))


def rows_tsv(rows: Rows) -> str:
    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.6g}"
        return str(value).replace("\t", " ").replace("\n", " ")
    return "\n".join("\t".join(cell(v) for v in row) for row in rows) + "\n"
