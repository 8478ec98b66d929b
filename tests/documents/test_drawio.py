"""draw.io import: the spec's TV4 (plain), TV5 (compressed), TV6 (pages, a group, a second layer),
a realistic file built here (styles, waypoints, wrappers with data, embedded images, unicode),
and broken files refused with where they broke, nothing created."""

import base64
import urllib.parse
import zlib

import pytest

from pellucid.server.store import document_contents
from pellucid.server.store import tables as t
from tests.documents.files import DRAWIO, import_file, png, row_counts

pytestmark = pytest.mark.wire

EMPTY = {"customData": [], "linkedData": []}

TV4 = """<mxfile host="test"><diagram id="pg1" name="Main"><mxGraphModel><root>
 <mxCell id="0"/><mxCell id="1" parent="0"/>
 <mxCell id="a" value="Start" style="ellipse;whiteSpace=wrap;html=1;" vertex="1" parent="1"><mxGeometry x="40" y="40" width="120" height="60" as="geometry"/></mxCell>
 <mxCell id="b" value="Ship &lt;b&gt;it&lt;/b&gt;?" style="rhombus;whiteSpace=wrap;html=1;fillColor=#dae8fc;" vertex="1" parent="1"><mxGeometry x="240" y="30" width="120" height="80" as="geometry"/></mxCell>
 <mxCell id="e" value="go" style="edgeStyle=orthogonalEdgeStyle;html=1;" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry"/></mxCell>
 <mxCell id="t" value="later" style="edgeLabel;html=1;" vertex="1" connectable="0" parent="e"><mxGeometry x="0.5" relative="1" as="geometry"/></mxCell>
</root></mxGraphModel></diagram></mxfile>"""

TV5 = """<mxfile host="test"><diagram id="pg1" name="Main">vZPPbsMgDMafhjsN07Tz0j+nnfIEtLEACQoiTpO8/ZyAlmWsUydNO0SyP/MZ8wswUbvxFGXQb74Fy8SBiTp6jylyYw3Wsoqblok9qypOH6uOd6q7pcqDjHDFRwwyGW7S9pCUBmXEpHY42aySy4SOktdBG4QmyMtcGWhw0jQ6mny/ozD3g4gw3p1pkfJAJ/AOME60JBue0sh82qaDaVFnfz4V12CUzk2fsya7lKuPxuv5KcgIvsdxLnFoE+YFtMmxoBK1d+e++xcqX7GIB7G8/AEWKLAoX16RVkGTUx9Re+Wv0h5WtQQyW37GQTv4Pl5gc1vphirAT3+shBbBSjS3bfdfIKB0fYRLbfNG3wE=</diagram></mxfile>"""

TV6 = """<mxfile><diagram id="d1" name="One"><mxGraphModel><root>
 <mxCell id="0"/><mxCell id="1" parent="0"/><mxCell id="L2" value="Notes" parent="0"/>
 <mxCell id="grp" value="" style="group" vertex="1" connectable="0" parent="1"><mxGeometry x="100" y="100" width="200" height="60" as="geometry"/></mxCell>
 <mxCell id="r1" value="A" style="rounded=0;" vertex="1" parent="grp"><mxGeometry width="80" height="60" as="geometry"/></mxCell>
 <mxCell id="r2" value="B" style="rounded=0;" vertex="1" parent="grp"><mxGeometry x="120" width="80" height="60" as="geometry"/></mxCell>
 <mxCell id="n1" value="note" style="text;html=1;" vertex="1" parent="L2"><mxGeometry x="100" y="200" width="60" height="20" as="geometry"/></mxCell>
</root></mxGraphModel></diagram>
<diagram id="d2" name="Two"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/></root></mxGraphModel></diagram></mxfile>"""

TV4_LINE = {"id": "e", "endpoint1": {"style": "None", "connectedTo": "a"}, "endpoint2": {"style": "Arrow", "connectedTo": "b"},
            "textAreas": [{"label": "Text", "text": "go"}, {"label": "Text 2", "text": "later"}], **EMPTY}


def _import(actor, xml: str | bytes, filename: str = "diagram.drawio", **fields):
    data = xml.encode() if isinstance(xml, str) else xml
    return import_file(actor.api, data, DRAWIO, filename=filename, **fields)


