"""Gliffy import (the spec's TV9, a realistic diagram, legacy XML refused) and board PDF import
into Lucidspark (pages, background images, searchable text; license and scope denials)."""

import copy
import json

import pytest

from pellucid.server.store import document_contents
from pellucid.server.store import tables as t
from tests.documents.files import BOARD, GLIFFY, import_file, pdf, row_counts

pytestmark = pytest.mark.wire

EMPTY = {"customData": [], "linkedData": []}
SPARK = ["lucidspark.document.content"]

TV9 = {"contentType": "application/gliffy+json", "version": "1.3", "metadata": {"title": "Build flow"}, "stage": {"objects": [
    {"id": 0, "uid": "com.gliffy.shape.flowchart.flowchart_v1.default.process", "x": 10, "y": 20, "width": 120, "height": 60,
     "order": 0, "graphic": {"type": "Shape", "Shape": {"strokeWidth": 2, "strokeColor": "#333333", "fillColor": "#FFFFFF"}},
     "children": [{"id": 1, "uid": None, "x": 2, "y": 0, "width": 116, "height": 14,
                   "graphic": {"type": "Text", "Text": {"html": "<p style=\"text-align:center;\"><span>Build</span></p>"}},
                   "children": []}]},
    {"id": 2, "uid": "com.gliffy.shape.flowchart.flowchart_v1.default.decision", "x": 220, "y": 10, "width": 100, "height": 80,
     "order": 1, "graphic": {"type": "Shape", "Shape": {}}, "children": []},
    {"id": 3, "uid": "com.gliffy.shape.basic.basic_v1.default.line", "x": 130, "y": 50, "width": 90, "height": 0, "order": 2,
     "graphic": {"type": "Line", "Line": {"startArrow": 0, "endArrow": 1, "controlPath": [[0, 0], [90, 0]], "ortho": False}},
     "constraints": {"startConstraint": {"StartPositionConstraint": {"nodeId": 0, "px": 1, "py": 0.5}},
                     "endConstraint": {"EndPositionConstraint": {"nodeId": 2, "px": 0, "py": 0.5}}}, "children": []}]}}


def _gliffy(actor, document, filename="flow.gliffy"):
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return import_file(actor.api, data, GLIFFY, filename=filename)


def _contents(actor, response):
    assert response.status_code == 201, response.text
    return actor.api.get(f"/documents/{response.json()['documentId']}/contents").json()


def _load(server, document_id):
    with server.store.read() as conn:
        return document_contents.load(conn, document_id)


def test_tv9_gliffy(actors):
    user = actors.user()
    body = _contents(user, _gliffy(user, TV9))
    (page,) = body["pages"]
    assert (page["id"], page["title"], page["index"]) == ("p1", "Build flow", 0)
    assert page["items"]["shapes"] == [
        {"id": "0", "class": "ProcessBlock", "textAreas": [{"label": "Text", "text": "Build"}], **EMPTY},
        {"id": "2", "class": "DecisionBlock", "textAreas": [], **EMPTY}]
    assert page["items"]["lines"] == [{"id": "3", "endpoint1": {"style": "None", "connectedTo": "0"},
                                       "endpoint2": {"style": "Arrow", "connectedTo": "2"}, "textAreas": [], **EMPTY}]
    assert page["items"]["groups"] == [] and page["items"]["layers"] == []


def test_a_realistic_gliffy_diagram(actors, server):
    user = actors.user()
    document = copy.deepcopy(TV9)
    document["metadata"]["title"] = "Déploiement ✓"
    document["stage"]["layers"] = [{"guid": "bg", "order": 0, "name": "Fond", "visible": True, "locked": False},
                                   {"guid": "fg", "order": 1, "name": "Notes", "visible": False, "locked": False}]
    objects = document["stage"]["objects"]
    for item in objects:
        item["layerId"] = "bg"
    objects.append({"id": 10, "uid": "com.gliffy.shape.basic.basic_v1.default.group", "x": 400, "y": 100, "width": 200,
                    "height": 100, "order": 3, "layerId": "fg", "graphic": None, "children": [
                        {"id": 11, "uid": "com.gliffy.shape.basic.basic_v1.default.ellipse", "x": 0, "y": 0, "width": 50,
                         "height": 50, "graphic": {"type": "Shape", "Shape": {"fillColor": "#ff0000", "opacity": 0.5,
                                                                              "dashStyle": "4,4"}}, "children": []},
                        {"id": 12, "uid": None, "x": 100, "y": 20, "width": 90, "height": 20,
                         "graphic": {"type": "Text", "Text": {"html": "<b>日本</b> text"}}, "children": []}]})
    objects.append({"id": 20, "uid": "com.gliffy.shape.basic.basic_v1.default.line", "x": 0, "y": 200, "width": 100,
                    "height": 100, "order": "auto", "graphic": {"type": "Line", "Line": {
                        "endArrow": 2, "ortho": True, "strokeColor": "#00ff00", "controlPath": [[0, 0], [50, 0], [50, 100], [100, 100]]}},
                    "children": [{"id": 21, "uid": None, "x": 0, "y": 0, "width": 10, "height": 10,
                                  "graphic": {"type": "Text", "Text": {"html": "<p>loose</p>"}}, "children": []}]})
    response = _gliffy(user, document, "deploy.gon")
    body = _contents(user, response)
    assert response.json()["title"] == "deploy"
    (page,) = body["pages"]
    assert page["title"] == "Déploiement ✓"
    shapes = {s["id"]: s for s in page["items"]["shapes"]}
    assert shapes["11"]["class"] == "ShapeCircleBlock" and shapes["12"]["textAreas"] == [{"label": "Text", "text": "日本 text"}]
    assert page["items"]["groups"] == [{"id": "10", "members": ["11", "12"], **EMPTY}]
    assert [(layer["name"], layer["members"]) for layer in page["items"]["layers"]] == [
        ("Fond", ["0", "2", "3"]), ("Notes", ["10"])]
    lines = {line["id"]: line for line in page["items"]["lines"]}
    assert lines["20"]["endpoint1"] == {"style": "None", "connectedTo": None}
    assert lines["20"]["textAreas"] == [{"label": "Text", "text": "loose"}]
    model = _load(server, response.json()["documentId"]).pages[0]
    circle = model.item("11")
    assert (circle.bbox.x, circle.bbox.y) == (400, 100) and circle.style.fill.color == "#ff0000"
    assert circle.style.opacity == 50 and circle.style.stroke.style == "dashed"
    loose = model.item("20")
    assert loose.line_type == "elbow" and loose.elbow_points == [(50, 200), (50, 300)] and loose.endpoint2.point == (100, 300)
    assert model.item("3").endpoint1.rel == (1, 0.5) and model.layers[1].visible is False


