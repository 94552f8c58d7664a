"""The command line's studies over many runs of one scenario: ``mc``, ``tornado`` and ``sweep``.

    python main.py mc PROJECT --scenario NAME --draws N --seed S [--workers K | --scheduler ADDR] [--json OUT]
    python main.py tornado PROJECT --scenario NAME --result KEY [--workers K | --scheduler ADDR] [--json OUT]
    python main.py sweep PROJECT --scenario NAME --x PARAM:LO:HI:N --y PARAM:LO:HI:N --result KEY
                         [--workers K | --scheduler ADDR] [--json OUT]

Each prints a labelled table (the key numbers' labels and units) and, with --json, writes the
numbers for scripts; progress goes to stderr, Ctrl+C stops cleanly and writes nothing.
``--scheduler tcp://host:port`` runs the evaluations on a Dask cluster (analysis/cluster.py)
with the same answer as here.
"""
from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager, nullcontext
from typing import Callable, ContextManager, Iterator

from workbench.analysis.montecarlo import MonteCarloResult, run_monte_carlo
from workbench.analysis.sweep import DealSpace, check_draws, parse_axis, run_sweep
from workbench.analysis.tornado import Tornado, run_tornado
from workbench.batch import EXIT_STOPPED, stop_on_interrupt
from workbench.core.cancel import Cancelled
from workbench.core.errors import WorkbenchError
from workbench.core.headlines import HORIZON_NUMBERS, KEY_NUMBERS, RESERVE_NUMBERS, Headline
from workbench.core.text import safe_text
from workbench.io.uncertainty_loader import load_uncertainty

MAX_DRAWS = 100_000
MAX_BRIEF_DRAWS = 200_000  # about 13 minutes on one core (4 ms a draw)
DEFAULT_RESULT = "large_load_contribution_pkr_bn"
LABELS = {h.key: h for h in (*KEY_NUMBERS, *HORIZON_NUMBERS)}


def add_study_commands(sub: argparse._SubParsersAction) -> None:
    mc = sub.add_parser("mc", help="Monte Carlo of one scenario over its uncertain inputs")
    mc.add_argument("project")
    mc.add_argument("--scenario", required=True, metavar="NAME")
    mc.add_argument("--draws", type=int, default=1000, metavar="N")
    mc.add_argument("--seed", type=int, default=1, metavar="S")
    _add_workers(mc)
    mc.add_argument("--json", metavar="OUT.json", help="write P10/P50/P90 per key and each red line's breach odds")
    tornado = sub.add_parser("tornado", help="which uncertain input moves a result most, one at a time")
    tornado.add_argument("project")
    tornado.add_argument("--scenario", required=True, metavar="NAME")
    tornado.add_argument("--result", required=True, metavar="KEY", help="a result key, e.g. "
                                                                        "large_load_contribution_pkr_bn")
    _add_workers(tornado)
    tornado.add_argument("--json", metavar="OUT.json")
    sweep = sub.add_parser("sweep", help="deal space: a result over two inputs, and where every party agrees")
    sweep.add_argument("project")
    sweep.add_argument("--scenario", required=True, metavar="NAME")
    for axis in ("x", "y"):
        sweep.add_argument(f"--{axis}", required=True, metavar="PARAM:LO:HI:N",
                           help="a catalogue key, load.mw (the loads' total MW) or load.tariff_pkr_per_kwh")
    sweep.add_argument("--result", required=True, metavar="KEY")
    sweep.add_argument("--draws", type=int, default=0, metavar="N",
                       help="also run every cell over N Monte Carlo draws, for the odds that every party agrees")
    sweep.add_argument("--seed", type=int, default=1, metavar="S")
    _add_workers(sweep)
    sweep.add_argument("--json", metavar="OUT.json", help="write the grid and the agreed region")


def add_brief_study_options(run: argparse.ArgumentParser) -> None:
    """``run --xlsx OUT --mc-draws N``: the brief with its Uncertainty, Tornado and Deal space sheets."""
    group = run.add_argument_group("studies in the brief (with --xlsx)")
    group.add_argument("--mc-draws", type=int, metavar="N", help="add the Uncertainty, Tornado and Deal space "
                                                                 "sheets: a Monte Carlo of N draws per scenario")
    group.add_argument("--seed", type=int, metavar="S", help="the Monte Carlo's seed (default 1)")
    group.add_argument("--study-result", metavar="KEY", help="the tornado's and deal space's result "
                                                             f"(default {DEFAULT_RESULT})")
    group.add_argument("--deal-x", metavar="PARAM:LO:HI:N", help="default load.mw:0:3000:7")
    group.add_argument("--deal-y", metavar="PARAM:LO:HI:N", help="default load.tariff_pkr_per_kwh:15:35:5")
    group.add_argument("--deal-scenario", metavar="NAME", help="default: the first scenario with new loads")
    group.add_argument("--deal-draws", type=int, metavar="N", help="also the odds that every party agrees, "
                                                                   "from N Monte Carlo draws in each cell")
    _add_workers(group)
    run.set_defaults(workers=None)


