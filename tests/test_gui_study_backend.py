"""Edit > Preferences, where studies run: a Monte Carlo started from the window with a Dask scheduler set
equals the local run bit for bit, local workers give the same answer as one, an unreachable or malformed
scheduler is one line in the window (never a traceback), and without a scheduler Dask is never imported."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.gui import click_scenario, wait_idle
from workbench.analysis.backend import StudyBackend
from workbench.analysis.montecarlo import run_monte_carlo
from workbench.io.uncertainty_loader import load_uncertainty
from workbench.ui import settings
from workbench.ui.dialogs.preferences import PreferencesDialog

GOV = "Government proposal"


@pytest.fixture
def scheduler(dask_cluster):  # type: ignore[no-untyped-def]
    return dask_cluster[0]


def _monte_carlo(qtbot, window, draws: int, seed: int):  # type: ignore[no-untyped-def]
    wait_idle(qtbot, window)
    click_scenario(qtbot, window, GOV)
    tab = window.studies
    window.tabs.setCurrentWidget(tab)
    tab.draws.setValue(draws)
    tab.seed.setValue(seed)
    tab.run_button.click()
    qtbot.waitUntil(lambda: not tab.runner.running, timeout=120_000)
    return tab


def _local(window, draws: int, seed: int):  # type: ignore[no-untyped-def]
    s = window.state
    return run_monte_carlo(s.resolved(GOV), s.dataset, s.catalogue, load_uncertainty(s.catalogue, s.dataset),
                           draws, seed, workers=1)


def test_the_preferences_dialog_refuses_a_malformed_address_and_saves_a_good_one(qtbot, window):
    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    dialog.scheduler.setText("localhost:8786")
    dialog.workers.setValue(3)
    dialog.ok.click()
    assert "Dask scheduler: 'localhost:8786' is not a scheduler address" in dialog.message.text()
    assert settings.study_backend() == StudyBackend()  # nothing saved
    dialog.scheduler.setText(" tcp://10.0.0.5:8786 ")
    dialog.ok.click()
    assert dialog.message.text() == "" and settings.study_backend() == StudyBackend("tcp://10.0.0.5:8786", 3)


def test_a_monte_carlo_from_the_window_on_the_cluster_equals_the_local_run(qtbot, window, scheduler):
    settings.remember_study_backend(StudyBackend(scheduler, 1))
    tab = _monte_carlo(qtbot, window, 8, 5)
    study = tab.runner.study
    assert study is not None, tab.status.text()
    direct = _local(window, 8, 5)
    assert study.result.drawn.equals(direct.drawn) and study.result.results.equals(direct.results)
    assert direct.results["large_load_contribution_pkr_bn"].nunique() == 8  # eight different draws


def test_two_local_workers_from_the_setting_give_the_one_process_answer(qtbot, window):
    settings.remember_study_backend(StudyBackend("", 2))
    tab = _monte_carlo(qtbot, window, 6, 3)
    assert tab.runner.study is not None, tab.status.text()
    assert tab.runner.study.result.results.equals(_local(window, 6, 3).results)


@pytest.mark.parametrize("address, words", [
    ("tcp://127.0.0.1:9", "Dask scheduler (Edit > Preferences): cannot reach the scheduler at tcp://127.0.0.1:9"),
    ("10.0.0.5", "Dask scheduler: '10.0.0.5' is not a scheduler address"),  # typed into the settings file
])
def test_a_bad_scheduler_is_one_line_in_the_window(qtbot, window, address, words):
    pytest.importorskip("distributed")
    settings.remember_study_backend(StudyBackend(address, 1))
    tab = _monte_carlo(qtbot, window, 2, 1)
    text = tab.status.text()
    assert tab.runner.study is None and text.startswith("Monte Carlo failed: ") and words in text
    assert "\n" not in text and "Traceback" not in text
    assert tab.run_button.isEnabled() and not window.runs.busy  # the window is free again
    view = window.deal_space
    view.start()
    qtbot.waitUntil(lambda: not view.running, timeout=30_000)
    assert view.status.text().startswith("Not swept: ") and words in view.status.text()


def test_without_a_scheduler_the_window_never_imports_dask():
    code = ("import sys; from workbench.analysis.backend import StudyBackend; "
            "import workbench.ui.main_window, workbench.ui.analysis.study_runner; "
            "b = StudyBackend(); assert b.problem() == ''; "
            "ctx = b.open(); assert ctx.__enter__() == (1, None); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120,
                   env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})


def test_opening_the_window_does_not_import_scipy():
    """scipy.special is 16 MB of the window's memory: only a study's draws import it."""
    code = ("import sys; import workbench.ui.main_window, workbench.ui.analysis.study_runner; "
            "bad = [m for m in sys.modules if m.split('.')[0] == 'scipy']; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120,
                   env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})


def test_the_workers_box_says_process_for_one_and_processes_for_more(qtbot, window):
    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    dialog.workers.setValue(1)
    assert dialog.workers.text() == "1 process"
    dialog.workers.setValue(3)
    assert dialog.workers.text() == "3 processes"
