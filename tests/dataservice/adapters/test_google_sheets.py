"""Google Sheets adapter: linking a Google account (OAuth 2.0 client) and POST /adapter/googleSheets."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import sqlalchemy as sa

from pellucid.server.store.tables.adapters import google_credentials
from tests.dataservice.conftest import DataUser, make_user, path

from .conftest import SMALL_FILE_LIMIT, collections_of, fields_of, items_of, item_id, metadata_of, properties_of, upload
from .fake_google import cell, rgb, tab

SCOPE = "https://www.googleapis.com/auth/spreadsheets.readonly"


def browse(server, url: str, cookie: str | None = None) -> httpx.Response:
    """A browser request with exactly the given cookie (the test client's jar is not a browser's)."""
    server.client.cookies.clear()
    try:
        return server.client.get(path(url), follow_redirects=False, headers={"Cookie": cookie} if cookie else {})
    finally:
        server.client.cookies.clear()


def link(user: DataUser, fake, *, google_user: str = "ann@gmail.test") -> httpx.Response:
    """The whole browser dance: our link URL -> Google's consent -> our callback."""
    started = user.ok(user.http.post("/adapter/googleSheets/link"))
    ours = browse(user.server, started["authorizationUrl"])
    assert ours.status_code == 302, ours.text
    cookie = ours.headers["set-cookie"].split(";")[0]
    fake.consenting = google_user
    consent = httpx.get(ours.headers["location"], follow_redirects=False)
    assert consent.status_code == 302
    return browse(user.server, consent.headers["location"], cookie)


@pytest.fixture
def linked(gserver, fake_google) -> DataUser:
    user = make_user(gserver)
    assert link(user, fake_google).status_code == 200
    return user


@pytest.fixture
def budget_sheet(fake_google) -> str:
    doc_id = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
    fake_google.add_spreadsheet(doc_id, "Budget 2024", [
        tab("Costs", 0, [
            [cell("Item", background=rgb(0.8666667, 0.49411765, 0.41960785), text=rgb(blue=1)), cell("Amount")],
            [cell("Rent"), cell("$1,250.50", number_format=("CURRENCY", '"$"#,##0.00'), note="Monthly")],
            [],
            [cell("Total"), cell("$1,250.50", formula="=SUM(B2:B3)", number_format=("CURRENCY", '"$"#,##0.00'))],
        ]),
        tab("People", 1, [[cell("Ann"), cell("3/5/2024", number_format=("DATE", "M/d/yyyy"))]]),
    ], readers={"ann@gmail.test"})
    return doc_id


