"""Resource indicators (RFC 8707): a client names the protected resource it wants a token for.

Tokens without a resource are for Lucid's APIs (REST and Data Service), as every Lucid client
expects; a token bound to a resource (the MCP endpoint) works there and nowhere else. The
resources a server protects are registered on its context by the parts that serve them.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from .errors import OAuthError


def canonical(uri: str) -> str:
    """Scheme and host lowercased, no trailing slash: the form resource URIs are compared in."""
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


def resolve(value: str | None, known: set[str]) -> str | None:
    """The canonical resource a request names (None for Lucid's APIs), or OAuthError
    `invalid_target` (RFC 8707 2) for a resource this server does not protect."""
    if value is None:
        return None
    parts = urlsplit(value)
    if not parts.scheme or not parts.netloc or parts.fragment:
        raise OAuthError("invalid_target", "resource must be an absolute URI without a fragment")
    resource = canonical(value)
    if resource not in known:
        listed = ", ".join(sorted(known)) or "none"
        raise OAuthError("invalid_target", f"{value} is not a resource of this server (resources: {listed})")
    return resource
