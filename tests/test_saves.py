"""Saves that cannot lose work: one writer per project (a lock that says who holds it), concurrent
imports that all land, outputs that never overwrite the project, links saved through, read-only
files refused, permission errors named as such, three backup generations."""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench import cli
from workbench.core.errors import ProjectFileError
from workbench.core.project import Project, Scenario
from workbench.io import atomic, saving
from workbench.io.project_file import dumps, load_project, save_project
from workbench.io.project_lock import ProjectLock, holder, lock_file
from workbench.session import EXAMPLE_PROJECT

ROOT = Path(__file__).resolve().parents[1]


def version(n: int) -> Project:
    return Project((Scenario("Base", overrides={"pkr_per_usd": 200.0 + n}),), title=f"Version {n}")


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "study.wbproj"
    shutil.copyfile(EXAMPLE_PROJECT, path)
    return path


@pytest.fixture
def template_book(tmp_path, project):
    out = tmp_path / "assumptions.xlsx"
    assert cli.main(["template", str(out), "--project", str(project), "--scenario", "Government proposal"]) == 0
    return out


HOLD = """
import sys, time
from workbench.io.project_lock import ProjectLock
lock = ProjectLock.acquire(sys.argv[1], "the workbench window")
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture
def held_elsewhere(project):
    """Another process holds the project's lock, as a window with the project open does."""
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(project)], stdout=subprocess.PIPE, cwd=ROOT)
    assert child.stdout.readline() == b"held\n"
    yield child
    child.kill()
    child.wait()


# --- the lock ----------------------------------------------------------------------------

def test_a_second_writer_is_told_who_holds_the_project_and_since_when(project, held_elsewhere, monkeypatch,
                                                                      catalogue):
    who = holder(project)
    assert who is not None and who.pid == held_elsewhere.pid and who.purpose == "the workbench window"
    monkeypatch.setattr(saving, "SAVE_WAIT_S", 0.2)
    before = project.read_bytes()
    with pytest.raises(ProjectFileError) as info:
        save_project(load_project(project, catalogue), project)
    message = str(info.value)
    assert f"in use by the workbench window ({who.user} on {who.host}, process {held_elsewhere.pid}, since " \
           in message and "the previous file is unchanged" in message
    assert project.read_bytes() == before


def test_import_waits_briefly_then_names_the_window_that_holds_the_project(project, template_book, held_elsewhere,
                                                                          monkeypatch, capsys):
    monkeypatch.setattr(cli, "IMPORT_WAIT_S", 0.3)
    before = project.read_bytes()
    started = time.monotonic()
    assert cli.main(["import-assumptions", str(project), str(template_book), "--as", "Mine"]) == cli.EXIT_USER_ERROR
    assert time.monotonic() - started >= 0.3
    err = capsys.readouterr().err
    assert err.startswith("error: study.wbproj is in use by the workbench window (") and \
        f"process {held_elsewhere.pid}" in err
    assert project.read_bytes() == before


def test_a_crashed_holder_leaves_no_lock_and_its_label_is_ignored(project):
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(project)], stdout=subprocess.PIPE, cwd=ROOT)
    assert child.stdout.readline() == b"held\n"
    assert holder(project) is not None
    child.kill()
    child.wait()
    assert json.loads(lock_file(project).read_text())["pid"] == child.pid  # its label is still there
    assert holder(project) is None  # but the kernel dropped the lock with the process
    with ProjectLock.acquire(project, "a test"):
        pass


def test_every_path_to_the_same_file_shares_one_lock(project, tmp_path):
    link = tmp_path / "link.wbproj"
    link.symlink_to(project)
    assert lock_file(link) == lock_file(project)
    with ProjectLock.acquire(project, "a test") as first, ProjectLock.acquire(link, "a test") as second:
        assert first is second  # one lock per file in a process: flock would otherwise lock itself out


def test_four_concurrent_imports_all_land(project, template_book, catalogue):
    names = [f"Import {i}" for i in range(4)]
    children = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), "import-assumptions", str(project),
                                  str(template_book), "--as", name], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for name in names]
    outcomes = [(child.wait(timeout=120), child.stderr.read()) for child in children]
    for child in children:
        child.stdout.close()
        child.stderr.close()
    landed = load_project(project, catalogue).names()
    for name, (code, err) in zip(names, outcomes):
        if code == 0:
            assert name in landed, (name, landed)
        else:  # allowed only with a reason, never silently lost
            assert code == cli.EXIT_USER_ERROR and err.startswith("error: ") and name not in landed, err
    assert sum(code == 0 for code, _ in outcomes) == 4, outcomes  # 15 s of patience is far more than 4 imports need
    assert all(load_project(project, catalogue).scenario(n).parent == "Government proposal" for n in names)


