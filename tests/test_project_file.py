"""Project files: malformed input, size cap, round trips, atomic saves, migration of old schemas.

The malformed corpus lives in tests/malformed/ (one problem per file, expected.json says what
the message must contain; make_corpus.py regenerates it). The frozen schema-1 example is
tests/data/project_v1.wbproj and must never be edited: it is what old files look like.
"""
from __future__ import annotations

import json
import math
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbench.io.atomic as atomic
from workbench.core.dataset import MONTHS
from workbench.core.errors import ProjectFileError
from workbench.core.parameters import CHOICE, FLAG, INTEGER, NUMBER, build_catalogue
from workbench.core.project import Project, Scenario, resolve
from workbench.io.dataset_loader import load_dataset
from workbench.io.migrations import CURRENT_SCHEMA
from workbench.io.project_file import FORMAT, MAX_BYTES, dumps, load_project, parse_project, save_project

TESTS = Path(__file__).resolve().parent
MALFORMED = TESTS / "malformed"
NOT_CORPUS = {"expected.json", "make_corpus.py"}
V1_FILE = TESTS / "data" / "project_v1.wbproj"
EXAMPLES = TESTS.parent / "scenarios"
TEMP_PATTERN = f".*{atomic.TEMP_MARK}*"

CATALOGUE = build_catalogue(load_dataset())


def corpus_files() -> list[Path]:
    return sorted(p for p in MALFORMED.iterdir() if p.is_file() and p.name not in NOT_CORPUS)


def expected_messages() -> dict[str, str]:
    return json.loads((MALFORMED / "expected.json").read_text(encoding="utf-8"))


def small_project(title: str = "Small") -> Project:
    return Project((
        Scenario("Base", notes="Baseline.", author="Tester", created="2026-11-28T14:00:00+00:00"),
        Scenario("Stress", parent="Base", overrides={"hydrology_factor": 0.8, "pkr_per_usd": 330.0},
                 large_loads=({"name": "Miners", "mw": 1000.0, "zone": "south",
                               "curtail_months": ["jul", "jun"]},),  # canonical: fiscal-year order
                 notes="Dry year,\nweak rupee — ünïcödé.", locked=True),
        Scenario("Dry only", parent="Base", overrides={"hydrology_factor": 0.7}, large_loads=()),
    ), title=title, notes="Project notes.")


# --- comparing projects -------------------------------------------------------------------

def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def assert_same_value(expected: Any, actual: Any, where: str) -> None:
    if _is_number(expected):
        assert _is_number(actual), f"{where}: {actual!r} is not a number"
        assert float(expected) == float(actual), f"{where}: {expected!r} != {actual!r}"
    else:
        assert type(expected) is type(actual) and expected == actual, f"{where}: {expected!r} != {actual!r}"


def assert_same_project(expected: Project, actual: Project) -> None:
    assert actual.title == expected.title
    assert actual.notes == expected.notes
    assert actual.dataset == (dict(expected.dataset) if expected.dataset else None)
    assert [s.name for s in actual.scenarios] == [s.name for s in expected.scenarios]
    for e, a in zip(expected.scenarios, actual.scenarios):
        for attr in ("name", "parent", "notes", "author", "created", "modified", "locked"):
            assert getattr(a, attr) == getattr(e, attr), f"{e.name}.{attr}"
        assert set(a.overrides) == set(e.overrides), f"{e.name}.overrides"
        for key, value in e.overrides.items():
            assert_same_value(value, a.overrides[key], f"{e.name}.overrides.{key}")
        if e.large_loads is None:
            assert a.large_loads is None, f"{e.name}.large_loads"
            continue
        assert a.large_loads is not None and len(a.large_loads) == len(e.large_loads), f"{e.name}.large_loads"
        for i, (el, al) in enumerate(zip(e.large_loads, a.large_loads)):
            assert set(al) == set(el), f"{e.name}.large_loads[{i}]"
            for key, value in el.items():
                assert_same_value(value, al[key], f"{e.name}.large_loads[{i}].{key}")


# --- the malformed corpus -----------------------------------------------------------------

