import os
import sys
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from workbench.core.parameters import build_catalogue  # noqa: E402
from workbench.io.dataset_loader import load_dataset  # noqa: E402
from workbench.session import EXAMPLE_PROJECT, open_session  # noqa: E402

# The window fixtures (a window on a copy of the example, scripted answers to its questions).
from tests.gui import answers, project_file, window  # noqa: E402, F401


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()


@pytest.fixture(scope="session")
def catalogue(dataset):
    return build_catalogue(dataset)


@pytest.fixture(scope="session")
def example_session():
    return open_session(EXAMPLE_PROJECT)


@pytest.fixture(autouse=True)
def workbench_home(tmp_path_factory, monkeypatch):
    """Settings, recent files and recovery files of the window go to a fresh folder in every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def cycles_collected_on_the_gui_thread(request):
    """A Qt test collects reference cycles only on the GUI thread, as every window does (build_window,
    workbench/ui/collector.py), and leaves no Qt object in a cycle for another thread to collect after it:
    the Dask cluster's event loop, kept for the whole session, once froze the next window's test so."""
    if {"qtbot", "qapp"} & set(request.fixturenames):
        request.getfixturevalue("qapp")
        from workbench.ui.collector import collect_on_gui_thread
        collect_on_gui_thread()
    yield
    started = sys.modules.get("workbench.ui.collector")  # by this test or by a window it built: Qt is loaded
    if started is not None:
        started.stop_collecting()  # after the window's and qtbot's teardown: this fixture was set up first


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Fail any test that leaves a worker thread running (as napari's conftest does)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra:
            return
        time.sleep(0.02)
    pytest.fail(f"test left threads running: {[t.name for t in extra]}")


@pytest.fixture(scope="session")
def dask_cluster():
    """(scheduler address, executor) of one two-worker LocalCluster shared by the cluster tests; each
    worker is a spawned process that gets the data set only through the scheduler."""
    distributed = pytest.importorskip("distributed")
    from workbench.analysis.cluster import connect

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as local:
        with connect(local.scheduler_address) as executor:
            # distributed keeps one thread of its own for (de)serialising, started on first use and kept for
            # the process's life: started here, so that no test is blamed for leaving it running.
            executor.share(0)
            assert executor.submit(abs, -1).result() == 1
            yield local.scheduler_address, executor
