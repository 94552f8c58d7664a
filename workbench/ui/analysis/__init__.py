"""The Studies tab: Monte Carlo of the current scenario and its views, run in the background."""
