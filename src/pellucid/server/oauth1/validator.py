"""oauthlib's `RequestValidator` over pellucid's store: where consumers, tokens, verifiers and
nonces come from. oauthlib does every signature and protocol check; this class only answers
its questions, and notes why it said no, so that refusals can say what went wrong.

One validator serves one HTTP request: inside its transaction (`conn`) on the token endpoints and
the authorization page; by single statements for signed Data Service requests, which only read
(and record a nonce). oauthlib keeps going
after a failed check (with dummy credentials, to take the same time), so the first reason
noted is the one reported.
"""

from __future__ import annotations

import hashlib
import secrets as random_secrets
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oauthlib.oauth1 import RequestValidator
from oauthlib.oauth1.rfc5849 import (
    SIGNATURE_HMAC_SHA1,
    SIGNATURE_HMAC_SHA256,
    SIGNATURE_PLAINTEXT,
    SIGNATURE_RSA_SHA1,
)
from oauthlib.oauth1.rfc5849.errors import InvalidRequestError, OAuth1Error
from sqlalchemy.engine import Connection, Row

from ..store import oauth1 as store
from ..store.credentials import digest
from ..store.db import Store, now_ms
from ..store.fast import Query
from .nonces import Nonces

SIGNATURE_METHODS = (SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_RSA_SHA1, SIGNATURE_PLAINTEXT)

# Seconds a request's oauth_timestamp may differ from the server's clock, either way.
TIMESTAMP_WINDOW = 300

# Request tokens (temporary credentials) live 10 minutes: time to sign in and approve.
REQUEST_TOKEN_TTL_MS = 10 * 60 * 1000

_DUMMY = "pellucid-dummy-credential"


class Refusal:
    """Why a signed request was refused: the messages of 401 answers (RFC 5849 §3.2)."""

    UNKNOWN_CONSUMER = "Unknown OAuth consumer key"
    BAD_TOKEN = "The oauth_token is invalid, expired or revoked"
    BAD_VERIFIER = "The oauth_verifier does not match the request token"
    REPLAYED_NONCE = "The oauth_nonce was already used with this timestamp: sign each request with a new nonce"
    BAD_SIGNATURE = "Invalid OAuth signature: check the consumer and token secrets and the signature base string"
    NO_RSA_KEY = "The consumer has no RSA public key registered, so RSA-SHA1 signatures cannot be checked"


