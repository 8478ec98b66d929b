"""The sign-in page and the document viewer in a real browser (Debian's chromium driven by
Playwright) against a `pellucid serve` subprocess, on a document imported through the REST API.

Screenshots of every page go to `artifacts/web/` (ignored by git), for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import httpx
import pytest

from tests.documents.files import SI, lucid, png
from tests.oauth.flow import PASSWORD
from tests.oauth.test_browser import Callback, sign_in
from tests.rest.conftest import ALL_DOCS
from tests.support.harness import Server, running_server

pytestmark = pytest.mark.subprocess

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"

PLAN = {"version": 1, "pages": [
    {"id": "arch", "title": "Architecture", "shapes": [
        {"id": "api", "type": "process", "boundingBox": {"x": 80, "y": 80, "w": 180, "h": 90},
         "style": {"fill": {"type": "color", "color": "#1E88E5"}, "textColor": "#ffffff"}, "text": "<b>API</b> gateway"},
        {"id": "db", "type": "database", "boundingBox": {"x": 420, "y": 80, "w": 120, "h": 90}, "text": "Orders DB"},
        {"id": "ok", "type": "decision", "boundingBox": {"x": 240, "y": 260, "w": 140, "h": 110}, "text": "Healthy?"},
        {"id": "logo", "type": "image", "boundingBox": {"x": 600, "y": 90, "w": 64, "h": 48},
         "image": {"type": "ref", "ref": "logo.png"}},
    ], "lines": [
        {"id": "reads", "lineType": "elbow", "stroke": {"color": "#d32f2f", "width": 2},
         "endpoint1": {"type": "shapeEndpoint", "style": "none", "shapeId": "api", "position": {"x": 1, "y": 0.5}},
         "endpoint2": {"type": "shapeEndpoint", "style": "arrow", "shapeId": "db", "position": {"x": 0, "y": 0.5}},
         "text": [{"text": "reads", "position": 0.5, "side": "top"}]},
    ]},
    {"id": "ops", "title": "Operations", "shapes": [
        {"id": "note", "type": "stickyNote", "boundingBox": {"x": 60, "y": 60, "w": 160, "h": 120}, "text": "On call: Ana"}]},
]}


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Server]:
    yield from running_server(tmp_path_factory.mktemp("web-browser"), subprocess=True)


@pytest.fixture(scope="module")
def reader(live) -> tuple[dict, dict]:
    """A user with a password, and a document of theirs imported through the REST API."""
    user = live.user(password=PASSWORD)
    token = live.token(user_id=user["userId"], scopes=ALL_DOCS)["access_token"]
    imported = httpx.post(f"{live.base_url}/documents", timeout=30, headers={
        "Authorization": f"Bearer {token}", "Lucid-Api-Version": "1",
    }, files={"file": ("Order service.lucid", lucid(PLAN, {"images/logo.png": png(32, 24, (30, 140, 60))}))},
        data={"type": SI, "product": "lucidchart"})
    assert imported.status_code == 201, imported.text
    return user, imported.json()


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")


def test_sign_in_then_the_rich_viewer_shows_texts_and_shapes(live, reader, page):
    user, document = reader
    page.goto(document["viewUrl"])
    page.wait_for_url("**/login?next=*")
    assert page.get_by_role("heading", name="Sign in to pellucid").is_visible()
    shoot(page, "sign-in")
    sign_in(page, user)

    page.wait_for_url(document["viewUrl"])
    assert page.get_by_role("heading", name="Order service").is_visible()
    assert page.get_by_role("banner").get_by_text(user["email"]).is_visible()
    stage = page.locator("#stage")
    for text in ("API", "gateway", "Orders DB", "Healthy?", "reads"):
        assert stage.locator("text", has_text=text).first.is_visible(), text
    assert stage.locator("path, rect, polygon, ellipse").count() >= 5  # the shapes and the line
    assert stage.locator("image").count() == 1  # the imported logo
    assert page.get_by_role("link", name="Architecture").get_attribute("aria-current") == "page"
    shoot(page, "viewer-rich")

    fitted = page.locator("#zoom-level").inner_text()
    fitted_width = float(stage.locator("svg").get_attribute("width"))
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    assert page.locator("#zoom-level").inner_text() != fitted
    assert float(stage.locator("svg").get_attribute("width")) == pytest.approx(fitted_width * 1.25 ** 2, rel=0.01)
    before = stage.evaluate("s => [s.scrollLeft, s.scrollTop]")
    box = stage.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] - 30)  # a blank corner of the page: pans
    page.mouse.down()
    page.mouse.move(box["x"] + 10, box["y"] + box["height"] - 120, steps=5)
    page.mouse.up()
    assert stage.evaluate("s => [s.scrollLeft, s.scrollTop]") != before
    shoot(page, "viewer-zoomed")

    selected = stage.locator("text", has_text="Orders DB").first
    selected.dblclick()  # texts are real text: a double click selects a word
    assert page.evaluate("() => String(window.getSelection())").strip() in ("Orders", "DB")


def test_page_tabs_the_simple_viewer_and_the_edit_notice(live, reader, page):
    user, document = reader
    page.goto(document["viewUrl"])
    sign_in(page, user)
    page.wait_for_url(document["viewUrl"])

    page.get_by_role("link", name="Operations").click()
    page.wait_for_url("**page=2*")
    assert page.locator("#stage text", has_text="On call: Ana").first.is_visible()
    assert page.locator("#stage text", has_text="Orders DB").count() == 0
    shoot(page, "viewer-page-two")

    page.get_by_role("link", name="Simple viewer").click()
    page.wait_for_url("**viewer=simple*")
    image = page.get_by_role("img", name="Page 2 of Order service: Operations")
    image.wait_for()
    assert page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("i => i.naturalWidth") == 1632  # the letter page at 192 dpi
    assert page.locator("#stage").count() == 0  # no zoom script on the simple viewer
    shoot(page, "viewer-simple")

    page.goto(document["editUrl"])
    assert page.get_by_role("heading", name="pellucid has no editor").is_visible()
    assert page.locator("svg text", has_text="Healthy?").first.is_visible()
    shoot(page, "viewer-edit")


def test_no_access_and_unknown_documents_are_clear_pages(live, reader, page):
    _, document = reader
    stranger = live.user(password=PASSWORD)
    page.goto(document["viewUrl"])
    sign_in(page, stranger)
    page.wait_for_url(document["viewUrl"])
    assert page.get_by_role("heading", name="You do not have access to this document").is_visible()
    assert page.get_by_text("Order service").count() == 0
    shoot(page, "error-403")
    page.goto(f"{live.base_url}/lucidchart/0b7f4f2e-0000-4000-8000-000000000000/view")
    assert page.get_by_role("heading", name="Document not found").is_visible()
    shoot(page, "error-404")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    assert page.get_by_role("heading", name="Sign in to pellucid").is_visible()


def test_a_basic_embed_in_a_frame_on_another_site(live, reader, page):
    """Framable by any site; the Lax session cookie stays home, so the frame offers to sign in."""
    user, document = reader
    page.goto(document["viewUrl"])
    sign_in(page, user)
    page.wait_for_url(document["viewUrl"])
    embed = f"{live.base_url}/documents/{document['documentId']}/viewer?page=ops&authType=local"
    page.goto(embed)  # top level, signed in: the viewer at the linked page, without the site header
    assert page.locator("#stage text", has_text="On call: Ana").first.is_visible()
    assert page.get_by_role("banner").count() == 0
    host_page = f'<!doctype html><title>host</title><iframe src="{embed}" width="900" height="600"></iframe>'
    host = Callback(host_page.encode())  # a page on another site: localhost, where the server is 127.0.0.1
    try:
        page.goto(host.url.replace("127.0.0.1", "localhost"))
        frame = page.frame_locator("iframe")
        frame.get_by_role("heading", name="Sign in to view this document").wait_for()
        assert frame.get_by_role("link", name="Sign in to pellucid").get_attribute("target") == "_blank"
        shoot(page, "basic-embed-cross-site")
    finally:
        host.close()


def test_signing_in_on_the_site_signs_in_the_oauth_dialogue(live, page):
    user = live.user(password=PASSWORD)
    page.goto(f"{live.base_url}/login")
    sign_in(page, user)
    page.wait_for_url(f"{live.base_url}/")
    client = live.oauth_client(["http://127.0.0.1:9/callback"])
    page.goto(f"{live.base_url}/oauth2/authorize?" + urlencode({
        "client_id": client["client_id"], "redirect_uri": "http://127.0.0.1:9/callback", "scope": "user.profile"}))
    assert page.get_by_role("button", name="Grant access").is_visible()  # no second sign-in
    assert page.get_by_text(user["email"]).is_visible()
    shoot(page, "oauth-consent")
    page.get_by_role("button", name="Not you? Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    shoot(page, "oauth-sign-in")
    page.goto(f"{live.base_url}/login?next=/x")
    assert page.get_by_role("heading", name="Sign in to pellucid").is_visible()  # signed out of the site too
