"""Start the Qt application: the state, the run controller and the window, on a project."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Sequence

from workbench.core.errors import WorkbenchError
from workbench.session import Session


def build_window(session: Session):  # type: ignore[no-untyped-def]
    """The window over a session, with its own runner; call ``window.runs.shutdown()`` when done."""
    from workbench.runner import Runner
    from workbench.ui.main_window import MainWindow
    from workbench.ui.runs.bridge import RunnerBridge
    from workbench.ui.runs.controller import RunController
    from workbench.ui.state.app_state import AppState

    state = AppState(session.dataset, session.catalogue, session.project, session.path)
    runs = RunController(state, RunnerBridge(Runner()))
    window = MainWindow(state, runs)
    runs.setParent(window)
    return window


def main(argv: Sequence[str] = ()) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from workbench.session import open_session
    from workbench.ui.settings import APPLICATION, ORGANIZATION

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    try:
        session = open_session(argv[0] if argv else None)
    except WorkbenchError as exc:
        QMessageBox.critical(None, "Cannot open the project", f"{exc}\n\nThe bundled example project opens instead.")
        session = open_session(None)
    window = build_window(session)

    def report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        """A bug in the window must not take the user's work with it: say so and carry on."""
        traceback.print_exception(kind, error, tb)
        window.messages.log(f"Internal error (please report it): {kind.__name__}: {error}")
        window.statusBar().showMessage(f"Internal error: {error}; your work is kept, save it", 15_000)
    sys.excepthook = report
    window.show()
    window.autosave.offer_recovery(window, Path(session.path) if session.path else None, untitled_too=True)
    try:
        return app.exec()
    finally:
        window.runs.shutdown()
        sys.excepthook = sys.__excepthook__


def gui_entry() -> None:
    sys.exit(main(sys.argv[1:]))
