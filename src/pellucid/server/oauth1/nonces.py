"""Where the nonces of signed requests are remembered for the timestamp window: the database, or
Redis with `--redis-url`, so that every server process refuses a replay the others accepted."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Protocol

import redis
from sqlalchemy.engine import Connection

from ..store import oauth1 as store


class Nonces(Protocol):
    #: Whether `first_use` writes through the request's database transaction.
    in_database: bool

    def first_use(self, conn: Connection, key: bytes, expires: int) -> bool:
        """Remember `key` until `expires` (epoch seconds); False when it was already there."""


class DatabaseNonces:
    in_database = True

    def first_use(self, conn: Connection, key: bytes, expires: int) -> bool:
        return store.first_use_of_nonce(conn, key, expires * 1000)


class RedisNonces:
    in_database = False

    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(url)

    def first_use(self, conn: Connection, key: bytes, expires: int) -> bool:
        ttl = max(1, expires - int(time.time()) + 1)
        return bool(self.redis.set(b"pellucid:oauth1-nonce:" + key, b"1", nx=True, ex=ttl))


_DATABASE = DatabaseNonces()


@lru_cache(maxsize=8)
def _redis(url: str) -> RedisNonces:
    return RedisNonces(url)


def for_settings(redis_url: str | None) -> Nonces:
    return _redis(redis_url) if redis_url else _DATABASE
