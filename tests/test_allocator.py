"""The process keeps freed memory for the next run's arrays (workbench/allocator.py)."""
import platform
import subprocess
import sys

import pytest

import workbench.allocator as allocator

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"

# Allocate and free 1 MB arrays as a study year does, and count the page faults that costs.
FAULTS = """
import resource, sys
import numpy as np
from workbench.allocator import keep_freed_memory
if sys.argv[1] == "keep":
    assert keep_freed_memory()
x = np.ones(131072)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(200):
    y = x * 2.0
    z = y + x
    del y, z
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def faults(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", FAULTS, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_set_where_glibc_runs_and_once_per_process(monkeypatch):
    monkeypatch.setattr(allocator, "_done", False)  # as in a fresh process
    assert allocator.keep_freed_memory() is GLIBC
    assert allocator.keep_freed_memory() is GLIBC  # again: nothing changes


def test_elsewhere_it_does_nothing(monkeypatch):
    monkeypatch.setattr(allocator, "_done", False)
    monkeypatch.setattr(allocator.platform, "system", lambda: "Windows")
    monkeypatch.setattr(allocator.ctypes, "CDLL", lambda *a: (_ for _ in ()).throw(AssertionError("loaded libc")))
    assert allocator.keep_freed_memory() is False


@pytest.mark.skipif(not GLIBC, reason="the setting is glibc's; elsewhere the allocator keeps its own counsel")
def test_freed_arrays_are_reused_instead_of_faulted_in_again():
    default, kept = faults("default"), faults("keep")
    # By default each 1 MB array is mapped afresh: 256 pages of 4 kB, 400 arrays.
    assert default > 200 * 256
    assert kept < default / 20, (default, kept)
