"""Start the Qt application: the state, the run controller and the window, on a project."""
from __future__ import annotations

import linecache
import os
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
    from workbench.ui.collector import collect_on_gui_thread
    from workbench.ui.main_window import MainWindow
    from workbench.ui.runs.bridge import RunnerBridge
    from workbench.ui.runs.controller import RunController
    from workbench.ui.state.app_state import AppState

    collect_on_gui_thread()  # Qt objects in cycles are destroyed on this thread only (ui/collector.py)
    state = AppState(session.dataset, session.catalogue, session.project, session.path)
    bridge = RunnerBridge(Runner())
    runs = RunController(state, bridge)
    window = MainWindow(state, runs)
    # Each QObject the window's parts connect to lives and dies with the window. One without a parent lives as
    # long as its Python object, and the lambdas connected to its signals, which hold the window's parts, hold
    # that object in turn through Qt's connections, where the cycle collector cannot see: nothing would be freed.
    for part, owner in ((state, window), (runs, window), (bridge, runs)):
        part.setParent(owner)
    # Once PySide6 is loaded, its import hook reads the source of every module imported after it (to see whether
    # the module uses PySide6's __feature__ switches) through linecache, which keeps every line: 10-35 MB of text,
    # by import order, that nothing reads again. A traceback reads back the lines it shows.
    linecache.clearcache()
    return window


EXIT_NO_WINDOW = 2  # as for any other user error: the machine lacks something the user can install


def _start_qt(argv: list[str]):  # type: ignore[no-untyped-def]
    """The QApplication, or None after one paragraph on stderr when Qt's platform plugin cannot start here."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from workbench.ui import platform_check

    problem = platform_check.check()
    if problem is not None:
        print(problem.paragraph(), file=sys.stderr)
        return None

    said: list[str] = []  # Qt's own messages while it starts: the first one names the cause

    def fatal_is_explained(kind: QtMsgType, _context: object, message: str) -> None:
        """What the check above cannot foresee (a display that does not answer): explain, then exit, not abort."""
        said.append(message)
        if kind == QtMsgType.QtFatalMsg:
            cause = said[0].splitlines()[0].rstrip(".") if said[0] else "Qt gave no reason"
            print(f'The window cannot open: Qt could not start its "{platform_check.requested_platform(os.environ)}" '
                  f"platform plugin ({cause}). The command line (python main.py run, validate, diff) works without "
                  "a window.", file=sys.stderr, flush=True)
            os._exit(EXIT_NO_WINDOW)  # returning would let Qt abort the process

    qInstallMessageHandler(fatal_is_explained)
    try:
        return QApplication(argv)
    finally:
        qInstallMessageHandler(None)
        for message in said:  # started after all: its warnings go where Qt would have put them
            print(message, file=sys.stderr)


def main(argv: Sequence[str] = ()) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from workbench.session import open_session
    from workbench.ui import ask
    from workbench.ui.settings import APPLICATION, ORGANIZATION

    app = QApplication.instance() or _start_qt([sys.argv[0], *argv])
    if app is None:
        return EXIT_NO_WINDOW
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
    if window.files.read_only:  # started on a project another workbench has open
        ask.problem(window, "Opened read-only", f"{window.files.read_only}.\n\nIt opened read-only: you can look "
                                                f"and try changes, and Save will ask for a new name.")
    window.autosave.offer_recovery(window, Path(session.path) if session.path else None, untitled_too=True)
    if os.environ.get(SELF_CHECK):
        _quit_when_results_shown(window)
    try:
        return app.exec()
    finally:
        window.runs.shutdown()
        sys.excepthook = sys.__excepthook__


SELF_CHECK = "WORKBENCH_SELF_CHECK"  # set: show the window, wait for the first results, then Quit (bundle test)


def _quit_when_results_shown(window) -> None:  # type: ignore[no-untyped-def]
    """Proof that a packaged build works: the engine ran and the window drew it, then File > Quit as a user would."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    state = window.state

    def gave_up() -> None:
        print("self-check failed: no results within 60 s", file=sys.stderr, flush=True)
        QApplication.exit(1)

    timeout = QTimer(window, singleShot=True, interval=60_000, timeout=gave_up)
    timeout.start()

    def shown(_hashes: object) -> None:
        current = state.selection.current
        if state.result(current) is None:
            return
        state.resultsChanged.disconnect(shown)
        timeout.stop()
        print(f"window shown: {window.width()}x{window.height()}, {window.windowTitle().replace('[*]', '')}; "
              f"results of {current!r} arrived", flush=True)
        window.actions_by_name["quit"].trigger()

    state.resultsChanged.connect(shown)


def gui_entry() -> None:
    sys.exit(main(sys.argv[1:]))
