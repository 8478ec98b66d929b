"""Visio import: the spec's TV8 (.vsdx), a realistic .vsdx (several pages, a background page,
a group, master fallbacks, styles, connection points, unicode) and the same drawing as .vdx;
broken files say where they broke and create nothing."""

import io
import zipfile

import pytest

from pellucid.server.store import document_contents
from pellucid.server.store import tables as t
from tests.documents.files import VISIO, import_file, row_counts, vsdx

pytestmark = pytest.mark.wire

EMPTY = {"customData": [], "linkedData": []}

PROCESS = ('<Shapes><Shape ID="5" Type="Shape"><Cell N="Width" V="1"/><Cell N="Height" V="0.5"/>'
           '<Cell N="FillForegnd" V="#C8E6C9"/><Section N="Geometry"><Row T="MoveTo"/></Section>'
           '<Section N="Connection"><Row IX="0"><Cell N="X" V="0"/><Cell N="Y" V="0.25"/></Row>'
           '<Row IX="1"><Cell N="X" V="1"/><Cell N="Y" V="0.25"/></Row></Section></Shape></Shapes>')
DECISION = '<Shapes><Shape ID="5" Type="Shape"><Cell N="Width" V="1"/><Cell N="Height" V="1"/></Shape></Shapes>'
CONNECTOR = '<Shapes><Shape ID="5" Type="Shape"><Cell N="BeginX" V="0"/><Cell N="EndArrow" V="0"/></Shape></Shapes>'
MASTERS = [("2", "Process", PROCESS), ("3", "Decision", DECISION), ("4", "Dynamic connector", CONNECTOR)]

TV8_PAGE = (
    '<Shapes>'
    '<Shape ID="1" NameU="Process" Type="Shape" Master="2"><Cell N="PinX" V="2"/><Cell N="PinY" V="10"/>'
    '<Cell N="Width" V="1.5"/><Cell N="Height" V="0.75"/><Cell N="LocPinX" V="0.75" F="Width*0.5"/>'
    '<Text><cp IX="0"/>Order</Text></Shape>'
    '<Shape ID="3" Type="Shape" Master="4"><Cell N="BeginX" V="2.75"/><Cell N="BeginY" V="10"/>'
    '<Cell N="EndX" V="4.5"/><Cell N="EndY" V="10"/><Cell N="EndArrow" V="13"/></Shape>'
    '<Shape ID="2" Type="Shape" Master="3"><Cell N="PinX" V="5"/><Cell N="PinY" V="10"/><Cell N="Width" V="1"/>'
    '<Cell N="Height" V="1"/><Text>Paid?</Text></Shape>'
    '</Shapes><Connects><Connect FromSheet="3" FromCell="BeginX" ToSheet="1" ToCell="PinX"/>'
    '<Connect FromSheet="3" FromCell="EndX" ToSheet="2" ToCell="PinX"/></Connects>'
)


def _import(actor, data: bytes, filename="drawing.vsdx", **fields):
    return import_file(actor.api, data, VISIO, filename=filename, **fields)


def _created(actor, data, filename="drawing.vsdx"):
    response = _import(actor, data, filename)
    assert response.status_code == 201, response.text
    return response.json(), actor.api.get(f"/documents/{response.json()['documentId']}/contents").json()


def _load(server, document_id):
    with server.store.read() as conn:
        return document_contents.load(conn, document_id)


def test_tv8_vsdx(actors, server):
    user = actors.user()
    doc, body = _created(user, vsdx([("Page-1", TV8_PAGE, 8.5, 11, False)], MASTERS))
    assert doc["product"] == "lucidchart" and doc["title"] == "drawing"
    (page,) = body["pages"]
    assert page["title"] == "Page-1" and page["index"] == 0
    assert [(s["id"], s["class"], s["textAreas"]) for s in page["items"]["shapes"]] == [
        ("p1s1", "ProcessBlock", [{"label": "Text", "text": "Order"}]),
        ("p1s2", "DecisionBlock", [{"label": "Text", "text": "Paid?"}])]
    assert page["items"]["lines"] == [{"id": "p1s3", "endpoint1": {"style": "None", "connectedTo": "p1s1"},
                                       "endpoint2": {"style": "Arrow", "connectedTo": "p1s2"}, "textAreas": [], **EMPTY}]
    model = _load(server, doc["documentId"]).pages[0]
    boxes = {s.id: (s.bbox.x, s.bbox.y, s.bbox.w, s.bbox.h) for s in model.shapes}
    assert boxes == {"p1s1": (120, 60, 144, 72), "p1s2": (432, 48, 96, 96)}
    assert model.item("p1s3").line_type == "elbow"
    assert model.item("p1s1").style.fill.color == "#c8e6c9"  # from the master


