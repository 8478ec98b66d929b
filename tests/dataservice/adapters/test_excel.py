"""Excel adapter: POST /adapter/excel and PUT /adapter/excel (seed 001 "Excel Adapter")."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from tests.dataservice.conftest import path

from .conftest import (
    collections_of,
    fields_of,
    item_id,
    items_of,
    metadata_of,
    properties_of,
    schema_names,
    upload,
)
from .workbooks import budget, to_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ["FillColor", "TextColor", "Format", "Formula", "Comment", "SheetOrder"]


def post(user, content: bytes, filename: str = "budget.xlsx", **params):
    return upload(user, "/adapter/excel", content, filename, params=params, content_type=XLSX)


def put(user, source: dict, content: bytes):
    return upload(user, "/adapter/excel", content, "v2.xlsx", "PUT", {"dataSource": source["uri"]}, XLSX)


def by_name(user, source: dict) -> dict[str, dict]:
    return {entry["name"]: entry for entry in collections_of(user, source)}


@pytest.mark.wire
def test_one_collection_per_tab_holding_the_cells_values(alice):
    """Items hold values (seed 001: the Format collection says how to show them), not "$1,250.50"."""
    source = alice.ok(post(alice, budget()))
    assert source["name"] == "budget.xlsx" and source["adapterType"] == "EXCEL"
    tabs = by_name(alice, source)
    assert list(tabs) == ["Budget", "Notes"]
    budget_tab = tabs["Budget"]
    assert schema_names(alice, budget_tab) == ["A", "B", "C", "D"]
    assert fields_of(alice, budget_tab) == [
        {"A": "Item", "B": "Amount", "C": "Share", "D": "Due"},
        {"A": "Rent", "B": 1250.5, "C": 0.625, "D": "2024-03-05"},
        {"A": "Food", "B": 750, "C": 0.375, "D": "2024-03-09"},
        {"A": "Total", "B": 2000.5, "C": None, "D": None},
    ]
    assert fields_of(alice, tabs["Notes"]) == [{"A": "hello", "B": None, "C": None}, {"A": None, "B": None, "C": True}]


@pytest.mark.wire
def test_numeric_filters_and_formats_over_an_imported_currency_column(alice):
    tab = by_name(alice, alice.ok(post(alice, budget())))["Budget"]
    over = alice.ok(alice.http.get(path(tab["items"]), params={"filter": '"B" > 1000'}))
    assert [entry["fields"]["A"] for entry in over["items"]] == ["Rent", "Total"]
    between = alice.ok(alice.http.get(path(tab["items"]), params={"filter": 'B >= 750 AND B < 1250.5'}))
    assert [entry["fields"]["B"] for entry in between["items"]] == [750]
    formats = fields_of(alice, metadata_of(alice, tab)["Format"])
    assert [(entry["row"], entry["B"]) for entry in formats] == [(str(row), '4:"$"#,##0.00') for row in (2, 3, 4)]


def test_times_datetimes_and_zero_values(alice):
    from datetime import datetime, time

    book = openpyxl.Workbook()
    book.active.append([datetime(2024, 3, 5, 14, 30), time(9, 15), 0, False])
    book.active["A1"].number_format = "m/d/yyyy h:mm"
    book.active["B1"].number_format = "h:mm"
    tab = collections_of(alice, alice.ok(post(alice, to_bytes(book))))[0]
    assert fields_of(alice, tab) == [{"A": "2024-03-05T14:30:00", "B": "09:15:00", "C": 0, "D": False}]


@pytest.mark.wire
def test_six_metadata_collections_as_documented(alice):
    tab = by_name(alice, alice.ok(post(alice, budget())))["Budget"]
    metadata = metadata_of(alice, tab)
    assert sorted(metadata) == sorted(KINDS)
    for kind in KINDS:
        assert metadata[kind]["name"] == kind and metadata[kind]["parent"] == tab["uri"]
        inherits = properties_of(alice, metadata[kind]).get("InheritsSchemaChanges")
        assert inherits == (None if kind == "SheetOrder" else "true"), kind
    assert properties_of(alice, tab) == {"DefaultColor": "ffffffff", "DefaultTextColor": "000000ff"}
    assert schema_names(alice, metadata["FillColor"]) == ["row", "A", "B", "C", "D"]
    assert schema_names(alice, metadata["SheetOrder"]) == ["id", "row"]

    def entries(kind):
        return [{k: v for k, v in entry.items() if v is not None} for entry in fields_of(alice, metadata[kind])]

    assert entries("FillColor") == [{"row": "1", "A": "dd7e6bff", "B": "95b3d7ff"}]  # Office theme accent1 4f81bd, lighter 40%
    assert entries("TextColor") == [{"row": "1", "A": "0000ffff"}]
    assert entries("Format") == [
        {"row": "2", "B": '4:"$"#,##0.00', "C": "3:0.0%", "D": "5:m/d/yyyy"},
        {"row": "3", "B": '4:"$"#,##0.00', "C": "3:0.0%", "D": "5:m/d/yyyy"},
        {"row": "4", "B": '4:"$"#,##0.00'},
    ]
    assert entries("Formula") == [{"row": "4", "B": "=SUM(B2:B3)"}]
    assert entries("Comment") == [{"row": "3", "C": "Estimate"}]
    ids = [item_id(entry) for entry in items_of(alice, tab)]
    assert entries("SheetOrder") == [{"id": ids[n], "row": str(n + 1)} for n in range(4)]


def test_formulas_without_a_cached_value_show_nothing(alice):
    book = openpyxl.Workbook()
    book.active.append([1, 2, "=A1+B1"])
    tab = collections_of(alice, alice.ok(post(alice, to_bytes(book))))[0]
    assert fields_of(alice, tab) == [{"A": 1, "B": 2, "C": None}]
    assert fields_of(alice, metadata_of(alice, tab)["Formula"])[0]["C"] == "=A1+B1"


def test_sparse_sheets_keep_row_numbers(alice):
    book = openpyxl.Workbook()
    book.active["B3"] = "x"
    book.active["A5"] = 5
    tab = collections_of(alice, alice.ok(post(alice, to_bytes(book))))[0]
    assert fields_of(alice, tab) == [{"A": None, "B": None}, {"A": None, "B": None}, {"A": None, "B": "x"},
                                     {"A": None, "B": None}, {"A": 5, "B": None}]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb() -> bytes:
    """A few hundred kilobytes that declare (and would inflate to) 300 MB."""
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"x", "bomb": b"\x00" * (300 * 2**20)})


@pytest.mark.parametrize("make, message", [
    (lambda: b"", "not a valid zip"),
    (lambda: b"random bytes that are not a workbook" * 10, "not a valid zip"),
    (lambda: budget()[:2000], "not a valid zip"),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
    (lambda: _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}), "not an Excel workbook"),
    (lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-really"}), "cannot be read"),
    (_bomb, "unpacks to more than"),
], ids=["empty", "random", "truncated", "xls", "docx-like", "broken-xml", "zip-bomb"])
def test_files_that_are_not_valid_xlsx_are_400(alice, make, message):
    response = post(alice, make())
    assert response.status_code == 400, response.text
    assert message in response.json()["message"]
    assert alice.ok(alice.http.get("/dataSources"))["dataSources"] == []


def test_corrupted_sheet_xml_is_400(alice):
    archive = zipfile.ZipFile(io.BytesIO(budget()))
    entries = {name: archive.read(name) for name in archive.namelist()}
    entries["xl/worksheets/sheet1.xml"] = entries["xl/worksheets/sheet1.xml"][:-40]
    response = post(alice, _zip(entries))
    assert response.status_code == 400 and "cannot be read" in response.json()["message"]


@pytest.mark.wire
def test_put_overwrites_by_tab_name_creates_and_deletes(alice):
    source = alice.ok(post(alice, budget()))
    before = by_name(alice, source)
    old_metadata = metadata_of(alice, before["Budget"])
    book = openpyxl.Workbook()
    book.active.title = "Budget"
    book.active.append(["only", "two", "cells"])
    book.create_sheet("Extra")["A1"] = "new"
    updated = alice.ok(put(alice, source, to_bytes(book)))
    assert updated["uri"] == source["uri"] and updated["name"] == "budget.xlsx"
    after = by_name(alice, source)
    assert list(after) == ["Budget", "Extra"]
    assert after["Budget"]["uri"] == before["Budget"]["uri"]
    assert alice.http.get(path(before["Notes"]["uri"])).status_code == 404
    assert schema_names(alice, after["Budget"]) == ["A", "B", "C"]
    assert fields_of(alice, after["Budget"]) == [{"A": "only", "B": "two", "C": "cells"}]
    metadata = metadata_of(alice, after["Budget"])
    assert sorted(metadata) == sorted(KINDS)
    assert fields_of(alice, metadata["FillColor"]) == []
    assert schema_names(alice, metadata["Format"]) == ["row", "A", "B", "C"]
    assert fields_of(alice, metadata_of(alice, after["Extra"])["SheetOrder"])[0]["row"] == "1"
    assert set(metadata) == set(old_metadata)


def test_put_rules(alice, bob):
    source = alice.ok(post(alice, budget()))
    assert alice.http.put("/adapter/excel", files={"file": ("x.xlsx", budget(), XLSX)}).status_code == 400
    assert alice.http.put("/adapter/excel", params={"dataSource": source["uri"]}).status_code == 400
    assert put(bob, source, budget()).status_code == 403
    response = put(alice, source, b"not a workbook")
    assert response.status_code == 400
    assert list(by_name(alice, source)) == ["Budget", "Notes"]


def test_bootstrap_lists_the_adapters(server, alice):
    adapters = alice.ok(alice.http.get("/"))["adapters"]
    assert adapters["csv"] == f"{server.base_url}/adapter/csv"
    assert adapters["excel"] == f"{server.base_url}/adapter/excel"
