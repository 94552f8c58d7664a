"""The distributed back end (issue 10, part 2): the Monte Carlo, the deal space and the tornado on a
Dask cluster give exactly the numbers of one local process, and every way of failing to reach a
cluster is one line. Runs against a ``distributed.LocalCluster`` of two worker processes, which get
the data set by value (scattered), never from a forked parent."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workbench.analysis.montecarlo import run_monte_carlo
from workbench.analysis.sweep import Axis, run_sweep
from workbench.analysis.tornado import run_tornado
from workbench.cli import main
from workbench.core.project import resolve
from workbench.io.uncertainty_loader import load_uncertainty

GOV = "Government proposal"
EXAMPLE = "scenarios/pakistan-2000mw.wbproj"
KEY = "large_load_contribution_pkr_bn"


@pytest.fixture
def cluster(dask_cluster):  # type: ignore[no-untyped-def]
    return dask_cluster


@pytest.fixture(scope="module")
def setup(example_session):
    s = example_session
    return s, resolve(s.project, GOV, s.catalogue), load_uncertainty(s.catalogue, s.dataset)


def test_a_monte_carlo_on_the_cluster_equals_one_local_process_exactly(cluster, setup):
    _, executor = cluster
    s, scenario, inputs = setup
    assert executor.workers == 2
    local = run_monte_carlo(scenario, s.dataset, s.catalogue, inputs, 12, seed=21, workers=1)
    remote = run_monte_carlo(scenario, s.dataset, s.catalogue, inputs, 12, seed=21, workers=executor.workers,
                             executor=executor)
    assert remote.drawn.equals(local.drawn) and remote.results.equals(local.results)  # bit for bit
    assert local.results[KEY].nunique() == 12  # twelve different draws, not one repeated
    assert remote.party_odds(s.project.parties).equals(local.party_odds(s.project.parties))


def test_a_deal_space_and_a_tornado_on_the_cluster_equal_local_runs(cluster, setup):
    _, executor = cluster
    s, scenario, inputs = setup
    x, y = Axis("load.mw", 1000.0, 3000.0, 3), Axis("load.tariff_pkr_per_kwh", 20.0, 30.0, 2)
    local = run_sweep(scenario, s.dataset, s.catalogue, x, y, KEY, s.project.parties)
    remote = run_sweep(scenario, s.dataset, s.catalogue, x, y, KEY, s.project.parties, executor=executor)
    assert remote.grid.equals(local.grid) and remote.agreed.equals(local.agreed) and remote.cells == local.cells
    t_local = run_tornado(scenario, s.dataset, s.catalogue, inputs, KEY)
    t_remote = run_tornado(scenario, s.dataset, s.catalogue, inputs, KEY, executor=executor)
    assert t_remote == t_local


def test_the_cli_on_a_scheduler_writes_the_same_document_as_locally(cluster, tmp_path, capsys):
    address, _ = cluster
    here, there = tmp_path / "local.json", tmp_path / "cluster.json"
    args = ["mc", EXAMPLE, "--scenario", GOV, "--draws", "10", "--seed", "4", "--json"]
    assert main([*args, str(here)]) == 0
    assert main([*args, str(there), "--scheduler", address]) == 0
    assert "2 workers on the cluster" in capsys.readouterr().err
    assert json.loads(there.read_text()) == json.loads(here.read_text())


def test_an_unreachable_scheduler_is_one_line_within_the_timeout(monkeypatch, capsys):
    pytest.importorskip("distributed")
    from workbench.analysis import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1.0)
    assert main(["mc", EXAMPLE, "--scenario", GOV, "--draws", "2", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: --scheduler: cannot reach the scheduler at tcp://127.0.0.1:9 within 1 s")
    assert not any("Traceback" in line for line in err)


def test_without_distributed_the_error_names_the_extra_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    assert main(["sweep", EXAMPLE, "--scenario", GOV, "--x", "load.mw:0:1:2", "--y", "pkr_per_usd:250:300:2",
                 "--result", KEY, "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    err = capsys.readouterr().err
    assert "needs the Dask 'distributed' package" in err and "grid-tariff-workbench[cluster]" in err


@pytest.mark.parametrize("extra, words", [
    (["--scheduler", "http://x:1"], "is not a scheduler address"),
    (["--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"], "not both"),
])
def test_bad_scheduler_arguments_are_refused_in_one_line(extra, words, capsys):
    assert main(["tornado", EXAMPLE, "--scenario", GOV, "--result", KEY, *extra]) == 2
    assert words in capsys.readouterr().err


def test_the_command_line_and_the_engine_import_without_dask():
    code = ("import sys, workbench.cli, workbench.analysis.cluster, workbench.analysis.montecarlo; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_scheduler_without_workers_is_refused_in_one_line(monkeypatch):
    distributed = pytest.importorskip("distributed")
    from workbench.analysis import cluster
    from workbench.core.errors import WorkbenchError

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1.0)
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", dashboard_address=":0",
                                  silence_logs=40) as empty:
        with pytest.raises(WorkbenchError, match="has no worker; start one with 'dask worker tcp://"):
            with cluster.connect(empty.scheduler_address):
                pass
