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
