"""Bar charts with a tooltip for the bar under the mouse (value and unit), and category axes."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QToolTip

from workbench.ui.charts.base import Chart
from workbench.ui.charts.linking import throttled


class BarTips:
    """Shows ``texts[i]`` while the mouse is over bar i (bars centred on ``x`` with ``width``)."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        self.bars: list[tuple[float, float, float, float, str]] = []  # x0, x1, y0, y1, text
        self._proxy = throttled(chart.plot.scene().sigMouseMoved, 30, self._moved, chart)

    def clear(self) -> None:
        self.bars = []

    def add(self, x: Sequence[float], y0: Sequence[float], height: Sequence[float], width: float,
            texts: Sequence[str]) -> None:
        for xi, lo, h, text in zip(x, y0, height, texts):
            bottom, top = sorted((float(lo), float(lo) + float(h)))
            self.bars.append((float(xi) - width / 2, float(xi) + width / 2, bottom, top, text))

    def text_at(self, x: float, y: float) -> str | None:
        for x0, x1, y0, y1, text in self.bars:
            if x0 <= x <= x1 and y0 <= y <= y1:
                return text
        return None

    def _moved(self, event: tuple[QPointF]) -> None:
        plot = self.chart.plot
        if not plot.sceneBoundingRect().contains(event[0]):
            return
        point = plot.vb.mapSceneToView(event[0])
        text = self.text_at(point.x(), point.y())
        view = self.chart.widget
        if text:
            QToolTip.showText(view.mapToGlobal(view.mapFromScene(event[0])), text, view)
        else:
            QToolTip.hideText()


def category_axis(plot: pg.PlotItem, labels: Sequence[str], axis: str = "bottom") -> None:
    plot.getAxis(axis).setTicks([list(enumerate(labels))])


def stack_bottoms(layers: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Where each layer of a stacked bar starts: positives stack up from 0, negatives down."""
    if not layers:
        return []
    up = np.zeros_like(layers[0], dtype=float)
    down = up.copy()
    out = []
    for layer in layers:
        out.append(np.where(layer >= 0, up, down))
        up = up + np.maximum(layer, 0)
        down = down + np.minimum(layer, 0)
    return out
