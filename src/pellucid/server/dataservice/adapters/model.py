"""What every adapter produces from its source: tabs of cell values plus cell metadata.

I/O-free. A `Sheet` is one tab (a CSV file is one tab): `rows[r][c]` is the value of row r+1,
column c (None or "" for an empty cell): text for CSV; for spreadsheets the cell's value, a
number as a number, text as text, a boolean as a boolean, dates and times as ISO 8601 text,
while the display format goes to the Format metadata (seed 001). `cells[kind][row number][column]`
holds the cell-wise metadata of the spreadsheet adapters (FillColor, TextColor, Format,
Formula, Comment); CSV sheets have none and get only the SheetOrder metadata collection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Union

from ...http.errors import bad_request

FILL_COLOR = "FillColor"
TEXT_COLOR = "TextColor"
FORMAT = "Format"
FORMULA = "Formula"
COMMENT = "Comment"
SHEET_ORDER = "SheetOrder"
CELL_KINDS = (FILL_COLOR, TEXT_COLOR, FORMAT, FORMULA, COMMENT)  # InheritsSchemaChanges = "true"
ADAPTER_KINDS = frozenset((*CELL_KINDS, SHEET_ORDER))

# Limits of what one tab may hold. Rows: Excel's own limit. Columns: every field costs the item
# table two columns, and SQLite tables stop at 2000 (PostgreSQL at 1600).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 700

Value = Union[str, int, float, bool]

# Day 0 of spreadsheet serial dates (Excel's 1900 system with its leap-year bug, and Google's).
SERIAL_EPOCH = datetime(1899, 12, 30)

DEFAULT_COLOR = "ffffffff"  # white, rrggbbaa
DEFAULT_TEXT_COLOR = "000000ff"  # black


@dataclass
class Sheet:
    title: str
    rows: list[list[Value | None]]
    width: int
    spreadsheet: bool = False  # True: the five cell-wise metadata collections and default colours
    cells: dict[str, dict[int, dict[int, str]]] = field(default_factory=dict)
    default_color: str = DEFAULT_COLOR
    default_text_color: str = DEFAULT_TEXT_COLOR

    def check_size(self) -> None:
        """A 400 for a tab beyond what a collection can hold."""
        where = f"Sheet {self.title!r}" if self.spreadsheet else "The file"
        if len(self.rows) > MAX_ROWS:
            raise bad_request(f"{where} has {len(self.rows):,} rows; at most {MAX_ROWS:,} are supported")
        if self.width > MAX_COLUMNS:
            raise bad_request(f"{where} has {self.width:,} columns; at most {MAX_COLUMNS} are supported")


class TabBuilder:
    """Collects a spreadsheet tab cell by cell (1-based rows, 0-based columns), in any order."""

    def __init__(self) -> None:
        self.values: dict[int, dict[int, Value]] = {}
        self.cells: dict[str, dict[int, dict[int, str]]] = {}
        self.height = 0
        self.width = 0

    def put(self, kind: str | None, row: int, column: int, value: Value) -> None:
        """A cell's value (`kind` None) or one of its metadata texts."""
        target = self.values if kind is None else self.cells.setdefault(kind, {})
        target.setdefault(row, {})[column] = value
        self.height = max(self.height, row)
        self.width = max(self.width, column + 1)

    def sheet(self, title: str, default_color: str, default_text_color: str) -> Sheet:
        """The grid as a `Sheet`: rows up to the last used one, each up to its last value."""
        rows: list[list[Value | None]] = [[] for _ in range(self.height)]
        for row, by_column in self.values.items():
            line: list[Value | None] = [None] * (max(by_column) + 1)
            for column, text in by_column.items():
                line[column] = text
            rows[row - 1] = line
        return Sheet(title=title, rows=rows, width=self.width, spreadsheet=True, cells=self.cells,
                     default_color=default_color, default_text_color=default_text_color)


def cell_value(value: object) -> Value | None:
    """What an item holds for a spreadsheet cell's value: numbers, text and booleans as they are;
    dates as ISO 8601 text (`2024-03-05`, `2024-03-05T14:30:00`, `14:30:00`), a date at midnight
    as the date alone; durations as their length in days, the spreadsheet's own number."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, datetime):
        value = value.replace(microsecond=0)
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, (date, time)):
        return value.replace(microsecond=0).isoformat() if isinstance(value, time) else value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return str(value)


def from_serial(days: float, date_kind: str) -> str:
    """A serial date (days since SERIAL_EPOCH) of a DATE, TIME or DATE_TIME cell, as ISO 8601."""
    moment = SERIAL_EPOCH + timedelta(seconds=round(days * 86400))
    if date_kind == "TIME":
        return moment.time().isoformat()
    return moment.date().isoformat() if date_kind == "DATE" else moment.isoformat()


def rgba(red: float, green: float, blue: float, alpha: float = 1.0) -> str:
    """Colour components in 0..1 as the lower-case rrggbbaa hex the metadata collections hold."""
    return "".join(f"{max(0, min(255, round(part * 255))):02x}" for part in (red, green, blue, alpha))
