"""An inline message under a view: why an edit was refused, or that a scenario is locked."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from workbench.core.project import Scenario

STYLES = {"problem": "background:#FFC7CE; color:#9C0006; padding:4px; border-radius:3px;",
          "info": "background:#DDEBF7; color:#1F4E79; padding:4px; border-radius:3px;"}


class Notice(QLabel):
    def __init__(self, kind: str = "problem") -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(STYLES[kind])
        self.setVisible(False)

    def show_problem(self, text: str) -> None:
        self.setText(f"Not applied: {text}" if text else "")
        self.setVisible(bool(text))

    def show_info(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")
        self.setVisible(False)


def locked_text(scenario: Scenario) -> str:
    offer = scenario.offer
    who = f" by {offer.proposed_by}" if offer and offer.proposed_by else ""
    when = f" on {offer.locked_at[:10]}" if offer and offer.locked_at else ""
    note = f" ({offer.note})" if offer and offer.note else ""
    return (f"'{scenario.name}' is locked as an offer{who}{when}{note}. To change it, unlock it "
            f"(Scenario > Unlock) or duplicate it (Scenario > Duplicate).")
