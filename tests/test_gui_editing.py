"""The window as a user drives it: duplicate, edit a load, see the answer, undo, redo, save, reopen.

Every expected number comes from a separate engine run (workbench.models.evaluate called directly)
of a project built without the window, not from what the window printed.
"""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui import action, click_scenario, expected_key_numbers, shown_key_numbers, type_into_cell, wait_idle
from workbench.core import edits
from workbench.core.project import resolve
from workbench.io.project_file import dumps, load_project
from workbench.models.evaluate import evaluate

COPY = "Government proposal (copy)"


def engine_run(project, name, session):  # type: ignore[no-untyped-def]
    return evaluate(resolve(project, name, session.catalogue), session.dataset).key_results


def test_duplicate_edit_undo_redo_save_and_reopen(qtbot, window, answers, project_file, example_session):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Government proposal")
    action(window, "duplicate").trigger()
    assert window.state.selection.current == COPY
    assert COPY in window.results.model.scenarios  # a new scenario joins the comparison
    loads = window.loads
    mw_column = [p.key for p in loads.model.fields].index("mw")
    assert loads.model.index(0, mw_column).data() == "1,340"
    assert "inherited" not in loads.origin.text()  # a duplicate has its own copy of the list

    type_into_cell(qtbot, loads.view, loads.model.index(0, mw_column), "1000")
    assert loads.model.index(0, mw_column).data() == "1,000"
    assert window.isWindowModified()
    wait_idle(qtbot, window, [COPY])

    # The same edit made without the window, and run by the engine directly.
    original = load_project(project_file, example_session.catalogue)
    by_hand = edits.duplicate_scenario(original, "Government proposal", COPY, example_session.catalogue)
    by_hand = edits.set_load_field(by_hand, COPY, 0, "mw", 1000.0, example_session.catalogue)
    assert resolve(by_hand, COPY, example_session.catalogue).large_loads[0]["mw"] == 1000.0
    after = engine_run(by_hand, COPY, example_session)
    before = engine_run(edits.duplicate_scenario(original, "Government proposal", COPY, example_session.catalogue),
                        COPY, example_session)
    assert shown_key_numbers(window, COPY) == expected_key_numbers(after)
    assert after["large_load_metered_gwh"] < before["large_load_metered_gwh"]  # 1,000 MW uses less than 1,340

    submitted = []
    real_submit = window.runs.bridge.submit
    window.runs.bridge.submit = lambda *a, **k: submitted.append(a) or real_submit(*a, **k)
    action(window, "undo").trigger()
    assert loads.model.index(0, mw_column).data() == "1,340"
    wait_idle(qtbot, window, [COPY])
    assert shown_key_numbers(window, COPY) == expected_key_numbers(before)
    action(window, "redo").trigger()
    assert loads.model.index(0, mw_column).data() == "1,000"
    wait_idle(qtbot, window, [COPY])
    assert shown_key_numbers(window, COPY) == expected_key_numbers(after)
    assert submitted == []  # undo and redo showed cached results: no run

    action(window, "save").trigger()
    assert not window.isWindowModified() and window.windowTitle().startswith("talks.wbproj")
    assert dumps(load_project(project_file, example_session.catalogue)) == dumps(window.state.project)
    answers.open_path = project_file
    action(window, "open").trigger()
    assert window.state.project.names()[-1] == COPY
    click_scenario(qtbot, window, COPY)
    assert loads.model.index(0, mw_column).data() == "1,000"


def test_rapid_edits_to_one_field_are_one_undo_step(qtbot, window):
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, "Stress")
    index = window.assumptions.source_index("pkr_per_usd")
    for typed in ("331", "332", "333"):
        type_into_cell(qtbot, window.assumptions.view, index, typed)
    stack = window.state.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Set Exchange rate in 'Stress'"
    assert window.state.resolved("Stress").values["pkr_per_usd"] == 333.0
    action(window, "undo").trigger()
    assert window.state.resolved("Stress").values["pkr_per_usd"] == 330.0  # back to the value before the burst


