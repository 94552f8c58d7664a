"""Read the uncertain inputs of the Monte Carlo and the tornado (resources/uncertainty.csv).

Like the gates, they sit beside the data set, not in it: they change no deterministic result,
so editing them changes neither the data set's hash nor any scenario's input hash. Every row is
checked against the parameter catalogue and the data set's sources before it is used.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from workbench.core.dataset import DataSet
from workbench.core.errors import DataSetError
from workbench.core.parameters import Catalogue
from workbench.core.uncertainty import Uncertain, UncertaintyError, check_inputs
from workbench.io.bounded_read import UnreadableFile, read_bounded
from workbench.io.dataset_loader import resources_dir

COLUMNS = ("key", "distribution", "low", "high", "group", "unit", "year", "source", "basis", "note")
MAX_BYTES = 1_000_000


def load_uncertainty(catalogue: Catalogue, dataset: DataSet, path: Path | None = None) -> tuple[Uncertain, ...]:
    path = path or resources_dir() / "uncertainty.csv"
    try:
        text = read_bounded(path, MAX_BYTES, "uncertain inputs").decode("utf-8")
    except (UnreadableFile, UnicodeDecodeError) as exc:
        raise DataSetError(f"{path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise DataSetError(f"{path}: columns must be {', '.join(COLUMNS)}")
    inputs = []
    for line, row in enumerate(reader, start=2):
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
