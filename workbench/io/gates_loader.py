"""Read the list of institutional gates (resources/gates.csv), checked row by row.

The gates are reference data beside the data set, not part of it: they change no result, so
editing them does not change the data set's hash or any scenario's input hash.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from workbench.core.errors import DataSetError
from workbench.core.gates import Gate
from workbench.io.dataset_loader import resources_dir
from workbench.io.reference_csv import read_rows

COLUMNS = ("id", "name", "body", "legal_basis", "requires", "typical_days", "days_basis", "source", "url", "year")


def load_gates(path: Path | None = None) -> tuple[Gate, ...]:
    return _load(path or resources_dir() / "gates.csv")


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[Gate, ...]:
    gates: list[Gate] = []
    seen: set[str] = set()
    for line, row in read_rows(path, COLUMNS, "gates list"):
        where = f"{path}:{line}"
        if any(not (row[c] or "").strip() for c in COLUMNS):
            raise DataSetError(f"{where}: every column needs a value (a gate without its source cannot be shown)")
        if row["id"] in seen or not row["id"].isidentifier():
            raise DataSetError(f"{where}: id '{row['id']}' is repeated or not a plain identifier")
        if not row["days_basis"].startswith(("sourced", "estimate")):
            raise DataSetError(f"{where}: days_basis must start with 'sourced' or 'estimate: reason'")
        try:
            days = int(row["typical_days"])
        except ValueError:
            raise DataSetError(f"{where}: typical_days must be a whole number of days") from None
        seen.add(row["id"])
        gates.append(Gate(id=row["id"], name=row["name"], body=row["body"], legal_basis=row["legal_basis"],
                          requires=row["requires"], typical_days=days, days_basis=row["days_basis"],
                          source=row["source"], url=row["url"], year=row["year"]))
    if not gates:
        raise DataSetError(f"{path}: no gates")
    return tuple(gates)
