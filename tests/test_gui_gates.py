"""The Process dock: the current scenario's gates (edited in place, one undo step each) and its
consultation log (added from the form, removed by selection), with a permitted / not yet permitted line."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui import click_scenario
from workbench.core.gates import GRANTED, IN_PROGRESS
from workbench.ui.editors.delegates import CatalogueDelegate


def row_of(window, gate_id: str) -> int:
    return [g.id for g in window.gates.gates].index(gate_id)


def test_the_process_dock_shows_where_a_scenario_stands(qtbot, window):
    assert "gates" in window.docks and window.docks["gates"].windowTitle() == "Process"
    click_scenario(qtbot, window, "Government proposal")
    panel, model = window.gates, window.gates.model
    assert model.rowCount() == 6 and "not yet permitted: 0 of 6 gates granted" in panel.summary.text()
    imf = row_of(window, "imf_consultation")
    assert model.index(imf, 1).data() == "in progress" and model.index(imf, 2).data() == "2025-07-03"
    assert "Extended Fund Facility" in model.index(imf, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert panel.log.rowCount() == 2 and panel.log.index(0, 0).data() == "2025-05-31"
    click_scenario(qtbot, window, "No allocation")
    assert "no gate needed" in panel.summary.text()  # the baseline needs none


def test_a_gate_edit_is_one_undo_step_and_a_bad_date_changes_nothing(qtbot, window):
    click_scenario(qtbot, window, "Government proposal")
    model, state = window.gates.model, window.state
    nepra = row_of(window, "nepra_tariff")
    assert isinstance(window.gates.view.itemDelegate(), CatalogueDelegate)  # status edits as a combo of words
    assert model.setData(model.index(nepra, 1), GRANTED)
    assert state.project.scenario("Government proposal").gates["nepra_tariff"].status == GRANTED
    assert "1 of 6 gates granted" in window.gates.summary.text()
    before = state.project
    assert not model.setData(model.index(nepra, 2), "next week")
    assert state.project is before and "expected a date" in window.gates.notice.text()
    state.undo_stack.undo()
    assert state.project.scenario("Government proposal").gates["nepra_tariff"].status == "not_started"
    assert "0 of 6 gates granted" in window.gates.summary.text()
    assert model.setData(model.index(row_of(window, "imf_consultation"), 1), "Granted")  # typed words work too
    assert state.project.scenario("Government proposal").gates["imf_consultation"].status == GRANTED
    assert state.project.scenario("Government proposal").gates["imf_consultation"].status != IN_PROGRESS


def test_the_log_takes_typed_entries_in_date_order_and_removes_the_selected_one(qtbot, window):
    click_scenario(qtbot, window, "Government proposal")
    panel = window.gates
    panel.entry["date"].clear()
    qtbot.keyClicks(panel.entry["date"], "2025-06-10")
    qtbot.keyClicks(panel.entry["who"], "World Bank")
    qtbot.keyClicks(panel.entry["topic"], "Surplus power pricing")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    log = window.state.project.scenario("Government proposal").consultations
    assert [(c.date, c.who) for c in log][1] == ("2025-06-10", "World Bank") and len(log) == 3
    assert panel.log.index(1, 1).data() == "World Bank" and panel.entry["who"].text() == ""
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)  # nobody named: refused
    assert "say who was consulted" in panel.notice.text() and len(
        window.state.project.scenario("Government proposal").consultations) == 3
    panel.log_view.selectRow(1)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert [c.who for c in window.state.project.scenario("Government proposal").consultations] == [
        "IMF (EFF review mission)", "Senate Standing Committee on Power"]


def test_owner_and_evidence_are_edited_below_the_table_for_the_selected_gate(qtbot, window):
    click_scenario(qtbot, window, "Government proposal")
    panel = window.gates
    panel.view.selectRow(row_of(window, "pvara_licence"))
    assert panel.detail["owner"].text() == "Pakistan Crypto Council"
    assert "PVARA licence for the mining operator" in panel.about.text()
    panel.detail["evidence"].clear()
    qtbot.keyClicks(panel.detail["evidence"], "PVARA letter of 2 Jan 2026")
    qtbot.keyClick(panel.detail["evidence"], Qt.Key.Key_Return)
    record = window.state.project.scenario("Government proposal").gates["pvara_licence"]
    assert record.evidence == "PVARA letter of 2 Jan 2026" and record.owner == "Pakistan Crypto Council"
    panel.view.selectRow(row_of(window, "sbp_position"))
    assert panel.detail["evidence"].text() == ""  # another gate, its own (empty) record


def test_the_key_numbers_say_when_a_scenario_is_not_yet_permitted(qtbot, window):
    click_scenario(qtbot, window, "Government proposal")
    heading = window.views.cards.heading
    qtbot.waitUntil(lambda: "key numbers, FY2026" in heading.text(), timeout=20_000)
    assert heading.text().endswith(" · not yet permitted")
    assert heading.toolTip().startswith("not yet permitted: 0 of 6 gates granted")
    click_scenario(qtbot, window, "No allocation")
    qtbot.waitUntil(lambda: heading.text().startswith("No allocation: key numbers"), timeout=20_000)
    assert "permitted" not in heading.text()


def test_the_status_editor_offers_words_and_opens_on_the_gates_status(qtbot, window):
    """It offered codes ("not_started") and opened on the first of them whatever the status was."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from workbench.core.gates import STATUS_LABELS
    click_scenario(qtbot, window, "State mining into the reserve")
    view, model = window.gates.view, window.gates.model
    index = model.index(row_of(window, "nepra_tariff"), 1)
    editor = view.itemDelegate().createEditor(view.viewport(), QStyleOptionViewItem(), index)
    view.itemDelegate().setEditorData(editor, index)
    assert [editor.itemText(i) for i in range(editor.count())] == list(STATUS_LABELS.values())
    assert editor.currentText() == "in progress"  # the example's NEPRA petition
    editor.setCurrentIndex(editor.findText("granted"))
    view.itemDelegate().setModelData(editor, model, index)
    assert window.state.project.scenario("State mining into the reserve").gates["nepra_tariff"].status == GRANTED
    window.state.undo_stack.undo()
    assert window.state.project.scenario("State mining into the reserve").gates["nepra_tariff"].status == "in_progress"