@cache
def _dummy_rsa_public_key() -> str:
    """Checked against when the consumer has no key, so that the request takes the usual path."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


@lru_cache(maxsize=4096)
def _decrypt(box: Fernet, blob: bytes) -> str:
    return box.decrypt(blob).decode()


def decrypted(box: Fernet, blob: bytes) -> str:
    """Secrets by their ciphertext: one Fernet decryption per secret and process, not per request
    (a revoked token's row is gone, so its cached secret is never reached again)."""
    return _decrypt(box, bytes(blob))


def nonce_key(client_key: str, token: str, timestamp: str, nonce: str) -> bytes:
    """What a nonce is remembered by: it is unique per consumer, token and timestamp (RFC 5849 §3.3)."""
    return hashlib.sha256("\0".join((client_key, token, timestamp, nonce)).encode()).digest()


@dataclass(frozen=True, slots=True)
class _Consumer:
    """What a resource request needs of its consumer, as the access token's lookup returns it."""

    id: int
    secret: bytes
    rsa_public_key: str | None


def well_formed(value: Any) -> bool:
    """Any short printable credential: unknown ones must reach the lookups to be told apart."""
    return isinstance(value, str) and 0 < len(value) <= 255 and value.isprintable() and " " not in value


class StoreValidator(RequestValidator):
    def __init__(self, store_: Store, box: Fernet, nonces: Nonces, conn: Connection | None = None, *,
                 user_id: int | None = None) -> None:
        super().__init__()
        self.store = store_
        self.conn = conn
        self.box = box
        self.nonces = nonces
        self.user_id = user_id  # the signed-in user, on the authorization page
        self.refusal: str | None = None  # the first check that failed, in Refusal's words
        self.protocol_error: OAuth1Error | None = None  # a malformed request, noted by the endpoint
        self._consumers: dict[str, Row | None] = {}
        self._access: dict[str, Row | None] = {}
        self._requests: dict[str, Row | None] = {}

    def refuse(self, reason: str) -> bool:
        """Note the first reason a check failed; False, the validator's answer."""
        if self.refusal is None:
            self.refusal = reason
        return False

    # ------------------------------------------------------------------ policy

    allowed_signature_methods = SIGNATURE_METHODS
    enforce_ssl = False  # the operator's proxy terminates TLS; http on 127.0.0.1 in development
    timestamp_lifetime = TIMESTAMP_WINDOW
    realms: list[str] = []
    dummy_client = _DUMMY
    dummy_request_token = _DUMMY
    dummy_access_token = _DUMMY

    check_client_key = check_request_token = check_access_token = check_verifier = staticmethod(well_formed)
    check_nonce = staticmethod(well_formed)

    def check_realms(self, realms: list[str]) -> bool:
        """Any realm is accepted: realms carry nothing here."""
        return True  # realms carry nothing here; every token reaches its user's data

    # ------------------------------------------------------------------ lookups (memoised per request)

    def consumer(self, key: str, request: Any = None) -> Row | None:
        """The consumer's row; on a signed resource request, the access token's lookup has it."""
        if key not in self._consumers:
            token = getattr(request, "resource_owner_key", None)
            signed_by = self.access_token(token) if token and self.conn is None else None
            if signed_by is not None and signed_by.consumer_key == key:
                self._consumers[key] = _Consumer(signed_by.consumer_id, signed_by.consumer_secret,
                                                 signed_by.rsa_public_key)
            else:
                self._consumers[key] = self._first(store.CONSUMER, key=key) if key != _DUMMY else None
        return self._consumers[key]

    def access_token(self, token: str) -> Row | None:
        """The access token's row with its consumer, memoised for the request; None if unknown."""
        if token not in self._access:
            row = self._first(store.SIGNED_BY, token_hash=digest(token)) if token != _DUMMY else None
            self._access[token] = row
        return self._access[token]

    def request_token(self, token: str) -> Row | None:
        """The live request token's row, memoised for the request; None if unknown or expired."""
        if token not in self._requests:
            row = self._first(store.REQUEST_TOKEN, token_hash=digest(token), now=now_ms()) if token != _DUMMY else None
            self._requests[token] = row
        return self._requests[token]

    def _first(self, query: Query, **params: Any) -> Row | None:
        return query.first(self.conn, **params) if self.conn is not None else self.store.first(query, **params)

    def _plain(self, blob: bytes) -> str:
        return decrypted(self.box, blob)

    # ------------------------------------------------------------------ secrets and keys

    def get_client_secret(self, client_key: str, request: Any) -> str:
        """The consumer secret; a dummy for unknown consumers so timing does not tell."""
        consumer = self.consumer(client_key, request)
        return self._plain(consumer.secret) if consumer is not None else _DUMMY

    def get_request_token_secret(self, client_key: str, token: str, request: Any) -> str:
        """The request token secret; a dummy for unknown tokens so timing does not tell."""
        row = self.request_token(token)
        return self._plain(row.secret) if row is not None else _DUMMY

    def get_access_token_secret(self, client_key: str, token: str, request: Any) -> str:
        """The access token secret; a dummy for unknown tokens so timing does not tell."""
        row = self.access_token(token)
        return self._plain(row.token_secret) if row is not None else _DUMMY

    def get_rsa_key(self, client_key: str, request: Any) -> str:
        """The consumer's RSA public key; a consumer without one is refused for RSA-SHA1."""
        consumer = self.consumer(client_key, request)
        if consumer is not None and consumer.rsa_public_key:
            return consumer.rsa_public_key
        if consumer is not None:
            self.refuse(Refusal.NO_RSA_KEY)
        return _dummy_rsa_public_key()

    # ------------------------------------------------------------------ checks

    def validate_timestamp_and_nonce(self, client_key: str, timestamp: str, nonce: str, request: Any,
                                     request_token: str | None = None, access_token: str | None = None) -> bool:
        """Whether the nonce is new for this consumer, token and timestamp; replays are refused."""
        # oauthlib has checked the window.
        key = nonce_key(client_key, request_token or access_token or "", timestamp, nonce)
        if self.nonces.first_use(self.store, self.conn, key, int(timestamp) + TIMESTAMP_WINDOW):
            return True
        return self.refuse(Refusal.REPLAYED_NONCE)

    def validate_client_key(self, client_key: str, request: Any) -> bool:
        """Whether the consumer key is registered."""
        return self.consumer(client_key, request) is not None or self.refuse(Refusal.UNKNOWN_CONSUMER)

    def validate_access_token(self, client_key: str, token: str, request: Any) -> bool:
        """Whether the access token is live and the consumer's; another's reads as unknown."""
        row = self.access_token(token)
        # Another consumer's token is refused exactly like an unknown one: nothing leaks.
        return (row is not None and row.consumer_key == client_key) or self.refuse(Refusal.BAD_TOKEN)

    def validate_request_token(self, client_key: str, token: str, request: Any) -> bool:
        """Whether the request token is live and the consumer's; another's reads as unknown."""
        row = self.request_token(token)
        return (row is not None and row.consumer_key == client_key) or self.refuse(Refusal.BAD_TOKEN)

    def validate_verifier(self, client_key: str, token: str, verifier: str, request: Any) -> bool:
        """Whether the verifier is the one issued for the token, compared in constant time."""
        row = self.request_token(token)
        if row is None or row.verifier_hash is None:
            return self.refuse(Refusal.BAD_VERIFIER)
        return random_secrets.compare_digest(bytes(row.verifier_hash), digest(verifier)) \
            or self.refuse(Refusal.BAD_VERIFIER)

    def validate_redirect_uri(self, client_key: str, redirect_uri: str, request: Any) -> bool:
        """Whether the callback is one the consumer registered; `oob` is refused with a reason."""
        if redirect_uri == "oob":
            raise InvalidRequestError(description=(
                "Out-of-band authorization (oauth_callback=oob) is not supported: give the callback URL "
                "the user is sent back to"))
        consumer = self.consumer(client_key)
        if consumer is None:
            return False  # reported as the unknown consumer
        if not callback_allowed(redirect_uri, store.callback_uris(consumer)):
            raise InvalidRequestError(description=(
                f"oauth_callback {redirect_uri} is not registered for this consumer: register it with "
                "`pellucid admin create-consumer --callback-uri`"))
        return True

    def validate_requested_realms(self, client_key: str, realms: list[str], request: Any) -> bool:
        """Any realm is accepted: tokens carry no realm."""
        return True

    def validate_realms(self, client_key: str, token: str, request: Any, uri: str | None = None,
                        realms: list[str] | None = None) -> bool:
        """Any realm is accepted: tokens carry no realm."""
        return True

    def get_default_realms(self, client_key: str, request: Any) -> list[str]:
        """No realms: tokens carry none."""
        return []

    def get_realms(self, token: str, request: Any) -> list[str]:
        """No realms: tokens carry none."""
        return []

    def verify_realms(self, token: str, realms: list[str], request: Any) -> bool:
        """Any realm is accepted: tokens carry no realm."""
        return True

    def verify_request_token(self, token: str, request: Any) -> bool:
        """The authorization page: a live request token nobody has authorized yet."""
        row = self.request_token(token)
        return row is not None and row.user_id is None

    def get_redirect_uri(self, token: str, request: Any) -> str:
        """The callback the request token was issued with."""
        return self.request_token(token).callback

    # ------------------------------------------------------------------ writes

    def save_request_token(self, token: dict, request: Any) -> None:
        """Store a new request token (its secret encrypted) with a short expiry."""
        consumer = self.consumer(request.client_key)
        store.create_request_token(
            self.conn, consumer_id=consumer.id, token=token["oauth_token"],
            secret=self.box.encrypt(token["oauth_token_secret"].encode()), callback=request.redirect_uri,
            expires=now_ms() + REQUEST_TOKEN_TTL_MS,
        )

    def save_verifier(self, token: str, verifier: dict, request: Any) -> None:
        """Record the user's verifier; a token expired or already authorized is refused."""
        if not store.authorize_request_token(self.conn, token, self.user_id, verifier["oauth_verifier"]):
            raise InvalidRequestError(description="The request token expired or was already authorized")

    def save_access_token(self, token: dict, request: Any) -> None:
        """Exchange the request token for an access token in one step; it is spent only once."""
        spent = self.request_token(request.resource_owner_key)
        if not store.delete_request_token(self.conn, request.resource_owner_key):
            raise InvalidRequestError(description="The request token was already exchanged")
        store.create_access_token(
            self.conn, consumer_id=spent.consumer_id, user_id=spent.user_id, token=token["oauth_token"],
            secret=self.box.encrypt(token["oauth_token_secret"].encode()),
        )

    def invalidate_request_token(self, client_key: str, request_token: str, request: Any) -> None:
        """Nothing to do: `save_access_token` spent the token in the same transaction."""
        pass  # save_access_token spent it, in the same transaction


def callback_allowed(callback: str, registered: list[str]) -> bool:
    """A registered callback URI, to which the client may add query parameters (OAuth 1.0 has no
    `state`: clients carry theirs in the callback's query)."""
    wanted = urlsplit(callback)
    for uri in registered:
        known = urlsplit(uri)
        if (wanted.scheme, wanted.netloc, wanted.path) == (known.scheme, known.netloc, known.path) and \
                (not known.query or wanted.query == known.query or wanted.query.startswith(known.query + "&")):
            return True
    return False
