"""Import -> contents -> export, through HTTP, once per format: what a file holds comes back as
contents and as pixels (each shape's colour under its label, its text as dark pixels in its box,
arrowheads, images), and spec TV7's matrix holds for TV6 imported from draw.io; formulas show
their linked rows' values in the image as in contents."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from pellucid.server.documents import export
from pellucid.server.store import document_contents
from tests.documents import files
from tests.documents.models import Picture, close
from tests.documents.test_drawio import TV6

pytestmark = pytest.mark.wire

CONTENT = ["lucidchart.document.content", "lucidspark.document.content"]
RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 170, 0), (0, 0, 255), (255, 200, 0)


@pytest.fixture
def owner(actors):
    return actors.user(CONTENT)


def imported(owner, data: bytes, type: str, filename: str, **fields) -> tuple[str, dict]:
    response = files.import_file(owner.api, data, type, filename=filename, **fields)
    assert response.status_code == 201, response.text
    document_id = response.json()["documentId"]
    return document_id, owner.api.get(f"/documents/{document_id}/contents").json()


def exported(owner, document_id: str, dpi: int = 96, **query) -> Picture:
    response = owner.api.get(f"/documents/{document_id}", params=query, headers={"Accept": f"image/png;dpi={dpi}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == f"image/png; dpi={dpi}"
    return Picture(response.content, dpi)


def below_centre(x: float, y: float, w: float, h: float) -> tuple[float, float]:
    """A point of a shape's fill under its one-line label: 80 % of the way down, in the middle."""
    return x + w / 2, y + h * 0.8


def shapes_of(contents: dict, page: int = 0) -> dict[str, dict]:
    return {s["id"]: s for s in contents["pages"][page]["items"]["shapes"]}


def test_standard_import_round_trip(owner):
    def filled(colour: str) -> dict:
        return {"fill": {"type": "color", "color": colour}}

    document = {"version": 1, "pages": [{
        "id": "p1", "title": "Flow",
        "shapes": [
            {"id": "s1", "type": "process", "boundingBox": {"x": 100, "y": 100, "w": 160, "h": 80},
             "text": "<b>Start</b> here", "style": filled("#ff0000")},
            {"id": "s2", "type": "decision", "boundingBox": {"x": 400, "y": 90, "w": 120, "h": 100},
             "text": "OK?", "style": filled("#00aa00")},
            {"id": "logo", "type": "image", "boundingBox": {"x": 100, "y": 300, "w": 80, "h": 80},
             "style": {"fill": {"type": "image", "ref": "logo.png", "imageScale": "stretch"}}},
            {"id": "turned", "type": "rectangle", "boundingBox": {"x": 300, "y": 300, "w": 200, "h": 40,
                                                                    "rotation": 90}, "style": filled("#0000ff")},
        ],
        "lines": [{"id": "l1", "lineType": "elbow",
                   "endpoint1": {"type": "shapeEndpoint", "style": "none", "shapeId": "s1", "position": {"x": 1, "y": 0.5}},
                   "endpoint2": {"type": "shapeEndpoint", "style": "arrow", "shapeId": "s2", "position": {"x": 0, "y": 0.5}},
                   "text": [{"text": "go", "position": 0.5, "side": "middle"}]}],
    }]}
    data = files.lucid(document, {"images/logo.png": files.png(8, 8, YELLOW)})
    document_id, contents = imported(owner, data, files.SI, "flow.lucid", product="lucidchart")
    shapes = shapes_of(contents)
    assert shapes["s1"]["class"] == "ProcessBlock" and shapes["s1"]["textAreas"][0]["text"] == "Start here"
    assert shapes["s2"]["class"] == "DecisionBlock" and contents["pages"][0]["items"]["lines"][0]["textAreas"] == [
        {"label": "Text", "text": "go"}]

    response = owner.api.get(f"/documents/{document_id}", headers={"Accept": "image/png"})  # TV1's export line
    assert response.headers["content-type"] == "image/png; dpi=160"
    assert Image.open(io.BytesIO(response.content)).size == (1360, 1760)

    picture = exported(owner, document_id)
    assert close(picture.at(*below_centre(100, 100, 160, 80)), RED)
    assert close(picture.at(*below_centre(400, 90, 120, 100)), GREEN)
    assert close(picture.at(140, 340), YELLOW)  # the image, from its stored blob
    assert close(picture.at(400, 240), BLUE) and picture.at(310, 320) == (255, 255, 255)  # turned upright
    assert picture.dark_pixels(140, 125, 80, 30) > 30  # "Start here"
    assert picture.dark_pixels(385, 130, 14, 20) > 20  # the arrowhead at the decision
    assert picture.dark_pixels(315, 130, 30, 20) > 10  # "go" on the line


