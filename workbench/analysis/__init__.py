"""Studies over many evaluations of a scenario: Monte Carlo, tornado (no Qt, no file formats)."""
