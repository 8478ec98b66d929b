"""Import Document's request rules: the file type (type field or the part's content type, 415
otherwise), product, title, the creation location (app folder vs My Documents, parent access),
scopes and token types, the 50-per-minute account limit, and JSON Create still being Create."""

import json

import pytest

from tests.documents.files import DRAWIO, GLIFFY, SI, import_file, lucid
from tests.documents.test_drawio import TV4
from tests.documents.test_standard_import import TV1

pytestmark = pytest.mark.wire

DRAWIO_FILE = TV4.encode()


def test_type_from_the_type_field_or_the_file_parts_content_type(actors):
    user = actors.user()
    by_field = import_file(user.api, DRAWIO_FILE, DRAWIO, filename="a.xml")
    assert by_field.status_code == 201, by_field.text
    by_part = import_file(user.api, DRAWIO_FILE, filename="a.xml", content_type=DRAWIO)
    assert by_part.status_code == 201, by_part.text
    # Both given: the type field wins.
    both = import_file(user.api, json.dumps({"stage": {"objects": []}}).encode(), GLIFFY, filename="g.gliffy",
                       content_type=DRAWIO)
    assert both.status_code == 201 and both.json()["pageCount"] == 1


@pytest.mark.parametrize("type_field, part_type", [
    ("x-application/vnd.lucid.foo", None), (None, None), (None, "application/octet-stream"),
    ("image/png", DRAWIO),
])
def test_unknown_types_are_415_invalid_import_type(actors, type_field, part_type):
    user = actors.user()
    response = import_file(user.api, DRAWIO_FILE, type_field, filename="a.drawio", content_type=part_type)
    assert response.status_code == 415, response.text
    assert response.json()["code"] == "invalidImportType" and "requestId" in response.json()


def test_product_rules(actors):
    user = actors.user()
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, product="lucidchart").status_code == 201
    conflict = import_file(user.api, DRAWIO_FILE, DRAWIO, product="lucidspark")
    assert conflict.status_code == 400 and "makes a lucidchart document" in conflict.json()["message"]
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, product="visio").status_code == 400
    assert import_file(user.api, lucid(TV1), SI).status_code == 400


def test_title_defaults_to_the_file_name_without_its_extension(actors):
    user = actors.user()
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, filename="plan.v2.drawio").json()["title"] == "plan.v2"
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, filename="README").json()["title"] == "README"
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, filename=".drawio").json()["title"] == ".drawio"
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, filename="x.xml", title="Given").json()["title"] == "Given"
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, title="t" * 256).status_code == 400


def test_missing_file_empty_file_and_bad_parent_are_400(actors):
    user = actors.user()
    no_file = user.api.post("/documents", data={"type": DRAWIO}, files={"other": ("a.txt", b"x")})
    assert no_file.status_code == 400 and "part named `file`" in no_file.json()["message"]
    assert import_file(user.api, b"", DRAWIO).status_code == 400
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, parent="abc").status_code == 400


def test_creation_location_follows_create_document(actors):
    user = actors.user(["lucidchart.document.content", "folder"])
    assert import_file(user.api, DRAWIO_FILE, DRAWIO).json()["parent"] is None  # My Documents
    folder = user.new_folder()
    assert import_file(user.api, DRAWIO_FILE, DRAWIO, parent=folder["id"]).json()["parent"] == folder["id"]
    app = actors.user(["lucidchart.document.app.folder", "folder:readonly"])
    in_app = import_file(app.api, DRAWIO_FILE, DRAWIO)
    assert in_app.status_code == 201 and in_app.json()["parent"] is not None
    assert in_app.json()["parent"] == app.new_document()["parent"]  # the same app folder as Create
    outside = import_file(app.api, DRAWIO_FILE, DRAWIO, parent=folder["id"])
    assert outside.status_code == 403
    stranger = actors.user(["lucidchart.document.content"])
    assert import_file(stranger.api, DRAWIO_FILE, DRAWIO, parent=folder["id"]).status_code == 403


def test_scopes_and_token_types(actors):
    spark_only = actors.user(["lucidspark.document.content"])
    response = import_file(spark_only.api, DRAWIO_FILE, DRAWIO)
    assert response.status_code == 403 and "lucidchart" in response.json()["message"]
    assert import_file(spark_only.api, lucid(TV1), SI, product="lucidspark").status_code == 201
    assert import_file(spark_only.api, lucid(TV1), SI, product="lucidchart").status_code == 403
    readonly = actors.user(["lucidchart.document.content:readonly"])
    assert import_file(readonly.api, DRAWIO_FILE, DRAWIO).status_code == 403
    account = actors.account(["lucidchart.document.content"])
    assert import_file(account.api, DRAWIO_FILE, DRAWIO).status_code == 403
    anonymous = account.server.caller(None, **{"Lucid-Api-Version": "1"})
    assert import_file(anonymous, DRAWIO_FILE, DRAWIO).status_code == 401


def test_fifty_imports_per_minute_per_account(actors, server):
    first = actors.user()
    team = [first, *(actors.user(account_id=first.account_id) for _ in range(4))]  # 15 rps each stays clear
    callers = [server.caller(member.token["access_token"], **{"Lucid-Api-Version": "1"}) for member in team]
    for n in range(50):
        response = import_file(callers[n % 5], b"x", "x-application/vnd.lucid.nope")
        assert response.status_code == 415, (n, response.status_code)
    limited = import_file(callers[0], DRAWIO_FILE, DRAWIO)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert limited.json()["code"] == "tooManyRequests"
    # Another account is not affected, nor is Create Document (JSON) of this one.
    assert import_file(actors.user().api, DRAWIO_FILE, DRAWIO).status_code == 201
    assert callers[1].post("/documents", json={"title": "still fine"}).status_code == 201


def test_json_create_is_unchanged_and_contents_of_a_blank_document(actors):
    user = actors.user()
    doc = user.new_document("Blank")
    body = user.api.get(f"/documents/{doc['documentId']}/contents").json()
    (page,) = body["pages"]
    assert page["title"] == "Page 1" and page["index"] == 0 and len(page["id"]) == 12
    assert page["items"] == {"shapes": [], "lines": [], "groups": [], "layers": []}
    assert body["data"] == {"collections": []}
