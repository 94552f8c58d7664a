"""The benchmark runs end to end and prints every figure (timings are reported, never asserted)."""
import json
import math

from workbench.bench import main


def test_benchmark_prints_every_figure(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["--repeat", "1", "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    printed = capsys.readouterr().out
    for name, figure in figures.items():
        assert name in printed
        assert math.isfinite(figure["value"]) and figure["value"] >= -1, name
        assert figure["unit"]
    # The one figure that is not a timing: the fast dispatch against the exact LP, same problem.
    assert figures["fast_vs_lp_cost_gap_pct"]["ok"] is True
    # ... and the answer (baseline and scenario solved as LPs): every gap with a target meets it.
    exact = {n: f for n, f in figures.items() if n.startswith("exact_")}
    assert {"exact_stress_break_even_gap_pkr_per_kwh", "exact_proposal_contribution_gap_pct"} <= set(exact)
    assert [n for n, f in exact.items() if f["target"] is not None and not f["ok"]] == []
    assert {"window_shown_with_example_project_and_charts_s", "edit_to_key_numbers_updated_ms",
            "overview_8760h_pan_repaint_ms", "switch_scenario_redraw_every_view_ms"} <= set(figures)


def test_benchmark_table_is_aligned_whatever_the_names():
    from workbench.bench import Figure, format_figures

    long = "a_much_longer_figure_name_than_forty_characters_long"
    figures = [Figure("short", 1.5, "ms", 10.0), Figure(long, 12345.678, "s", None),
               Figure("ratio", 0.2, "%", 1.0, higher_is_better=True)]
    lines = format_figures(figures).splitlines()
    assert lines[0].startswith("Figure") and set(lines[1]) <= {"-", " "}
    value_ends = {line.index(v) + len(v) for line, v in zip(lines[2:], ("1.500", "12,345.678", "0.200"))}
    assert len(value_ends) == 1  # the numbers' last digits line up
    units = {line.index(u, line.index(v) + len(v)) for line, u, v in
             zip(lines[2:], ("ms", "s", "%"), ("1.500", "12,345.678", "0.200"))}
    assert len(units) == 1
    assert lines[4].rstrip().endswith("MISSED") and lines[2].rstrip().endswith("ok")
