"""Keep freed memory in the process for the next run's arrays (glibc's malloc; elsewhere nothing).

A study year allocates and frees a few hundred arrays of 70 kB to 1 MB (8,760 hours by zone or
unit). By default glibc hands the top of its heap back to the system as soon as 128 kB there is
free, so every run page-faults the same memory in again: on this machine 3.6 ms of kernel time in
a 12 ms scenario-year (python -m workbench.bench). With a 64 MB trim threshold, and arrays below
16 MB taken from the heap rather than mapped on their own, the memory is reused instead. The cost
is at most that much freed memory held by an idle process.
"""
from __future__ import annotations

import ctypes
import platform

TRIM_THRESHOLD_BYTES = 64 << 20
MMAP_THRESHOLD_BYTES = 16 << 20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
_done = False


def keep_freed_memory() -> bool:
    """Set glibc's thresholds once per process; True where they were set (Linux with glibc)."""
    global _done
    if _done:
        return True
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    trim_set = mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    mmap_set = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    _done = bool(trim_set and mmap_set)
    return _done