@pytest.mark.parametrize("data, message", [
    (b"<gliffy><stage/></gliffy>", "Legacy Gliffy XML"),
    (b"{not json", "not valid JSON"),
    (b'{"contentType": "application/gliffy+json"}', "no stage"),
    (json.dumps({"stage": {"objects": [{"id": 1, "x": "ten", "graphic": {"type": "Shape"}}]}}).encode(),
     "stage.objects[0] (id 1).x must be a number"),
])
def test_broken_gliffy_files(actors, server, data, message):
    user = actors.user()
    before = row_counts(server, t.documents)
    response = _gliffy(user, data)
    assert response.status_code == 400 and message in response.json()["message"], response.text
    assert row_counts(server, t.documents) == before


# ---------------------------------------------------------------------------- board PDF


def test_board_pdf_becomes_a_lucidspark_board(actors, server):
    user = actors.user(SPARK)
    data = pdf([[(60, 100, "Retro: what went well"), (60, 140, "Ship faster"), (300, 140, "More tests")],
                [(60, 100, "Second board page")]])
    response = import_file(user.api, data, BOARD, filename="retro board.pdf")
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["product"] == "lucidspark" and doc["pageCount"] == 2 and doc["title"] == "retro board"
    body = user.api.get(f"/documents/{doc['documentId']}/contents").json()
    first, second = body["pages"]
    assert (first["title"], second["title"]) == ("Page 1", "Page 2")
    texts = [s["textAreas"][0]["text"] for s in first["items"]["shapes"] if s["textAreas"]]
    assert texts == ["Retro: what went well", "Ship faster More tests"]
    assert [layer["name"] for layer in first["items"]["layers"]] == ["PDF background", "PDF text"]
    assert first["items"]["layers"][0]["members"] == ["bg-1"]
    content = _load(server, doc["documentId"])
    page = content.pages[0]
    assert page.settings.infinite and page.settings.fill == "#f2f3f5"
    background = page.item("bg-1")
    assert (background.bbox.w, background.bbox.h) == (816, 1056)
    with server.store.read() as conn:
        media_type, png = document_contents.get_blob(conn, background.style.fill.image[5:])
    assert media_type == "image/png" and png.startswith(b"\x89PNG")
    words = page.shapes[1].bbox
    assert words.x == pytest.approx(80, abs=2) and words.y < 100 * 96 / 72


def test_board_import_needs_an_enterprise_license_and_a_lucidspark_scope(actors, server):
    data = pdf([[(60, 100, "x")]])
    team = actors.user(SPARK, license="team")
    response = import_file(team.api, data, BOARD, filename="b.pdf")
    assert response.status_code == 403 and "Lucidspark Enterprise" in response.json()["message"]
    chart_only = actors.user(["lucidchart.document.content"])
    response = import_file(chart_only.api, data, BOARD, filename="b.pdf")
    assert response.status_code == 403 and "lucidspark" in response.json()["message"]
    # Refused before the file is even read: a broken PDF gets the same 403.
    assert import_file(team.api, b"junk", BOARD, filename="b.pdf").status_code == 403


def _encrypted() -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.set_encryption(owner_password="o", user_password="secret")
    document.add_page()
    document.set_font("helvetica")
    document.text(10, 10, "hidden")
    return bytes(document.output())


@pytest.mark.parametrize("build, message", [
    (lambda: b"not a pdf", "not a PDF"),
    (lambda: b"%PDF-1.7\n garbage", "cannot be opened"),
    (_encrypted, "encrypted"),
    (lambda: pdf([[(10, 20, str(n))] for n in range(101)]), "at most 100"),
])
def test_bad_board_pdfs(actors, server, build, message):
    user = actors.user(SPARK)
    before = row_counts(server, t.document_blobs)
    response = import_file(user.api, build(), BOARD, filename="b.pdf")
    assert response.status_code == 400 and message in response.json()["message"], response.text
    assert row_counts(server, t.document_blobs) == before
