"""Lock as offer: who proposed the scenario and a short note, recorded with the date and inputs' hash."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from workbench.core.edits import MAX_NAME


class LockDialog(QDialog):
    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent, windowTitle=f"Lock '{name}' as an offer")
        self.proposed_by = QLineEdit(placeholderText="e.g. Power Division, IMF staff, Finance Division",
                                     maxLength=MAX_NAME)
        self.note = QPlainTextEdit(placeholderText="e.g. Tabled at the second round, 2 December; valid until ...")
        self.note.setMaximumHeight(90)
        explain = QLabel("A locked scenario is a record of what was offered: it cannot be edited, and edits to the "
                         "scenarios it inherits from never change it. Duplicate it to make a counter-offer.")
        explain.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lock")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(explain)
        form.addRow("Proposed by", self.proposed_by)
        form.addRow("Note", self.note)
        form.addRow(buttons)
        self.resize(460, 240)

    def answer(self) -> tuple[str, str]:
        return self.proposed_by.text(), self.note.toPlainText()
