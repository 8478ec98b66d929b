"""Standard Import (.lucid) through POST /documents and GET /documents/{id}/contents: the spec's
TV1, TV2 and TV3, a realistic multi-page file, data (CSV collections in the Data Service,
linked data, formulas, a data-backed org chart), and every refusal leaving nothing behind."""

import copy
import io
import os
import zipfile

import pytest

from pellucid.server.store import document_contents
from pellucid.server.store import tables as t
from tests.dataservice.conftest import ACCEPT_V1, path
from tests.documents.files import SI, import_file, lucid, png, row_counts

pytestmark = pytest.mark.wire

EMPTY = {"customData": [], "linkedData": []}

TV1 = {"version": 1, "pages": [{"id": "p1", "title": "Flow",
    "shapes": [{"id": "s1", "type": "process", "boundingBox": {"x": 100, "y": 100, "w": 160, "h": 80},
                "text": "<b>Start</b> here"},
               {"id": "s2", "type": "decision", "boundingBox": {"x": 400, "y": 90, "w": 120, "h": 100}, "text": "OK?",
                "customData": [{"key": "owner", "value": "ana"}]}],
    "lines": [{"id": "l1", "lineType": "elbow",
               "endpoint1": {"type": "shapeEndpoint", "style": "none", "shapeId": "s1", "position": {"x": 1, "y": 0.5}},
               "endpoint2": {"type": "shapeEndpoint", "style": "arrow", "shapeId": "s2", "position": {"x": 0, "y": 0.5}},
               "text": [{"text": "go", "position": 0.5, "side": "middle"}]}]}]}

TV2 = {"version": 1, "collections": [{"id": "people", "dataSource": "people.csv"}],
       "pages": [{"id": "p1", "title": "Team", "customData": [{"key": "dept", "value": "R&D", "global": True}],
                  "shapes": [{"id": "a", "type": "rectangle", "boundingBox": {"x": 0, "y": 0, "w": 100, "h": 50},
                              "text": "{{=@'Name'}}", "linkedData": [{"collectionId": "people", "key": "1"}]},
                             {"id": "b", "type": "rectangle", "boundingBox": {"x": 150, "y": 0, "w": 100, "h": 50},
                              "text": "Bo"}],
                  "groups": [{"id": "g1", "items": ["a", "b"]}],
                  "layers": [{"id": "L1", "title": "Org", "items": ["g1"]}]}]}
PEOPLE = "Id,Name,Role\n1,Ana,Lead\n2,Bo,Dev\n"


def _import(actor, document, files=None, **fields):
    fields.setdefault("product", "lucidchart")
    return import_file(actor.api, lucid(document, files), SI, filename="Team plan.lucid", **fields)


def _contents(actor, document_id: str) -> dict:
    response = actor.api.get(f"/documents/{document_id}/contents")
    assert response.status_code == 200, response.text
    return response.json()


def test_tv1_minimal_standard_import(actors):
    user = actors.user()
    response = _import(user, TV1)
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["title"] == "Team plan" and doc["product"] == "lucidchart" and doc["status"] == "COMPLETE"
    assert doc["pageCount"] == 1 and doc["version"] == 1 and doc["parent"] is None
    body = _contents(user, doc["documentId"])
    assert body["id"] == doc["documentId"] and body["title"] == "Team plan" and body["product"] == "lucidchart"
    assert body["pages"] == [{"id": "p1", "title": "Flow", "index": 0, "items": {
        "shapes": [{"id": "s1", "class": "ProcessBlock", "textAreas": [{"label": "Text", "text": "Start here"}], **EMPTY},
                   {"id": "s2", "class": "DecisionBlock", "textAreas": [{"label": "Text", "text": "OK?"}],
                    "customData": [{"key": "owner", "value": "ana"}], "linkedData": []}],
        "lines": [{"id": "l1", "endpoint1": {"style": "None", "connectedTo": "s1"},
                   "endpoint2": {"style": "Arrow", "connectedTo": "s2"},
                   "textAreas": [{"label": "Text", "text": "go"}], **EMPTY}],
        "groups": [], "layers": []}, **EMPTY}]
    assert body["data"] == {"collections": []}


