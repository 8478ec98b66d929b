"""CSV adapter: POST /adapter/csv and PUT /adapter/csv (seed 001 "CSV Adapter", seed 002 "Data")."""

from __future__ import annotations

import pytest

from tests.dataservice.conftest import make_user, path

from .conftest import (
    collections_of,
    fields_of,
    item_id,
    items_of,
    metadata_of,
    schema_names,
    upload,
)

PEOPLE = b"name,age,city\nAnn,31,Oslo\nBo,27,Lund\n"


def create(user, content: bytes = PEOPLE, filename: str = "people.csv", **params) -> dict:
    return user.ok(upload(user, "/adapter/csv", content, filename, params=params))


@pytest.mark.wire
def test_create_makes_a_source_named_after_the_file_with_one_collection(alice):
    source = create(alice)
    assert source["name"] == "people.csv"
    assert source["adapterType"] == "CSV"
    assert set(source) >= {"uri", "sourceGrants", "collections", "created", "lastModified", "pending", "dataSet"}
    (collection,) = collections_of(alice, source)
    assert schema_names(alice, collection) == ["A", "B", "C"]
    assert fields_of(alice, collection) == [
        {"A": "name", "B": "age", "C": "city"},
        {"A": "Ann", "B": "31", "C": "Oslo"},
        {"A": "Bo", "B": "27", "C": "Lund"},
    ]


@pytest.mark.wire
def test_sheet_order_metadata_maps_item_ids_to_row_numbers(alice):
    (collection,) = collections_of(alice, create(alice))
    metadata = metadata_of(alice, collection)
    assert list(metadata) == ["SheetOrder"]
    order = metadata["SheetOrder"]
    assert order["name"] == "SheetOrder" and order["parent"] == collection["uri"]
    assert schema_names(alice, order) == ["id", "row"]
    ids = [item_id(entry) for entry in items_of(alice, collection)]
    assert fields_of(alice, order) == [{"id": ids[0], "row": "1"}, {"id": ids[1], "row": "2"}, {"id": ids[2], "row": "3"}]


def test_columns_are_labelled_past_z(alice):
    row = ",".join(str(n) for n in range(30)).encode()
    (collection,) = collections_of(alice, create(alice, row + b"\n"))
    names = schema_names(alice, collection)
    assert names[:2] == ["A", "B"] and names[25:] == ["Z", "AA", "AB", "AC", "AD"]
    assert fields_of(alice, collection)[0]["AD"] == "29"


@pytest.mark.parametrize("content, expected", [
    ("a;b;c\n1,5;2;3\n".encode(), [{"A": "a", "B": "b", "C": "c"}, {"A": "1,5", "B": "2", "C": "3"}]),
    (b"a\tb, c\n1\t2\n", [{"A": "a", "B": "b, c"}, {"A": "1", "B": "2"}]),
    (b"a|b\n1|2\n", [{"A": "a", "B": "b"}, {"A": "1", "B": "2"}]),
    (b'"x, y","say ""hi""","two\nlines"\r\n1,2,3\r\n',
     [{"A": "x, y", "B": 'say "hi"', "C": "two\nlines"}, {"A": "1", "B": "2", "C": "3"}]),
], ids=["semicolon", "tab", "pipe", "quoted"])
def test_dialects_are_sniffed(alice, content, expected):
    (collection,) = collections_of(alice, create(alice, content))
    assert fields_of(alice, collection) == expected


