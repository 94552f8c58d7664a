"""What links the time charts: an hour axis that reads as dates, and a shared crosshair.

The time window itself is part of the selection (AppState); the hovered hour is too short-lived
for that, so a HoverLink carries it between the time charts, rate-limited by a SignalProxy.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt, Signal

from workbench.models.chart_data import year_start

STEPS_H = (1, 3, 6, 12, 24, 48, 24 * 7, 24 * 14, 24 * 30.4, 24 * 61)


def throttled(signal: Any, rate_limit: float, slot: Callable[..., object], owner: QObject) -> pg.SignalProxy:
    """``signal`` delivered to ``slot`` at most ``rate_limit`` times a second, for as long as ``owner`` lives.

    The proxy is made a child of ``owner``: a proxy without a parent lives as long as its Python object, and its
    connection to ``slot`` (which holds ``owner``) is invisible to the cycle collector, so neither would ever
    be freed."""
    proxy = pg.SignalProxy(signal, rateLimit=rate_limit, slot=slot)
    proxy.setParent(owner)
    return proxy


class HourAxis(pg.AxisItem):
    """Hours from 1 July of the study year, labelled with dates (and times when zoomed in)."""

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation)
        self.fy = 2026
        self.setLabel("Date and hour of the study year")

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        span = max(maxVal - minVal, 1.0)
        step = next((s for s in STEPS_H if span / s <= max(size / 90, 2)), STEPS_H[-1])
        if step >= 24 * 30:  # months: tick the first of each month, as a calendar does
            firsts = [self._hours_to(month) for month in range(0, 13, 1 if step < 24 * 60 else 2)]
            return [(step, [h for h in firsts if minVal <= h <= maxVal])]
        first = np.ceil(minVal / step) * step
        return [(step, list(np.arange(first, maxVal + 1e-9, step)))]

    def _hours_to(self, month: int) -> float:
        """Hours from 1 July to the first of the month ``month`` months later."""
        start = year_start(self.fy)
        year, index = start.year + (start.month - 1 + month) // 12, (start.month - 1 + month) % 12 + 1
        return (datetime(year, index, 1) - start).total_seconds() / 3600

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        start = year_start(self.fy)
        moments = [start + timedelta(hours=int(round(v))) for v in values]
        return [f"{m:%d %b}" if spacing >= 24 else f"{m:%d %b %H}h" for m in moments]


class HoverLink(QObject):
    """The hour under the mouse in any time chart; every time chart shows its crosshair there."""

    hovered = Signal(float)  # hour (float; the charts round it)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proxies: list[pg.SignalProxy] = []

    def watch(self, plot: pg.PlotItem) -> None:
        """Report the mouse position over ``plot`` (at most 60 times a second)."""
        def moved(event: tuple[QPointF]) -> None:
            position = event[0]
            inside = plot.vb.sceneBoundingRect().contains(position)
            self.hovered.emit(plot.vb.mapSceneToView(position).x() if inside else -1.0)  # -1: hide the crosshairs
        self._proxies.append(throttled(plot.scene().sigMouseMoved, 60, moved, self))


class Crosshair:
    """A vertical line and a label of values at the hovered hour, in one time chart."""

    def __init__(self, plot: pg.PlotItem, describe: Callable[[int], str | None]) -> None:
        self.plot, self.describe = plot, describe
        self.line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#7F7F7F", style=Qt.PenStyle.DotLine))
        self.label = pg.TextItem(color="k", fill=pg.mkBrush(255, 255, 255, 220), anchor=(0, 0))
        self.label.setZValue(100)
        self.line.setVisible(False)
        self.label.setVisible(False)

    def attach(self) -> None:
        """Put the line and the label back on the plot after it was cleared."""
        for item in (self.line, self.label):
            if item.scene() is None:
                self.plot.addItem(item, ignoreBounds=True)

    def move(self, hour: float) -> None:
        text = self.describe(int(round(hour)))
        if text is None:
            self.line.setVisible(False)
            self.label.setVisible(False)
            return
        self.attach()
        self.line.setPos(round(hour))
        (x0, x1), (y0, y1) = self.plot.vb.viewRange()
        self.label.setText(text)
        self.label.setPos(x0 if hour > (x0 + x1) / 2 else round(hour), y1)
        self.line.setVisible(True)
        self.label.setVisible(True)
