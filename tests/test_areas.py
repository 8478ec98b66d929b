"""`build_app` assembles the server from areas it names: an app serving only some of them serves
only their routes, and still admits and refuses exactly as the whole server does (document
grants resolve through document access whether or not the REST routes are served)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import httpx
import pytest

from pellucid.server import dataservice, system
from pellucid.server.app import build_app
from pellucid.server.inprocess import PortalTransport
from pellucid.server.settings import Settings
from pellucid.server.store import documents
from tests.support.harness import Server

pytestmark = pytest.mark.sqlite_only  # builds its own in-process apps

AREAS = {
    "data service only": (system.install, dataservice.install),
    "every area": None,
}


@pytest.fixture(params=list(AREAS))
def server(request, tmp_path: Path) -> Iterator[Server]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'areas.db'}", public_url="http://testserver",
                        access_log=False)
    app = build_app(settings, areas=AREAS[request.param])
    client = httpx.Client(transport=PortalTransport(app), base_url="http://testserver")
    yield Server("http://testserver", app.ctx.store, settings.database_url, client, stop=client.close)
    client.close()
    app.ctx.store.dispose()


def _data_user(server: Server, account_id: int | None = None):
    user = server.user(account_id)
    token = server.token(user_id=user["userId"], scopes=["data-service.admin", "user.profile"])["access_token"]
    return user, server.caller(token, Accept="application/json;v=1", **{"Lucid-Api-Version": "1"})


def _own_document(server: Server, user: dict) -> str:
    with server.store.write() as conn:
        return documents.create(conn, account_id=user["accountId"], owner_id=user["userId"], title="Plan",
                                product="lucidchart", parent_id=None).id


def test_document_grants_admit_the_documents_readers_and_refuse_everyone_else(server):
    owner, owner_http = _data_user(server)
    reader, reader_http = _data_user(server)  # another account: only the document grant reaches them
    _, stranger_http = _data_user(server)
    data_set = owner_http.post("/dataSets", json={"name": "Shared"}).json()
    path = "/dataSets/" + data_set["uri"].rsplit("/", 1)[1]
    granted = owner_http.post("/dataSetGrants", json={
        "dataSet": data_set["uri"], "permissionType": "document",
        "identifier": _own_document(server, reader), "role": "edit"})
    assert granted.status_code == 200, granted.text

    assert reader_http.get(path).status_code == 200
    assert [entry["uri"] for entry in reader_http.get("/dataSets").json()["dataSets"]] == [data_set["uri"]]
    assert reader_http.patch(path, json={"name": "Renamed by the document's owner"}).status_code == 200
    assert stranger_http.get(path).status_code == 403
    assert stranger_http.get("/dataSets").json()["dataSets"] == []
    assert stranger_http.patch(path, json={"name": "Nope"}).status_code == 403


def test_only_the_installed_areas_routes_are_served(server, request):
    _, http = _data_user(server)
    rest_served = request.node.callspec.params["server"] == "every area"
    assert http.get("/users/me/profile").status_code == (200 if rest_served else 404)
    assert http.get("/").status_code == 200  # the Data Service's bootstrap, in both
    openapi = server.client.get("/openapi.json").json()
    assert ("/users/me/profile" in openapi["paths"]) is rest_served
    assert ("CreateUserBody" in openapi["components"]["schemas"]) is rest_served
    assert "DataSet" in openapi["components"]["schemas"]
