"""Models keep what they do not know; filters quote what they are given; requests of endpoints
the server does not have yet (contents, import, export, adapters) carry the documented shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx

from pellucid.sdk import Lucid
from pellucid.sdk.filters import field
from pellucid.sdk.models import DataSource, Document, DocumentContent, FieldDefinition, OAuthToken


def test_unknown_fields_survive_a_round_trip():
    body = {"documentId": "d1", "title": "T", "created": "2019-04-22T13:47:23Z", "brandNew": {"x": 1},
            "owner": {"id": 5, "type": "user", "name": "Ann", "team": "A"}, "trashed": None}
    doc = Document.from_json(body)
    assert doc.created == datetime(2019, 4, 22, 13, 47, 23, tzinfo=UTC)
    assert doc.extra == {"brandNew": {"x": 1}} and doc.owner is not None and doc.owner.extra == {"team": "A"}
    assert doc.to_json() == body  # absent fields stay absent, nulls stay null


def test_document_content_nesting_and_odd_keys():
    content = DocumentContent.from_json({"id": "d", "pages": [{"id": "p", "index": 0, "items": {"shapes": [
        {"id": "s", "class": "ProcessBlock", "textAreas": [{"label": "Text", "text": "Hi"}],
         "linkedData": [{"collection_id": "c1", "data": [{"key": "k", "value": "v"}], "primaryKeyValue": "1"}]}],
        "lines": [{"id": "l", "endpoint1": {"style": "None", "connectedTo": "s"}}]}}]})
    page = content.pages[0]  # type: ignore[index]
    shape = page.items.shapes[0]  # type: ignore[union-attr,index]
    assert shape.class_ == "ProcessBlock" and shape.text_areas[0].text == "Hi"  # type: ignore[index]
    assert shape.linked_data[0].collection_id == "c1"  # type: ignore[index]
    assert page.items.lines[0].endpoint1.connected_to == "s"  # type: ignore[union-attr,index]


def test_tokens_keep_an_absolute_expiry_and_never_print_secrets():
    token = OAuthToken.from_json({"access_token": "oauth2-secretsecretsecret", "refresh_token": "oauth2-r",
                                  "expires_in": 3600, "user_id": 3})
    assert token.expires is not None and token.expires_at is not None
    assert "secretsecret" not in repr(token) and "oauth2-r" not in repr(token)


def test_filters_quote_names_and_values():
    assert str(field("full name") == 'He said "hi"') == '"full name" = "He said ""hi"""'
    assert str(field("age") > 21) == '"age" > 21'
    combined = (field("a") == 1) & ~field("b").in_(["x", 2]) | field("c").contains("y")
    assert str(combined) == '("a" = 1 AND (NOT "b" IN ("x", 2))) OR "c" CONTAINS "y"'
    assert str(field("ok") == True) == '"ok" = "true"'  # noqa: E712 - the filter builder overloads ==


def recorder() -> tuple[Lucid, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        if request.url.path.startswith("/adapter"):
            return httpx.Response(200, json={"uri": "https://data.lucid.app/dataSources/9", "adapterType": "CSV"})
        if request.headers["accept"].startswith("image/"):
            return httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})
        if request.url.path.endswith("/contents"):
            return httpx.Response(200, json={"id": "d", "title": "T", "pages": []})
        return httpx.Response(201, json={"documentId": "d", "title": "Imported"})

    return Lucid("t", http_client=httpx.Client(transport=httpx.MockTransport(handle))), seen


def test_export_import_and_contents_requests():
    client, seen = recorder()
    assert client.documents.export("d", format="png", dpi=50, page=2, crop=(10, 30, 30, 7)) == b"\x89PNG"
    export = seen[-1]
    assert export.headers["accept"] == "image/png;dpi=50" and export.headers["lucid-api-version"] == "1"
    assert dict(export.url.params) == {"page": "2", "crop": "10,30,30,7"}

    assert client.documents.import_file(("diagram.drawio", b"<mxfile/>"), type="drawio", title="New",
                                        parent=12).title == "Imported"
    body = seen[-1].content
    assert b'filename="diagram.drawio"' in body and b"Content-Type: x-application/vnd.lucid.drawio" in body
    assert b'name="title"\r\n\r\nNew' in body and b'name="parent"\r\n\r\n12' in body
    assert client.documents.contents("d").title == "T" and seen[-1].url.path == "/documents/d/contents"


def test_adapter_uploads():
    client, seen = recorder()
    created = client.data.adapters.upload_csv(b"a,b\n1,2\n", permission_type="account")
    assert isinstance(created, DataSource) and created.id == 9
    upload = seen[-1]
    assert (upload.method, upload.url.path, upload.url.params["permissionType"]) == ("POST", "/adapter/csv", "account")
    assert upload.headers["accept"] == "application/json;v=1" and b"Content-Type: text/csv" in upload.content
    client.data.adapters.replace_csv(("people.csv", b"x\n"), data_source=9, collection="https://data.lucid.app/collections/4")
    assert dict(seen[-1].url.params) == {"dataSource": "https://data.lucid.app/dataSources/9",
                                         "collection": "https://data.lucid.app/collections/4"}
    client.data.adapters.upload_excel(("book.xlsx", b"PK"))
    assert seen[-1].url.path == "/adapter/excel" and b'filename="book.xlsx"' in seen[-1].content
    client.data.adapters.replace_excel(b"PK", data_source=created)
    assert seen[-1].method == "PUT" and seen[-1].url.params["dataSource"] == created.uri
    client.data.adapters.google_sheets("sheet-id", sheets=["Tab"], data_set=3)
    assert json.loads(seen[-1].content) == {"docId": "sheet-id", "sheets": ["Tab"],
                                            "dataSet": "https://data.lucid.app/dataSets/3"}


def test_schema_models_go_back_as_they_came():
    received = {"uri": "https://data.lucid.app/collections/2/schema/4", "name": "ColB", "fieldType": "NUMBER",
                "collection": "https://data.lucid.app/collections/2", "isPrimary": False, "order": 1,
                "default": "5", "label": None}
    model = FieldDefinition.from_json(received)
    model.name = "ColC"
    assert model.to_json() == {**received, "name": "ColC"} and model.id == 4
