"""An HTTP request as oauthlib reads it: (uri, method, body, headers).

The URI is rebuilt on the server's public URL (`--public-url`), the origin clients are told to
use and sign against, with the path and query exactly as they were sent. Bodies take part in
signatures only when form-encoded (RFC 5849 §3.4.1.3.1).
"""

from __future__ import annotations

from ..http.request import Request

FORM = "application/x-www-form-urlencoded"


def oauthlib_parts(request: Request) -> tuple[str, str, str | None, dict[str, str]]:
    """The URI, method, form body and headers as oauthlib verifies the signature over them."""
    raw_path = request.scope.get("raw_path") or request.path.encode()
    uri = request.ctx.base_url + raw_path.decode("latin-1")
    if request.query_string:
        uri += "?" + request.query_string
    headers = dict(request.headers)
    body = None
    if headers.get("content-type", "").startswith(FORM):
        body = request.body.decode("utf-8", "replace")
    return uri, request.method, body, headers


def is_signed(request: Request) -> bool:
    """Whether the request carries OAuth 1.0 protocol parameters (header, query or form body)."""
    scheme = (request.header("authorization") or "").partition(" ")[0]
    if scheme.lower() == "oauth":
        return True
    if "oauth_signature=" in request.query_string:
        return True
    return (request.header("content-type") or "").startswith(FORM) and b"oauth_signature=" in request.body
