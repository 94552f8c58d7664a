"""One error family; every message is meant to be shown to a user as it is."""
from __future__ import annotations

from workbench.core.text import safe_text


class WorkbenchError(Exception):
    """A problem the user can act on: bad input, a locked file, an unknown scenario."""


class DataSetError(WorkbenchError):
    """The bundled data set is missing, damaged or inconsistent."""


class ProjectFileError(WorkbenchError):
    """A project file cannot be read or written. Names the file, the field and the problem."""

    def __init__(self, path: object, field: str, problem: str) -> None:
        # Every part may hold text from the file (a key, a name): made safe to print here, once.
        self.path = safe_text(path, 160)
        self.field = safe_text(field, 120)
        self.problem = safe_text(problem, 300)
        where = f"{self.path}: {self.field}: " if field else f"{self.path}: "
        super().__init__(where + self.problem)


class ScenarioError(WorkbenchError):
    """A scenario operation is not possible (unknown name, cycle, locked scenario)."""


class ExportError(WorkbenchError):
    """An export cannot be written (locked target, value that cannot be represented)."""
