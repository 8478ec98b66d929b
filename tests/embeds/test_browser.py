"""Embeds in a real browser (Debian's chromium driven by Playwright) against a `pellucid serve`
subprocess, framed by an app page served from another origin (a second port on 127.0.0.1):
the picker creates an embed and the parent receives EmbedCreated; an origin the token does not
name cannot frame it; the settings page's events; direct embeds by the browser's session.

Screenshots of every page go to `artifacts/embeds/` (ignored by git), for a person to look at."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from playwright.sync_api import expect

from pellucid.server import admin
from pellucid.server.store import document_contents
from tests.documents.models import tv6
from tests.oauth.flow import PASSWORD
from tests.support.harness import Server, running_server
from tests.support.sites import Site

pytestmark = pytest.mark.subprocess

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "embeds"
SCOPES = ["lucidchart.document.content", "lucidchart.document.app.picker.share.embed"]
# The app's page: it frames `?src=` and keeps every message it receives, with the sender's origin.
APP_PAGE = """<!doctype html><html><head><title>The app</title></head>
<body style="margin:0;font:16px system-ui;background:#eef">
<h1 style="margin:8px">The app's page</h1>
<iframe id="embed" title="Lucid embed" src="{src}" style="width:100%;height:560px;border:1px solid #888"></iframe>
<script>
window.received = [];
window.addEventListener("message", function (event) {{
  window.received.push({{origin: event.origin, data: event.data}});
}});
</script></body></html>"""


class AppSite(Site):
    """The embedding app: a site of its own (its own origin) whose page frames `?src=`."""

    def __init__(self) -> None:
        super().__init__(lambda path: APP_PAGE.format(src=escape(parse_qs(urlsplit(path).query).get("src", [""])[0])))

    def framing(self, src: str) -> str:
        return f"{self.origin}/?{urlencode({'src': src})}"


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Server]:
    yield from running_server(tmp_path_factory.mktemp("embeds-browser"), subprocess=True)


@pytest.fixture
def app_site() -> Iterator[AppSite]:
    site = AppSite()
    yield site
    site.close()


@pytest.fixture
def foreign_site() -> Iterator[AppSite]:
    site = AppSite()
    yield site
    site.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


class App:
    """A user of the app with a document of spec TV6's pages, and the app's token."""

    def __init__(self, live: Server) -> None:
        self.live = live
        self.client = admin.create_client(live.store, "Acme Wiki", ["http://127.0.0.1/cb"])
        self.user = live.user(password=PASSWORD)
        self.token = live.token(user_id=self.user["userId"], scopes=SCOPES, client_id=self.client["client_id"])
        self.api = live.caller(self.token["access_token"], **{"Lucid-Api-Version": "1"})

    def document(self, title: str) -> str:
        created = self.api.post("/documents", json={"title": title})
        assert created.status_code == 201, created.text
        with self.live.store.write() as conn:
            document_contents.save(conn, created.json()["documentId"], tv6(), self.user["userId"])
        return created.json()["documentId"]

    def embed_url(self, origin: str, **body) -> str:
        token = self.api.post("/embeds/token", json={"origin": origin, **body})
        assert token.status_code == 200, token.text
        return f"{self.live.base_url}/embeds?{urlencode({'token': token.json()})}"


def _received(page, count: int) -> list[dict]:
    page.wait_for_function(f"window.received.length >= {count}")
    return page.evaluate("window.received")


def test_the_picker_in_an_app_frame_creates_an_embed_and_tells_the_app(live, page, app_site):
    app = App(live)
    roadmap, _ = app.document("Roadmap"), app.document("Org chart")
    page.goto(app_site.framing(app.embed_url(app_site.origin)))
    frame = page.frame_locator("#embed")
    frame.get_by_role("heading", name="Choose a document to embed in Acme Wiki").wait_for()
    frame.get_by_label("Search your documents by title").fill("road")
    frame.get_by_role("button", name="Search").click()
    frame.get_by_role("radio", name="Roadmap").check()
    assert frame.get_by_role("radio", name="Org chart").count() == 0
    frame.get_by_role("radio", name="the document as it is now (a snapshot)").check()
    _shot(page, "picker")
    frame.get_by_role("button", name="Embed document").click()

    [message] = _received(page, 1)
    assert message["origin"] == live.base_url  # sent by the embed ...
    data = message["data"]
    assert data["type"] == "LucidEmbedEvent" and data["event"] == "EmbedCreated"
    assert data["documentId"] == roadmap and data["signature"]
    embed = app.api.get(f"/documents/{roadmap}/embeds/{data['embedId']}")
    assert embed.status_code == 200 and embed.json()["embedVersion"] == "snapshot-version"

    frame.get_by_role("heading", name="Roadmap").wait_for()  # ... which moves on to its viewer
    assert frame.locator("svg text", has_text="note").count() == 1
    _shot(page, "viewer-after-picking")

    picked = live.caller(live.token(user_id=app.user["userId"], scopes=["lucidchart.document.app.picker:readonly"],
                                    client_id=app.client["client_id"])["access_token"],
                         **{"Lucid-Api-Version": "1"})
    assert picked.get(f"/documents/{roadmap}").status_code == 200


def test_an_origin_the_token_does_not_name_cannot_frame_the_picker(live, page, app_site, foreign_site):
    app = App(live)
    app.document("Secret plan")
    page.goto(foreign_site.framing(app.embed_url(app_site.origin)))  # the token names app_site only
    page.wait_for_load_state("load")
    embed_frame = page.frames[1]
    assert embed_frame.url.startswith("chrome-error://")  # chromium refused to show it
    assert page.frame_locator("#embed").get_by_text("Secret plan").count() == 0
    _shot(page, "picker-blocked-on-a-foreign-origin")
    assert page.evaluate("window.received") == []

    page.goto(app_site.framing(app.embed_url(app_site.origin)))  # the named origin may
    page.frame_locator("#embed").get_by_text("Secret plan").wait_for()


def test_the_settings_page_fires_its_events(live, page, app_site):
    app = App(live)
    document_id = app.document("Settings doc")
    embed_id = app.api.post(f"/documents/{document_id}/embeds", json={"embedVersion": "latest-version"}).json()["embedId"]
    page.goto(app_site.framing(app.embed_url(app_site.origin, embedId=embed_id,
                                             sessionConfig={"ui": "settings", "customSettings": "postMessage"})))
    frame = page.frame_locator("#embed")
    frame.get_by_role("heading", name="Embed settings").wait_for()
    _shot(page, "settings")
    frame.get_by_role("button", name="Settings for Acme Wiki").click()
    [custom] = _received(page, 1)
    assert custom["data"] == {"type": "LucidEmbedEvent", "event": "OpenCustomSettings"}
    frame.get_by_role("radio", name="Simple: an image of each page, for slow connections").check()
    frame.get_by_role("button", name="Done").click()
    closed = _received(page, 2)[1]
    assert closed["data"] == {"type": "LucidEmbedEvent", "event": "SettingsClosed", "settingsUpdated": True}
    assert closed["origin"] == live.base_url
    frame.get_by_role("img").wait_for()
    assert frame.locator("svg").count() == 0  # the simple viewer, as chosen
    expect(frame.locator("main img")).to_have_js_property("naturalWidth", 1632)  # its image, fetched with the token
    _shot(page, "viewer-after-settings")


def test_direct_embed_signs_in_inside_the_frame_then_shows_the_document(live, page, app_site, foreign_site):
    app = App(live)
    document_id = app.document("Direct doc")
    client = admin.create_client(live.store, "Acme Portal", ["http://127.0.0.1/cb"], embed_domains=[app_site.origin])
    link = f"{live.base_url}/embeds/link?{urlencode({'document': document_id, 'clientId': client['client_id']})}"

    page.goto(foreign_site.framing(link))
    page.wait_for_load_state("load")
    assert page.frames[1].url.startswith("chrome-error://")  # not a registered embed domain

    page.goto(app_site.framing(link))
    frame = page.frame_locator("#embed")
    frame.get_by_role("heading", name="Sign in to see this document in Acme Portal").wait_for()
    _shot(page, "direct-sign-in")
    frame.get_by_label("Email or username").fill(app.user["email"])
    frame.get_by_label("Password").fill(PASSWORD)
    frame.get_by_role("button", name="Sign in").click()
    frame.get_by_role("heading", name="Direct doc").wait_for()
    assert frame.locator("svg text", has_text="note").count() == 1
    _shot(page, "direct-viewer")


def test_the_embed_token_leaves_the_frames_address(live, page, app_site):
    app = App(live)
    app.document("Any")
    page.goto(app_site.framing(app.embed_url(app_site.origin)))
    page.frame_locator("#embed").get_by_role("heading", name="Choose a document to embed in Acme Wiki").wait_for()
    embed_frame = page.frames[1]
    embed_frame.wait_for_function("window.location.search === ''")
    assert embed_frame.evaluate("window.location.href") == f"{live.base_url}/embeds"
    response = httpx.get(app.embed_url(app_site.origin), timeout=10)
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_person_revokes_a_picked_document_in_the_browser(live, page, app_site):
    app = App(live)
    document_id = app.document("Picked in the browser")
    page.goto(app_site.framing(app.embed_url(app_site.origin)))
    frame = page.frame_locator("#embed")
    frame.get_by_role("button", name="Embed document").click()
    _received(page, 1)
    picker_read = live.caller(live.token(user_id=app.user["userId"], scopes=["lucidchart.document.app.picker:readonly"],
                                         client_id=app.client["client_id"])["access_token"],
                              **{"Lucid-Api-Version": "1"})
    assert picker_read.get(f"/documents/{document_id}").status_code == 200

    page.goto(f"{live.base_url}/embeds/access")
    page.get_by_label("Email or username").fill(app.user["email"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Documents picked for apps").wait_for()
    _shot(page, "picked-documents")
    page.get_by_role("button", name="Revoke Acme Wiki's access to Picked in the browser").click()
    page.get_by_text("No app has a document you picked.").wait_for()
    assert picker_read.get(f"/documents/{document_id}").status_code == 403
