"""Document tools: validate and import diagrams, read them back, export images, and diagrams
linked to a collection's items."""

from __future__ import annotations

import base64
import json

import pytest

from .conftest import Assistant, error_text, make_assistant

pytestmark = pytest.mark.wire

FLOW = {"version": 1, "pages": [{"id": "p1", "title": "Flow", "shapes": [
    {"id": "start", "type": "terminator", "boundingBox": {"x": 100, "y": 80, "w": 160, "h": 60}, "text": "Start"},
    {"id": "check", "type": "decision", "boundingBox": {"x": 100, "y": 200, "w": 160, "h": 100},
     "text": "<b>Valid?</b>"}],
    "lines": [{"id": "l1", "lineType": "elbow",
               "endpoint1": {"type": "shapeEndpoint", "shapeId": "start", "style": "none"},
               "endpoint2": {"type": "shapeEndpoint", "shapeId": "check", "style": "arrow"},
               "text": [{"text": "next", "position": 0.5, "side": "middle"}]}]},
    {"id": "p2", "title": "Notes", "shapes": [
        {"id": "n1", "type": "stickyNote", "boundingBox": {"x": 0, "y": 0, "w": 120, "h": 120}, "text": "Later"}]}]}
DRAWIO = ('<mxfile><diagram name="Page-1"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>'
          '<mxCell id="a" value="Client" style="rounded=0;" vertex="1" parent="1"><mxGeometry x="20" y="20" '
          'width="120" height="60" as="geometry"/></mxCell><mxCell id="b" value="Server" vertex="1" parent="1">'
          '<mxGeometry x="220" y="20" width="120" height="60" as="geometry"/></mxCell><mxCell id="e" edge="1" '
          'source="a" target="b" parent="1"><mxGeometry relative="1" as="geometry"/></mxCell></root>'
          '</mxGraphModel></diagram></mxfile>')
PEOPLE = "ID,Name,Role,Manager\nE1,Ann Lee,CEO,\nE2,Bob Ray,CTO,E1\nE3,Cy Moe,Engineer,E2\n"


def imported(assistant: Assistant, content: str, format: str = "standard", title: str = "Imported"):
    result = assistant.call("import_diagram", title=title, format=format, content=content)
    assert not result.is_error, result.content[0].text
    return result.structured_content


def test_validation_lists_every_problem_with_where_it_is(assistant: Assistant):
    assert assistant.call("validate_standard_import", document=FLOW).structured_content == {"valid": True,
                                                                                         "problems": []}
    broken = json.loads(json.dumps(FLOW))
    broken["pages"][0]["shapes"][0]["opacity"] = 150
    broken["pages"][0]["lines"][0]["endpoint2"]["shapeId"] = "nowhere"
    problems = assistant.call("validate_standard_import", document=json.dumps(broken)).structured_content["problems"]
    assert {p["path"] for p in problems} >= {"pages[0].shapes[0].opacity", "pages[0].lines[0].endpoint2.shapeId"}
    assert assistant.call("validate_standard_import", document="{not json").structured_content["valid"] is False


def test_a_standard_import_becomes_a_document_that_fetch_reads(assistant: Assistant):
    created = imported(assistant, json.dumps(FLOW), title="Checkout flow")
    assert created["title"] == "Checkout flow" and created["url"]
    whole = assistant.call("fetch", id=created["id"]).structured_content
    assert whole["metadata"]["pageCount"] == 2 and whole["metadata"]["shown"] == "all pages"
    text = whole["text"]
    assert '"Start"' in text and '"Valid?"' in text and "l1: start -> check \"next\"" in text
    second = assistant.call("fetch", id=created["id"], page=2).structured_content["text"]
    assert '"Later"' in second and '"Start"' not in second


def test_a_document_with_problems_creates_nothing(assistant: Assistant):
    async def count(_, lucid):
        return len([d async for d in lucid.documents.search()])

    before = assistant.run(count)
    broken = {"version": 1, "pages": [{"id": "p1", "title": "x", "shapes": [{"id": "s", "type": "blob"}]}]}
    text = error_text(assistant.call("import_diagram", title="Bad", format="standard", content=json.dumps(broken)))
    assert "nothing was created" in text and "pages[0].shapes[0]" in text
    assert "base64" in error_text(assistant.call("import_diagram", title="Bad", format="drawio", content="%%%"))
    assert assistant.run(count) == before


