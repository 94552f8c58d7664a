"""mypy --strict passes on the engine and its files (the [tool.mypy] section of pyproject.toml says which)."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tooling import INSTALL

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_strict_finds_nothing():
    if importlib.util.find_spec("mypy") is None:
        pytest.fail(f"mypy is not installed; {INSTALL}", pytrace=False)
    out = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Success: no issues found" in out.stdout


def test_mypy_checks_the_engine_strictly():
    """The configuration itself: strict, over core, models, runner and io (a narrower list would pass trivially)."""
    import tomllib
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert set(config["files"]) >= {"workbench/core", "workbench/models", "workbench/runner.py", "workbench/io"}
    assert "ignore_errors" not in config and "overrides" not in config