def test_drawio_round_trip_and_tv7_on_the_imported_tv6(owner):
    drawing = """<mxfile><diagram id="pg1" name="Main"><mxGraphModel><root>
     <mxCell id="0"/><mxCell id="1" parent="0"/>
     <mxCell id="a" value="Start" style="ellipse;whiteSpace=wrap;html=1;fillColor=#FF0000;" vertex="1" parent="1">
      <mxGeometry x="40" y="40" width="120" height="60" as="geometry"/></mxCell>
     <mxCell id="b" value="Ship &lt;b&gt;it&lt;/b&gt;?" style="rhombus;whiteSpace=wrap;html=1;fillColor=#0000ff;fontColor=#ffffff;"
      vertex="1" parent="1"><mxGeometry x="240" y="30" width="120" height="80" as="geometry"/></mxCell>
     <mxCell id="e" value="go" style="edgeStyle=orthogonalEdgeStyle;html=1;" edge="1" parent="1" source="a" target="b">
      <mxGeometry relative="1" as="geometry"/></mxCell>
    </root></mxGraphModel></diagram></mxfile>"""
    document_id, contents = imported(owner, drawing.encode(), files.DRAWIO, "flow.drawio")
    shapes = shapes_of(contents)
    assert (shapes["a"]["class"], shapes["b"]["textAreas"][0]["text"]) == ("ShapeCircleBlock", "Ship it?")
    picture = exported(owner, document_id)
    assert close(picture.at(*below_centre(40, 40, 120, 60)), RED)
    assert close(picture.at(*below_centre(240, 30, 120, 80)), BLUE)
    assert picture.dark_pixels(70, 60, 60, 20) > 20  # "Start" in black on red
    assert picture.dark_pixels(220, 60, 18, 20) > 20  # the arrowhead at the diamond's left point

    tv6, _ = imported(owner, TV6.encode(), files.DRAWIO, "tv6.drawio")
    matrix = [
        ({"Accept": "image/png"}, {}, "image/png; dpi=160", (1360, 1760)),
        ({"Accept": "image/jpeg;dpi=96"}, {}, "image/jpeg; dpi=96", (816, 1056)),
        ({"Accept": "image/png;dpi=256"}, {"pageId": "d2"}, "image/png; dpi=256", (2176, 2816)),
        ({"Accept": "image/png;dpi=256"}, {"page": "2"}, "image/png; dpi=256", (2176, 2816)),
        ({"Accept": "image/png"}, {"crop": "10,30,30,7"}, "image/png; dpi=160", (50, 12)),
        ({"Accept": "image/png"}, {"crop": "content"}, "image/png; dpi=160", (333, 200)),
    ]
    for headers, query, media, size in matrix:
        response = owner.api.get(f"/documents/{tv6}", params=query, headers=headers)
        assert (response.status_code, response.headers["content-type"]) == (200, media), (headers, query)
        assert Image.open(io.BytesIO(response.content)).size == size, (headers, query)
    for query, status in [("?page=1&pageId=d1", 400), ("?page=1&page=2", 400), ("?page=3", 404),
                          ("?pageId=zzz", 404), ("?crop=1,2,3", 400)]:
        assert owner.api.get(f"/documents/{tv6}{query}", headers={"Accept": "image/png"}).status_code == status
    gif = owner.api.get(f"/documents/{tv6}", headers={"Accept": "image/gif"})
    assert gif.status_code == 406 and gif.json()["details"]["requested"] == "image/gif"
    assert owner.api.get(f"/documents/{tv6}", headers={"Accept": "application/json"}).json()["pageCount"] == 2
    jpeg = Image.open(io.BytesIO(owner.api.get(f"/documents/{tv6}", headers={"Accept": "image/jpeg;dpi=96"}).content))
    assert close(jpeg.getpixel((400, 600)), (255, 255, 255), 2)


