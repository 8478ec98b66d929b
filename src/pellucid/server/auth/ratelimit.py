"""Request rate limits per token principal, in memory or shared through Redis."""

from __future__ import annotations

import math
import time
from functools import lru_cache

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import SlidingWindowCounterRateLimiter

from ..http.errors import too_many_requests


@lru_cache(maxsize=64)
def _item(count: int, seconds: int, namespace: str) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(count, seconds, namespace=namespace)


class RateLimiter:
    """`check()` counts one request and raises 429 with Retry-After once a window is full."""

    def __init__(self, enabled: bool = True, redis_url: str | None = None) -> None:
        self.enabled = enabled
        storage = RedisStorage(redis_url) if redis_url else MemoryStorage()
        self._limiter = SlidingWindowCounterRateLimiter(storage)

    def check(self, key: str, count: int, seconds: int, namespace: str = "api") -> None:
        if not self.enabled:
            return
        item = _item(count, seconds, namespace)
        if not self._limiter.hit(item, key):
            reset_time, _ = self._limiter.get_window_stats(item, key)
            raise too_many_requests(max(1, math.ceil(reset_time - time.time())))