def test_corpus_and_expected_json_match() -> None:
    files = {p.name for p in corpus_files()}
    expected = expected_messages()
    assert len(files) >= 32
    assert files - set(expected) == set(), "corpus files without an entry in expected.json"
    assert set(expected) - files == set(), "expected.json entries without a corpus file"
    assert all(isinstance(v, str) and v.strip() for v in expected.values())


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_malformed_file_is_refused_with_a_clear_message(path: Path) -> None:
    expected = expected_messages()
    assert path.name in expected, f"add {path.name} to tests/malformed/expected.json"
    with pytest.raises(ProjectFileError) as info:
        load_project(path, CATALOGUE)
    message = str(info.value)
    assert str(path) in message
    assert expected[path.name] in message
    assert "Traceback" not in message


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    data = dumps(small_project())
    path = tmp_path / "huge.wbproj"
    path.write_bytes(data + b" " * (MAX_BYTES + 1 - len(data)))
    assert path.stat().st_size == MAX_BYTES + 1
    with pytest.raises(ProjectFileError) as info:
        load_project(path, CATALOGUE)
    message = str(info.value)
    assert str(path) in message and f"{MAX_BYTES:,}-byte limit" in message
    with pytest.raises(ProjectFileError, match=f"{MAX_BYTES:,}-byte limit"):
        parse_project(path.read_bytes(), CATALOGUE)


def test_file_exactly_at_the_size_cap_loads(tmp_path: Path) -> None:
    data = dumps(small_project())
    path = tmp_path / "padded.wbproj"
    path.write_bytes(data + b" " * (MAX_BYTES - len(data)))
    assert path.stat().st_size == MAX_BYTES
    assert_same_project(small_project(), load_project(path, CATALOGUE))


def test_missing_file_is_a_project_file_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.wbproj"
    with pytest.raises(ProjectFileError, match=": no such file$") as info:
        load_project(path, CATALOGUE)
    assert str(path) in str(info.value)


def test_newer_schema_asks_for_a_newer_workbench() -> None:
    doc = json.loads(dumps(small_project()))
    doc["schema_version"] = CURRENT_SCHEMA + 1
    with pytest.raises(ProjectFileError) as info:
        parse_project(json.dumps(doc).encode(), CATALOGUE, "from-the-future.wbproj")
    message = str(info.value)
    assert "newer workbench" in message
    assert "from-the-future.wbproj: schema_version:" in message


# --- property-based round trip --------------------------------------------------------------

NUMBER_KEYS = ("pkr_per_usd", "hydrology_factor", "demand_growth_pct", "rlng_price_usd_per_mmbtu",
               "plant.coal_sahiwal.capacity_mw", "plant.wind.availability")
INTEGER_KEYS = ("study_years", "study_first_fy")
CHOICE_KEYS = ("zones", "tariff_policy", "shedding_priority")
FLAG_KEYS = ("include_pipeline",)
LOAD_KEYS = ("kind", "zone", "load_factor", "start_month", "connection", "flexibility", "curtail_below_headroom_mw",
             "curtail_months", "tariff_scheme", "tariff_pkr_per_kwh", "pue")


def value_strategy(parameter: Any) -> st.SearchStrategy[Any]:
    """Valid, canonical values of one parameter (numbers may be ints or floats)."""
    if parameter.kind == NUMBER:
        lo, hi = parameter.minimum, parameter.maximum
        out = st.floats(lo, hi, allow_nan=False, allow_infinity=False) | st.integers(math.ceil(lo), math.floor(hi))
    elif parameter.kind == INTEGER:
        out = st.integers(int(parameter.minimum), int(parameter.maximum))
    elif parameter.kind == CHOICE:
        out = st.sampled_from(parameter.choices)
    elif parameter.kind == FLAG:
        out = st.booleans()
    else:  # months: canonical order, no repeats, as the parser returns them
        out = st.lists(st.sampled_from(MONTHS), unique=True).map(lambda ms: sorted(ms, key=MONTHS.index))
    return st.none() | out if parameter.optional else out


SAFE_NAME = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)  # newlines, tabs, NUL, emoji...
TIMESTAMP = st.just("") | st.datetimes().map(lambda d: d.isoformat(timespec="seconds"))
OVERRIDES = st.fixed_dictionaries({}, optional={
    key: value_strategy(CATALOGUE[key]) for key in (*NUMBER_KEYS, *INTEGER_KEYS, *CHOICE_KEYS, *FLAG_KEYS)})


