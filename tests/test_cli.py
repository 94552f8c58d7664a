"""The command line as a user meets it: real processes, exit codes, one-line errors."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import __version__
from workbench.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "scenarios" / "pakistan-2000mw.wbproj")


def run_main(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_version():
    out = run_main("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"workbench {__version__}"


def test_validate_example_project():
    out = run_main("validate", EXAMPLE)
    assert out.returncode == 0, out.stderr
    names = [s["name"] for s in json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))["scenarios"]]
    assert f"valid; {len(names)} scenarios: {', '.join(names)}" in out.stdout and out.stderr == ""


def test_diff_prints_a_readable_table():
    out = run_main("diff", EXAMPLE, "Government proposal", "Stress")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() [0] == "Parameter" and set(lines[1]) <= {"-", " "}
    rows = {line.split("  ")[0]: line for line in lines[2:]}
    assert "Exchange rate" in rows and "280 PKR/USD" in rows["Exchange rate"] and "330 PKR/USD" in rows["Exchange rate"]
    assert len(lines) == 2 + 4  # exactly the four stress overrides


@pytest.mark.parametrize("args, message", [
    (("validate", "missing.wbproj"), "missing.wbproj: no such file"),
    (("diff", EXAMPLE, "Government proposal", "Nope"), "no scenario named 'Nope'"),
    (("run", EXAMPLE, "--scenario", "Nope"), "no scenario named 'Nope'"),
    (("frobnicate",), "invalid choice"),
    (("run",), "required"),
])
def test_user_errors_are_one_line_with_nonzero_exit(args, message):
    out = run_main(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr
    assert "Traceback" not in out.stderr


def test_malformed_project_is_one_line(tmp_path):
    bad = tmp_path / "bad.wbproj"
    bad.write_text('{"format": "grid-tariff-workbench-project", "schema_version": 2, "scenarios": '
                   '[{"name": "A", "overrides": {"pkr_per_usd": -1}}]}')
    out = run_main("validate", str(bad))
    assert out.returncode == 2
    assert out.stderr.strip() == (f"error: {bad}: scenarios[0].overrides.pkr_per_usd: "
                                  "-1 is below the minimum 50 PKR/USD")


def test_run_json_has_names_hashes_and_dataset(tmp_path, capsys, dataset):
    out = tmp_path / "out.json"
    assert main(["run", EXAMPLE, "--scenario", "No allocation", "--scenario", "Stress", "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["dataset"] == dataset.identity
    assert [s["name"] for s in doc["scenarios"]] == ["No allocation", "Stress"]
    for s in doc["scenarios"]:
        assert len(s["input_hash"]) == 64 and s["dataset"] == dataset.identity
        assert all(isinstance(v, (int, float)) for v in s["results"].values())
    assert doc["scenarios"][0]["input_hash"] != doc["scenarios"][1]["input_hash"]
    # The stable result names that scripts read from run --json, units in the names.
    design_keys = {"unserved_energy_gwh", "generation_gwh", "energy_cost_pkr_bn", "capacity_cost_pkr_bn",
                   "uniform_tariff_pkr_per_kwh", "uniform_tariff_change_pkr_per_kwh", "large_load_served_gwh",
                   "large_load_curtailed_gwh", "large_load_revenue_pkr_bn", "large_load_contribution_pkr_bn",
                   "break_even_tariff_pkr_per_kwh", "subsidy_pkr_bn", "circular_debt_flow_pkr_bn",
                   "fuel_imports_usd_m", "co2_mt"}
    assert design_keys <= set(doc["scenarios"][1]["results"])
    # No new loads, no break-even: the key is absent rather than zero.
    assert "break_even_tariff_pkr_per_kwh" not in doc["scenarios"][0]["results"]


def test_run_refuses_unwritable_output(tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "out.json"
    assert main(["run", EXAMPLE, "--scenario", "No allocation", "--json", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err


# --- issue 12, part 6: run prints a report; --keys, --format json and csv keep scripts working ------------
@pytest.fixture(scope="module")
def run_outputs(tmp_path_factory):
    brief = tmp_path_factory.mktemp("run") / "brief.xlsx"
    return {"table": run_main("run", EXAMPLE, "--xlsx", str(brief)), "keys": run_main("run", EXAMPLE, "--keys"),
            "json": run_main("run", EXAMPLE, "--format", "json"), "csv": run_main("run", EXAMPLE, "--format", "csv"),
            "brief": brief}


def test_run_prints_labelled_key_numbers_with_units_verdicts_and_the_answer(run_outputs, example_session):
    from workbench.core.headlines import KEY_NUMBERS, answer
    from workbench.core.project import resolve

    out = run_outputs["table"]
    assert out.returncode == 0 and out.stderr == "", out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"wrote the brief {run_outputs['brief']}"  # on stdout, with the report
    header = lines[1]
    names = example_session.project.names()
    assert header.startswith("Key numbers, FY2026") and all(n in header for n in names)
    body = {line[:66].strip(): line for line in lines[3:3 + len(KEY_NUMBERS)]}
    results = {r["name"]: r["results"] for r in json.loads(run_outputs["json"].stdout)["scenarios"]}
    for h in KEY_NUMBERS:
        line = body[h.label.strip()] if h.label.strip() in body else next(v for k, v in body.items()
                                                                         if h.label.strip().startswith(k))
        assert f" {h.unit} " in line, h.key
        for name in names:
            value = results[name].get(h.key)
            assert (h.format(value) if value is not None else "n/a") in line, (h.key, name)
    # Verdicts as words, the baseline not scored, no raw keys, no flags printed as numbers, no "-0.00".
    spare = body["Lowest spare capacity with the new loads"].split()
    assert spare[-1] == "FAIL" and results["Stress"]["min_headroom_after_mw"] < 0
    assert "baseline" in spare and "pass" in spare
    assert "_pkr_" not in out.stdout and "1.00" not in out.stdout.split("Verdicts:")[0].split("IMF")[0]
    assert "-0.0" not in out.stdout and "2,026" not in out.stdout
    # The cover's sentence for each scenario, recomputed from its key numbers.
    for name in names:
        loads = resolve(example_session.project, name, example_session.catalogue).large_loads
        assert f"{name}: {answer(results[name], loads, 2026)}" in lines


def test_run_keys_keeps_raw_keys_readable_for_scripts(run_outputs):
    out = run_outputs["keys"]
    assert out.returncode == 0, out.stderr
    rows = {line.split()[0]: line.split()[1:] for line in out.stdout.splitlines()[2:]}
    scenarios = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))["scenarios"]
    assert rows["fy"] == ["2026"] * len(scenarios)  # a year, not "2,026"
    assert rows["imf_no_new_subsidy_pass"][-1] == "no" and rows["imf_no_new_subsidy_pass"][1] == "yes"
    assert "-0.00" not in out.stdout
    assert "uniform_tariff_change_pkr_per_kwh" in rows


def test_run_format_json_and_csv_are_data_only_on_stdout(run_outputs, tmp_path):
    doc = json.loads(run_outputs["json"].stdout)  # nothing but the document
    assert [s["name"] for s in doc["scenarios"]][-1] == "Stress"
    out = tmp_path / "out.json"
    assert main(["run", EXAMPLE, "--scenario", "Stress", "--json", str(out), "--quiet"]) == 0
    assert json.loads(out.read_text())["scenarios"][0]["results"] == doc["scenarios"][-1]["results"]
    import csv
    import io

    rows = list(csv.reader(io.StringIO(run_outputs["csv"].stdout)))
    assert rows[0][:3] == ["key", "label", "unit"] and rows[0][-1] == "Stress"
    by_key = {r[0]: r for r in rows[1:]}
    assert float(by_key["min_headroom_after_mw"][-1]) == doc["scenarios"][-1]["results"]["min_headroom_after_mw"]


def test_run_errors_stay_on_stderr_with_any_format():
    out = run_main("run", EXAMPLE, "--scenario", "Nope", "--format", "json")
    assert out.returncode == 2 and out.stdout == "" and "no scenario named 'Nope'" in out.stderr
