"""Issue 3's adapter benchmarks, on SQLite, through HTTP against a `pellucid serve` process.

    POST /adapter/csv, a 3 MB CSV (~50,000 rows x 8 columns)  vs  csv module parse + executemany
    POST /adapter/excel, a 3 MB .xlsx                          vs  openpyxl's read of the same file

Both sides run in this same run on this machine; each figure is the median of a few runs.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

import httpx

from .support import Row, data_service_user, pellucid_server, table

LIMIT = 3 * 1024 * 1024
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
CITIES = ["Oslo", "Lund", "Bergen", "Turku", "Aarhus", "Tampere", "Malmo", "Espoo"]


def csv_file() -> bytes:
    """About 50,000 rows x 8 columns, just under the 3 MB file size limit."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    i = 0
    while out.tell() < LIMIT - 200:
        writer.writerow([i, f"name {WORDS[i % 8]} {i % 997}", CITIES[i % 8], f"{(i * 7919) % 100000 / 100:.2f}",
                         f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "true" if i % 3 else "false", f"C{i % 5000:04d}",
                         "note" if i % 10 else '"quoted, note"'])
        i += 1
    data = out.getvalue().encode()
    return data[:data.rindex(b"\n", 0, LIMIT) + 1]


def xlsx_file() -> bytes:
    """As many rows of numbers, dates and text as fit in 3 MB once zipped (formats on two columns)."""
    import openpyxl

    def build(rows: int) -> bytes:
        book = openpyxl.Workbook()
        sheet = book.active
        for i in range(rows):
            sheet.append([i, f"name {WORDS[i % 8]} {i % 997}", CITIES[i % 8], (i * 7919) % 100000 / 100,
                          f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", i % 3 == 0, f"C{i % 5000:04d}", i / 7])
        for cell in sheet["D"]:
            cell.number_format = '"$"#,##0.00'
        for cell in sheet["H"]:
            cell.number_format = "0.00%"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    probe = build(10_000)
    rows = int(10_000 * (LIMIT * 0.97) / len(probe))
    data = build(rows)
    while len(data) > LIMIT:
        rows = int(rows * 0.97)
        data = build(rows)
    return data


def median_seconds(action: Callable[[], object]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def csv_floor(data: bytes, tmp: Path) -> Callable[[], None]:
    """Parse with the csv module and insert the rows with one executemany, in one transaction."""
    counter = iter(range(1_000_000))

    def run() -> None:
        db = sqlite3.connect(tmp / f"floor-{next(counter)}.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE rows (a, b, c, d, e, f, g, h)")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        db.execute("BEGIN")
        db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
        db.close()

    return run


def openpyxl_read(data: bytes) -> None:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            pass


def main() -> None:
    data_csv = csv_file()
    data_xlsx = xlsx_file()
    rows = data_csv.count(b"\n")
    print(f"Adapter benchmarks: SQLite; CSV {len(data_csv):,} bytes, {rows:,} rows x 8 columns; "
          f"xlsx {len(data_xlsx):,} bytes; median of {RUNS} runs")
    with tempfile.TemporaryDirectory(prefix="pellucid-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        store, headers = data_service_user(url)
        store.dispose()
        with pellucid_server(url) as base:
            http = httpx.Client(base_url=base, headers=headers, timeout=600)

            def post(path: str, name: str, data: bytes) -> Callable[[], None]:
                return lambda: http.post(path, files={"file": (name, data)}).raise_for_status()

            csv_seconds = median_seconds(post("/adapter/csv", "bench.csv", data_csv))
            xlsx_seconds = median_seconds(post("/adapter/excel", "bench.xlsx", data_xlsx))
        floor_seconds = median_seconds(csv_floor(data_csv, Path(tmp)))
        read_seconds = median_seconds(lambda: openpyxl_read(data_xlsx))

    table("Adapters (issue 3)", [
        Row("POST /adapter/csv, 3 MB CSV", csv_seconds * 1000, "ms", "csv parse + executemany", floor_seconds * 1000,
            csv_seconds / floor_seconds, "<= 1.5"),
        Row("POST /adapter/excel, 3 MB .xlsx", xlsx_seconds * 1000, "ms", "openpyxl read alone", read_seconds * 1000,
            xlsx_seconds / read_seconds, "<= 1.5"),
    ], notes=[
        "The adapters also store each value's filter columns (text and number forms), the SheetOrder "
        "metadata collection (one item per row) and, for Excel, the five cell-wise metadata collections.",
    ])


if __name__ == "__main__":
    main()
