"""Consumers and tokens of the OAuth 1.0a provider. Secrets arrive and leave encrypted (the
caller holds the key); tokens and verifiers are looked up by digest."""

from __future__ import annotations

import random
from dataclasses import dataclass

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Row

from . import tables as t
from .credentials import digest
from .db import Store, now_ms
from .fast import Query
from .tables import oauth1_access_tokens as access
from .tables import oauth1_consumers as consumers
from .tables import oauth1_nonces as nonces
from .tables import oauth1_request_tokens as requests

# ---------------------------------------------------------------- consumers

def create_consumer(conn: Connection, *, consumer_key: str, secret: bytes, name: str, callback_uris: list[str],
                    rsa_public_key: str | None) -> Row:
    """Register a consumer; the secret arrives sealed, never in the clear."""
    conn.execute(sa.insert(consumers).values(
        consumer_key=consumer_key, secret=secret, name=name, callback_uris=orjson.dumps(callback_uris).decode(),
        rsa_public_key=rsa_public_key, created=now_ms(),
    ))
    return get_consumer(conn, consumer_key)


CONSUMER = Query(sa.select(consumers).where(consumers.c.consumer_key == sa.bindparam("key")))


def get_consumer(conn: Connection, consumer_key: str) -> Row | None:
    """The consumer with this key, or None."""
    return CONSUMER.first(conn, key=consumer_key)


def callback_uris(consumer: Row) -> list[str]:
    """The callback URIs a consumer registered."""
    return orjson.loads(consumer.callback_uris)


# ---------------------------------------------------------------- request tokens (temporary credentials)

def create_request_token(conn: Connection, *, consumer_id: int, token: str, secret: bytes, callback: str,
                         expires: int) -> None:
    """Store a request token by its hash, sweeping expired ones first."""
    now = now_ms()
    conn.execute(sa.delete(requests).where(requests.c.expires < now))
    conn.execute(sa.insert(requests).values(
        token_hash=digest(token), consumer_id=consumer_id, secret=secret, callback=callback,
        created=now, expires=expires,
    ))


REQUEST_TOKEN = Query(
    sa.select(requests, consumers.c.consumer_key, consumers.c.name.label("consumer_name"))
    .select_from(requests.join(consumers, consumers.c.id == requests.c.consumer_id))
    .where(requests.c.token_hash == sa.bindparam("token_hash"), requests.c.expires > sa.bindparam("now"))
)


def live_request_token(conn: Connection, token: str) -> Row | None:
    """A request token that has not expired, with its consumer's key and name."""
    return REQUEST_TOKEN.first(conn, token_hash=digest(token), now=now_ms())


def authorize_request_token(conn: Connection, token: str, user_id: int, verifier: str) -> bool:
    """Record the user's consent; False when the token expired or was authorized already."""
    done = conn.execute(
        sa.update(requests)
        .where(requests.c.token_hash == digest(token), requests.c.user_id.is_(None), requests.c.expires > now_ms())
        .values(user_id=user_id, verifier_hash=digest(verifier))
    )
    return done.rowcount == 1


def delete_request_token(conn: Connection, token: str) -> bool:
    """Spend (or refuse) a request token; True when this call removed it, so it is used once."""
    return conn.execute(sa.delete(requests).where(requests.c.token_hash == digest(token))).rowcount == 1


# ---------------------------------------------------------------- access tokens (token credentials)

def create_access_token(conn: Connection, *, consumer_id: int, user_id: int, token: str, secret: bytes) -> int:
    """Store an access token by its hash and return its id."""
    return conn.execute(
        sa.insert(access).values(token_hash=digest(token), consumer_id=consumer_id, user_id=user_id,
                                 secret=secret, created=now_ms())
        .returning(access.c.id)
    ).scalar_one()


# The one lookup of a signed Data Service request: the token, its user's account, and the
# consumer's credentials (so that a request for a live token needs no second query).
SIGNED_BY = Query(
    sa.select(
        access.c.id, access.c.user_id, access.c.secret.label("token_secret"), t.users.c.account_id,
        consumers.c.id.label("consumer_id"), consumers.c.consumer_key, consumers.c.secret.label("consumer_secret"),
        consumers.c.rsa_public_key,
    )
    .select_from(access.join(consumers, consumers.c.id == access.c.consumer_id)
                 .join(t.users, t.users.c.id == access.c.user_id))
    .where(access.c.token_hash == sa.bindparam("token_hash"))
)


@dataclass(frozen=True, slots=True)
class AccessTokenInfo:
    """What a user (or the console) sees of one of their OAuth 1.0 authorizations."""

    id: int
    consumer_key: str
    consumer_name: str
    created: int


def user_tokens(conn: Connection, user_id: int) -> list[AccessTokenInfo]:
    """The user's live OAuth 1.0 access tokens, oldest first."""
    rows = conn.execute(
        sa.select(access.c.id, consumers.c.consumer_key, consumers.c.name, access.c.created)
        .select_from(access.join(consumers, consumers.c.id == access.c.consumer_id))
        .where(access.c.user_id == user_id).order_by(access.c.id)
    )
    return [AccessTokenInfo(row.id, row.consumer_key, row.name, row.created) for row in rows]


def revoke_user_token(conn: Connection, user_id: int, token_id: int) -> bool:
    """Revoke one of the user's tokens by its id; False when the user has no such token."""
    return conn.execute(
        sa.delete(access).where(access.c.id == token_id, access.c.user_id == user_id)).rowcount == 1


def revoke_token(conn: Connection, token: str) -> bool:
    """Revoke an access token given as its `oauth_token` string (the operator's way)."""
    return conn.execute(sa.delete(access).where(access.c.token_hash == digest(token))).rowcount == 1


# ---------------------------------------------------------------- nonces

PURGE_ONE_IN = 256  # nonces recorded between sweeps of expired ones, on average

# INSERT ... ON CONFLICT DO NOTHING RETURNING: a row back means the nonce is new. One compiled
# statement per dialect (each dialect spells the conflict clause its own way).
_NONCE = {
    name: Query(dialect.insert(nonces).values(nonce_hash=sa.bindparam("nonce_hash"), expires=sa.bindparam("expires"))
                .on_conflict_do_nothing().returning(nonces.c.expires))
    for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))
}


def first_use_of_nonce(store: Store, conn: Connection | None, nonce_hash: bytes, expires: int) -> bool:
    """Record a nonce (in `conn`'s transaction, or as a statement of its own); False for a replay."""
    insert = _NONCE[store.engine.dialect.name]
    if conn is None:
        added = store.write_first(insert, nonce_hash=nonce_hash, expires=expires) is not None
    else:
        added = insert.first(conn, nonce_hash=nonce_hash, expires=expires) is not None
    if random.randrange(PURGE_ONE_IN) == 0:
        purge = sa.delete(nonces).where(nonces.c.expires < now_ms())
        if conn is not None:
            conn.execute(purge)  # never a second writer beside the open transaction
        else:
            with store.write() as purging:
                purging.execute(purge)
    return added
