"""Client ID Metadata Documents: a client_id that is a URL names the client's metadata, which the
authorization page fetches, checks and keeps. Served here by a local HTTP server, so the test
server runs with `loopback_client_documents` (the setting for tests and development)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import httpx
import pytest

from pellucid.server.oauth.pkce import challenge_of
from tests.support.harness import Database, Server, database_kind, start_inprocess

from .flow import PASSWORD, App

VERIFIER = "cimd-client-verifier-" + "0123456789abcdefghijklmnopqrstuvwxyz"
PKCE = {"code_challenge": challenge_of(VERIFIER, "S256"), "code_challenge_method": "S256"}
REDIRECT = "http://127.0.0.1:7777/callback"


class Documents:
    """A tiny HTTP server: path -> (status, headers, body)."""

    def __init__(self) -> None:
        self.served: dict[str, tuple[int, dict, bytes]] = {}
        self.hits: list[str] = []
        documents = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                documents.hits.append(self.path)
                status, headers, body = documents.served.get(self.path, (404, {}, b"{}"))
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def publish(self, path: str, document: dict | bytes, status: int = 200, **headers: str) -> str:
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        self.served[path] = (status, headers, body)
        return self.base + path


@pytest.fixture(scope="module")
def documents() -> Iterator[Documents]:
    served = Documents()
    yield served
    served.http.shutdown()


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Iterator[Server]:
    database = Database(database_kind(), tmp_path_factory.mktemp("cimd"))
    server = start_inprocess(database.url, loopback_client_documents=True)
    try:
        yield server
    finally:
        server.stop()
        database.drop()


def metadata(url: str, **extra) -> dict:
    return {"client_id": url, "client_name": "Doc assistant", "redirect_uris": [REDIRECT],
            "token_endpoint_auth_method": "none", **extra}


def test_a_metadata_document_client_signs_in_and_gets_a_token(local, documents):
    url = documents.publish("/clients/assistant.json", metadata(documents.base + "/clients/assistant.json"),
                            **{"Cache-Control": "max-age=600"})
    app = App(local, url, "", local.user(password=PASSWORD), redirect_uri=REDIRECT)
    query = app.params(scope="user.profile", **PKCE)
    signed_in = app.sign_in("/oauth2/authorize", query)
    consent = app.browser.get(signed_in.headers["location"]).text
    assert "Doc assistant" in consent and "registered itself from <strong>127.0.0.1</strong>" in consent
    approved = app.decide("/oauth2/authorize", query, "approve")
    code = httpx.URL(approved.headers["location"]).params["code"]
    token = local.client.post("/oauth2/token", data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "client_id": url,
        "code_verifier": VERIFIER})
    assert token.status_code == 200, token.text
    assert token.json()["client_id"] == url
    assert documents.hits.count("/clients/assistant.json") == 1  # kept for its max-age, not fetched again


@pytest.mark.parametrize("document, reason", [
    (lambda url: metadata(url + "-other"), "client_id must equal its URL"),
    (lambda url: metadata(url, client_secret="s"), "must not carry a client secret"),
    (lambda url: metadata(url, token_endpoint_auth_method="client_secret_basic"), "must be none"),
    (lambda url: metadata(url, redirect_uris=["http://evil.example/cb"]), "loopback"),
    (lambda url: {k: v for k, v in metadata(url).items() if k != "client_name"}, "needs a client_name"),
    (lambda url: b"x" * 6000, "larger than"),
    (lambda url: b"not json", "not JSON"),
])
def test_unusable_documents_are_error_pages(local, documents, document, reason):
    path = f"/bad/{abs(hash(reason))}.json"
    url = documents.base + path
    documents.publish(path, document(url))
    app = App(local, url, "", local.user(password=PASSWORD), redirect_uri=REDIRECT)
    page = app.browser.get("/oauth2/authorize", params=app.params(**PKCE))
    assert page.status_code == 400 and "location" not in page.headers
    assert reason in page.text


def test_a_missing_document_or_unregistered_redirect_is_refused(local, documents):
    gone = App(local, documents.base + "/nowhere.json", "", local.user(password=PASSWORD), redirect_uri=REDIRECT)
    assert "HTTP 404" in gone.browser.get("/oauth2/authorize", params=gone.params(**PKCE)).text
    url = documents.publish("/clients/strict.json", metadata(documents.base + "/clients/strict.json"))
    other = App(local, url, "", local.user(password=PASSWORD), redirect_uri="http://127.0.0.1:7777/elsewhere")
    assert other.browser.get("/oauth2/authorize", params=other.params(**PKCE)).status_code == 400


def test_without_the_setting_only_https_documents_are_fetched(server, documents):
    url = documents.publish("/clients/plain.json", metadata(documents.base + "/clients/plain.json"))
    app = App(server, url, "", server.user(password=PASSWORD), redirect_uri=REDIRECT)
    page = app.browser.get("/oauth2/authorize", params=app.params(**PKCE))
    assert page.status_code == 400 and "must use https" in page.text
    assert "/clients/plain.json" not in documents.hits
