"""The modest lint rule set in pyproject.toml holds for the whole code base."""
import subprocess
from pathlib import Path

from tests.tooling import executable

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    exe = executable("ruff")
    out = subprocess.run([exe, "check", "--no-cache", "workbench", "tests", "tools", "main.py"], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
