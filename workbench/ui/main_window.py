"""The main window: assembles the docks, menus, toolbar and status bar. No domain logic lives here."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QDialog, QDockWidget, QLabel, QMainWindow, QTabWidget, QWidget

from workbench.io.dataset_loader import resources_dir
from workbench.io.gates_loader import load_gates
from workbench.io.project_file import EXTENSION
from workbench.session import EXAMPLE_PROJECT
from workbench.ui import settings
from workbench.ui.autosave import Autosave
from workbench.ui.files import FileController
from workbench.ui.menus import build_menus, fill_recent
from workbench.ui.panels.assumptions import AssumptionsPanel
from workbench.ui.analysis.deal_space_view import DealSpaceView
from workbench.ui.analysis.studies_tab import StudiesTab
from workbench.ui.analysis.tornado_view import TornadoView
from workbench.ui.panels.chart_tabs import ChartViews
from workbench.ui.panels.parties import PartiesPanel
from workbench.ui.panels.loads import LoadsPanel
from workbench.ui.panels.gates import GatesPanel
from workbench.ui.panels.messages import MessagesPanel
from workbench.ui.panels.notes import NotesPanel
from workbench.ui.panels.offers import OffersPanel
from workbench.ui.panels.reserve import ReservePanel
from workbench.ui.panels.results import ResultsPanel
from workbench.ui.panels.run_status import RunStatus
from workbench.ui.panels.scenarios import ScenarioPanel
from workbench.ui.runs.controller import RunController
from workbench.ui.scenario_actions import ScenarioActions
from workbench.ui.state.app_state import AppState

APP_NAME = "Grid & Tariff Scenario Workbench"
Area = Qt.DockWidgetArea


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, runs: RunController) -> None:
        super().__init__()
        self.state, self.runs = state, runs
        self.documents: list[QDialog] = []
        self.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.messages = MessagesPanel()
        self.autosave = Autosave(state, settings.data_folder(), self)
        self.files = FileController(state, self, runs, self.autosave, self.messages.log)
        self.scenario_actions = ScenarioActions(state, runs, self, self.messages.log)

        self.scenarios = ScenarioPanel(state, self.scenario_actions.all())
        self.assumptions = AssumptionsPanel(state)
        self.loads = LoadsPanel(state)
        self.notes = NotesPanel(state)
        self.gates = GatesPanel(state, load_gates())
        self.offers = OffersPanel(state)
        self.results = ResultsPanel(state, runs.status)
        self.views = ChartViews(state)
        self.views.hover.setParent(self)  # as every QObject the window's parts connect to (app.build_window)
        self.reserve = ReservePanel(state)
        self.parties = PartiesPanel(state)
        self.tabs = QTabWidget(objectName="central_tabs", documentMode=True)
        tabs = self.views.tabs()
        for title, widget in tabs[:3] + [("Key numbers", self.results)] + tabs[3:4] + [("Reserve", self.reserve)] + \
                tabs[4:]:
            self.tabs.addTab(widget, title)
        self.studies = StudiesTab(state, runs)
        self.tabs.addTab(self.studies, "Studies")
        self.deal_space = DealSpaceView(state, runs)
        self.tabs.addTab(self.deal_space, "Deal space")
        self.tornado = TornadoView(state, runs, self.focus_parameter)
        self.tabs.addTab(self.tornado, "Tornado")
        self.setCentralWidget(self.tabs)
        # Edit on the left (scenarios over the assumptions, loads, notes and messages), read the answers in the
        # middle, at full height: on a 1366x768 laptop the charts need every pixel.
        self.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
        self.docks = {name: self._dock(title, widget, Area.LeftDockWidgetArea) for name, title, widget in (
            ("scenarios", "Scenarios", self.scenarios), ("assumptions", "Assumptions", self.assumptions),
            ("loads", "Large loads", self.loads), ("notes", "Notes", self.notes),
            ("gates", "Process", self.gates), ("offers", "Offers", self.offers), ("parties", "Parties", self.parties),
            ("messages", "Messages", self.messages))}
        for name in ("loads", "notes", "gates", "offers", "parties", "messages"):
            self.tabifyDockWidget(self.docks["assumptions"], self.docks[name])
        self.docks["assumptions"].raise_()
        self.offers.compareRequested.connect(self.scenario_actions.compare_pair)

        self.recent_menu = None
        self.actions_by_name = build_menus(self)
        self._fill_recent(settings.recent_files())
        self.files.recentChanged.connect(self._fill_recent)
        self.status = RunStatus(runs)
        self.statusBar().addPermanentWidget(self.status)
        self.statusBar().addPermanentWidget(QLabel(f"Data set: {state.dataset.label}"))

        state.dirtyChanged.connect(self.setWindowModified)
        state.pathChanged.connect(lambda _path: self._title())
        self.files.readOnlyChanged.connect(lambda _reason: self._title())
        state.refused.connect(self._refused)
        runs.failed.connect(lambda name, error: self._note(f"Run of '{name}' failed: {error}"))
        self.autosave.failed.connect(self._note)
        self._title()
        self._fit_to_screen()
        self._default_layout = self.saveState()
        self._restore_layout()

    def focus_parameter(self, key: str) -> None:
        """Show the Assumptions editor with ``key``'s row selected (a tornado bar was clicked)."""
        panel = self.assumptions
        panel.filter.clear()
        index = panel.source_index(key)
        if index.isValid():
            self.docks["assumptions"].raise_()
            panel.view.setCurrentIndex(index)
            panel.view.scrollTo(index)
            panel.view.setFocus()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self, objectName=f"{title.lower().replace(' ', '_')}_dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _title(self) -> None:
        path = self.state.path
        name = "Untitled" if path is None else f"{path.name} (example)" if path == EXAMPLE_PROJECT else path.name
        if self.files.read_only:
            name += " (read-only: open elsewhere)"
        self.setWindowTitle(f"{name}[*] - {APP_NAME}")
        self.setWindowModified(self.state.dirty)

    def _fill_recent(self, paths: list[str]) -> None:
        if self.recent_menu is not None:
            fill_recent(self.recent_menu, paths, self.files.open_recent)

    def _refused(self, _field: str, message: str) -> None:
        self._note(f"Not applied: {message}")

    def _note(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        self.messages.log(message)

    # ------------------------------------------------------------------ layout and settings

    def _fit_to_screen(self) -> None:
        """First start: most of the screen, never more than it (a 1366x768 laptop keeps its status bar)."""
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        if available is None or available.width() <= 0:
            self.resize(1280, 760)
            return
        self.resize(min(1600, int(available.width() * 0.95)), min(1000, int(available.height() * 0.92)))
        self.move(available.center() - self.rect().center())
        self._size_docks()

    def _size_docks(self) -> None:
        width, height = self.width(), self.height()
        self.resizeDocks([self.docks["scenarios"]], [max(380, width // 3)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["scenarios"], self.docks["assumptions"]], [170, height - 300],
                         Qt.Orientation.Vertical)

    def _restore_layout(self) -> None:
        store = settings.settings()
        geometry, layout = store.value("window/geometry"), store.value("window/state")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            if screen is not None and not screen.availableGeometry().contains(self.frameGeometry()):
                self._fit_to_screen()  # saved on a bigger screen than this one
        if isinstance(layout, QByteArray):
            self.restoreState(layout)

    def reset_layout(self) -> None:
        self.restoreState(self._default_layout)
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.docks["assumptions"].raise_()
        self._size_docks()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.notes.commit()  # typing that has not paused yet is work too
        if not self.files.maybe_save("closing"):
            event.ignore()
            return
        store = settings.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        self.autosave.release()
        self.files.release()
        for dialog in self.documents:
            dialog.close()
        event.accept()

    # ------------------------------------------------------------------ a project file dropped on the window

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_project(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_project(event)
        if path is not None:
            event.acceptProposedAction()
            self.files.open(path)

    @staticmethod
    def _dropped_project(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return next((p for p in paths if p.suffix.lower() == EXTENSION), None)
