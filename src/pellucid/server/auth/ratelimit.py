"""Request rate limits per token principal: in process memory, or shared through Redis.

Both count with a sliding window counter: the previous fixed window's hits weigh in
proportion to how much of it the sliding window still covers. Redis goes through the `limits`
library (atomic Lua scripts shared by every server process). In memory, the same arithmetic
is a dict lookup: `limits`' MemoryStorage measured ~17 µs a request under load (it keeps a
background expiry thread), a third of a simple authorised GET.
"""

from __future__ import annotations

import math
import threading
import time
from functools import lru_cache
from typing import Callable

from limits import RateLimitItemPerSecond
from limits.storage import RedisStorage
from limits.strategies import SlidingWindowCounterRateLimiter

from ..http.errors import too_many_requests


class _MemoryWindows:
    """Sliding window counters of one process. Rejected requests are not counted."""

    PRUNE_EVERY = 10_000  # hits between sweeps of keys idle for two windows

    def __init__(self) -> None:
        self._windows: dict[tuple[str, int, str], list[int]] = {}  # -> [window index, previous, current]
        self._lock = threading.Lock()
        self._hits = 0

    def hit(self, key: str, count: int, seconds: int, namespace: str, now: float) -> float:
        """0 when admitted (and counted), else seconds until the window frees up."""
        index, into = divmod(now, seconds)
        index = int(index)
        with self._lock:
            self._hits += 1
            if self._hits % self.PRUNE_EVERY == 0:
                self._prune(now)
            window = self._windows.setdefault((namespace, seconds, key), [index, 0, 0])
            if window[0] != index:
                window[1] = window[2] if window[0] == index - 1 else 0
                window[2] = 0
                window[0] = index
            used = window[1] * (1 - into / seconds) + window[2]
            if used + 1 > count:
                return seconds - into
            window[2] += 1
            return 0.0

    def _prune(self, now: float) -> None:
        self._windows = {
            name: window for name, window in self._windows.items() if window[0] >= int(now // name[1]) - 1
        }


@lru_cache(maxsize=64)
def _item(count: int, seconds: int, namespace: str) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(count, seconds, namespace=namespace)


class RateLimiter:
    """`check()` counts one request and raises 429 with Retry-After once a window is full."""

    def __init__(self, enabled: bool = True, redis_url: str | None = None, redis_prefix: str = "pellucid") -> None:
        """`redis_prefix` keeps the counters of deployments that share one Redis apart."""
        self.enabled = enabled
        self.on_refusal: Callable[[str], None] | None = None  # told the namespace of each refusal (metrics)
        self._redis = (SlidingWindowCounterRateLimiter(RedisStorage(redis_url, key_prefix=redis_prefix))
                       if redis_url else None)
        self._memory = _MemoryWindows()

    def check(self, key: str, count: int, seconds: int, namespace: str = "api") -> None:
        """Count one request against `key` (`count` per `seconds`), or raise 429."""
        if not self.enabled:
            return
        if self._redis is None:
            wait = self._memory.hit(key, count, seconds, namespace, time.time())
        else:
            wait = self._redis_hit(key, count, seconds, namespace)
        if wait:
            if self.on_refusal is not None:
                self.on_refusal(namespace)
            raise too_many_requests(max(1, math.ceil(wait)))

    def _redis_hit(self, key: str, count: int, seconds: int, namespace: str) -> float:
        item = _item(count, seconds, namespace)
        if self._redis.hit(item, key):
            return 0.0
        reset_time, _ = self._redis.get_window_stats(item, key)
        return max(1.0, reset_time - time.time())