def _created(actor, xml, **fields) -> tuple[dict, dict]:
    response = _import(actor, xml, **fields)
    assert response.status_code == 201, response.text
    contents = actor.api.get(f"/documents/{response.json()['documentId']}/contents")
    assert contents.status_code == 200, contents.text
    return response.json(), contents.json()


def _load(server, document_id):
    with server.store.read() as conn:
        return document_contents.load(conn, document_id)


def test_tv4_plain_drawio(actors, server):
    user = actors.user()
    doc, body = _created(user, TV4)
    assert doc["product"] == "lucidchart" and doc["title"] == "diagram" and doc["pageCount"] == 1
    (page,) = body["pages"]
    assert (page["id"], page["title"], page["index"]) == ("pg1", "Main", 0)
    assert page["items"]["shapes"] == [
        {"id": "a", "class": "ShapeCircleBlock", "textAreas": [{"label": "Text", "text": "Start"}], **EMPTY},
        {"id": "b", "class": "DecisionBlock", "textAreas": [{"label": "Text", "text": "Ship it?"}], **EMPTY}]
    assert page["items"]["lines"] == [TV4_LINE]
    assert page["items"]["groups"] == [] and page["items"]["layers"] == []
    model = _load(server, doc["documentId"]).pages[0]
    line = model.item("e")
    assert line.line_type == "elbow" and [(t.position, t.side) for t in line.texts] == [(0.5, "middle"), (0.75, "middle")]
    assert model.item("b").style.fill.color == "#dae8fc"


def test_tv5_compressed_drawio(actors):
    user = actors.user()
    _, body = _created(user, TV5)
    (page,) = body["pages"]
    assert (page["id"], page["title"], page["index"]) == ("pg1", "Main", 0)
    assert [(s["id"], s["class"], s["textAreas"]) for s in page["items"]["shapes"]] == [
        ("a", "ShapeCircleBlock", [{"label": "Text", "text": "Start"}]),
        ("b", "DecisionBlock", [{"label": "Text", "text": "Ship it?"}])]
    assert page["items"]["lines"] == [{**TV4_LINE, "textAreas": [{"label": "Text", "text": "go"}]}]


def test_tv6_two_pages_a_group_and_a_second_layer(actors, server):
    user = actors.user()
    doc, body = _created(user, TV6)
    assert doc["pageCount"] == 2
    one, two = body["pages"]
    assert (one["id"], one["title"], one["index"]) == ("d1", "One", 0)
    assert [(s["id"], s["class"], s["textAreas"][0]["text"]) for s in one["items"]["shapes"]] == [
        ("r1", "DefaultSquareBlock", "A"), ("r2", "DefaultSquareBlock", "B"), ("n1", "DefaultTextBlockNew", "note")]
    assert one["items"]["groups"] == [{"id": "grp", "members": ["r1", "r2"], **EMPTY}]
    assert one["items"]["layers"] == [{"id": "1", "name": "Background", "members": ["grp"], **EMPTY},
                                      {"id": "L2", "name": "Notes", "members": ["n1"], **EMPTY}]
    assert two == {"id": "d2", "title": "Two", "index": 1,
                   "items": {"shapes": [], "lines": [], "groups": [], "layers": []}, **EMPTY}
    r2 = _load(server, doc["documentId"]).pages[0].item("r2").bbox
    assert (r2.x, r2.y, r2.w, r2.h) == (220, 100, 80, 60)


