"""Edit > Preferences: where the studies (Monte Carlo, deal space, tornado) run.

Local worker processes on this computer, or a Dask cluster named by its scheduler's address. A
malformed value is refused here with the field named and nothing is saved; whether the scheduler
answers is found out when a study starts (in the background, so the window never waits on it).
"""
from __future__ import annotations

import os

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget)

from workbench.analysis.backend import MAX_WORKERS, StudyBackend
from workbench.ui import settings


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, windowTitle="Preferences")
        now = settings.study_backend()
        cores = os.cpu_count() or 1
        self.workers = QSpinBox(objectName="pref_workers", minimum=1, maximum=MAX_WORKERS, value=now.workers)
        self.workers.valueChanged.connect(self._name_the_unit)
        self._name_the_unit(now.workers)
        self.workers.setToolTip(f"This computer has {cores} cores; more processes than cores is no faster")
        self.scheduler = QLineEdit(now.scheduler, objectName="pref_scheduler", maxLength=200,
                                   placeholderText="empty: run on this computer; e.g. tcp://10.0.0.5:8786")
        explain = QLabel("Studies (Monte Carlo, deal space, tornado) run in the background on this computer's "
                         f"worker processes ({cores} cores here), or, when a scheduler address is given, on that "
                         "Dask cluster (every worker must run this version of the workbench). The answer is the "
                         "same either way for the same seed.", wordWrap=True)
        self.message = QLabel(wordWrap=True, objectName="pref_message")
        self.message.setStyleSheet("color:#C00000;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(explain)
        form.addRow("Local workers", self.workers)
        form.addRow("Dask scheduler", self.scheduler)
        form.addRow(self.message)
        form.addRow(buttons)
        self.resize(520, 220)

    def _name_the_unit(self, workers: int) -> None:
        self.workers.setSuffix(" process" if workers == 1 else " processes")

    def backend(self) -> StudyBackend:
        return StudyBackend(self.scheduler.text().strip(), self.workers.value())

    def accept(self) -> None:
        """Save and close, or say what is wrong and stay open with nothing saved."""
        why = self.backend().problem()
        self.message.setText(why)
        if why:
            return
        settings.remember_study_backend(self.backend())
        super().accept()


def show_preferences(parent: QWidget) -> None:
    dialog = PreferencesDialog(parent)
    dialog.exec()
    dialog.deleteLater()  # its parent owns it: without this, each opening would stay in memory until the window closes