@pytest.mark.parametrize("content", [
    "naïve,café\n".encode("utf-8"),
    b"\xef\xbb\xbf" + "naïve,café\n".encode("utf-8"),
    "naïve,café\n".encode("utf-16"),
    "naïve,café\n".encode("utf-16-be").join([b"\xfe\xff", b""]),
    "naïve,café\n".encode("utf-32"),
    "naïve,café\n".encode("cp1252"),
], ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf32-bom", "cp1252"])
def test_encodings(alice, content):
    (collection,) = collections_of(alice, create(alice, content))
    assert fields_of(alice, collection) == [{"A": "naïve", "B": "café"}]


def test_cp1252_specials_and_undefined_bytes(alice):
    (collection,) = collections_of(alice, create(alice, b"\x80 price,\x93quoted\x94,\x81\n"))
    assert fields_of(alice, collection) == [{"A": "€ price", "B": "“quoted”", "C": "\x81"}]


def test_ragged_rows_blank_lines_and_empty_cells(alice):
    (collection,) = collections_of(alice, create(alice, b"a,b\n1,2,3,4\n\nx,,z\n\n\n"))
    assert schema_names(alice, collection) == ["A", "B", "C", "D"]
    assert fields_of(alice, collection) == [
        {"A": "a", "B": "b", "C": None, "D": None},
        {"A": "1", "B": "2", "C": "3", "D": "4"},
        {"A": None, "B": None, "C": None, "D": None},
        {"A": "x", "B": None, "C": "z", "D": None},
    ]
    order = metadata_of(alice, collection)["SheetOrder"]
    assert [entry["row"] for entry in fields_of(alice, order)] == ["1", "2", "3", "4"]


def test_an_empty_file_makes_an_empty_collection(alice):
    source = create(alice, b"", "empty.csv")
    (collection,) = collections_of(alice, source)
    assert schema_names(alice, collection) == [] and items_of(alice, collection) == []
    assert items_of(alice, metadata_of(alice, collection)["SheetOrder"]) == []


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04\x00\x00binary\x00stuff", "NUL"),
    ("a,b\n".encode("utf-16-le"), "NUL"),
    (b"\xef\xbb\xbfa,\xff\n", "UTF-8"),
    (b"\xff\xfe\x00", "UTF-16"),
])
def test_unreadable_files_are_400(alice, content, message):
    response = upload(alice, "/adapter/csv", content)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "badRequest" and message in response.json()["message"]


def test_a_field_past_the_csv_field_limit_is_400(alice):
    response = upload(alice, "/adapter/csv", b"a," + b"x" * 200_000 + b"\n")
    assert response.status_code == 400 and "cannot be parsed as CSV" in response.json()["message"]


def test_too_many_columns_is_400(alice):
    response = upload(alice, "/adapter/csv", b"x" + b"," * 700 + b"\n")
    assert response.status_code == 400 and "701 columns" in response.json()["message"]


@pytest.mark.wire
def test_requests_without_a_file_are_400(alice):
    for response in (
        alice.http.post("/adapter/csv", json={"file": "a,b"}),
        alice.http.post("/adapter/csv", files={"other": (None, "a,b")}),
        alice.http.post("/adapter/csv", content=b"--x\r\nbroken", headers={"Content-Type": "multipart/form-data; boundary=x"}),
        alice.http.post("/adapter/csv"),
    ):
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "badRequest"
    assert alice.ok(alice.http.get("/dataSources"))["dataSources"] == []


def test_the_only_file_part_is_taken_whatever_its_name(alice):
    response = alice.http.post("/adapter/csv", files={"upload": ("x.csv", b"1,2\n", "text/csv")})
    assert alice.ok(response)["name"] == "x.csv"


LINE = b"a" * 1000 + b"," + b"b" * 999 + b"\n"  # 2000 bytes: few rows, so the limit tests stay fast


