"""Record the current data-set identity in every example project (run after changing resources/).

Run: python tools/restamp_examples.py
"""
from pathlib import Path

from workbench.core.parameters import build_catalogue
from workbench.io.dataset_loader import load_dataset
from workbench.io.atomic import backups
from workbench.io.project_file import load_project, save_project
from workbench.io.project_lock import lock_file

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

if __name__ == "__main__":
    dataset = load_dataset()
    catalogue = build_catalogue(dataset)
    for path in sorted(SCENARIOS.glob("*.wbproj")):
        save_project(load_project(path, catalogue), path, dict(dataset.identity))
        for leftover in (*backups(path), lock_file(path)):  # the examples ship alone
            leftover.unlink(missing_ok=True)
        print(f"stamped {path.name} with {dataset.label}")