def check_brief_study_options(args: argparse.Namespace) -> None:
    options = ("seed", "study_result", "deal_x", "deal_y", "deal_scenario", "deal_draws", "workers", "scheduler")
    given = [f"--{k.replace('_', '-')}" for k in options if getattr(args, k) is not None]
    if args.mc_draws is None:
        if given:
            raise WorkbenchError(f"{given[0]} is for the brief's studies: give it with --xlsx OUT --mc-draws N")
        return
    if not args.xlsx:
        raise WorkbenchError("--mc-draws adds sheets to the brief: give --xlsx OUT.xlsx too")
    if not 1 <= args.mc_draws <= MAX_DRAWS:
        raise WorkbenchError(f"--mc-draws must be 1 to {MAX_DRAWS:,}, not {args.mc_draws}")
    if args.deal_draws is not None:  # refused now, not after the brief's Monte Carlos have run
        from workbench.analysis.brief_studies import DEFAULT_X, DEFAULT_Y
        check_draws(parse_axis(args.deal_x) if args.deal_x else DEFAULT_X,
                    parse_axis(args.deal_y) if args.deal_y else DEFAULT_Y, args.deal_draws)
    args.workers = 1 if args.workers is None else args.workers
    check_workers(args)


def brief_studies(args: argparse.Namespace, session, scenarios: list, results: list, cancel, quiet: bool):
    """The studies the brief shows (None without --mc-draws), on local workers or the cluster."""
    from workbench.analysis.brief_studies import DEFAULT_X, DEFAULT_Y, run_brief_studies
    from workbench.io.uncertainty_loader import uncertainty_file

    if args.mc_draws is None:
        return None
    studied = sum(1 for r in results if r.key_results.get("large_load_requested_gwh", 0) > 0)
    if args.mc_draws * studied > MAX_BRIEF_DRAWS:
        raise WorkbenchError(f"--mc-draws {args.mc_draws:,} for {studied} scenarios with new loads is "
                             f"{args.mc_draws * studied:,} runs, over the {MAX_BRIEF_DRAWS:,} a brief allows: fewer "
                             "draws, or fewer scenarios (--scenario)")
    inputs = load_uncertainty(session.catalogue, session.dataset)
    x = parse_axis(args.deal_x) if args.deal_x else DEFAULT_X
    y = parse_axis(args.deal_y) if args.deal_y else DEFAULT_Y
    with pool_for(args) as (workers, executor):
        studies = run_brief_studies(scenarios, [r.key_results for r in results], session.dataset, session.catalogue,
                                    inputs, uncertainty_file(), session.project.parties, args.mc_draws,
                                    1 if args.seed is None else args.seed,
                                    args.study_result or DEFAULT_RESULT, x, y, args.deal_scenario, workers,
                                    executor, None if quiet else _progress(), cancel, args.deal_draws or 0)
    if not quiet:
        print(file=sys.stderr)
    return studies


def _add_workers(parser) -> None:
    parser.add_argument("--workers", type=int, default=1, metavar="K", help="local processes (default 1)")
    parser.add_argument("--scheduler", metavar="ADDR", help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786 "
                                                            "(needs the 'cluster' extra)")


def cmd_mc(args: argparse.Namespace, open_project: Callable, write_output: Callable) -> int:
    if not 1 <= args.draws <= MAX_DRAWS:
        raise WorkbenchError(f"--draws must be 1 to {MAX_DRAWS:,}, not {args.draws}")
    check_workers(args)
    return _stoppable(lambda cancel: _mc(args, cancel, open_project, write_output))


def _mc(args: argparse.Namespace, cancel, open_project: Callable, write_output: Callable) -> int:
    session, scenario = _scenario(args, open_project)
    inputs = load_uncertainty(session.catalogue, session.dataset)
    with pool_for(args) as (workers, executor):
        result = run_monte_carlo(scenario, session.dataset, session.catalogue, inputs, args.draws, args.seed,
                                 workers, progress=_progress(), cancel=cancel, executor=executor)
    print(file=sys.stderr)
    parties = session.project.parties
    if args.json:
        write_output(args.json, (json.dumps(mc_document(result, parties), indent=2, allow_nan=False) + "\n").encode())
        print(f"wrote the Monte Carlo {args.json}", file=sys.stderr)
    print(format_mc(result, parties))
    return 0


def cmd_tornado(args: argparse.Namespace, open_project: Callable, write_output: Callable) -> int:
    check_workers(args)
    return _stoppable(lambda cancel: _tornado(args, cancel, open_project, write_output))


