"""`client.data.adapters` against the server's CSV and Excel adapters."""

from __future__ import annotations

import io

import pytest

from pellucid.sdk import Lucid
from pellucid.sdk.models import DataSource
from tests.dataservice.adapters.workbooks import budget

pytestmark = pytest.mark.wire


def test_csv_upload_and_replace(data: Lucid):
    source = data.data.adapters.upload_csv(("people.csv", b"Name,Age\nAnn,34\nBob,17\n"))
    assert isinstance(source, DataSource) and source.adapter_type == "CSV" and source.name == "people.csv"
    (sheet,) = data.data.collections.list(data_source=source)
    assert [m.metadata_type for m in data.data.collections.metadata(sheet)] == ["SheetOrder"]
    assert [i.fields for i in data.data.items.list(sheet)] == [
        {"A": "Name", "B": "Age"}, {"A": "Ann", "B": "34"}, {"A": "Bob", "B": "17"}]

    replaced = data.data.adapters.replace_csv(io.BytesIO(b"Cy,52\n"), data_source=source, collection=sheet)
    assert replaced.uri == source.uri
    assert [i.fields for i in data.data.items.list(sheet)] == [{"A": "Cy", "B": "52"}]


def test_excel_upload_and_replace(data: Lucid):
    source = data.data.adapters.upload_excel(("budget.xlsx", budget()))
    assert source.name == "budget.xlsx"
    tabs = {c.name: c for c in data.data.collections.list(data_source=source)}
    assert set(tabs) == {"Budget", "Notes"}
    assert len(data.data.collections.metadata(tabs["Budget"])) == 6
    again = data.data.adapters.replace_excel(("budget.xlsx", budget()), data_source=source.id)
    assert again.uri == source.uri
    assert {c.name: c.uri for c in data.data.collections.list(data_source=source)}["Budget"] == tabs["Budget"].uri