@st.composite
def large_loads(draw: st.DrawFn) -> tuple[dict[str, Any], ...]:
    names = draw(st.lists(SAFE_NAME, max_size=3, unique=True))
    fields = CATALOGUE.load_fields
    loads = []
    for name in names:
        load = draw(st.fixed_dictionaries({"name": st.just(name), "mw": value_strategy(fields["mw"])},
                                          optional={key: value_strategy(fields[key]) for key in LOAD_KEYS}))
        if draw(st.booleans()):  # a daily window has both ends or none
            load["curtail_window_start_hour"] = draw(value_strategy(fields["curtail_window_start_hour"]))
            load["curtail_window_end_hour"] = None if load["curtail_window_start_hour"] is None else \
                draw(st.integers(0, 24))
        if load.get("kind") == "ai_data_centre":
            load["flexibility"] = "firm"  # data centres are never curtailable
        if load.get("kind") == "state_mining" and load.get("flexibility") == "price_responsive":
            load["flexibility"] = "firm"  # the state mines by rule, not by a miner's price
        loads.append(load)
    return tuple(loads)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    names = draw(st.lists(SAFE_NAME, min_size=1, max_size=6, unique=True))
    # A parent always comes earlier in this list, so the forest has no cycles; then shuffle.
    parents = [None] + [draw(st.none() | st.sampled_from(names[:i])) for i in range(1, len(names))]
    scenarios = [Scenario(name=name, parent=parent, overrides=draw(OVERRIDES),
                          large_loads=draw(st.none() | large_loads()), notes=draw(ANY_TEXT),
                          author=draw(st.text(max_size=20)), created=draw(TIMESTAMP), modified=draw(TIMESTAMP),
                          locked=draw(st.booleans()))
                 for name, parent in zip(names, parents)]
    order = draw(st.permutations(range(len(scenarios))))
    dataset = draw(st.none() | st.fixed_dictionaries({k: st.text(max_size=20) for k in ("name", "version", "hash")}))
    return Project(tuple(scenarios[i] for i in order), title=draw(st.text(max_size=60)), notes=draw(ANY_TEXT),
                   dataset=dataset)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(project=projects())
def test_dumps_then_parse_gives_the_same_project(project: Project) -> None:
    data = dumps(project)
    parsed = parse_project(data, CATALOGUE)
    assert_same_project(project, parsed)
    assert dumps(parse_project(dumps(parsed), CATALOGUE)) == dumps(parsed)  # canonical after one pass


# --- saving on disk -----------------------------------------------------------------------

def temp_files(folder: Path) -> list[Path]:
    return list(folder.glob(TEMP_PATTERN))


def test_save_and_load_round_trip_keeps_a_backup(tmp_path: Path) -> None:
    target = tmp_path / "study.wbproj"
    backup = tmp_path / "study.wbproj.bak"
    first = small_project("First")
    save_project(first, target)
    assert not backup.exists()
    assert_same_project(first, load_project(target, CATALOGUE))
    first_bytes = target.read_bytes()

    second = small_project("Second").without_scenario("Dry only")
    save_project(second, target)
    assert backup.read_bytes() == first_bytes
    assert target.read_bytes() == dumps(second)
    assert_same_project(second, load_project(target, CATALOGUE))
    assert temp_files(tmp_path) == []


def test_save_retries_while_the_target_is_briefly_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "study.wbproj"
    save_project(small_project("Before"), target)
    before = target.read_bytes()
    real_replace = os.replace
    calls = []

    def flaky_replace(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) <= 2:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(atomic, "RETRY_DELAY_S", 0)
    monkeypatch.setattr(atomic, "LOCKS_OPEN_FILES", True)  # as on Windows, where open files cannot be replaced
    monkeypatch.setattr(atomic.os, "replace", flaky_replace)
    save_project(small_project("After"), target)
    monkeypatch.undo()

    assert len(calls) >= 3
    assert target.read_bytes() == dumps(small_project("After"))
    assert (tmp_path / "study.wbproj.bak").read_bytes() == before
    assert temp_files(tmp_path) == []


