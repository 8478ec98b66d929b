"""What MCP clients need of the authorization server: dynamic registration (RFC 7591), public
clients with PKCE, loopback redirect URIs on any port (RFC 8252), `iss` in the authorization
response (RFC 9207) and tokens bound to a resource (RFC 8707)."""

from __future__ import annotations

import httpx
import pytest

from pellucid.server.oauth.pkce import challenge_of

from .flow import PASSWORD, App, csrf

pytestmark = pytest.mark.wire

VERIFIER = "mcp-client-verifier-" + "0123456789abcdefghijklmnopqrstuvwxyz"
PKCE = {"code_challenge": challenge_of(VERIFIER, "S256"), "code_challenge_method": "S256"}
LOOPBACK = "http://127.0.0.1/callback"


def register(server, **metadata) -> httpx.Response:
    body = {"client_name": "Desk assistant", "redirect_uris": [LOOPBACK], **metadata}
    return server.client.post("/oauth2/register", json=body)


def public_app(server, **metadata) -> App:
    registered = register(server, token_endpoint_auth_method="none", application_type="native", **metadata)
    assert registered.status_code == 201, registered.text
    return App(server, registered.json()["client_id"], "", server.user(password=PASSWORD),
               redirect_uri=registered.json()["redirect_uris"][0])


def approve(app: App, **params: str) -> httpx.URL:
    """Sign in and approve; the URL the browser is sent back to."""
    query = app.params(**params)
    signed_in = app.sign_in("/oauth2/authorize", query)
    assert signed_in.status_code == 303, signed_in.text
    approved = app.decide("/oauth2/authorize", query, "approve")
    assert approved.status_code == 302, approved.text
    return httpx.URL(approved.headers["location"])


def exchange(app: App, code: str, **extra: str) -> httpx.Response:
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri,
            "client_id": app.client_id, "code_verifier": VERIFIER, **extra}
    return app.server.client.post("/oauth2/token", data=body)


# ------------------------------------------------------------------ registration


def test_registration_of_a_public_native_client(server):
    response = register(server, token_endpoint_auth_method="none", application_type="native",
                        grant_types=["authorization_code", "refresh_token"], client_uri="https://assistant.example")
    assert response.status_code == 201 and response.headers["cache-control"] == "no-store"
    client = response.json()
    assert client["client_id"] and "client_secret" not in client
    assert client["token_endpoint_auth_method"] == "none" and client["application_type"] == "native"
    assert client["redirect_uris"] == [LOOPBACK] and client["client_uri"] == "https://assistant.example"
    assert isinstance(client["client_id_issued_at"], int)


def test_registration_of_a_confidential_client_returns_its_secret_once(server):
    client = register(server, redirect_uris=["https://app.example/cb"]).json()
    assert client["token_endpoint_auth_method"] == "client_secret_basic"  # RFC 7591's default
    assert client["client_secret"] and client["client_secret_expires_at"] == 0
    app = App(server, client["client_id"], client["client_secret"], server.user(password=PASSWORD),
              redirect_uri="https://app.example/cb")
    assert app.exchange(app.code(scope="user.profile")).status_code == 200


@pytest.mark.parametrize("metadata, error", [
    ({"redirect_uris": []}, "invalid_redirect_uri"),
    ({"redirect_uris": ["http://app.example/cb"]}, "invalid_redirect_uri"),  # plain http off loopback
    ({"redirect_uris": ["https://app.example/cb#frag"]}, "invalid_redirect_uri"),
    ({"redirect_uris": ["com.example.app:/cb"]}, "invalid_redirect_uri"),  # private schemes: native apps only
    ({"token_endpoint_auth_method": "private_key_jwt"}, "invalid_client_metadata"),
    ({"grant_types": ["client_credentials"]}, "invalid_client_metadata"),
    ({"response_types": ["token"]}, "invalid_client_metadata"),
    ({"scope": "user.profile no.such.scope"}, "invalid_client_metadata"),
    ({"client_name": ""}, "invalid_client_metadata"),
])
def test_bad_client_metadata_is_refused(server, metadata, error):
    response = register(server, **metadata)
    assert response.status_code == 400
    assert response.json()["error"] == error and response.json()["error_description"]


def test_a_native_client_may_register_a_private_use_scheme(server):
    response = register(server, application_type="native", redirect_uris=["com.example.assistant:/oauth"])
    assert response.status_code == 201


