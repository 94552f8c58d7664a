"""Colours and marks shared by every view, so a meaning looks the same everywhere."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont

PARAMETER_ROLE = 0x0101  # Qt.UserRole + 1: the catalogue Parameter behind a cell
NAME_ROLE = 0x0102  # the scenario name behind a row
COPY_ROLE = 0x0104  # a cell as text for the clipboard (plain numbers that Excel reads as numbers)

OVERRIDDEN = QBrush(QColor("#FFF2CC"))  # set in this scenario: amber, as LEAP marks own values
INHERITED = QBrush(QColor("#1F4E79"))  # text of a value inherited from a parent scenario
NOT_USED = QBrush(QColor("#8C8C8C"))  # a load's field its kind or tariff scheme does not read
DEFAULT_TEXT = QBrush(QColor("#404040"))  # text of a data-set default
MUTED = QBrush(QColor("#7F7F7F"))
RED_LINE = QBrush(QColor("#FFC7CE"))  # a red line is crossed (Excel's "bad" fill, as in the brief)


def bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