def _compress(xml: str, quote: bool = True) -> str:
    """draw.io's encoding: URL-encode, raw DEFLATE, base64 (older files skip the URL-encoding)."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflater.compress((urllib.parse.quote(xml, safe="") if quote else xml).encode()) + deflater.flush()
    return base64.b64encode(packed).decode()


def _realistic() -> str:
    logo = base64.b64encode(png(8, 8, (0, 128, 0))).decode()
    second = ('<mxGraphModel pageWidth="1169" pageHeight="827"><root><mxCell id="0"/><mxCell id="1" parent="0"/>'
              '<mxCell id="x" value="Zweite Seite — ✓" style="shape=mxgraph.flowchart.terminator;" vertex="1" parent="1">'
              '<mxGeometry x="10" y="10" width="100" height="40" as="geometry"/></mxCell>'
              '<mxCell id="a" value="same id as page one" style="cylinder3;" vertex="1" parent="1">'
              '<mxGeometry x="10" y="100" width="60" height="80" as="geometry"/></mxCell></root></mxGraphModel>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mxfile host="app.diagrams.net" version="24.0.0"><diagram id="main" name="Système">
<mxGraphModel dx="1000" dy="600" pageWidth="827" pageHeight="1169" background="#F5F5F5"><root>
 <mxCell id="0"/><mxCell id="1" value="Base" parent="0"/><mxCell id="ann" value="Annotations" parent="0" visible="0"/>
 <UserObject label="Service &lt;i&gt;API&lt;/i&gt;" owner="ana" tier="1" link="https://example.com/api" id="a">
  <mxCell style="rounded=1;arcSize=20;whiteSpace=wrap;html=1;fillColor=#1E88E5;strokeColor=#0D47A1;strokeWidth=2;fontColor=#FFFFFF;fontSize=16;fontStyle=1;opacity=80;" vertex="1" parent="1">
   <mxGeometry x="40" y="40" width="160" height="80" as="geometry"/></mxCell></UserObject>
 <mxCell id="db" value="Données" style="shape=cylinder3;whiteSpace=wrap;html=1;dashed=1;rotation=90;" vertex="1" parent="1">
  <mxGeometry x="400" y="40" width="80" height="100" as="geometry"/></mxCell>
 <mxCell id="pool" value="Pool" style="swimlane;" vertex="1" parent="1"><mxGeometry x="40" y="300" width="300" height="200" as="geometry"/></mxCell>
 <mxCell id="inner" value="inside" style="shape=mxgraph.flowchart.document;" vertex="1" parent="pool">
  <mxGeometry x="20" y="40" width="100" height="60" as="geometry"/></mxCell>
 <mxCell id="img" value="" style="shape=image;image=data:image/png,{logo};" vertex="1" parent="1">
  <mxGeometry x="600" y="40" width="32" height="32" as="geometry"/></mxCell>
 <mxCell id="e1" value="calls" style="endArrow=block;endFill=0;startArrow=ERmany;html=1;strokeColor=#FF0000;" edge="1" parent="1" source="a" target="db">
  <mxGeometry relative="1" as="geometry"><Array as="points"><mxPoint x="300" y="80"/><mxPoint x="300" y="90"/></Array></mxGeometry></mxCell>
 <mxCell id="e2" style="curved=1;exitX=1;exitY=0.5;entryX=0;entryY=0;" edge="1" parent="1" source="inner" target="e1">
  <mxGeometry relative="1" as="geometry"/></mxCell>
 <mxCell id="e3" value="loose" style="edgeStyle=elbowEdgeStyle;" edge="1" parent="pool">
  <mxGeometry relative="1" as="geometry"><mxPoint x="10" y="10" as="sourcePoint"/><mxPoint x="200" y="150" as="targetPoint"/>
   <Array as="points"><mxPoint x="100" y="10"/></Array></mxGeometry></mxCell>
 <mxCell id="lbl" value="edge label at the start" style="edgeLabel;" vertex="1" connectable="0" parent="e1"><mxGeometry x="-1" relative="1" as="geometry"/></mxCell>
 <mxCell id="n" value="a note&#xa;on two lines" style="text;" vertex="1" parent="ann"><mxGeometry x="10" y="600" width="100" height="40" as="geometry"/></mxCell>
</root></mxGraphModel></diagram>
<diagram id="second" name="Zweite">{_compress(second)}</diagram></mxfile>"""


