"""The Parties panel: a typed red line is one undo step and is saved in the project file; a bad threshold
is refused with a clear message and changes nothing; lines are added and removed with undo."""
from __future__ import annotations

from tests.gui import type_into_cell, wait_idle
from workbench.core.parties import RedLine
from workbench.io.project_file import load_project


def _line(window, party: str, key: str) -> RedLine:  # type: ignore[no-untyped-def]
    [p] = [p for p in window.state.project.parties if p.name == party]
    [line] = [x for x in p.lines if x.key == key]
    return line


def _row(window, party: str, key: str) -> int:  # type: ignore[no-untyped-def]
    t = window.parties.table
    return next(r for r in range(t.rowCount()) if t.item(r, 0).text() == party and t.item(r, 1).text() == key)


def test_a_typed_threshold_is_one_undo_step_and_round_trips_through_the_file(qtbot, window, project_file):
    wait_idle(qtbot, window)
    window.docks["parties"].raise_()
    table = window.parties.table
    key = "large_load_effective_tariff_pkr_per_kwh"
    assert _line(window, "Investors", key).threshold == 25.0
    row = _row(window, "Investors", key)
    type_into_cell(qtbot, table, table.model().index(row, 3), "27.5")
    assert _line(window, "Investors", key).threshold == 27.5
    qtbot.waitUntil(lambda: table.item(_row(window, "Investors", key), 3).text() == "27.5", timeout=2000)
    window.state.undo_stack.undo()
    assert _line(window, "Investors", key).threshold == 25.0
    assert table.item(_row(window, "Investors", key), 3).text() == "25"
    window.state.undo_stack.redo()
    window.files.save()
    saved = load_project(project_file, window.state.catalogue)
    assert saved.parties == window.state.project.parties
    assert [x.threshold for p in saved.parties if p.name == "Investors" for x in p.lines if x.key == key] == [27.5]


def test_a_bad_threshold_or_key_is_refused_and_changes_nothing(qtbot, window):
    wait_idle(qtbot, window)
    window.docks["parties"].raise_()
    table = window.parties.table
    before, depth = window.state.project.parties, window.state.undo_stack.count()
    row = _row(window, "IMF", "subsidy_change_pkr_bn")
    type_into_cell(qtbot, table, table.model().index(row, 3), "lots")
    assert "threshold must be a number in PKR bn" in window.parties.message.text()
    qtbot.waitUntil(lambda: table.item(row, 3).text() == "0", timeout=2000)  # the refused value went back
    type_into_cell(qtbot, table, table.model().index(row, 1), "no_such_key")
    assert "'no_such_key' is not a result key" in window.parties.message.text()
    assert window.state.project.parties == before and window.state.undo_stack.count() == depth
    qtbot.waitUntil(lambda: table.item(row, 1).text() == "subsidy_change_pkr_bn", timeout=2000)


def test_add_and_remove_a_line_with_undo(qtbot, window):
    wait_idle(qtbot, window)
    panel = window.parties
    n = panel.table.rowCount()
    panel.table.setCurrentCell(_row(window, "IMF", "subsidy_change_pkr_bn"), 0)
    assert panel.add() == ""
    assert panel.table.rowCount() == n + 1 and len(window.state.project.parties[0].lines) == 5
    window.state.undo_stack.undo()
    assert panel.table.rowCount() == n
    panel.table.setCurrentCell(0, 0)
    assert panel.remove() == ""
    assert panel.table.rowCount() == n - 1
    window.state.undo_stack.undo()
    assert panel.table.rowCount() == n
