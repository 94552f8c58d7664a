"""Read the uncertain inputs of the Monte Carlo and the tornado (resources/uncertainty.csv).

Like the gates, they sit beside the data set, not in it: they change no deterministic result,
so editing them changes neither the data set's hash nor any scenario's input hash. Every row is
checked against the parameter catalogue and the data set's sources before it is used.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from workbench.core.dataset import DataSet
from workbench.core.errors import DataSetError
from workbench.core.parameters import Catalogue
from workbench.core.uncertainty import Uncertain, UncertaintyError, check_inputs
from workbench.io.dataset_loader import resources_dir
from workbench.io.bounded_read import UnreadableFile, read_bounded
from workbench.io.reference_csv import MAX_BYTES, read_rows

COLUMNS = ("key", "distribution", "low", "high", "group", "unit", "year", "source", "basis", "note")


def load_uncertainty(catalogue: Catalogue, dataset: DataSet, path: Path | None = None) -> tuple[Uncertain, ...]:
    path = path or resources_dir() / "uncertainty.csv"
    inputs = []
    for line, row in read_rows(path, COLUMNS, "uncertain inputs"):
        try:
            low, high = float(row["low"]), float(row["high"])
        except (TypeError, ValueError):
            raise DataSetError(f"{path}:{line}: low and high must be numbers") from None
        inputs.append(Uncertain(row["key"], row["distribution"], low, high, row["group"] or "", row["unit"] or "",
                                row["year"] or "", row["source"] or "", row["basis"] or "", row["note"] or ""))
    try:
        return check_inputs(tuple(inputs), catalogue, str(path), set(dataset.sources))
    except UncertaintyError as exc:
        raise DataSetError(str(exc)) from None


def uncertainty_file(path: Path | None = None) -> tuple[str, str]:
    """(the file's name, the SHA-256 of its bytes): what a Monte Carlo's reproducibility stamp cites."""
    path = path or resources_dir() / "uncertainty.csv"
    try:
        data = read_bounded(path, MAX_BYTES, "uncertain inputs")
    except UnreadableFile as exc:
        raise DataSetError(f"{path}: {exc}") from None
    return path.name, hashlib.sha256(data).hexdigest()
