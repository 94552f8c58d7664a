"""Scale: linear inheritance, progress and a clean stop on Ctrl+C, a cap on the work of one run.

Timings are never asserted (they flake on shared machines): linearity is checked by counting
how often each scenario's overrides are read, and the stop by what is left behind.
"""
import io
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench import batch
from workbench.batch import (MAX_BRIEF_SCENARIO_YEARS, MAX_EXACT_SCENARIO_YEARS, MAX_LOAD_SCENARIO_YEARS,
                             MAX_SCENARIO_YEARS, RunProgress, work_of)
from workbench.cli import main
from workbench.core.errors import ProjectFileError, ScenarioError
from workbench.core.project import DATA_SET, Project, Scenario, resolve, resolve_all
from workbench.io.project_file import FORMAT, load_project, parse_project


def chain_doc(depth, *, years=1, loads=0, every_scenario_loads=False):
    """A chain: scenario i inherits from i-1; the root sets the horizon and (optionally) the loads."""
    scenarios = []
    for i in range(depth):
        s = {"name": f"s{i}", "parent": f"s{i - 1}" if i else None,
             "overrides": {"study_years": years} if i == 0 else {"pkr_per_usd": 200.0 + i}}
        if i == 0 or every_scenario_loads:
            s["large_loads"] = [{"name": f"load {j}", "mw": 1.0} for j in range(loads)]
        scenarios.append(s)
    return {"format": FORMAT, "schema_version": 3, "scenarios": scenarios}


