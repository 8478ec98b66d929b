"""Every operation of our own `/openapi.json`, fuzzed by schemathesis (issue 11 point 5): no
input gets a 5xx, and every answer matches the schema the document publishes for it.

Bounded: a few generated examples per operation, no shrinking, in-process on SQLite, with a
token that holds every user scope so requests get past admission into the handlers. The
operations run in one test (schemathesis' pytest integration does not load under pytest 9),
which lists every failure it saw.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.failures import FailureGroup
from starlette.testclient import TestClient

from pellucid.server import admin
from pellucid.server.app import build_app
from pellucid.server.auth import scopes
from pellucid.server.settings import ConnectorSettings, Google, RateLimits, Settings

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = 10  # per operation, after its explicit examples


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    database = tmp_path_factory.mktemp("schemathesis") / "pellucid.db"
    # Google is configured (to an address nothing listens on) so that its adapter answers 4xx,
    # not the 503 of an operator who has not set it up.
    unreachable = "http://127.0.0.1:9"
    app = build_app(Settings(
        database_url=f"sqlite:///{database}", public_url="http://testserver", access_log=False,
        rate_limits=RateLimits(enabled=False), connectors=ConnectorSettings(poll_interval=0),
        google=Google(client_id="id", client_secret="secret", auth_url=unreachable, token_url=unreachable,
                      sheets_url=unreachable),
    ))
    yield app
    app.ctx.store.dispose()


@pytest.fixture(scope="module")
def http(app) -> httpx.Client:
    """A client of the app without its lifespan, as schemathesis calls it: a shutdown would end
    the app's worker threads before the fuzzing."""
    return TestClient(app, base_url="http://testserver")


@pytest.fixture(scope="module")
def headers(app, http) -> dict[str, str]:
    """A user token with every user scope, and the version headers both APIs ask for."""
    store = app.ctx.store
    account = admin.create_account(store, "Fuzz", "enterprise")
    user = admin.create_user(store, account_id=account["id"], email="fuzz@example.com", first_name="Fuzz",
                             last_name="Er", password="fuzz-password")
    client = admin.create_client(store, "fuzz", ["http://127.0.0.1/cb"])
    granted = [scope for scope in scopes.DESCRIPTIONS if scopes.allowed_for(scope, scopes.USER)]
    token = admin.issue_token(store, client_id=client["client_id"], scope_list=granted, user_id=user["userId"])
    headers = {"Authorization": f"Bearer {token['access_token']}", "Lucid-Api-Version": "1", "Accept": "application/json;v=1"}
    _seed(http, headers)
    return headers


def _seed(http: httpx.Client, headers: dict[str, str]) -> None:
    """Resources with id 1 of each kind, which generated ids often name: the requests that reach
    them get past the 404s into the handlers' deeper checks."""
    http.headers.update(headers)
    data_set = http.post("/dataSets", json={"name": "set"}).json()
    source = http.post("/dataSources", json={"name": "source", "dataSet": data_set["uri"]}).json()
    schema = [{"name": "name", "fieldType": "STRING", "isPrimary": True}, {"name": "n", "fieldType": "NUMBER"}]
    collection = http.post("/collections", json={"dataSource": source["uri"], "name": "c", "schema": schema}).json()
    http.post(collection["uri"] + "/items", json=[{"name": "a", "n": 1}, {"name": "b", "n": 2}]).raise_for_status()
    http.post("/folders", json={"name": "folder", "type": "folder"}).raise_for_status()
    http.post("/documents", json={"title": "doc", "product": "lucidchart"}).raise_for_status()


def failures_of(operation, headers: dict[str, str]) -> dict[str, str]:
    """What the checks found over a few examples of one operation: one example per kind."""
    found: dict[str, str] = {}

    @given(case=st.one_of(operation.as_strategy(mode) for mode in GenerationMode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        response = case.call(headers={**headers, **(case.headers or {})})
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                found.setdefault(f"{operation.label}: {failure.title}", (
                    f"{case.method} {case.formatted_path} query={case.query} body={str(case.body)[:200]}"
                    f" -> {response.status_code} {response.text[:300]}\n    {str(failure)[:600]}"))

    run()
    return found


def test_no_server_errors_and_no_schema_mismatches(app, headers):
    published = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: dict[str, str] = {}
    for result in published.get_all_operations():
        failures.update(failures_of(result.ok(), headers))
    assert not failures, f"{len(failures)} failure(s):\n" + "\n".join(f"{k}\n    {v}" for k, v in failures.items())
