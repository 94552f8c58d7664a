"""The command line: the same engine as the window, for batch runs and tests.

    python main.py [PROJECT.wbproj]                  open the window (on the example project by default)
    python main.py run PROJECT [--scenario NAME ...] [--json OUT] [--xlsx OUT] [--exact] [--quiet]
                           [--format table|json|csv] [--keys]
                           [--mc-draws N [--seed S] [--workers K | --scheduler ADDR] [--study-result KEY]
                            [--deal-x PARAM:LO:HI:N] [--deal-y PARAM:LO:HI:N] [--deal-scenario NAME]
                            [--deal-draws N]]
                                                     with --xlsx: the brief's Uncertainty, Tornado, Deal space
    python main.py validate PROJECT
    python main.py diff PROJECT A B
    python main.py template OUT.xlsx [--project PROJECT] [--scenario NAME]
                                                     write an assumptions workbook to edit in Excel
    python main.py import-assumptions PROJECT BOOK.xlsx --as NAME
                                                     add an edited workbook as a new scenario
    python main.py docs                              regenerate docs/ from data and models
    python main.py mc PROJECT --scenario NAME [--draws N] [--seed S] [--workers K] [--json OUT]
                                                     Monte Carlo over the uncertain inputs (cli_studies.py)
    python main.py tornado PROJECT --scenario NAME --result KEY [--json OUT]
    python main.py sweep PROJECT --scenario NAME --x PARAM:LO:HI:N --y PARAM:LO:HI:N --result KEY [--draws N]
    python main.py --version

User errors are one line on stderr and exit code 2; never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from workbench import __version__
from workbench.allocator import keep_freed_memory
from workbench.batch import EXIT_STOPPED, RunProgress, check_work, run_scenarios, stop_on_interrupt, stopped_message
from workbench.cli_offers import add_offer_commands, cmd_offers, print_result_changes
from workbench.cli_studies import (add_brief_study_options, add_study_commands, brief_studies,
                                   check_brief_study_options, cmd_mc, cmd_sweep, cmd_tornado)
from workbench.core.cancel import Cancelled, CancelToken
from workbench.core.errors import WorkbenchError
from workbench.core.gates import permission
from workbench.core.parties import judge, judge_all, verdict_word
from workbench.core.text import MESSAGE_LIMIT, safe_text
from workbench.core.project import Scenario, diff
from workbench.io.atomic import WriteRefused, atomic_write_bytes, backups
from workbench.io.gates_loader import load_gates
from workbench.io.project_file import EXTENSION
from workbench.io.project_lock import ProjectLock, ProjectLocked, lock_file, real_path
from workbench.jobs import check_runnable
from workbench.session import Session, open_session

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 70
IMPORT_WAIT_S = 15.0  # other imports and saves finish in well under a second each; a window may hold it for hours


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise WorkbenchError(f"{message} (see 'python main.py --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python main.py", description="Grid & Tariff Scenario Workbench")
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    run = sub.add_parser("run", help="evaluate scenarios headless")
    run.add_argument("project")
    run.add_argument("--scenario", action="append", metavar="NAME", help="repeat for several; default all")
    run.add_argument("--json", metavar="OUT.json", help="write key results as JSON")
    run.add_argument("--xlsx", metavar="OUT.xlsx", help="write the Excel negotiation brief")
    run.add_argument("--exact", action="store_true",
                     help="also solve each year without and with the new loads as exact linear programs "
                          "and report the gaps of the answer")
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    run.add_argument("--format", choices=("table", "json", "csv"), default="table",
                     help="what run prints: a labelled table (default), the --json document, or CSV rows")
    run.add_argument("--keys", action="store_true",
                     help="every key result under its raw key (for scripts), instead of the labelled key numbers")
    add_brief_study_options(run)
    validate = sub.add_parser("validate", help="check a project file and report every problem")
    validate.add_argument("project")
    d = sub.add_parser("diff", help="list the parameters two scenarios set differently")
    d.add_argument("project")
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("--results", action="store_true", help="also run both and compare their key numbers")
    sub.add_parser("docs", help="regenerate the generated documents in docs/")
    template = sub.add_parser("template", help="write a scenario's assumptions as a workbook to edit in Excel")
    template.add_argument("out", metavar="OUT.xlsx")
    template.add_argument("--project", metavar="PROJECT", help="default: the example project")
    template.add_argument("--scenario", metavar="NAME", help="default: the project's first scenario")
    imp = sub.add_parser("import-assumptions", help="add an edited assumptions workbook as a new scenario")
    imp.add_argument("project")
    imp.add_argument("book", metavar="BOOK.xlsx")
    imp.add_argument("--as", dest="as_name", metavar="NAME", required=True, help="name of the new scenario")
    add_study_commands(sub)
    add_offer_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    keep_freed_memory()
    try:
        if len(argv) == 1 and argv[0].endswith(EXTENSION):  # python main.py FILE.wbproj opens the window
            from workbench.ui.app import main as gui_main

            return gui_main(argv)
        args = build_parser().parse_args(argv)
        if args.command is None:
            from workbench.ui.app import main as gui_main  # lazy: the CLI starts without Qt

            return gui_main(argv)
        return {"run": cmd_run, "validate": cmd_validate, "diff": cmd_diff, "docs": cmd_docs,
                "template": cmd_template, "import-assumptions": cmd_import_assumptions,
                "mc": lambda a: cmd_mc(a, _open, write_output),
                "tornado": lambda a: cmd_tornado(a, _open, write_output),
                "sweep": lambda a: cmd_sweep(a, _open, write_output),
                "offers": lambda a: cmd_offers(a, _open, write_output, format_table)}[args.command](args)
    except WorkbenchError as exc:
        print(f"error: {safe_text(exc, MESSAGE_LIMIT)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as exc:  # a bug: still one line, never a traceback for the user
        print(f"internal error: {safe_text(f'{type(exc).__name__}: {exc}', 300)} (please report this)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def _open(path: str) -> Session:
    session = open_session(path)
    for warning in session.warnings():
        print(f"warning: {safe_text(warning, MESSAGE_LIMIT)}", file=sys.stderr)
    return session


def cmd_validate(args: argparse.Namespace) -> int:
    session = _open(args.project)
    project = session.project
    check_runnable(project, project.names(), session.catalogue, session.dataset, whole_project=True)
    names = safe_text(", ".join(project.names()), 300)
    print(f"{safe_text(args.project, 200)}: valid; {len(project.scenarios)} scenarios: {names}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from workbench.docgen import write_docs
    from workbench.io.dataset_loader import load_dataset

    for path in write_docs(load_dataset()):
        print(f"wrote {path}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    session = _open(args.project)
    rows = diff(session.project, args.a, args.b, session.catalogue)
    if not rows:
        print(f"'{args.a}' and '{args.b}' use the same values for every parameter.")
    else:
        print(format_table([("Parameter", args.a, args.b)] + [(r.label, r.a_text, r.b_text) for r in rows]))
    if args.results:
        print()
        print_result_changes(session, args.a, args.b, format_table)
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from workbench.io.excel_assumptions import write_template

    if not args.out.lower().endswith(".xlsx"):
        raise WorkbenchError(f"{args.out}: the workbook name must end in .xlsx")
    session = _open(args.project)
    _not_the_project(args.out, "the workbook", session.path)
    name = args.scenario or session.project.names()[0]
    write_template(session.project, name, session.catalogue, session.dataset, args.out)
    project = args.project or str(session.path)
    print(f"wrote {args.out}: the assumptions of '{name}'; change the Value column (and the Large loads sheet), "
          f"then: python main.py import-assumptions \"{project}\" \"{args.out}\" --as NEW_NAME")
    return 0


def cmd_import_assumptions(args: argparse.Namespace) -> int:
    from workbench.io.excel_assumptions import import_assumptions, read_assumptions
    from workbench.io.project_file import load_project, save_project

    session = _open(args.project)
    book = read_assumptions(args.book, session.catalogue)
    if book.dataset_label and book.dataset_label != session.dataset.label:
        print(f"warning: the workbook was written with data set {safe_text(book.dataset_label, 120)}; "
              f"this workbench uses {session.dataset.label}", file=sys.stderr)
    with _locked(session.path, "import-assumptions"):
        # Read again under the lock: an import that finished meanwhile is in the file, and is kept.
        project = import_assumptions(load_project(session.path, session.catalogue), session.catalogue, book,
                                     args.as_name)
        save_project(project, session.path, dict(session.dataset.identity))
    rows = diff(project, book.base_scenario, args.as_name, session.catalogue)
    if rows:
        print(format_table([("Parameter", book.base_scenario, args.as_name)] +
                           [(r.label, r.a_text, r.b_text) for r in rows]))
    missing = len(session.catalogue.parameters) - len(book.values)
    kept = f"; {missing} parameters not in the workbook keep the base's values" if missing else ""
    print(f"added scenario '{args.as_name}' (child of '{book.base_scenario}') to {session.path}: "
          f"{len(rows)} value(s) differ{kept}; the previous file is {session.path}.bak")
    return 0


@contextmanager
def _locked(path: Path, purpose: str) -> Iterator[None]:
    """Hold the project's lock, waiting a little for another save or import to finish."""
    try:
        lock = ProjectLock.acquire(path, purpose, wait_s=IMPORT_WAIT_S)
    except ProjectLocked as exc:
        raise WorkbenchError(str(exc)) from None
    with lock:
        yield


