"""What the user is looking at, as one frozen value that every linked view reads.

As in glue's subset states, a selection is a rule, not a list of rows: the current scenario,
the scenarios chosen for comparison, the time window as an hour range of the first study year,
and the result in focus. Each view derives its own rows or x-range from it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from workbench.core.dataset import HOURS_PER_YEAR

WEEK = 168


@dataclass(frozen=True)
class Selection:
    current: str | None = None
    compared: tuple[str, ...] = ()
    window: tuple[int, int] = (0, WEEK)  # hours [start, end) from 1 July of the first study year
    focus: str | None = None  # a headline key

    def __post_init__(self) -> None:
        start, end = self.window
        start = min(max(int(start), 0), HOURS_PER_YEAR - 1)
        object.__setattr__(self, "window", (start, min(max(int(end), start + 1), HOURS_PER_YEAR)))

    def renamed(self, old: str, new: str) -> "Selection":
        return replace(self, current=new if self.current == old else self.current,
                       compared=tuple(new if n == old else n for n in self.compared))

    def within(self, names: Iterable[str]) -> "Selection":
        """Only scenarios that still exist; the current one falls back to the first that does."""
        names = list(names)
        current = self.current if self.current in names else (names[0] if names else None)
        return replace(self, current=current, compared=tuple(n for n in self.compared if n in names))
