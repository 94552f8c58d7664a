"""One error family; every message is meant to be shown to a user as it is."""
from __future__ import annotations


class WorkbenchError(Exception):
    """A problem the user can act on: bad input, a locked file, an unknown scenario."""


class DataSetError(WorkbenchError):
    """The bundled data set is missing, damaged or inconsistent."""


class ProjectFileError(WorkbenchError):
    """A project file cannot be read or written. Names the file, the field and the problem."""

    def __init__(self, path: object, field: str, problem: str) -> None:
        self.path = str(path)
        self.field = field
        self.problem = problem
        where = f"{self.path}: {field}: " if field else f"{self.path}: "
        super().__init__(where + problem)


class ScenarioError(WorkbenchError):
    """A scenario operation is not possible (unknown name, cycle, locked scenario)."""


class ExportError(WorkbenchError):
    """An export cannot be written (locked target, value that cannot be represented)."""