def _tornado(args: argparse.Namespace, cancel, open_project: Callable, write_output: Callable) -> int:
    session, scenario = _scenario(args, open_project)
    inputs = load_uncertainty(session.catalogue, session.dataset)
    try:
        with pool_for(args) as (workers, executor):
            result = run_tornado(scenario, session.dataset, session.catalogue, inputs, args.result, _progress(),
                                 cancel, workers, executor)
    except KeyError:
        raise WorkbenchError(f"--result: '{safe_text(args.result, 80)}' is not a result of scenario "
                             f"'{safe_text(scenario.name, 80)}' (see 'run --keys')") from None
    print(file=sys.stderr)
    if args.json:
        write_output(args.json, (json.dumps(tornado_document(result), indent=2, allow_nan=False) + "\n").encode())
        print(f"wrote the tornado {args.json}", file=sys.stderr)
    print(format_tornado(result, session.catalogue))
    return 0


def cmd_sweep(args: argparse.Namespace, open_project: Callable, write_output: Callable) -> int:
    check_workers(args)
    return _stoppable(lambda cancel: _sweep(args, cancel, open_project, write_output))


def _sweep(args: argparse.Namespace, cancel, open_project: Callable, write_output: Callable) -> int:
    session, scenario = _scenario(args, open_project)
    x, y = parse_axis(args.x), parse_axis(args.y)
    parties = session.project.parties
    inputs = load_uncertainty(session.catalogue, session.dataset) if args.draws else ()
    with pool_for(args) as (workers, executor):
        space = run_sweep(scenario, session.dataset, session.catalogue, x, y, args.result, parties,
                          workers, _progress(), cancel, executor, args.draws, args.seed, inputs)
    print(file=sys.stderr)
    if args.json:
        document = sweep_document(space, parties)
        write_output(args.json, (json.dumps(document, indent=2, allow_nan=False) + "\n").encode())
        print(f"wrote the deal space {args.json}", file=sys.stderr)
    print(format_sweep(space, parties))
    return 0


# ------------------------------------------------------------------------------ documents

def mc_document(result: MonteCarloResult, parties: tuple = ()) -> dict:
    summary = result.summary()
    return {"scenario": result.scenario, "draws": result.draws, "seed": result.seed,
            "inputs": [{"key": u.key, "distribution": u.distribution, "low": u.low, "high": u.high,
                        "group": u.group, "source": u.source, "basis": u.basis} for u in result.inputs],
            "results": {k: {c: _finite(v) for c, v in row.items()} for k, row in summary.to_dict("index").items()},
            "breach_probability": {k: row["probability"] for k, row in result.breaches().to_dict("index").items()},
            "party_probability": {k: row["probability"]
                                  for k, row in result.party_odds(parties).to_dict("index").items()}}


def tornado_document(result: Tornado) -> dict:
    return {"scenario": result.scenario, "result": result.result_key, "base": result.base,
            "bars": [{"group": b.group, "label": b.label, "parameters": list(b.keys), "p10_value": b.low_value,
                      "p90_value": b.high_value, "result_at_p10": _finite(b.result_at_low),
                      "result_at_p90": _finite(b.result_at_high)} for b in result.bars]}


def sweep_document(space: DealSpace, parties: tuple = ()) -> dict:
    document = {"scenario": space.scenario, "result": space.result_key,
                "x": {"key": space.x.key, "values": space.x.values.tolist()},
                "y": {"key": space.y.key, "values": space.y.values.tolist()},
                "grid": [[_finite(v) for v in row] for row in space.grid.to_numpy()],
                "agreed": space.agreed.to_numpy().tolist()}
    odds = space.odds_for(parties)
    if odds is not None:  # the share of each cell's draws in which every party agrees
        document.update(draws=space.draws, seed=space.seed, agreed_probability=odds.to_numpy().tolist())
    return document


def _finite(x: float) -> float | None:
    return None if x != x else float(x)  # NaN (a key some draws lack) becomes null, never invalid JSON


# ------------------------------------------------------------------------------ tables

def format_mc(result: MonteCarloResult, parties: tuple = ()) -> str:
    from workbench.cli import format_table

    summary = result.summary()
    rows = [(f"Monte Carlo: {safe_text(result.scenario, 60)}, {result.draws:,} draws, seed {result.seed}", "Unit",
             "P10", "P50", "P90", "Mean", "Deterministic")]
    for h in KEY_NUMBERS + RESERVE_NUMBERS:  # the reserve's rows only for a scenario that mines into it
        if h.key in summary.index:
            r = summary.loc[h.key]
            some = "" if r["draws"] == result.draws else f" (in {int(r['draws']):,} of {result.draws:,} draws)"
            rows.append((h.title + some, h.unit, *[h.format(float(r[c])) for c in ("p10", "p50", "p90", "mean",
                                                                              "deterministic")]))
    text = format_table(rows)
    breaches = result.breaches()
    if len(breaches):
        lines = [("Red line", "Threshold", "Probability crossed")]
        for key, row in breaches.iterrows():
            label = "Every red line holds" if key == "all" else row["red_line"]
            lines.append((label, row["threshold"], f"{100 * row['probability']:.0f}%"))
        text += "\n\n" + format_table(lines)
    odds = result.party_odds(parties)
    if len(odds):
        table = [("Accepted by", "Probability all its red lines hold")]
        table += [(safe_text(name, 60), f"{100 * row['probability']:.0f}%") for name, row in odds.iterrows()]
        text += "\n\n" + format_table(table)
    return text


