"""RFC 8414 metadata at /.well-known/oauth-authorization-server."""

import pytest
from openapi_spec_validator import validate

from pellucid.server.auth import scopes

pytestmark = pytest.mark.wire


def test_metadata_describes_this_server(server):
    response = server.client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    meta = response.json()
    base = server.base_url
    assert meta["issuer"] == base
    assert meta["authorization_endpoint"] == f"{base}/oauth2/authorize"
    assert meta["token_endpoint"] == f"{base}/oauth2/token"
    assert meta["introspection_endpoint"] == f"{base}/oauth2/token/introspect"
    assert meta["revocation_endpoint"] == f"{base}/oauth2/token/revoke"
    assert meta["response_types_supported"] == ["code"]
    assert meta["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert meta["code_challenge_methods_supported"] == ["S256", "plain"]
    assert meta["token_endpoint_auth_methods_supported"] == ["client_secret_post", "client_secret_basic", "none"]
    assert meta["registration_endpoint"] == f"{base}/oauth2/register"
    assert meta["client_id_metadata_document_supported"] is True
    assert meta["authorization_response_iss_parameter_supported"] is True
    assert set(meta["scopes_supported"]) == set(scopes.DESCRIPTIONS)
    assert "document.content" not in meta["scopes_supported"]  # deprecated names are not advertised


def test_openapi_lists_the_oauth_endpoints(server):
    document = server.client.get("/openapi.json").json()
    validate(document)
    paths = document["paths"]
    for path in ("/oauth2/token", "/oauth2/token/introspect", "/oauth2/token/revoke", "/oauth2/authorize",
                 "/oauth2/authorizeUser", "/oauth2/authorizeAccount", "/oauth2/register",
                 "/.well-known/oauth-authorization-server"):
        assert path in paths
