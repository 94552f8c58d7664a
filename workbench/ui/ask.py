"""Every question the window asks the user, in one place (tests answer them by replacing these).

Each returns the answer as a plain value; None means the user cancelled.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from workbench.io.project_file import EXTENSION

PROJECT_FILTER = f"Workbench projects (*{EXTENSION})"
Button = QMessageBox.StandardButton


def unsaved_changes(parent: QWidget, what: str) -> str:
    """'save', 'discard' or 'cancel' for unsaved changes before ``what`` (closing, opening...)."""
    answer = QMessageBox.question(parent, "Unsaved changes", f"The project has unsaved changes. Save them before "
                                  f"{what}?", Button.Save | Button.Discard | Button.Cancel, Button.Save)
    return {Button.Save: "save", Button.Discard: "discard"}.get(answer, "cancel")


def restore_recovery(parent: QWidget | None, saved_at: str, project: str) -> bool:
    answer = QMessageBox.question(parent, "Recover unsaved work",
                                  f"The workbench stopped before changes to {project} were saved. The last copy of "
                                  f"them is from {saved_at}.\n\nRestore them? (No deletes that copy.)",
                                  Button.Yes | Button.No, Button.Yes)
    return answer == Button.Yes


def open_path(parent: QWidget, folder: str, title: str = "Open project", file_filter: str = PROJECT_FILTER
              ) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, file_filter)
    return Path(path) if path else None


def save_path(parent: QWidget, suggested: str, title: str = "Save project as", file_filter: str = PROJECT_FILTER,
              suffix: str = EXTENSION) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not path:
        return None
    return Path(path) if path.lower().endswith(suffix) else Path(path + suffix)


def text(parent: QWidget, title: str, label: str, default: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, default)
    return value if ok else None


def move_children(parent: QWidget, name: str, children: list[str], to: str) -> bool:
    answer = QMessageBox.question(parent, "Delete scenario",
                                  f"'{name}' is the parent of {', '.join(children)}. Delete it and move them to {to}?",
                                  Button.Yes | Button.Cancel, Button.Cancel)
    return answer == Button.Yes


def confirm(parent: QWidget, title: str, message: str) -> bool:
    return QMessageBox.question(parent, title, message, Button.Yes | Button.Cancel, Button.Cancel) == Button.Yes


def problem(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def offer(parent: QWidget, name: str) -> tuple[str, str] | None:
    """Who proposed the scenario and a note, for Lock as offer."""
    from workbench.ui.dialogs.lock import LockDialog

    dialog = LockDialog(parent, name)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