def format_tornado(result: Tornado, catalogue) -> str:
    from workbench.cli import format_table

    h: Headline | None = LABELS.get(result.result_key)
    name, unit = (h.title.strip(), h.unit) if h else (result.result_key, "")
    fmt = h.format if h else (lambda v: f"{v:,.2f}")
    rows = [(f"Tornado: {name} ({unit}), {safe_text(result.scenario, 60)}; base {fmt(result.base)}".strip(),
             "Input at P10", "Input at P90", "Result at P10", "Result at P90", "Span")]
    for b in result.bars:
        p = catalogue[b.keys[0]]
        rows.append((b.label, p.format(b.low_value), p.format(b.high_value), fmt(b.result_at_low),
                     fmt(b.result_at_high), fmt(b.span)))
    return format_table(rows)


def format_sweep(space: DealSpace, parties: tuple = ()) -> str:
    from workbench.cli import format_table

    h = LABELS.get(space.result_key)
    name, unit = (h.title.strip(), h.unit) if h else (space.result_key, "")
    fmt = h.format if h else (lambda v: f"{v:,.2f}")
    rows = [(f"{space.y.key} \\ {space.x.key}", *[f"{v:,.4g}" for v in space.x.values])]
    for y_value, values, agreed in zip(space.y.values, space.grid.to_numpy(), space.agreed.to_numpy()):
        rows.append((f"{y_value:,.4g}", *[("-" if v != v else fmt(float(v))) + ("*" if ok else " ")
                                          for v, ok in zip(values, agreed)]))
    text = (f"Deal space: {name} ({unit}), {safe_text(space.scenario, 60)}\n" + format_table(rows) +
            "\n* every party's red lines hold; - no new loads in that cell")
    odds = space.odds_for(parties)
    if odds is not None:
        rows = [(f"{space.y.key} \\ {space.x.key}", *[f"{v:,.4g}" for v in space.x.values])]
        rows += [(f"{y_value:,.4g}", *[f"{100 * v:.0f}%" for v in values])
                 for y_value, values in zip(space.y.values, odds.to_numpy())]
        text += (f"\n\nProbability that every party's red lines hold, over {space.draws:,} draws a cell "
                 f"(seed {space.seed})\n" + format_table(rows))
    return text


# ------------------------------------------------------------------------------ plumbing

def _scenario(args: argparse.Namespace, open_project: Callable):
    from workbench.jobs import check_runnable

    session = open_project(args.project)
    if args.json:
        from workbench.cli import _not_the_project
        _not_the_project(args.json, "--json", session.path)
    [scenario] = check_runnable(session.project, [args.scenario], session.catalogue, session.dataset)
    return session, scenario


def check_workers(args: argparse.Namespace) -> None:
    if not 1 <= args.workers <= 64:
        raise WorkbenchError(f"--workers must be 1 to 64, not {args.workers}")
    if args.scheduler and args.workers != 1:
        raise WorkbenchError("give --workers or --scheduler, not both (a cluster has its own workers)")


def pool_for(args: argparse.Namespace) -> ContextManager[tuple[int, object]]:
    """(workers, executor) for a study: local processes, or the Dask cluster at --scheduler."""
    return _cluster(args.scheduler) if args.scheduler else nullcontext((args.workers, None))


@contextmanager
def _cluster(address: str) -> Iterator[tuple[int, object]]:
    from workbench.analysis.cluster import connect  # distributed is imported only here

    print(f"connecting to the scheduler {safe_text(address, 80)}", file=sys.stderr)
    with connect(address) as executor:
        print(f"{executor.workers} workers on the cluster", file=sys.stderr)
        yield executor.workers, executor


def _progress():
    def report(fraction: float, message: str = "") -> None:
        print(f"\r{100 * fraction:3.0f}% {message}   ", end="", file=sys.stderr, flush=True)
    return report


def _stoppable(work: Callable) -> int:
    with stop_on_interrupt() as cancel:
        try:
            return work(cancel)
        except (Cancelled, KeyboardInterrupt):
            print("\nstopped: nothing was written", file=sys.stderr)
            return EXIT_STOPPED