def write(tmp_path, doc, name="p.wbproj"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# --- 1. linear inheritance -------------------------------------------------------------------

def naive(project, name, catalogue):
    """Resolution written out by hand: walk up to the root, then apply overrides root first."""
    by_name = {s.name: s for s in project.scenarios}
    chain = []
    current = name
    while current is not None:
        chain.append(by_name[current])
        current = by_name[current].parent
    values = {p.key: p.default for p in catalogue}
    origin = {k: DATA_SET for k in values}
    for s in reversed(chain):
        for key, value in s.overrides.items():
            values[key], origin[key] = value, s.name
    owner = next((s for s in chain if s.large_loads is not None), None)
    return values, origin, owner


def small_tree():
    return Project((
        Scenario("root", None, {"pkr_per_usd": 300.0}, large_loads=({"name": "A", "mw": 100.0},)),
        Scenario("left", "root", {"hydrology_factor": 0.9}),
        Scenario("left.deep", "left", {"pkr_per_usd": 310.0, "study_years": 2},
                 large_loads=({"name": "B", "mw": 50.0, "load_factor": 0.5},)),
        Scenario("right", "root", {}, large_loads=()),
        Scenario("leaf", "left.deep", {"hydrology_factor": 1.1}),
        Scenario("orphan", None, {}),
    ))


def test_resolve_all_gives_the_values_of_a_hand_written_resolution(catalogue):
    project = small_tree()
    resolved = resolve_all(project, catalogue)
    assert [r.name for r in resolved] == project.names()
    for r in resolved:
        values, origin, owner = naive(project, r.name, catalogue)
        assert dict(r.values) == values and dict(r.origin) == origin
        assert r.loads_origin == (owner.name if owner else DATA_SET)
        own = owner.large_loads if owner else ()
        assert [load["name"] for load in r.large_loads] == [load["name"] for load in own]
        assert r == resolve(project, r.name, catalogue)  # same values, origins, loads and input hash
    leaf = resolved[project.names().index("leaf")]
    assert leaf.values["pkr_per_usd"] == 310.0 and leaf.origin["pkr_per_usd"] == "left.deep"
    assert leaf.values["hydrology_factor"] == 1.1 and leaf.loads_origin == "left.deep"
    assert leaf.large_loads[0]["load_factor"] == 0.5 and len(leaf.large_loads[0]) == len(catalogue.load_fields)


def test_resolve_all_of_a_selection_keeps_its_order(catalogue):
    project = small_tree()
    picked = resolve_all(project, catalogue, ["leaf", "root", "leaf"])
    assert [r.name for r in picked] == ["leaf", "root", "leaf"]
    assert picked[0] == resolve(project, "leaf", catalogue)


class CountingOverrides(dict):
    reads = 0

    def items(self):
        CountingOverrides.reads += 1
        return super().items()


def test_a_500_scenario_chain_validates_and_each_scenario_is_applied_once(catalogue):
    project = parse_project(json.dumps(chain_doc(500)).encode(), catalogue)
    assert len(project.scenarios) == 500
    counted = Project(tuple(Scenario(s.name, s.parent, CountingOverrides(s.overrides)) for s in project.scenarios))
    CountingOverrides.reads = 0
    resolved = resolve_all(counted, catalogue)
    assert CountingOverrides.reads == 500  # one per scenario; resolving each chain anew reads 125,250
    last = resolved[-1]
    assert last.values["pkr_per_usd"] == 200.0 + 499 and last.origin["pkr_per_usd"] == "s499"
    assert last.values["study_years"] == 1 and last.origin["study_years"] == "s0"
    assert last.input_hash == resolve(project, "s499", catalogue).input_hash


def test_cycles_and_unknown_names_fail_as_before(catalogue):
    doc = chain_doc(4)
    doc["scenarios"][0]["parent"] = "s2"  # s0 -> s2 -> s1 -> s0; s3 hangs below the cycle
    doc["scenarios"].insert(0, {"name": "fine", "parent": None})
    with pytest.raises(ProjectFileError) as err:
        parse_project(json.dumps(doc).encode(), catalogue)
    assert str(err.value).endswith("scenarios[1].parent: inheritance cycle: s0 -> s2 -> s1 -> s0")
    # a scenario that leads into a cycle names its own path first, as Project.chain does
    project = Project((Scenario("x", "a"), Scenario("a", "b"), Scenario("b", "a")))
    assert project.inheritance_problem() == (0, "inheritance cycle: x -> a -> b -> a")
    with pytest.raises(ScenarioError, match="^inheritance cycle: x -> a -> b -> a$"):
        resolve_all(project, catalogue, ["x"])
    with pytest.raises(ScenarioError, match="no scenario named 'nope'; the project has: root"):
        resolve_all(small_tree(), catalogue, ["leaf", "nope"])


# --- 2. progress on stderr -------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Stream(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self._tty = tty

    def isatty(self):
        return self._tty


def drive(progress, scenarios, clock, step_s):
    """Call the progress hooks as the engine does: once per year before it, once when a scenario ends."""
    for i, s in enumerate(scenarios):
        hook = progress.scenario(i, s)
        years = int(s.values["study_years"])
        for y in range(years):
            clock.now += step_s
            hook(y / years, f"dispatching FY{2026 + y}")
        hook(1.0, s.name)


def three_scenarios(catalogue):
    return resolve_all(parse_project(json.dumps(chain_doc(3, years=4)).encode(), catalogue), catalogue)


def test_plain_progress_is_an_occasional_line_then_a_total(catalogue):
    scenarios, clock, stream = three_scenarios(catalogue), Clock(), Stream(tty=False)
    progress = RunProgress(stream, work_of(scenarios), clock=clock)
    drive(progress, scenarios, clock, step_s=1.0)  # 12 scenario-years, 1 s each
    progress.close(finished=True)
    lines = stream.getvalue().splitlines()
    # the first line once the run has lasted PLAIN_FIRST_S, then one every PLAIN_EVERY_S
    assert lines[0] == "run: scenario 1/3 (s0), dispatching FY2026; 0/12 scenario-years, 1 s"
    assert lines[1] == "run: scenario 2/3 (s1), dispatching FY2027; 5/12 scenario-years, 6 s"
    assert lines[2] == "run: scenario 3/3 (s2), dispatching FY2028; 10/12 scenario-years, 11 s"
    assert lines[3] == "run: 3 scenarios, 12 scenario-years in 12 s"
    assert len(lines) == 4 and "\r" not in stream.getvalue()


def test_a_short_run_prints_nothing_and_quiet_prints_nothing(catalogue):
    scenarios, clock, stream = three_scenarios(catalogue), Clock(), Stream(tty=False)
    progress = RunProgress(stream, work_of(scenarios), clock=clock)
    drive(progress, scenarios, clock, step_s=0.05)  # 0.6 s in all
    progress.close(finished=True)
    assert stream.getvalue() == ""
    quiet = RunProgress(None, work_of(scenarios), clock=clock)
    drive(quiet, scenarios, clock, step_s=10.0)
    quiet.close(finished=True)  # nothing to write to, nothing raised


def test_terminal_progress_rewrites_one_line_and_clears_it(catalogue):
    scenarios, clock, stream = three_scenarios(catalogue), Clock(), Stream(tty=True)
    progress = RunProgress(stream, work_of(scenarios), clock=clock)
    drive(progress, scenarios, clock, step_s=0.5)
    progress.close(finished=True)
    text = stream.getvalue()
    assert "\n" not in text and "\033" not in text  # never a new line, no escape codes: one line rewritten
    updates = text.split("\r")
    assert updates[0] == ""
    assert updates[1] == "run: scenario 1/3 (s0), dispatching FY2026; 0/12 scenario-years, 0 s"
    assert updates[-3] == "run: scenario 3/3 (s2), dispatching FY2029; 11/12 scenario-years, 6 s"
    assert updates[-2] == " " * len(updates[-3]) and updates[-1] == ""  # cleared at the end
    # one update per year, 0.5 s apart; a scenario's end comes at once after its last year, sooner
    # than TTY_EVERY_S, so it is not drawn
    assert len(updates) == 1 + 12 + 2
    # a shorter line is padded to cover what is left of a longer one
    stream = Stream(tty=True)
    progress = RunProgress(stream, work_of(scenarios), clock=clock)
    for text in ("a long description", "short"):
        clock.now += 1.0
        progress.update(text)
    first, second = stream.getvalue().split("\r")[1:]
    assert first == "run: a long description, 1 s" and second == "run: short, 2 s".ljust(len(first))


# --- 3 and 4: the command line: the cap, progress and Ctrl+C ---------------------------------

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "pakistan-2000mw.wbproj"


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, **kw)


