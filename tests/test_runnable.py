"""`validate` says what `run` will say: a file that validates runs, and one that cannot run is refused
by validate with the same message (never a ZeroDivisionError from run, exit 70)."""
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.cli import EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, main
from workbench.core.parameters import CHOICE, FLAG, INTEGER, LARGE_LOAD_FIELDS, MONTH_SET, NUMBER, SCALARS
from workbench.session import EXAMPLE_PROJECT

BASE = json.loads(EXAMPLE_PROJECT.read_text(encoding="utf-8"))


def project_file(path, overrides, loads=()):
    """The example project cut to its baseline scenario with these overrides and loads."""
    scenario = {**BASE["scenarios"][0], "overrides": overrides, "large_loads": list(loads)}
    path.write_text(json.dumps({**BASE, "scenarios": [scenario]}), encoding="utf-8")
    return str(path)


def cli(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def plant_keys(catalogue, attr):
    return [p.key for p in catalogue if p.key.startswith("plant.") and p.key.endswith(f".{attr}")]


@pytest.mark.parametrize("attr", ["capacity_mw", "availability"])
def test_a_system_with_nothing_to_generate_is_refused_by_validate_as_by_run(tmp_path, capsys, catalogue, attr):
    # Each value is inside its bounds (0 is allowed); together there is no supply, and the
    # tariff (cost / sales) has nothing to divide by. It used to validate, then run died (exit 70).
    path = project_file(tmp_path / "p.wbproj", {k: 0 for k in plant_keys(catalogue, attr)})
    code, out, err = cli(capsys, "validate", path)
    assert code == EXIT_USER_ERROR and out == ""
    assert err.startswith("error: scenario 'No allocation' cannot run: no plant can generate in FY2026")
    assert cli(capsys, "run", path)[::2] == (EXIT_USER_ERROR, err)


def test_one_plant_left_is_enough_to_run(tmp_path, capsys, catalogue):
    overrides = {k: 0 for k in plant_keys(catalogue, "capacity_mw") if k != "plant.nuclear_karachi.capacity_mw"}
    path = project_file(tmp_path / "p.wbproj", overrides)
    assert cli(capsys, "validate", path)[0] == 0
    assert cli(capsys, "run", path)[0] == 0  # massive shedding, but a tariff to report


def test_fuel_escalated_past_the_value_of_lost_load_in_a_later_year_is_refused_by_validate(
        tmp_path, capsys, dataset):
    # 15 years at 50 %/yr escalation: FY2026 runs, but the oil plants' running cost passes half of
    # the value of lost load (the dispatch ranks curtailment there) a few years in.
    path = project_file(tmp_path / "p.wbproj", {"fuel_escalation_pct": 50.0, "study_years": 15})
    code, _, err = cli(capsys, "validate", path)
    # By hand: an oil plant's running cost is heat rate x oil price x exchange rate, escalated 1.5x a year
    # after FY2026, plus its variable O&M; the first year the dearest reaches VOLL / 2 is the one refused.
    oil = [p for p in dataset.plant_ids() if dataset.plant(p, "fuel") == "rfo"]
    assert len(oil) == 2  # GENCO steam units and IPP engines
    fx, price, voll = (dataset.number(k) for k in ("finance.pkr_per_usd", "fuel.rfo.price", "grid.voll_pkr_per_kwh"))

    def cost(plant, fy):
        fuel = dataset.plant(plant, "heat_rate") * 1e-6 * price * fx * 1.5 ** (fy - 2026)
        return fuel + dataset.plant(plant, "vom")
    fy = next(y for y in range(2026, 2041) if max(cost(p, y) for p in oil) >= voll / 2)
    dearest = max(oil, key=lambda p: cost(p, fy))
    assert code == EXIT_USER_ERROR
    assert f"(Rs {cost(dearest, fy):,.1f}/kWh for {dearest} in FY{fy}); raise voll_pkr_per_kwh" in err, err
    assert cli(capsys, "run", path)[::2] == (EXIT_USER_ERROR, err)


# Property: any project file whose every value is inside its catalogue bounds either validates and
# then runs (exit 0), or is refused by validate with a one-line message that run repeats. The suite
# runs a fixed sample; WORKBENCH_PROPERTY_RANDOM=1 WORKBENCH_PROPERTY_EXAMPLES=2000 explores further.
EXTREMES = {"study_years": (1, 3)}  # a run per example: keep the horizon short so the test stays fast


def scalar_value(p):
    if p.kind == CHOICE:
        return st.sampled_from(p.choices)
    if p.kind == FLAG:
        return st.booleans()
    lo, hi = EXTREMES.get(p.key, (p.minimum, p.maximum))
    if p.kind == INTEGER:
        return st.integers(int(lo), int(hi))
    return st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi, allow_nan=False))


def load_value(p):
    if p.kind == MONTH_SET:
        return st.lists(st.sampled_from(["jul", "dec", "jan", "may", "jun"]), max_size=3, unique=True)
    if p.optional:
        return st.one_of(st.none(), scalar_value(p))
    return scalar_value(p) if p.kind != "text" else st.sampled_from(["Miners", "Data centre"])


@st.composite
def bounded_projects(draw):
    scalars = [p for p in SCALARS if p.kind in (NUMBER, INTEGER, CHOICE, FLAG)]
    chosen = draw(st.lists(st.sampled_from(scalars), max_size=12, unique_by=lambda p: p.key))
    overrides = {p.key: draw(scalar_value(p)) for p in chosen}
    overrides.setdefault("study_years", draw(st.integers(1, 3)))
    if draw(st.booleans()):  # whole fleets switched off, the case bounds alone do not catch
        attr = draw(st.sampled_from(["capacity_mw", "availability"]))
        share = draw(st.sampled_from([0.0, 1e-6, 1.0]))
        overrides["__plants__"] = (attr, share)
    loads = []
    for i in range(draw(st.integers(0, 2))):
        fields = {p.key: draw(load_value(p)) for p in LARGE_LOAD_FIELDS if p.key != "name"}
        loads.append({**fields, "name": f"Load {i + 1}"})
    return overrides, loads


@settings(max_examples=int(os.environ.get("WORKBENCH_PROPERTY_EXAMPLES", "60")), deadline=None, database=None,
          derandomize=os.environ.get("WORKBENCH_PROPERTY_RANDOM") is None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=bounded_projects())
def test_a_file_within_bounds_either_validates_and_runs_or_is_refused_by_validate(tmp_path, capsys, catalogue,
                                                                                     case):
    overrides, loads = case
    if "__plants__" in overrides:
        attr, share = overrides.pop("__plants__")
        for key in plant_keys(catalogue, attr):
            overrides[key] = catalogue[key].default * share if attr == "capacity_mw" else share
    path = project_file(tmp_path / "p.wbproj", overrides, loads)
    code, _, err = cli(capsys, "validate", path)
    if code == 0:
        run_code, _, run_err = cli(capsys, "run", path)
        assert run_code == 0, (overrides, loads, run_err)
    else:
        assert code == EXIT_USER_ERROR and err.startswith("error: ") and err.count("\n") == 1, err
        run_code, _, run_err = cli(capsys, "run", path)
        assert run_code != EXIT_INTERNAL_ERROR, run_err
        assert run_code == EXIT_USER_ERROR, (overrides, loads, run_err)
