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
    assert "valid; 5 scenarios" in out.stdout and out.stderr == ""


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