def test_tv2_group_layer_global_data_and_csv_link(actors):
    user = actors.user()
    response = _import(user, TV2, {"data/team/people.csv": PEOPLE})
    assert response.status_code == 201, response.text
    body = _contents(user, response.json()["documentId"])
    (page,) = body["pages"]
    a, b = page["items"]["shapes"]
    dept = [{"key": "dept", "value": "R&D"}]
    assert a == {"id": "a", "class": "DefaultSquareBlock", "textAreas": [{"label": "Text", "text": "Ana"}],
                 "customData": dept, "linkedData": [{"collection_id": "people", "data": [
                     {"key": "Id", "value": "1"}, {"key": "Name", "value": "Ana"}, {"key": "Role", "value": "Lead"}],
                     "primaryKeyValue": "1"}]}
    assert b == {"id": "b", "class": "DefaultSquareBlock", "textAreas": [{"label": "Text", "text": "Bo"}],
                 "customData": dept, "linkedData": []}
    assert page["items"]["groups"] == [{"id": "g1", "members": ["a", "b"], **EMPTY}]
    assert page["items"]["layers"] == [{"id": "L1", "name": "Org", "members": ["g1"], **EMPTY}]
    assert page["customData"] == dept
    assert body["data"] == {"collections": [{"id": "people", "name": "people", "primaryKey": ["Id"]}]}


def _data_caller(actor):
    """The same user on the Data Service (document grants admit whoever can reach the document)."""
    token = actor.server.token(user_id=actor.user_id, scopes=["data-service.admin"], client_id=actor.client_id)
    return actor.server.caller(token["access_token"], accept=ACCEPT_V1)


def test_csv_rows_live_in_the_data_service_and_edits_show_in_contents(actors):
    user = actors.user()
    doc = _import(user, TV2, {"data/people.csv": PEOPLE}).json()
    data = _data_caller(user)
    collections = data.get("/collections").json()["collections"]
    (people,) = [c for c in collections if c["name"] == "people"]
    items = data.get(path(people["items"])).json()["items"]
    assert [item["fields"] for item in items] == [{"Id": "1", "Name": "Ana", "Role": "Lead"},
                                                  {"Id": "2", "Name": "Bo", "Role": "Dev"}]
    assert [f["name"] for f in data.get(path(people["schema"])).json() if f["isPrimary"]] == ["Id"]
    ana = items[0]
    patched = data.patch(path(ana["uri"]), json={"uri": ana["uri"], "collection": ana["collection"],
                                                 "fields": {"Name": "Ana María"}})
    assert patched.status_code == 200, patched.text
    shape = _contents(user, doc["documentId"])["pages"][0]["items"]["shapes"][0]
    assert shape["textAreas"] == [{"label": "Text", "text": "Ana María"}]
    assert {"key": "Name", "value": "Ana María"} in shape["linkedData"][0]["data"]
    assert data.delete(path(ana["uri"])).status_code == 200  # a link whose row is gone shows nothing
    shape = _contents(user, doc["documentId"])["pages"][0]["items"]["shapes"][0]
    assert shape["linkedData"] == [] and shape["textAreas"] == [{"label": "Text", "text": "{{=@'Name'}}"}]
    # Someone without access to the document sees neither the document nor its data.
    stranger = actors.user()
    assert stranger.api.get(f"/documents/{doc['documentId']}/contents").status_code == 403
    assert all(c["name"] != "people" for c in _data_caller(stranger).get("/collections").json()["collections"])


ORG = "ID,Name,Title,Manager,Email\n1,Ana Ruiz,CEO,,ana@x\n2,Bo Chen,CTO,1,bo@x\n3,Cy Diaz,Dev,2,cy@x\n4,Di Ngo,CFO,1,di@x\n"


