"""The modest lint rule set in pyproject.toml holds for the whole code base."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    exe = shutil.which("ruff")
    if exe is None:
        pytest.skip("ruff is not installed")
    out = subprocess.run([exe, "check", "--no-cache", "workbench", "tests", "tools", "main.py"], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
