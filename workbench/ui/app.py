"""Start the Qt application on a project (the bundled example by default)."""
from __future__ import annotations

import sys
from typing import Sequence

from workbench.core.errors import WorkbenchError


def main(argv: Sequence[str] = ()) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from workbench.runner import Runner
    from workbench.session import open_session
    from workbench.ui.bridge import RunnerBridge
    from workbench.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("Grid & Tariff Scenario Workbench")
    app.setOrganizationName("Economic Team")
    try:
        session = open_session(argv[0] if argv else None)
    except WorkbenchError as exc:
        QMessageBox.critical(None, "Cannot open the project", str(exc))
        return 2
    runner = Runner()
    window = MainWindow(session, RunnerBridge(runner))
    window.show()
    try:
        return app.exec()
    finally:
        runner.shutdown()


def gui_entry() -> None:
    sys.exit(main(sys.argv[1:]))
