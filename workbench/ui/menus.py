"""The menu bar and the toolbar of the main window, with the platform's standard shortcuts."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QToolBar

from workbench.ui.clipboard import selection_tsv
from workbench.ui.dialogs.about import show_about
from workbench.ui.dialogs.document import DocumentDialog
from workbench.ui.dialogs.preferences import show_preferences

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

Key = QKeySequence.StandardKey


def _action(window: "MainWindow", name: str, text: str, slot: Callable[[], object],
            shortcut: QKeySequence.StandardKey | str | None = None, icon: QStyle.StandardPixmap | None = None
            ) -> QAction:
    action = QAction(text, window, objectName=f"action_{name}")
    action.triggered.connect(lambda _checked=False: slot())
    if isinstance(shortcut, str):
        action.setShortcut(QKeySequence(shortcut))
    elif shortcut is not None:
        action.setShortcuts(shortcut)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    return action


class HistoryAction(QAction):
    """Undo or Redo, naming the step. Notes still being typed are saved first, so that no edit is pushed
    while the stack is moving (QUndoStack's own actions cannot do that)."""

    def __init__(self, window: "MainWindow", which: str) -> None:
        self.word = which.capitalize()
        super().__init__(f"&{self.word}", window, objectName=f"action_{which}", iconText=self.word)
        stack = window.state.undo_stack
        move = stack.undo if which == "undo" else stack.redo
        self.triggered.connect(lambda _checked=False: (window.notes.commit(), move()))
        can, text = (stack.canUndoChanged, stack.undoTextChanged) if which == "undo" else \
            (stack.canRedoChanged, stack.redoTextChanged)
        can.connect(self.setEnabled)
        text.connect(self.name_step)  # a method: disconnected by Qt when the action goes
        self.setEnabled(stack.canUndo() if which == "undo" else stack.canRedo())

    def name_step(self, text: str) -> None:
        self.setText(f"&{self.word} {text}" if text else f"&{self.word}")


def _history_action(window: "MainWindow", which: str, keys: QKeySequence.StandardKey,
                    icon: QStyle.StandardPixmap) -> QAction:
    action = HistoryAction(window, which)
    action.setShortcuts(keys)
    action.setIcon(window.style().standardIcon(icon))
    return action


def build_menus(window: "MainWindow") -> dict[str, QAction]:
    files, scenario, icons = window.files, window.scenario_actions, QStyle.StandardPixmap
    acts = {
        "new": _action(window, "new", "&New", files.new, Key.New, icons.SP_FileIcon),
        "open": _action(window, "open", "&Open…", files.open, Key.Open, icons.SP_DialogOpenButton),
        "save": _action(window, "save", "&Save", files.save, Key.Save, icons.SP_DialogSaveButton),
        "save_as": _action(window, "save_as", "Save &As…", files.save_as, Key.SaveAs),
        "import": _action(window, "import", "&Import assumptions…", files.import_assumptions, "Ctrl+I"),
        "export": _action(window, "export", "&Export brief…", files.export_brief, "Ctrl+E"),
        "quit": _action(window, "quit", "&Quit", window.close, Key.Quit),
        "copy": _action(window, "copy", "&Copy", lambda: copy_selection(window), Key.Copy),
        "preferences": _action(window, "preferences", "&Preferences…", lambda: show_preferences(window),
                               Key.Preferences),
        "reset_layout": _action(window, "reset_layout", "&Reset layout", window.reset_layout),
        "about": _action(window, "about", "&About", lambda: show_about(window)),
        "sources": _action(window, "sources", "&Data sources",
                           lambda: show_document(window, "Data sources", "data.md")),
        "methodology": _action(window, "methodology", "&Methodology",
                               lambda: show_document(window, "Methodology", "methodology.md")),
    }
    acts["export"].setStatusTip("Write the Excel negotiation brief for the scenarios chosen for comparison")
    acts["preferences"].setStatusTip("Where studies run: this computer's worker processes or a Dask cluster")
    acts["import"].setStatusTip("Add an edited assumptions workbook as a new scenario")
    undo = _history_action(window, "undo", Key.Undo, icons.SP_ArrowBack)
    redo = _history_action(window, "redo", Key.Redo, icons.SP_ArrowForward)
    acts["undo"], acts["redo"] = undo, redo
    scenario.run.setIcon(window.style().standardIcon(icons.SP_MediaPlay))
    scenario.cancel.setIcon(window.style().standardIcon(icons.SP_BrowserStop))

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([acts["new"], acts["open"]])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    file_menu.addActions([acts["save"], acts["save_as"]])
    file_menu.addSeparator()
    file_menu.addActions([acts["import"], acts["export"]])
    file_menu.addSeparator()
    file_menu.addAction(acts["quit"])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([undo, redo])
    edit_menu.addSeparator()
    edit_menu.addAction(acts["copy"])
    edit_menu.addSeparator()
    edit_menu.addAction(acts["preferences"])
    scenario_menu = bar.addMenu("&Scenario")
    for action in scenario.all():
        scenario_menu.addSeparator() if action is None else scenario_menu.addAction(action)
    view_menu = bar.addMenu("&View")
    for dock in window.docks.values():
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addSeparator()
    view_menu.addAction(acts["reset_layout"])
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([acts["about"], acts["sources"], acts["methodology"]])

    toolbar = QToolBar("Main toolbar", window, objectName="main_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addActions([acts["open"], acts["save"], undo, redo])
    toolbar.addSeparator()
    toolbar.addActions([scenario.duplicate, scenario.lock, scenario.compare])
    toolbar.addSeparator()
    toolbar.addActions([scenario.run, scenario.run_all, scenario.cancel, acts["export"]])
    window.addToolBar(toolbar)
    return acts


def fill_recent(menu: QMenu, paths: list[str], open_path: Callable[[str], None]) -> None:
    menu.clear()
    for n, path in enumerate(paths, start=1):
        action = menu.addAction(f"&{n} {path}" if n < 10 else path)
        action.triggered.connect(lambda _checked=False, p=path: open_path(p))
    menu.setEnabled(bool(paths))


def copy_selection(window: "MainWindow") -> None:
    """Copy the focused table's selection as tab-separated text (Excel pastes it as cells)."""
    from PySide6.QtWidgets import QAbstractItemView

    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    if widget is not None:
        text = selection_tsv(widget)
        if text:
            QApplication.clipboard().setText(text)
            window.statusBar().showMessage(f"Copied {text.count(chr(10)) - 1} row(s) as tab-separated text", 4000)
    elif hasattr(QApplication.focusWidget(), "copy"):
        QApplication.focusWidget().copy()


def show_document(window: "MainWindow", title: str, filename: str) -> None:
    """The document in its own window, beside the main one: one window a document, brought to the front when
    asked for again. Those closed meanwhile are freed (each holds its whole text)."""
    for closed in [d for d in window.documents if not d.isVisible()]:
        window.documents.remove(closed)
        closed.deleteLater()
    dialog = next((d for d in window.documents if d.filename == filename), None)
    if dialog is None:
        dialog = DocumentDialog(window, title, filename)
        window.documents.append(dialog)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
