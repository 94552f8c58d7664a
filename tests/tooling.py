"""The developer tools the suite runs (ruff, import-linter, mypy): found, or the test fails saying how to install them.

They are in the [test] extra, which CI installs (.ci/run), so a missing tool is a broken set-up, never a skip.
"""
import shutil
import sys
from pathlib import Path

import pytest

INSTALL = 'install the test tools with: python -m pip install -e ".[test]"'


def executable(name: str) -> str:
    """The tool's command, beside this interpreter first (an un-activated venv), then on PATH."""
    beside = Path(sys.executable).parent / name
    for candidate in (beside, beside.with_suffix(".exe")):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; {INSTALL}", pytrace=False)
    return found
