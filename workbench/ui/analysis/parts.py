"""The pieces every study view is built from: a still plot, a wrapping heading and a caption, and the notice
that says when the picture no longer matches the scenario.

Title and caption are labels that wrap: a plot title or long axis label would widen the plot past
its pane, and a study view is read, not panned (no mouse zoom, no context menu).
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from workbench.ui.state.app_state import AppState


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


def stale_notice() -> QLabel:
    """An amber line over a study's picture saying it no longer matches the scenario (hidden while it does)."""
    notice = QLabel(wordWrap=True, objectName="stale_notice")
    notice.setStyleSheet("background:#FFF2CC; color:#7F6000; padding:3px 6px; border:1px solid #BF9000;")
    notice.hide()
    return notice


def out_of_date(state: AppState, made_for: tuple[str, str] | None, again: str, ranges: bool = False) -> str:
    """Why a study made for (scenario, hash) no longer shows the current scenario as it is; "" when it
    does. ``again`` is the button that redraws it; ``ranges``: the study draws on the scenario's uncertain
    ranges, so the hash is its ``study_hash``, not its ``input_hash``."""
    if made_for is None:
        return ""
    name, made_hash = made_for
    current = state.selection.current
    if name not in state.project.names():
        return f"Out of date: '{name}', the scenario of this picture, no longer exists. Press {again} to redraw it " \
               f"for '{current}'."
    if current != name:
        return f"This picture is of '{name}', not of the current scenario '{current}'. Press {again} to redraw it " \
               f"for '{current}'."
    resolved = state.resolved(name)
    if (resolved.study_hash if ranges else resolved.input_hash) != made_hash:
        return f"Out of date: '{name}' has been edited since this picture was made. Press {again} to redraw it " \
               "as the scenario is now (Edit > Undo back to it and this notice goes)."
    return ""
