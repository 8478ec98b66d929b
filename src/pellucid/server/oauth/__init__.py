"""The OAuth 2.0 authorization server of seed 002: consent pages, token endpoints, metadata;
and what MCP clients need on top: dynamic registration, metadata-document clients, resources."""

from . import authorize, metadata, registration, token

ROUTE_TABLES = [authorize.routes, token.routes, registration.routes, metadata.routes]