def test_data_backed_org_chart_becomes_cards_and_lines_linked_to_their_rows(actors, server):
    user = actors.user()
    document = {"version": 1, "collections": [{"id": "staff", "dataSource": "org.csv"}], "pages": [{
        "id": "p1", "title": "Org", "dataBackedShapes": [{
            "type": "orgChart", "position": {"x": 50, "y": 40}, "collectionId": "staff", "idField": "ID",
            "foreignKeyField": "Manager", "nameField": "Name", "roleField": "Title", "extraFields": ["Email"]}]}]}
    response = _import(user, document, {"data/org.csv": ORG})
    assert response.status_code == 201, response.text
    items = _contents(user, response.json()["documentId"])["pages"][0]["items"]
    texts = {s["linkedData"][0]["primaryKeyValue"]: s["textAreas"][0]["text"] for s in items["shapes"]}
    assert texts == {"1": "Ana Ruiz\nCEO\nana@x", "2": "Bo Chen\nCTO\nbo@x", "3": "Cy Diaz\nDev\ncy@x",
                     "4": "Di Ngo\nCFO\ndi@x"}
    card_of = {s["id"]: s["linkedData"][0]["primaryKeyValue"] for s in items["shapes"]}
    edges = {(card_of[line["endpoint1"]["connectedTo"]], card_of[line["endpoint2"]["connectedTo"]])
             for line in items["lines"]}
    assert edges == {("1", "2"), ("2", "3"), ("1", "4")}
    (group,) = items["groups"]
    assert set(group["members"]) == set(card_of) | {line["id"] for line in items["lines"]}
    with server.store.read() as conn:
        page = document_contents.load(conn, response.json()["documentId"]).pages[0]
    boxes = {card_of[s.id]: s.bbox for s in page.shapes}
    assert boxes["1"].y == 40 and boxes["2"].y == boxes["4"].y > boxes["1"].y and boxes["3"].y > boxes["2"].y
    assert boxes["2"].x < boxes["1"].x < boxes["4"].x  # the CEO centred over the reports
    assert min(b.x for b in boxes.values()) == 50


def _realistic() -> tuple[dict, dict]:
    document = {"version": 1, "collections": [{"id": "svc", "dataSource": "services.csv"}], "pages": [
        {"id": "arch", "title": "Architecture — 概要", "settings": {"fillColor": "#fafafa", "size": {"type": "a4", "format": "landscape"}},
         "customData": [{"key": "env", "value": "prod", "global": True}, {"key": "rev", "value": "7"}],
         "shapes": [
             {"id": "api", "type": "rectangle", "boundingBox": {"x": "40", "y": "60", "w": "180", "h": "90", "rotation": 15},
              "style": {"fill": {"type": "color", "color": "#1E88E5"}, "stroke": {"color": "#333", "width": 2, "style": "dashed"},
                        "rounding": 12, "textColor": "#fff"},
              "text": "<p style=\"font-size:14pt\"><b>API</b> — {{=@'System Name'}}</p><ul><li>REST</li><li>gRPC</li></ul>",
              "linkedData": [{"collectionId": "svc", "key": 7}], "opacity": 80, "zIndex": 2,
              "actions": [{"type": "gotoPage", "pageId": "ops"}, {"type": "url", "url": "https://example.com", "newWindow": True}]},
             {"id": "db", "type": "database", "boundingBox": {"x": 320, "y": 60, "w": 120, "h": 90}, "text": "Données",
              "customData": [{"key": "env", "value": "staging"}], "note": "primary"},
             {"id": "logo", "type": "image", "boundingBox": {"x": 500, "y": 60, "w": 64, "h": 48},
              "image": {"type": "ref", "ref": "logo.png"}},
             {"id": "star", "type": "polyStar", "boundingBox": {"x": 600, "y": 60, "w": 60, "h": 60},
              "shape": {"numPoints": 5, "innerRadius": 0.5}},
             {"id": "lanes", "type": "swimLanes", "boundingBox": {"x": 40, "y": 300, "w": 400, "h": 200}, "vertical": False,
              "titleBar": {"height": 30, "verticalText": True},
              "lanes": [{"title": "Team A", "width": 150}, {"title": "Team B", "width": 250, "laneFill": "#eeeeee"}]},
             {"id": "grid", "type": "table", "boundingBox": {"x": 500, "y": 300, "w": 200, "h": 100}, "rowCount": 2,
              "colCount": 2, "cells": [{"xPosition": 0, "yPosition": 0, "text": "k"}, {"xPosition": 1, "yPosition": 1, "text": "v"}]},
         ],
         "lines": [{"id": "api-db", "lineType": "straight", "stroke": {"color": "#ff0000", "width": 3},
                    "endpoint1": {"type": "shapeEndpoint", "style": "none", "shapeId": "api"},
                    "endpoint2": {"type": "shapeEndpoint", "style": "zeroOrMore", "shapeId": "db"},
                    "joints": [{"x": 260, "y": 105}],
                    "text": [{"text": "reads", "position": 0.3, "side": "top"}, {"text": "", "position": 0.6},
                             {"text": "writes", "position": 0.7, "side": "bottom"}]},
                   {"id": "free", "lineType": "curved", "endpoint1": {"type": "positionEndpoint", "style": "openArrow",
                                                                      "position": {"x": 10, "y": 10}},
                    "endpoint2": {"type": "lineEndpoint", "style": "hollowArrow", "lineId": "api-db", "position": 0.5}}],
         "groups": [{"id": "backend", "items": ["api", "db", "api-db"], "customData": [{"key": "tier", "value": "2"}]},
                    {"id": "outer", "items": ["backend", "logo"]}],
         "layers": [{"id": "base", "title": "Base", "items": ["outer", "lanes"]},
                    {"id": "notes", "title": "Notes ✎", "items": ["grid", "star", "free"], "layerIndex": 1}]},
        {"id": "ops", "title": "Ops", "shapes": [
            {"id": "toggle", "type": "stickyNote", "boundingBox": {"x": 10, "y": 10, "w": 100, "h": 100},
             "text": "Hide notes", "actions": [{"type": "toggleLayer", "layers": ["notes"]}]}]},
        {"id": "empty", "title": "Empty"},
    ]}
    files = {"images/brand/logo.png": png(), "data/services.csv": "ID,System Name\n7,Billing\n8,Search\n"}
    return document, files


