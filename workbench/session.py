"""Open the data set, the catalogue and a project together: what every front end starts with."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue, build_catalogue
from workbench.core.project import Project
from workbench.io.atomic import sweep_stale_temps
from workbench.io.dataset_loader import load_dataset
from workbench.io.project_file import load_project
from workbench.io.saving import sweep_crashed_saves

EXAMPLE_PROJECT = Path(__file__).resolve().parents[1] / "scenarios" / "pakistan-2000mw.wbproj"


@dataclass(frozen=True)
class Session:
    dataset: DataSet
    catalogue: Catalogue
    project: Project
    path: Path | None

    def warnings(self) -> list[str]:
        return project_warnings(self.project, self.dataset)


def project_warnings(project: Project, dataset: DataSet) -> list[str]:
    """Things the user should know about a project but that do not stop the work."""
    recorded = project.dataset
    if recorded is None:
        return [f"the project does not record its data set; using {dataset.label}"]
    if dict(recorded) != dict(dataset.identity):
        return [f"the project was made with data set {recorded.get('name')} {recorded.get('version')} "
                f"({recorded.get('hash', '')[:12]}); results use {dataset.label}"]
    return []


def open_session(project_path: str | Path | None = None) -> Session:
    dataset = load_dataset()
    catalogue = build_catalogue(dataset)
    path = Path(project_path) if project_path else EXAMPLE_PROJECT
    session = Session(dataset, catalogue, load_project(path, catalogue), path)
    if project_path:
        sweep_crashed_saves(path)  # this project's, when nobody is saving it
    sweep_stale_temps(path.parent)  # other files' (a brief, a recovery copy), once over an hour old
    return session
