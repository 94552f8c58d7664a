"""Files from the window: export the brief and import assumptions in the background, autosave, crash recovery."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import openpyxl

from tests.gui import action, click_scenario
from workbench.io import recovery
from workbench.io.excel_assumptions import write_template
from workbench.io.project_file import load_project
from workbench.session import open_session
from workbench.ui.app import build_window

ROOT = Path(__file__).resolve().parents[1]


def test_export_brief_runs_in_the_background_and_says_where_it_went(qtbot, window, answers, tmp_path):
    state = window.state
    click_scenario(qtbot, window, "Stress")
    state.set_selection(replace(state.selection, compared=("No allocation", "Government proposal", "Stress")))
    answers.save_path = tmp_path / "brief.xlsx"
    action(window, "export").trigger()
    qtbot.waitUntil(lambda: "Wrote the brief" in window.messages.toPlainText(), timeout=30_000)
    assert f"Wrote the brief for 3 scenario(s) to {tmp_path / 'brief.xlsx'}" in window.messages.toPlainText()
    book = openpyxl.load_workbook(tmp_path / "brief.xlsx", read_only=True)
    assert "Key numbers" in book.sheetnames
    key = book["Key numbers"]
    texts = {str(c) for row in key.iter_rows(values_only=True) for c in row if c is not None}
    assert {"No allocation", "Government proposal", "Stress"} <= texts and "Mixed" not in texts


def test_a_locked_brief_target_gives_a_message_and_the_work_stays(qtbot, window, answers, tmp_path, monkeypatch):
    import workbench.io.atomic as atomic

    def locked(_src, _dst):
        raise PermissionError(13, "locked")
    monkeypatch.setattr(atomic.os, "replace", locked)
    monkeypatch.setattr(atomic, "RETRY_DELAY_S", 0.0)
    monkeypatch.setattr(atomic, "LOCKS_OPEN_FILES", True)  # as on Windows
    answers.save_path = tmp_path / "brief.xlsx"
    before = window.state.project
    action(window, "export").trigger()
    qtbot.waitUntil(lambda: bool(answers.problems), timeout=30_000)
    assert answers.problems[0].startswith("Brief not written:") and "locked by another program" in answers.problems[0]
    assert not (tmp_path / "brief.xlsx").exists() and window.state.project is before


def test_import_assumptions_adds_a_scenario_that_undo_removes(qtbot, window, answers, tmp_path, example_session):
    book = tmp_path / "pd-corrections.xlsx"
    write_template(example_session.project, "Government proposal", example_session.catalogue,
                   example_session.dataset, book)
    wb = openpyxl.load_workbook(book)
    ws = wb["Assumptions"]
    row = next(c.row for c in ws["A"] if c.value == "pkr_per_usd")
    ws.cell(row, 5).value = 300
    wb.save(book)
    answers.open_path, answers.text = book, "Power Division corrections"
    action(window, "import").trigger()
    qtbot.waitUntil(lambda: "Power Division corrections" in window.state.project.names(), timeout=30_000)
    state = window.state
    assert state.selection.current == "Power Division corrections"
    scenario = state.project.scenario("Power Division corrections")
    assert scenario.parent == "Government proposal" and dict(scenario.overrides) == {"pkr_per_usd": 300.0}
    assert "Imported 'Power Division corrections'" in window.messages.toPlainText()
    action(window, "undo").trigger()
    assert "Power Division corrections" not in state.project.names()
    answers.open_path, answers.text = tmp_path / "missing.xlsx", "Other"
    action(window, "import").trigger()
    qtbot.waitUntil(lambda: bool(answers.problems), timeout=10_000)
    assert answers.problems[0].startswith("Not imported:")


def test_unsaved_work_goes_to_a_recovery_file_that_a_save_removes(qtbot, window, project_file):
    click_scenario(qtbot, window, "Stress")
    window.assumptions.model.setData(window.assumptions.model.index_of("pkr_per_usd"), "345")
    with qtbot.waitSignal(window.autosave.written, timeout=5_000) as written:
        pass  # 2 s after the burst of edits
    path = Path(written.args[0])
    assert path.parent == project_file.parent and path.name.startswith(".talks.wbproj.")
    assert recovery.orphans(project_file.parent, ".talks.wbproj") == []  # ours: this instance holds its lock
    action(window, "save").trigger()
    assert not path.exists()


CRASHING_APP = """
import sys
from dataclasses import replace
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workbench.session import open_session
from workbench.ui.app import build_window
window = build_window(open_session(sys.argv[1]))
window.show()
state = window.state
state.set_selection(replace(state.selection, current="Stress"))
window.assumptions.model.setData(window.assumptions.model.index_of("pkr_per_usd"), "345")
window.autosave.written.connect(lambda path: print("written", path, flush=True))
app.exec()
"""


def test_after_a_crash_the_next_start_offers_the_unsaved_edit_and_restores_it(qtbot, answers, project_file,
                                                                              example_session):
    app = subprocess.Popen([sys.executable, "-c", textwrap.dedent(CRASHING_APP), str(project_file)], cwd=ROOT,
                           stdout=subprocess.PIPE, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert select.select([app.stdout], [], [], 60)[0], "the app wrote no recovery file within a minute"
        assert app.stdout.readline().startswith("written")
        # While it runs, a second instance never takes its recovery file.
        second = build_window(open_session(project_file))
        qtbot.addWidget(second)
        assert second.autosave.offer_recovery(second, project_file, untitled_too=True) is False
        assert answers.asked == []
        second.runs.shutdown()
        second.close()
    finally:
        app.send_signal(signal.SIGKILL)  # the laptop dies: no clean exit, no save
        app.wait(10)
    answers.restore = True
    w = build_window(open_session(project_file))
    qtbot.addWidget(w)
    w.show()
    assert w.autosave.offer_recovery(w, project_file, untitled_too=True) is True
    assert answers.asked == ["restore"]
    assert w.state.resolved("Stress").values["pkr_per_usd"] == 345.0
    assert w.state.dirty and w.isWindowModified() and w.state.path == project_file
    assert load_project(project_file, example_session.catalogue).scenario("Stress").overrides["pkr_per_usd"] == 330.0
    # The restored work is this instance's now: it holds the only recovery copy, and a clean exit removes it.
    leftovers = sorted(p.name for p in project_file.parent.glob(".talks.wbproj.*.wbrecovery"))
    assert len(leftovers) == 1
    w.runs.shutdown()
    answers.unsaved = "discard"
    w.close()
    assert list(project_file.parent.glob(".talks.wbproj.*.wbrecovery")) == []


def test_declining_recovery_deletes_the_copy(qtbot, answers, project_file, example_session):
    folder, stem = recovery.location(project_file, Path("/unused"))
    slot = recovery.RecoveryFile.claim(folder, stem)
    slot.write(project_file.read_bytes(), project_file)
    slot._lock.close()  # as if its process had died
    answers.restore = False
    w = build_window(open_session(project_file))
    qtbot.addWidget(w)
    assert w.autosave.offer_recovery(w, project_file) is False and answers.asked == ["restore"]
    assert not slot.path.exists()
    w.runs.shutdown()