@pytest.mark.wire
def test_files_above_the_limit_are_413_and_nothing_is_created(alice):
    response = upload(alice, "/adapter/csv", LINE * (3 * 1024 * 1024 // len(LINE) + 1))
    assert response.status_code == 413, response.text
    assert response.json()["details"] == {"limit": 3 * 1024 * 1024}
    assert alice.ok(alice.http.get("/dataSources"))["dataSources"] == []


def test_a_file_at_the_limit_is_accepted(alice):
    content = LINE * (3 * 1024 * 1024 // len(LINE))
    content += b"x" * (3 * 1024 * 1024 - len(content))
    (collection,) = collections_of(alice, create(alice, content))
    assert alice.http.head(path(collection["items"])).headers["Lucid-Items-Total"] == str(3 * 1024 * 1024 // len(LINE) + 1)


def test_permission_types(server, alice):
    colleague = make_user(server, alice.account_id)
    account_source = create(alice, permissionType="account")
    grants = alice.ok(alice.http.get(path(account_source["sourceGrants"])))
    assert [(g["permissionType"], g["identifier"], g["role"]) for g in grants] == [("account", str(alice.account_id), "edit")]
    assert colleague.http.get(path(account_source["uri"])).status_code == 200

    user_source = create(alice)
    grants = alice.ok(alice.http.get(path(user_source["sourceGrants"])))
    assert [(g["permissionType"], g["identifier"]) for g in grants] == [("user", str(alice.id))]
    assert colleague.http.get(path(user_source["uri"])).status_code == 403

    document_source = create(alice, permissionType="document", document="doc-123")
    assert document_source["adapterType"] == "CSV"

    for params in ({"permissionType": "document"}, {"permissionType": "team"}):
        response = upload(alice, "/adapter/csv", PEOPLE, params=params)
        assert response.status_code == 400, response.text


@pytest.mark.wire
def test_put_replaces_the_items_of_the_only_collection(alice):
    source = create(alice)
    (collection,) = collections_of(alice, source)
    updated = alice.ok(upload(alice, "/adapter/csv", b"x,y,z,w\n1,2,3,4\n", "v2.csv", "PUT",
                              params={"dataSource": source["uri"]}))
    assert updated["uri"] == source["uri"] and updated["name"] == "people.csv"
    (same,) = collections_of(alice, source)
    assert same["uri"] == collection["uri"]
    assert schema_names(alice, same) == ["A", "B", "C", "D"]
    rows = items_of(alice, same)
    assert [entry["fields"] for entry in rows] == [{"A": "x", "B": "y", "C": "z", "D": "w"},
                                                   {"A": "1", "B": "2", "C": "3", "D": "4"}]
    order = metadata_of(alice, same)["SheetOrder"]
    assert fields_of(alice, order) == [{"id": item_id(rows[0]), "row": "1"}, {"id": item_id(rows[1]), "row": "2"}]


def test_put_keeps_fields_the_new_file_lacks_and_custom_metadata(alice):
    source = create(alice)
    (collection,) = collections_of(alice, source)
    custom = alice.ok(alice.http.post(path(collection["metadata"]), json={"metadataType": "Notes", "schema": []}))
    alice.ok(upload(alice, "/adapter/csv", b"only\n", "v2.csv", "PUT",
                    params={"dataSource": path(source["uri"]), "collection": collection["uri"]}))
    assert schema_names(alice, collection) == ["A", "B", "C"]
    assert fields_of(alice, collection) == [{"A": "only", "B": None, "C": None}]
    assert set(metadata_of(alice, collection)) == {"Notes", "SheetOrder"}
    assert alice.http.get(path(custom["uri"])).status_code == 200


def test_put_rules(server, alice, bob):
    source = create(alice)
    (collection,) = collections_of(alice, source)
    two = create(alice)
    alice.collection(two, name="Second")
    other = create(alice)
    (other_collection,) = collections_of(alice, other)
    bobs = create(bob)
    (bobs_collection,) = collections_of(bob, bobs)

    def put(params, content=b"1,2\n", **kw):
        return upload(alice, "/adapter/csv", content, "v2.csv", "PUT", params=params, **kw)

    assert put({}).status_code == 400  # no dataSource
    assert alice.http.put("/adapter/csv", params={"dataSource": source["uri"]}).status_code == 400  # no file
    assert put({"dataSource": two["uri"]}).status_code == 400  # several collections
    assert put({"dataSource": bobs["uri"]}).status_code == 403  # no access
    assert put({"dataSource": "/dataSources/999999999"}).status_code == 404
    assert put({"dataSource": source["uri"], "collection": other_collection["uri"]}).status_code == 400
    assert put({"dataSource": source["uri"], "collection": bobs_collection["uri"]}).status_code == 403
    meta = metadata_of(alice, collection)["SheetOrder"]
    assert put({"dataSource": source["uri"], "collection": meta["uri"]}).status_code == 400
    assert put({"dataSource": source["uri"]}, b"\x00\x01").status_code == 400

    viewer = make_user(server)
    alice.ok(alice.http.post("/sourceGrants", json={"dataSource": source["uri"], "permissionType": "user",
                                                    "identifier": str(viewer.id), "role": "view"}))
    response = upload(viewer, "/adapter/csv", b"1\n", "v.csv", "PUT", params={"dataSource": source["uri"]})
    assert response.status_code == 403
    assert fields_of(alice, collection)[0] == {"A": "name", "B": "age", "C": "city"}
