"""The window opens on the example project, shows assumptions with units and sources, and runs."""
from pathlib import Path

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


def test_example_screenshot_path_is_writable():
    assert Path(__file__).parent.is_dir()
