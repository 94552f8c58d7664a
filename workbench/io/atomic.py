"""Atomic file replacement: a reader (or a crash) only ever sees the old file or the new one.

Write to a temporary file in the same folder, flush and fsync it, keep the previous version
as ``<name>.bak``, then ``os.replace`` the temporary file over the target. On Windows,
antivirus and sync tools briefly lock files being replaced, so replacing is retried a few
times before giving up with a clear message; the temporary file is removed on failure.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

TEMP_MARK = ".wbtmp-"
RETRIES = 8
RETRY_DELAY_S = 0.25


class TargetLockedError(OSError):
    """The target stayed locked (open in another program) through every retry."""


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, keep_backup: bool = True) -> None:
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}", dir=folder)
    tmp = Path(tmp_name)
    try:
        _match_permissions(fd, target)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and target.exists():
            _backup(target)
        _replace_with_retry(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


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


def _backup(target: Path) -> None:
    """Copy the current file to .bak atomically too, so the backup is never half-written."""
    backup = target.with_name(target.name + ".bak")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{backup.name}{TEMP_MARK}", dir=target.parent)
    try:
        _match_permissions(fd, target)
        with os.fdopen(fd, "wb") as handle, open(target, "rb") as source:
            shutil.copyfileobj(source, handle)
            handle.flush()
            os.fsync(handle.fileno())
        _replace_with_retry(Path(tmp_name), backup)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _replace_with_retry(source: Path, target: Path) -> None:
    for attempt in range(RETRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
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
    """Remove temporary files left by a crashed save; run at start-up."""
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