def test_drawio_xml_and_a_base64_lucid_file_import(assistant: Assistant):
    from pellucid.mcp.lucidfile import archive

    drawn = imported(assistant, DRAWIO, "drawio", "Architecture")
    text = assistant.call("fetch", id=drawn["id"]).structured_content["text"]
    assert '"Client"' in text and '"Server"' in text and "->" in text
    packed = imported(assistant, base64.b64encode(archive(FLOW)).decode(), "standard", "Packed")
    assert '"Start"' in assistant.call("fetch", id=packed["id"]).structured_content["text"]


def test_export_image_returns_png_or_jpeg_content(assistant: Assistant):
    created = imported(assistant, json.dumps(FLOW))

    async def scenario(client, _):
        png = await client.call_tool("export_image", {"id": created["id"]})
        jpeg = await client.call_tool("export_image", {"id": created["id"], "format": "jpeg", "dpi": 72, "page": 2})
        beyond = await client.call_tool("export_image", {"id": created["id"], "page": 9})
        return png, jpeg, beyond

    png, jpeg, beyond = assistant.run(scenario)
    assert png.content[0].type == "image" and png.content[0].mime_type == "image/png"
    assert base64.b64decode(png.content[0].data).startswith(b"\x89PNG\r\n\x1a\n")
    assert jpeg.content[0].mime_type == "image/jpeg" and base64.b64decode(jpeg.content[0].data)[:3] == b"\xff\xd8\xff"
    assert beyond.is_error


def test_export_of_a_document_the_user_cannot_read_is_refused(server, assistant: Assistant):
    created = imported(make_assistant(server), json.dumps(FLOW))
    assert "may not access it" in error_text(assistant.call("export_image", id=created["id"]))


@pytest.mark.parametrize("kind, extra", [("table", {}), ("cards", {"label_field": "Name"}),
                                         ("org_chart", {"label_field": "Name", "parent_field": "Manager",
                                                        "role_field": "Role"})])
def test_linked_diagrams_show_the_collections_items(assistant: Assistant, kind, extra):
    collection = assistant.call("create_data_source_from_csv", name="Staff", csv=PEOPLE).structured_content
    created = assistant.call("create_linked_diagram", collection_id=collection["collection_id"], kind=kind,
                             title=f"Staff {kind}", **extra)
    assert not created.is_error, created.content[0].text
    fetched = assistant.call("fetch", id=created.structured_content["id"]).structured_content
    text = fetched["text"]
    for name in ("Ann Lee", "Bob Ray", "Cy Moe"):
        assert name in text
    assert "data items[E2]: ID=E2; Name=Bob Ray" in text  # shapes linked to the items (their linkedData)
    assert fetched["metadata"]["collections"][0]["primaryKey"] == ["ID"]
    if kind == "org_chart":
        assert fetched["metadata"]["pages"][0]["lines"] == 2  # manager lines: E1 to E2, E2 to E3


def test_linked_diagram_arguments_are_checked_before_anything_is_made(server, assistant: Assistant):
    collection = assistant.call("create_data_source_from_csv", name="Staff", csv=PEOPLE).structured_content
    cid = collection["collection_id"]
    assert "needs parent_field" in error_text(assistant.call("create_linked_diagram", collection_id=cid,
                                                              kind="org_chart", title="x"))
    assert "Unknown fields ['Salary']" in error_text(assistant.call("create_linked_diagram", collection_id=cid,
                                                                     kind="cards", title="x", fields=["Salary"]))
    assert "'table', 'cards' or 'org_chart'" in error_text(assistant.call("create_linked_diagram", collection_id=cid,
                                                                          kind="pie", title="x"))
    foreign = make_assistant(server).call("create_data_source_from_csv", name="Theirs", csv=PEOPLE)
    text = error_text(assistant.call("create_linked_diagram", collection_id=foreign.structured_content["collection_id"],
                                     kind="table", title="x"))
    assert "was not found, or the signed-in user may not access it" in text
