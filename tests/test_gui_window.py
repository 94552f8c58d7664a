"""The window opens on the example project, shows assumptions with units and sources, and runs."""
from workbench.core.headlines import KEY_NUMBERS
from workbench.runner import Runner
from workbench.ui.bridge import RunnerBridge
from workbench.ui.main_window import MainWindow


def test_window_shows_example_project_and_runs_in_background(qtbot, example_session, tmp_path):
    runner = Runner()
    window = MainWindow(example_session, RunnerBridge(runner))
    qtbot.addWidget(window)
    window.show()
    assert window.scenarios.count() == 5
    window.scenarios.setCurrentRow(4)  # Stress
    model = window.parameters
    rows = {model.index(r, 1).data(): r for r in range(model.rowCount())}
    fx_row = rows["Exchange rate"]
    assert model.index(fx_row, 2).data() == "330 PKR/USD"
    assert model.index(fx_row, 3).data() == "Stress"
    assert "Pakbanker" in model.index(fx_row, 4).data()
    assert window.loads.rowCount() == 2  # inherited from the government proposal
    with qtbot.waitSignal(window.bridge.finished, timeout=30_000):
        window.start_run()
    assert len(window.results) == 5
    shot = tmp_path / "window.png"
    assert window.grab().save(str(shot)) and shot.stat().st_size > 10_000
    runner.shutdown()


def test_every_dock_and_toolbar_has_an_object_name(qtbot, example_session):
    from PySide6.QtWidgets import QDockWidget, QToolBar
    runner = Runner()
    window = MainWindow(example_session, RunnerBridge(runner))
    qtbot.addWidget(window)
    for widget in window.findChildren(QDockWidget) + window.findChildren(QToolBar):
        assert widget.objectName(), widget
    runner.shutdown()


def test_results_show_every_scenario_at_the_default_size(qtbot, example_session):
    # Stress is the last column and the one with crossed red lines: it must not start off screen.
    runner = Runner()
    window = MainWindow(example_session, RunnerBridge(runner))
    qtbot.addWidget(window)
    window.show()
    window.centralWidget().setCurrentWidget(window.results_view)
    with qtbot.waitSignal(window.bridge.finished, timeout=30_000):
        window.start_run()
    view = window.results_view
    header = view.horizontalHeader()
    right_edge = header.sectionPosition(view.columnCount() - 1) + header.sectionSize(view.columnCount() - 1)
    assert right_edge <= view.viewport().width()
    assert view.horizontalHeaderItem(2).text() == "Government\nproposal"
    stress = view.item([h.key for h in KEY_NUMBERS].index("large_load_contribution_pkr_bn"), 5)
    assert stress.text() == "-26.4" and stress.toolTip().startswith("Red line:")
    runner.shutdown()
