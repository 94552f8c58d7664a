"""Key-number cards for the current scenario: value, unit, its baseline, and the red line's verdict."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from workbench.core.cards import CARDS, HEADLINES, Card, passes
from workbench.core.gates import permission
from workbench.core.results import ScenarioResult
from workbench.io.gates_loader import load_gates
from workbench.ui.state.app_state import AppState

HOLDS, CROSSED = "✔ red line holds", "✘ red line crossed"


class CardWidget(QFrame):
    def __init__(self, card: Card) -> None:
        super().__init__(objectName=f"card_{card.key}")
        self.card = card
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(card.title)
        self.title.setStyleSheet("color:#404040; font-size:8pt;")
        self.value = QLabel()
        self.value.setStyleSheet("font-size:13pt; font-weight:bold; color:#1F3864;")
        self.detail = QLabel(wordWrap=True)  # wraps rather than widen the window
        self.detail.setStyleSheet("color:#595959; font-size:8pt;")
        self.verdict = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(0)
        for widget in (self.title, self.value, self.detail, self.verdict):
            layout.addWidget(widget)
        # Room for the detail on two lines on a narrow card: wrapped labels do not ask the layout for it.
        lines = [QFont(), QFont(), QFont()]
        for font, points in zip(lines, (8, 13, 8)):
            font.setPointSize(points)
        title, value, small = (QFontMetrics(f).lineSpacing() for f in lines)
        self.setMinimumHeight(title + value + 3 * small + 10)
        h = card.headline
        rule = f"\nRed line: {h.red_line_text}" if h.red_line else ""
        self.setToolTip(f"{card.title} ({h.unit})\n{card.how}{rule}")

    def show_result(self, result: ScenarioResult | None) -> None:
        h, keys = self.card.headline, result.key_results if result is not None else {}
        value = keys.get(self.card.key)
        self.value.setText("…" if result is None else f"{h.format(value)} {h.unit}" if value is not None else "n/a")
        parts = []
        baseline = self.card.baseline(result) if result is not None else None
        added = keys.get(self.card.added_key) if self.card.added_key else None
        if added is not None and baseline is not None:  # a level: what the new loads add to it
            parts.append(f"{'+' if added >= 0 else ''}{HEADLINES[self.card.added_key].format(added)} added to "
                         f"{h.format(baseline)} {h.unit}")
        elif baseline is not None:
            parts.append(f"{self.card.baseline_label}: {h.format(baseline)} {h.unit}")
        if self.card.second_key and keys.get(self.card.second_key) is not None:
            second = HEADLINES[self.card.second_key]
            parts.append(f"{second.format(keys[self.card.second_key])} {second.unit} to the new loads")
        self.detail.setText("; ".join(parts))
        verdict = passes(self.card, keys) if result is not None else None
        self.verdict.setText("" if verdict is None else HOLDS if verdict else CROSSED)
        self.verdict.setVisible(verdict is not None)  # else the detail may use two lines
        self.verdict.setStyleSheet(f"font-size:8pt; font-weight:bold; color:{'#006100' if verdict else '#9C0006'};")
        self.setStyleSheet("" if verdict is not False else "CardWidget { background:#FFC7CE; }")


class CardsPanel(QWidget):
    COLUMNS = 4

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight:bold;")
        self.heading.setWordWrap(True)  # a long name and the process status wrap rather than widen the window
        self._shown: str | None = None  # the scenario whose numbers are on the cards
        self.cards = [CardWidget(card) for card in CARDS]
        grid = QGridLayout(self)
        grid.setContentsMargins(2, 2, 2, 2)
        grid.setSpacing(4)
        grid.addWidget(self.heading, 0, 0, 1, self.COLUMNS)
        for i, card in enumerate(self.cards):
            grid.addWidget(card, 1 + i // self.COLUMNS, i % self.COLUMNS)
        state.selectionChanged.connect(lambda old, new: self.refresh() if old.current != new.current else None)
        state.resultsChanged.connect(lambda _h: self.refresh())
        state.projectChanged.connect(lambda _c: self.refresh())
        self.refresh()

    def _process(self, name: str | None) -> str:
        """Said beside the numbers (the counts in the tooltip), since numbers for a scenario that may not go ahead
        can mislead."""
        if name is None or name not in self.state.project.names():
            return ""
        status = permission(self.state.project.scenario(name).gates, load_gates())
        self.heading.setToolTip("" if status.permitted else f"{status.describe()} (see the Process dock)")
        return "" if status.permitted else " · not yet permitted"  # short: a second line would squeeze the cards

    def refresh(self) -> None:
        name = self.state.selection.current
        result = self.state.result(name) if name else None
        if result is None and name is not None and name == self._shown:
            # Being run again: keep the numbers on show, greyed, rather than blank them (blank cards are
            # shorter, so the charts below would re-flow twice for every edit).
            self.setStyleSheet("QLabel { color:#7F7F7F; }")
            self.heading.setText(f"{name}: updating…")
            return
        self.setStyleSheet("")
        self._shown = name if result is not None else None
        fy = int(result.key_results["fy"]) if result is not None and "fy" in result.key_results else None
        self.heading.setText((f"{name}: key numbers, FY{fy}, against the same scenario without the new loads"
                              if fy else f"{name}: waiting for results…") + self._process(name))
        for card in self.cards:
            card.show_result(result)
