"""Benchmark: speed and memory figures against their targets. Not a test; CI times nothing.

    python -m workbench.bench [--json OUT.json] [--repeat N]

Prints one line per figure (name, value, unit, target) and, with --json, writes
{name: {"value", "unit", "target", "ok"}}. Later issues add figures to FIGURES.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable

from workbench.core.dataset import DataSet
from workbench.core.parameters import Catalogue, build_catalogue
from workbench.core.project import Scenario, resolve
from workbench.io.dataset_loader import load_dataset, read_dataset, resources_dir
from workbench.io.project_file import FORMAT, dumps, load_project, parse_project
from workbench.jobs import check_runnable
from workbench.models.dispatch import dispatch
from workbench.models.economics import economics_keys, run_economics
from workbench.models.evaluate import evaluate
from workbench.models.exactness import exact_gap
from workbench.models.grid import run_grid
from workbench.models.grid_results import grid_frames, year_keys
from workbench.models.miners import online_share_model
from workbench.models.reference_lp import solve_exact
from workbench.models.system import calendar
from workbench.session import EXAMPLE_PROJECT


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float | None  # upper bound; None = reported only
    higher_is_better: bool = False

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


def best_ms(fn: Callable[[], object], repeat: int) -> float:
    """Best of ``repeat`` wall-clock timings in milliseconds: the least disturbed run, since on a
    shared machine other tenants only ever add time."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def chain_document(depth: int) -> bytes:
    """A project whose scenarios each inherit from the one before, each overriding one value."""
    scenarios = [{"name": f"step {i}", "parent": f"step {i - 1}" if i else None,
                  "overrides": {"pkr_per_usd": 250.0 + i % 100}} for i in range(depth)]
    return json.dumps({"format": FORMAT, "schema_version": 3, "scenarios": scenarios}).encode()


def validate_document(data: bytes, catalogue: Catalogue, dataset: DataSet) -> None:
    project = parse_project(data, catalogue)
    check_runnable(project, project.names(), catalogue, dataset, whole_project=True)


def foundation_figures(repeat: int) -> list[Figure]:
    dataset = load_dataset()
    catalogue = build_catalogue(dataset)
    project = load_project(EXAMPLE_PROJECT, catalogue)
    data = dumps(project)
    chain = chain_document(500)
    return [
        # What 'validate' does with a 500-deep inheritance chain: parse and check it, resolve every scenario
        # and check that each can run.
        Figure("validate_500_scenario_chain_s", best_ms(lambda: validate_document(chain, catalogue, dataset),
                                                        repeat) / 1000, "s", 0.5),
        Figure("dataset_load_ms", best_ms(lambda: read_dataset(resources_dir()), repeat), "ms", 500),
        Figure("project_parse_validate_ms", best_ms(lambda: parse_project(data, catalogue), repeat), "ms", 50),
        Figure("resolve_all_scenarios_ms",
               best_ms(lambda: [resolve(project, n, catalogue) for n in project.names()], repeat), "ms", 20),
    ]


def _resolved(name: str, **overrides: object):
    dataset = load_dataset()
    catalogue = build_catalogue(dataset)
    project = load_project(EXAMPLE_PROJECT, catalogue)
    if overrides:
        project = project.with_scenario(Scenario("bench", name, dict(overrides)))
        name = "bench"
    return resolve(project, name, catalogue), dataset, project, catalogue


# A fresh interpreter with everything imported and the data set loaded; tracemalloc (which
# numpy reports its arrays to) then measures the run's peak on top of that.
PEAK_MEMORY_SCRIPT = """
import tracemalloc
from workbench.bench import _resolved
from workbench.models.evaluate import evaluate
from workbench.models.exactness import exact_gap
resolved, dataset, _, _ = _resolved("Government proposal")
tracemalloc.start()
evaluate(resolved, dataset)
print(tracemalloc.get_traced_memory()[1] / 2**20)
"""


def grid_figures(repeat: int) -> list[Figure]:
    resolved, dataset, project, catalogue = _resolved("Government proposal")
    run = run_grid(resolved.engine_values, resolved.engine_loads, dataset)
    problem = run.years[0].problem
    dispatch_ms = best_ms(lambda: dispatch(problem), repeat * 4)
    one_year_ms = best_ms(lambda: year_keys(run_grid(resolved.engine_values, resolved.engine_loads, dataset).years[0]),
                          repeat * 2)
    ten, *_ = _resolved("Government proposal", study_years=10)

    def horizon() -> None:
        for yd in run_grid(ten.engine_values, ten.engine_loads, dataset).years:
            year_keys(yd)
    horizon_ms = best_ms(horizon, repeat)
    ten_run = run_grid(ten.engine_values, ten.engine_loads, dataset)
    frames_ms = best_ms(lambda: grid_frames(ten_run, dataset), max(1, repeat // 2))
    names = project.names()
    project_s = best_ms(lambda: [evaluate(resolve(project, n, catalogue), dataset) for n in names],
                        max(1, repeat // 2)) / 1000
    start = time.perf_counter()
    exact = solve_exact(problem)
    lp_ms = (time.perf_counter() - start) * 1000
    fast = run.years[0].solution
    gap = 100 * (fast.objective_pkr(problem) - exact.objective_pkr(problem)) / exact.objective_pkr(problem)
    memory = subprocess.run([sys.executable, "-c", PEAK_MEMORY_SCRIPT], capture_output=True, text=True, check=True)
    return [
        Figure("dispatch_one_scenario_year_ms", dispatch_ms, "ms", 5),
        Figure("grid_one_scenario_year_with_baseline_ms", one_year_ms, "ms", None),
        Figure("grid_10_year_horizon_ms", horizon_ms, "ms", 100),
        Figure("grid_frames_10_year_ms", frames_ms, "ms", None),
        Figure("example_project_all_scenarios_one_year_s", project_s, "s", 0.5),
        Figure("peak_memory_one_year_run_mb", float(memory.stdout.strip()), "MB", 150),
        Figure("lp_solve_one_scenario_year_ms", lp_ms, "ms", None),
        Figure("lp_to_fast_dispatch_time_ratio", lp_ms / dispatch_ms, "x", None),
        Figure("fast_vs_lp_cost_gap_pct", gap, "%", 0.5),
    ]


def exactness_figures(repeat: int) -> list[Figure]:
    """The answer against the exact LPs (baseline and scenario), for the proposal and the Stress case."""
    figures = []
    for name, tag in (("Government proposal", "proposal"), ("Stress", "stress")):
        resolved, dataset, _, _ = _resolved(name)
        values, loads = resolved.engine_values, resolved.engine_loads
        run = run_grid(values, loads, dataset, online_share=online_share_model(values, dataset, calendar(dataset)))
        gaps = exact_gap(run, loads, values, dataset)
        figures += [Figure(f"exact_{tag}_{key}", abs(gaps[f"exact_{key}"]), unit, target) for key, unit, target in (
            ("cost_gap_pct", "%", 0.5), ("baseline_cost_gap_pct", "%", 0.5),
            ("incremental_energy_gap_pct", "%", 0.5), ("break_even_gap_pkr_per_kwh", "PKR", 0.05),
            ("contribution_gap_pct", "%", 0.5), ("added_shedding_gap_gwh", "GWh", None),
            ("marginal_cost_mean_abs_gap_pkr_per_kwh", "PKR", None))]
    return figures


def tariff_figures(repeat: int) -> list[Figure]:
    resolved, dataset, _, _ = _resolved("Government proposal")
    values, loads = resolved.engine_values, resolved.engine_loads
    cal = calendar(dataset)

    def one_year() -> None:
        run = run_grid(values, loads, dataset, online_share=online_share_model(values, dataset, cal))
        year_keys(run.years[0])
        economics_keys(run_economics(run, loads, values, dataset)[0], values, dataset)
    return [Figure("grid_and_tariff_one_scenario_year_with_baseline_ms", best_ms(one_year, repeat * 2), "ms", 10)]


def brief_figures(repeat: int) -> list[Figure]:
    import tempfile
    from pathlib import Path

    from workbench.io.excel import write_brief

    _, dataset, project, catalogue = _resolved("Government proposal")

    def results() -> list:
        return [evaluate(resolve(project, n, catalogue), dataset, frames=True) for n in project.names()]
    computed = results()
    with tempfile.TemporaryDirectory() as folder:
        target = str(Path(folder) / "brief.xlsx")
        write_s = best_ms(lambda: write_brief(target, project, catalogue, dataset, computed), repeat) / 1000
        total_s = best_ms(lambda: write_brief(target, project, catalogue, dataset, results()),
                          max(1, repeat // 2)) / 1000
    return [Figure("brief_write_example_project_s", write_s, "s", 2.0),
            Figure("brief_evaluate_and_write_example_project_s", total_s, "s", None)]


def window_figures(repeat: int) -> list[Figure]:
    """The desktop window, measured in a fresh process each time (best start-up of a few)."""
    runs = []
    for _ in range(max(1, min(repeat, 3))):
        started = time.time()
        out = subprocess.run([sys.executable, "-m", "workbench.ui.bench", repr(started)], capture_output=True,
                             text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = {key: min(r[key] for r in runs) for key in runs[0]}
    return [
        Figure("window_shown_with_example_project_and_charts_s", best["window_shown_s"], "s", 2.0),
        Figure("window_example_project_run_s", best["example_project_run_s"], "s", None),
        Figure("edit_to_key_numbers_updated_ms", best["edit_to_key_numbers_ms"], "ms", 150),
        Figure("edit_to_visible_charts_redrawn_ms", best["edit_to_charts_redrawn_ms"], "ms", None),
        Figure("overview_8760h_pan_repaint_ms", best["overview_pan_repaint_ms"], "ms", 16),
        Figure("switch_scenario_redraw_every_view_ms", best["switch_scenario_all_views_ms"], "ms", 100),
        Figure("window_rss_example_project_run_mb", max(r["rss_peak_example_project_mb"] for r in runs), "MB", 300),
    ]


def studies(repeat: int) -> list[Figure]:
    from workbench.bench_studies import study_figures  # the studies keep their setup in their own module
    return study_figures(repeat)


FIGURES: list[Callable[[int], list[Figure]]] = [foundation_figures, grid_figures, exactness_figures, tariff_figures,
                                                brief_figures, window_figures, studies]


def format_figures(figures: list[Figure]) -> str:
    """An aligned table: columns as wide as their longest entry, numbers right-aligned."""
    rows = [("Figure", "Value", "Unit", "Target", "")]
    for f in figures:
        target = "-" if f.target is None else f"{'>=' if f.higher_is_better else '<='} {f.target:g}"
        rows.append((f.name, f"{f.value:,.3f}", f.unit, target, {True: "ok", False: "MISSED", None: ""}[f.ok]))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for n, r in enumerate(rows):
        cells = [r[0].ljust(widths[0]), r[1].rjust(widths[1]), r[2].ljust(widths[2]), r[3].ljust(widths[3]), r[4]]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths[:4]) + "  " + "-" * 6)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.bench")
    parser.add_argument("--json", metavar="OUT.json")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    figures = [f for group in FIGURES for f in group(args.repeat)]
    print(format_figures(figures))
    if args.json:
        out = {f.name: {"value": f.value, "unit": f.unit, "target": f.target, "ok": f.ok} for f in figures}
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(out, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
