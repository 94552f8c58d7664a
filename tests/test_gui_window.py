"""The window opens on the example project, shows assumptions with units and sources, runs, and keeps its layout."""
from __future__ import annotations

import json
import os
from dataclasses import replace

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDockWidget, QToolBar

from tests.gui import action, click_scenario, wait_idle
from workbench.core.headlines import KEY_NUMBERS, RESERVE_NUMBERS
from workbench.core.project import resolve
from workbench.models.evaluate import evaluate
from workbench.session import EXAMPLE_PROJECT
from workbench.ui import settings
from workbench.ui.style import NAME_ROLE


def test_window_shows_example_project_and_runs_in_background(qtbot, window, tmp_path):
    assert window.scenarios.model.rowCount() == 1  # one root: No allocation, the others under it
    in_file = [s["name"] for s in json.loads(EXAMPLE_PROJECT.read_text(encoding="utf-8"))["scenarios"]]
    assert window.state.project.names() == in_file
    click_scenario(qtbot, window, "Stress")
    panel = window.assumptions
    index = panel.source_index("pkr_per_usd")
    assert index.data() == "330"
    assert index.siblingAtColumn(2).data() == "PKR/USD"
    assert index.siblingAtColumn(3).data() == "this scenario"
    assert "Set in scenario 'Stress'" in index.siblingAtColumn(4).data()
    tip = panel.source_index("rlng_price_usd_per_mmbtu").data(Qt.ItemDataRole.ToolTipRole)
    assert "Source: OGRA" in tip and "Year:" in tip and "Confidence:" in tip
    assert panel.source_index("demand_growth_pct").siblingAtColumn(3).data() == "data set"
    assert window.loads.model.rowCount() == 2 and "inherited from 'Government proposal'" in window.loads.origin.text()
    wait_idle(qtbot, window, window.state.project.names())
    shot = tmp_path / "window.png"
    assert window.grab().save(str(shot)) and shot.stat().st_size > 10_000


def test_every_dock_and_toolbar_has_an_object_name(window):
    widgets = window.findChildren(QDockWidget) + window.findChildren(QToolBar)
    assert len(widgets) >= 6
    for widget in widgets:
        assert widget.objectName(), widget


def test_results_show_every_scenario_at_a_laptop_size(qtbot, window):
    # Stress is the last column and the one with crossed red lines: it must not start off screen.
    wait_idle(qtbot, window)
    window.tabs.setCurrentWidget(window.results)
    view = window.results.view
    header = view.horizontalHeader()
    last = view.model().columnCount() - 1
    assert header.sectionPosition(last) + header.sectionSize(last) <= view.viewport().width()
    model = window.results.model
    row = [model.headline(r).key for r in range(model.rowCount())].index("large_load_contribution_pkr_bn")
    stress = model.index(row, last)
    assert model.headerData(last, Qt.Orientation.Horizontal, NAME_ROLE) == "Stress"
    # The cell shows the engine's own number for Stress (negative: the miners do not cover their energy).
    state = window.state
    expected = evaluate(resolve(state.project, "Stress", state.catalogue), state.dataset)
    headline = model.headline(row)
    assert stress.data() == headline.format(expected.key_results["large_load_contribution_pkr_bn"])
    assert expected.key_results["large_load_contribution_pkr_bn"] < 0
    assert "Red line crossed" in stress.data(Qt.ItemDataRole.ToolTipRole)
    assert stress.data(Qt.ItemDataRole.BackgroundRole) is not None
    # The example mines into the reserve in one scenario: the reserve's rows follow the key numbers.
    assert [model.headline(r).key for r in range(model.rowCount())] == [h.key for h in KEY_NUMBERS + RESERVE_NUMBERS]
    reserve = model.rowCount() - len(RESERVE_NUMBERS)
    names = [model.headerData(c, Qt.Orientation.Horizontal, NAME_ROLE) for c in range(2, model.columnCount())]
    mining = evaluate(resolve(state.project, "State mining into the reserve", state.catalogue),
                                        state.dataset).key_results
    assert model.index(reserve, 2 + names.index("State mining into the reserve")).data() == \
        RESERVE_NUMBERS[0].format(mining["reserve_btc_per_year"])
    assert model.index(reserve, last).data() == "n/a"  # Stress mines nothing