REALISTIC_PAGE = (
    '<Shapes>'
    '<Shape ID="1" Type="Shape" Master="2"><Cell N="PinX" V="1.5"/><Cell N="PinY" V="7"/><Cell N="Width" V="2"/>'
    '<Cell N="Height" V="1"/><Cell N="FillForegnd" V="#1E88E5"/><Cell N="LineColor" V="#0D47A1"/>'
    '<Cell N="LineWeight" V="0.03125"/><Cell N="LinePattern" V="2"/><Cell N="Angle" V="-1.5707963267949"/>'
    '<Text><pp IX="0"/>Réception<cp IX="1"/> des commandes</Text></Shape>'
    '<Shape ID="10" Type="Group"><Cell N="PinX" V="5"/><Cell N="PinY" V="7"/><Cell N="Width" V="2"/>'
    '<Cell N="Height" V="2"/><Cell N="LocPinX" V="1"/><Cell N="LocPinY" V="1"/><Shapes>'
    '<Shape ID="11" Type="Shape" Master="3"><Cell N="PinX" V="0.5"/><Cell N="PinY" V="1.5"/><Text>Oui?</Text></Shape>'
    '<Shape ID="12" Type="Shape"><Cell N="PinX" V="1.5"/><Cell N="PinY" V="0.5"/><Cell N="Width" V="1"/>'
    '<Cell N="Height" V="0.4"/><Cell N="FillPattern" V="0"/><Section N="Geometry"/><Text>note — ✓</Text></Shape>'
    '</Shapes></Shape>'
    '<Shape ID="20" Type="Shape" Master="4"><Cell N="BeginX" V="2.5"/><Cell N="BeginY" V="7"/><Cell N="EndX" V="4.5"/>'
    '<Cell N="EndY" V="7.5"/><Cell N="EndArrow" V="1"/><Cell N="ConLineRouteExt" V="2"/><Text>flows</Text></Shape>'
    '<Shape ID="21" Type="Shape"><Cell N="BeginX" V="1"/><Cell N="BeginY" V="1"/><Cell N="EndX" V="3"/>'
    '<Cell N="EndY" V="1"/><Cell N="BeginArrow" V="4"/></Shape>'
    '</Shapes><Connects><Connect FromSheet="20" FromCell="BeginX" ToSheet="1" ToCell="Connections.X2"/>'
    '<Connect FromSheet="20" FromCell="EndX" ToSheet="11" ToCell="PinX"/></Connects>'
)


def test_a_realistic_vsdx(actors, server):
    user = actors.user()
    data = vsdx([("Flux", REALISTIC_PAGE, 11, 8.5, False), ("Arrière-plan", "<Shapes/>", 11, 8.5, True),
                 ("Second", TV8_PAGE, 8.5, 11, False)], MASTERS)
    doc, body = _created(user, data)
    assert doc["pageCount"] == 2
    flux, second = body["pages"]
    assert (flux["title"], second["title"]) == ("Flux", "Second")
    shapes = {s["id"]: s for s in flux["items"]["shapes"]}
    assert shapes["p1s1"]["textAreas"] == [{"label": "Text", "text": "Réception des commandes"}]
    assert shapes["p1s11"]["class"] == "DecisionBlock" and shapes["p1s12"]["class"] == "DefaultSquareBlock"
    assert flux["items"]["groups"] == [{"id": "p1s10", "members": ["p1s11", "p1s12"], **EMPTY}]
    lines = {line["id"]: line for line in flux["items"]["lines"]}
    assert lines["p1s20"]["endpoint1"]["connectedTo"] == "p1s1" and lines["p1s20"]["endpoint2"]["connectedTo"] == "p1s11"
    assert lines["p1s20"]["textAreas"] == [{"label": "Text", "text": "flows"}]
    assert lines["p1s21"]["endpoint1"] == {"style": "Arrow", "connectedTo": None}
    assert [s["id"] for s in second["items"]["shapes"]] == ["p2s1", "p2s2"]  # numbered among the imported pages
    page = _load(server, doc["documentId"]).pages[0]
    first = page.item("p1s1")
    assert (first.bbox.x, first.bbox.y, first.bbox.w, first.bbox.h) == (48, 1.0 * 96, 192, 96)
    assert first.bbox.rotation == pytest.approx(90) and first.style.stroke.style == "dashed"
    assert (first.style.fill.color, first.style.stroke.color, first.style.stroke.width) == ("#1e88e5", "#0d47a1", 3)
    eleven, twelve = page.item("p1s11").bbox, page.item("p1s12").bbox
    assert (eleven.x, eleven.y, eleven.w) == (384, 48, 96)  # in the group's frame, size from its master
    assert (twelve.x, twelve.y) == (480, pytest.approx(172.8)) and page.item("p1s12").style.fill.kind == "none"
    assert page.item("p1s20").line_type == "curved" and page.item("p1s20").endpoint1.rel == (1, 0.5)
    assert page.item("p1s21").line_type == "straight" and page.item("p1s21").endpoint1.point == (96, 720)
    assert (page.settings.width, page.settings.height) == (1056, 816)