def test_a_body_that_is_not_json_metadata_is_refused(server):
    response = server.client.post("/oauth2/register", content=b"[1,2]", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"] == "invalid_client_metadata"


# ------------------------------------------------------------------ public clients, PKCE, loopback, iss


def test_public_client_code_flow_with_pkce_on_any_loopback_port(server):
    app = public_app(server)
    app.redirect_uri = "http://127.0.0.1:53682/callback"  # registered without a port (RFC 8252 7.3)
    back = approve(app, scope="lucidchart.document.content offline_access", **PKCE)
    assert back.host == "127.0.0.1" and back.port == 53682
    assert back.params["iss"] == server.base_url  # RFC 9207
    token = exchange(app, back.params["code"])
    assert token.status_code == 200, token.text
    refreshed = server.client.post("/oauth2/token", data={
        "grant_type": "refresh_token", "refresh_token": token.json()["refresh_token"], "client_id": app.client_id})
    assert refreshed.status_code == 200 and refreshed.json()["refresh_token"] != token.json()["refresh_token"]


def test_public_clients_must_use_pkce_s256(server):
    app = public_app(server)
    missing = app.browser.get("/oauth2/authorize", params=app.params(), follow_redirects=False)
    assert missing.status_code == 302
    assert httpx.URL(missing.headers["location"]).params["error"] == "invalid_request"
    plain = app.browser.get("/oauth2/authorize", params=app.params(code_challenge="p" * 43,
                                                                    code_challenge_method="plain"))
    assert httpx.URL(plain.headers["location"]).params["error"] == "invalid_request"


def test_public_client_sending_a_secret_or_no_verifier_is_refused(server):
    app = public_app(server)
    code = approve(app, scope="user.profile", **PKCE).params["code"]
    assert exchange(app, code, client_secret="guessed").status_code == 403
    code = approve(app, scope="user.profile", **PKCE).params["code"]
    no_verifier = exchange(app, code, code_verifier="")
    assert no_verifier.status_code == 400 and no_verifier.json()["error"] == "invalid_grant"


def test_any_port_is_for_native_loopback_clients_only(server):
    web = register(server, redirect_uris=["http://127.0.0.1/callback"]).json()  # application_type web
    app = App(server, web["client_id"], web["client_secret"], server.user(password=PASSWORD),
              redirect_uri="http://127.0.0.1:8123/callback")
    assert app.browser.get("/oauth2/authorize", params=app.params()).status_code == 400  # an error page
    native = public_app(server)
    native.redirect_uri = "http://127.0.0.1:8123/other-path"
    assert native.browser.get("/oauth2/authorize", params=native.params(**PKCE)).status_code == 400


def test_errors_sent_back_to_the_client_carry_iss(server):
    app = public_app(server)
    denied = app.browser.get("/oauth2/authorize", params=app.params(scope="no.such.scope", **PKCE))
    params = httpx.URL(denied.headers["location"]).params
    assert params["error"] == "invalid_scope" and params["iss"] == server.base_url


def test_the_consent_page_says_a_self_registered_client_is_unverified(server):
    app = public_app(server)
    query = app.params(scope="user.profile", **PKCE)
    signed_in = app.sign_in("/oauth2/authorize", query)
    page = app.browser.get(signed_in.headers["location"]).text
    assert 'id="unverified"' in page and "registered itself" in page
    assert "127.0.0.1" in page and "a program on this computer" in page


# ------------------------------------------------------------------ resources (RFC 8707)


def test_a_token_bound_to_the_mcp_resource_works_there_only(server):
    app = public_app(server)
    resource = f"{server.base_url}/mcp"
    code = approve(app, scope="lucidchart.document.content offline_access", resource=resource, **PKCE).params["code"]
    token = exchange(app, code, resource=resource)
    assert token.status_code == 200, token.text
    access = token.json()["access_token"]
    api = server.client.get("/folders/root/contents", headers={"Authorization": f"Bearer {access}",
                                                               "Lucid-Api-Version": "1"})
    assert api.status_code == 401
    mcp = server.client.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={
        "Authorization": f"Bearer {access}", "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2025-06-18"})
    assert mcp.status_code == 200
    refreshed = server.client.post("/oauth2/token", data={
        "grant_type": "refresh_token", "refresh_token": token.json()["refresh_token"], "client_id": app.client_id})
    assert server.client.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={
        "Authorization": f"Bearer {refreshed.json()['access_token']}", "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2025-06-18"}).status_code == 200  # refreshed tokens keep the resource


def test_an_unknown_resource_is_invalid_target(server):
    app = public_app(server)
    back = app.browser.get("/oauth2/authorize", params=app.params(resource="https://elsewhere.example/mcp", **PKCE))
    assert httpx.URL(back.headers["location"]).params["error"] == "invalid_target"


def test_the_token_request_cannot_change_the_resource(server):
    app = public_app(server)
    code = approve(app, scope="user.profile", **PKCE).params["code"]  # for Lucid's APIs
    changed = exchange(app, code, resource=f"{server.base_url}/mcp")
    assert changed.status_code == 400 and changed.json()["error"] == "invalid_target"


def test_consent_names_the_resource(server):
    app = public_app(server)
    query = app.params(scope="user.profile", resource=f"{server.base_url}/mcp", **PKCE)
    page = app.browser.get(app.sign_in("/oauth2/authorize", query).headers["location"])
    assert f"{server.base_url}/mcp" in page.text
    assert csrf(page)