def test_the_title_marks_unsaved_changes_and_the_example_saves_as_a_copy(qtbot, answers, example_session, tmp_path):
    from workbench.ui.app import build_window
    w = build_window(example_session)
    qtbot.addWidget(w)
    assert w.windowTitle() == "pakistan-2000mw.wbproj (example)[*] - Grid & Tariff Scenario Workbench"
    w.state.set_selection(replace(w.state.selection, current="Stress"))
    w.assumptions.model.setData(w.assumptions.model.index_of("pkr_per_usd"), "300")
    assert w.isWindowModified()
    answers.save_path = tmp_path / "mine.wbproj"
    action(w, "save").trigger()  # the bundled example is a template: Save asks where
    assert answers.asked == ["save_path"] and w.state.path == tmp_path / "mine.wbproj"
    assert not w.isWindowModified() and (tmp_path / "mine.wbproj").is_file()
    w.runs.shutdown()


def test_recent_files_layout_and_a_dropped_project(qtbot, window, answers, project_file, tmp_path):
    action(window, "save").trigger()
    assert settings.recent_files() == [str(project_file.resolve())]
    assert [a.text() for a in window.recent_menu.actions()] == [f"&1 {project_file.resolve()}"]
    window.docks["notes"].hide()
    window.close()
    assert settings.settings().value("window/state") is not None
    other = tmp_path / "other.wbproj"
    other.write_bytes(project_file.read_bytes())
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(other))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert window.state.path == other
    action(window, "reset_layout").trigger()
    assert not window.docks["notes"].isHidden()


def test_a_broken_project_file_gives_a_message_and_keeps_the_work(qtbot, window, answers, tmp_path):
    bad = tmp_path / "bad.wbproj"
    bad.write_text('{"format": "grid-tariff-workbench-project", "schema_version": 3, "scenarios": []}')
    before = window.state.project
    answers.open_path = bad
    action(window, "open").trigger()
    assert window.state.project is before
    assert answers.problems == [f"Cannot open the project: {bad}: scenarios: the project has no scenarios"]


def test_help_about_names_the_version_data_set_python_qt_and_where_settings_and_recovery_live(qtbot, window):
    import sys

    import PySide6
    from PySide6.QtWidgets import QMessageBox

    from workbench import __version__
    action(window, "about").trigger()
    box = window.findChild(QMessageBox, "about")
    text = box.text()
    for expected in (__version__, window.state.dataset.content_hash, sys.version.split()[0], PySide6.__version__):
        assert expected in text
    assert f"{os.environ['WORKBENCH_HOME']}/settings.ini" in text  # where the tests keep settings
    project = window.state.path  # recovery copies sit beside the project, hidden
    assert f"{project.parent}/.{project.name}.N.wbrecovery" in text
    box.close()
    action(window, "methodology").trigger()
    browser = window.documents[-1].browser
    assert "dispatch" in browser.toPlainText().lower()


def test_copy_puts_the_selected_key_numbers_on_the_clipboard_as_numbers_excel_reads(qtbot, window, example_session):
    from PySide6.QtWidgets import QApplication
    wait_idle(qtbot, window)
    view = window.results.view
    view.setFocus()
    view.selectAll()
    action(window, "copy").trigger()
    lines = QApplication.clipboard().text().splitlines()
    header = lines[0].split("\t")
    assert header[:3] == ["Key number", "Unit", "No allocation"] and header[-1] == "Stress"
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    s = example_session  # a separate engine run, not the window's own result
    stress = evaluate(resolve(s.project, "Stress", s.catalogue), s.dataset).key_results
    contribution = rows["New loads' contribution to fixed cost"][-1]
    assert float(contribution) == round(stress["large_load_contribution_pkr_bn"], 1)
    assert float(rows["Monthly bill change: industrial B-3, 500,000 units"][-1]) == round(
        stress["industrial_b3_bill_change_pkr_per_month"])  # no thousands separator: a number in Excel
    assert rows["Tariff the new loads pay (average)"][2] == ""  # n/a for the baseline: an empty cell


def test_a_failed_save_says_so_and_keeps_the_work_unsaved(qtbot, window, answers, monkeypatch):
    import workbench.io.atomic as atomic

    def locked(_src, _dst):
        raise PermissionError(13, "locked")
    monkeypatch.setattr(atomic.os, "replace", locked)
    monkeypatch.setattr(atomic, "RETRY_DELAY_S", 0.0)
    window.assumptions.model.setData(window.assumptions.model.index_of("pkr_per_usd"), "300")
    action(window, "save").trigger()
    assert answers.problems and answers.problems[0].startswith("Not saved:") and "locked" in answers.problems[0]
    assert window.state.dirty and window.isWindowModified()
