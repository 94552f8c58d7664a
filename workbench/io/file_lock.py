"""Operating-system file locks that die with their process.

An open file locked with flock (POSIX) or msvcrt.locking (Windows) is released by the kernel
when the process exits, however it exits, so a crash never leaves a stale lock behind. Locks
are advisory: they bind only the programs that take them, here every workbench process.
"""
from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import IO

# Windows locks byte ranges and refuses reads of a locked range, so the lock sits far past any
# text the lock file holds (who holds it); POSIX flock locks the whole file and ignores this.
LOCKED_BYTE = 1 << 20


class LockUnsupported(OSError):
    """The file system does not lock (some network shares): callers go on without a lock."""


def try_lock(path: Path) -> IO[bytes] | None:
    """Open and lock ``path`` without waiting; None when another process holds the lock.

    Raises OSError when the lock file cannot be created (a read-only folder) and LockUnsupported
    when the file system has no locks.
    """
    handle = open(path, "a+b")
    try:
        if sys.platform == "win32":  # the test mypy reads as the platform (os.name == "nt" says the same)
            import msvcrt
            handle.seek(LOCKED_BYTE)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return None
        raise LockUnsupported(exc.errno, f"cannot lock files here ({exc.strerror or exc})", str(path)) from None
    return handle
