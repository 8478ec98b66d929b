"""The console in a real browser (Debian's chromium driven by Playwright) against a
`pellucid serve` subprocess: the items table paged and filtered from the keyboard, and revoking
an app, after which the API refuses its token.

Screenshots of each page go to `artifacts/console/` (ignored by git), for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import httpx
import pytest

from pellucid.server import admin
from pellucid.server.connectors import packages
from tests.oauth.flow import PASSWORD
from tests.oauth.test_browser import sign_in
from tests.support.harness import Server, running_server

pytestmark = pytest.mark.subprocess

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "console"


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Server]:
    yield from running_server(tmp_path_factory.mktemp("console-browser"), subprocess=True)


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def api(live: Server, token: str) -> httpx.Client:
    return httpx.Client(base_url=live.base_url, timeout=30, headers={
        "Authorization": f"Bearer {token}", "Accept": "application/json;v=1", "Lucid-Api-Version": "1"})


@pytest.fixture(scope="module")
def analyst(live) -> tuple[dict, int]:
    """A team admin with a password, and a collection of 300 people of theirs (ages 1 to 300)."""
    user = live.user(password=PASSWORD, roles=["team-admin"])
    token = live.token(user_id=user["userId"], scopes=["data-service.admin", "lucidchart.document.content"])
    with api(live, token["access_token"]) as http:
        source = http.post("/dataSources", json={"name": "Customer records"}).json()
        collection = http.post("/collections", json={"dataSource": source["uri"], "name": "Customers", "schema": [
            {"name": "name", "fieldType": "STRING", "isPrimary": True}, {"name": "city", "fieldType": "STRING"},
            {"name": "age", "fieldType": "NUMBER"}]}).json()
        collection_id = int(collection["uri"].rsplit("/", 1)[1])
        cities = ["Lisbon", "Oslo", "Quito", "Osaka", "Accra"]
        added = http.post(f"/collections/{collection_id}/items", json=[
            {"name": f"Customer {n:03}", "city": cities[n % len(cities)], "age": n} for n in range(1, 301)])
        assert added.status_code == 200, added.text
        document = http.post("/documents", json={"title": "Sales pipeline"}).json()["documentId"]
        # A connector that is down: its action fails, and the connectors page says so.
        packages.register_short(live.store, "Sheets Sync", ["sheets=http://127.0.0.1:9/"], package_id="sheets-sync")
        failed = http.post("/extensions/sheets-sync/dataConnectors/sheets/actions", json={
            "documentId": document, "action": {"name": "Import"}, "userCredential": "token"})
        assert failed.status_code == 502, failed.text
    return user, collection_id


def row_headers(page) -> list[str]:
    return page.get_by_role("table", name="Items", exact=False).locator("tbody th[scope=row]").all_inner_texts()


def test_the_items_table_pages_and_filters_from_the_keyboard(live, page, analyst):
    user, collection_id = analyst
    page.goto(f"{live.base_url}/console/data/collections/{collection_id}")
    page.wait_for_url("**/login?next=*")
    sign_in(page, user)

    page.wait_for_url(f"**/console/data/collections/{collection_id}")
    assert page.get_by_role("heading", name="Customers", level=1).is_visible()
    assert page.get_by_text("1–50 of 300 items").is_visible()
    assert row_headers(page)[:3] == ["1", "2", "3"]
    header = page.get_by_role("table", name="Items").locator("thead th").all_inner_texts()
    assert header == ["#", "name", "city", "age"]
    shoot(page, "items")

    page.get_by_label("Filter").fill('age > 200 and city != "Oslo"')
    page.keyboard.press("Enter")
    page.wait_for_url("**filter=*")
    assert page.get_by_text("1–50 of 80 items").is_visible()
    rows = row_headers(page)
    assert len(rows) == 50 and rows[0] == "202" and "206" not in rows  # 206 lives in Oslo
    assert page.get_by_role("table", name="Items matching", exact=False).is_visible()
    shoot(page, "items-filtered")

    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**start=51*")
    assert page.get_by_text("51–80 of 80 items").is_visible()
    assert row_headers(page)[-1] == "300"
    assert page.get_by_label("Filter").input_value() == 'age > 200 and city != "Oslo"'

    page.get_by_label("Filter").fill("age >")
    page.keyboard.press("Enter")
    assert page.get_by_role("alert").inner_text().startswith("Invalid filter")
    shoot(page, "items-bad-filter")


def test_revoking_an_app_in_the_browser_ends_its_token(live, page, analyst):
    user, _ = analyst
    client = admin.create_client(live.store, "Chart Robot", ["http://127.0.0.1/cb"])
    token = live.token(user_id=user["userId"], client_id=client["client_id"],
                       scopes=["user.profile", "data-service.admin"])["access_token"]
    with api(live, token) as http:
        assert http.get("/users/me/profile").status_code == 200

    page.goto(f"{live.base_url}/console/apps")
    sign_in(page, user)
    page.wait_for_url("**/console/apps")
    assert page.get_by_role("row", name="Chart Robot", exact=False).is_visible()
    shoot(page, "apps")
    page.get_by_role("button", name="Revoke Chart Robot").click()

    page.wait_for_url("**/console/apps?revoked=1")
    assert page.get_by_role("status").inner_text().startswith("Access revoked")
    assert page.get_by_role("button", name="Revoke Chart Robot").count() == 0
    shoot(page, "apps-revoked")
    with api(live, token) as http:
        assert http.get("/users/me/profile").status_code == 401
        assert http.get("/dataSources").status_code == 401


def test_every_console_page_for_the_screenshots(live, page, analyst):
    """Home, data sources, connectors and team render for a signed-in team admin."""
    user, _ = analyst
    page.goto(f"{live.base_url}/")
    sign_in(page, user)
    page.wait_for_url(f"{live.base_url}/")
    assert page.get_by_role("link", name="Sales pipeline").is_visible()
    shoot(page, "home")
    for name, path, heading in (("data", "/console/data", "Data sources"), ("connectors", "/console/connectors", "Data connectors"),
                                ("team", "/console/team", "users and groups")):
        page.get_by_role("navigation", name="Console").get_by_role("link", name=name.capitalize()).click()
        page.wait_for_url(f"**{path}")
        assert page.get_by_role("heading", name=heading, exact=False).is_visible()
        shoot(page, name)
    connectors = page.context.new_page()
    connectors.goto(f"{live.base_url}/console/connectors")
    row = connectors.get_by_role("table", name="Documents using sheets")
    assert row.get_by_role("link", name="Sales pipeline").is_visible()
    assert row.get_by_text("Failed", exact=True).is_visible() and row.get_by_text("unreachable", exact=False).is_visible()
    shoot(connectors, "connectors")
