"""The engine, file formats and runner never import Qt (docs/architecture.md, layers)."""
import ast
import subprocess
import sys
from pathlib import Path

from tests.tooling import executable

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ["workbench/core", "workbench/models", "workbench/io", "workbench/runner.py", "workbench/session.py",
           "workbench/jobs.py", "workbench/batch.py", "workbench/cli.py", "workbench/bench.py", "workbench/docgen.py"]
FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6")


def test_no_module_imports_qt_at_import_time():
    code = ("import sys, workbench.cli, workbench.bench, workbench.runner, workbench.docgen, "
            "workbench.models.evaluate, workbench.io.project_file, workbench.io.dataset_loader;"
            "print([m for m in sys.modules if m.split('.')[0] in %r])" % (FORBIDDEN,))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_no_qt_import_statements_in_engine_files():
    offenders = []
    for entry in QT_FREE:
        path = ROOT / entry
        for file in ([path] if path.is_file() else path.rglob("*.py")):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                if any(n.split(".")[0] in FORBIDDEN for n in names):
                    offenders.append(f"{file.relative_to(ROOT)}:{node.lineno}")
    # cli.py may start the window lazily (inside a function) but never imports Qt itself.
    assert offenders == []


def test_import_linter_contracts_hold():
    exe = executable("lint-imports")
    out = subprocess.run([exe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout
