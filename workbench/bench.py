"""Benchmark: speed and memory figures against their targets. Not a test; CI times nothing.

    python -m workbench.bench [--json OUT.json] [--repeat N]

Prints one line per figure (name, value, unit, target) and, with --json, writes
{name: {"value", "unit", "target", "ok"}}. Later issues add figures to FIGURES.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from typing import Callable

from workbench.core.parameters import build_catalogue
from workbench.core.project import resolve
from workbench.io.dataset_loader import load_dataset
from workbench.io.project_file import dumps, load_project, parse_project
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
    """Best of ``repeat`` wall-clock timings in milliseconds (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def foundation_figures(repeat: int) -> list[Figure]:
    dataset = load_dataset()
    catalogue = build_catalogue(dataset)
    project = load_project(EXAMPLE_PROJECT, catalogue)
    data = dumps(project)
    return [
        Figure("dataset_load_ms", best_ms(lambda: load_dataset.__wrapped__(), repeat), "ms", 500),
        Figure("project_parse_validate_ms", best_ms(lambda: parse_project(data, catalogue), repeat), "ms", 50),
        Figure("resolve_all_scenarios_ms",
               best_ms(lambda: [resolve(project, n, catalogue) for n in project.names()], repeat), "ms", 20),
    ]


FIGURES: list[Callable[[int], list[Figure]]] = [foundation_figures]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.bench")
    parser.add_argument("--json", metavar="OUT.json")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    figures = [f for group in FIGURES for f in group(args.repeat)]
    for f in figures:
        target = "-" if f.target is None else f"{'>=' if f.higher_is_better else '<='} {f.target:g}"
        verdict = {True: "ok", False: "MISSED", None: ""}[f.ok]
        print(f"{f.name:<40} {f.value:>12.3f} {f.unit:<6} target {target:<10} {verdict}")
    if args.json:
        out = {f.name: {"value": f.value, "unit": f.unit, "target": f.target, "ok": f.ok} for f in figures}
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(out, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
