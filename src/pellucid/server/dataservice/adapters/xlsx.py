"""Excel workbooks (.xlsx) to `Sheet`s (I/O-free but for openpyxl reading the bytes).

Every worksheet is a tab. An item holds each cell's value (`model.cell_value`) and its number
format goes to the Format metadata; a formula cell holds the value Excel cached in the file
(files written without one hold nothing) and its formula goes to the Formula metadata. Fill and font colours (RGB, indexed or theme colours with
tint) go to FillColor / TextColor where they differ from the defaults, non-General formats to
Format, comments to Comment.

Untrusted input: the zip is checked (entry count, declared uncompressed size, which zipfile then
enforces) before openpyxl reads it, XML goes through defusedxml, and any failure to read is a 400.
"""

from __future__ import annotations

import colorsys
import io
import zipfile
from typing import Any

from defusedxml import ElementTree

from ...gcpause import gc_paused
from ...http.errors import bad_request
from . import numfmt
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
    cell_value,
)

MAX_ENTRIES = 10_000
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # all parts together, as declared (and enforced) by the zip
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# Theme colour index -> position in the theme's colour scheme (Excel swaps dark and light pairs).
THEME_ORDER = (1, 0, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11)


def parse(data: bytes) -> list[Sheet]:
    """The workbook's worksheets, in tab order; a 400 for anything that is not a readable .xlsx."""
    _check_container(data)
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
        theme = _theme_colors(book.loaded_theme)
        default_text = _color(_default_font_color(book), theme) or DEFAULT_TEXT_COLOR
        with gc_paused():
            parsed = [_sheet(worksheet, theme, default_text) for worksheet in book.worksheets]
        _cached_values(data, parsed)
        sheets = [sheet for sheet, _ in parsed]
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to read untrusted bytes is the client's 400
        raise bad_request(f"The file cannot be read as an Excel workbook (.xlsx): {type(exc).__name__}: {exc}"[:500]) from None
    for sheet in sheets:
        sheet.check_size()
    return sheets


def _check_container(data: bytes) -> None:
    if data.startswith(OLE2_MAGIC):
        raise bad_request("The file is a legacy Excel workbook (.xls) or a password-protected one; "
                          "only unprotected .xlsx files are supported")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise bad_request(f"The file is not an Excel workbook (.xlsx): not a valid zip archive ({exc})") from None
    if len(entries) > MAX_ENTRIES:
        raise bad_request(f"The workbook has {len(entries):,} parts; at most {MAX_ENTRIES:,} are supported")
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED:
        raise bad_request(f"The workbook unpacks to more than {MAX_UNCOMPRESSED // 2**20} MB; it is refused")
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(name.endswith("workbook.xml") for name in names):
        raise bad_request("The file is a zip archive but not an Excel workbook (.xlsx)")


def _sheet(worksheet, theme: list[str], default_text: str) -> tuple[Sheet, set[tuple[int, int]]]:
    """The tab, and the (row, column) of its formula cells, whose shown values come later."""
    tab = TabBuilder()
    formulas: set[tuple[int, int]] = set()
    styles: dict[tuple[int, int, int], tuple[str, str | None, str | None]] = {}
    for (row, column), cell in worksheet._cells.items():  # only the cells the file holds
        c = column - 1
        code, fill, ink = _style(cell, styles, theme, default_text)
        shown = cell.data_type == "f" or cell.value not in (None, "")
        if cell.data_type == "f":
            tab.put(FORMULA, row, c, _formula_text(cell.value))
            formulas.add((row, column))
        elif shown:
            tab.put(None, row, c, cell_value(cell.value))
        if shown and code != "General":
            tab.put(FORMAT, row, c, f"{numfmt.kind(code)}:{code}")
        if fill:
            tab.put(FILL_COLOR, row, c, fill)
        if ink:
            tab.put(TEXT_COLOR, row, c, ink)
        if cell.comment is not None and cell.comment.text:
            tab.put(COMMENT, row, c, cell.comment.text)
    return tab.sheet(worksheet.title, DEFAULT_COLOR, default_text), formulas


