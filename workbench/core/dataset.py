"""The bundled data set as an immutable value: every number with unit, year, source, confidence."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from workbench.core.errors import DataSetError
from workbench.core.text import number_text

MONTHS = ("jul", "aug", "sep", "oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun")
HOURS_PER_YEAR = 8760
# What a note means by "the data brief", for every place that shows the notes.
DATA_BRIEF_NOTE = ("A note that cites \u201cthe data brief\u201d means the compilation of public sources these "
                   "defaults were built from, bundled as resources/data/pakistan_power_brief.md.")


def in_months(month: np.ndarray, names: Iterable[str]) -> np.ndarray:
    """Boolean mask of the hours whose month code (0 = July) is one of the named months."""
    return np.isin(month, [MONTHS.index(m) for m in names])


@dataclass(frozen=True)
class Datum:
    """One default number (or label) and where it comes from."""

    key: str
    value: float | str
    unit: str
    year: str
    source: str  # source ids, ";"-separated, see Source
    confidence: str  # high / medium / low
    basis: str  # sourced / derived / estimate
    note: str = ""  # for an estimate: the reason
    quote: str = ""  # the source's own words that state the number (sourced) or its inputs (derived)
    formula: str = ""  # derived only: arithmetic on numbers in the quote and {other.keys}

    @property
    def is_estimate(self) -> bool:
        return self.basis == "estimate"


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    url: str = ""  # an address that can be followed
    locator: str = ""  # document, page and date: how to find it where the address is partial or absent

    @property
    def where(self) -> str:
        """The address, then the locator: everything a reader needs to follow the source."""
        return " ; ".join(x for x in (self.url, self.locator) if x)


@dataclass(frozen=True, eq=False)
class DataSet:
    name: str
    version: str
    content_hash: str
    title: str
    system_boundary: str
    values: Mapping[str, Datum]
    sources: Mapping[str, Source]
    hourly: pd.DataFrame = field(repr=False)
    pipeline: pd.DataFrame = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    def __getstate__(self) -> dict[str, object]:
        """Plain dicts for the read-only mappings, so a data set can go to a worker process."""
        return {**self.__dict__, "values": dict(self.values), "sources": dict(self.sources)}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__post_init__()

    @property
    def identity(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "hash": self.content_hash}

    @property
    def label(self) -> str:
        return f"{self.name} {self.version} ({self.content_hash[:12]})"

    def datum(self, key: str) -> Datum:
        try:
            return self.values[key]
        except KeyError:
            raise DataSetError(f"data set {self.name}: no value '{key}'") from None

    def number(self, key: str) -> float:
        value = self.datum(key).value
        if not isinstance(value, float):
            raise DataSetError(f"data set {self.name}: '{key}' is not a number")
        return value

    def text(self, key: str) -> str:
        return str(self.datum(key).value)

    def monthly(self, prefix: str) -> list[float]:
        """Twelve fiscal-year values (Jul..Jun) stored as prefix.jul ... prefix.jun."""
        return [self.number(f"{prefix}.{m}") for m in MONTHS]

    def plant_ids(self) -> list[str]:
        ids = [k.split(".")[1] for k in self.values if k.startswith("plant.") and k.endswith(".technology")]
        return ids

    def plant(self, plant_id: str, attribute: str) -> float | str:
        return self.datum(f"plant.{plant_id}.{attribute}").value

    def worked_out(self, formula: str) -> str:
        """A derived value's formula as a reader can check it: each {key} it uses replaced by that
        value and its unit, in brackets (a key the data set lacks is left as written)."""
        def value_of(match: re.Match[str]) -> str:
            datum = self.values.get(match.group(1))
            if datum is None:
                return match.group(0)
            shown = number_text(datum.value) if isinstance(datum.value, float) else str(datum.value)
            return f"[{shown} {datum.unit}]".replace(" ]", "]")
        return re.sub(r"\{([A-Za-z0-9_.]+)\}", value_of, formula)

    def addresses(self, datum: Datum) -> str:
        """Where to find the datum's sources: address and locator of each, "; "-separated."""
        parts = []
        for sid in datum.source.split(";"):
            src = self.sources.get(sid.strip())
            if src and src.where:
                parts.append(src.where)
        return "; ".join(parts)

    def citation(self, datum: Datum) -> str:
        """Human-readable source text for a datum: citations, then the note."""
        parts = []
        for sid in datum.source.split(";"):
            src = self.sources.get(sid.strip())
            parts.append(src.citation if src else sid.strip())
        return "; ".join(parts)