def test_a_realistic_drawio_file(actors, server):
    user = actors.user()
    doc, body = _created(user, _realistic(), title="Réseau")
    assert doc["title"] == "Réseau" and doc["pageCount"] == 2
    main, second = body["pages"]
    shapes = {s["id"]: s for s in main["items"]["shapes"]}
    assert list(shapes) == ["a", "db", "pool", "inner", "img", "n"]
    assert shapes["a"]["textAreas"] == [{"label": "Text", "text": "Service API"}]
    assert shapes["a"]["customData"] == [{"key": "owner", "value": "ana"}, {"key": "tier", "value": "1"}]
    assert [shapes[k]["class"] for k in ("db", "pool", "inner", "img")] == [
        "DatabaseBlock", "RectangleContainerBlock", "DocumentBlock", "UserImage2Block"]
    assert shapes["n"]["textAreas"] == [{"label": "Text", "text": "a note\non two lines"}]
    lines = {line["id"]: line for line in main["items"]["lines"]}
    assert lines["e1"]["endpoint1"] == {"style": "CFN ERD Many Arrow", "connectedTo": "a"}
    assert lines["e1"]["endpoint2"] == {"style": "Hollow Arrow", "connectedTo": "db"}
    assert lines["e1"]["textAreas"] == [{"label": "Text", "text": "calls"}, {"label": "Text 2", "text": "edge label at the start"}]
    assert lines["e2"]["endpoint2"] == {"style": "Arrow", "connectedTo": "e1"}
    assert lines["e3"]["endpoint1"] == {"style": "None", "connectedTo": None}
    assert [(layer["id"], layer["name"], layer["members"]) for layer in main["items"]["layers"]] == [
        ("1", "Base", ["a", "db", "pool", "img", "e1", "e2"]), ("ann", "Annotations", ["n"])]
    assert second["title"] == "Zweite" and [s["id"] for s in second["items"]["shapes"]][0] == "x"
    assert second["items"]["shapes"][1]["id"] != "a"  # ids are unique in the document
    assert second["items"]["shapes"][0]["textAreas"] == [{"label": "Text", "text": "Zweite Seite — ✓"}]
    content = _load(server, doc["documentId"])
    page = content.pages[0]
    assert page.settings.fill == "#f5f5f5" and (page.settings.width, page.settings.height) == (827, 1169)
    a = page.item("a")
    assert (a.style.fill.color, a.style.stroke.color, a.style.stroke.width, a.style.opacity) == ("#1e88e5", "#0d47a1", 2, 80)
    assert a.style.rounding == pytest.approx(2 * 0.2 * 80) and a.actions[0].url == "https://example.com/api"
    assert "<b>" in a.text_areas[0].html and "font-size:12pt" in a.text_areas[0].html
    db = page.item("db")
    assert db.bbox.rotation == 90 and db.style.stroke.style == "dashed"
    inner = page.item("inner").bbox
    assert (inner.x, inner.y) == (60, 340)  # relative to its container
    e3 = page.item("e3")
    assert e3.line_type == "elbow" and e3.endpoint1.point == (50, 310) and e3.elbow_points == [(140, 310)]
    e1 = page.item("e1")
    assert e1.joints == [(300, 80), (300, 90)] and e1.stroke.color == "#ff0000" and e1.texts[1].position == 0
    e2 = page.item("e2")
    assert e2.line_type == "curved" and e2.endpoint1.rel == (1, 0.5) and e2.endpoint2.kind == "line"
    assert page.layers[1].visible is False
    image = page.item("img").style.fill
    with server.store.read() as conn:
        assert document_contents.get_blob(conn, image.image[5:])[0] == "image/png"
    assert content.pages[1].settings.width == 1169


def _counts(server):
    return row_counts(server, t.documents, t.document_contents, t.document_blobs)


BROKEN = {
    "not XML": ("<mxfile><diagram>", "XML line 1"),
    "wrong root": ("<svg/>", "root element is <svg>"),
    "no diagram": ("<mxfile/>", "no <diagram>"),
    "compressed, a character removed": (TV5.replace("vZPPbsMg", "vZPbsMg"), "cannot be decoded"),
    "entity attack": ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><mxfile>&a;</mxfile>', "DTD"),
    "bad geometry": (TV4.replace('x="40" y="40"', 'x="forty" y="40"'), "cell 'a', geometry x"),
    "infinite width": (TV4.replace('width="120"', 'width="1e999"', 1), "cell 'a', geometry width: '1e999' is not a number"),
    "no root": ('<mxfile><diagram id="p" name="P"><mxGraphModel/></diagram></mxfile>', "has no <root>"),
    "bad embedded image": (TV4.replace("ellipse;", "shape=image;image=data:image/png,AAAA;"), "cell 'a', image"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_drawio_files_say_where_and_create_nothing(actors, server, case):
    user = actors.user()
    xml, message = BROKEN[case]
    before = _counts(server)
    response = _import(user, xml)
    assert response.status_code == 400, response.text
    assert message in response.json()["message"], response.json()
    assert _counts(server) == before


def test_a_compressed_diagram_inflating_past_the_limit_is_refused(actors):
    user = actors.user()
    bomb = "<mxGraphModel><root>" + " " * 60_000_000 + "</root></mxGraphModel>"
    response = _import(user, f'<mxfile><diagram id="p" name="P">{_compress(bomb, quote=False)}</diagram></mxfile>')
    assert response.status_code == 400 and "inflates to more than" in response.json()["message"]