def test_the_example_is_far_below_the_caps(catalogue):
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    by_name = {s["name"]: s for s in doc["scenarios"]}

    def own_or_inherited(name, key, default):
        while name is not None:
            s = by_name[name]
            if s.get(key) is not None and key == "large_loads":
                return s[key]
            if key in s.get("overrides", {}):
                return s["overrides"][key]
            name = s.get("parent")
        return default
    years = {n: own_or_inherited(n, "study_years", 1) for n in by_name}
    loads = {n: len(own_or_inherited(n, "large_loads", [])) for n in by_name}
    work = work_of(resolve_all(load_project(EXAMPLE, catalogue), catalogue))
    assert work.scenarios == len(by_name)
    assert work.scenario_years == sum(years.values())
    assert work.load_scenario_years == sum(years[n] * loads[n] for n in by_name)
    said = re.search(r"The bundled example is (\d+) scenario-years and (\d+) load-scenario-years",
                     (ROOT / "docs" / "limits.md").read_text(encoding="utf-8"))
    assert said and (int(said[1]), int(said[2])) == (work.scenario_years, work.load_scenario_years), \
        "docs/limits.md states the example's size: update it"
    # At most a fifth of the tightest cap (--exact, 60), so the example can grow a few scenarios before it binds.
    assert work.scenario_years * 5 <= min(MAX_EXACT_SCENARIO_YEARS, MAX_BRIEF_SCENARIO_YEARS) < MAX_SCENARIO_YEARS
    assert work.load_scenario_years * 1000 < MAX_LOAD_SCENARIO_YEARS


@pytest.mark.parametrize("command", ["validate", "run"])
def test_beyond_the_cap_is_refused_in_one_line(tmp_path, command):
    # 134 scenarios x 15 study years = 2,010 scenario-years
    path = write(tmp_path, chain_doc(134, years=15))
    out = cli(command, path, "--json" if command == "run" else "--", tmp_path / "out.json") if command == "run" \
        else cli(command, path)
    assert out.returncode == 2 and out.stdout == ""
    error = [line for line in out.stderr.splitlines() if not line.startswith("warning:")]
    assert len(error) == 1 and "Traceback" not in out.stderr
    assert "2,010 scenario-years" in error[0] and "cap of 2,000" in error[0] and "--scenario NAME" in error[0]
    assert not (tmp_path / "out.json").exists()


def test_load_scenario_years_cap(tmp_path):
    # every scenario with its own 100 loads: 20 x 15 years x 100 = 30,000 load-scenario-years, under;
    # 100 x 11 years x 100 = 110,000 (only 1,100 scenario-years), over
    under = write(tmp_path, chain_doc(20, years=15, loads=100, every_scenario_loads=True), "under.wbproj")
    over = write(tmp_path, chain_doc(100, years=11, loads=100, every_scenario_loads=True), "over.wbproj")
    assert cli("validate", under).returncode == 0
    out = cli("validate", over)
    assert out.returncode == 2
    assert "110,000 load-scenario-years" in out.stderr and "cap of 100,000" in out.stderr


