"""The OAuth 2.0 authorization server of seed 002: consent pages, token endpoints, metadata."""

from . import authorize, metadata, token

ROUTE_TABLES = [authorize.routes, token.routes, metadata.routes]
