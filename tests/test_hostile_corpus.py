"""The hostile corpus (at least 200 files) is refused: 0 crashes, 0 hangs, 0 internal errors; each message is
one line under 400 characters with no control characters; each file within 1 s of CPU and 500 MB."""
import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_corpus import build_corpus
from workbench.cli import EXIT_USER_ERROR
from workbench.session import EXAMPLE_PROJECT

ROOT = Path(__file__).resolve().parents[1]
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
MAX_CPU_S = 1.0
MAX_PEAK_MB = 500


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    cases = build_corpus(folder / "corpus")
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps([dataclasses.asdict(c) for c in cases]), encoding="utf-8")
    project = folder / "project.wbproj"
    project.write_bytes(EXAMPLE_PROJECT.read_bytes())
    done = subprocess.run([sys.executable, "-m", "tests.hostile_runner", str(manifest), str(project)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    return cases, report


def test_the_corpus_has_at_least_200_files_of_every_kind(outcomes):
    cases, _ = outcomes
    assert len(cases) >= 200
    names = {c.name for c in cases}
    assert len(names) == len(cases)
    for prefix in ("malformed-", "override-", "load-", "plant-", "special-", "workbook-", "escape-"):
        assert any(n.startswith(prefix) for n in names), prefix


def test_every_hostile_file_is_refused_cleanly(outcomes):
    cases, report = outcomes
    by_name = {r["name"]: r for r in report["results"]}
    failures = []
    for case in cases:
        r = by_name[case.name]
        err = r["stderr"]
        problems = []
        if r["code"] != EXIT_USER_ERROR:
            problems.append(f"exit {r['code']}")
        if not (err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1):
            problems.append("not one 'error:' line")
        if len(err) >= 400:
            problems.append(f"{len(err)} characters")
        if UNSAFE.search(err.rstrip("\n")):
            problems.append("control characters")
        if case.expect and case.expect not in err:
            problems.append(f"does not say {case.expect!r}")
        if r["cpu_s"] > MAX_CPU_S:
            problems.append(f"{r['cpu_s']:.2f} s of CPU")
        if problems:
            failures.append(f"{case.name}: {', '.join(problems)}: {err[:200]!r}")
    assert not failures, "\n".join(failures)


def test_no_hostile_file_takes_more_than_500_mb(outcomes):
    _, report = outcomes
    peak = max(r["peak_mb"] for r in report["results"])
    assert peak < MAX_PEAK_MB, f"peak {peak:.0f} MB (the runner alone: {report['baseline_mb']:.0f} MB)"
