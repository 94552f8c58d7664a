"""While the window runs, reference cycles are collected on the GUI thread only: a worker thread's
allocations never set off a collection, and the GUI thread's timer collects what they left."""
from __future__ import annotations

import gc
import threading
import weakref

from workbench.ui.collector import CollectorOnGuiThread


class Node:
    pass


def test_cycles_are_collected_on_the_gui_thread_only(qtbot):
    # The fixture of every window test already runs one (conftest): both collect on this thread.
    assert not gc.isenabled()
    collecting_threads: list[int] = []

    def seen(phase: str, _info: dict) -> None:
        if phase == "start":
            collecting_threads.append(threading.get_ident())
    collector = CollectorOnGuiThread(interval_ms=20)
    gc.callbacks.append(seen)
    try:
        node = Node()
        node.me = node  # a cycle: only the collector frees it
        alive = weakref.ref(node)
        del node

        def allocate() -> None:  # garbage in cycles far past the youngest generation's threshold, on another thread
            for _ in range(5000):
                other = Node()
                other.me = other
        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert alive() is not None, "a collection ran on the worker thread"
        assert gc.get_count()[0] > gc.get_threshold()[0]  # one is due, for the timer to find
        qtbot.waitUntil(lambda: alive() is None, timeout=2000)
        assert collecting_threads and set(collecting_threads) == {threading.main_thread().ident}
    finally:
        gc.callbacks.remove(seen)
        collector.stop()
    assert not gc.isenabled()  # as it was when this collector started: the fixture's is still on


def test_nothing_is_collected_before_python_would_and_stop_gives_collection_back(qapp):
    was = gc.isenabled()
    gc.enable()
    try:
        collector = CollectorOnGuiThread()
        assert not gc.isenabled()
        gc.collect()
        assert collector.collect() == 0  # nothing allocated since: no generation is due
        node = Node()
        node.me = node
        alive = weakref.ref(node)
        del node
        collector.stop()  # collects everything, then turns automatic collection back on
        assert alive() is None and gc.isenabled()
    finally:
        if not was:
            gc.disable()