def _style(cell, cache: dict, theme: list[str], default_text: str) -> tuple[str, str | None, str | None]:
    """(number format, fill colour, text colour) of a cell, worked out once per distinct style."""
    style = cell._style  # openpyxl's StyleArray: indexes into the workbook's style tables
    key = (style.numFmtId, style.fillId, style.fontId)
    found = cache.get(key)
    if found is None:
        fill = cell.fill
        fill_color = None
        if fill is not None and fill.fill_type:
            fill_color = _color(fill.fgColor if fill.fill_type == "solid" else fill.bgColor, theme)
        ink = _color(cell.font.color, theme) if cell.font is not None else None
        found = cache[key] = (
            cell.number_format or "General",
            fill_color if fill_color != DEFAULT_COLOR else None,
            ink if ink != default_text else None,
        )
    return found


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", value)  # ArrayFormula keeps the formula in .text
    text = str(text) if text is not None else ""
    return text if text.startswith("=") else "=" + text


def _cached_values(data: bytes, parsed: list[tuple[Sheet, set[tuple[int, int]]]]) -> None:
    """Formula cells hold the value Excel cached: a second, streaming, values-only read."""
    if not any(formulas for _, formulas in parsed):
        return
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        for worksheet, (sheet, formulas) in zip(book.worksheets, parsed):
            if not formulas:
                continue
            rows = [row for row, _ in formulas]
            for cells in worksheet.iter_rows(min_row=min(rows), max_row=max(rows)):
                for cell in cells:
                    key = (getattr(cell, "row", None), getattr(cell, "column", None))
                    if key in formulas and cell.value is not None:
                        line = sheet.rows[key[0] - 1]
                        line.extend([None] * (key[1] - len(line)))
                        line[key[1] - 1] = cell_value(cell.value)
    finally:
        book.close()


# ------------------------------------------------------------------------------ colours


def _theme_colors(theme_xml: bytes | None) -> list[str]:
    """The theme's twelve colours as rrggbb, in the order theme indexes use."""
    if not theme_xml:
        return []
    try:
        root = ElementTree.fromstring(theme_xml)
    except Exception:  # noqa: BLE001 - a broken theme only loses theme colours
        return []
    scheme = root.find(f".//{DRAWING_NS}clrScheme")
    if scheme is None:
        return []
    colors = []
    for entry in list(scheme)[:12]:
        value = ""
        for child in entry:
            value = child.get("lastClr") or child.get("val") or ""
        colors.append(value.lower() if len(value) == 6 else "000000")
    return [colors[i] for i in THEME_ORDER if i < len(colors)]


def _default_font_color(book):
    fonts = getattr(book, "_fonts", None)
    return fonts[0].color if fonts else None


def _color(color, theme: list[str]) -> str | None:
    """An openpyxl Color as rrggbbaa (opaque: Excel ignores the alpha byte), or None when unset."""
    if color is None:
        return None
    kind = getattr(color, "type", None)
    rgb = None
    if kind == "rgb" and isinstance(color.rgb, str) and len(color.rgb) in (6, 8):
        rgb = color.rgb[-6:]
    elif kind == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        if isinstance(color.indexed, int) and 0 <= color.indexed < len(COLOR_INDEX):
            rgb = COLOR_INDEX[color.indexed][-6:]
    elif kind == "theme" and isinstance(color.theme, int) and color.theme < len(theme):
        rgb = theme[color.theme]
    if rgb is None:
        return None
    tint = getattr(color, "tint", 0.0) or 0.0
    return _tinted(rgb.lower(), tint) + "ff"


def _tinted(rgb: str, tint: float) -> str:
    """Excel's tint: lighten (tint > 0) or darken (tint < 0) in HLS space."""
    if not tint:
        return rgb
    red, green, blue = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, saturation = colorsys.rgb_to_hls(red, green, blue)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    return "".join(f"{round(part * 255):02x}" for part in colorsys.hls_to_rgb(hue, light, saturation))
