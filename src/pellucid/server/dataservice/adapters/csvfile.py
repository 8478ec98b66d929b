"""CSV files to a `Sheet` (I/O-free): encoding detection, dialect sniffing, ragged rows.

* Encoding: a byte-order mark decides (UTF-8, UTF-16 or UTF-32, LE or BE); without one the
  file is UTF-8 if it decodes as UTF-8, else Windows-1252 (what Excel writes for "CSV" on
  Western Windows), with Latin-1 for the five bytes cp1252 leaves undefined. Text holding NUL
  characters is binary (or BOM-less UTF-16) and refused.
* Dialect: comma, tab, semicolon or pipe, whichever splits the first rows into the most
  consistent number of fields; double quotes quote, a doubled quote escapes.
* Every row is an item, row 1 included; blank lines inside the file are (empty) rows, blank
  lines at the end are not. Rows may have different lengths; the widest sets the columns.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter

from ...gcpause import gc_paused
from ...http.errors import bad_request
from .model import Sheet

DELIMITERS = ("\t", ",", ";", "|")  # ties go to the earlier one: tabs rarely occur inside text
SAMPLE_CHARS = 64 * 1024
SAMPLE_ROWS = 200

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16: same prefix
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> str:
    """CSV bytes as text: a BOM picks the encoding, else UTF-8, falling back to cp1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _text(data[len(bom):].decode(encoding))
            except UnicodeDecodeError as exc:
                raise bad_request(f"The file starts with a {encoding.upper()} byte-order mark but is not "
                                  f"valid {encoding.upper()} (byte {exc.start + len(bom)})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors=_LATIN1_FALLBACK)
    return _text(text)


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("latin-1"), error.end


_LATIN1_FALLBACK = "pellucid-latin1-fallback"
codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


def _text(text: str) -> str:
    if "\x00" in text:
        raise bad_request("The file is not a CSV text file: it holds NUL bytes (a binary file, or UTF-16 "
                          "without a byte-order mark)")
    return text


def sniff(text: str) -> str:
    """The delimiter whose split of the first rows is widest and most consistent."""
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS and "\n" in sample:
        sample = sample[:sample.rindex("\n")]
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in DELIMITERS:
        widths = []
        try:
            for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                if row:
                    widths.append(len(row))
                if len(widths) >= SAMPLE_ROWS:
                    break
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (width > 1, count / len(widths), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def parse(data: bytes, title: str) -> Sheet:
    """The file's rows as one sheet; a 400 when it cannot be read as CSV text."""
    text = decode(data)
    delimiter = sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        with gc_paused():
            rows: list[list[str | None]] = list(reader)  # type: ignore[arg-type]
    except csv.Error as exc:
        raise bad_request(f"The file cannot be parsed as CSV: {exc} (line {reader.line_num})") from None
    while rows and not any(rows[-1]):
        rows.pop()
    sheet = Sheet(title=title, rows=rows, width=max(map(len, rows), default=0))
    sheet.check_size()
    return sheet