def test_visio_round_trip(owner):
    process = '<Shapes><Shape ID="5" Type="Shape"><Cell N="Width" V="1"/><Cell N="Height" V="0.5"/></Shape></Shapes>'
    masters = [("2", "Process", process), ("3", "Decision", process),
               ("4", "Dynamic connector", '<Shapes><Shape ID="5" Type="Shape"><Cell N="BeginX" V="0"/></Shape></Shapes>')]
    page = (
        '<Shapes>'
        '<Shape ID="1" Type="Shape" Master="2"><Cell N="PinX" V="2"/><Cell N="PinY" V="10"/>'
        '<Cell N="Width" V="1.5"/><Cell N="Height" V="0.75"/><Cell N="FillForegnd" V="#FF0000"/><Text>Order</Text></Shape>'
        '<Shape ID="2" Type="Shape" Master="3"><Cell N="PinX" V="5"/><Cell N="PinY" V="10"/><Cell N="Width" V="1"/>'
        '<Cell N="Height" V="1"/><Cell N="FillForegnd" V="#00AA00"/><Text>Paid?</Text></Shape>'
        '<Shape ID="3" Type="Shape" Master="4"><Cell N="BeginX" V="2.75"/><Cell N="BeginY" V="10"/>'
        '<Cell N="EndX" V="4.5"/><Cell N="EndY" V="10"/><Cell N="EndArrow" V="13"/></Shape>'
        '</Shapes><Connects><Connect FromSheet="3" FromCell="BeginX" ToSheet="1" ToCell="PinX"/>'
        '<Connect FromSheet="3" FromCell="EndX" ToSheet="2" ToCell="PinX"/></Connects>'
    )
    document_id, contents = imported(owner, files.vsdx([("Page-1", page, 8.5, 11, False)], masters), files.VISIO,
                                     "orders.vsdx")
    shapes = shapes_of(contents)
    assert shapes["p1s1"]["textAreas"][0]["text"] == "Order" and shapes["p1s2"]["class"] == "DecisionBlock"
    picture = exported(owner, document_id)
    assert close(picture.at(*below_centre(120, 60, 144, 72)), RED)  # TV8's geometry
    assert close(picture.at(*below_centre(432, 48, 96, 96)), GREEN)
    assert picture.dark_pixels(160, 80, 64, 25) > 20  # "Order"
    assert picture.dark_pixels(412, 86, 20, 20) > 20  # the arrowhead at the decision


