"""One writer per project file: an advisory lock beside it, held while saving and while a window has it open.

The lock is an OS lock on ``.NAME.wbproj.lock`` in the project's real folder (links resolved,
so every path to the same file shares one lock). The holder writes who it is (user, host,
process, since when, what for) into the file, so a second writer can be told; the text is
trusted only while the lock is actually held, since a crashed holder leaves its text behind
but not its lock. The lock file itself is never deleted: deleting a lock file another process
is waiting on would let two writers in.

Within one process a project is locked once and the lock is shared (flock locks belong to an
open file, so a second open in the same process would lock itself out).
"""
from __future__ import annotations

import getpass
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from workbench.io.file_lock import try_lock

WAIT_STEP_S = 0.05
MAX_HOLDER_BYTES = 4096


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str  # ISO 8601, UTC
    purpose: str  # what holds it, as a message names it: "the workbench window", "a save"

    def describe(self) -> str:
        when = self.since
        try:
            when = datetime.fromisoformat(self.since).astimezone().strftime("%d %b %Y %H:%M")
        except ValueError:
            pass
        return f"{self.purpose} ({self.user} on {self.host}, process {self.pid}, since {when})"


class ProjectLocked(OSError):
    """Another process holds the project's lock; the message names it."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        who = holder.describe() if holder else "another workbench process"
        super().__init__(f"{path.name} is in use by {who}; wait for it to finish or close it there, then try again")
        self.holder = holder


def real_path(path: str | os.PathLike[str]) -> Path:
    """The file a path names, links followed (it need not exist yet)."""
    return Path(os.path.realpath(path))


def lock_file(project: Path) -> Path:
    real = real_path(project)
    return real.with_name(f".{real.name}.lock")


class ProjectLock:
    """A held lock on one project; ``release`` (or leaving the ``with`` block) gives it up."""

    _held: dict[Path, "ProjectLock"] = {}  # this process's locks by real project path

    def __init__(self, project: Path, handle: IO[bytes] | None, purpose: str) -> None:
        self.project, self._handle, self.purpose, self._count = project, handle, purpose, 1

    @classmethod
    def acquire(cls, project: str | os.PathLike[str], purpose: str, wait_s: float = 0.0) -> "ProjectLock":
        """Take the lock, waiting up to ``wait_s``; ProjectLocked names the holder when it stays taken.

        Where no lock can be taken at all (a read-only folder, a share without locks), the save
        itself will say what is wrong, so the caller goes on unlocked.
        """
        real = real_path(project)
        mine = cls._held.get(real)
        if mine is not None:
            mine._count += 1
            return mine
        deadline = time.monotonic() + wait_s
        while True:
            try:
                handle = try_lock(lock_file(real))
            except OSError:  # LockUnsupported, or no lock file can be made: go on unlocked
                handle = None
                break
            if handle is not None:
                break
            if time.monotonic() >= deadline:
                raise ProjectLocked(real, holder(real))
            time.sleep(WAIT_STEP_S)
        lock = cls(real, handle, purpose)
        lock._write_holder()
        cls._held[real] = lock
        return lock

    def release(self) -> None:
        self._count -= 1
        if self._count > 0:
            return
        ProjectLock._held.pop(self.project, None)
        if self._handle is not None:
            try:  # a crashed holder's text is ignored anyway; a clean one leaves none
                self._handle.truncate(0)
            except OSError:
                pass
            self._handle.close()
            self._handle = None

    def __enter__(self) -> "ProjectLock":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def _write_holder(self) -> None:
        if self._handle is None:
            return
        doc = {"user": _user(), "host": socket.gethostname(), "pid": os.getpid(),
               "since": datetime.now(timezone.utc).isoformat(timespec="seconds"), "purpose": self.purpose}
        try:
            self._handle.seek(0)
            self._handle.truncate(0)
            self._handle.write(json.dumps(doc).encode("utf-8"))
            self._handle.flush()
        except OSError:
            pass  # the lock holds without its label


def holder(project: str | os.PathLike[str]) -> Holder | None:
    """Who holds the project's lock, or None when nobody does (or the holder wrote nothing readable)."""
    real = real_path(project)
    if real in ProjectLock._held:
        return None  # this process: not "another writer"
    path = lock_file(real)
    try:
        probe = try_lock(path) if path.exists() else None
    except OSError:
        return None
    if probe is not None:
        probe.close()  # nobody holds it: any text in it is a crashed holder's
        return None
    try:
        with open(path, "rb") as handle:
            doc = json.loads(handle.read(MAX_HOLDER_BYTES).decode("utf-8"))
        return Holder(str(doc["user"]), str(doc["host"]), int(doc["pid"]), str(doc["since"]), str(doc["purpose"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "an unknown user"
