"""What the models of the current scenario share: when to look again at what they show."""
from __future__ import annotations

from workbench.core.selection import Selection
from workbench.ui.state.app_state import AppState, Change


class FollowsCurrentScenario:
    """Calls ``_refresh`` when another scenario becomes current, or when the current one (or anything it
    inherits from) changes; the model then repaints only what differs."""

    _state: AppState

    def follow(self, state: AppState) -> None:
        state.projectChanged.connect(self._on_project)
        state.selectionChanged.connect(self._on_selection)

    @property
    def scenario(self) -> str | None:
        return self._state.selection.current

    def _on_project(self, change: Change) -> None:
        if change.replaced or change.structure or self.scenario in change.affected:
            self._refresh()

    def _on_selection(self, old: Selection, new: Selection) -> None:
        if old.current != new.current:
            self._refresh()

    def _refresh(self) -> None:
        raise NotImplementedError
