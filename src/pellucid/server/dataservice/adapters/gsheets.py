"""Sheets API v4 `Spreadsheet` JSON to `Sheet`s (I/O-free).

An item holds a cell's `effectiveValue` (numbers as numbers, text, booleans; dates, which Google
keeps as serial numbers, as ISO 8601 text; errors as the text the cell shows); its formula (`userEnteredValue.formulaValue`), note,
number format (`effectiveFormat.numberFormat`, as "N:pattern" with N the NumberFormatType index),
background and text colours (where they differ from the spreadsheet's default format) become the
cell-wise metadata, as for Excel.
"""

from __future__ import annotations

from typing import Any

from .model import (
    COMMENT,
    DEFAULT_COLOR,
    DEFAULT_TEXT_COLOR,
    FILL_COLOR,
    FORMAT,
    FORMULA,
    TEXT_COLOR,
    Sheet,
    TabBuilder,
    Value,
    from_serial,
    rgba,
)
from .numfmt import NUMBER_FORMAT_TYPES

# What the import asks of spreadsheets.get: tab list first, then the grid data of chosen tabs.
TABS_FIELDS = ("spreadsheetId,properties(title,defaultFormat(backgroundColor,backgroundColorStyle,"
               "textFormat(foregroundColor,foregroundColorStyle))),sheets(properties(sheetId,title,index,sheetType))")
GRID_FIELDS = ("sheets(properties(title),data(startRow,startColumn,rowData(values(formattedValue,effectiveValue,"
               "userEnteredValue(formulaValue),note,effectiveFormat(numberFormat,backgroundColor,"
               "backgroundColorStyle,textFormat(foregroundColor,foregroundColorStyle))))))")


def grid_titles(spreadsheet: dict[str, Any]) -> list[str]:
    """Titles of the spreadsheet's grid tabs (not chart or object sheets), in tab order."""
    tabs = [sheet.get("properties", {}) for sheet in spreadsheet.get("sheets", [])]
    tabs = [tab for tab in tabs if tab.get("sheetType", "GRID") == "GRID" and isinstance(tab.get("title"), str)]
    return [tab["title"] for tab in sorted(tabs, key=lambda tab: tab.get("index", 0))]


def a1_range(title: str) -> str:
    """The A1 notation of a whole tab: its title, single-quoted."""
    return "'" + title.replace("'", "''") + "'"


def color(value: dict[str, Any] | None, style: dict[str, Any] | None = None) -> str | None:
    """A Color (components 0..1, absent = 0, alpha absent = 1) or ColorStyle.rgbColor as rrggbbaa."""
    rgb = (style or {}).get("rgbColor") or value
    if not isinstance(rgb, dict):
        return None
    return rgba(*(float(rgb.get(part, 0) or 0) for part in ("red", "green", "blue")), float(rgb.get("alpha", 1)))


def defaults(spreadsheet: dict[str, Any]) -> tuple[str, str]:
    """The sheet's default (background, text) colours, ours where the spreadsheet sets none."""
    fmt = spreadsheet.get("properties", {}).get("defaultFormat", {})
    text = fmt.get("textFormat", {})
    return (color(fmt.get("backgroundColor"), fmt.get("backgroundColorStyle")) or DEFAULT_COLOR,
            color(text.get("foregroundColor"), text.get("foregroundColorStyle")) or DEFAULT_TEXT_COLOR)


def sheets(spreadsheet: dict[str, Any], grid: dict[str, Any]) -> list[Sheet]:
    """The tabs of a grid-data response, with the defaults of the spreadsheet's properties."""
    default_color, default_text = defaults(spreadsheet)
    result = []
    for entry in grid.get("sheets", []):
        tab = TabBuilder()
        for block in entry.get("data", []):
            top, left = block.get("startRow", 0), block.get("startColumn", 0)
            for r, row in enumerate(block.get("rowData", [])):
                for c, cell in enumerate(row.get("values", [])):
                    _cell(tab, top + r + 1, left + c, cell, default_color, default_text)
        result.append(tab.sheet(entry.get("properties", {}).get("title", ""), default_color, default_text))
    return result


DATE_KINDS = ("DATE", "TIME", "DATE_TIME")


def value(cell: dict[str, Any]) -> Value | None:
    """The cell's value (ExtendedValue), or what it shows when Google sends no value."""
    effective = cell.get("effectiveValue") or {}
    if "numberValue" in effective:
        kind = cell.get("effectiveFormat", {}).get("numberFormat", {}).get("type")
        number = effective["numberValue"]
        return from_serial(number, kind) if kind in DATE_KINDS else number
    if "boolValue" in effective:
        return bool(effective["boolValue"])
    if "stringValue" in effective:
        return effective["stringValue"]
    return cell.get("formattedValue")  # errorValue: the cell shows "#DIV/0!" and the like


def _cell(tab: TabBuilder, row: int, column: int, cell: dict[str, Any], default_color: str, default_text: str) -> None:
    shown = value(cell)
    if shown is not None and shown != "":
        tab.put(None, row, column, shown)
    formula = cell.get("userEnteredValue", {}).get("formulaValue")
    if formula:
        tab.put(FORMULA, row, column, formula)
    if cell.get("note"):
        tab.put(COMMENT, row, column, cell["note"])
    fmt = cell.get("effectiveFormat", {})
    number = fmt.get("numberFormat")
    if shown not in (None, "") and number and number.get("type") in NUMBER_FORMAT_TYPES:
        tab.put(FORMAT, row, column, f"{NUMBER_FORMAT_TYPES.index(number['type'])}:{number.get('pattern', '')}")
    fill = color(fmt.get("backgroundColor"), fmt.get("backgroundColorStyle"))
    if fill and fill != default_color:
        tab.put(FILL_COLOR, row, column, fill)
    text = fmt.get("textFormat", {})
    ink = color(text.get("foregroundColor"), text.get("foregroundColorStyle"))
    if ink and ink != default_text:
        tab.put(TEXT_COLOR, row, column, ink)
