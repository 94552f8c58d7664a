"""How a parameter is drawn in the current scenario's studies (Monte Carlo, tornado): the default of
resources/uncertainty.csv, what the scenario inherits, and a form to set the scenario's own."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QPlainTextEdit, QWidget)

from workbench.core.edits import MAX_NOTES
from workbench.core.parameters import Catalogue
from workbench.core.uncertainty import (DEFAULT, DISTRIBUTIONS, SHAPES, Uncertain, UncertaintyError, check_inputs,
                                        describe)

# What low and high mean for each shape, in the words of the form.
ENDS = {"shift_normal": ("P10 (added)", "P90 (added)"), "shift_uniform": ("Lowest (added)", "Highest (added)"),
        "shift_triangular": ("Lowest (added)", "Highest (added)"),
        "factor_lognormal": ("P10 (x the value)", "P90 (x the value)"),
        "factor_uniform": ("Lowest (x the value)", "Highest (x the value)")}
RESET = 2  # done(): the scenario's own distribution removed (its parent's, or the default, applies)
USE_DEFAULT = 3  # done(): the default applies, whatever a parent sets


class UncertaintyDialog(QDialog):
    """``answer()`` after Save: the scenario's own distribution; ``result()`` RESET: remove it;
    USE_DEFAULT: the default range, not the parent's."""

    def __init__(self, parent: QWidget | None, catalogue: Catalogue, key: str, scenario: str,
                 default: Uncertain | None, current: Uncertain | None, own: Uncertain | None,
                 inherited_from: str = "") -> None:
        """``current``: the range the scenario's studies use, if not the default; ``own``: its own entry."""
        p = catalogue[key]
        super().__init__(parent, windowTitle=f"Uncertainty of {p.label}")
        self.p, self.catalogue = p, catalogue
        marker = own is not None and own.distribution == DEFAULT  # the scenario says: as the default
        start = current or default or Uncertain(p.key, "factor_lognormal", 1.0, 1.0)
        self.shape = QComboBox(objectName="uncertainty_shape")
        for d in DISTRIBUTIONS:
            self.shape.addItem(SHAPES[d].capitalize(), d)
        self.shape.setCurrentIndex(DISTRIBUTIONS.index(start.distribution))
        self.low, self.high = self._spin("uncertainty_low", start.low), self._spin("uncertainty_high", start.high)
        self.note = QPlainTextEdit(start.note if own is not None else "", objectName="uncertainty_note",
                                   placeholderText="Why this range (required): a source, a past year, a judgement")
        self.note.setMaximumHeight(80)
        self.problem = QLabel(objectName="uncertainty_problem", wordWrap=True)
        self.problem.setStyleSheet("color: #C00000")
        self.low_label, self.high_label = QLabel(), QLabel()
        self.shape.currentIndexChanged.connect(self._relabel)

        default_text = describe(default, "Default") if default else \
            "Default: none. This parameter does not move in a study unless a scenario gives it a range."
        if own and marker:
            now = f"'{scenario}' uses the default, not the range of '{inherited_from}'."
        elif own is not None:
            now = f"'{scenario}' sets its own range (below)."
        elif current is not None:
            now = f"'{scenario}' inherits {describe(current, 'the range of ' + repr(inherited_from))}."
        else:
            now = f"'{scenario}' uses the default."
        explain = QLabel(f"How <b>{p.label}</b> ({p.unit}) is drawn in this scenario's Monte Carlo and tornado. "
                         "A shift adds to the scenario's value, a factor multiplies it; normal and lognormal are "
                         "given by their P10 and P90, uniform and triangular by their ends. It changes no result "
                         "of the scenario itself.", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.reset = buttons.addButton(f"Use the range of '{inherited_from}'" if inherited_from else "Use the default",
                                       QDialogButtonBox.ButtonRole.ResetRole)
        self.reset.setEnabled(own is not None)
        self.reset.clicked.connect(lambda: self.done(RESET))
        if inherited_from:  # the parent sets one: the default is a third choice
            self.use_default = buttons.addButton("Use the default", QDialogButtonBox.ButtonRole.ResetRole)
            self.use_default.setEnabled(not marker)
            self.use_default.clicked.connect(lambda: self.done(USE_DEFAULT))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(explain)
        form.addRow(QLabel(default_text, wordWrap=True))
        form.addRow(QLabel(now, wordWrap=True))
        form.addRow("Shape", self.shape)
        form.addRow(self.low_label, self.low)
        form.addRow(self.high_label, self.high)
        form.addRow("Note", self.note)
        form.addRow(self.problem)
        form.addRow(buttons)
        self._relabel()
        self.resize(520, 420)

    @staticmethod
    def _spin(name: str, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(objectName=name, decimals=4, minimum=-1e9, maximum=1e9, singleStep=0.05)
        spin.setValue(value)
        return spin

    def _relabel(self) -> None:
        low, high = ENDS[self.shape.currentData()]
        self.low_label.setText(low)
        self.high_label.setText(high)

    def answer(self) -> Uncertain:
        shape = self.shape.currentData()
        unit = "x the scenario's value" if shape.startswith("factor_") else self.p.unit
        return Uncertain(self.p.key, shape, self.low.value(), self.high.value(), unit=unit,
                         note=self.note.toPlainText().strip()[:MAX_NOTES])

    def _save(self) -> None:
        try:  # the edit checks it again; here the dialog stays open to fix it
            check_inputs((self.answer(),), self.catalogue, "uncertainty")
        except UncertaintyError as exc:
            self.problem.setText(f"{exc.part or 'Range'}: {exc.problem}")
            return
        self.accept()