def test_out_of_bounds_value_is_refused_in_place_and_nothing_changes(qtbot, window):
    click_scenario(qtbot, window, "Stress")
    before = window.state.project
    panel = window.assumptions
    qtbot.keyClicks(panel.filter, "exchange")
    index = panel.source_index("pkr_per_usd")
    assert index.isValid() and panel.proxy.rowCount() == 1  # only the Finance group is left
    type_into_cell(qtbot, panel.view, index, "20")
    assert panel.notice.isVisible()
    assert "Exchange rate: 20 is below the minimum 50 PKR/USD" in panel.notice.text()
    assert window.state.project is before and window.state.undo_stack.count() == 0
    assert index.data() == "330"
    type_into_cell(qtbot, panel.view, index, "abc")
    assert "'abc' is not a number (PKR/USD)" in panel.notice.text()
    type_into_cell(qtbot, panel.view, index, "340")
    assert not panel.notice.isVisible() and window.state.resolved("Stress").values["pkr_per_usd"] == 340.0


def test_locked_scenario_refuses_edits_and_says_how_to_unlock(qtbot, window, answers):
    click_scenario(qtbot, window, "Government proposal")
    action(window, "lock").trigger()
    scenario = window.state.project.scenario("Government proposal")
    assert scenario.locked and scenario.offer.proposed_by == "Power Division"
    assert window.scenarios.model.index_of("Government proposal").data(Qt.ItemDataRole.DecorationRole) is not None
    loads, panel = window.loads, window.assumptions
    assert "locked as an offer by Power Division" in loads.origin.text() and "Scenario > Unlock" in loads.origin.text()
    assert panel.lock_notice.isVisible()
    index = panel.source_index("pkr_per_usd")
    assert not (index.flags() & Qt.ItemFlag.ItemIsEditable)
    assert not loads.buttons["add"].isEnabled() and not action(window, "rename").isEnabled()
    assert loads.model.setData(loads.model.index(0, 2), "1000") is False  # even past the widgets
    assert window.state.project.scenario("Government proposal").large_loads[0]["mw"] == 1340.0
    # Editing its parent never changes it: the offer stays as it was made.
    locked_hash = window.state.resolved("Government proposal").input_hash
    click_scenario(qtbot, window, "No allocation")
    type_into_cell(qtbot, panel.view, panel.source_index("pkr_per_usd"), "300")
    assert window.state.resolved("Government proposal").input_hash == locked_hash == scenario.offer.input_hash
    click_scenario(qtbot, window, "Government proposal")
    action(window, "unlock").trigger()
    assert (index.flags() & Qt.ItemFlag.ItemIsEditable) and not loads.origin.isVisible()


def test_closing_with_unsaved_changes_asks(qtbot, window, answers):
    click_scenario(qtbot, window, "Stress")
    type_into_cell(qtbot, window.assumptions.view, window.assumptions.source_index("pkr_per_usd"), "300")
    answers.unsaved = "cancel"
    assert window.close() is False and window.isVisible() and answers.asked == ["unsaved"]
    answers.open_path = window.state.path
    action(window, "open").trigger()  # opening another project asks too
    assert answers.asked == ["unsaved", "open_path", "unsaved"] and window.state.dirty
    answers.unsaved = "discard"
    assert window.close() is True


def test_new_from_rename_delete_and_children_follow(qtbot, window, answers):
    click_scenario(qtbot, window, "Government proposal")
    answers.text = "IMF variant"
    action(window, "new_from").trigger()
    state = window.state
    assert state.selection.current == "IMF variant"
    assert state.project.scenario("IMF variant").parent == "Government proposal"
    answers.text = "Offer of May 2025"
    click_scenario(qtbot, window, "Government proposal")
    action(window, "rename").trigger()
    assert state.project.scenario("IMF variant").parent == "Offer of May 2025"
    assert state.project.scenario("Stress").parent == "Offer of May 2025"
    assert state.selection.current == "Offer of May 2025"
    action(window, "delete").trigger()  # it has children: the user is asked to move them up
    assert "move_children" in answers.asked
    assert state.project.scenario("Stress").parent == "No allocation" and "Offer of May 2025" not in \
        state.project.names()
    action(window, "undo").trigger()
    assert state.project.scenario("Stress").parent == "Offer of May 2025"