def test_save_to_a_locked_target_fails_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "study.wbproj"
    backup = tmp_path / "study.wbproj.bak"
    save_project(small_project("One"), target)
    save_project(small_project("Two"), target)
    before, backup_before = target.read_bytes(), backup.read_bytes()
    calls = []

    def locked_replace(src: Any, dst: Any) -> None:
        calls.append(dst)
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(atomic, "RETRY_DELAY_S", 0)
    monkeypatch.setattr(atomic, "LOCKS_OPEN_FILES", True)  # as on Windows, where open files cannot be replaced
    monkeypatch.setattr(atomic.os, "replace", locked_replace)
    with pytest.raises(ProjectFileError) as info:
        save_project(small_project("Three"), target)
    monkeypatch.undo()

    message = str(info.value)
    assert "locked" in message and str(target) in message
    assert len(calls) == atomic.RETRIES  # retried, then gave up
    assert target.read_bytes() == before
    assert backup.read_bytes() == backup_before
    assert temp_files(tmp_path) == []


CHILD = """
import sys
from pathlib import Path
from workbench.io.saving import write_project_bytes

target, a, b = sys.argv[1:4]
versions = (Path(a).read_bytes(), Path(b).read_bytes())
print("ready", flush=True)
i = 0
while True:
    i += 1
    write_project_bytes(target, versions[i % 2])
"""


def big_project(mark: str) -> Project:
    """About 300 KB: 20 scenarios with 3,800 four-byte characters of notes each."""
    return Project(tuple(Scenario(f"S{i}", parent=f"S{i - 1}" if i else None, notes=mark * 3_800,
                                  overrides={"pkr_per_usd": 200.0 + i})
                         for i in range(20)), title=f"Version {mark}")


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt" or not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_200_kills_during_saves_never_leave_a_broken_file_or_a_temporary_one(tmp_path: Path) -> None:
    """A process killed at any moment while saving leaves either the old or the new version,
    backups that are whole versions too, and temporary files that the next open removes.

    The child calls write_project_bytes, the exact write path of save_project (lock, backups,
    atomic replace), with bytes made by dumps here, so it starts in a tenth of a second.
    """
    from workbench.session import open_session

    version_a, version_b = big_project("\U0001F600"), big_project("\U0001F31E")
    bytes_a, bytes_b = dumps(version_a), dumps(version_b)
    assert bytes_a != bytes_b and 200_000 < len(bytes_a) < MAX_BYTES and len(bytes_b) < MAX_BYTES
    (tmp_path / "a.bin").write_bytes(bytes_a)
    (tmp_path / "b.bin").write_bytes(bytes_b)
    folder = tmp_path / "race"
    folder.mkdir()
    target = folder / "project.wbproj"
    save_project(version_a, target)
    parsed = {bytes_a: parse_project(bytes_a, CATALOGUE), bytes_b: parse_project(bytes_b, CATALOGUE)}
    kept = {target.name, *(b.name for b in atomic.backups(target)), f".{target.name}.lock"}

    rng = random.Random(20261203)
    temps_swept = 0
    for _ in range(200):
        with subprocess.Popen([sys.executable, "-c", CHILD, str(target), str(tmp_path / "a.bin"),
                               str(tmp_path / "b.bin")], stdout=subprocess.PIPE) as child:
            assert child.stdout is not None and child.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0, 0.060))
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert child.returncode == -signal.SIGKILL
        data = target.read_bytes()
        assert data in parsed, f"torn file: {len(data):,} bytes"
        for backup in atomic.backups(target):
            assert not backup.exists() or backup.read_bytes() in parsed, backup.name
        leftovers = {p.name for p in folder.iterdir()} - kept
        assert all(atomic.TEMP_MARK in name for name in leftovers), leftovers
        temps_swept += bool(leftovers)
        session = open_session(target)  # the next open: the project loads and the leftovers go
        assert session.project == parsed[data]
        assert {p.name for p in folder.iterdir()} <= kept
    print(f"{temps_swept} of 200 kills left a temporary file")
    assert temps_swept > 0, "no kill landed inside a save: the test did not test anything"


# --- migration of old schemas -------------------------------------------------------------

