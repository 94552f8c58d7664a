"""Uncertain inputs: which parameter moves, by what distribution, and where its width comes from.

Each uncertain input moves one catalogue parameter of the scenario being studied, relative to the
scenario's own value, so a scenario that sets a dearer LNG price is uncertain around that price:

- ``shift_normal``: value + a normal draw whose P10 and P90 are ``low`` and ``high`` (additive);
- ``shift_uniform``: value + a uniform draw between ``low`` and ``high``;
- ``shift_triangular``: value + a triangular draw from ``low`` to ``high``, most likely no change;
- ``factor_lognormal``: value x a lognormal draw whose P10 and P90 are ``low`` and ``high``;
- ``factor_uniform``: value x a uniform draw between ``low`` and ``high``.

A width of zero (``low == high``, and 0 for a shift or 1 for a factor) leaves the value as it is.
Inputs that share a ``group`` share one draw (a port closure takes out every imported-coal plant).
A scenario may set its own distribution for a parameter (``Scenario.uncertainty``); it replaces
the default row of that parameter for the scenario and the scenarios that inherit from it. The
distribution ``default`` in a scenario means "as the file says", whatever a parent sets.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Mapping

from workbench.core.errors import WorkbenchError
from workbench.core.parameters import NUMBER, Catalogue
from workbench.core.text import safe_text

DISTRIBUTIONS = ("shift_normal", "shift_uniform", "shift_triangular", "factor_lognormal", "factor_uniform")
DEFAULT = "default"  # a scenario's entry that undoes a parent's: the file's row applies (or none)
BASES = ("sourced", "derived", "estimate")


class UncertaintyError(WorkbenchError):
    """An uncertain input the engine cannot use; names the input and its field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = safe_text(field, 160), safe_text(problem, 300)
        super().__init__(f"{self.field}: {self.problem}")

    @property
    def part(self) -> str:
        """The input's field at fault ("low", "note", ...), or "" when it is the input as a whole."""
        return self.field.rsplit("(", 1)[-1].rstrip(")") if self.field.endswith(")") else ""


@dataclass(frozen=True)
class Uncertain:
    key: str  # a catalogue parameter
    distribution: str
    low: float  # P10 (normal, lognormal) or lower bound (uniform)
    high: float  # P90 or upper bound
    group: str = ""  # inputs with the same group share one draw
    unit: str = ""  # of low and high: "percentage points", "x the scenario's price"
    year: str = ""
    source: str = ""  # a source id of the data set
    basis: str = "estimate"
    note: str = ""

    @property
    def is_factor(self) -> bool:
        return self.distribution.startswith("factor_")

    @property
    def has_width(self) -> bool:
        return self.low != self.high

    @property
    def draw_group(self) -> str:
        return self.group or self.key

    def low_high_values(self, value: float) -> tuple[float, float]:
        """The parameter's value at this input's low and high (its P10 and P90, or bounds)."""
        if self.is_factor:
            return value * self.low, value * self.high
        return value + self.low, value + self.high


SHAPES = {"shift_normal": "normal shift", "shift_uniform": "uniform shift", "shift_triangular": "triangular shift",
          "factor_lognormal": "lognormal factor", "factor_uniform": "uniform factor"}


def describe(u: Uncertain, label: str) -> str:
    """One line for a reader: 'LNG price: lognormal factor, P10 0.9 and P90 1.5 x the price (why)'."""
    if u.distribution == DEFAULT:
        return f"{label}: as in the default ranges (resources/uncertainty.csv)"
    spread = f"P10 {u.low:g} and P90 {u.high:g}" if u.distribution in ("shift_normal", "factor_lognormal") \
        else f"from {u.low:g} to {u.high:g}"
    text = f"{label}: {SHAPES[u.distribution]}, {spread}"
    text += f" {u.unit}" if u.unit else ""
    return text + (f" ({u.note})" if u.note else "")


