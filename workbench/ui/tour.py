"""A screenshot tour of the window, so anyone can see the app without a display.

    python -m workbench.ui.tour OUTDIR

Opens the example project offscreen, runs every scenario, and saves PNGs of the main views at
1366x768 and 1920x1080: the overview, the dispatch of a week in July, the surplus heat-map, the
comparison table with each party's pass or fail, the tariffs, the tariff waterfall, the reserve option
beside the process record of the state-mining scenario, the studies (Monte Carlo, its fan chart per
year for the five-year scenario, deal space, tornado, the deal space marked out of date after an edit)
and the Preferences dialog. Prints the files it wrote.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from pathlib import Path

SIZES = ((1366, 768), (1920, 1080))
JULY_WEEK = (14 * 24, 21 * 24)  # 15-21 July: a hot week with the summer evening peak
FOCUS = "Government proposal"
TOUR_DRAWS = 60
RESERVE_FOCUS = "State mining into the reserve"


def _settle(app, seconds: float = 0.3) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _shot(app, window, tab: str, widget, path: Path) -> Path:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index(tab))
    _settle(app)
    widget.grab().save(str(path))
    return path


def tour(out: Path) -> list[Path]:
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from workbench.session import open_session
    from workbench.ui.app import build_window
    from workbench.ui.dialogs.preferences import PreferencesDialog
    from workbench.ui.state.commands import SetOverride

    app = QApplication.instance() or QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    window = build_window(open_session())
    state, views = window.state, window.views
    written: list[Path] = []
    try:
        window.show()
        deadline = time.monotonic() + 120
        while (window.runs.busy or not all(state.result(n) for n in state.project.names())) and \
                time.monotonic() < deadline:
            _settle(app, 0.05)
        state.set_selection(replace(state.selection, current=FOCUS, window=JULY_WEEK))
        # The studies: a small Monte Carlo (enough draws to show a spread) and the default deal space.
        window.studies.draws.setValue(TOUR_DRAWS)
        window.studies.start()
        window.deal_space.start()
        window.tornado.start()
        studies = (lambda: window.studies.runner.running, lambda: window.deal_space.running,
                   lambda: window.tornado.running)
        while any(running() for running in studies) and time.monotonic() < deadline + 120:
            _settle(app, 0.05)
        for width, height in SIZES:
            window.resize(width, height)
            window.reset_layout()
            shots = [("overview", "Overview", window), ("dispatch-july-week", "Overview", views.dispatch),
                     ("surplus-heat-map", "Grid", views.surplus), ("grid", "Grid", window),
                     ("comparison-table", "Key numbers", window), ("tariffs", "Tariffs", window),
                     ("waterfall", "Tariffs", views.waterfall), ("monte-carlo", "Studies", window.studies),
                     ("deal-space", "Deal space", window.deal_space), ("parties", "Overview", window.parties),
                     ("tornado", "Tornado", window.tornado)]
            for name, tab, widget in shots:
                if widget is window.parties:
                    window.docks["parties"].raise_()
                written.append(_shot(app, window, tab, widget, out / f"{name}-{width}x{height}.png"))
                if widget is window.parties:
                    window.docks["assumptions"].raise_()
            # The reserve option and the process record of the scenario that has them.
            state.set_selection(replace(state.selection, current=RESERVE_FOCUS))
            window.docks["gates"].raise_()
            written.append(_shot(app, window, "Reserve", window, out / f"reserve-and-process-{width}x{height}.png"))
            window.docks["assumptions"].raise_()
            state.set_selection(replace(state.selection, current=FOCUS))
            # An edit after the sweep: the deal space says its picture is out of date; undo clears it.
            state.push(lambda: SetOverride(state, FOCUS, "pkr_per_usd", 333))
            written.append(_shot(app, window, "Deal space", window.deal_space,
                                 out / f"deal-space-out-of-date-{width}x{height}.png"))
            state.undo_stack.undo()
            dialog = PreferencesDialog(window)
            dialog.show()
            _settle(app)
            written.append(out / f"preferences-{width}x{height}.png")
            dialog.grab().save(str(written[-1]))
            dialog.reject()
        # The fan chart: a Monte Carlo of the five-year scenario.
        state.set_selection(replace(state.selection, current=RESERVE_FOCUS))
        window.studies.start()
        while window.studies.runner.running and time.monotonic() < deadline + 240:
            _settle(app, 0.05)
        for width, height in SIZES:
            window.resize(width, height)
            window.reset_layout()
            written.append(_shot(app, window, "Studies", window.studies, out / f"fan-chart-{width}x{height}.png"))
    finally:
        window.runs.shutdown()
        state.undo_stack.setClean()
        window.close()
        window.deleteLater()  # freed with what it holds, for whatever the process does next (the tests)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m workbench.ui.tour OUTDIR", file=sys.stderr)
        return 2
    for path in tour(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
