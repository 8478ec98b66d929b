"""Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, which the MCP
authorization spec prefers to dynamic registration): a `client_id` that is an HTTPS URL names a
JSON document describing the client. The authorization page fetches it, checks it, and keeps
the client (under that URL) until the document goes stale.

The fetch is bounded: https only, public addresses only (no SSRF into the server's network; the
host's addresses are checked just before the fetch, not pinned for it), no redirects, 5 seconds, 5 KB. `Settings.loopback_client_documents` also admits http(s) on
127.0.0.1 / localhost, for tests and development.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Any
from urllib.parse import urlsplit

import anyio.to_thread
import httpx
import orjson

from ..http.request import Request
from ..store import oauth_clients
from ..store.db import now_ms
from . import redirect_uris

MAX_BYTES = 5 * 1024  # the draft's suggested limit
TIMEOUT_SECONDS = 5.0
DEFAULT_TTL_MS, MIN_TTL_MS, MAX_TTL_MS = 3600_000, 60_000, 24 * 3600_000
_MAX_AGE = re.compile(r"max-age=(\d{1,12})(?!\d)", re.ASCII)  # longer: no usable max-age
_GRANT_TYPES = {"authorization_code", "refresh_token"}


class DocumentError(Exception):
    """The client's metadata document cannot be used; the message says why (shown on a page)."""


def host_of(uri: str) -> str | None:
    """The host a URI points at, for the consent page; None for a plain client id."""
    try:
        return urlsplit(uri).hostname
    except ValueError:
        return None


def is_document_url(client_id: str) -> bool:
    """Whether a client_id is a metadata document URL rather than a registered id."""
    return client_id.startswith(("https://", "http://"))


async def ensure_client(request: Request) -> None:
    """Fetch (or refresh) the client whose id is a metadata document URL, before the
    authorization request is read; clients with ordinary ids are left alone."""
    client_id = request.query.get("client_id")
    if not isinstance(client_id, str) or not is_document_url(client_id):
        return
    ctx = request.ctx
    current = await ctx.run(_cached, ctx.store, client_id)
    if current is not None:
        return
    spec = await fetch(client_id, loopback=ctx.settings.loopback_client_documents)
    await ctx.run(_save, ctx.store, client_id, spec)


def _cached(store, client_id: str):
    with store.read() as conn:
        client = oauth_clients.get_client(conn, client_id)
    if client is None:
        return None
    if client.registration != "document":  # an operator's client that happens to have a URL id
        return client
    return client if client.document_expires and client.document_expires > now_ms() else None


def _save(store, client_id: str, spec: oauth_clients.ClientSpec) -> None:
    with store.write() as conn:
        oauth_clients.refresh_document_client(conn, client_id, spec)


def _check_url(url: str, loopback: bool) -> tuple[str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise DocumentError(f"The client_id {url!r} is not a valid URL.") from None
    local = parts.hostname in redirect_uris.LOOPBACK_HOSTS
    if parts.scheme != "https" and not (loopback and local and parts.scheme == "http"):
        raise DocumentError("A client_id URL must use https.")
    if not parts.hostname or parts.username or parts.password or parts.fragment:
        raise DocumentError("A client_id URL needs a host, and no credentials or fragment.")
    if parts.path in ("", "/") or any(seg in (".", "..") for seg in parts.path.split("/")):
        raise DocumentError("A client_id URL needs a path (e.g. https://app.example/client.json), without . or .. segments.")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _check_addresses(host: str, port: int, loopback: bool) -> None:
    """Refuse hosts that resolve to private, loopback or link-local addresses (SSRF)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise DocumentError(f"The client's host {host} cannot be resolved.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address.is_global or (loopback and address.is_loopback):
            continue
        raise DocumentError(f"The client's host {host} is not on a public address.")


async def fetch(url: str, *, loopback: bool = False) -> oauth_clients.ClientSpec:
    """The client the document at `url` describes, or DocumentError."""
    host, port = _check_url(url, loopback)
    await anyio.to_thread.run_sync(_check_addresses, host, port, loopback)
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            async with client.stream("GET", url, headers={"Accept": "application/json"}) as response:
                if response.status_code != 200:
                    raise DocumentError(f"The client's metadata document answered HTTP {response.status_code}.")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise DocumentError(f"The client's metadata document is larger than {MAX_BYTES} bytes.")
                cache_control = response.headers.get("cache-control", "")
    except httpx.HTTPError as exc:
        raise DocumentError(f"The client's metadata document could not be fetched ({type(exc).__name__}).") from None
    try:
        document = orjson.loads(bytes(body))
    except orjson.JSONDecodeError:
        raise DocumentError("The client's metadata document is not JSON.") from None
    return spec_of(url, document, _ttl(cache_control))


def _ttl(cache_control: str) -> int:
    if "no-store" in cache_control or "no-cache" in cache_control:
        return MIN_TTL_MS
    match = _MAX_AGE.search(cache_control)
    if not match:
        return DEFAULT_TTL_MS
    return max(MIN_TTL_MS, min(MAX_TTL_MS, int(match.group(1)) * 1000))


def spec_of(url: str, document: Any, ttl_ms: int) -> oauth_clients.ClientSpec:
    """Check a fetched document as the draft and the MCP spec require."""
    if not isinstance(document, dict):
        raise DocumentError("The client's metadata document must be a JSON object.")
    if document.get("client_id") != url:
        raise DocumentError("The document's client_id must equal its URL exactly.")
    if "client_secret" in document or "client_secret_expires_at" in document:
        raise DocumentError("A metadata document must not carry a client secret.")
    method = document.get("token_endpoint_auth_method", oauth_clients.PUBLIC)
    if method != oauth_clients.PUBLIC:
        raise DocumentError("Metadata-document clients are public here: token_endpoint_auth_method must be none.")
    name = document.get("client_name")
    if not isinstance(name, str) or not name.strip():
        raise DocumentError("The document needs a client_name.")
    application_type = document.get("application_type", "web")  # OIDC registration's default
    if application_type not in ("native", "web"):
        raise DocumentError("application_type must be native or web.")
    uris = document.get("redirect_uris")
    if not isinstance(uris, list) or not uris or not all(isinstance(u, str) for u in uris):
        raise DocumentError("The document needs redirect_uris, a non-empty array of strings.")
    for uri in uris:
        problem = redirect_uris.problem(uri, application_type)
        if problem:
            raise DocumentError(f"Redirect URI {problem}")
    grant_types = document.get("grant_types", ["authorization_code"])
    if not isinstance(grant_types, list) or not set(grant_types) <= _GRANT_TYPES:
        raise DocumentError("grant_types may hold only authorization_code and refresh_token.")
    return oauth_clients.ClientSpec(
        name=name.strip()[:200], redirect_uris=uris, auth_method=oauth_clients.PUBLIC,
        application_type=application_type, registration="document",
        metadata={k: v for k, v in document.items() if isinstance(k, str)},
        document_expires=now_ms() + ttl_ms,
    )