def test_drag_a_scenario_onto_another_to_reparent_it(qtbot, window):
    model = window.scenarios.model
    data = model.mimeData([model.index_of("Stress")])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index_of("Mixed"))
    assert window.state.project.scenario("Stress").parent == "Mixed"
    assert model.parent(model.index_of("Stress")) == model.index_of("Mixed")
    model.dropMimeData(model.mimeData([model.index_of("Mixed")]), Qt.DropAction.MoveAction, -1, -1,
                       model.index_of("Stress"))  # a cycle: refused
    assert window.state.project.scenario("Mixed").parent == "No allocation"
    assert "inherits from 'Mixed'" in window.messages.toPlainText()


def test_compare_dialog_shows_the_cli_diff_with_origins(qtbot, window):
    click_scenario(qtbot, window, "Stress")
    action(window, "compare").trigger()
    dialog = window.scenario_actions.compare_dialog
    assert dialog.first.currentText() == "Stress" and dialog.second.currentText() == "Government proposal"
    model = dialog.model
    rows = {model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, 6)] for r in range(model.rowCount())}
    assert rows["Exchange rate"] == ["PKR/USD", "330 PKR/USD", "set here", "280 PKR/USD", "data set"]
    dialog.second.setCurrentText("Stress")
    assert model.rowCount() == 0 and "same value" in dialog.summary.text()
    dialog.close()


def test_typing_a_value_back_leaves_no_undo_step_and_nothing_unsaved(qtbot, window):
    click_scenario(qtbot, window, "Stress")
    index = window.assumptions.source_index("pkr_per_usd")
    type_into_cell(qtbot, window.assumptions.view, index, "300")
    assert window.state.dirty and window.state.undo_stack.count() == 1
    type_into_cell(qtbot, window.assumptions.view, index, "330")  # its value before, within the merge window
    assert window.state.undo_stack.count() == 0 and not window.state.dirty and not window.isWindowModified()


def test_undo_and_redo_put_back_the_scenario_on_show(qtbot, window, answers):
    click_scenario(qtbot, window, "Mixed")
    action(window, "delete").trigger()
    assert window.state.selection.current != "Mixed"
    action(window, "undo").trigger()
    assert window.state.selection.current == "Mixed" and "Mixed" in window.state.selection.compared
    action(window, "redo").trigger()
    assert "Mixed" not in window.state.project.names()


def test_notes_typed_just_before_an_undo_are_kept_as_their_own_step(qtbot, window):
    click_scenario(qtbot, window, "Stress")
    type_into_cell(qtbot, window.assumptions.view, window.assumptions.source_index("pkr_per_usd"), "300")
    notes = window.notes.editor
    notes.setFocus()
    qtbot.keyClicks(notes, " Checked with PD.")
    action(window, "undo").trigger()  # within the typing pause: the notes are saved first, then undone
    state = window.state
    assert "Checked with PD." not in state.project.scenario("Stress").notes
    assert state.resolved("Stress").values["pkr_per_usd"] == 300.0
    action(window, "undo").trigger()
    assert state.resolved("Stress").values["pkr_per_usd"] == 330.0 and state.undo_stack.index() == 0
    action(window, "redo").trigger()
    action(window, "redo").trigger()
    assert "Checked with PD." in state.project.scenario("Stress").notes
    assert state.undo_stack.index() == state.undo_stack.count() == 2


def test_a_loads_field_its_scheme_does_not_read_shows_not_used_and_follows_a_scheme_change(qtbot, window):
    """A miner on a flat tariff has no dollar tariff; switched to USD/kWh it has no rupee one."""
    from workbench.ui.style import NOT_USED
    click_scenario(qtbot, window, "Government proposal")
    model = window.loads.model
    column = {p.key: i for i, p in enumerate(model.fields)}
    usd, pkr, pue = (model.index(0, column[k]) for k in ("tariff_usd_per_kwh", "tariff_pkr_per_kwh", "pue"))
    assert usd.data() == "not used" and pue.data() == "not used" and pkr.data() == "23"
    assert usd.data(Qt.ItemDataRole.ForegroundRole) == NOT_USED
    assert "kept as 0.082" in usd.data(Qt.ItemDataRole.ToolTipRole)
    assert usd.data(Qt.ItemDataRole.EditRole) == "0.082"  # still editable, ahead of a change of scheme
    assert model.setData(model.index(0, column["tariff_scheme"]), "usd")
    assert usd.data() == "0.082" and pkr.data() == "not used"
    window.state.undo_stack.undo()
    assert usd.data() == "not used" and pkr.data() == "23"