def test_frozen_v1_file_is_still_schema_1() -> None:
    raw = json.loads(V1_FILE.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1 and raw["format"] == FORMAT
    assert all("base" in s and "values" in s for s in raw["scenarios"])


def test_v1_file_migrates() -> None:
    project = load_project(V1_FILE, CATALOGUE)
    assert project.names() == ["Baseline", "Weak rupee", "Weak rupee, dry year", "Data centres only"]
    assert [s.name for s in project.chain("Weak rupee, dry year")] == ["Weak rupee, dry year", "Weak rupee",
                                                                       "Baseline"]
    assert project.scenario("Data centres only").parent == "Baseline"
    assert project.scenario("Baseline").parent is None

    assert project.scenario("Baseline").overrides == {}
    assert project.scenario("Weak rupee").overrides == {"pkr_per_usd": 330.0, "rlng_price_usd_per_mmbtu": 14.0}
    assert project.scenario("Weak rupee, dry year").overrides == {
        "hydrology_factor": 0.8, "tariff_policy": "held_at_notified", "plant.coal_sahiwal.availability": 0.7}

    assert project.scenario("Baseline").large_loads is None  # no "loads": inherits (nothing)
    assert project.scenario("Weak rupee").large_loads is None
    loads = project.scenario("Weak rupee, dry year").large_loads
    assert loads == (
        {"name": "Miners at Port Qasim", "mw": 1340.0, "kind": "crypto_mining", "zone": "south",
         "load_factor": 0.95, "tariff_pkr_per_kwh": 23.0},
        {"name": "Miners at Sahiwal", "mw": 660.0, "kind": "crypto_mining", "zone": "north",
         "load_factor": 0.95, "tariff_pkr_per_kwh": 23.0},
    )
    assert project.scenario("Data centres only").large_loads == (
        {"name": "AI data centres", "mw": 500.0, "kind": "ai_data_centre", "zone": "north", "load_factor": 0.88},)

    assert project.scenario("Weak rupee").notes == ("Rupee at 330 per dollar and LNG at USD 14/MMBtu.\n"
                                                   "Second line of the note: kept as written.")
    assert project.scenario("Data centres only").notes == ""
    for s in project.scenarios:
        assert s.locked is False and s.author == "" and s.created == "" and s.modified == ""
    assert project.title == "" and project.notes == "" and project.dataset is None

    resolved = resolve(project, "Weak rupee, dry year", CATALOGUE)
    assert resolved.values["pkr_per_usd"] == 330.0 and resolved.values["hydrology_factor"] == 0.8
    assert resolved.loads_origin == "Weak rupee, dry year"


def test_v1_file_saves_as_the_current_schema() -> None:
    project = load_project(V1_FILE, CATALOGUE)
    data = dumps(project)
    doc = json.loads(data)
    assert doc["schema_version"] == CURRENT_SCHEMA == 6
    for s in doc["scenarios"]:
        assert not {"base", "values", "loads", "note"} & set(s)
        for load in s.get("large_loads", []):
            assert not {"capacity_mw", "type", "tariff_rs_per_kwh"} & set(load)
    again = parse_project(data, CATALOGUE)
    assert again == project
    assert_same_project(project, again)


# --- bundled examples ---------------------------------------------------------------------

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.wbproj"))


def test_there_are_example_projects() -> None:
    assert EXAMPLE_FILES


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_project_loads_and_every_scenario_resolves(path: Path) -> None:
    project = load_project(path, CATALOGUE)
    assert project.scenarios
    for name in project.names():
        resolved = resolve(project, name, CATALOGUE)
        assert set(resolved.values) == set(CATALOGUE.parameters)
    assert_same_project(project, parse_project(dumps(project), CATALOGUE))


def test_utf16_file_says_how_to_fix(tmp_path, catalogue):
    path = tmp_path / "utf16.wbproj"
    path.write_bytes(json.dumps({"format": FORMAT}).encode("utf-16"))
    with pytest.raises(ProjectFileError, match="UTF-16.*re-save it as UTF-8"):
        load_project(path, catalogue)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_save_keeps_file_permissions(tmp_path, catalogue):
    from workbench.core.project import Project, Scenario
    path = tmp_path / "p.wbproj"
    project = Project((Scenario("A"),))
    save_project(project, path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's owner-only 0600
    path.chmod(0o640)
    save_project(project, path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "p.wbproj.bak").stat().st_mode & 0o777 == 0o640


def test_opening_a_project_sweeps_old_temporary_files_only(tmp_path) -> None:
    import shutil

    from workbench.session import EXAMPLE_PROJECT, open_session
    project = tmp_path / "p.wbproj"
    shutil.copy(EXAMPLE_PROJECT, project)
    old = tmp_path / f".p.wbproj{atomic.TEMP_MARK}crashed"
    fresh = tmp_path / f".p.wbproj{atomic.TEMP_MARK}saving-now"
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    open_session(project)
    assert not old.exists()
    assert fresh.exists()  # another save may still be writing it
    assert project.exists()
