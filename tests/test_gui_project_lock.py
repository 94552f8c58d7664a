"""The window holds its project's lock while the project is open; a project another workbench has open
opens read-only after saying who has it; a failed save keeps the work in memory and in a recovery copy."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.gui import action, click_scenario
from workbench.io.project_file import load_project

ROOT = Path(__file__).resolve().parents[1]

WHO = """
import sys
from workbench.io import saving
from workbench.io.project_lock import holder
who = holder(sys.argv[1])
print(f"{who.purpose} {who.pid}" if who else "None", flush=True)
saving.SAVE_WAIT_S = 0.2
try:
    saving.write_project_bytes(sys.argv[1], b"{}")
except Exception as exc:
    print(exc)
"""

HOLD = """
import sys, time
from workbench.io.project_lock import ProjectLock
lock = ProjectLock.acquire(sys.argv[1], "the workbench window")
print("held", flush=True)
time.sleep(60)
"""


def from_another_process(path: Path) -> list[str]:
    """Who holds the project, seen from another process, and what its attempt to write the project said."""
    out = subprocess.run([sys.executable, "-c", WHO, str(path)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    first, *said = out.stdout.splitlines()
    return [first, "\n".join(said)]


def test_an_open_project_cannot_be_written_by_another_process_until_the_window_closes(qtbot, window, project_file):
    before = project_file.read_bytes()
    first, refusal = from_another_process(project_file)
    assert first == f"the workbench window {os.getpid()}"
    assert "in use by the workbench window (" in refusal and "not saved" in refusal
    assert project_file.read_bytes() == before
    window.close()
    first, written = from_another_process(project_file)
    assert first == "None" and written == ""  # the lock went with the window: the other write went through
    assert project_file.read_bytes() == b"{}"


def test_a_project_open_elsewhere_opens_read_only_and_save_asks_for_a_new_name(qtbot, window, answers, tmp_path,
                                                                              catalogue):
    other = tmp_path / "colleague.wbproj"
    other.write_bytes(window.state.path.read_bytes())
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(other)], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert child.stdout.readline() == b"held\n"
        answers.confirm = False
        assert not window.files.open(other)  # told who has it, and declined
        assert answers.asked[-1] == "confirm" and window.state.path != other
        answers.confirm = True
        assert window.files.open(other)
        assert window.files.read_only.startswith("colleague.wbproj is open in the workbench window (")
        assert "(read-only: open elsewhere)" in window.windowTitle()
        before = other.read_bytes()
        click_scenario(qtbot, window, "Stress")
        window.assumptions.model.setData(window.assumptions.model.index_of("pkr_per_usd"), "345")
        answers.save_path = tmp_path / "my-copy.wbproj"
        action(window, "save").trigger()
        assert answers.asked[-1] == "save_path"  # Save became Save As
        assert other.read_bytes() == before
        assert load_project(answers.save_path, catalogue).scenario("Stress").overrides["pkr_per_usd"] == 345.0
        assert window.state.path == answers.save_path and window.files.read_only == ""
        assert "read-only" not in window.windowTitle()
    finally:
        child.kill()
        child.wait()


def test_a_failed_save_keeps_the_work_and_a_recovery_copy_and_says_what_to_do(qtbot, window, answers, project_file):
    click_scenario(qtbot, window, "Stress")
    window.assumptions.model.setData(window.assumptions.model.index_of("pkr_per_usd"), "345")
    project_file.chmod(0o444)
    before = project_file.read_bytes()
    action(window, "save").trigger()
    message = answers.problems[-1]
    assert message.startswith("Not saved:") and "is read-only" in message
    assert "Your work is still open and unsaved (a recovery copy is in " in message and "File > Save As" in message
    copy = window.autosave.copy_path
    assert copy is not None and copy.exists() and b'"pkr_per_usd\\": 345.0' in copy.read_bytes()
    assert window.state.dirty and project_file.read_bytes() == before
