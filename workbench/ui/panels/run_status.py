"""The status-bar corner for background runs: progress and Cancel, shown once a run passes half a second."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from workbench.ui.runs.controller import RunController

SHOW_AFTER_MS = 500


class RunStatus(QWidget):
    def __init__(self, controller: RunController) -> None:
        super().__init__()
        self.controller = controller
        self.label = QLabel()
        self.bar = QProgressBar(maximumWidth=180, textVisible=True)
        self.cancel = QPushButton("Cancel", objectName="cancel_run_button", clicked=controller.cancel)
        self.cancel.setToolTip("Stop the runs in progress; results stay as they were (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel):
            layout.addWidget(widget)
        self._reveal = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS, timeout=self._show_if_busy)
        controller.activityChanged.connect(self._on_activity)
        self._set_visible(False)

    def _set_visible(self, visible: bool) -> None:
        for widget in (self.label, self.bar, self.cancel):
            widget.setVisible(visible)

    def _on_activity(self) -> None:
        if not self.controller.busy:
            self._reveal.stop()
            self._set_visible(False)
            return
        if not self._reveal.isActive() and not self.bar.isVisible():
            self._reveal.start()
        self.bar.setValue(int(100 * self.controller.fraction))
        self.label.setText(self.controller.message)

    def _show_if_busy(self) -> None:
        if self.controller.busy:
            self._set_visible(True)
            self._on_activity()
