"""Recovery files: one owner per slot, orphans only after the owner died, restore validates."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.core import edits
from workbench.core.errors import ProjectFileError
from workbench.io import recovery
from workbench.io.project_file import dumps, load_project
from workbench.session import EXAMPLE_PROJECT

ROOT = Path(__file__).resolve().parents[1]


def test_location_is_beside_the_project_or_in_the_data_folder(tmp_path):
    project = tmp_path / "talks.wbproj"
    assert recovery.location(project, tmp_path / "data") == (tmp_path, ".talks.wbproj")
    assert recovery.location(None, tmp_path / "data") == (tmp_path / "data", "untitled")


def test_two_instances_never_share_a_slot_and_a_live_owner_is_not_an_orphan(tmp_path, catalogue):
    first = recovery.RecoveryFile.claim(tmp_path, "untitled")
    second = recovery.RecoveryFile.claim(tmp_path, "untitled")
    assert first.path != second.path
    first.write(dumps(load_project(EXAMPLE_PROJECT, catalogue)), None)
    assert recovery.orphans(tmp_path, "untitled") == []  # its owner (this process) still runs
    first.release()
    second.release()
    assert list(tmp_path.iterdir()) == []


CRASHING_OWNER = """
import sys, time
from pathlib import Path
from workbench.core import edits
from workbench.core.parameters import build_catalogue
from workbench.io import recovery
from workbench.io.dataset_loader import load_dataset
from workbench.io.project_file import dumps, load_project
from workbench.session import EXAMPLE_PROJECT
catalogue = build_catalogue(load_dataset())
project = edits.set_override(load_project(EXAMPLE_PROJECT, catalogue), "Stress", "pkr_per_usd", 345, catalogue)
slot = recovery.RecoveryFile.claim(Path(sys.argv[1]), "untitled")
slot.write(dumps(project), None)
print("written", flush=True)
time.sleep(60)
"""


def test_work_of_a_killed_instance_is_offered_and_restores_exactly(tmp_path, catalogue):
    owner = subprocess.Popen([sys.executable, "-c", textwrap.dedent(CRASHING_OWNER), str(tmp_path)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout.readline().strip() == "written"
        assert recovery.orphans(tmp_path, "untitled") == []  # alive: its lock is held
    finally:
        owner.kill()
        owner.wait(10)
    [orphan] = recovery.orphans(tmp_path, "untitled")
    assert orphan.project_path is None and orphan.saved_at
    project = recovery.restore(orphan, catalogue)
    expected = edits.set_override(load_project(EXAMPLE_PROJECT, catalogue), "Stress", "pkr_per_usd", 345, catalogue)
    assert project.same_content(expected)  # all but the edit's time stamp, taken in the other process
    recovery.forget(orphan)
    assert recovery.orphans(tmp_path, "untitled") == [] and list(tmp_path.iterdir()) == []


def test_a_tampered_recovery_file_is_refused_like_a_project_file(tmp_path, catalogue):
    path = tmp_path / "untitled.1.wbrecovery"
    doc = {"format": recovery.FORMAT, "saved_at": "2026-12-02T10:00:00+00:00", "project_path": None,
           "project": '{"format": "grid-tariff-workbench-project", "schema_version": 3, "scenarios": [{"name": 1}]}'}
    path.write_text(json.dumps(doc))
    [orphan] = recovery.orphans(tmp_path, "untitled")
    with pytest.raises(ProjectFileError, match=r"scenarios\[0\].name: must be text"):
        recovery.restore(orphan, catalogue)
    orphan.release()
    (tmp_path / "untitled.2.wbrecovery").write_bytes(b"\x80\x04pickle")
    assert [o.path.name for o in recovery.orphans(tmp_path, "untitled")] == ["untitled.1.wbrecovery"]


def test_a_new_slot_never_overwrites_an_orphan_and_an_orphan_on_offer_is_held(tmp_path, catalogue):
    left = recovery.RecoveryFile.claim(tmp_path, "untitled")
    left.write(dumps(load_project(EXAMPLE_PROJECT, catalogue)), None)
    left._lock.close()  # its instance died
    [orphan] = recovery.orphans(tmp_path, "untitled")  # being offered: locked by this caller
    newcomer = recovery.RecoveryFile.claim(tmp_path, "untitled")
    assert newcomer.path != orphan.path and orphan.path.exists()
    assert recovery.orphans(tmp_path, "untitled") == []  # nobody else is offered it meanwhile
    orphan.release()
    assert [o.path for o in recovery.orphans(tmp_path, "untitled")] == [orphan.path]
    newcomer.release()
