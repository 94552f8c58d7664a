"""Reading a file that may be hostile: a regular file only, and never more than a limit.

``stat()`` says 0 bytes for /dev/zero and a FIFO blocks ``open()`` until a writer comes, so the
file is opened non-blocking, checked with ``fstat`` on the opened descriptor (the object actually
read, whatever a symlink pointed to when it was checked) and read in chunks until the limit,
whatever its size claims.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

CHUNK = 1 << 20

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


class UnreadableFile(Exception):
    """The path is not a regular file, is too large, or cannot be read; the message says which."""


def read_bounded(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The whole file, if it is a regular file of at most ``limit`` bytes; else UnreadableFile."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(Path(path), flags)
    except IsADirectoryError:
        raise UnreadableFile("this is a folder, not a file") from None
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except PermissionError:
        raise UnreadableFile("permission denied: you may not read this file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot open the file ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise UnreadableFile(f"this is {kind}, not a regular file; only regular files are read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file never blocks; undo O_NONBLOCK for plain reads
        chunks, total = [], 0
        while chunk := os.read(fd, min(CHUNK, limit + 1 - total)):
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(f"the {what} is larger than the {limit:,}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
