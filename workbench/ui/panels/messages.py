"""A log of what the user should know: refused edits, failed runs, saves and exports, with the time."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QPlainTextEdit

MAX_LINES = 2000


class MessagesPanel(QPlainTextEdit):
    def __init__(self) -> None:
        super().__init__(objectName="messages_view", readOnly=True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setPlaceholderText("Refused edits, failed runs, saves and exports are listed here.")

    def log(self, text: str) -> None:
        self.appendPlainText(f"{datetime.now():%H:%M:%S}  {text}")