@pytest.mark.wire
def test_linking_redirects_to_google_with_state_and_pkce_and_stores_tokens_encrypted(gserver, fake_google):
    user = make_user(gserver)
    assert user.ok(user.http.get("/adapter/googleSheets/link")) == {"linked": False, "scope": None, "created": None}
    started = user.ok(user.http.post("/adapter/googleSheets/link"))
    assert started["authorizationUrl"].startswith(f"{gserver.base_url}/adapter/googleSheets/authorize?state=")
    ours = browse(gserver, started["authorizationUrl"])
    assert ours.status_code == 302
    assert "HttpOnly" in ours.headers["set-cookie"] and "SameSite=Lax" in ours.headers["set-cookie"]
    location = urlsplit(ours.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == fake_google.url + "/o/oauth2/v2/auth"
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    state = parse_qs(urlsplit(started["authorizationUrl"]).query)["state"][0]
    assert query["client_id"] == fake_google.client_id and query["state"] == state
    assert query["redirect_uri"] == f"{gserver.base_url}/adapter/googleSheets/callback"
    assert query["scope"] == SCOPE and query["access_type"] == "offline" and query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43

    consent = httpx.get(ours.headers["location"], follow_redirects=False)
    cookie = ours.headers["set-cookie"].split(";")[0]
    done = browse(gserver, consent.headers["location"], cookie)
    assert done.status_code == 200 and "Google account linked" in done.text
    status = user.ok(user.http.get("/adapter/googleSheets/link"))
    assert status["linked"] is True and status["scope"] == SCOPE

    refresh_token = next(token for token, owner in fake_google.refresh.items())
    with gserver.store.read() as conn:
        row = conn.execute(sa.select(google_credentials).where(google_credentials.c.user_id == user.id)).one()
    assert refresh_token.encode() not in bytes(row.refresh_token) and b"ya29." not in bytes(row.access_token)

    replay = browse(gserver, consent.headers["location"], cookie)
    assert replay.status_code == 400  # the state is spent


def test_the_callback_refuses_another_browser_and_unknown_states(gserver, fake_google):
    user = make_user(gserver)
    started = user.ok(user.http.post("/adapter/googleSheets/link"))
    ours = browse(gserver, started["authorizationUrl"])
    consent = httpx.get(ours.headers["location"], follow_redirects=False)
    assert browse(gserver, consent.headers["location"]).status_code == 400  # no cookie
    assert browse(gserver, started["authorizationUrl"], "pellucid_google_link=other").status_code == 400
    assert browse(gserver, "/adapter/googleSheets/authorize?state=nope").status_code == 400
    assert browse(gserver, "/adapter/googleSheets/callback?state=nope&code=x").status_code == 400
    assert user.ok(user.http.get("/adapter/googleSheets/link"))["linked"] is False


def test_a_denied_consent_links_nothing(gserver, fake_google):
    user = make_user(gserver)
    started = user.ok(user.http.post("/adapter/googleSheets/link"))
    ours = browse(gserver, started["authorizationUrl"])
    state = parse_qs(urlsplit(ours.headers["location"]).query)["state"][0]
    cookie = ours.headers["set-cookie"].split(";")[0]
    page = browse(gserver, f"/adapter/googleSheets/callback?state={state}&error=access_denied", cookie)
    assert page.status_code == 400 and "access_denied" in page.text
    assert user.ok(user.http.get("/adapter/googleSheets/link"))["linked"] is False


@pytest.mark.wire
def test_import_creates_a_linked_source_like_excel(linked, budget_sheet):
    source = linked.ok(linked.http.post("/adapter/googleSheets", json={"docId": budget_sheet}))
    assert source["name"] == "Budget 2024" and source["adapterType"] == "GOOGLE_SHEETS"
    assert source["linkParameters"] == {"docId": budget_sheet}
    tabs = {entry["name"]: entry for entry in collections_of(linked, source)}
    assert list(tabs) == ["Costs", "People"]
    costs = tabs["Costs"]
    assert fields_of(linked, costs) == [
        {"A": "Item", "B": "Amount"}, {"A": "Rent", "B": "$1,250.50"}, {"A": None, "B": None},
        {"A": "Total", "B": "$1,250.50"},
    ]
    assert properties_of(linked, costs) == {"DefaultColor": "ffffffff", "DefaultTextColor": "000000ff"}
    metadata = metadata_of(linked, costs)
    assert sorted(metadata) == ["Comment", "FillColor", "Format", "Formula", "SheetOrder", "TextColor"]

    def entries(kind):
        return [{k: v for k, v in entry.items() if v is not None} for entry in fields_of(linked, metadata[kind])]

    assert entries("FillColor") == [{"row": "1", "A": "dd7e6bff"}]
    assert entries("TextColor") == [{"row": "1", "A": "0000ffff"}]
    assert entries("Format") == [{"row": "2", "B": '4:"$"#,##0.00'}, {"row": "4", "B": '4:"$"#,##0.00'}]
    assert entries("Formula") == [{"row": "4", "B": "=SUM(B2:B3)"}]
    assert entries("Comment") == [{"row": "2", "B": "Monthly"}]
    ids = [item_id(entry) for entry in items_of(linked, costs)]
    assert entries("SheetOrder") == [{"id": ids[n], "row": str(n + 1)} for n in range(4)]
    assert entries("Format") and fields_of(linked, metadata_of(linked, tabs["People"])["Format"]) == [
        {"row": "1", "A": None, "B": "5:M/d/yyyy"}]


def test_sheets_limits_the_import_and_a_second_call_updates_the_same_source(linked, budget_sheet, fake_google):
    first = linked.ok(linked.http.post("/adapter/googleSheets", json={"docId": budget_sheet, "sheets": ["People"]}))
    assert [entry["name"] for entry in collections_of(linked, first)] == ["People"]
    people = collections_of(linked, first)[0]

    second = linked.ok(linked.http.post("/adapter/googleSheets", json={"docId": budget_sheet, "sheets": ["Costs"]}))
    assert second["uri"] == first["uri"]
    assert sorted(entry["name"] for entry in collections_of(linked, first)) == ["Costs", "People"]

    spreadsheet = fake_google.spreadsheets[budget_sheet]["spreadsheet"]
    spreadsheet["sheets"] = [tab("People", 0, [[cell("Bo")]]), tab("Added", 1, [[cell("new")]])]
    third = linked.ok(linked.http.post("/adapter/googleSheets", json={"docId": budget_sheet, "name": "Renamed"}))
    assert third["uri"] == first["uri"] and third["name"] == "Renamed"
    now = {entry["name"]: entry for entry in collections_of(linked, first)}
    assert list(now) == ["People", "Added"]  # Costs was deleted from the spreadsheet
    assert now["People"]["uri"] == people["uri"]
    assert fields_of(linked, now["People"]) == [{"A": "Bo"}]


def test_import_errors(gserver, linked, budget_sheet, fake_google):
    stranger = make_user(gserver)
    response = stranger.http.post("/adapter/googleSheets", json={"docId": budget_sheet})
    assert response.status_code == 403 and "Link a Google account" in response.json()["message"]

    fake_google.add_spreadsheet("privateDoc", "Private", [tab("A", 0, [[cell("x")]])], readers={"zed@gmail.test"})
    response = linked.http.post("/adapter/googleSheets", json={"docId": "privateDoc"})
    assert response.status_code == 403 and "cannot open spreadsheet" in response.json()["message"]
    assert linked.http.post("/adapter/googleSheets", json={"docId": "missingDoc"}).status_code == 404
    response = linked.http.post("/adapter/googleSheets", json={"docId": budget_sheet, "sheets": ["Nope"]})
    assert response.status_code == 400 and response.json()["details"] == {"tabs": ["Costs", "People"]}
    for body in ({}, {"docId": "../etc"}, {"docId": budget_sheet, "sheets": "Costs"}, {"docId": budget_sheet, "dataSet": 5}):
        assert linked.http.post("/adapter/googleSheets", json=body).status_code == 400, body
    assert linked.ok(linked.http.get("/dataSources"))["dataSources"] == []


def test_expired_access_tokens_are_refreshed_and_revoked_grants_unlink(linked, budget_sheet, fake_google):
    refreshed = fake_google.grants("refresh_token")
    fake_google.expire_access_tokens()
    assert linked.http.post("/adapter/googleSheets", json={"docId": budget_sheet}).status_code == 200
    assert fake_google.grants("refresh_token") == refreshed + 1

    fake_google.expire_access_tokens()
    fake_google.revoke_refresh_tokens()
    response = linked.http.post("/adapter/googleSheets", json={"docId": budget_sheet})
    assert response.status_code == 403 and "link the Google account again" in response.json()["message"]
    assert linked.ok(linked.http.get("/adapter/googleSheets/link"))["linked"] is False


def test_unlink(linked, budget_sheet):
    assert linked.ok(linked.http.delete("/adapter/googleSheets/link")) == "Google account unlinked"
    assert linked.http.post("/adapter/googleSheets", json={"docId": budget_sheet}).status_code == 403


def test_data_set_and_permission_type(linked, budget_sheet):
    data_set = linked.data_set()
    source = linked.ok(linked.http.post("/adapter/googleSheets", params={"permissionType": "account"},
                                        json={"docId": budget_sheet, "dataSet": data_set["uri"]}))
    assert source["dataSet"] == data_set["uri"]
    grants = linked.ok(linked.http.get(path(source["sourceGrants"])))
    assert [(g["permissionType"], g["identifier"]) for g in grants] == [("account", str(linked.account_id))]


def test_the_file_size_limit_is_configurable(gserver):
    user = make_user(gserver)
    response = upload(user, "/adapter/csv", b"x" * (SMALL_FILE_LIMIT + 1))
    assert response.status_code == 413 and response.json()["details"]["limit"] == SMALL_FILE_LIMIT
    assert upload(user, "/adapter/csv", b"x" * SMALL_FILE_LIMIT).status_code == 200
    assert user.ok(user.http.get("/rateLimits"))["fileSizeLimit"] == 0  # whole megabytes, as the doc reports it


def test_without_google_configuration_the_adapter_says_so(alice):
    response = alice.http.post("/adapter/googleSheets", json={"docId": "abc"})
    assert response.status_code == 503 and "not configured" in response.json()["message"]
    assert alice.http.post("/adapter/googleSheets/link").status_code == 503