def test_a_firm_loads_curtailment_rules_show_not_used_until_it_may_be_curtailed(qtbot, window):
    """The grid curtails only a flexible load: a firm one's rules would be silently ignored."""
    click_scenario(qtbot, window, "Government proposal")
    model = window.loads.model
    column = {p.key: i for i, p in enumerate(model.fields)}
    headroom = model.index(0, column["curtail_below_headroom_mw"])
    assert window.state.resolved("Government proposal").large_loads[0]["flexibility"] == "firm"
    assert headroom.data() == "not used"
    assert model.setData(model.index(0, column["flexibility"]), "curtailable")
    assert headroom.data() != "not used"


def test_compare_dialog_sets_the_key_numbers_side_by_side_once_both_have_run(qtbot, window, example_session):
    """Result by result (issue 10, part 6): the numbers equal a separate engine run of each."""
    wait_idle(qtbot, window, ["Stress", "Government proposal"])
    click_scenario(qtbot, window, "Stress")
    action(window, "compare").trigger()
    dialog = window.scenario_actions.compare_dialog
    model = dialog.results
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Result", "Unit", "Stress", "Government proposal", "Change"]
    rows = {model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, 5)] for r in range(model.rowCount())}
    s = example_session
    stress, gov = (engine_run(s.project, n, s) for n in ("Stress", "Government proposal"))
    a, b = round(stress["large_load_contribution_pkr_bn"], 1), round(gov["large_load_contribution_pkr_bn"], 1)
    assert rows["New loads' contribution to fixed cost"] == ["PKR bn", f"{a:,.1f}", f"{b:,.1f}", f"+{b - a:,.1f}"]
    assert rows["Accepted by Power Division"][1:3] == ["NO (3 of 3 crossed)", "yes"]
    assert "second minus the first" in dialog.results_summary.text()
    dialog.close()


def test_the_offers_dock_lists_locked_offers_earliest_first_and_compares_two(qtbot, window, answers, monkeypatch):
    from workbench.core import edits as engine_edits
    times = iter(["2025-07-10T09:00:00+00:00", "2025-05-25T08:00:00+00:00"])  # the second lock is the earlier offer
    monkeypatch.setattr(engine_edits, "now_iso", lambda: next(times))
    offers = window.offers
    assert offers.model.rowCount() == 0 and "Lock as offer" in offers.hint.text()
    for name, who in (("Mixed", "Power Division"), ("Government proposal", "Finance Division")):
        click_scenario(qtbot, window, name)
        answers.offer = (who, f"{name} on the table")
        action(window, "lock").trigger()
    model = offers.model
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["Government proposal", "Mixed"]
    assert model.index(1, 2).data() == "Power Division" and model.index(1, 3).data() == "as offered"
    assert model.index(0, 0).data() == "2025-05-25 08:00:00"
    assert not offers.compare_button.isEnabled()
    offers.view.selectRow(1)
    assert window.state.selection.current == "Mixed"  # one offer clicked: it is the current scenario
    offers.view.selectionModel().select(model.index(0, 0), offers.view.selectionModel().SelectionFlag.Select
                                        | offers.view.selectionModel().SelectionFlag.Rows)
    assert offers.compare_button.isEnabled()
    offers.compare_button.click()
    dialog = window.scenario_actions.compare_dialog
    assert (dialog.first.currentText(), dialog.second.currentText()) == ("Government proposal", "Mixed")
    dialog.close()
    window.state.undo_stack.undo()  # the second lock
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["Mixed"]
