"""Read and check the bundled data set in resources/ (or a copy of it elsewhere)."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core.dataset import HOURS_PER_YEAR, MONTHS, DataSet, Datum, Source
from workbench.core.errors import DataSetError
from workbench.io.bounded_read import UnreadableFile, read_bounded

VALUE_COLUMNS = ["key", "value", "unit", "year", "source", "confidence", "basis", "note", "quote", "formula"]
SOURCE_COLUMNS = ["id", "citation", "url", "locator"]
CONFIDENCE = {"high", "medium", "low"}
BASIS = {"sourced", "derived", "estimate"}
HOURLY_COLUMNS = ["hour", "month", "day", "hour_of_day", "demand_fy25_mw", "wind_cf", "solar_cf", "rooftop_cf"]
PIPELINE_COLUMNS = ["project", "technology", "template", "zone", "capacity_mw", "first_fy",
                    "source", "confidence", "basis", "note"]

MAX_FILE_BYTES = 50_000_000  # the largest file, the hourly profiles, is under 1 MB


def resources_dir() -> Path:
    """The resources folder beside the package, or WORKBENCH_RESOURCES when set."""
    override = os.environ.get("WORKBENCH_RESOURCES")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "resources"


def load_dataset(root: Path | str | None = None) -> DataSet:
    """Load and validate the data set; cached per folder, because it is immutable."""
    return _cached_read(Path(root).resolve() if root else resources_dir().resolve())


def read_dataset(root: Path) -> DataSet:
    """Read and validate the data set in ``root`` from disk (uncached; the app calls load_dataset)."""
    manifest_path = root / "dataset.json"
    try:
        manifest = json.loads(read_bounded(manifest_path, MAX_FILE_BYTES, "data set manifest").decode("utf-8"))
    except (UnreadableFile, ValueError) as exc:
        raise DataSetError(f"cannot read the data set manifest {manifest_path}: {exc}") from None
    texts = {}
    for name in manifest["files"]:
        try:
            texts[name] = read_bounded(root / name, MAX_FILE_BYTES, "data set file").replace(b"\r\n", b"\n")
        except UnreadableFile as exc:
            raise DataSetError(f"cannot read the data set file {root / name}: {exc}") from None
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name] + b"\0")

    sources = _read_sources(texts["data/sources.csv"])
    values = _read_values(texts["data/values.csv"], sources)
    hourly = _read_hourly(texts["data/hourly_profiles.csv"])
    pipeline = _read_pipeline(texts["data/pipeline.csv"], sources, values)
    return DataSet(
        name=manifest["name"], version=manifest["version"], content_hash=digest.hexdigest(),
        title=manifest.get("title", ""), system_boundary=manifest.get("system_boundary", ""),
        values=values, sources=sources, hourly=hourly, pipeline=pipeline,
    )

_cached_read = lru_cache(maxsize=4)(read_dataset)


def _rows(data: bytes, name: str, columns: list[str]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    if reader.fieldnames != columns:
        raise DataSetError(f"{name}: columns are {reader.fieldnames}, expected {columns}")
    return list(reader)


def _read_sources(data: bytes) -> dict[str, Source]:
    rows = _rows(data, "sources.csv", SOURCE_COLUMNS)
    sources = {}
    for line, r in enumerate(rows, start=2):
        if not r["url"] and not r["locator"]:
            raise DataSetError(f"sources.csv line {line} ({r['id']}): a source needs an address or a locator "
                               "(document, page and date)")
        sources[r["id"]] = Source(r["id"], r["citation"], r["url"], r["locator"])
    return sources


def _check_provenance(where: str, row: dict[str, str], sources: dict[str, Source]) -> None:
    for sid in row["source"].split(";"):
        if sid.strip() not in sources:
            raise DataSetError(f"{where}: unknown source id '{sid}'")
    if row["confidence"] not in CONFIDENCE:
        raise DataSetError(f"{where}: confidence '{row['confidence']}' is not one of {sorted(CONFIDENCE)}")
    if row["basis"] not in BASIS:
        raise DataSetError(f"{where}: basis '{row['basis']}' is not one of {sorted(BASIS)}")


def _read_values(data: bytes, sources: dict[str, Source]) -> dict[str, Datum]:
    values: dict[str, Datum] = {}
    for line, row in enumerate(_rows(data, "values.csv", VALUE_COLUMNS), start=2):
        where = f"values.csv line {line} ({row['key']})"
        if row["key"] in values:
            raise DataSetError(f"{where}: duplicate key")
        if not row["unit"] or not row["year"]:
            raise DataSetError(f"{where}: every value needs a unit and a year")
        _check_provenance(where, row, sources)
        if row["basis"] in ("sourced", "derived") and not row["quote"].strip():
            raise DataSetError(f"{where}: a {row['basis']} value needs the quote of its source")
        if (row["basis"] == "derived") != bool(row["formula"].strip()):
            raise DataSetError(f"{where}: a derived value needs a formula, and only a derived value has one")
        if row["basis"] == "estimate" and not row["note"].strip():
            raise DataSetError(f"{where}: an estimate needs its reason in the note")
        value: float | str = row["value"]
        if row["unit"] != "text":
            try:
                value = float(row["value"])
            except ValueError:
                raise DataSetError(f"{where}: '{row['value']}' is not a number") from None
            if not math.isfinite(value):
                raise DataSetError(f"{where}: value is not finite")
        values[row["key"]] = Datum(row["key"], value, row["unit"], row["year"], row["source"],
                                   row["confidence"], row["basis"], row["note"], row["quote"], row["formula"])
    return values


def _read_hourly(data: bytes) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(data))
    if list(frame.columns) != HOURLY_COLUMNS:
        raise DataSetError(f"hourly_profiles.csv: columns are {list(frame.columns)}, expected {HOURLY_COLUMNS}")
    if len(frame) != HOURS_PER_YEAR:
        raise DataSetError(f"hourly_profiles.csv: {len(frame)} rows, expected {HOURS_PER_YEAR}")
    numeric = frame[HOURLY_COLUMNS[4:]].to_numpy(dtype=float)
    if not np.isfinite(numeric).all():
        raise DataSetError("hourly_profiles.csv: a profile contains NaN or infinity")
    if (numeric < 0).any() or (frame[["wind_cf", "solar_cf", "rooftop_cf"]].to_numpy() > 1).any():
        raise DataSetError("hourly_profiles.csv: a demand is negative or a capacity factor is outside 0-1")
    if set(frame["month"]) != set(MONTHS):
        raise DataSetError("hourly_profiles.csv: month column must hold the twelve month codes")
    return frame


def _read_pipeline(data: bytes, sources: dict[str, Source], values: dict[str, Datum]) -> pd.DataFrame:
    rows = _rows(data, "pipeline.csv", PIPELINE_COLUMNS)
    for line, row in enumerate(rows, start=2):
        where = f"pipeline.csv line {line} ({row['project']})"
        _check_provenance(where, row, sources)
        if f"plant.{row['template']}.technology" not in values:
            raise DataSetError(f"{where}: template plant '{row['template']}' is not in values.csv")
        if row["zone"] not in ("north", "south"):
            raise DataSetError(f"{where}: zone must be north or south")
    frame = pd.DataFrame(rows, columns=PIPELINE_COLUMNS)
    frame["capacity_mw"] = frame["capacity_mw"].astype(float)
    frame["first_fy"] = frame["first_fy"].astype(int)
    return frame
