"""The offline bundle installs with no package index and runs; its one-folder application opens and quits.

Builds the real bundle (wheels from PyPI, a PyInstaller build): about two minutes, so marked slow.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "scenarios/pakistan-2000mw.wbproj"
VALID = f"valid; {len(json.loads((ROOT / EXAMPLE).read_text(encoding='utf-8'))['scenarios'])} scenarios"

pytestmark = [pytest.mark.slow, pytest.mark.network,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle test runs on Linux CI")]


def no_index_env(home: Path) -> dict[str, str]:
    """pip with every package source closed but the wheelhouse: no config, no cache, an index that refuses."""
    return {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_CACHE_DIR": "1", "PIP_FIND_LINKS": "",
            "PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_EXTRA_INDEX_URL": "", "WORKBENCH_HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ""}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "workbench-offline"
    done = subprocess.run([sys.executable, "tools/build_offline_bundle.py", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    print(done.stdout)  # sizes and build time, for the record (pytest -s)
    return out


def test_bundle_carries_wheels_app_docs_examples_and_both_install_scripts(bundle):
    wheels = {p.name.split("-")[0].lower() for p in (bundle / "wheelhouse").glob("*.whl")}
    assert {"pyside6_essentials", "shiboken6", "pyqtgraph", "pandas", "numpy", "openpyxl", "scipy", "pytest",
            "setuptools"} <= wheels
    for path in ("app/main.py", "app/" + EXAMPLE, "app/docs/methodology.md", "app/resources/dataset.json",
                 "install-offline.sh", "install-offline.bat", "README.txt",
                 "workbench/_internal/" + EXAMPLE, "workbench/_internal/docs/methodology.md"):
        assert (bundle / path).is_file(), path
    assert "--no-index --find-links" in (bundle / "install-offline.bat").read_text()


def test_offline_install_then_validate_and_run_give_the_same_numbers_as_here(bundle, tmp_path):
    env = no_index_env(tmp_path)
    done = subprocess.run(["sh", str(bundle / "install-offline.sh")], env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    python, app = bundle / "venv" / "bin" / "python", bundle / "app"
    validated = subprocess.run([str(python), "main.py", "validate", EXAMPLE], cwd=app, env=env, capture_output=True,
                               text=True, timeout=120)
    assert validated.returncode == 0 and VALID in validated.stdout, validated.stderr
    # The installed copy computes what this checkout computes: same engine, same data, same library behaviour.
    there, here = tmp_path / "there.json", tmp_path / "here.json"
    for interpreter, cwd, out in ((python, app, there), (Path(sys.executable), ROOT, here)):
        ran = subprocess.run([str(interpreter), "main.py", "run", EXAMPLE, "--scenario", "Stress", "--json",
                              str(out)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, ran.stderr
    offline, reference = json.loads(there.read_text()), json.loads(here.read_text())
    assert offline["scenarios"] == reference["scenarios"]


def test_the_application_folder_opens_its_window_draws_results_and_exits_0_on_quit(bundle, tmp_path):
    program = bundle / "workbench" / "workbench"
    env = {**no_index_env(tmp_path), "WORKBENCH_SELF_CHECK": "1"}
    done = subprocess.run([str(program)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "window shown:" in done.stdout and "results of 'No allocation' arrived" in done.stdout
    validated = subprocess.run([str(program), "validate", str(bundle / "workbench" / "_internal" / EXAMPLE)],
                               cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert validated.returncode == 0 and VALID in validated.stdout, validated.stderr