VDX = """<?xml version="1.0" encoding="utf-8"?>
<VisioDocument xmlns="http://schemas.microsoft.com/visio/2003/core">
 <Colors><ColorEntry IX="0" RGB="#000000"/><ColorEntry IX="2" RGB="#FF0000"/></Colors>
 <Masters><Master ID="2" NameU="Process"><Shapes><Shape ID="5" Type="Shape"><XForm><Width>1</Width><Height>0.5</Height></XForm>
  <Geom IX="0"/></Shape></Shapes></Master>
  <Master ID="4" NameU="Dynamic connector"><Shapes><Shape ID="5" Type="Shape"><XForm1D><BeginX>0</BeginX></XForm1D></Shape></Shapes></Master></Masters>
 <Pages><Page ID="0" NameU="Page-1" Name="Seite 1"><PageSheet><PageProps><PageWidth>8.5</PageWidth><PageHeight>11</PageHeight></PageProps></PageSheet>
  <Shapes>
   <Shape ID="1" Type="Shape" Master="2"><XForm><PinX>2</PinX><PinY>10</PinY><Width>1.5</Width><Height>0.75</Height></XForm>
    <Fill><FillForegnd>2</FillForegnd></Fill><Text>Bestellung</Text></Shape>
   <Shape ID="2" Type="Shape"><XForm><PinX>5</PinX><PinY>10</PinY><Width>1</Width><Height>1</Height></XForm><Text>frei</Text></Shape>
   <Shape ID="3" Type="Shape" Master="4"><XForm1D><BeginX>2.75</BeginX><BeginY>10</BeginY><EndX>4.5</EndX><EndY>10</EndY></XForm1D>
    <Line><EndArrow>13</EndArrow><LineColor>2</LineColor></Line></Shape>
  </Shapes>
  <Connects><Connect FromSheet="3" FromCell="BeginX" ToSheet="1" ToCell="PinX"/><Connect FromSheet="3" FromCell="EndX" ToSheet="2" ToCell="PinX"/></Connects>
 </Page></Pages></VisioDocument>"""


def test_vdx(actors, server):
    user = actors.user()
    doc, body = _created(user, VDX.encode(), "drawing.vdx")
    (page,) = body["pages"]
    assert page["title"] == "Seite 1"
    assert [(s["id"], s["class"], s["textAreas"][0]["text"]) for s in page["items"]["shapes"]] == [
        ("p1s1", "ProcessBlock", "Bestellung"), ("p1s2", "DefaultTextBlockNew", "frei")]
    assert page["items"]["lines"][0]["endpoint1"] == {"style": "None", "connectedTo": "p1s1"}
    assert page["items"]["lines"][0]["endpoint2"] == {"style": "Arrow", "connectedTo": "p1s2"}
    model = _load(server, doc["documentId"]).pages[0]
    assert (model.item("p1s1").bbox.x, model.item("p1s1").bbox.y) == (120, 60)
    assert model.item("p1s1").style.fill.color == "#ff0000" and model.item("p1s3").stroke.color == "#ff0000"


def _counts(server):
    return row_counts(server, t.documents, t.document_contents)


def _without(name: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(vsdx([("Page-1", TV8_PAGE, 8.5, 11, False)], MASTERS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            if info.filename != name:
                archive.writestr(info, source.read(info))
    return out.getvalue()


BROKEN = {
    "neither zip nor xml": (b"\x00\x01 garbage", "neither a .vsdx"),
    "broken zip": (b"PK\x03\x04broken", "not a Visio file (.vsdx)"),
    "no pages part": (_without("visio/pages/pages.xml"), "no part 'visio/pages/pages.xml'"),
    "bad page xml": (vsdx([("P", "<Shapes><Shape ID='1'></Shapes>", 8.5, 11, False)], MASTERS), "XML line 1"),
    "bad number": (vsdx([("P", TV8_PAGE.replace('V="5"', 'V="five"'), 8.5, 11, False)], MASTERS),
                   "shape 2, cell PinX"),
    "only a background page": (vsdx([("B", "<Shapes/>", 8.5, 11, True)], MASTERS), "no foreground page"),
    "vdx with an entity": (b'<?xml version="1.0"?><!DOCTYPE v [<!ENTITY x "y">]><VisioDocument>&x;</VisioDocument>', "DTD"),
    "wrong xml root": (b"<html/>", "root element is <html>"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_visio_files(actors, server, case):
    user = actors.user()
    data, message = BROKEN[case]
    before = _counts(server)
    response = _import(user, data)
    assert response.status_code == 400, response.text
    assert message in response.json()["message"], response.json()
    assert _counts(server) == before
