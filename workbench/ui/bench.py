"""Window figures for the benchmark, measured in a fresh process (``python -m workbench.bench`` runs this).

    python -m workbench.ui.bench START_TIME

START_TIME is the parent's time.time() just before it started this process, so the first figure
is the whole start-up as a user waits for it: interpreter, imports, data set, project, window.
Prints one JSON object of figures (name -> value).
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from dataclasses import replace

if not os.environ.get("DISPLAY"):  # a machine with no screen still measures the window, offscreen
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_mb() -> float:
    """This process's peak resident memory. On Linux from VmHWM: ru_maxrss would count the parent's memory
    too, from before this process replaced the forked copy of it."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def chart_figures(app, window) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Panning the year overview (8,760 points a series), and switching scenario with every view redrawn."""
    state, views = window.state, window.views
    window.tabs.setCurrentIndex(0)
    state.set_selection(replace(state.selection, current="Government proposal",
                                compared=tuple(state.project.names())))
    app.processEvents()
    plot, viewport = views.overview.plot, views.overview.widget.viewport()
    pans = []
    for k in range(40):
        start = time.perf_counter()
        plot.setXRange(100 * k, 100 * k + 2000, padding=0)
        viewport.repaint()  # paints now, not on the next event
        pans.append((time.perf_counter() - start) * 1000)
    switches = []
    names = ["Stress", "Government proposal", "Mixed", "Curtailable, winter-weighted"] * 3
    for name in names:
        start = time.perf_counter()
        state.set_selection(replace(state.selection, current=name))
        for chart in views.charts():
            chart.refresh(force=True)  # hidden tabs too: every view
        window.repaint()
        switches.append((time.perf_counter() - start) * 1000)
    return {"overview_pan_repaint_ms": statistics.median(pans),
            "switch_scenario_all_views_ms": statistics.median(switches)}


def main(started: float) -> dict[str, float]:
    # The engine first, then Qt, in the order the window is started (main.py and workbench-gui import
    # workbench.cli or workbench.ui.app, which import workbench.session, before PySide6): every module
    # imported after PySide6 has its source read by PySide6's import hook, and with PySide6 first that was
    # pandas and numpy too, about 25 MB more than a user's window holds.
    from workbench.session import open_session
    from PySide6.QtWidgets import QApplication

    from workbench.allocator import keep_freed_memory
    from workbench.ui.app import build_window

    keep_freed_memory()  # as python main.py does

    app = QApplication.instance() or QApplication([])
    window = build_window(open_session())
    window.show()
    app.processEvents()  # the first paint
    figures = {"window_shown_s": time.time() - started}
    state, runs = window.state, window.runs

    def wait(done, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
        end = time.monotonic() + timeout
        while not done() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.0005)

    wait(lambda: not runs.busy and all(state.result(n) is not None for n in state.project.names()))
    figures["example_project_run_s"] = time.time() - started - figures["window_shown_s"]
    state.set_selection(replace(state.selection, current="Government proposal", compared=("Government proposal",)))
    model = window.loads.model
    mw = [p.key for p in model.fields].index("mw")
    latencies, redrawn = [], []
    visible = [c for c in window.views.charts() if c.isVisible()]
    for k in range(12):  # a new value every time, so no result comes from the cache
        start = time.perf_counter()
        model.setData(model.index(0, mw), str(1000 + 7 * k))
        wait(lambda: state.result("Government proposal") is not None)
        window.views.cards.repaint()  # the cards on screen now show the new numbers
        window.results.view.viewport().repaint()
        latencies.append((time.perf_counter() - start) * 1000)
        wait(lambda: all(c.drawn_for is not None for c in visible))
        app.processEvents()
        redrawn.append((time.perf_counter() - start) * 1000)
    figures["edit_to_key_numbers_ms"] = statistics.median(latencies)
    figures["edit_to_charts_redrawn_ms"] = statistics.median(redrawn)
    figures.update(chart_figures(app, window))
    figures["rss_peak_example_project_mb"] = peak_rss_mb()
    runs.shutdown()
    state.undo_stack.setClean()
    window.close()
    return figures


if __name__ == "__main__":
    print(json.dumps(main(float(sys.argv[1]) if len(sys.argv) > 1 else time.time())))
