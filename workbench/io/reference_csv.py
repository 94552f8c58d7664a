"""Reference tables beside the data set (gates, uncertain inputs): read bounded, as UTF-8 CSV
with exactly the expected columns, or refused with the file named."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from workbench.core.errors import DataSetError
from workbench.io.bounded_read import UnreadableFile, read_bounded

MAX_BYTES = 1_000_000


def read_rows(path: Path, columns: tuple[str, ...], what: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every data row of the CSV file at ``path``."""
    try:
        text = read_bounded(path, MAX_BYTES, what).decode("utf-8")
    except (UnreadableFile, UnicodeDecodeError) as exc:
        raise DataSetError(f"{path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != columns:
        raise DataSetError(f"{path}: columns must be {', '.join(columns)}")
    return list(enumerate(reader, start=2))
