"""The document viewer over HTTP: viewUrl, editUrl and basicEmbed links open it for signed-in
people with read access (the REST API's rules), and every other case gets a clear page."""

from __future__ import annotations

import io
import re
from urllib.parse import urlencode

import pytest
from PIL import Image

from tests.oauth.flow import browser

from .conftest import person

pytestmark = pytest.mark.wire


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_view_url_shows_the_first_page_inline_as_svg_with_tabs(owner):
    document = owner.document("Quarterly plan")
    page = owner.browser.get(_path(document["viewUrl"]))
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "<svg" in page.text and ">A<" in page.text and ">B<" in page.text and ">note<" in page.text
    assert "<h1 id=\"page-title\">Quarterly plan</h1>" in page.text
    assert re.search(r'<a href="[^"]*page=1"\s+aria-current="page">One</a>', page.text)
    assert re.search(r'<a href="[^"]*page=2"\s*>Two</a>', page.text)
    policy = page.headers["content-security-policy"]
    nonce = re.search(r"script-src 'nonce-([^']+)'", policy).group(1)
    assert f'<script nonce="{nonce}">' in page.text and "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert owner.user["email"] in page.text  # the header names who is signed in


def test_page_by_number_or_id_and_an_unknown_page_is_a_404_page(owner):
    view = _path(owner.document()["viewUrl"])
    for query in ("?page=2", "?page=d2"):
        second = owner.browser.get(view + query)
        assert second.status_code == 200
        assert re.search(r'aria-current="page">Two</a>', second.text) and ">A<" not in second.text
    for page in ("9", "0", "²", "x" * 300):
        missing = owner.browser.get(view, params={"page": page})
        assert missing.status_code == 404 and "No such page" in missing.text and "it has 2" in missing.text


def test_the_simple_viewer_shows_the_pages_png_served_from_the_same_url(owner):
    view = _path(owner.document()["viewUrl"])
    page = owner.browser.get(view + "?viewer=simple")
    assert page.status_code == 200 and "<svg" not in page.text
    source = re.search(r'<img src="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    assert "image=png" in source and "viewer=simple" in source
    image = owner.browser.get(source)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (1632, 2112)  # a letter page at 192 dpi
    assert owner.browser.get(view + "?viewer=fancy").status_code == 400


def test_edit_url_shows_the_viewer_and_says_there_is_no_editor(owner):
    page = owner.browser.get(_path(owner.document()["editUrl"]))
    assert page.status_code == 200 and "<svg" in page.text
    assert "pellucid has no editor" in page.text and "POST /documents" in page.text


def test_a_visitor_is_sent_to_sign_in_and_back(server, owner):
    view = _path(owner.document()["viewUrl"]) + "?page=2"
    stranger = browser(server)
    redirected = stranger.get(view)
    assert redirected.status_code == 303
    assert redirected.headers["location"] == "/login?" + urlencode({"next": view})
    assert "<svg" not in redirected.text
    image = stranger.get(view + "&viewer=simple&image=png")
    assert image.status_code == 303  # the image too is for signed-in readers only


def test_someone_without_access_gets_a_403_page_until_it_is_shared(server, owner):
    document = owner.document("Private plan")
    view = _path(document["viewUrl"])
    for other in (person(server), person(server, owner.user["accountId"])):  # another account, then the owner's
        refused = other.browser.get(view)
        assert refused.status_code == 403
        assert "You do not have access to this document" in refused.text
        assert "Private plan" not in refused.text and "<svg" not in refused.text
        assert "Traceback" not in refused.text
        assert other.browser.get(view + "?viewer=simple&image=png").status_code == 403
    colleague = person(server)
    shared = owner.api.put(f"/documents/{document['documentId']}/shares/users/{colleague.user_id}", json={"role": "view"})
    assert shared.status_code in (200, 201), shared.text
    assert colleague.browser.get(view).status_code == 200


def test_an_unknown_document_is_a_404_page(owner):
    for path in ("/lucidchart/0b7f4f2e-0000-4000-8000-000000000000/view", "/lucidspark/not-a-uuid/edit"):
        page = owner.browser.get(path)
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html") and "Document not found" in page.text


def test_a_basic_embed_link_opens_the_framable_viewer_at_its_page(owner):
    document = owner.document()
    link = owner.api.post("/describeLink", json={"url": document["viewUrl"] + "?page=d2"})
    assert link.status_code == 200, link.text
    embed = owner.browser.get(_path(link.json()["document"]["basicEmbed"]))
    assert embed.status_code == 200
    assert re.search(r'aria-current="page">Two</a>', embed.text)
    assert "frame-ancestors *" in embed.headers["content-security-policy"]
    assert "x-frame-options" not in embed.headers
    assert "Sign out" not in embed.text  # framed: no header, nothing to click that changes anything


def test_a_basic_embed_for_a_visitor_offers_to_sign_in_in_a_new_tab(server, owner):
    document_id = owner.document()["documentId"]
    page = browser(server).get(f"/documents/{document_id}/viewer?page=2&authType=local")
    assert page.status_code == 401 and "<svg" not in page.text
    assert 'target="_blank"' in page.text and "/login?next=" in page.text
    assert "frame-ancestors *" in page.headers["content-security-policy"]


def test_a_basic_embed_of_someone_elses_document_is_a_framable_403(server, owner):
    document_id = owner.document()["documentId"]
    page = person(server).browser.get(f"/documents/{document_id}/viewer")
    assert page.status_code == 403 and "frame-ancestors *" in page.headers["content-security-policy"]


def test_the_simple_viewers_image_counts_against_the_accounts_export_limit(server, owner):
    view = _path(owner.document()["viewUrl"])
    document_id = view.split("/")[2]
    # 75 cheap exports (refused for their crop after being counted) by users of the owner's
    # account, none of whom meets the per-user limit of 15 a second first.
    callers = [person(server, owner.user["accountId"]).api for _ in range(6)]
    statuses = [callers[i % 6].get(f"/documents/{document_id}?crop=bad", headers={"Accept": "image/png"}).status_code
                for i in range(75)]
    assert statuses == [400] * 75
    limited = owner.browser.get(view + "?viewer=simple&image=png")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert owner.browser.get(view).status_code == 200  # the rich viewer draws in the browser: not limited


def test_a_document_is_shown_at_its_own_products_url(owner):
    document = owner.document(product="lucidspark")
    assert "/lucidspark/" in document["viewUrl"]
    wrong = owner.browser.get(f"/lucidchart/{document['documentId']}/edit?page=2")
    assert wrong.status_code == 301
    assert wrong.headers["location"] == f"/lucidspark/{document['documentId']}/edit?page=2"
