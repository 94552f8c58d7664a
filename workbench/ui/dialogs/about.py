"""Help > About: what is running, on which data, and where it keeps its settings and recovery copies."""
from __future__ import annotations

import html
import sys
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox

from workbench import __version__
from workbench.io.recovery import SUFFIX
from workbench.ui import settings

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


def about_rows(window: "MainWindow") -> list[tuple[str, str]]:
    """(label, value) pairs, plain text, in the order shown; also what a bug report should quote."""
    dataset = window.state.dataset
    folder, stem = window.autosave.where(window.state.path)
    return [
        ("Version", __version__),
        ("Data set", f"{dataset.name} {dataset.version}: {dataset.title}"),
        ("Data set sha256", dataset.content_hash),
        ("Python", f"{sys.version.split()[0]} ({sys.executable})"),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("Settings", settings.settings().fileName()),
        ("Recovery copies", str(folder / f"{stem}.N{SUFFIX}")),
    ]


def show_about(window: "MainWindow") -> QMessageBox:
    rows = "".join(f"<tr><td><b>{html.escape(label)}</b>&nbsp;&nbsp;</td><td>{html.escape(value)}</td></tr>"
                   for label, value in about_rows(window))
    box = QMessageBox(QMessageBox.Icon.NoIcon, "About the workbench",
                      f"<h3>Grid &amp; Tariff Scenario Workbench {__version__}</h3>"
                      f"<p>What a large-load allocation does to Pakistan's grid, tariffs, subsidy, circular debt, "
                      f"imported fuel and CO2.</p><table>{rows}</table>", QMessageBox.StandardButton.Ok, window)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # paths are there to be copied
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("about")
    box.open()  # window-modal, without blocking the event loop
    return box