def _not_the_project(output: str | None, option: str, project: Path | None) -> None:
    """Refuse an output path that is the project file, one of its backups or its lock, by any name."""
    if output is None or project is None:
        return
    protected = [real_path(project), *backups(project), lock_file(project)]
    target = real_path(output)
    if target in protected or any(_same_file(target, p) for p in protected):
        raise WorkbenchError(f"{option} {safe_text(output, 120)} would overwrite the project file (or its backup) "
                             f"{safe_text(project, 120)}; write the output to another file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # hard links, and case-insensitive file systems
    except OSError:
        return False


def cmd_run(args: argparse.Namespace) -> int:
    written: list[str] = []
    with stop_on_interrupt() as cancel:
        try:
            return _run(args, cancel, written)
        except (Cancelled, KeyboardInterrupt):  # Ctrl+C: the outputs are written atomically or not at all
            print(stopped_message(written), file=sys.stderr)
            return EXIT_STOPPED


def _run(args: argparse.Namespace, cancel: CancelToken, written: list[str]) -> int:
    check_brief_study_options(args)
    session = _open(args.project)
    _not_the_project(args.json, "--json", session.path)
    _not_the_project(args.xlsx, "--xlsx", session.path)
    scenarios = check_runnable(session.project, args.scenario or session.project.names(), session.catalogue,
                               session.dataset)
    work = check_work(scenarios, exact=args.exact, brief=bool(args.xlsx))
    # Progress and 'wrote ...' go with the report on stdout; when stdout is data (JSON, CSV) they go to
    # stderr, so a script's stdout stays parseable. Errors are always on stderr.
    log = sys.stdout if args.format == "table" else sys.stderr
    progress = RunProgress(None if args.quiet else log, work)
    try:
        results = run_scenarios(scenarios, session.dataset, cancel, progress, exact=args.exact,
                                frames=bool(args.xlsx))
    except BaseException:
        progress.close(finished=False)
        raise
    progress.close(finished=True)
    if args.xlsx:
        from workbench.io.excel import write_brief  # openpyxl loads only when a brief is asked for

        studies = brief_studies(args, session, scenarios, results, cancel, args.quiet)
        write_brief(args.xlsx, session.project, session.catalogue, session.dataset, results, studies)
        written.append(args.xlsx)
        print(f"wrote the brief {args.xlsx}", file=log)
    document = {"app_version": __version__, "dataset": dict(session.dataset.identity),
                "scenarios": [{**r.to_json(), **_process(session.project.scenario(r.name)),
                               "parties": judge_all(session.project.parties, r.key_results)} for r in results]}
    if args.json:
        write_output(args.json, (json.dumps(document, indent=2, allow_nan=False) + "\n").encode())
        written.append(args.json)
        print(f"wrote the key results {args.json}", file=log)
    if args.format == "json":
        print(json.dumps(document, indent=2, allow_nan=False))
    elif args.format == "csv":
        print(format_csv(results, raw_keys=args.keys), end="")
    elif args.keys:
        print(format_results(results))
    else:
        loads = {s.name: s.large_loads for s in scenarios}
        print(format_report(results, loads, session.project.parties))
        if args.exact:
            print("\nThe fast dispatch against the exact linear programs (fast minus exact, worst study year):")
            print(format_exact(results))
    return 0


def _process(scenario: Scenario) -> dict[str, int | bool]:
    """Where the scenario stands at its institutional gates, for scripts that read the JSON."""
    status = permission(scenario.gates, load_gates())
    return {"gates_granted": status.granted, "gates_total": status.total, "permitted": status.permitted}


def write_output(path: str, data: bytes) -> None:
    try:
        atomic_write_bytes(path, data, keep_backup=False)
    except WriteRefused as exc:
        raise WorkbenchError(str(exc)) from None
    except OSError as exc:
        raise WorkbenchError(f"cannot write {path}: {exc.strerror or exc}") from None


def format_results(results: list, prefix: str = "") -> str:
    """Every key result (starting with ``prefix``) under its raw key (``--keys``, for scripts)."""
    keys = list(dict.fromkeys(k for r in results for k in r.key_results if k.startswith(prefix)))
    if not keys:
        return "\n".join(f"{r.name}: input {r.input_hash[:12]}; no model results yet" for r in results)
    table = [("Result", *[r.name for r in results])]
    for key in keys:
        table.append((key, *[_number(r.key_results.get(key), key) for r in results]))
    return format_table(table)


def format_exact(results: list) -> str:
    """The gaps of ``run --exact`` under their labels and units, in the order of EXACT_LABELS."""
    from workbench.models.exactness import EXACT_LABELS

    table = [("Gap (fast minus exact)", "Unit", *[r.name for r in results])]
    for key, (label, unit) in EXACT_LABELS.items():
        if any(key in r.key_results for r in results):
            table.append((label, unit, *[_number(r.key_results.get(key), key) for r in results]))
    return format_table(table)


def _number(value: float | None, key: str = "") -> str:
    if value is None:
        return "-"
    if key == "fy" or key.endswith("_fy"):
        return str(int(value))  # a year, not 2,026
    if key.endswith("_pass"):
        return "yes" if value else "no"  # a flag, not 1.00 / 0.00
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}"
    return text.lstrip("-") if text.lstrip("-").strip("0.,") == "" else text  # never "-0.00"


