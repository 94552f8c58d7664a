"""The docks of the window: one panel each (scenarios, assumptions, loads, notes, results, run log)."""
