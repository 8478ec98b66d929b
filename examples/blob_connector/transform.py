"""Simulation result CSVs -> the Runs and Metrics collections. Pure functions, no I/O.

Each CSV is one run, a long-format time series (``step,time_s,entity,metric,value``). Runs get
one item per file; Metrics one item per (run, entity, metric) series, aggregated over steps.
A file that cannot be read as such (not UTF-8, a column missing, no usable row) is an error;
a bad row inside a good file is skipped and reported, like a simulator's occasional ``n/a``.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean
from typing import Any

from pellucid.protocol import (
    CollectionPatch,
    ItemsPatchInexhaustive,
    ScalarFieldType,
    SemanticCollection,
    declare_schema,
    values,
)

COLUMNS = ("step", "time_s", "entity", "metric", "value")

RUNS = declare_schema(
    primary_key=["run"],
    fields={
        "run": ScalarFieldType.STRING,
        "container": ScalarFieldType.STRING,
        "uploaded": ScalarFieldType.DATE,
        "steps": ScalarFieldType.NUMBER,
        "duration_s": ScalarFieldType.NUMBER,
        "entities": ScalarFieldType.NUMBER,
        "skipped_rows": ScalarFieldType.NUMBER,
    },
    field_labels={"duration_s": "Duration (s)", "skipped_rows": "Skipped rows"},
)
METRICS = declare_schema(
    primary_key=["run", "entity", "metric"],
    fields={
        "run": ScalarFieldType.STRING,
        "entity": ScalarFieldType.STRING,
        "metric": ScalarFieldType.STRING,
        "samples": ScalarFieldType.NUMBER,
        "min": ScalarFieldType.NUMBER,
        "max": ScalarFieldType.NUMBER,
        "mean": ScalarFieldType.NUMBER,
        "final": ScalarFieldType.NUMBER,
    },
    field_labels={"final": "Final value"},
)


class CsvFormatError(ValueError):
    """The file as a whole is unusable; importing part of a result set would mislead."""


@dataclass(frozen=True)
class Sample:
    step: int
    time_s: float
    entity: str
    metric: str
    value: float


@dataclass(frozen=True)
class Run:
    """One parsed CSV. ``skipped`` says which rows were left out and why."""

    name: str  # the blob name without ".csv": unique within the container, whatever the prefix
    uploaded: datetime
    samples: tuple[Sample, ...]
    skipped: tuple[str, ...]


def parse_run(blob_name: str, data: bytes, uploaded: datetime) -> Run:
    try:
        text = data.decode("utf-8-sig")  # Excel and PowerShell write a BOM
    except UnicodeDecodeError as error:
        raise CsvFormatError(f"{blob_name}: not UTF-8 (byte {error.start})") from None
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next((row for row in rows if _filled(row)), None)
    if header is None:
        raise CsvFormatError(f"{blob_name}: empty file")
    names = [cell.strip().lower() for cell in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise CsvFormatError(f"{blob_name}: missing column(s) {', '.join(missing)}")
    at = {column: names.index(column) for column in COLUMNS}

    samples, skipped = [], []
    for row in rows:
        if not _filled(row):
            continue
        try:
            samples.append(_sample(row, at, len(names)))
        except ValueError as error:
            skipped.append(f"{blob_name} line {rows.line_num}: {error}")
    if not samples:
        raise CsvFormatError(f"{blob_name}: no usable rows ({len(skipped)} skipped)")
    return Run(blob_name.removesuffix(".csv"), uploaded, tuple(samples), tuple(skipped))


def _filled(row: list[str]) -> bool:
    return any(cell.strip() for cell in row)


def _sample(row: list[str], at: dict[str, int], width: int) -> Sample:
    if len(row) != width:
        raise ValueError(f"{len(row)} columns, expected {width}")
    cell = {column: row[index].strip() for column, index in at.items()}
    step = _number(cell["step"], "step")
    if not step.is_integer():
        raise ValueError(f"step {cell['step']!r} is not a whole number")
    for column in ("entity", "metric"):
        if not cell[column]:
            raise ValueError(f"{column} is empty")
    return Sample(int(step), _number(cell["time_s"], "time_s"), cell["entity"], cell["metric"],
                  _number(cell["value"], "value"))


def _number(text: str, column: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):  # NaN and inf have no JSON form
        raise ValueError(f"{column} {text!r} is not a number")
    return number


def run_item(container: str, run: Run) -> dict[str, Any]:
    times = [s.time_s for s in run.samples]
    return {
        "run": run.name,
        "container": container,
        "uploaded": values.date_value(run.uploaded),
        "steps": len({s.step for s in run.samples}),
        "duration_s": max(times) - min(times),
        "entities": len({s.entity for s in run.samples}),
        "skipped_rows": len(run.skipped),
    }


def metric_items(run: Run) -> list[dict[str, Any]]:
    series: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    for sample in run.samples:
        series[sample.entity, sample.metric].append(sample)
    items = []
    for (entity, metric), samples in series.items():
        numbers = [s.value for s in samples]
        items.append({
            "run": run.name,
            "entity": entity,
            "metric": metric,
            "samples": len(numbers),
            "min": min(numbers),
            "max": max(numbers),
            "mean": round(fmean(numbers), 9),  # 240.3, not 240.29999999999998, in the data panel
            "final": max(samples, key=lambda s: s.step).value,
        })
    return items


def to_collections(container: str, runs: list[Run]) -> dict[str, CollectionPatch]:
    """Both collections, keyed by the connector's collection ids. Inexhaustive: importing
    another prefix adds its runs and re-importing a run replaces its values."""
    metrics = (item for run in runs for item in metric_items(run))
    return {
        "runs": CollectionPatch(
            ItemsPatchInexhaustive(RUNS.from_items(run_item(container, run) for run in runs)),
            schema=RUNS.schema,
            represents=[SemanticCollection.ITEMS],
            name="Simulation runs",
        ),
        "metrics": CollectionPatch(
            ItemsPatchInexhaustive(METRICS.from_items(metrics)),
            schema=METRICS.schema,
            represents=[SemanticCollection.ITEMS],
            name="Simulation metrics",
        ),
    }
