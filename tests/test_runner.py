"""The Qt-free runner: run ids, progress, cancel, superseded runs dropped, errors delivered."""
import threading

from workbench.runner import Runner


def collect():
    outcomes, progress = [], []
    done = threading.Event()

    def on_done(o):
        outcomes.append(o)
        done.set()
    return outcomes, progress, done, on_done


def test_progress_and_result_are_delivered_once():
    runner = Runner()
    outcomes, progress, done, on_done = collect()

    def task(report, cancel, n):
        for i in range(n):
            report(i / n, f"step {i}")
        return n * 2
    rid = runner.submit(task, 4, on_progress=lambda r, f, m: progress.append((r, f, m)), on_done=on_done)
    runner.wait(5)
    runner.shutdown()
    assert [o.value for o in outcomes] == [8] and outcomes[0].run_id == rid and outcomes[0].ok
    assert [p[1] for p in progress] == [0, 0.25, 0.5, 0.75]


def test_exceptions_are_delivered_as_results():
    runner = Runner()
    outcomes, _, _, on_done = collect()

    def task(report, cancel):
        raise ValueError("hydrology factor out of range")
    runner.submit(task, on_done=on_done)
    runner.wait(5)
    runner.shutdown()
    assert outcomes[0].status == "error" and "hydrology" in outcomes[0].error
    assert "ValueError" in outcomes[0].detail


def test_cancel_is_cooperative_and_reported():
    runner = Runner()
    outcomes, _, _, on_done = collect()
    started = threading.Event()

    def task(report, cancel):
        started.set()
        while True:
            cancel.raise_if_cancelled()
    rid = runner.submit(task, on_done=on_done)
    started.wait(5)
    runner.cancel(rid)
    runner.wait(5)
    runner.shutdown()
    assert [o.status for o in outcomes] == ["cancelled"]


def test_superseded_run_is_dropped():
    runner = Runner(max_workers=2)
    outcomes, progress, done, on_done = collect()
    release = threading.Event()
    first_started = threading.Event()

    def slow(report, cancel):
        first_started.set()
        release.wait(5)
        report(0.5, "late progress from the old run")  # raises Cancelled: superseded
        return "old"

    def fast(report, cancel):
        return "new"
    old = runner.submit(slow, channel="grid", on_progress=lambda *a: progress.append(a), on_done=on_done)
    first_started.wait(5)
    new = runner.submit(fast, channel="grid", on_done=on_done)
    assert done.wait(5)  # the new run finishes while the old one is still blocked
    release.set()
    runner.wait(5)
    runner.shutdown()
    assert [(o.run_id, o.value) for o in outcomes] == [(new, "new")]
    assert progress == [] and old < new


def test_channels_are_independent():
    runner = Runner(max_workers=2)
    outcomes, _, _, on_done = collect()
    runner.submit(lambda r, c: "a", channel="a", on_done=on_done)
    runner.submit(lambda r, c: "b", channel="b", on_done=on_done)
    runner.wait(5)
    runner.shutdown()
    assert sorted(o.value for o in outcomes) == ["a", "b"]
