"""Which redirect URIs a client may register, and which a request may use (RFC 6749 3.1.2,
RFC 8252 for native apps, OAuth 2.1's "localhost or HTTPS").

Requests match a registered URI exactly, except that a native client's loopback URI matches
on any port: a desktop app or CLI listens on whatever port is free (RFC 8252 7.3).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
# A private-use scheme of a native app is a reverse domain name (RFC 8252 7.1): com.example.app
_PRIVATE_SCHEME = re.compile(r"[a-z][a-z0-9+\-]*(\.[a-z0-9+\-]+)+")


def _split(uri: str) -> SplitResult | None:
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return parts


def is_loopback(uri: str) -> bool:
    """Whether the URI is plain-http loopback, where any port is accepted (RFC 8252)."""
    parts = _split(uri)
    return parts is not None and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


def problem(uri: str, application_type: str) -> str | None:
    """Why `uri` cannot be registered, or None when it can."""
    parts = _split(uri)
    if parts is None or not parts.scheme:
        return f"{uri!r} is not an absolute URI"
    if parts.fragment or "#" in uri:
        return f"{uri!r} has a fragment, which redirect URIs may not have"
    if parts.scheme == "https":
        return None if parts.hostname else f"{uri!r} has no host"
    if parts.scheme == "http":
        if parts.hostname in LOOPBACK_HOSTS:
            return None
        return f"{uri!r}: plain http is allowed only for loopback hosts (127.0.0.1, [::1], localhost); use https"
    if application_type == "native" and _PRIVATE_SCHEME.fullmatch(parts.scheme):
        return None
    return (f"{uri!r}: the scheme must be https, http on a loopback host, or (native apps) a private-use "
            "scheme such as com.example.app")


def matches(registered: list[str], requested: str, *, native: bool) -> bool:
    """Whether a request's redirect URI is one of the registered ones."""
    if requested in registered:
        return True
    if not native or not is_loopback(requested):
        return False
    want = _split(requested)
    for uri in registered:
        have = _split(uri)
        if (have is not None and is_loopback(uri) and have.hostname == want.hostname
                and have.path == want.path and have.query == want.query):
            return True
    return False