def check_inputs(inputs: tuple[Uncertain, ...], catalogue: Catalogue, where: str = "uncertain inputs",
                 source_ids: set[str] | None = None) -> tuple[Uncertain, ...]:
    """Refuse an input the engine could not use, naming the input and the field."""
    seen: set[str] = set()
    groups: dict[str, str] = {}
    for u in inputs:
        field = f"{where}: {u.key}"
        if u.key not in {p.key for p in catalogue}:
            raise UncertaintyError(field, "is not a parameter of the catalogue")
        if catalogue[u.key].kind != NUMBER:
            raise UncertaintyError(field, "only a number can be uncertain")
        if u.key in seen:
            raise UncertaintyError(field, "is listed twice")
        seen.add(u.key)
        if u.distribution not in DISTRIBUTIONS:
            raise UncertaintyError(f"{field} (distribution)", f"must be one of {', '.join(DISTRIBUTIONS)}, "
                                                           f"not '{u.distribution}'")
        for name, x in (("low", u.low), ("high", u.high)):
            if not isinstance(x, (int, float)) or isinstance(x, bool) or not math.isfinite(x):
                raise UncertaintyError(f"{field} ({name})", f"must be a finite number, got {x!r}")
        if u.high < u.low:
            raise UncertaintyError(f"{field} (high)", f"the width is negative: high {u.high} is below low {u.low}")
        if u.is_factor and u.low <= 0:
            raise UncertaintyError(f"{field} (low)", "a factor must be above 0")
        if u.distribution == "factor_lognormal" and not u.low <= 1 <= u.high:
            raise UncertaintyError(f"{field} (low)", "a lognormal factor's P10 and P90 must bracket 1")
        if u.distribution in ("shift_normal", "shift_triangular") and not u.low <= 0 <= u.high:
            shape = u.distribution.split("_")[1]
            raise UncertaintyError(f"{field} (low)", f"a {shape} shift must have low <= 0 <= high")
        if u.basis not in BASES:
            raise UncertaintyError(f"{field} (basis)", f"must be one of {', '.join(BASES)}")
        if u.basis == "estimate" and not u.note.strip():
            raise UncertaintyError(f"{field} (note)", "an estimate needs its reason")
        if source_ids is not None and u.source not in source_ids:
            raise UncertaintyError(f"{field} (source)", f"'{u.source}' is not a source of the data set")
        kind = groups.setdefault(u.draw_group, u.distribution)
        if kind != u.distribution:
            raise UncertaintyError(f"{field} (group)", f"group '{u.group}' mixes {kind} and {u.distribution}; "
                                                   "inputs that share a draw need one distribution")
    return inputs


def with_width(inputs: tuple[Uncertain, ...], scale: float) -> tuple[Uncertain, ...]:
    """Every input's width times ``scale`` around its no-change point (0 for a shift, 1 for a factor)."""
    def scaled(u: Uncertain) -> Uncertain:
        centre = 1.0 if u.is_factor else 0.0
        if u.distribution == "factor_lognormal":  # scale in logs, so the factor stays above 0
            return replace(u, low=u.low ** scale, high=u.high ** scale)
        return replace(u, low=centre + (u.low - centre) * scale, high=centre + (u.high - centre) * scale)
    return tuple(scaled(u) for u in inputs)


def for_scenario(defaults: tuple[Uncertain, ...], own: Mapping[str, Uncertain]) -> tuple[Uncertain, ...]:
    """The inputs a scenario is studied over: the defaults, with the scenario's own distribution in
    place of a default of the same parameter, then its inputs that have no default, in its order.
    An own distribution that names no group keeps the default's (the bitcoin price still moves with
    the hashprice), and one that names no unit keeps the default's if it is of the same kind."""
    if not own:
        return defaults

    def merged(d: Uncertain) -> Uncertain:
        u = own.get(d.key)
        if u is None or u.distribution == DEFAULT:
            return d
        return replace(u, group=u.group or d.group, unit=u.unit or (d.unit if u.is_factor == d.is_factor else ""))
    known = {u.key for u in defaults}
    return tuple(merged(d) for d in defaults) + tuple(u for key, u in own.items()
                                                      if key not in known and u.distribution != DEFAULT)


def as_default(key: str) -> Uncertain:
    """A scenario's entry meaning "the file's row of ``key`` applies", not a parent's."""
    return Uncertain(key, DEFAULT, 0.0, 0.0)
