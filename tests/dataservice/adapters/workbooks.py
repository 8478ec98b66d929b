"""Workbooks built with openpyxl for the Excel tests (and the benchmark)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.colors import Color


def to_bytes(book: openpyxl.Workbook, cached: dict[str, str] | None = None) -> bytes:
    """The .xlsx bytes; `cached` gives formula cells (by reference) the value Excel would have saved."""
    buffer = io.BytesIO()
    book.save(buffer)
    if not cached:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                text = data.decode()
                for ref, value in cached.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v ?/>', rf"\1<v>{value}</v>", text)
                data = text.encode()
            target.writestr(name, data)
    return out.getvalue()


def budget() -> bytes:
    """Two tabs: "Budget" with formats, colours, a comment and a formula; "Notes" with text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Item", "Amount", "Share", "Due"])
    sheet.append(["Rent", 1250.5, 0.625, datetime(2024, 3, 5)])
    sheet.append(["Food", 750, 0.375, datetime(2024, 3, 9)])
    sheet["A4"] = "Total"
    sheet["B4"] = "=SUM(B2:B3)"
    for ref in ("B2", "B3", "B4"):
        sheet[ref].number_format = '"$"#,##0.00'
    for ref in ("C2", "C3"):
        sheet[ref].number_format = "0.0%"
    for ref in ("D2", "D3"):
        sheet[ref].number_format = "m/d/yyyy"
    sheet["A1"].fill = PatternFill("solid", fgColor="FFDD7E6B")
    sheet["B1"].fill = PatternFill("solid", fgColor=Color(theme=4, tint=0.3999755851924192))
    sheet["A1"].font = Font(color="FF0000FF", bold=True)
    sheet["A2"].font = Font(color=Color(theme=1))  # the default text colour: no entry
    sheet["C3"].comment = Comment("Estimate", "Ann")
    notes = book.create_sheet("Notes")
    notes["A1"] = "hello"
    notes["C2"] = True
    return to_bytes(book, {"B4": "2000.5"})