def test_just_under_the_cap_validates_and_a_selection_runs(tmp_path):
    # 133 x 15 = 1,995 scenario-years and 1,995 x 50 = 99,750 load-scenario-years: both under
    path = write(tmp_path, chain_doc(133, years=15, loads=50))
    out = cli("validate", path)
    assert out.returncode == 0, out.stderr
    assert "valid; 133 scenarios" in out.stdout
    exact = cli("run", path, "--exact", "--scenario", "s1", "--scenario", "s2", "--scenario", "s3",
                "--scenario", "s4", "--scenario", "s5")
    assert exact.returncode == 2 and "with --exact" in exact.stderr and "75 scenario-years" in exact.stderr
    # a brief of 11 scenarios x 15 years = 165 scenario-years, above its cap of 150
    brief = cli("run", path, "--xlsx", tmp_path / "b.xlsx", *[a for i in range(11) for a in ("--scenario", f"s{i}")])
    assert brief.returncode == 2 and "with --xlsx" in brief.stderr and "165 scenario-years" in brief.stderr
    assert "cap of 150" in brief.stderr and not (tmp_path / "b.xlsx").exists()


def test_a_run_under_the_cap_is_accepted(tmp_path, monkeypatch, capsys):
    # The whole run at the real cap takes about a minute; the same check with a smaller cap takes seconds.
    path = write(tmp_path, chain_doc(3, years=2, loads=1))
    monkeypatch.setattr(batch, "MAX_SCENARIO_YEARS", 6)
    monkeypatch.setattr(batch, "MAX_LOAD_SCENARIO_YEARS", 6)
    assert main(["run", str(path), "--json", str(tmp_path / "out.json")]) == 0
    results = json.loads((tmp_path / "out.json").read_text())["scenarios"]
    assert [r["name"] for r in results] == ["s0", "s1", "s2"]
    monkeypatch.setattr(batch, "MAX_SCENARIO_YEARS", 5)
    assert main(["run", str(path), "--json", str(tmp_path / "again.json")]) == 2
    assert "6 scenario-years" in capsys.readouterr().err and not (tmp_path / "again.json").exists()


def test_progress_lines_on_a_pipe(tmp_path):
    path = write(tmp_path, chain_doc(20, years=15, loads=5))  # 300 scenario-years: a few seconds of work
    out = cli("run", path, "--json", tmp_path / "out.json")
    assert out.returncode == 0, out.stderr
    # Progress goes with the report on stdout (issue 12); stderr is for warnings and errors.
    lines = [line for line in out.stdout.splitlines() if line.startswith("run: ")]
    assert lines and re.fullmatch(r"run: scenario \d+/20 \(s\d+\)(, dispatching FY\d{4}| done); "
                                  r"\d+/300 scenario-years, \d+ s", lines[0]), lines
    assert re.fullmatch(r"run: 20 scenarios, 300 scenario-years in \d+ s", lines[-1])
    assert "run:" not in out.stderr and json.loads((tmp_path / "out.json").read_text())
    # With --format json, stdout is the document alone and progress moves to stderr.
    data = cli("run", path, "--format", "json")
    assert data.returncode == 0 and json.loads(data.stdout)["scenarios"]
    assert "run: 20 scenarios, 300 scenario-years" in data.stderr


def test_quiet_run_prints_no_progress(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(batch, "PLAIN_FIRST_S", 0.0)  # progress from the first step, so any would show
    path = write(tmp_path, chain_doc(2, years=2))
    assert main(["run", str(path)]) == 0
    assert "run: scenario 1/2 (s0), dispatching FY2026; 0/4 scenario-years" in capsys.readouterr().out
    assert main(["run", str(path), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "run:" not in captured.err + captured.out and "s0" in captured.out


def test_ctrl_c_stops_a_long_run_cleanly(tmp_path):
    # 130 scenarios x 15 years: about a minute of work, under the cap
    path = write(tmp_path, chain_doc(130, years=15, loads=20))
    out_json = tmp_path / "out.json"
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "run", str(path), "--json", str(out_json)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        first = ""
        while not first.startswith("run: "):  # progress (on stdout) appears once the run has lasted a second
            first = proc.stdout.readline()
            assert first or proc.poll() is None, "the run ended before any progress"
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
        stopped = time.monotonic()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert stderr.strip().splitlines()[-1] == "run: stopped by the user; nothing was written"
    assert "Traceback" not in stderr and all(line.startswith("run: ") for line in stdout.splitlines())
    assert stopped - sent < 5  # generous for a loaded machine; it stops at the next year (~20 ms)
    assert stopped - started < 30  # far less than the whole run
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.wbproj"]  # no output, no temporary file
