"""How a project file reaches the disk: under its lock, atomically, with backups; and the cleanup after a crash.

Kept apart from the file format (project_file.py) and light to import: a save needs no
catalogue, so a process that only saves starts in a tenth of a second.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path

from workbench.core.errors import ProjectFileError
from workbench.io.atomic import TEMP_MARK, WriteRefused, atomic_write_bytes, backups
from workbench.io.project_lock import ProjectLock, ProjectLocked, lock_file, real_path

SAVE_WAIT_S = 5.0  # another process's save takes well under a second; a window holding it open, for ever


def write_project_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """The one way a project file is written: under its lock, atomically, with backups.

    Refused with a ProjectFileError that says why: another process holds the lock (who and
    since when), the file is read-only, no permission, a file kept locked by another program.
    """
    try:
        with ProjectLock.acquire(path, "a save", wait_s=SAVE_WAIT_S):
            atomic_write_bytes(path, data)
    except (ProjectLocked, WriteRefused) as exc:
        raise ProjectFileError(path, "", f"not saved: {exc}; the previous file is unchanged") from None
    except OSError as exc:
        raise ProjectFileError(path, "", f"cannot save ({exc.strerror or exc}); the previous file is unchanged") \
            from None


def sweep_crashed_saves(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files of saves of this project that crashed (a kill, a power cut).

    Only while nobody holds the project's lock, so no save in progress loses its file; every
    such file is then a leftover, whatever its age.
    """
    if not lock_file(Path(path)).exists():  # never saved by a workbench that locks: reading makes no lock file
        return []
    try:
        lock = ProjectLock.acquire(path, "opening", wait_s=0)
    except ProjectLocked:
        return []
    removed = []
    with lock:
        real = real_path(path)
        for name in (real.name, *(b.name for b in backups(real))):
            for temp in real.parent.glob(f".{glob.escape(name)}{TEMP_MARK}*"):
                try:
                    temp.unlink()
                    removed.append(temp)
                except OSError:
                    pass
    return removed
