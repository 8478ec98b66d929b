"""Every console page needs the browser session (else: the sign-in page, which returns here),
every form its CSRF token; `/` stays the Data Service's bootstrap for API clients."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.oauth.flow import browser

from .people import HTML, person

PAGES = ["/", "/console/folders/1", "/console/data", "/console/data/sources/1", "/console/data/collections/1?filter=a%20%3D%201",
         "/console/connectors", "/console/connectors/p/c?documentId=x", "/console/apps", "/console/team"]


@pytest.mark.wire
@pytest.mark.parametrize("path", PAGES)
def test_a_page_sends_a_stranger_to_sign_in_and_back(server, path):
    answer = browser(server).get(path, headers=HTML)
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [path]


def test_a_revoke_post_needs_a_session_and_signing_in_returns_to_the_apps_page(server):
    answer = browser(server).post("/console/apps/revoke", data={"protocol": "oauth2", "id": "1"})
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=%2Fconsole%2Fapps"


def test_signed_in_pages_are_strict_html(server):
    someone = person(server)
    for path in ("/", "/console/data", "/console/connectors", "/console/apps"):
        page = someone.page(path)
        assert page.status_code == 200, (path, page.text)
        assert page.headers["content-type"].startswith("text/html")
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"
        assert '<nav aria-label="Console">' in page.text and '<main id="main"' in page.text
        assert "<script" not in page.text  # server-rendered: no JavaScript at all


@pytest.mark.wire
def test_slash_is_still_the_data_service_bootstrap_for_api_clients(server):
    someone = person(server)
    bootstrap = someone.api.get("/", headers=HTML)  # a bearer token: the API, whatever it accepts
    assert bootstrap.status_code == 200
    assert bootstrap.json()["dataSources"].endswith("/dataSources")
    anonymous = server.client.get("/", headers={"Accept": "application/json;v=1"})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthorized"
    assert "Documents" in someone.page("/").text


def test_openapi_documents_slash_as_the_bootstrap(server):
    operation = server.client.get("/openapi.json").json()["paths"]["/"]["get"]
    assert operation["operationId"] == "bootstrap.bootstrap"