def test_a_realistic_file_several_pages_groups_layers_styles_unicode(actors, server):
    user = actors.user()
    document, files = _realistic()
    response = _import(user, document, files, title="Système ✓")
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["title"] == "Système ✓" and doc["pageCount"] == 3
    body = _contents(user, doc["documentId"])
    assert [(p["id"], p["title"], p["index"]) for p in body["pages"]] == [
        ("arch", "Architecture — 概要", 0), ("ops", "Ops", 1), ("empty", "Empty", 2)]
    arch = body["pages"][0]
    shapes = {s["id"]: s for s in arch["items"]["shapes"]}
    assert [s["id"] for s in arch["items"]["shapes"]] == ["api", "db", "logo", "star", "lanes", "grid"]
    assert shapes["api"]["textAreas"] == [{"label": "Text", "text": "API — Billing\n• REST\n• gRPC"}]
    assert shapes["api"]["customData"] == [{"key": "env", "value": "prod"}]
    assert shapes["db"]["customData"] == [{"key": "env", "value": "staging"}]  # its own value wins
    assert shapes["db"]["class"] == "DatabaseBlock" and shapes["logo"]["class"] == "UserImage2Block"
    assert shapes["star"]["class"] == "ShapePolyStarBlock" and shapes["lanes"]["class"] == "AdvancedSwimLaneBlock"
    assert shapes["lanes"]["textAreas"] == [{"label": "Lane 1", "text": "Team A"}, {"label": "Lane 2", "text": "Team B"}]
    assert shapes["grid"]["textAreas"] == [{"label": "Cell 0,0", "text": "k"}, {"label": "Cell 1,1", "text": "v"}]
    assert shapes["logo"]["textAreas"] == []
    lines = {line["id"]: line for line in arch["items"]["lines"]}
    assert lines["api-db"]["endpoint2"] == {"style": "CFN ERD Zero Or More Arrow", "connectedTo": "db"}
    assert lines["api-db"]["textAreas"] == [{"label": "Text", "text": "reads"}, {"label": "Text 2", "text": "writes"}]
    assert lines["free"]["endpoint1"] == {"style": "Open Arrow", "connectedTo": None}
    assert lines["free"]["endpoint2"] == {"style": "Hollow Arrow", "connectedTo": "api-db"}
    assert arch["items"]["groups"] == [
        {"id": "backend", "members": ["api", "db", "api-db"], "customData": [{"key": "tier", "value": "2"}], "linkedData": []},
        {"id": "outer", "members": ["backend", "logo"], **EMPTY}]
    assert [(layer["id"], layer["name"], layer["members"]) for layer in arch["items"]["layers"]] == [
        ("base", "Base", ["outer", "lanes"]), ("notes", "Notes ✎", ["grid", "star", "free"])]
    assert arch["customData"] == [{"key": "rev", "value": "7"}, {"key": "env", "value": "prod"}]
    # The model keeps what contents does not show: geometry, style, images (stored once, by sha256).
    with server.store.read() as conn:
        content = document_contents.load(conn, doc["documentId"])
        page = content.pages[0]
        api = page.item("api")
        assert (api.bbox.x, api.bbox.y, api.bbox.w, api.bbox.h, api.bbox.rotation) == (40, 60, 180, 90, 15)
        assert api.style.fill.color == "#1e88e5" and api.style.stroke.color == "#333333"
        assert (api.style.stroke.width, api.style.stroke.style, api.style.rounding, api.style.opacity) == (2, "dashed", 12, 80)
        assert api.style.text_color == "#ffffff" and api.z == 2 and [a.type for a in api.actions] == ["gotoPage", "url"]
        assert (page.settings.width, page.settings.height, page.settings.fill) == (pytest.approx(1122.24), pytest.approx(793.92), "#fafafa")
        logo = page.item("logo").style.fill
        assert logo.kind == "image" and logo.image.startswith("blob:")
        assert document_contents.get_blob(conn, logo.image[5:]) == ("image/png", files["images/brand/logo.png"])
        assert page.item("api-db").joints == [(260, 105)] and page.item("free").endpoint2.t == 0.5
        assert page.item("notes").z == 1 and page.item("star").extra["shape"] == {"numPoints": 5, "innerRadius": 0.5}