def _rows(results: list) -> tuple:
    from workbench.core.headlines import rows_for

    return rows_for(results)


def format_report(results: list, loads: dict | None = None, parties: tuple = ()) -> str:
    """The key numbers as the brief labels them, with units; scenarios as columns, each number
    followed by its verdict in words; each party's verdict; then the brief's one-sentence answer
    per scenario."""
    from workbench.core.headlines import answer, verdict

    loads = loads or {}
    if not any(r.key_results for r in results):
        return format_results(results)
    years = sorted({int(r.key_results["fy"]) for r in results if "fy" in r.key_results})
    header = (f"Key numbers, FY{years[0]}" if len(years) == 1 else "Key numbers, first study year of each",
              "Unit", *[safe_text(r.name, 60) for r in results])
    rows: list[tuple[str, ...]] = []
    flags: list[tuple[str, ...]] = []
    for h in _rows(results):
        values, words = [], []
        for r in results:
            value = r.key_results.get(h.key)
            firm = any(ld.get("kind") == "crypto_mining" and ld.get("flexibility") == "firm"
                       for ld in loads.get(r.name, ()))
            word, _ = verdict(h, r.key_results, firm)
            values.append(h.format(value))
            words.append(word)
        rows.append((h.label, h.unit, *values))
        flags.append(("", "", *words))
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    # Each scenario's column: its numbers right-aligned, then a verdict column as wide as its words.
    verdict_widths = [max((len(f[2 + j]) for f in flags), default=0) for j in range(len(results))]
    for j, vw in enumerate(verdict_widths):  # a long scenario name spans both
        widths[2 + j] = max(widths[2 + j] - (vw + 1 if vw else 0),
                            max(len(str(row[2 + j])) for row in rows))
    lines = []
    for n, (row, flag) in enumerate(zip([header, *rows], [("",) * len(header), *flags])):
        cells = [str(row[0]).ljust(widths[0]), str(row[1]).ljust(widths[1])]
        for value, word, width, vw in zip(row[2:], flag[2:], widths[2:], verdict_widths):
            whole = width + (vw + 1 if vw else 0)
            cells.append(str(value).rjust(whole) if n == 0 else
                         str(value).rjust(width) + (" " + word.ljust(vw) if vw else ""))
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join(["-" * widths[0], "-" * widths[1]] +
                                   ["-" * (w + (vw + 1 if vw else 0)) for w, vw in zip(widths[2:], verdict_widths)]))
    lines.append("")
    lines.append("Verdicts: pass / FAIL against the red line; FLAG: a firm mining load mostly unprofitable at its "
                 "tariff; baseline: no new loads (the comparison itself).")
    lines.append("")
    if parties:
        table = [("Accepted by", *[safe_text(r.name, 60) for r in results])]
        table += [(safe_text(p.name, 60), *[verdict_word(judge(p, r.key_results)) for r in results]) for p in parties]
        lines += [format_table(table), "", "Each party's red lines (all must hold):"]
        lines += [f"  {safe_text(p.name, 60)}: {'; '.join(line.text for line in p.lines) or 'none'}" for p in parties]
        lines.append("")
    for r in results:
        if r.key_results:
            fy = int(r.key_results.get("fy", years[0] if years else 0))
            lines.append(f"{safe_text(r.name, 60)}: {answer(r.key_results, loads.get(r.name, ()), fy)}")
    return "\n".join(lines)


def format_csv(results: list, raw_keys: bool = False) -> str:
    """CSV rows: key, label, unit, then one column per scenario (numbers as the engine gives them)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["key", "label", "unit", *[_csv_text(r.name) for r in results]])
    if raw_keys:
        keys = list(dict.fromkeys(k for r in results for k in r.key_results))
        rows = [(k, k, "") for k in keys]
    else:
        rows = [(h.key, h.label, h.unit) for h in _rows(results)]
    for key, label, unit in rows:
        writer.writerow([key, label, unit, *["" if r.key_results.get(key) is None else repr(r.key_results[key])
                                             for r in results]])
    return buffer.getvalue()


def _csv_text(text: str) -> str:
    """A scenario name as CSV text that a spreadsheet will not run as a formula."""
    text = safe_text(text, 200)
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def format_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
