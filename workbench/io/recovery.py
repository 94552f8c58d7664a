"""Unsaved work survives a crash: recovery files, each owned by one running instance.

While a project has unsaved changes, the window writes them (atomically) to a recovery file
beside the project, or in the user's data folder for an untitled project or a folder it cannot
write. Each running instance claims its own slot by holding an operating-system lock on the
slot's ``.lock`` file for as long as it runs; the kernel drops that lock when the process dies,
however it dies. So at start-up a recovery file whose lock can be taken is an orphan of a
crashed instance and can be offered, and a file whose lock is held belongs to an instance
that is still running and is never touched.

The recovery file holds the project file's own text, so restoring it goes through the same
validation as opening a project.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from workbench.core.errors import ProjectFileError
from workbench.core.parameters import Catalogue
from workbench.core.project import Project, now_iso
from workbench.io.atomic import atomic_write_bytes
from workbench.io.bounded_read import UnreadableFile, read_bounded
from workbench.io.file_lock import try_lock
from workbench.io.project_file import MAX_BYTES, parse_project

FORMAT = "grid-tariff-workbench-recovery"
SUFFIX = ".wbrecovery"
MAX_SLOTS = 50


@dataclass(frozen=True, eq=False)
class Orphan:
    """Unsaved work left by an instance that is no longer running; held locked until restored or forgotten,
    so no other instance takes it while the user decides."""

    path: Path
    saved_at: str
    project_path: str | None
    lock: IO[bytes]

    def release(self) -> None:
        """Leave it for later (another start-up may offer it again)."""
        self.lock.close()


def location(project_path: Path | None, data_folder: Path) -> tuple[Path, str]:
    """Folder and name stem of a project's recovery files."""
    if project_path is None:
        return data_folder, "untitled"
    folder = project_path.resolve().parent
    if os.access(folder, os.W_OK):
        return folder, f".{project_path.name}"
    digest = hashlib.sha256(str(project_path.resolve()).encode()).hexdigest()[:10]
    return data_folder, f"{project_path.name}-{digest}"


class RecoveryFile:
    """This instance's recovery slot for one project; locked until ``release``."""

    def __init__(self, path: Path, lock: IO[bytes]) -> None:
        self.path = path
        self._lock = lock

    @classmethod
    def claim(cls, folder: Path, stem: str) -> "RecoveryFile":
        folder.mkdir(parents=True, exist_ok=True)
        for slot in range(1, MAX_SLOTS + 1):
            path = folder / f"{stem}.{slot}{SUFFIX}"
            if path.exists():
                continue  # a running instance's work, or an orphan still to be offered: never overwritten
            lock = _try_lock(_lock_path(path))
            if lock is not None:
                return cls(path, lock)
        raise OSError(f"no free recovery slot in {folder}")

    def write(self, project_text: bytes, project_path: Path | None) -> None:
        doc = {"format": FORMAT, "saved_at": now_iso(),
               "project_path": str(project_path) if project_path else None,
               "project": project_text.decode("utf-8")}
        atomic_write_bytes(self.path, json.dumps(doc, ensure_ascii=False).encode("utf-8"), keep_backup=False)

    def discard(self) -> None:
        """Remove the recovery file (the work was saved or deliberately thrown away); keep the slot."""
        self.path.unlink(missing_ok=True)

    def release(self) -> None:
        self.discard()
        self._lock.close()  # closed before it is removed: Windows cannot remove an open file
        _lock_path(self.path).unlink(missing_ok=True)


def orphans(folder: Path, stem: str) -> list[Orphan]:
    """Recovery files in ``folder`` whose instance is gone, newest first, each locked until it is restored,
    forgotten or released; unreadable ones are skipped."""
    found = []
    for path in sorted(folder.glob(f"{stem}.*{SUFFIX}")):
        lock = _try_lock(_lock_path(path))
        if lock is None:
            continue  # a running instance owns it
        try:
            doc = _read(path)
        except ProjectFileError:
            lock.close()
            continue
        found.append(Orphan(path, str(doc.get("saved_at", "")), doc.get("project_path"), lock))
    return sorted(found, key=lambda o: o.saved_at, reverse=True)


def restore(orphan: Orphan, catalogue: Catalogue) -> Project:
    """The project an orphan holds, validated as a project file is."""
    text = _read(orphan.path)["project"]
    if not isinstance(text, str):
        raise ProjectFileError(orphan.path, "project", "is not a project file's text")
    return parse_project(text.encode("utf-8"), catalogue, orphan.path)


def forget(orphan: Orphan) -> None:
    """Delete it (restored, or declined by the user)."""
    orphan.path.unlink(missing_ok=True)
    orphan.lock.close()
    _lock_path(orphan.path).unlink(missing_ok=True)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_bounded(path, MAX_BYTES * 2, "recovery file")
        doc = json.loads(data.decode("utf-8"))
    except (UnreadableFile, UnicodeDecodeError, ValueError, RecursionError):
        raise ProjectFileError(path, "", "not a readable recovery file") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ProjectFileError(path, "format", "not a workbench recovery file")
    return doc


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _try_lock(path: Path) -> IO[bytes] | None:
    """Lock ``path`` without waiting; None when another process holds it or no lock can be had here."""
    try:
        return try_lock(path)
    except OSError:
        return None
