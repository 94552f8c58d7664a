"""Python's cycle collector, run only on the GUI thread while the window is up.

CPython collects reference cycles in whichever thread allocates when a threshold is crossed: a
run's worker thread, a process pool's feeder, the event loop of a Dask client. A PySide object found
in a cycle there is destroyed there, and a Qt object destroyed off the GUI thread can freeze the
window. Seen in a test run: a Dask loop thread collecting an old window's plot held Qt's connection
lock while it waited for the GIL, and the GUI thread, holding the GIL, waited for that lock to build
the next window's menus. So while the window runs, automatic collection is off and a timer on the GUI
thread collects instead, whenever Python's own thresholds say a collection is due (as pyqtgraph's
``GarbageCollector`` does).
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500  # how stale garbage may get: at most half a second of cycles waits for the GUI thread


class CollectorOnGuiThread(QObject):
    """Create on the GUI thread, once a QApplication exists; ``stop`` gives collection back to Python."""

    def __init__(self, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__()
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        """Collect what the automatic collector would now: the oldest generation over its threshold,
        once the youngest is (a young generation's count is of allocations, an older one's of
        collections of the generation below it). Returns the objects found unreachable."""
        counts = gc.get_count()
        if counts[0] <= self._thresholds[0]:
            return 0
        oldest = max(g for g in range(3) if counts[g] > self._thresholds[g])
        return gc.collect(oldest)

    def stop(self) -> None:
        """Everything collected here, then automatic collection as it was before."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


_running: CollectorOnGuiThread | None = None  # the process's one, once a window is built


def collect_on_gui_thread() -> None:
    """From now on, collect cycles only on this thread (the GUI thread; a QApplication exists). Every
    window starts it (``app.build_window``); a process that goes on without its windows calls ``stop_collecting``."""
    global _running
    if _running is None:
        _running = CollectorOnGuiThread()


def stop_collecting() -> None:
    """Collect everything here, then give collection back to Python (no-op when not collecting here)."""
    global _running
    if _running is not None:
        _running.stop()
        _running = None