# --- outputs never overwrite the project ---------------------------------------------------

@pytest.mark.parametrize("option", ["--json", "--xlsx"])
@pytest.mark.parametrize("alias", ["same", "backup", "symlink", "hardlink", "dotted"])
def test_run_refuses_an_output_that_is_the_project_or_its_backup(project, tmp_path, capsys, catalogue, option,
                                                                 alias):
    save_project(load_project(project, catalogue), project)  # now there is a .bak too
    out = {"same": project, "backup": project.with_name("study.wbproj.bak"), "symlink": tmp_path / "out.json",
           "hardlink": tmp_path / "hard.json", "dotted": tmp_path / "." / "study.wbproj"}[alias]
    if alias == "symlink":
        out.symlink_to(project)
    if alias == "hardlink":
        os.link(project, out)
    before = {p: p.read_bytes() for p in (project, project.with_name("study.wbproj.bak"))}
    assert cli.main(["run", str(project), option, str(out), "--scenario", "No allocation"]) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert "would overwrite the project file" in err and "write the output to another file" in err
    assert {p: p.read_bytes() for p in before} == before


# --- what a save does on disk --------------------------------------------------------------

def test_saving_through_a_symlink_writes_the_file_it_points_at(tmp_path, catalogue):
    real_folder = tmp_path / "shared-drive"
    real_folder.mkdir()
    real = real_folder / "study.wbproj"
    save_project(version(1), real)
    link = tmp_path / "study.wbproj"
    link.symlink_to(real)
    save_project(version(2), link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == dumps(version(2))
    assert (real_folder / "study.wbproj.bak").read_bytes() == dumps(version(1))  # the backup sits by the file
    assert not (tmp_path / "study.wbproj.bak").exists()


def test_a_read_only_project_file_is_refused_with_that_reason(tmp_path):
    path = tmp_path / "study.wbproj"
    save_project(version(1), path)
    path.chmod(0o444)
    with pytest.raises(ProjectFileError, match="is read-only .*save under another name, or make it writable"):
        save_project(version(2), path)
    assert path.read_bytes() == dumps(version(1)) and not path.with_name("study.wbproj.bak").exists()


def test_a_permission_error_is_named_as_such_not_as_a_lock(tmp_path, monkeypatch):
    path = tmp_path / "study.wbproj"
    save_project(version(1), path)
    calls = []

    def refused(src, dst):
        calls.append(dst)
        raise PermissionError(13, "Permission denied", str(dst))
    monkeypatch.setattr(atomic, "LOCKS_OPEN_FILES", False)  # POSIX: no program locks a file open
    monkeypatch.setattr(atomic.os, "replace", refused)
    with pytest.raises(ProjectFileError) as info:
        save_project(version(2), path)
    monkeypatch.undo()
    message = str(info.value)
    assert "no permission to write" in message and "Permission denied" in message and "locked" not in message
    assert len(calls) == 1  # said at once: waiting does not grant a permission
    assert path.read_bytes() == dumps(version(1))
    assert [p.name for p in tmp_path.iterdir() if atomic.TEMP_MARK in p.name] == []


def test_three_backup_generations_are_kept_and_the_oldest_dropped(tmp_path):
    path = tmp_path / "study.wbproj"
    for n in range(1, 6):
        save_project(version(n), path)
    assert path.read_bytes() == dumps(version(5))
    assert [b.read_bytes() for b in atomic.backups(path)] == [dumps(version(n)) for n in (4, 3, 2)]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        ["study.wbproj", "study.wbproj.bak", "study.wbproj.bak2", "study.wbproj.bak3"]


def test_the_next_open_removes_temporary_files_of_a_crashed_save_but_not_while_one_is_saving(tmp_path):
    path = tmp_path / "study.wbproj"
    save_project(version(1), path)
    crashed = tmp_path / f".study.wbproj{atomic.TEMP_MARK}abc123"
    crashed.write_bytes(b"half a save")
    other = tmp_path / f".other.wbproj{atomic.TEMP_MARK}abc123"  # another project's: not ours to judge
    other.write_bytes(b"x")
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert child.stdout.readline() == b"held\n"
        assert saving.sweep_crashed_saves(path) == []  # someone may be saving right now
    finally:
        child.kill()
        child.wait()
    assert saving.sweep_crashed_saves(path) == [crashed]
    assert not crashed.exists() and other.exists()
