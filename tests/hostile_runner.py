"""Run the hostile corpus through the command line, in a process of its own, and report each outcome.

    python -m tests.hostile_runner MANIFEST.json PROJECT.wbproj

MANIFEST lists the cases (tests/hostile_corpus.py). Project files go through ``validate``,
workbooks through ``import-assumptions`` into a copy of PROJECT. Each case runs in process
(the start-up of Python and pandas is paid once), under an alarm that turns a hang into a
reported failure. Prints one JSON object: per case the exit code, what stderr said, CPU and
wall seconds, and the process's peak memory after it (peak memory only grows, so the last
figure bounds every case).
"""
from __future__ import annotations

import contextlib
import io
import json
import resource
import shutil
import signal
import sys
import time
from pathlib import Path

from workbench.cli import main

HANG_S = 10


class Hang(Exception):
    pass


def on_alarm(_signum, _frame):  # type: ignore[no-untyped-def]
    raise Hang()


def peak_mb() -> float:
    """This process's peak resident memory. On Linux VmHWM, which exec resets: ru_maxrss keeps the peak of
    the parent that forked us (a pytest run of 1.5 GB would be counted against the first case)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(case: dict, project: Path, scratch: Path) -> dict:
    if case["kind"] == "project":
        argv = ["validate", case["path"]]
    else:
        target = scratch / "target.wbproj"
        shutil.copyfile(project, target)
        argv = ["import-assumptions", str(target), case["path"], "--as", "Hostile import"]
    err, out = io.StringIO(), io.StringIO()
    cpu, wall = time.process_time(), time.perf_counter()
    signal.alarm(HANG_S)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(argv)
    except Hang:
        code = "hang"
    except BaseException as exc:  # main must never let one out; report it rather than die
        code = f"escaped {type(exc).__name__}: {exc}"[:300]
    finally:
        signal.alarm(0)
    return {"name": case["name"], "code": code, "stderr": err.getvalue(), "cpu_s": time.process_time() - cpu,
            "wall_s": time.perf_counter() - wall,
            "peak_mb": peak_mb()}


def main_runner(manifest: Path, project: Path) -> None:
    cases = json.loads(manifest.read_text(encoding="utf-8"))
    signal.signal(signal.SIGALRM, on_alarm)
    scratch = manifest.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    with contextlib.redirect_stdout(io.StringIO()):  # warm the data set and catalogue caches first
        assert main(["validate", str(project)]) == 0
    baseline = peak_mb()
    results = [run_case(case, project, scratch) for case in cases]
    print(json.dumps({"baseline_mb": baseline, "results": results}))


if __name__ == "__main__":
    main_runner(Path(sys.argv[1]), Path(sys.argv[2]))
