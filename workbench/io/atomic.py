"""Atomic file replacement: a reader (or a crash) only ever sees the old file or the new one.

Write to a temporary file in the same folder, flush and fsync it, keep the previous versions
as ``<name>.bak``, ``.bak2`` and ``.bak3`` (newest first), then ``os.replace`` the temporary
file over the target. A path that is a symbolic link is written through to the file it points
at, so the link stays a link. A read-only target is refused, not replaced behind the user's
back. On Windows, antivirus and sync tools briefly lock files being replaced, so replacing is
retried a few times before giving up with a clear message; on POSIX a permission error is a
permission error and is said so at once. The temporary file is removed on failure.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import BinaryIO, Callable

TEMP_MARK = ".wbtmp-"
RETRIES = 8
RETRY_DELAY_S = 0.25
LOCKS_OPEN_FILES = os.name == "nt"  # only Windows refuses to replace a file another program has open


BACKUPS = (".bak", ".bak2", ".bak3")  # newest first; the oldest is dropped


class WriteRefused(OSError):
    """The target cannot be written; the message says why and what to do."""


class TargetLockedError(WriteRefused):
    """The target stayed locked (open in another program) through every retry."""


class ReadOnlyTarget(WriteRefused):
    """The target file is marked read-only."""


class NoPermission(WriteRefused):
    """The folder (or file) does not let this user write."""


def backups(path: str | os.PathLike[str]) -> list[Path]:
    """The backup generations of ``path``, newest first (beside the real file, links followed)."""
    target = Path(os.path.realpath(path))
    return [target.with_name(target.name + suffix) for suffix in BACKUPS]


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, keep_backup: bool = True) -> None:
    target = Path(os.path.realpath(path))  # through a link to its file: the link stays a link
    if target.exists() and not target.stat().st_mode & 0o222:
        raise ReadOnlyTarget(f"{path} is read-only (its permissions do not allow changes); save under "
                             f"another name, or make it writable first")
    try:
        if keep_backup and target.exists():
            _rotate_backups(target)
        _write_and_replace(target, lambda out: out.write(data), mode_of=target)
    except PermissionError as exc:
        raise NoPermission(f"no permission to write {exc.filename or target} ({exc.strerror or 'permission denied'}); "
                           f"save in a folder you can write to") from None
    _fsync_folder(target.parent)


def _rotate_backups(target: Path) -> None:
    """.bak2 -> .bak3 and .bak -> .bak2 (each an atomic rename), then the current file -> .bak."""
    generations = backups(target)
    for newer, older in reversed(list(zip(generations, generations[1:]))):
        if newer.exists():
            _replace_with_retry(newer, older)

    def copy_current(out: BinaryIO) -> None:
        with open(target, "rb") as current:
            shutil.copyfileobj(current, out)
    # The backup is written atomically too, so it is never half-written.
    _write_and_replace(generations[0], copy_current, mode_of=target)


def _write_and_replace(target: Path, write: Callable[[BinaryIO], object], mode_of: Path) -> None:
    """Write a temporary file beside ``target``, fsync it, then replace ``target`` with it."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        _match_permissions(fd, mode_of)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        _replace_with_retry(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _match_permissions(fd: int, target: Path) -> None:
    """mkstemp creates owner-only files; keep the target's mode, or the usual mode for a new file."""
    if os.name != "posix":
        return
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.fchmod(fd, mode)


def _replace_with_retry(source: Path, target: Path) -> None:
    for attempt in range(RETRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if not LOCKS_OPEN_FILES:
                raise
            if attempt == RETRIES - 1:
                raise TargetLockedError(
                    f"{target} is locked by another program (open in Excel, or being synced); "
                    f"close it and try again") from None
            time.sleep(RETRY_DELAY_S)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; best effort, since the new file is already in place."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sweep_stale_temps(folder: str | os.PathLike[str], older_than_s: float = 3600) -> list[Path]:
    """Remove temporary files left by a crashed save (opening a project sweeps its folder)."""
    removed = []
    cutoff = time.time() - older_than_s
    for path in Path(folder).glob(f".*{TEMP_MARK}*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:
            pass
    return removed
