"""PySide6 6.12.0 on Python 3.11 aborts after a few hundred bool signals (bool_dealloc).

This is the pin's guard: 10,000 bool-carrying signals to a Python slot, directly and
queued across threads, must leave True's reference count unchanged. The counts are
taken inside plain functions, because pytest's assertion rewriting holds its own
references to the True results of comparisons.

The bug moves True's count by one a signal, thousands here, until the interpreter aborts. Other
threads of the test process (the session's Dask client runs an event loop for the cluster tests)
take and drop references to True and False while the signals fly, a few dozen at most (CI saw +10
and -37), so the counts are held to within SIGNALS // 100 rather than to zero.
"""
import sys
import threading
import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

SIGNALS = 10_000
NOISE = SIGNALS // 100  # what other threads may do to the counts meanwhile (module docstring)


class Emitter(QObject):
    changed = Signal(bool)


class Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.trues = 0
        self.falses = 0

    def on_changed(self, value):
        if value is True:
            self.trues += 1
        elif value is False:
            self.falses += 1


def direct_refcount_delta():
    emitter, receiver = Emitter(), Receiver()
    emitter.changed.connect(receiver.on_changed)
    emitter.changed.emit(True)  # one-time caches are built on the first emission
    emitter.changed.emit(False)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(SIGNALS):
        emitter.changed.emit(i % 2 == 0)
    after = sys.getrefcount(True), sys.getrefcount(False)
    return after[0] - before[0], after[1] - before[1], receiver.trues, receiver.falses


def queued_refcount_delta(signals):
    """True's refcount change over ``signals`` queued emissions from a worker thread.

    A started and joined Thread holds True in its own flags, so a run with zero signals
    is the control that the test compares against.
    """
    emitter, receiver = Emitter(), Receiver()
    emitter.changed.connect(receiver.on_changed, Qt.ConnectionType.QueuedConnection)
    emitter.changed.emit(True)
    QCoreApplication.processEvents()
    worker = threading.Thread(target=lambda: [emitter.changed.emit(True) for _ in range(signals)])
    before = sys.getrefcount(True)
    worker.start()
    worker.join()
    deadline = time.monotonic() + 10
    while receiver.trues < signals + 1 and time.monotonic() < deadline:
        QCoreApplication.processEvents()
    after = sys.getrefcount(True)
    return after - before, receiver.trues


def test_ten_thousand_bool_signals_keep_true_refcount(qapp):
    delta_true, delta_false, trues, falses = direct_refcount_delta()
    assert (trues, falses) == (SIGNALS // 2 + 1, SIGNALS // 2 + 1)
    assert abs(delta_true) <= NOISE and abs(delta_false) <= NOISE, (delta_true, delta_false)


def test_queued_bool_signals_from_a_worker_thread(qapp):
    control, _ = queued_refcount_delta(0)
    delta, received = queued_refcount_delta(SIGNALS)
    assert received == SIGNALS + 1
    assert abs(delta - control) <= NOISE, (delta, control)
