"""The pieces every study view is built from: a still plot, a wrapping heading and a caption.

Title and caption are labels that wrap: a plot title or long axis label would widen the plot past
its pane, and a study view is read, not panned (no mouse zoom, no context menu).
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def still_plot(min_width: int) -> pg.PlotWidget:
    widget = pg.PlotWidget()
    widget.setMouseEnabled(x=False, y=False)
    widget.setMenuEnabled(False)
    widget.setMinimumWidth(min_width)
    return widget


def heading_and_caption() -> tuple[QLabel, QLabel]:
    heading = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
    heading.setStyleSheet("font-weight:bold; padding:2px;")
    caption = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
    caption.setStyleSheet("font-size:9pt; padding:2px 4px;")
    return heading, caption
