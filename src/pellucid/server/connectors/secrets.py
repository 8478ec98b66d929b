"""The server's own connector secrets, made at first use and kept in the store.

* The RSA key that signs action requests: connectors cache the public key for as long as they
  run (the official SDK never fetches it again), so it must survive restarts.
* The key that encrypts users' third-party credentials at rest (Fernet: AES-128-CBC + HMAC),
  and the OAuth 1.0 consumer and token secrets, which HMAC signatures need in plain.
  It lives in `server_state`, apart from the credentials table, so an export or log of that
  table alone reveals nothing; whoever holds the whole database holds both, which is why
  update tokens, which need no decrypting, are stored as hashes instead.
"""

from __future__ import annotations

import weakref
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pellucid.protocol.signature import (
    ActionRequestSigner,
    generate_private_key,
    load_private_key,
    public_key_pem,
)

from ..auth.policies import PUBLIC
from ..http.request import Request
from ..http.responses import Response
from ..http.routing import OpenApi, RouteTable
from ..store import server_state
from ..store.db import Store

SIGNING_KEY = "connector-signing-key"
CREDENTIAL_KEY = "connector-credential-key"


def _new_private_pem() -> str:
    key = generate_private_key(2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption(),
    ).decode()


@lru_cache(maxsize=8)
def _private_key(store_url: str, pem: str) -> rsa.RSAPrivateKey:
    return load_private_key(pem)


def signing_key(store: Store) -> rsa.RSAPrivateKey:
    """The server's action-signing key, created on first use and kept in server state."""
    pem = server_state.get_or_create(store, SIGNING_KEY, _new_private_pem)
    return _private_key(store.url, pem)


def signer(store: Store) -> ActionRequestSigner:
    """The signer for requests to connectors, with the server's key."""
    return ActionRequestSigner(signing_key(store))


def public_pem(store: Store) -> str:
    """The public half of the signing key, for connectors to verify requests with."""
    return public_key_pem(signing_key(store))


_fernets: weakref.WeakKeyDictionary[Store, Fernet] = weakref.WeakKeyDictionary()


def fernet(store: Store) -> Fernet:
    """The credential key's cipher, read once per store (OAuth 1.0 signatures decrypt on every request)."""
    box = _fernets.get(store)
    if box is None:
        box = _fernets[store] = Fernet(
            server_state.get_or_create(store, CREDENTIAL_KEY, lambda: Fernet.generate_key().decode()))
    return box


routes = RouteTable(PUBLIC, tags=("Data connectors",))


@routes.get("/.well-known/pem/TPCP", summary="Public key of the action request signatures (PEM, SPKI)",
            openapi=OpenApi(response={"type": "string"}, response_media="application/x-pem-file"))
def public_key(request: Request) -> Response:
    """Connectors fetch it once and keep it; the key pair is made at first start and kept."""
    return Response(200, public_pem(request.ctx.store).encode(), "application/x-pem-file")
