"""Direct embeds, `/embeds/link?document=...&clientId=...`: the client must have registered embed
domains, which alone may frame it; the browser's own session shows a sign-in form or the viewer
of a document the person can read."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from pellucid.server import admin
from pellucid.server.store import document_contents
from tests.documents.models import tv6
from tests.oauth.flow import PASSWORD, browser, csrf
from tests.web.people import signed_in

from .sessions import frame_ancestors

pytestmark = pytest.mark.wire

DOMAINS = ["https://app.example", "http://127.0.0.1:9000"]


def _client(server, domains=DOMAINS) -> str:
    return admin.create_client(server.store, "Direct app", ["https://app.example/cb"], embed_domains=domains)["client_id"]


def _owner(server):
    user = server.user(password=PASSWORD)
    token = server.token(user_id=user["userId"], scopes=["lucidchart.document.content"])["access_token"]
    created = server.caller(token, **{"Lucid-Api-Version": "1"}).post("/documents", json={"title": "Direct doc"})
    assert created.status_code == 201, created.text
    document = created.json()
    with server.store.write() as conn:
        document_contents.save(conn, document["documentId"], tv6(), user["userId"])
    return user, document


def _url(document: str, client_id: str) -> str:
    return "/embeds/link?" + urlencode({"document": document, "clientId": client_id})


def test_signed_out_the_frame_shows_a_sign_in_form_framed_by_the_embed_domains(server):
    user, document = _owner(server)
    person = browser(server)
    form = person.get(_url(document["documentId"], _client(server)))
    assert form.status_code == 200, form.text
    assert frame_ancestors(form) == "frame-ancestors https://app.example http://127.0.0.1:9000"
    assert "x-frame-options" not in form.headers
    assert "Sign in to see this document in Direct app" in form.text and ">A<" not in form.text
    refused = person.post(form.url.raw_path.decode(), data={"csrf_token": csrf(form), "login": user["email"],
                                                          "password": "wrong"})
    assert refused.status_code == 401 and "Incorrect email" in refused.text
    assert frame_ancestors(refused) == "frame-ancestors https://app.example http://127.0.0.1:9000"
    done = person.post(form.url.raw_path.decode(), data={"csrf_token": csrf(form), "login": user["email"],
                                                       "password": PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == form.url.raw_path.decode()
    viewer = person.get(done.headers["location"])
    assert viewer.status_code == 200 and ">A<" in viewer.text and "Direct doc" in viewer.text
    assert frame_ancestors(viewer) == "frame-ancestors https://app.example http://127.0.0.1:9000"


def test_the_document_may_be_a_lucid_link_or_this_servers(server):
    user, document = _owner(server)
    person = signed_in(server, user)
    client_id = _client(server)
    for link in (document["editUrl"], f"https://lucid.app/lucidchart/{document['documentId']}/edit",
                 document["documentId"]):
        viewer = person.get(_url(link, client_id))
        assert viewer.status_code == 200 and "Direct doc" in viewer.text, link
    assert person.get(_url("https://evil.example/x", client_id)).status_code == 400
    at_page = person.get(_url(f"https://lucid.app/lucidchart/{document['documentId']}/edit?page=d2", client_id))
    assert at_page.status_code == 303 and at_page.headers["location"].endswith("&page=d2")
    second = person.get(at_page.headers["location"])
    assert second.status_code == 200 and re.search(r'aria-current="page">Two</a>', second.text)


def test_a_person_without_access_sees_no_document(server):
    _, document = _owner(server)
    stranger = signed_in(server, server.user(password=PASSWORD))
    refused = stranger.get(_url(document["documentId"], _client(server)))
    assert refused.status_code == 403 and ">A<" not in refused.text and "Direct doc" not in refused.text
    missing = stranger.get(_url("00000000-0000-4000-8000-000000000000", _client(server)))
    assert missing.status_code == 403 and missing.text.count("Document not available") == refused.text.count(
        "Document not available")  # a missing document looks like a forbidden one


@pytest.mark.parametrize("client", ["unknown", "no domains", None])
def test_without_a_client_registered_with_embed_domains_nobody_may_frame_it(server, client):
    user, document = _owner(server)
    client_id = {"unknown": "no-such-client", "no domains": _client(server, []), None: ""}[client]
    refused = signed_in(server, user).get(_url(document["documentId"], client_id))
    assert refused.status_code == 403 and "This app cannot embed documents" in refused.text
    assert frame_ancestors(refused) == "frame-ancestors 'none'" and refused.headers["x-frame-options"] == "DENY"
    assert ">A<" not in refused.text
    assert browser(server).post(_url(document["documentId"], client_id),
                                data={"login": user["email"], "password": PASSWORD}).status_code == 403


def test_the_sign_in_form_needs_its_csrf_token(server):
    user, document = _owner(server)
    person = browser(server)
    url = _url(document["documentId"], _client(server))
    person.get(url)
    refused = person.post(url, data={"csrf_token": "forged", "login": user["email"], "password": PASSWORD})
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    assert "Sign in to see this document" in person.get(url).text  # still signed out
