"""The SDK's documents.import_file (a path, bytes or a file object; the type from the extension
or given) and documents.contents (typed models), sync and async, against the server."""

import io
import json

import pytest

from pellucid.sdk import BadRequestError, PermissionDeniedError
from pellucid.sdk.errors import APIStatusError
from pellucid.sdk.models.contents import DocumentContent
from tests.documents.files import lucid
from tests.documents.test_drawio import TV4
from tests.documents.test_standard_import import PEOPLE, TV1, TV2
from tests.sdk.conftest import ALL_DOCS, run

pytestmark = pytest.mark.wire


def test_import_a_path_and_read_typed_contents(env, tmp_path):
    client = env.lucid(env.user_token(ALL_DOCS)["access_token"])
    path = tmp_path / "Team plan.lucid"
    path.write_bytes(lucid(TV2, {"data/people.csv": PEOPLE}))
    doc = client.documents.import_file(path, product="lucidchart")
    assert doc.title == "Team plan" and doc.product == "lucidchart" and doc.page_count == 1 and doc.status == "COMPLETE"
    contents = client.documents.contents(doc.document_id)
    assert isinstance(contents, DocumentContent)
    (page,) = contents.pages
    a = page.items.shapes[0]
    assert a.class_ == "DefaultSquareBlock" and a.text_areas[0].label == "Text" and a.text_areas[0].text == "Ana"
    assert a.custom_data[0].key == "dept" and a.custom_data[0].value == "R&D"
    linked = a.linked_data[0]
    assert linked.collection_id == "people" and linked.primary_key_value == "1"
    assert [(pair.key, pair.value) for pair in linked.data] == [("Id", "1"), ("Name", "Ana"), ("Role", "Lead")]
    assert page.items.groups[0].members == ["a", "b"] and page.items.layers[0].name == "Org"
    assert contents.data.collections[0].primary_key == ["Id"]


def test_import_bytes_file_objects_and_type_inference(env):
    client = env.lucid(env.user_token(ALL_DOCS)["access_token"])
    drawio = client.documents.import_file(("flow.drawio", TV4.encode()))
    line = client.documents.contents(drawio.document_id).pages[0].items.lines[0]
    assert line.endpoint1.connected_to == "a" and line.endpoint2.style == "Arrow"
    assert [area.text for area in line.text_areas] == ["go", "later"]
    handle = io.BytesIO(TV4.encode())
    handle.name = "/somewhere/else/flow.xml"
    assert client.documents.import_file(handle).title == "flow"
    gliffy = json.dumps({"stage": {"objects": []}, "metadata": {"title": "G"}}).encode()
    assert client.documents.import_file(gliffy, type="gliffy", title="From bytes").title == "From bytes"
    with pytest.raises(ValueError, match="pass type="):
        client.documents.import_file(b"<mxfile/>")


def test_import_errors_carry_the_servers_details(env):
    client = env.lucid(env.user_token(ALL_DOCS)["access_token"])
    broken = json.loads(json.dumps(TV1))
    broken["pages"][0]["shapes"][1]["id"] = "s1"
    with pytest.raises(BadRequestError) as error:
        client.documents.import_file(("bad.lucid", lucid(broken)), product="lucidchart")
    assert error.value.details["errors"][0]["path"] == "pages[0].shapes[1].id"
    with pytest.raises(APIStatusError) as unsupported:
        client.documents.import_file(("x.bin", b"x"), type="x-application/vnd.lucid.foo")
    assert unsupported.value.status_code == 415 and unsupported.value.code == "invalidImportType"
    spark_only = env.lucid(env.user_token(["lucidspark.document.content"])["access_token"])
    with pytest.raises(PermissionDeniedError):
        spark_only.documents.import_file(("flow.drawio", TV4.encode()))


def test_async_import_and_contents(env, tmp_path):
    path = tmp_path / "flow.lucid"
    path.write_bytes(lucid(TV1))

    async def scenario():
        async with env.async_lucid(env.user_token(ALL_DOCS)["access_token"]) as client:
            doc = await client.documents.import_file(path, product="lucidspark")
            contents = await client.documents.contents(doc.document_id)
            return doc, contents

    doc, contents = run(scenario())
    assert doc.product == "lucidspark" and contents.product == "lucidspark"
    assert [shape.class_ for shape in contents.pages[0].items.shapes] == ["ProcessBlock", "DecisionBlock"]
    assert contents.pages[0].items.lines[0].text_areas[0].text == "go"
