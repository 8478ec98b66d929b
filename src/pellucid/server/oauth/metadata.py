"""RFC 8414 authorization server metadata, which Lucid's current service publishes too."""

from __future__ import annotations

from ..auth import scopes
from ..auth.policies import PUBLIC
from ..http.request import Request
from ..http.routing import RouteTable
from . import pkce

routes = RouteTable(PUBLIC, tags=("OAuth 2.0",))

# "none": public clients (native apps, MCP clients), which prove themselves by PKCE.
CLIENT_AUTH_METHODS = ["client_secret_post", "client_secret_basic", "none"]


@routes.get("/.well-known/oauth-authorization-server", summary="OAuth 2.0 authorization server metadata (RFC 8414)")
def authorization_server_metadata(request: Request) -> dict:
    """RFC 8414 metadata, so clients can discover the endpoints and scopes."""
    base = request.ctx.base_url
    return {
        "issuer": base,
        "authorization_endpoint": f"{base}/oauth2/authorize",
        "token_endpoint": f"{base}/oauth2/token",
        "introspection_endpoint": f"{base}/oauth2/token/introspect",
        "revocation_endpoint": f"{base}/oauth2/token/revoke",
        "scopes_supported": sorted(scopes.DESCRIPTIONS),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": list(pkce.METHODS),
        "token_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "introspection_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "revocation_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "registration_endpoint": f"{base}/oauth2/register",  # RFC 7591
        "client_id_metadata_document_supported": True,  # a client_id may be its metadata document's URL
        "authorization_response_iss_parameter_supported": True,  # RFC 9207
    }