def test_lucidspark_standard_import_gets_board_pages(actors, server):
    user = actors.user()
    response = _import(user, TV1, product="lucidspark")
    assert response.status_code == 201 and response.json()["product"] == "lucidspark"
    with server.store.read() as conn:
        settings = document_contents.load(conn, response.json()["documentId"]).pages[0].settings
    assert settings.infinite is True and settings.fill == "#f2f3f5"


# ---------------------------------------------------------------------------- refusals


def _counts(server):
    return row_counts(server, t.documents, t.document_contents, t.data_sources, t.collections, t.document_blobs)


def _tv1_with(change) -> dict:
    document = copy.deepcopy(TV1)
    change(document["pages"][0])
    return document


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("document.json", _json(TV1))
        archive.writestr("images/huge.png", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


def _json(document) -> str:
    import json

    return json.dumps(document)


REFUSED = {
    "no product": (lambda: (lucid(TV1), {"product": None}), "product is required"),
    "product lucidscale": (lambda: (lucid(TV1), {"product": "lucidscale"}), "product is required"),
    "not a zip": (lambda: (b"PK\x03\x04 but not really", {}), "not a Standard Import file"),
    "document.json nested": (lambda: (lucid(None, {"x/document.json": _json(TV1)}), {}), "found 'x/document.json'"),
    "not JSON": (lambda: (lucid(b"{'version': 1"), {}), "not valid UTF-8 JSON"),
    "bad id": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0].update(id="bad id!"))), {}), "pages[0].shapes[0].id"),
    "37-char id": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0].update(id="x" * 37))), {}), "pages[0].shapes[0].id"),
    "unknown endpoint shape": (lambda: (lucid(_tv1_with(lambda p: p["lines"][0]["endpoint2"].update(shapeId="zz"))), {}),
                               "pages[0].lines[0].endpoint2.shapeId"),
    "negative width": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0]["boundingBox"].update(w=-1))), {}),
                       "pages[0].shapes[0].boundingBox.w"),
    "boolean x": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0]["boundingBox"].update(x=True))), {}),
                  "pages[0].shapes[0].boundingBox.x"),
    "endpoint beyond its shape": (lambda: (lucid(_tv1_with(lambda p: p["lines"][0]["endpoint1"]["position"].update(x=1.5))),
                                           {}), "pages[0].lines[0].endpoint1.position.x"),
    "opacity 150": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0].update(opacity=150))), {}), "pages[0].shapes[0].opacity"),
    "missing image": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0].update(
        style={"fill": {"type": "image", "ref": "logo.png"}}))), {}), "pages[0].shapes[0].style.fill.ref"),
    "images inflating to 60 MB": (lambda: (_zip_bomb(), {}), "inflates to more than"),
    "path traversal": (lambda: (lucid(TV1, {"../evil.txt": "x"}), {}), "points outside the archive"),
    "unknown shape type": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0].update(type="blob"))), {}), "pages[0].shapes[0].type"),
    "undeclared collection": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0].update(
        linkedData=[{"collectionId": "nope", "key": "1"}]))), {}), "pages[0].shapes[0].linkedData[0].collectionId"),
    "missing dataSource": (lambda: (lucid({**TV2}), {}), "collections[0].dataSource"),
    "unknown linked key": (lambda: (lucid(TV2, {"data/people.csv": "Id,Name\n2,Bo\n"}), {}),
                           "pages[0].shapes[0].linkedData[0].key"),
    "duplicate data file name": (lambda: (lucid(TV2, {"data/a/people.csv": PEOPLE, "data/b/people.csv": PEOPLE}), {}),
                                 "two files named 'people.csv'"),
    "group cycle": (lambda: (lucid(_tv1_with(lambda p: p.update(groups=[{"id": "g1", "items": ["g2"]},
                                                                        {"id": "g2", "items": ["g1"]}]))), {}), "contains itself"),
    "layer in a group": (lambda: (lucid(_tv1_with(lambda p: p.update(layers=[{"id": "L", "title": "L", "items": ["s1"]}],
                                                                    groups=[{"id": "g", "items": ["L"]}]))), {}), "is a layer"),
    "item in two layers": (lambda: (lucid(_tv1_with(lambda p: p.update(layers=[{"id": "L", "title": "L", "items": ["s1"]},
                                                                              {"id": "M", "title": "M", "items": ["s1"]}]))), {}),
                           "already in layer 'L'"),
    "line ends on itself": (lambda: (lucid(_tv1_with(lambda p: p["lines"][0].update(
        endpoint2={"type": "lineEndpoint", "lineId": "l1", "position": 0.5}))), {}), "cannot end on itself"),
    "goto unknown page": (lambda: (lucid(_tv1_with(lambda p: p["shapes"][0].update(
        actions=[{"type": "gotoPage", "pageId": "nowhere"}]))), {}), "pages[0].shapes[0].actions[0].pageId"),
    "no pages": (lambda: (lucid({"version": 1, "pages": []}), {}), "pages must hold at least one page"),
    "version 2": (lambda: (lucid({**TV1, "version": 2}), {}), "version must be 1"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_bad_files_are_refused_with_where_they_broke_and_nothing_is_created(actors, server, case):
    user = actors.user()
    build, message = REFUSED[case]
    data, fields = build()
    fields = {"product": "lucidchart", **fields}
    before = _counts(server)
    response = import_file(user.api, data, SI, filename="bad.lucid", **{k: v for k, v in fields.items() if v is not None})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == "badRequest" and message in body["message"], body
    assert _counts(server) == before


def test_duplicate_item_ids_report_their_path_first(actors):
    user = actors.user()
    document = _tv1_with(lambda p: p["shapes"][1].update(id="s1"))
    body = _import(user, document).json()
    assert body["details"]["errors"][0] == {
        "path": "pages[0].shapes[1].id",
        "message": "'s1' is already the id of pages[0].shapes[0] (item ids are unique in a document)"}


def test_a_file_over_the_default_limits_is_refused(actors):
    user = actors.user()
    many = {"version": 1, "pages": [{"id": f"p{n}", "title": str(n)} for n in range(501)]}
    response = _import(user, many)
    assert response.status_code == 400 and "at most 500" in response.json()["message"]
    big = {"version": 1, "pages": [{"id": "p", "title": os.urandom(1024 * 1024).hex()}]}  # 2 MiB, incompressible
    response = _import(user, big)
    assert response.status_code == 400 and "document.json is" in response.json()["message"]