def test_gliffy_round_trip(owner):
    diagram = {"contentType": "application/gliffy+json", "version": "1.3", "metadata": {"title": "Build flow"},
               "stage": {"objects": [
                   {"id": 0, "uid": "com.gliffy.shape.flowchart.flowchart_v1.default.process", "x": 10, "y": 20,
                    "width": 120, "height": 60, "order": 0,
                    "graphic": {"type": "Shape", "Shape": {"strokeWidth": 2, "strokeColor": "#333333",
                                                           "fillColor": "#FF0000"}},
                    "children": [{"id": 1, "uid": None, "x": 2, "y": 0, "width": 116, "height": 14,
                                  "graphic": {"type": "Text", "Text": {"html": "<p><span>Build</span></p>"}},
                                  "children": []}]},
                   {"id": 2, "uid": "com.gliffy.shape.flowchart.flowchart_v1.default.decision", "x": 220, "y": 10,
                    "width": 100, "height": 80, "order": 1,
                    "graphic": {"type": "Shape", "Shape": {"fillColor": "#0000FF"}}, "children": []},
                   {"id": 3, "uid": "com.gliffy.shape.basic.basic_v1.default.line", "x": 130, "y": 50, "width": 90,
                    "height": 0, "order": 2,
                    "graphic": {"type": "Line", "Line": {"startArrow": 0, "endArrow": 1,
                                                         "controlPath": [[0, 0], [90, 0]], "ortho": False}},
                    "constraints": {"startConstraint": {"StartPositionConstraint": {"nodeId": 0, "px": 1, "py": 0.5}},
                                    "endConstraint": {"EndPositionConstraint": {"nodeId": 2, "px": 0, "py": 0.5}}},
                    "children": []}]}}
    document_id, contents = imported(owner, json.dumps(diagram).encode(), files.GLIFFY, "build.gliffy")
    shapes = shapes_of(contents)
    assert shapes["0"]["textAreas"][0]["text"] == "Build" and shapes["2"]["class"] == "DecisionBlock"
    picture = exported(owner, document_id)
    assert close(picture.at(*below_centre(10, 20, 120, 60)), RED)
    assert close(picture.at(*below_centre(220, 10, 100, 80)), BLUE)
    assert picture.dark_pixels(50, 40, 40, 20) > 20  # "Build"
    assert picture.dark_pixels(200, 42, 18, 16) > 20  # the arrowhead


def test_board_pdf_round_trip(actors):
    user = actors.user(["lucidspark.document.content"])
    data = files.pdf([[(60, 100, "Retro: what went well")]])
    document_id, contents = imported(user, data, files.BOARD, "retro.pdf")
    texts = [s["textAreas"][0]["text"] for s in contents["pages"][0]["items"]["shapes"] if s["textAreas"]]
    assert texts == ["Retro: what went well"]
    picture = exported(user, document_id, crop="0,0,816,1056")
    assert close(picture.at(400, 20), YELLOW, 12)  # the PDF's band, from its rendered background
    assert close(picture.at(400, 500), (255, 255, 255), 3)
    assert picture.dark_pixels(75, 115, 250, 30) > 100  # the words, drawn twice: the page image and the text


def test_formulas_show_the_linked_rows_current_values(owner, server):
    document = {"version": 1, "collections": [{"id": "people", "dataSource": "people.csv"}], "pages": [{
        "id": "p1", "title": "Team",
        "shapes": [{"id": "a", "type": "rectangle", "boundingBox": {"x": 0, "y": 0, "w": 100, "h": 50},
                    "text": "{{=@'Name'}}", "linkedData": [{"collectionId": "people", "key": "1"}]}]}]}
    data = files.lucid(document, {"data/people.csv": "Id,Name,Role\n1,Ana,Lead\n2,Bo,Dev\n"})
    document_id, contents = imported(owner, data, files.SI, "team.lucid", product="lucidchart")
    assert shapes_of(contents)["a"]["textAreas"][0]["text"] == "Ana"
    response = owner.api.get(f"/documents/{document_id}?crop=0,0,100,50", headers={"Accept": "image/png;dpi=96"})
    # the same shape drawn here with the value in place of the formula gives the same pixels
    with server.store.read() as conn:
        content = document_contents.load(conn, document_id)
    content.pages[0].shapes[0].text_areas[0].html = "Ana"
    expected = export.export_image(content, content.pages[0], dpi=96, crop=(0, 0, 100, 50))
    assert Picture(response.content).rgb.tobytes() == Picture(expected.data).rgb.tobytes()
    content.pages[0].shapes[0].text_areas[0].html = "{{=@'Name'}}"
    unevaluated = export.export_image(content, content.pages[0], dpi=96, crop=(0, 0, 100, 50))
    assert Picture(unevaluated.data).rgb.tobytes() != Picture(expected.data).rgb.tobytes()
