"""Every bad input is a 4xx (issue 11 point 5): integers past what a column holds, digits that
are not ASCII ("²" and "١" pass `str.isdigit()`; int() refuses the first and reads the second as
1), malformed OAuth 1.0 headers. Each through HTTP, each refusal writing nothing."""

from __future__ import annotations

import base64

import orjson
import pytest

from tests.dataservice.conftest import make_user, path

pytestmark = pytest.mark.wire

HUGE = [2**31, 2**63, -(2**31) - 1, 2**64 - 1]  # past PostgreSQL's INTEGER, SQLite's and PostgreSQL's BIGINT


@pytest.fixture
def user(server):
    return make_user(server, scopes=["data-service.admin"])


def refused(response, status: int = 400) -> dict:
    assert response.status_code == status, response.text
    return response.json()


@pytest.mark.parametrize("order", HUGE)
def test_schema_order_past_a_column(user, order):
    source = user.data_source()
    body = {"dataSource": source["uri"], "name": "c", "schema": [{"name": "A", "fieldType": "STRING", "order": order}]}
    assert "order must be an integer from -2147483648 to 2147483647" in refused(user.http.post("/collections", json=body))["message"]
    assert user.ok(user.http.get("/collections", params={"dataSource": source["uri"]}))["total"] == 0
    collection = user.collection(source, schema=[{"name": "A", "fieldType": "STRING", "order": 1}])
    (field,) = user.ok(user.http.get(path(collection["uri"]) + "/schema"))
    refused(user.http.patch(path(field["uri"]), json={"order": order}))
    refused(user.http.patch(path(collection["uri"]) + "/schema", json=[{"uri": field["uri"], "order": order}]))
    refused(user.http.patch(path(collection["uri"]) + "/schema", json=[{"name": "B", "fieldType": "STRING", "order": order}]))
    assert [(f["name"], f["order"]) for f in user.ok(user.http.get(path(collection["uri"]) + "/schema"))] == [("A", 1)]


@pytest.mark.parametrize("digits", ["²", "١", "1²", "١٢"])
def test_non_ascii_digits_in_data_service_links_and_ranges(user, digits):
    user.data_source()  # "١" used to read as 1: there is a data source 1 on this server
    body = {"dataSource": f"/dataSources/{digits}", "name": "c"}
    assert "is not a data source link" in refused(user.http.post("/collections", json=body))["message"]
    assert refused(user.http.get("/dataSets", params={"start": digits}))["message"] == f"start must be an integer, got {digits!r}"
    refused(user.http.get("/dataSets", params={"end": digits}))
    refused(user.http.get(f"/dataSources/{digits}"), 404)  # not a route: ids are ASCII digits


def test_data_service_ranges_are_bounded(user):
    refused(user.http.get("/dataSources", params={"start": "9" * 30}))
    refused(user.http.get("/dataSources", params={"start": "1_0"}))
    assert user.ok(user.http.get("/dataSources", params={"start": "9" * 18}))["dataSources"] == []


def test_grant_identifiers_are_ascii_ids(user):
    data_set = user.data_set()
    for identifier in ("١", "²"):
        grant = {"dataSet": data_set["uri"], "permissionType": "user", "identifier": identifier, "role": "view"}
        assert "must be a user id" in refused(user.http.post("/dataSetGrants", json=grant))["message"]
    assert len(user.ok(user.http.get("/dataSetGrants", params={"dataSet": data_set["uri"]}))) == 1


@pytest.fixture
def rest(server):
    token = server.token(user_id=server.user()["userId"], scopes=["folder", "lucidchart.document.content"])
    return server.caller(token["access_token"], **{"Lucid-Api-Version": "1"})


@pytest.mark.parametrize("digits", ["²", "١", "١٢"])
def test_non_ascii_digits_in_rest_ids_and_page_sizes(rest, digits):
    assert refused(rest.get(f"/folders/{digits}"))["message"] == f"id must be a number; got {digits!r}"
    assert "pageSize must be a positive integer" in refused(rest.get("/folders/root/contents", params={"pageSize": digits}))["message"]
    refused(rest.post("/folders", json={"name": "f", "type": "folder", "parent": digits}))


@pytest.mark.parametrize("parent", [2**63, -(2**63) - 1])  # a JSON integer beyond 64 bits parses as a float
def test_rest_parent_ids_are_bounded(rest, parent):
    assert "parent must be an integer" in refused(rest.post("/folders", json={"name": "f", "type": "folder", "parent": parent}))["message"]
    refused(rest.post("/documents", json={"title": "d", "product": "lucidchart", "parent": parent}))
    assert rest.get("/folders/root/contents").json() == []


def test_malformed_oauth1_headers(server):
    answer = server.client.post("/oauth/requestToken", headers={"Authorization": "OAuth garbage"})
    assert answer.status_code == 400 and answer.text.startswith("error=invalid_request&error_description=Malformed")
    answer = server.client.post("/oauth/accessToken", headers={"Authorization": "OAuth garbage"})
    assert answer.status_code == 400 and answer.text.startswith("error=invalid_request")
    data = server.client.get("/dataSets", headers={"Authorization": "OAuth garbage", "Accept": "application/json;v=1"})
    assert data.status_code == 400 and data.json()["message"].startswith("Malformed OAuth 1.0 request")


@pytest.mark.parametrize("state", [{"o": 2**64 - 1}, {"o": True}, {"o": -1}, {"o": 1.5}])
def test_page_tokens_carry_bounded_positions(rest, state):
    token = base64.urlsafe_b64encode(orjson.dumps(state)).decode().rstrip("=")
    answer = refused(rest.get("/folders/root/contents", params={"pageToken": token}))
    assert answer["message"] == "pageToken is not a token this API issued; take it from the Link header"
