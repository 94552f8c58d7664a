"""Where the window keeps its settings and recovery files (WORKBENCH_HOME moves both, for tests), and the
settings themselves: recent files, and where studies run."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from workbench.analysis.backend import StudyBackend

ORGANIZATION = "Economic Team"
APPLICATION = "Grid & Tariff Scenario Workbench"
MAX_RECENT = 10


def settings() -> QSettings:
    home = os.environ.get("WORKBENCH_HOME")
    if home:
        return QSettings(str(Path(home) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def data_folder() -> Path:
    home = os.environ.get("WORKBENCH_HOME")
    if home:
        return Path(home) / "data"
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".grid-tariff-workbench"


def recent_files() -> list[str]:
    value = settings().value("recent_files", [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [str(v) for v in items if isinstance(v, str) and v][:MAX_RECENT]


def remember_recent(path: Path) -> list[str]:
    text = str(path.resolve())
    items = [text] + [p for p in recent_files() if p != text]
    settings().setValue("recent_files", items[:MAX_RECENT])
    return items[:MAX_RECENT]


def forget_recent(path: str) -> None:
    settings().setValue("recent_files", [p for p in recent_files() if p != path])


def study_backend() -> StudyBackend:
    """Where studies run (Edit > Preferences); a value that does not read as a number falls back to one worker."""
    store = settings()
    try:
        workers = int(store.value("studies/workers", 1))
    except (TypeError, ValueError):
        workers = 1
    return StudyBackend(str(store.value("studies/scheduler", "") or "").strip(), workers)


def remember_study_backend(backend: StudyBackend) -> None:
    store = settings()
    store.setValue("studies/scheduler", backend.scheduler)
    store.setValue("studies/workers", backend.workers)
