"""Where the nonces of signed requests are remembered for the timestamp window: the database, or
Redis with `--redis-url`, so that every server process refuses a replay the others accepted."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Protocol

import redis
from sqlalchemy.engine import Connection

from ..store import oauth1
from ..store.db import Store


class Nonces(Protocol):
    def first_use(self, store: Store, conn: Connection | None, key: bytes, expires: int) -> bool:
        """Remember `key` until `expires` (epoch seconds); False when it was already there.
        `conn`: the request's transaction, if it has one."""


class DatabaseNonces:
    def first_use(self, store: Store, conn: Connection | None, key: bytes, expires: int) -> bool:
        """Whether the nonce is new, recorded in the database until it expires."""
        return oauth1.first_use_of_nonce(store, conn, key, expires * 1000)


class RedisNonces:
    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(url)

    def first_use(self, store: Store, conn: Connection | None, key: bytes, expires: int) -> bool:
        """Whether the nonce is new, by `SET NX` with a TTL just past the timestamp window."""
        ttl = max(1, expires - int(time.time()) + 1)
        return bool(self.redis.set(b"pellucid:oauth1-nonce:" + key, b"1", nx=True, ex=ttl))


_DATABASE = DatabaseNonces()


@lru_cache(maxsize=8)
def _redis(url: str) -> RedisNonces:
    return RedisNonces(url)


def for_settings(redis_url: str | None) -> Nonces:
    """Nonces kept in Redis when one is configured, else in the database."""
    return _redis(redis_url) if redis_url else _DATABASE
